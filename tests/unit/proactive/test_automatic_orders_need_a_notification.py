"""An automatic order is placed only when a notification can tell the shopper of it (permission granted, reminders
on); otherwise it waits and is offered at launch, with why. The skill asks for the notification permission by voice
where it matters (Connections.SendRequest "AskFor"), and goes on from Alexa's answer (Connections.Response)."""

from __future__ import annotations

import copy
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest

from orders import OrderSource, StorageError
from skill.bootstrap import Services
from skill.clock import SimulatedClock
from skill.local.console import Console, Reply
from tests.fakes import FakeReorderStore, FakeShopperStore
from tests.unit.proactive.test_scheduler_and_notifier import ScriptedNotifier, permit, run

TOWELS = "pp-0001"  # Bounty Select-A-Size Paper Towels, $19.99
SCOPE = "alexa::devices:all:notifications:write"
TERMS = (
    "Okay. I'll reorder one pack of Bounty Select-A-Size Paper Towels automatically when you're running low, "
    "up to $50.00 a month, never above $19.99 each."
)
WAITING = (
    "I didn't reorder Bounty Select-A-Size Paper Towels automatically, because I can't send you notifications to "
    "tell you when I do. You can allow them for Pantry Pal in the Alexa app. You're probably running low on Bounty "
    "Select-A-Size Paper Towels; you usually buy it every 2 weeks. Shall I order one pack for $19.99?"
)


def auto_orders(store: FakeShopperStore, shopper_id: str) -> list:
    return [o for (s, _), o in store.orders.items() if s == shopper_id and o.source is OrderSource.AUTO]


def set_up_towels(console: Console) -> Reply:
    console.say("open pantry pal")
    terms = console.say("reorder bounty select a size paper towels automatically up to fifty dollars a month")
    assert terms.speech.startswith("Should I reorder one pack of Bounty Select-A-Size Paper Towels automatically")
    return console.say("yes")


def two_days_of_scheduler_runs(services: Services, clock: SimulatedClock, notifier: ScriptedNotifier) -> None:
    for _ in range(2 * 24):
        clock.advance(timedelta(hours=1))
        run(services, notifier)


def test_setting_up_automatic_reorder_without_permission_asks_for_it_and_promises_nothing_it_cannot_keep(
    console: Console, shopper: str, reorder_store: FakeReorderStore
) -> None:
    # GIVEN a shopper who has never allowed notifications (as every new shopper)
    # WHEN they agree to an automatic reorder's terms
    done = set_up_towels(console)
    # THEN it is set up, they hear why a permission is needed, not "I'll tell you each time", and Alexa asks for it
    assert reorder_store.items[(shopper, TOWELS)].auto is not None
    assert done.speech == (
        f"{TERMS} I tell you each time I reorder, so first I need your permission to send you notifications."
    )
    assert done.asks_permission == {
        "type": "Connections.SendRequest",
        "name": "AskFor",
        "payload": {
            "@type": "AskForPermissionsConsentRequest",
            "@version": "2",
            "permissionScopes": [{"permissionScope": SCOPE, "consentLevel": "ACCOUNT"}],
        },
        "token": f"auto_reorder:{TOWELS}",
    }
    assert done.reprompt == ""  # Alexa asks the question; the session goes on with its answer
    assert "shouldEndSession" not in done.raw["response"]


def test_a_shopper_who_allows_notifications_is_told_of_each_automatic_order(
    console: Console, services: Services, store: FakeShopperStore, clock: SimulatedClock, shopper: str
) -> None:
    # GIVEN the permission asked for while setting up automatic reorder of paper towels
    set_up_towels(console)
    # WHEN the shopper allows it
    answer = console.answer_permission("ACCEPTED")
    # THEN it is recorded, the promise is made now, and the conversation goes on
    assert store.profiles[shopper].notifications_permitted is True
    assert answer.speech == (
        "Thanks. I'll tell you each time I reorder Bounty Select-A-Size Paper Towels, and you can cancel within "
        "24 hours."
    )
    assert answer.reprompt == "What else can I do?" and not answer.ends_session
    # AND the automatic order is placed, and notified, when the scheduler next runs
    notifier = ScriptedNotifier()
    clock.advance(timedelta(hours=1))
    run(services, notifier)
    assert len(auto_orders(store, shopper)) == 1
    assert len(notifier.sent) == 1


@pytest.mark.usefixtures("shopper")
@pytest.mark.parametrize("status", ["DENIED", "NOT_ANSWERED"])
def test_without_permission_the_automatic_order_waits_and_is_offered_at_launch(
    console: Console, services: Services, store: FakeShopperStore, clock: SimulatedClock, status: str
) -> None:
    shopper = console.envelopes.user_id
    # GIVEN a shopper who sets up automatic reorder of paper towels and does not allow notifications
    set_up_towels(console)
    answer = console.answer_permission(status)
    assert answer.speech == (
        "Okay. Without notifications I can't tell you when I reorder, so I won't reorder Bounty Select-A-Size Paper "
        "Towels on my own: when it's running low, I'll ask you when you next open Pantry Pal. You can allow "
        "notifications for Pantry Pal in the Alexa app at any time."
    )
    assert answer.reprompt == "What else can I do?"
    assert store.profiles[shopper].notifications_permitted is False
    # WHEN two days of scheduler runs go by, and they open the skill
    notifier = ScriptedNotifier()
    two_days_of_scheduler_runs(services, clock, notifier)
    console.envelopes.new_session()
    lead = console.say("open pantry pal")
    # THEN nothing was ordered behind their back, and the product is offered as a reorder prompt, with why
    assert auto_orders(store, shopper) == [] and notifier.sent == []
    assert lead.speech == WAITING
    # AND a yes goes through the normal order read-back
    assert console.say("yes").speech.startswith("Bounty Select-A-Size Paper Towels, one pack, at $19.99 each.")


def test_turning_reminders_off_keeps_automatic_orders_from_being_placed_silently(
    console: Console, services: Services, store: FakeShopperStore, clock: SimulatedClock, shopper: str
) -> None:
    # GIVEN a shopper who allows notifications sets up automatic reorder of paper towels
    permit(services, shopper)
    assert set_up_towels(console).speech.endswith("I'll tell you each time, and you can cancel within 24 hours.")
    # WHEN they turn reminders off
    off = console.say("turn off reminders")
    # THEN they hear what that means for their automatic reorders
    assert off.speech == (
        "Okay, I've turned off reorder reminders. Without them I can't tell you when I reorder something "
        "automatically, so instead I'll ask you when you next open Pantry Pal. You can turn them on again any time."
    )
    # AND nothing is ordered over the next two days; at launch the product is offered, with why
    notifier = ScriptedNotifier()
    two_days_of_scheduler_runs(services, clock, notifier)
    console.envelopes.new_session()
    lead = console.say("open pantry pal")
    assert auto_orders(store, shopper) == [] and notifier.sent == []
    assert lead.speech.startswith(
        "I didn't reorder Bounty Select-A-Size Paper Towels automatically, because your reorder reminders are off, "
        "so I couldn't tell you. You're probably running low on Bounty Select-A-Size Paper Towels;"
    )


def test_setting_up_automatic_reorder_with_reminders_off_says_it_waits_for_them(
    console: Console, services: Services, shopper: str
) -> None:
    # GIVEN a shopper who allows notifications but turned reminders off
    permit(services, shopper)
    console.say("open pantry pal")
    console.say("turn off reminders")
    # WHEN they set up automatic reorder of paper towels
    console.say("reorder bounty select a size paper towels automatically up to fifty dollars a month")
    done = console.say("yes")
    # THEN they are not promised to hear of each order: they hear it waits for reminders, and how to turn them on
    assert done.speech == (
        f"{TERMS[:-1]}, once I can tell you each time: your reorder reminders are off, so until you turn them on, "
        "I'll ask you when you next open Pantry Pal instead. To turn them on, say, turn on reminders."
    )
    assert done.asks_permission is None
    assert done.reprompt == "What else can I do?"


def test_turning_reminders_on_without_permission_asks_for_it(
    console: Console, services: Services, store: FakeShopperStore, shopper: str
) -> None:
    # GIVEN a shopper who turned reminders off and has not allowed notifications
    console.say("open pantry pal")
    console.say("turn off reminders")
    # WHEN they turn reminders on
    on = console.say("turn on reminders")
    # THEN Alexa asks for the permission, and the answer is recorded and followed by a sentence
    assert on.speech == (
        "Okay, reorder reminders are on. To remind you when you're not talking to me, I need your permission to "
        "send you notifications."
    )
    assert on.asks_permission is not None and on.asks_permission["token"] == "reminders"
    answer = console.answer_permission("ACCEPTED")
    assert answer.speech == "Thanks. I'll send you a notification when something's running low."
    assert store.profiles[shopper].notifications_permitted is True
    assert store.profiles[shopper].reminders_enabled is True
    # AND with the permission, turning reminders on again asks nothing
    again = console.say("turn on reminders")
    assert again.speech == "Okay, reorder reminders are on." and again.asks_permission is None


def test_reminders_turned_on_are_said_to_be_on_when_the_waiting_automatic_orders_cannot_be_rescheduled(
    console: Console, store: FakeShopperStore, reorder_store: FakeReorderStore, shopper: str
) -> None:
    # GIVEN a shopper who allowed notifications and turned reminders off
    console.say("open pantry pal")
    console.say("turn off reminders")
    store.profiles[shopper] = store.profiles[shopper].model_copy(update={"notifications_permitted": True})
    # AND the reorder store failing the next read of their states (once reminders are saved: the automatic
    # orders waiting for them are rescheduled)
    real = reorder_store.states

    def failing(shopper_id: str) -> Any:
        reorder_store.states = real  # type: ignore[method-assign]
        raise StorageError("query failed: injected")

    reorder_store.states = failing  # type: ignore[method-assign]
    # WHEN they turn reminders on
    on = console.say("turn on reminders")
    # THEN reminders are on, and they hear so (not that nothing was changed)
    assert store.profiles[shopper].reminders_enabled is True
    assert on.speech == "Okay, reorder reminders are on." and on.reprompt == "What else can I do?"


@pytest.mark.parametrize(
    ("request_changes", "permitted"),
    [
        # version 1 of the answer: one scope and its status
        ({"payload": {"permissionScope": SCOPE, "status": "ACCEPTED"}}, True),
        # the request failed: no answer, nothing changes
        ({"status": {"code": "500", "message": "Internal error"}, "payload": {}}, False),
        # an answer about another scope says nothing of notifications
        ({"payload": {"permissions": {"alexa::alerts:reminders:skill:readwrite": {"status": "ACCEPTED"}}}}, False),
    ],
    ids=["version-1", "failed", "other-scope"],
)
def test_alexas_permission_answer_as_sent_is_read_and_always_answered(
    console: Console, store: FakeShopperStore, shopper: str, request_changes: dict, permitted: bool
) -> None:
    # GIVEN Alexa asking for the permission after "turn on reminders"
    prompt = console.say("open pantry pal")
    assert console.say("turn on reminders").asks_permission is not None
    # WHEN its Connections.Response comes in this shape
    envelope = copy.deepcopy(console.envelopes.permission_answer("ACCEPTED", scope=SCOPE, token="reminders"))
    envelope["request"].update(request_changes)
    reply = console.send(envelope)
    # THEN the permission is recorded only from an answer about notifications, and the shopper always hears a
    # sentence and a question, never silence (the launch's reorder prompt, set aside by "turn on reminders", is asked
    # again after it)
    assert store.profiles[shopper].notifications_permitted is permitted
    assert reply.speech.startswith("Thanks." if permitted else "Okay. I'll remind you when you open Pantry Pal")
    assert reply.reprompt == prompt.reprompt and not reply.ends_session


def test_a_permission_answer_for_a_product_no_longer_sold_still_resumes(
    console: Console, store: FakeShopperStore, shopper: str
) -> None:
    # GIVEN Alexa's answer with a token naming no product of the catalog
    prompt = console.say("open pantry pal")
    envelope = console.envelopes.permission_answer("ACCEPTED", scope=SCOPE, token="auto_reorder:pp-9999")
    # WHEN it comes in
    reply = console.send(envelope)
    # THEN the permission is recorded and the conversation goes on, with the launch's reorder prompt asked again
    assert store.profiles[shopper].notifications_permitted is True
    assert reply.speech.startswith("Thanks. I'll send you a notification when something's running low. What about ")
    assert reply.reprompt == prompt.reprompt and not reply.ends_session


def test_the_monthly_cap_and_terms_still_work_once_permission_is_granted_by_the_alexa_app(
    console: Console, services: Services, store: FakeShopperStore, clock: SimulatedClock, shopper: str
) -> None:
    # GIVEN a shopper whose automatic reorder waits, who then allows notifications in the Alexa app
    set_up_towels(console)
    console.answer_permission("DENIED")
    notifier = ScriptedNotifier()
    clock.advance(timedelta(hours=1))
    run(services, notifier)
    assert auto_orders(store, shopper) == []
    console.send(console.envelopes.skill_event("permission_accepted_event"))
    # WHEN the scheduler runs through the next day
    for _ in range(25):
        clock.advance(timedelta(hours=1))
        run(services, notifier)
    # THEN the order is placed within the agreed terms, and told
    (order,) = auto_orders(store, shopper)
    assert order.total <= Decimal("50") and len(notifier.sent) >= 1


def towels_waiting_for_notifications(
    console: Console, services: Services, store: FakeShopperStore, clock: SimulatedClock
) -> ScriptedNotifier:
    """Automatic reorder of the paper towels (running low) set up without the permission: the scheduler's run has
    skipped it for want of notifications, to be tried again a day later."""
    set_up_towels(console)
    console.answer_permission("DENIED")
    notifier = ScriptedNotifier()
    clock.advance(timedelta(hours=1))
    run(services, notifier)
    assert auto_orders(store, console.envelopes.user_id) == []
    clock.advance(timedelta(hours=1))
    return notifier


def test_allowing_notifications_in_the_session_places_the_waiting_automatic_order_at_the_next_run(
    console: Console, services: Services, store: FakeShopperStore, clock: SimulatedClock, shopper: str
) -> None:
    # GIVEN an automatic reorder skipped for want of notifications
    notifier = towels_waiting_for_notifications(console, services, store, clock)
    # WHEN the shopper allows them, asked by voice ("turn on reminders")
    assert console.say("turn on reminders").asks_permission is not None
    console.answer_permission("ACCEPTED")
    # THEN the scheduler's next run places the order, and tells them, not a day later
    clock.advance(timedelta(hours=1))
    run(services, notifier)
    assert len(auto_orders(store, shopper)) == 1
    assert len(notifier.sent) == 1


def test_allowing_notifications_in_the_alexa_app_places_the_waiting_automatic_order_at_the_next_run(
    console: Console, services: Services, store: FakeShopperStore, clock: SimulatedClock, shopper: str
) -> None:
    # GIVEN an automatic reorder skipped for want of notifications
    notifier = towels_waiting_for_notifications(console, services, store, clock)
    # WHEN the shopper allows them in the Alexa app (a skill event, out of session)
    console.send(console.envelopes.skill_event("permission_accepted_event"))
    assert store.profiles[shopper].notifications_permitted is True
    # THEN the scheduler's next run places the order, and tells them
    clock.advance(timedelta(hours=1))
    run(services, notifier)
    assert len(auto_orders(store, shopper)) == 1
    assert len(notifier.sent) == 1
