"""How a shopper's answers (snooze, decline, never) move the predictions."""

from __future__ import annotations

import pytest

from reorder import DueItem, Feedback, FeedbackKind, ReorderModel
from tests.unit.reorder.histories import weekly

MILK_HISTORY = weekly("milk", 9)  # milk every 7 days, last on day 56: due around day 63


def milk(model: ReorderModel, now: float, *answers: Feedback) -> DueItem:
    return next(item for item in model.predict(MILK_HISTORY, now, feedback=answers) if item.product_id == "milk")


def answer(kind: FeedbackKind, day: float) -> Feedback:
    return Feedback(product_id="milk", day=day, kind=kind)


def test_a_snoozed_product_is_not_prompted_again_the_same_day() -> None:
    # GIVEN milk that is due on day 63
    model = ReorderModel()
    assert milk(model, 63.0).prompt

    # WHEN the shopper says "not yet" on day 63
    snoozed = milk(model, 63.0, answer(FeedbackKind.SNOOZE, 63.0))

    # THEN it is not prompted, its probability drops and its run-out day moves later
    assert not snoozed.prompt
    assert snoozed.probability < 0.1
    assert snoozed.run_out_day >= 65.0
    assert snoozed.run_out_day > milk(model, 63.0).run_out_day


def test_a_snooze_pushes_the_prompt_later_then_it_comes_back() -> None:
    # GIVEN milk snoozed on day 63
    model = ReorderModel()
    snooze = answer(FeedbackKind.SNOOZE, 63.0)

    # WHEN days pass
    probabilities = [milk(model, day, snooze).probability for day in (63.0, 65.0, 68.0, 75.0)]
    prompts = [milk(model, day, snooze).prompt for day in (63.0, 65.0, 68.0, 75.0)]

    # THEN the probability recovers step by step and the prompt returns about a week later
    assert probabilities == sorted(probabilities)
    assert prompts[0] is False
    assert prompts[-1] is True


def test_a_snooze_is_learned_as_a_longer_interval_for_the_current_purchase() -> None:
    # GIVEN the same due milk, once without and once with a snooze two days after it was due
    model = ReorderModel()
    plain = milk(model, 66.0)

    # WHEN the shopper had said "not yet" on day 65
    snoozed = milk(model, 66.0, answer(FeedbackKind.SNOOZE, 65.0))

    # THEN the model expects it to run out later than it did
    assert snoozed.run_out_day > plain.run_out_day
    assert snoozed.probability < plain.probability


def test_a_decline_weighs_more_than_a_snooze() -> None:
    # GIVEN milk that is due
    model = ReorderModel()

    # WHEN the shopper said "no" instead of "not yet" on day 63
    snoozed = milk(model, 68.0, answer(FeedbackKind.SNOOZE, 63.0))
    declined = milk(model, 68.0, answer(FeedbackKind.DECLINE, 63.0))

    # THEN five days later the declined product is less likely and not prompted yet
    assert declined.probability < snoozed.probability
    assert not declined.prompt


def test_feedback_fades_after_a_later_purchase() -> None:
    # GIVEN a snooze on day 20, after which the shopper kept buying milk weekly
    model = ReorderModel()
    old = answer(FeedbackKind.DECLINE, 20.0)

    # WHEN we predict when milk is due again
    with_old_feedback = milk(model, 63.0, old)

    # THEN the old answer no longer matters
    assert with_old_feedback == milk(model, 63.0)


def test_never_removes_the_prompt_but_keeps_the_product_listed() -> None:
    # GIVEN milk that is due and the shopper said "never ask about this" long ago
    model = ReorderModel()
    never = answer(FeedbackKind.NEVER, 10.0)

    # WHEN we predict at several later days
    items = [milk(model, day, never) for day in (63.0, 70.0, 100.0)]

    # THEN it is listed with its normal probability but never prompted
    assert all(not item.prompt for item in items)
    assert items[0].probability == pytest.approx(milk(model, 63.0).probability)


def test_feedback_about_other_products_or_the_future_is_ignored() -> None:
    # GIVEN answers about a product never bought and a snooze dated after now
    model = ReorderModel()
    unrelated = Feedback(product_id="caviar", day=60.0, kind=FeedbackKind.NEVER)
    future = answer(FeedbackKind.SNOOZE, 90.0)

    # WHEN we predict
    items = model.predict(MILK_HISTORY, 63.0, feedback=[unrelated, future])

    # THEN nothing changes and the unrelated product is not predicted
    assert items == model.predict(MILK_HISTORY, 63.0)
    assert "caviar" not in {item.product_id for item in items}


def test_feedback_kinds_read_from_their_spoken_values() -> None:
    # GIVEN the stored string of each kind
    # WHEN we rebuild feedback from it
    kinds = [Feedback(product_id="milk", day=1.0, kind=value).kind for value in ("snooze", "decline", "never")]

    # THEN each maps to its enum member
    assert kinds == [FeedbackKind.SNOOZE, FeedbackKind.DECLINE, FeedbackKind.NEVER]
