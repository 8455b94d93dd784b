"""The boosted trees that correct the logistic layer: learning, compiling, limits and persistence."""

from __future__ import annotations

import json
import math
import random
from pathlib import Path

import pytest

from reorder import ReorderModel, ReorderModelFileError
from reorder.model import _BOOST_LIMIT, FEATURE_NAMES, _compile_trees
from reorder.priors import Tree, fit_boosted_trees, tree_value
from tests.unit.reorder.histories import History, population, weekly

STILL_BUYING = FEATURE_NAMES.index("log_still_buying")


def log_loss(margins: list[float], labels: list[float]) -> float:
    return sum(math.log1p(math.exp(-m)) if y else math.log1p(math.exp(m)) for m, y in zip(margins, labels, strict=True))


def test_boosted_trees_learn_an_interaction_a_logistic_layer_cannot() -> None:
    # GIVEN labels that are 1 only when both features are high (an AND), and a flat base margin
    rng = random.Random(5)
    rows = [[rng.random(), rng.random()] for _ in range(3000)]
    labels = [1.0 if a > 0.5 and b > 0.5 else 0.0 for a, b in rows]
    base = [0.0] * len(rows)

    # WHEN we boost depth-2 trees on top of it
    trees = fit_boosted_trees(rows, labels, base, features=[0, 1], trees=30, depth=2, min_hessian=5.0)

    # THEN the loss drops a lot and the corner is ranked above the rest
    boosted = [sum(tree_value(t, r) for t in trees) for r in rows]
    assert log_loss(boosted, labels) < 0.6 * log_loss(base, labels)
    corner = sum(tree_value(t, [0.9, 0.9]) for t in trees)
    assert corner > sum(tree_value(t, [0.9, 0.1]) for t in trees) + 1.0


def test_the_compiled_ensemble_equals_the_reference_evaluation() -> None:
    # GIVEN random depth-2 trees, some with a node that does not split (infinite threshold)
    rng = random.Random(11)
    trees: list[Tree] = []
    for _ in range(15):
        features = [rng.randrange(1, len(FEATURE_NAMES)) for _ in range(3)]
        thresholds = [rng.choice([rng.uniform(-2.0, 2.0), math.inf]) for _ in range(3)]
        trees.append((features, thresholds, [rng.uniform(-0.3, 0.3) for _ in range(4)]))
    compiled = _compile_trees(trees)
    assert compiled is not None

    # WHEN we evaluate both ways on random feature vectors
    for _ in range(200):
        x = [rng.uniform(-3.0, 3.0) for _ in FEATURE_NAMES]

        # THEN the compiled function gives the sum of the trees
        assert compiled(x) == pytest.approx(sum(tree_value(t, x) for t in trees), abs=1e-12)


def test_trees_cannot_keep_an_abandoned_product_alive() -> None:
    # GIVEN an adversarial ensemble that pushes every product up by far more than the limit
    pushy = ReorderModel(trees=[([STILL_BUYING], [math.inf], [10.0, 10.0])] * 3)
    history = weekly("milk", 8)

    # WHEN we predict further and further after milk was last bought (day 49)
    late = [next(i for i in pushy.predict(history, day) if i.product_id == "milk") for day in (100.0, 200.0, 400.0)]

    # THEN the correction is clamped and the churn evidence still wins
    assert late[0].probability > late[1].probability > late[2].probability
    assert late[2].probability < 0.01
    assert not late[2].prompt
    assert _BOOST_LIMIT <= 5.0


def test_trees_only_touch_products_above_the_boosting_floor() -> None:
    # GIVEN a model whose single tree adds +1 to every product it is applied to
    history: History = [*weekly("milk", 9), (20.0, {"candle": 1})]
    plain = ReorderModel()
    boosted = ReorderModel(trees=[([1], [math.inf], [1.0, 1.0])])
    floor = boosted.settings.boost_min_probability

    # WHEN we predict with and without it
    before = {i.product_id: i.probability for i in plain.predict(history, 63.0)}
    after = {i.product_id: i.probability for i in boosted.predict(history, 63.0)}

    # THEN products above the floor move up by one logit, the others are untouched
    for pid, p in before.items():
        if p >= floor:
            assert math.log(after[pid] / (1 - after[pid])) == pytest.approx(math.log(p / (1 - p)) + 1.0)
        else:
            assert after[pid] == p
    assert before["milk"] >= floor > before["candle"]


def test_a_model_with_trees_round_trips_through_its_file(tmp_path: Path) -> None:
    # GIVEN a model with trees
    model = ReorderModel(trees=[([STILL_BUYING, 1, 2], [-0.5, 0.25, math.inf], [0.1, -0.2, 0.3, -0.4])])
    path = tmp_path / "model.json"

    # WHEN we save and load it
    model.save(path)
    loaded = ReorderModel.load(path)

    # THEN the trees and the predictions survive, and they differ from a model without trees
    history = weekly("milk", 9)
    assert loaded.trees == model.trees
    assert loaded.predict(history, 63.0) == model.predict(history, 63.0)
    assert model.predict(history, 63.0) != ReorderModel().predict(history, 63.0)
    # (strict JSON: the node that does not split is written as null, not Infinity)
    json.dumps(json.loads(path.read_text("utf-8")), allow_nan=False)


@pytest.mark.parametrize(
    "trees",
    [
        [[[0], [0.5], [0.1, 0.2]]],
        [[[999], [0.5], [0.1, 0.2]]],
        [[[1], [0.5], [0.1, None]]],
        [[[1, 2], [0.5, 0.1], [0.1, 0.2, 0.3]]],
        [[[1], [0.5], [0.1, 0.2]], [[1, 2, 3], [0.5, 0.1, 0.2], [0.1, 0.2, 0.3, 0.4]]],
        "not trees",
    ],
    ids=["bias-feature", "unknown-feature", "missing-leaf", "incomplete-tree", "mixed-depths", "text"],
)
def test_a_file_with_broken_trees_is_a_model_file_error(trees: object) -> None:
    # GIVEN a saved model whose trees were damaged
    data = ReorderModel().to_dict()
    data["trees"] = trees

    # WHEN we rebuild it
    # THEN a ReorderModelFileError is raised
    with pytest.raises(ReorderModelFileError):
        ReorderModel.from_dict(data)


def test_a_model_file_without_trees_loads_as_the_plain_logistic_layer() -> None:
    # GIVEN a file written before the trees existed
    data = ReorderModel().to_dict()
    del data["trees"]

    # WHEN we load it
    model = ReorderModel.from_dict(data)

    # THEN it has no trees and predicts like the default model
    assert model.trees == ()
    assert model.predict(weekly("milk", 5), 35.0) == ReorderModel().predict(weekly("milk", 5), 35.0)


@pytest.fixture(scope="module")
def large_fit() -> ReorderModel:
    """A model fitted on enough shoppers for the trees to be learned."""
    return ReorderModel.fit(population(400))


def test_a_large_enough_fit_learns_trees_deterministically(large_fit: ReorderModel) -> None:
    # GIVEN a model fitted on 400 hand-made shoppers
    # WHEN we fit again on the same input
    again = ReorderModel.fit(population(400))

    # THEN it learned trees, and exactly the same ones
    assert len(large_fit.trees) == large_fit.settings.boost_trees
    assert again.to_dict() == large_fit.to_dict()


def test_a_model_with_learned_trees_keeps_the_documented_behaviour(large_fit: ReorderModel) -> None:
    # GIVEN a shopper who buys bread every 10 days and bought batteries and a mug once, on day 0
    history: History = [(0.0, {"batteries": 1, "novelty-mug": 1, "bread": 1})]
    history += [(10.0 * i, {"bread": 1}) for i in range(1, 30)]

    # WHEN we predict at the next order, and later and later without any new order
    items = large_fit.predict(history, 300.0)
    batteries = [
        next(i for i in large_fit.predict(history, day) if i.product_id == "batteries")
        for day in (300.0, 600.0, 1500.0)
    ]

    # THEN bread leads and is prompted, the mug nobody rebuys is not, and the batteries (which
    # everybody in this population rebuys) decay away as the gap grows
    assert items[0].product_id == "bread" and items[0].prompt
    mug = next(i for i in items if i.product_id == "novelty-mug")
    assert mug.probability < 0.02 and not mug.prompt
    assert batteries[0].probability > batteries[1].probability > batteries[2].probability
    assert batteries[2].probability < 0.02 and not batteries[2].prompt


def test_a_model_file_from_before_the_new_features_predicts_as_it_was_fitted() -> None:
    # GIVEN a saved model from before the habit features and the interval decay existed
    data = ReorderModel().to_dict()
    for name in ("logit_shopper_reorder", "log_recent_reorders", "in_second_last", "in_third_last",
                 "cart_position", "last_cart_position"):
        del data["weights"][name]
    for name in ("interval_decay", "train_targets", "max_train_pairs", "boost_trees", "boost_depth",
                 "boost_learning_rate", "boost_min_probability", "max_boost_rows"):
        del data["settings"][name]
    del data["trees"]

    # WHEN we load it
    model = ReorderModel.from_dict(data)

    # THEN the new features weigh nothing and every interval counts the same, as when it was fitted
    assert model.settings.interval_decay == 1.0
    assert model.weights == ReorderModel(settings=model.settings).weights
    assert model.trees == ()


def test_a_model_file_missing_an_original_weight_is_still_rejected() -> None:
    # GIVEN a saved model that lost one of its original weights
    data = ReorderModel().to_dict()
    del data["weights"]["due_under"]

    # WHEN we load it
    # THEN it is a model file error, not a silent zero
    with pytest.raises(ReorderModelFileError):
        ReorderModel.from_dict(data)
