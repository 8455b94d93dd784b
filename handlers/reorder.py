"""Predictive reorder in the conversation: lead with a due prompt, "what am I running low on?", and the
answers: yes (the normal order flow), not yet (snooze), no / never ask, automatic reorder, reminders off."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from catalog import Later, Product, names_a_product, resolve_choice
from handlers.base import Slot, Turn, is_intent
from handlers.base_handler import Handler
from handlers.flows import (
    NEVER_ASK,
    SNOOZE,
    STOP_AUTO,
    act_on_found,
    ask_auto_terms,
    ask_next_low,
    ask_pending_again,
    decline,
    decline_prompt,
    ensure_ordering_unlocked,
    left_as_is,
    offer_price,
    passed_prompts,
    prompt_after,
    propose_order,
    skip_listed,
    skip_to_next_listed,
)
from handlers.products import FoundKind, find_product, shoppers_pick
from handlers.session import Awaiting, Item, SessionState
from handlers.skill_events import AUTO_REORDER_TOKEN, REMINDERS_TOKEN, ask_for_notifications
from handlers.speech import Raw
from orders import Order
from reorder import FeedbackKind, NeverOrderedError
from reorder.policy import cannot_tell
from reorder.state import AutoSkip

if TYPE_CHECKING:
    from skill.bootstrap import Services

__all__ = [
    "accept_prompt",
    "answer_later",
    "answer_which",
    "confirm_auto_reorder",
    "handlers",
    "lead_with_prompt",
    "offer_stop_auto",
    "prompted_read_back",
]


def lead_with_prompt(turn: Turn) -> Response | None:
    """At launch: announce automatic orders, then ask about the most-due product, if any. While voice
    ordering is locked, the product is said to be running low with the lock and how to lift it, not offered."""
    service, speech, state = turn.services.reorder, turn.speech, turn.state
    announcements = service.announcements(turn.shopper_id)
    lead = [_placed_news(turn, announcements.placed)] if announcements.placed else []
    lead += [
        speech.raw(
            f"auto_skipped_{s.reason.value}",
            product=s.product.name,
            cap=s.terms.monthly_cap,
            price=s.product.price,
            max_price=s.terms.max_unit_price,
        )
        for s in announcements.skipped
    ]
    offer = service.prompt_for(turn.shopper_id)  # marked as asked: no notification of it follows this round
    if offer is None:
        if not lead:
            return None
        return turn.ask(" ".join([*lead, speech.say("anything_else")]), speech.say("reprompt_main"))
    if turn.ordering_locked:
        low = speech.say(
            "prompt_lead_locked",
            product=offer.product.name,
            interval=speech.every(offer.interval_days),
            locked=speech.raw("voice_code_is_locked"),
        )
        return turn.ask(" ".join([*lead, low]), speech.say("reprompt_main"))
    state.clear_pending()
    state.awaiting = Awaiting.REORDER_PROMPT
    state.prompt_product_id = offer.product.id
    state.choice_quantity = offer.quantity
    question = speech.say(
        "prompt_lead",
        product=offer.product.name,
        interval=speech.every(offer.interval_days),
        amount=speech.count(offer.quantity, offer.product.unit),
        price=offer.product.price * offer.quantity,
    )
    return turn.ask(" ".join([*lead, question]), speech.say("prompt_reprompt", product=offer.product.name))


def _placed_news(turn: Turn, placed: Sequence[Order]) -> Raw:
    """One sentence for the automatic orders placed since the shopper last heard, and how to cancel them:
    "cancel my last order" only when it reaches the one order told of; else by name ("cancel my X order"),
    which finds the latest order of that product that can still be cancelled."""
    speech, now = turn.speech, turn.services.clock.now()
    bought = Counter((line.name, line.quantity, line.unit) for order in placed for line in order.lines)
    summary = speech.join(  # the same product ordered again is said once, with how often
        [speech.repeated(speech.count_of(quantity, unit, name), times)
         for (name, quantity, unit), times in bought.items()]
    )
    cancellable = [order for order in placed if order.is_cancellable(now)]
    if not cancellable:
        return speech.raw("auto_orders_placed_final", summary=summary)
    latest = turn.services.shopping.recent_orders(turn.shopper_id, limit=1)
    if len(placed) == 1 and latest and latest[0].order_id == placed[0].order_id:
        return speech.raw("auto_orders_placed", summary=summary)
    names = list(dict.fromkeys(order.lines[0].name for order in cancellable))
    if len(placed) == 1:
        return speech.raw("auto_orders_placed_cancel_named", summary=summary, product=names[0])
    if len(cancellable) == len(placed):
        return speech.raw("auto_orders_placed_cancel_each", summary=summary, product=names[0])
    return speech.raw("auto_orders_placed_cancel_some", summary=summary, products=speech.join(names), product=names[0])


def accept_prompt(turn: Turn) -> Response:
    """Yes to a reorder prompt starts the normal order flow: quote, explicit confirmation, voice code."""
    product_id, quantity = turn.state.prompt_product_id, turn.state.choice_quantity or 1
    if product_id is None:
        turn.state.clear_pending()
        return turn.ask(turn.speech.say("nothing_pending"), turn.speech.say("reprompt_main"))
    turn.state.prompt_passed = passed_prompts(turn.state)  # asked about: the rest of the list is asked about after it
    return propose_order(turn, [Item(product_id=product_id, quantity=quantity)])


def _snooze_days(turn: Turn) -> float | None:
    """When the shopper asked to be reminded ("next week"): the SnoozeTime slot's id, "P7D"; else None."""
    when = turn.slot("When").resolved_id or ""
    if when.startswith("P") and when.endswith("D") and when[1:-1].isdigit():
        return float(when[1:-1])
    return None


def answer_later(turn: Turn, later: Later) -> Response:
    """"Not yet", "next week" with no product named: the reorder prompt pending is snoozed (till then). Any
    other question ("Should I order it?") is asked again, with how to decline it: nothing is kept for later."""
    pending = turn.state.awaiting not in (None, Awaiting.REORDER_PROMPT) and not prompted_read_back(turn.state)
    if pending and (asked := ask_pending_again(turn, "later_pending")) is not None:
        return asked
    return decline_prompt(turn, FeedbackKind.SNOOZE, not_before=later.days)


def prompted_read_back(state: SessionState) -> bool:
    """Whether the order read back (or waiting for its voice code) is the one a reorder prompt offered ("Shall
    I order coffee?" - "yes"): "not yet" or "never ask about this" there answer that prompt, and drop the order."""
    return state.awaiting in (Awaiting.ORDER_CONFIRMATION, Awaiting.VOICE_CODE) and state.prompt_product_id is not None


# The questions about one product of a list taken one at a time, which "skip" passes over.
_LISTED_QUESTIONS = frozenset(
    {Awaiting.ORDER_CONFIRMATION, Awaiting.VOICE_CODE, Awaiting.PRODUCT_CHOICE, Awaiting.SUGGESTION, Awaiting.QUANTITY}
)


class RunningLowHandler(Handler):
    """"What am I running low on?"; and "what else?" or "skip", which pass over the product being asked
    about (no answer is recorded for it) to the next one listed, or list what else is low. "Skip" at a
    product of a spoken list taken one at a time goes on to the next product of that list; at any other
    question (a read-back, "did you mean ...?", a price offer) it means "no, not this one", as "no" does."""

    answers_pending = True  # a question "skip" does not answer is forgotten below, as for any other request

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent(handler_input, "RunningLowIntent", "WhatElseIntent", "SkipIntent")

    def respond(self, turn: Turn) -> Response:
        speech, state = turn.speech, turn.state
        if is_intent(turn.input, "SkipIntent") and state.listed is not None and state.awaiting in _LISTED_QUESTIONS:
            return skip_listed(turn)
        if is_intent(turn.input, "SkipIntent") and state.awaiting not in (None, Awaiting.REORDER_PROMPT):
            return decline(turn)
        skipped: set[str] = set()
        if is_intent(turn.input, "WhatElseIntent", "SkipIntent") and state.awaiting is Awaiting.REORDER_PROMPT:
            upcoming = list(state.prompt_next)
            skipped = set(passed_prompts(state))
            if asked := ask_next_low(turn, upcoming):
                return asked
        state.prompt_aside = False  # a reorder prompt set aside: listed anew, if still low
        state.clear_pending()
        state.prompt_passed = sorted(skipped)
        offers = [
            offer
            for offer in self.services.reorder.running_low(turn.shopper_id, limit=3 + len(skipped))
            if offer.product.id not in skipped
        ]
        # "Remind me next week": still low, so listed when asked, but not asked about before then.
        held = speech.join([offer.product.name for offer in offers if offer.snoozed_until is not None][:3])
        low = [offer for offer in offers if offer.snoozed_until is None][:3]
        if not low:
            if held:
                return turn.ask(speech.say("running_low_only_held", items=held), speech.say("reprompt_main"))
            if skipped:
                return turn.ask(speech.say("running_low_no_more"), speech.say("reprompt_main"))
            return turn.ask(speech.say("running_low_none"), speech.say("reprompt_main"))
        self.services.reorder.asked(turn.shopper_id, low)
        first = low[0]
        reason = speech.raw(
            "running_low_reason",
            product=first.product.name,
            interval=speech.every(first.interval_days),
            since=speech.days(first.days_since_last),
        )
        items = speech.join([item.product.name for item in low])
        held_now = speech.raw("running_low_held", items=held) if held else ""
        if turn.ordering_locked:
            # A yes to "Shall I order ...?" could only be refused: the lock, and how to lift it, instead.
            locked = speech.raw("voice_code_is_locked")
            return turn.ask(
                speech.say("running_low_locked", items=items, reason=reason, held=held_now, locked=locked),
                speech.say("reprompt_main"),
            )
        state.awaiting = Awaiting.REORDER_PROMPT
        state.prompt_product_id = first.product.id
        state.choice_quantity = first.quantity
        state.prompt_next = [Item(product_id=o.product.id, quantity=o.quantity) for o in low[1:]]
        return turn.ask(
            speech.say("running_low", items=items, reason=reason, held=held_now, first=first.product.name),
            speech.say("prompt_reprompt", product=first.product.name),
        )


class SnoozeHandler(Handler):
    """"not yet", "remind me next week"; "I still have plenty of coffee" (that product, whatever is being
    asked at the time). Said to another question, "not yet" asks it again (see :func:`answer_later`)."""

    answers_pending = True

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent(handler_input, "SnoozeIntent")

    def respond(self, turn: Turn) -> Response:
        if not turn.slot("Product").value:
            return answer_later(turn, Later(_snooze_days(turn)))
        return _answer_named(turn, FeedbackKind.SNOOZE)


class NeverAskHandler(Handler):
    """"never ask me about this": the reorder prompt pending, also at the read-back of the order it offered;
    "never ask me about coffee" (see :func:`_answer_named`)."""

    answers_pending = frozenset({Awaiting.REORDER_PROMPT, Awaiting.ORDER_CONFIRMATION, Awaiting.VOICE_CODE})

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent(handler_input, "NeverAskIntent")

    def respond(self, turn: Turn) -> Response:
        if turn.state.awaiting is not Awaiting.REORDER_PROMPT and not prompted_read_back(turn.state):
            turn.state.clear_pending()  # an order the shopper asked for: no reorder prompt was asked
        if not turn.slot("Product").value:
            return decline_prompt(turn, FeedbackKind.NEVER)  # "never ask about this": the product asked about
        return _answer_named(turn, FeedbackKind.NEVER)


def _answer_named(turn: Turn, kind: FeedbackKind) -> Response:
    """"I don't need coffee", "never ask me about coffee": an answer about the product named (the
    shopper's own among those the phrase fits), whatever is being asked at the time. At a reorder prompt, a
    phrase that names no product ("I don't need the stuff", "never ask me about that thing") is about the
    product asked about; elsewhere, or when the phrase names none sure, which product is asked, and the answer
    to that does it."""
    state, said = turn.state, turn.slot("Product")
    not_before = _snooze_days(turn) if kind is FeedbackKind.SNOOZE else None
    product = shoppers_pick(turn, said)
    prompted = state.awaiting is Awaiting.REORDER_PROMPT or prompted_read_back(state)
    if product is None and prompted and not names_a_product(said.value or ""):
        return decline_prompt(turn, kind, not_before=not_before)
    if product is not None and state.awaiting is Awaiting.REORDER_PROMPT and product.id == state.prompt_product_id:
        return decline_prompt(turn, kind, not_before=not_before)  # "I don't need paper towels", asked about them
    prompt_after(state)  # "Shall I order coffee?" - "never ask me about milk": coffee is asked about after it
    state.clear_pending()
    action = NEVER_ASK if kind is FeedbackKind.NEVER else SNOOZE
    if product is None:
        state.awaiting, state.choice_action, state.snooze_days = Awaiting.PRODUCT, action, not_before
        return turn.ask(turn.speech.say("which_product_meant"), turn.speech.say("which_product_reprompt"))
    return _answer_about(turn, [product], action, snooze_days=not_before)


def _answer_about(
    turn: Turn, products: Sequence[Product], action: str, *, snooze_days: float | None = None
) -> Response:
    """Do the reorder answer ``action`` with ``products`` (several only to stop their automatic reorder), and
    say so; ``snooze_days``: the days said for a snooze ("next week")."""
    speech, service = turn.speech, turn.services.reorder
    turn.state.clear_pending(keep_list=True)  # a reorder prompt set aside is asked again after the answer
    if action == STOP_AUTO:
        stopped = [p.name for p in products if service.stop_auto(turn.shopper_id, p.id)]
        if not stopped:
            said = speech.say("auto_reorder_not_on", product=products[0].name)
        else:
            said = speech.say("auto_reorder_off", product=speech.join(stopped))
        return skip_to_next_listed(turn, said) or turn.ask(said, speech.say("anything_else"))
    product = products[0]
    kind = FeedbackKind.NEVER if action == NEVER_ASK else FeedbackKind.SNOOZE
    days = service.answer(turn.shopper_id, product.id, kind, not_before_days=snooze_days)
    if kind is FeedbackKind.NEVER:
        answered = speech.say("never_ask", product=product.name)
    else:
        answered = speech.say("snoozed_product", product=product.name, days=speech.days(days))
    return turn.ask(answered, speech.say("anything_else"))


def answer_which(turn: Turn, said: Slot | None) -> Response:
    """The answer to "which product do you mean?" (or "which one should I stop?") asked for a reorder answer:
    the product named, or picked among those offered ("the first one", "both"), gets that answer; ``None``,
    a yes, picks the one product offered. Anything else keeps the question, asked again."""
    state, speech = turn.state, turn.speech
    options = turn.services.products(state.choices)
    picked = resolve_choice(said.value or "", options) if said is not None and options else None
    if picked is not None and picked.neither:
        return left_as_is(turn)
    chosen: list[Product] = []
    if said is None:
        chosen = options[:1] if len(options) == 1 else []
    elif picked is not None and picked.every and state.choice_action == STOP_AUTO:
        chosen = options
    elif picked is not None and picked.index is not None:
        chosen = [options[picked.index]]
    elif (product := shoppers_pick(turn, said)) is not None:
        chosen = [product]
    if chosen:
        return _answer_about(turn, chosen, state.choice_action, snooze_days=state.snooze_days)
    if said is not None and said.value and names_a_product(said.value):
        asked = ask_pending_again(turn, "not_found_pending", heard=speech.heard(said.value))
    else:
        asked = ask_pending_again(turn, "question_again")
    return asked if asked is not None else turn.ask(speech.say("which_product_meant"), speech.say("reprompt_main"))


def offer_stop_auto(turn: Turn) -> Response:
    """"Stop automatic reorder", "cancel my subscription" with no product named (or none sure): the products
    on automatic reorder, by name, and whether to stop it (which one, of several)."""
    speech, state = turn.speech, turn.state
    on_auto = turn.services.products(turn.services.reorder.auto_reorders(turn.shopper_id))
    state.clear_pending(keep_list=True)  # a reorder prompt set aside (see StopAutoReorderHandler) stays
    if not on_auto:
        none = skip_to_next_listed(turn, speech.say("auto_reorder_none_then"))
        return none or turn.ask(speech.say("auto_reorder_none"), speech.say("anything_else"))
    state.awaiting, state.choice_action, state.choices = Awaiting.PRODUCT, STOP_AUTO, [p.id for p in on_auto]
    if len(on_auto) == 1:
        name = on_auto[0].name
        reprompt = speech.say("auto_reorder_stop_one_reprompt", product=name)
        return turn.ask(speech.say("auto_reorder_stop_one", product=name), reprompt)
    names = [p.name for p in on_auto]
    return turn.ask(
        speech.say("auto_reorder_stop_which", products=speech.join(names)),
        speech.say("auto_reorder_stop_which_reprompt", options=speech.join(names, conjunction="or")),
    )


class StopAutoReorderHandler(Handler):
    """"stop reordering paper towels automatically": the product is opted out of automatic reorder; with no
    product named (or none sure), those on automatic reorder are named, and the shopper asked which. Said at
    a reorder prompt ("Shall I order coffee?"), the prompt is asked again after the answer."""

    answers_pending = frozenset({Awaiting.REORDER_PROMPT})  # set aside below, not answered

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent(handler_input, "StopAutoReorderIntent")

    def respond(self, turn: Turn) -> Response:
        prompt_after(turn.state)
        turn.state.clear_pending(keep_list=True)
        product = shoppers_pick(turn, turn.slot("Product"))
        if product is None:
            return offer_stop_auto(turn)
        return _answer_about(turn, [product], STOP_AUTO)


class RemindersHandler(Handler):
    """"stop reorder reminders" / "turn on reorder reminders"."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent(handler_input, "StopRemindersIntent", "StartRemindersIntent")

    def respond(self, turn: Turn) -> Response:
        enabled = is_intent(turn.input, "StartRemindersIntent")
        self.services.reorder.set_reminders(turn.shopper_id, enabled=enabled)
        if not enabled:
            turn.state.prompt_aside = False  # said at a reorder prompt: it is not asked again either
        turn.state.clear_pending()
        notifiable = turn.profile is not None and turn.profile.notifiable  # read after the write above
        if cannot_tell(reminders_enabled=enabled, notifiable=notifiable) is AutoSkip.NO_NOTIFICATIONS:
            return ask_for_notifications(turn, turn.speech.say("reminders_on_ask_permission"), REMINDERS_TOKEN)
        if enabled:
            key = "reminders_on"
        else:  # automatic orders can't be told of now: they wait for the shopper, who hears that here
            key = "reminders_off_auto" if self.services.reorder.has_auto(turn.shopper_id) else "reminders_off"
        return turn.ask(turn.speech.say(key), turn.speech.say("anything_else"))


class AutoReorderHandler(Handler):
    """"reorder paper towels automatically", then "up to forty dollars a month", then an explicit yes.

    A standing order spends money without asking each time, so it is set up only on a yes to its terms
    read back in full. A monthly cap said when no automatic reorder is being set up opts nothing in.
    """

    # A monthly cap ("thirty dollars") said at another question keeps it, asked again (see respond).
    answers_pending = True

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent(handler_input, "AutoReorderIntent", "MonthlyCapIntent")

    def respond(self, turn: Turn) -> Response:
        speech, state = turn.speech, turn.state
        cap, cents = turn.slot("Cap").value, turn.slot("Cents").value
        if cap and cents:
            # "twenty one dollars and seventy six cents": Alexa's NUMBER slots carry whole numbers only.
            cap = f"{cap} dollars and {cents} cents"
        if is_intent(turn.input, "AutoReorderIntent"):
            prompt_after(state)  # a reorder prompt is asked again after it (not when it sets up the prompt's product)
            state.clear_pending()  # a new request, in place of any question pending
            ensure_ordering_unlocked(turn)  # its terms could not be agreed to: said now, not after them
            found = find_product(turn, turn.slot("Product"))
            if found.kind is FoundKind.MATCHED:
                return ask_auto_terms(turn, found.products[0], cap)
            # "Did you mean Jif or Skippy?", a suggestion, or "which product?": the pick is set up
            # to reorder automatically (its monthly cap is asked for then), never ordered once.
            return act_on_found(turn, found, None, "auto_reorder")
        if state.awaiting not in (Awaiting.AUTO_REORDER_CAP, Awaiting.AUTO_REORDER_CONFIRMATION):
            # "Should I order it?" - "thirty dollars": no answer to it, and it stays, asked again. Out of the
            # blue: nothing is being set up, so nothing is opted in.
            if state.awaiting is not None and (asked := ask_pending_again(turn, "money_not_asked")) is not None:
                return asked
            state.clear_pending()
            return turn.ask(speech.say("auto_reorder_how"), speech.say("reprompt_main"))
        product = self.services.catalog.get(state.auto_product_id or "")
        if product is None:
            state.clear_pending()
            return turn.ask(speech.say("which_product"), speech.say("which_product_reprompt"))
        return ask_auto_terms(turn, product, cap)


# What the shopper hears of an automatic reorder set up, by why no notification could tell of its orders.
_AUTO_REORDER_ON: dict[AutoSkip | None, str] = {
    None: "auto_reorder_on",
    AutoSkip.REMINDERS_OFF: "auto_reorder_on_reminders_off",
    AutoSkip.NO_NOTIFICATIONS: "auto_reorder_on_ask_permission",
}


def confirm_auto_reorder(turn: Turn) -> Response:
    """The yes to an automatic reorder's terms: opt the product in. Each automatic order is told of by a
    notification, so it is placed only when one can go out: without the permission, Alexa asks for it now;
    with reminders off, the shopper hears that they will be asked at launch instead."""
    speech, state = turn.speech, turn.state
    product_id, cap = state.auto_product_id, state.auto_cap
    state.clear_pending()
    product = turn.services.catalog.get(product_id or "")
    if product is None or cap is None:
        return turn.ask(speech.say("nothing_pending"), speech.say("reprompt_main"))
    try:
        setting = turn.services.reorder.set_auto(turn.shopper_id, product.id, monthly_cap=Decimal(cap))
    except NeverOrderedError:  # its only order was cancelled since the terms were read back
        return offer_price(turn, product, "order", key="auto_reorder_order_first")
    window = turn.services.shopping.auto_cancel_window.total_seconds()
    profile = turn.profile or turn.services.shopping.profile(turn.shopper_id)  # made for the settings it reads
    key = _AUTO_REORDER_ON[cannot_tell(reminders_enabled=profile.reminders_enabled, notifiable=profile.notifiable)]
    said = speech.say(
        key,
        amount=speech.count_of(setting.quantity, product.unit, product.name),
        cap=setting.monthly_cap,
        price=setting.max_unit_price,
        window=speech.duration(window),
    )
    if key == "auto_reorder_on_ask_permission":
        return ask_for_notifications(turn, said, f"{AUTO_REORDER_TOKEN}{product.id}")
    return turn.ask(said, speech.say("anything_else"))


def handlers(services: Services) -> list[Handler]:
    """The reorder handlers, in dispatch order."""
    return [
        cls(services)
        for cls in (
            RunningLowHandler,
            SnoozeHandler,
            NeverAskHandler,
            RemindersHandler,
            AutoReorderHandler,
            StopAutoReorderHandler,
        )
    ]
