"""Predictive reorder in the conversation, through the real skill: lead, answers, auto reorder, events."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest

from orders import OrderSource
from skill.bootstrap import Services
from skill.clock import SimulatedClock
from skill.local.console import Console
from tests.fakes import FakeReorderStore, FakeShopperStore
from tests.seed import regular, seed_orders
from tests.unit.proactive.test_scheduler_and_notifier import permit

TOWELS = "pp-0001"


def test_opening_the_skill_leads_with_the_product_running_low(console: Console, shopper: str) -> None:
    reply = console.say("open pantry pal")
    assert reply.speech.startswith("You're probably running low on Bounty Select-A-Size Paper Towels")
    assert "you usually buy it every" in reply.speech
    assert "Shall I order one pack for $19.99?" in reply.speech
    # AND the shopper's own products were sent as dynamic entities to bias recognition
    (directive,) = reply.directives
    assert directive["type"] == "Dialog.UpdateDynamicEntities"
    assert directive["types"][0]["values"][0]["id"] == TOWELS


def test_yes_to_the_prompt_goes_through_the_normal_confirmation_before_ordering(
    console: Console, shopper: str, store: FakeShopperStore
) -> None:
    console.say("open pantry pal")
    before = len(store.orders)
    confirm = console.say("yes")
    assert "Should I order it?" in confirm.speech
    assert len(store.orders) == before  # the prompt's yes is not the order's yes
    console.say("yes")
    assert len(store.orders) == before + 1


def test_the_voice_code_protects_an_order_started_from_a_prompt(
    console: Console, shopper: str, services: Services, store: FakeShopperStore
) -> None:
    services.shopping.set_voice_code(shopper, "4321")
    console.say("open pantry pal")
    console.say("yes")
    assert "voice code" in console.say("yes").speech
    before = len(store.orders)
    console.say("1234")
    assert len(store.orders) == before
    console.say("4321")
    assert len(store.orders) == before + 1


def test_not_yet_snoozes_and_the_prompt_does_not_come_back_the_next_day(
    console: Console, shopper: str, clock: SimulatedClock
) -> None:
    console.say("open pantry pal")
    snoozed = console.say("not yet")
    assert "I'll ask again in about" in snoozed.speech
    console.say("stop")
    clock.advance(timedelta(days=1))
    assert "running low" not in console.say("open pantry pal").speech
    console.say("stop")
    clock.advance(timedelta(days=7))
    assert "Bounty Select-A-Size" in console.say("open pantry pal").speech


def test_never_ask_removes_the_product_from_prompts(
    console: Console, shopper: str, clock: SimulatedClock
) -> None:
    console.say("open pantry pal")
    reply = console.say("never ask about this")
    assert "I won't remind you about Bounty Select-A-Size Paper Towels again" in reply.speech
    console.say("stop")
    clock.advance(timedelta(days=30))
    assert "running low" not in console.say("open pantry pal").speech
    assert "Nothing looks low" in console.say("what am i running low on").speech


def test_no_to_the_prompt_declines_without_ordering(
    console: Console, shopper: str, store: FakeShopperStore
) -> None:
    console.say("open pantry pal")
    before = len(store.orders)
    reply = console.say("no")
    assert "I'll ask again" in reply.speech
    assert len(store.orders) == before


def test_what_am_i_running_low_on_gives_reasons_and_offers_to_order(console: Console, shopper: str) -> None:
    console.say("open pantry pal")
    console.say("stop")
    console.say("open pantry pal")
    reply = console.say("what am i running low on")
    assert "You're probably running low on Bounty Select-A-Size Paper Towels" in reply.speech
    assert "and the last was 15 days ago" in reply.speech
    assert reply.speech.endswith("Shall I order Bounty Select-A-Size Paper Towels?")
    assert "Should I order it?" in console.say("yes").speech


def test_a_new_shopper_is_not_running_low_on_anything(console: Console) -> None:
    console.say("open pantry pal")
    assert "Nothing looks low" in console.say("what am i running low on").speech


def test_stop_reorder_reminders_turns_the_lead_off(console: Console, shopper: str) -> None:
    console.say("open pantry pal")
    assert "turned off reorder reminders" in console.say("stop reorder reminders").speech
    console.say("stop")
    assert "running low" not in console.say("open pantry pal").speech


@pytest.mark.parametrize("said_days", [("remind me next week", 7), ("ask me again in two weeks", 14)])
def test_a_snooze_with_a_time_is_not_asked_again_before_that_time(
    console: Console, shopper: str, clock: SimulatedClock, reorder_store: FakeReorderStore, said_days: tuple[str, int]
) -> None:
    said, days = said_days
    # GIVEN the lead prompt about paper towels, which the model expects the shopper to need now
    console.say("open pantry pal")
    # WHEN the shopper says when to be reminded
    reply = console.say(said)
    # THEN that is the time they are told, and the product is not due before it
    assert reply.speech == f"Okay, I'll ask again in about {days} days."
    due_at = reorder_store.items[(shopper, TOWELS)].due_at
    assert due_at is not None and due_at >= clock.now() + timedelta(days=days) - timedelta(minutes=1)
    console.say("stop")
    clock.advance(timedelta(days=days - 1))
    assert "running low" not in console.say("open pantry pal").speech


def test_after_not_yet_the_next_product_running_low_is_asked_about(
    console: Console, services: Services, clock: SimulatedClock, shopper: str
) -> None:
    # GIVEN a second product running low (coffee every 10 days, the last 12 days ago)
    seed_orders(services, clock, shopper, regular("pp-0098", every=10, times=6, last_days_ago=12))
    console.say("open pantry pal")
    listed = console.say("what am i running low on")
    assert "Bounty Select-A-Size Paper Towels" in listed.speech and "Starbucks Pike Place" in listed.speech
    first = listed.speech.rsplit("Shall I order ", 1)[1].rstrip("?")
    # WHEN the shopper says "not yet" to the first one
    reply = console.say("not yet")
    # THEN the snooze is confirmed and the other listed product is asked about, ready for a yes
    towels, coffee = "Bounty Select-A-Size Paper Towels", "Starbucks Pike Place Roast Whole Bean Coffee"
    second = coffee if first == towels else towels
    assert reply.speech.startswith("Okay, I'll ask again in about ")
    assert f"What about {second}? Shall I order " in reply.speech
    assert "Should I order it?" in console.say("yes").speech


def test_what_else_passes_over_each_product_asked_about_without_recording_an_answer(
    console: Console, services: Services, clock: SimulatedClock, shopper: str, reorder_store: FakeReorderStore
) -> None:
    # GIVEN a second product running low (coffee every 10 days, the last 12 days ago)
    seed_orders(services, clock, shopper, regular("pp-0098", every=10, times=6, last_days_ago=12))
    console.say("open pantry pal")
    listed = console.say("what am i running low on")
    first = listed.speech.rsplit("Shall I order ", 1)[1].rstrip("?")
    towels, coffee = "Bounty Select-A-Size Paper Towels", "Starbucks Pike Place Roast Whole Bean Coffee"
    second = coffee if first == towels else towels
    # WHEN the shopper says "what else?" to the first product, then again to the second
    next_one = console.say("what else")
    no_more = console.say("what else")
    # THEN they are asked about the second, then told that nothing else is low; nothing was snoozed
    assert next_one.speech.startswith(f"What about {second}? Shall I order ")
    assert no_more.speech.startswith("That's everything that looks low right now.")
    assert all(not state.feedback for state in reorder_store.items.values())
    # AND a yes now confirms nothing: the skipped products wait for the shopper to ask again
    assert "Should I order" not in console.say("yes").speech


def test_automatic_reorder_with_a_spoken_monthly_cap(
    console: Console, shopper: str, reorder_store: FakeReorderStore, services: Services, store: FakeShopperStore
) -> None:
    # GIVEN the shopper, who allows notifications, opts paper towels into automatic reorder, stating a cap when asked
    permit(services, shopper)
    console.say("open pantry pal")
    ask = console.say("reorder bounty select a size paper towels automatically")
    assert "most I should spend" in ask.speech
    terms = console.say("forty dollars a month")
    # THEN the terms are read back and nothing is set up before an explicit yes
    assert terms.speech == (
        "Should I reorder one pack of Bounty Select-A-Size Paper Towels automatically when you're running low, "
        "up to $40.00 a month, never above $19.99 each?"
    )
    assert (shopper, TOWELS) not in reorder_store.items or reorder_store.items[(shopper, TOWELS)].auto is None
    done = console.say("yes")
    assert "up to $40.00 a month, never above $19.99 each" in done.speech
    assert reorder_store.items[(shopper, TOWELS)].auto.monthly_cap == Decimal("40")
    # WHEN the notifier finds towels running low
    services.reorder.notify([shopper], _Silent())
    # THEN an automatic order is placed, and announced (and cancellable) at the next session
    auto = [o for o in store.orders.values() if o.source is OrderSource.AUTO]
    assert len(auto) == 1
    console.say("stop")
    lead = console.say("open pantry pal")
    assert "While you were away I reordered one pack of Bounty Select-A-Size Paper Towels" in lead.speech
    assert "Should I cancel it?" in console.say("cancel my last order").speech


def test_stopping_an_automatic_reorder_by_voice_opts_the_product_out_and_orders_nothing(
    console: Console, shopper: str, reorder_store: FakeReorderStore, services: Services, store: FakeShopperStore
) -> None:
    # GIVEN paper towels set to reorder automatically
    console.say("open pantry pal")
    console.say("reorder bounty select a size paper towels automatically up to forty dollars a month")
    console.say("yes")
    assert reorder_store.items[(shopper, TOWELS)].auto is not None
    before = len(store.orders)
    # WHEN the shopper stops it, and asks again
    stopped = console.say("stop reordering bounty select a size paper towels automatically")
    again = console.say("cancel automatic reorder for bounty select a size paper towels")
    # THEN it is off (no order is proposed), the second time says there is nothing to stop,
    # and the notifier places no automatic order
    assert stopped.speech == "Okay, I won't reorder Bounty Select-A-Size Paper Towels automatically any more."
    assert again.speech.startswith("Bounty Select-A-Size Paper Towels isn't set to reorder automatically")
    assert reorder_store.items[(shopper, TOWELS)].auto is None
    services.reorder.notify([shopper], _Silent())
    assert len(store.orders) == before


def test_never_ask_me_about_a_named_product_stops_its_prompts(
    console: Console, shopper: str, reorder_store: FakeReorderStore
) -> None:
    # GIVEN towels are running low, but the shopper is not being asked about them now
    console.say("what's in my cart")
    # WHEN they say never to ask about them
    reply = console.say("never ask me about bounty select a size paper towels")
    # THEN that product is never prompted again
    assert reply.speech == "Okay, I won't remind you about Bounty Select-A-Size Paper Towels again."
    assert reorder_store.items[(shopper, TOWELS)].never_ask
    console.say("stop")
    assert "running low" not in console.say("open pantry pal").speech


@pytest.mark.parametrize(
    "said",
    ["i still have plenty of bounty select a size paper towels", "i don't need bounty select a size paper towels"],
)
def test_saying_a_product_is_not_needed_snoozes_it_and_never_proposes_an_order(
    console: Console, shopper: str, reorder_store: FakeReorderStore, store: FakeShopperStore, said: str
) -> None:
    # GIVEN towels are running low, and nothing is being asked
    console.say("what's in my cart")
    before = len(store.orders)
    # WHEN the shopper says they don't need them
    reply = console.say(said)
    # THEN that is a "not yet" for the towels: no order is proposed, and a yes now orders nothing
    assert reply.speech.startswith("Okay, I'll ask about Bounty Select-A-Size Paper Towels again in about ")
    assert reorder_store.items[(shopper, TOWELS)].feedback[-1].kind == "snooze"
    console.say("yes")
    assert len(store.orders) == before


def test_a_product_already_in_the_cart_is_not_offered_as_running_low(
    console: Console, shopper: str
) -> None:
    # GIVEN towels are running low, and the shopper puts them in the cart
    console.say("open pantry pal")
    console.say("add bounty select a size paper towels to my cart")
    # WHEN they ask what is running low, or open the skill again
    listed = console.say("what am i running low on")
    console.say("stop")
    lead = console.say("open pantry pal")
    # THEN the towels are not offered again
    assert listed.speech.startswith("Nothing looks low right now.")
    assert "running low" not in lead.speech


def test_no_to_the_terms_of_an_automatic_reorder_sets_nothing_up(
    console: Console, shopper: str, reorder_store: FakeReorderStore
) -> None:
    # GIVEN the terms of an automatic reorder read back
    console.say("open pantry pal")
    console.say("reorder bounty select a size paper towels automatically up to forty dollars a month")
    # WHEN the shopper says no
    reply = console.say("no")
    # THEN nothing is opted in
    assert reply.speech == "Okay, I won't reorder it automatically. What else can I do?"
    assert (shopper, TOWELS) not in reorder_store.items or reorder_store.items[(shopper, TOWELS)].auto is None


def test_a_monthly_cap_said_out_of_the_blue_opts_nothing_in(
    console: Console, shopper: str, reorder_store: FakeReorderStore
) -> None:
    # GIVEN a reorder prompt on the table (a product in the session, no automatic reorder being set up)
    console.say("open pantry pal")
    prompt = console.say("what am i running low on")
    assert "Shall I order" in prompt.speech
    # WHEN the shopper says an amount, then yes
    reply = console.say("thirty dollars")
    read_back = console.say("yes")
    # THEN no product was opted into automatic reorder: the amount answered no question, which stays, asked again,
    # and the yes answers it (the order is read back for its own yes)
    assert reply.speech.startswith("An amount of money doesn't answer that. ")
    assert reply.reprompt == prompt.reprompt
    assert read_back.speech.endswith("Should I order it?")
    assert not any(state.auto for state in reorder_store.items.values())


def test_an_absurd_monthly_cap_is_refused_with_a_reprompt(console: Console, shopper: str) -> None:
    console.say("open pantry pal")
    console.say("reorder bounty select a size paper towels automatically")
    reply = console.say("fifty thousand dollars a month")
    assert "isn't a monthly limit I can use" in reply.speech
    assert not reply.ends_session


def test_permission_events_keep_notification_permission_current(
    console: Console, shopper: str, store: FakeShopperStore
) -> None:
    console.send(console.envelopes.skill_event("permission_accepted_event"))
    assert store.profiles[shopper].notifications_permitted is True
    event = console.envelopes.skill_event("proactive_subscription_changed_event")
    event["request"]["body"] = {}
    console.send(event)
    assert store.profiles[shopper].notifications_permitted is False


def test_disabling_the_skill_deletes_the_shoppers_data(
    console: Console, shopper: str, store: FakeShopperStore, reorder_store: FakeReorderStore
) -> None:
    reply = console.send(console.envelopes.skill_event("skill_disabled_event"))
    assert reply.speech == ""
    assert shopper not in store.profiles
    assert not [key for key in store.orders if key[0] == shopper]
    assert reorder_store.states(shopper) == {}


class _Silent:
    def notify(self, *, user_id: str, reference_id: str):
        from reorder.ports import NotifyOutcome

        return NotifyOutcome.SENT


def test_a_product_snoozed_till_next_week_is_not_pushed_at_launch_or_when_asked_what_is_low(
    console: Console, services: Services, clock: SimulatedClock, shopper: str, store: FakeShopperStore
) -> None:
    # GIVEN two products running low (paper towels; coffee every 10 days, the last 12 days ago, the more
    # due), and the coffee the lead prompt asks about snoozed with "remind me next week"
    seed_orders(services, clock, shopper, regular("pp-0098", every=10, times=6, last_days_ago=12))
    other, snoozed = "Bounty Select-A-Size Paper Towels", "Starbucks Pike Place Roast Whole Bean Coffee"
    assert console.say("open pantry pal").speech.startswith(f"You're probably running low on {snoozed}")
    console.say("remind me next week")
    console.say("stop")
    clock.advance(timedelta(days=2))
    # WHEN the shopper opens the skill again, and asks what they are running low on
    launch = console.say("open pantry pal")
    listed = console.say("what am i running low on")
    # THEN neither leads with the snoozed product: the other is asked about, and the snoozed one listed as held
    assert launch.speech.startswith(f"You're probably running low on {other}")
    assert listed.speech.startswith(f"You're probably running low on {other}.")
    assert f"I'm holding off on {snoozed} for now, as you asked." in listed.speech
    assert listed.speech.endswith(f"Shall I order {other}?")
    # AND a yes is about the other one
    assert console.say("yes").speech.startswith(f"{other}, one ")


def test_when_only_snoozed_products_are_low_none_is_asked_about(
    console: Console, clock: SimulatedClock, shopper: str, store: FakeShopperStore
) -> None:
    # GIVEN paper towels, the only product running low, snoozed with "remind me next week"
    console.say("open pantry pal")
    console.say("remind me next week")
    # WHEN the shopper asks what they are running low on
    listed = console.say("what am i running low on")
    # THEN they hear the towels are held as asked, and nothing is offered: a yes orders nothing
    assert listed.speech == (
        "I'm holding off on Bounty Select-A-Size Paper Towels for now, as you asked, and nothing else looks low. "
        "What else can I do?"
    )
    orders = len(store.orders)
    assert "Should I order" not in console.say("yes").speech
    assert len(store.orders) == orders


@pytest.mark.parametrize("said", ["open pantry pal", "what am I running low on"])
def test_the_reorder_outlook_is_worked_out_once_a_request(
    console: Console, shopper: str, services: Services, reorder_store: FakeReorderStore, said: str
) -> None:
    # GIVEN a shopper whose paper towels run low, and a count of the predictions (each reads 200 orders)
    predicted: list[str] = []
    predict = services.reorder._predict

    def counted(shopper_id: str) -> Any:
        predicted.append(shopper_id)
        return predict(shopper_id)

    services.reorder._predict = counted  # type: ignore[method-assign]  # this test's own services
    # WHEN they open the skill, or ask what is running low
    reply = console.say(said)
    # THEN the towels are asked about, and marked so (no notification follows), from one prediction
    assert "Bounty Select-A-Size" in reply.speech
    assert all(state.notified_cycle is not None for state in reorder_store.states(shopper).values())
    assert predicted == [shopper]
