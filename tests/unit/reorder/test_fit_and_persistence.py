"""Fitting the population priors, saving and loading them, and the batch refit entry point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reorder import ReorderModel, ReorderModelFileError
from reorder.fit import load_histories, main
from tests.unit.reorder.histories import population, weekly


def test_a_saved_model_loads_back_with_identical_predictions(fitted: ReorderModel, tmp_path: Path) -> None:
    # GIVEN a fitted model saved to a file
    path = tmp_path / "priors.json"
    fitted.save(path)

    # WHEN we load it back
    loaded = ReorderModel.load(path)

    # THEN the file is small JSON and the predictions are the same
    assert path.stat().st_size < 20_000
    assert loaded.to_dict() == fitted.to_dict()
    history = [(0.0, {"batteries": 1, "bread": 2}), (10.0, ["bread"])]
    assert loaded.predict(history, 25.0) == fitted.predict(history, 25.0)


def test_to_dict_round_trips_through_json(fitted: ReorderModel) -> None:
    # GIVEN a fitted model as a dict
    data = json.loads(json.dumps(fitted.to_dict()))

    # WHEN we rebuild it
    rebuilt = ReorderModel.from_dict(data)

    # THEN weights, settings and priors survive
    assert rebuilt.to_dict() == fitted.to_dict()


def test_fitting_learns_the_population_interval_of_a_product(fitted: ReorderModel) -> None:
    # GIVEN the population rebuys batteries every 30 days and never rebuys the mug
    # WHEN we read the learned priors
    batteries = fitted.priors.stat_for("batteries")
    mug = fitted.priors.stat_for("novelty-mug")

    # THEN they reflect it
    assert 25.0 <= batteries.days_per_unit <= 35.0
    assert batteries.repeat > mug.repeat


def test_category_priors_cover_products_too_rare_to_store() -> None:
    # GIVEN categories, and a cleaning product only one shopper ever bought (several times)
    histories = population(10)
    histories.append([(0.0, ["rare-soap"]), (5.0, ["rare-soap"]), (10.0, ["rare-soap"])])
    categories = {"batteries": "household", "rare-soap": "household", "bread": "bakery"}

    # WHEN we fit with categories
    model = ReorderModel.fit(histories, category_of=categories)

    # THEN the rare product falls back to its category's priors, kept after a save/load round trip
    assert "rare-soap" not in (model.priors.products or {})
    assert model.priors.stat_for("rare-soap") == (model.priors.categories or {})["household"]
    rebuilt = ReorderModel.from_dict(model.to_dict())
    assert rebuilt.priors.stat_for("rare-soap") == model.priors.stat_for("rare-soap")


def test_category_of_may_be_a_callable() -> None:
    # GIVEN a callable that knows only batteries
    def category_of(product_id: str) -> str | None:
        return "household" if product_id == "batteries" else None

    # WHEN we fit
    model = ReorderModel.fit(population(6), category_of=category_of)

    # THEN the category exists
    assert set(model.priors.categories or {}) == {"household"}


@pytest.mark.parametrize(
    "histories",
    [[], [[]], [[(0.0, ["milk"])]], [weekly("milk", 3)]],
    ids=["nothing", "empty-shopper", "one-order", "one-shopper"],
)
def test_fit_works_on_tiny_input(histories: list[list[tuple[float, object]]]) -> None:
    # GIVEN almost no data
    # WHEN we fit
    model = ReorderModel.fit(histories)

    # THEN the model still predicts sensibly
    items = model.predict(weekly("milk", 6), 42.0)
    assert items[0].product_id == "milk"
    assert 0.0 < items[0].probability < 1.0


def test_loading_a_missing_or_invalid_file_is_a_model_file_error(tmp_path: Path) -> None:
    # GIVEN a missing file, a non-JSON file and a JSON file of another kind
    bad_json = tmp_path / "bad.json"
    bad_json.write_text("{not json", "utf-8")
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"format": "something-else"}), "utf-8")
    broken = tmp_path / "broken.json"
    data = ReorderModel().to_dict()
    data["priors"]["global"] = [2.0, 0.1, 10.0, 1, 2.7, 0.3]  # repeat probability above 1
    broken.write_text(json.dumps(data), "utf-8")

    # WHEN we load them
    # THEN each raises ReorderModelFileError
    for path in (tmp_path / "missing.json", bad_json, other, broken):
        with pytest.raises(ReorderModelFileError):
            ReorderModel.load(path)


def test_the_batch_refit_reads_instacart_csv_and_writes_a_loadable_file(tmp_path: Path) -> None:
    # GIVEN an Instacart-style orders.csv for two shoppers
    csv_path = tmp_path / "orders.csv"
    lines = ["order_id,user_id,order_number,order_dow,order_hour_of_day,days_since_prior_order,product_id"]
    for user in ("1", "2"):
        for number in range(1, 6):
            gap = "" if number == 1 else "7.0"
            lines.append(f"{user}{number},{user},{number},1,10,{gap},24852")
            lines.append(f"{user}{number},{user},{number},1,10,{gap},{number}")
    csv_path.write_text("\n".join(lines) + "\n", "utf-8")
    out = tmp_path / "priors.json"

    # WHEN we run the refit entry point
    status = main([str(csv_path), str(out)])

    # THEN it succeeds and the file loads as a model that knows the weekly product
    assert status == 0
    model = ReorderModel.load(out)
    assert model.priors.stat_for("24852").days_per_unit < 15.0


def test_the_batch_refit_reads_each_basket_in_the_order_it_was_added_to_the_cart(tmp_path: Path) -> None:
    # GIVEN order lines written out of cart order, one of them twice
    csv_path = tmp_path / "orders.csv"
    csv_path.write_text(
        "user_id,order_number,days_since_prior_order,product_id,add_to_cart_order,quantity\n"
        "1,1,,eggs,3.0,1\n1,1,,milk,1.0,1\n1,1,,bread,2.0,1\n1,1,,milk,4.0,2\n",
        "utf-8",
    )

    # WHEN we read the histories
    histories, _ = load_histories(csv_path)

    # THEN the basket lists the products as they went into the cart, quantities added up
    [[(day, basket)]] = histories
    assert day == 0.0
    assert list(basket.items()) == [("milk", 3.0), ("bread", 1.0), ("eggs", 1.0)]


def test_the_batch_refit_reads_histories_json_and_demo_shoppers(tmp_path: Path) -> None:
    # GIVEN a histories JSON with categories, and a demo-shopper file
    histories_path = tmp_path / "histories.json"
    histories_path.write_text(
        json.dumps({"histories": [[[0, ["milk"]], [7, {"milk": 2}]]], "category_of": {"milk": "dairy"}}),
        "utf-8",
    )
    demo_path = tmp_path / "demo.json"
    demo_path.write_text(
        json.dumps({"name": "Sam", "orders": [{"days_ago": 14, "lines": [{"product_id": "pp-1", "quantity": 2}]}]}),
        "utf-8",
    )

    # WHEN we read them
    histories, categories = load_histories(histories_path)
    demo, _ = load_histories(demo_path)

    # THEN both become (day, items) histories
    assert histories == [[(0, ["milk"]), (7, {"milk": 2})]]
    assert categories == {"milk": "dairy"}
    assert demo == [[(-14.0, {"pp-1": 2})]]


def test_the_batch_refit_reports_bad_input_with_exit_status_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # GIVEN a histories file with a negative quantity
    path = tmp_path / "histories.json"
    path.write_text(json.dumps([[[0, {"milk": -1}]]]), "utf-8")

    # WHEN we run the refit
    status = main([str(path), str(tmp_path / "out.json")])

    # THEN it fails cleanly and says why
    assert status == 2
    assert "quantity" in capsys.readouterr().err
    assert not (tmp_path / "out.json").exists()
