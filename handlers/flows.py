"""Conversation steps shared by several handlers: propose an order, place it, offer a choice."""

from __future__ import annotations

import logging
from collections.abc import Collection, Sequence
from dataclasses import replace
from datetime import timedelta
from decimal import Decimal
from typing import NamedTuple

from ask_sdk_model import Response

from catalog import Product, SaidCount, amount_said_in, count_said_in, said_count, said_without_count
from handlers.base import Slot, Turn
from handlers.products import Found, FoundKind, find_product
from handlers.session import Awaiting, Item, Listed, SessionState
from handlers.speech import Raw
from orders import (
    HISTORY_ORDERS,
    CartLine,
    CartQuote,
    Order,
    OrderSource,
    Placed,
    Quote,
    StorageError,
    VoiceCodeLockedError,
    new_order_id,
)
from reorder import CapBelowOneOrderError, CapTooHighError, FeedbackKind, NeverOrderedError
from skill.deadline import SKILL_TIMEOUT_SECONDS

__all__ = [
    "NEVER_ASK",
    "REORDER_ANSWERS",
    "SNOOZE",
    "STOP_AUTO",
    "Proposed",
    "act_on_listed",
    "add_all_to_cart",
    "answer_quantity",
    "ask_auto_terms",
    "ask_choice_again",
    "ask_next_low",
    "ask_pending_again",
    "ask_whole_count",
    "asked_again",
    "decline",
    "decline_prompt",
    "describe_cart",
    "describe_lines",
    "describe_options",
    "ensure_ordering_unlocked",
    "follow_up",
    "follow_up_unreported",
    "left_as_is",
    "next_listed",
    "none_of",
    "offer_choice",
    "offer_instead",
    "offer_price",
    "outcome_of_pending",
    "passed_prompts",
    "place_pending",
    "prompt_after",
    "prompt_again",
    "propose_order",
    "proposed_product",
    "reject_quantity",
    "repeat_last",
    "run_listeners",
    "run_listeners_pending",
    "said_gone",
    "said_went_through",
    "settle",
    "settle_unknown_outcome",
    "skip_listed",
    "skip_to_next_listed",
    "take_all",
]


logger = logging.getLogger("pantry_pal.skill")

_MAX_MONTHLY_CAP = Decimal(10_000)  # an automatic reorder's monthly cap above this is no cap anyone means


def reject_quantity(turn: Turn, quantity: int) -> Response | None:
    """A spoken quantity below one gets a clear answer and a reprompt (limits catch the large ones).

    The answer asks "how many?", so that is the question now pending, about the product on offer
    if there is one: a yes can no longer confirm what was read back before ("make it zero", "yes").
    """
    if quantity >= 1:
        return None
    state = turn.state
    offered = proposed_product(state)
    state.clear_pending(keep_list=True)
    if offered is not None:
        state.awaiting = Awaiting.QUANTITY
        state.choices = [offered.product_id]
        state.choice_action = offered.action
    shown = "that" if quantity < 0 else str(quantity)
    return turn.ask(turn.speech.say("bad_quantity", quantity=shown), turn.speech.say("how_many"))


def ask_whole_count(turn: Turn, product: Product, action: str) -> Response:
    """A count said of no whole number of packs ("2.5 bags of purina one"): nothing is read back, and the shopper
    is asked how many of ``product``, in its packs. As at :func:`reject_quantity`, "how many?" is the question
    now pending, about ``product``, and its answer does ``action``."""
    state, speech = turn.state, turn.speech
    state.clear_pending(keep_list=True)
    state.awaiting = Awaiting.QUANTITY
    state.choices = [product.id]
    state.choice_action = action
    packs = speech.plural(speech.pack_word(product.unit))
    return turn.ask(
        speech.say("whole_packs_only", product=product.name, packs=packs), speech.say("how_many_packs", packs=packs)
    )


def describe_lines(turn: Turn, quote_or_order: Quote | Order, *, sized: Collection[str] = ()) -> str:
    """"two bags of Peet's and one carton of eggs"; the products in ``sized`` (the shopper said a size)
    with their size: "one gallon jug of Good & Gather Whole Milk"."""
    speech = turn.speech
    lines = []
    for line in quote_or_order.lines:
        measure = _measure_of(turn, line.product_id) if line.product_id in sized else None
        if measure is not None:
            lines.append(speech.sized_count_of(line.quantity, line.unit, measure, line.name))
        else:
            lines.append(speech.count_of(line.quantity, line.unit, line.name))
    return speech.join(lines)


def _measure_of(turn: Turn, product_id: str) -> tuple[Decimal, str] | None:
    product = turn.services.catalog.get(product_id)
    return product.measure if product is not None else None


def said_gone(turn: Turn, gone: Sequence[CartLine]) -> str:
    """ "X is no longer sold, so I've taken it out of your cart." of cart lines whose product left the catalog
    (named as they were added; a line stored without its name is "another item"); "" when there are none."""
    speech = turn.speech
    if not gone:
        return ""
    many = "_many" if len(gone) > 1 else ""
    names = [line.name for line in gone if line.name]
    if not names:
        return speech.say(f"cart_gone_unnamed{many}")
    names += [speech.say("cart_gone_other")] * (len(gone) - len(names))
    return speech.say(f"cart_gone{many}", products=speech.join(names))


def describe_cart(turn: Turn, cart: CartQuote) -> str:
    """"Your cart has two bags of Peet's. That's $25.96 with tax.", and, of lines out of stock, "It also has one
    carton of X, which is out of stock right now.": they stay in the cart, outside its total. Lines no longer
    sold, just taken out of it, are said first."""
    speech = turn.speech
    if cart.gone:
        gone = said_gone(turn, cart.gone)
        rest = describe_cart(turn, replace(cart, gone=()))
        return f"{gone} {rest}"
    if not cart.out_of_stock and cart.quote is None:
        return speech.say("cart_now_empty")
    if not cart.out_of_stock and cart.quote is not None:
        return speech.say("cart_contents", lines=describe_lines(turn, cart.quote), total=cart.quote.total)
    out = speech.join([speech.count_of(count, product.unit, product.name) for product, count in cart.out_of_stock])
    many = "_many" if len(cart.out_of_stock) > 1 else ""
    if cart.quote is None:
        return speech.say(f"cart_contents_all_out_of_stock{many}", out=out)
    lines = describe_lines(turn, cart.quote)
    return speech.say(f"cart_contents_out_of_stock{many}", lines=lines, total=cart.quote.total, out=out)


def _cart_added(turn: Turn, key: str, fallback: Decimal, **values: str) -> str:
    """"I've added ... Your cart comes to $9.49 with tax." (``key``; ``fallback``, the total when the cart cannot
    be priced), the total of what the cart can order now; lines out of stock, outside it, are named after it."""
    speech = turn.speech
    cart = turn.services.shopping.cart_quote(turn.shopper_id)
    quote = cart.quote if cart is not None else None
    said = speech.say(key, total=quote.total if quote is not None else fallback, **values)
    if cart is not None and cart.gone:
        said = f"{said} {said_gone(turn, cart.gone)}"
    if cart is None or not cart.out_of_stock:
        return said
    out = speech.join([product.name for product, _ in cart.out_of_stock])
    many = "_many" if len(cart.out_of_stock) > 1 else ""
    return f"{said} {speech.say(f'cart_total_leaves_out{many}', products=out)}"



def ensure_ordering_unlocked(turn: Turn) -> None:
    """Raise ``VoiceCodeLockedError`` when three wrong voice codes have locked voice ordering.

    Called before an order (or an automatic reorder) is looked up, asked about or read back: a yes to
    it could only be refused, so the shopper hears the lock, and how to lift it, first. Cart adds stay open.
    """
    if turn.ordering_locked:
        raise VoiceCodeLockedError("voice ordering is locked")


def propose_order(turn: Turn, items: Sequence[Item], *, from_cart: bool = False) -> Response:
    """Quote ``items`` from the catalog now and ask for an explicit yes; the order id is minted here. Those out
    of stock are left out, saying so (``from_cart``: the cart's check-out, they stay in the cart)."""
    services, speech, state = turn.services, turn.speech, turn.state
    ensure_ordering_unlocked(turn)
    asked = len(items)
    items, instead = _in_stock_items(turn, items, from_cart=from_cart)
    if instead is not None:
        return instead
    quote = services.shopping.quote(turn.shopper_id, [(i.product_id, i.quantity) for i in items])
    # The read-back of the product a reorder prompt asked about: "not yet" or "never ask" still answer that prompt.
    prompted = state.prompt_product_id if [i.product_id for i in items] == [state.prompt_product_id] else None
    state.clear_pending(keep_list=True)
    _aside_settled(state, [i.product_id for i in items])
    state.awaiting = Awaiting.ORDER_CONFIRMATION
    state.prompt_product_id = None if from_cart else prompted
    state.order_id = new_order_id(services.clock.now())
    state.items = list(items)
    state.from_cart = from_cart
    if from_cart:
        rest = "_rest" if len(items) < asked else ""  # "The rest of your cart is ...": some of it is out of stock
        return turn.ask(
            speech.say(f"confirm_checkout{rest}", lines=describe_lines(turn, quote), total=quote.total),
            speech.say(f"confirm_checkout{rest}_reprompt"),
        )
    sized = {i.product_id for i in items if i.sized}
    if len(quote.lines) > 1:
        return turn.ask(
            speech.say("confirm_order_many", lines=describe_lines(turn, quote, sized=sized), total=quote.total),
            speech.say("confirm_order_many_reprompt"),
        )
    line = quote.lines[0]
    measure = _measure_of(turn, line.product_id) if line.product_id in sized else None
    return turn.ask(
        speech.say(
            "confirm_order",
            product=line.name,
            amount=(
                speech.sized_count(line.quantity, line.unit, measure)
                if measure is not None
                else speech.count(line.quantity, line.unit)
            ),
            unit_price=line.unit_price,
            total=quote.total,
        ),
        speech.say("confirm_order_reprompt", product=line.name),
    )


def _in_stock_items(
    turn: Turn, items: Sequence[Item], *, from_cart: bool = False
) -> tuple[Sequence[Item], Response | None]:
    """``items`` without those out of stock, which the shopper hears were left out (in ``turn.lead``); or, when
    none is left, the answer: one like it offered instead of an order of one product, else what instead?
    ``from_cart``: the cart's lines at its check-out, where those out of stock stay in the cart for later."""
    speech = turn.speech
    out = [p for p in turn.services.products([i.product_id for i in items]) if not p.in_stock]
    if not out:
        return items, None
    if len(out) == len(items) == 1 and not from_cart:
        return items, offer_substitute(turn, out[0], items[0].quantity, "order")
    names = speech.join([p.name for p in out])
    many = "_many" if len(out) > 1 else ""
    if not (left := [i for i in items if i.product_id not in {p.id for p in out}]):
        turn.state.clear_pending(keep_list=True)
        if from_cart:  # the cart keeps them: nothing of it can be ordered now
            all_out = speech.say(f"checkout_all_out_of_stock{many}", products=names)
            return left, turn.ask(all_out, speech.say("anything_else"))
        return left, turn.ask(speech.say("out_of_stock_all", products=names), speech.say("which_product_reprompt"))
    left_out = speech.say(f"{'checkout' if from_cart else 'out_of_stock'}_left_out{many}", products=names)
    turn.lead = " ".join(part for part in (turn.lead, left_out) if part)
    return left, None


def place_pending(turn: Turn, *, timezone: str | None) -> Response:
    """Place the order awaiting confirmation (once: a repeated yes finds the same order id).

    ``timezone``: the shopper's, from the profile the caller has just read (for the card's times).
    """
    services, speech, state = turn.services, turn.speech, turn.state
    if not state.order_id or not state.items:
        state.clear_pending()
        return turn.ask(speech.say("nothing_pending"), speech.say("reprompt_main"))
    placed = services.shopping.place(
        turn.shopper_id,
        state.order_id,
        [(i.product_id, i.quantity) for i in state.items],
        from_cart=state.from_cart,
        prompted=state.prompt_product_id is not None and not state.from_cart,  # the read-back of a reorder prompt
    )
    state.clear_pending(keep_list=True)
    return next_listed(turn, _said_placed(turn, placed, timezone=timezone), speech.say("anything_else"))


# Questions whose reprompt leaves out what the shopper must hear again (the names offered, the order to
# cancel, the price, an order's total, an automatic reorder's limits): help repeats them as asked, then how
# to answer, so a yes after help agrees to terms just heard in full.
_YES_OR_NO = frozenset(
    {
        Awaiting.SUGGESTION,
        Awaiting.PRICE_OFFER,
        Awaiting.CANCEL_CONFIRMATION,
        Awaiting.ORDER_CONFIRMATION,
        Awaiting.AUTO_REORDER_CONFIRMATION,
        Awaiting.EMPTY_CART_CONFIRMATION,
    }
)
_ASKED_IN_FULL = _YES_OR_NO | {Awaiting.PRODUCT_CHOICE}


def ask_pending_again(turn: Turn, lead: str, *, in_full: bool = True, **values: str) -> Response | None:
    """The pending question asked again after ``lead`` (a speech key with a ``{question}``, and ``values``);
    ``None`` when no question is pending, for callers that answer otherwise then ("help", "hello");
    :func:`asked_again` is this for callers whose request has no answer of its own, and says the
    last answer again (:func:`repeat_last`) when nothing is pending. Nothing is decided: the
    question stays the one a yes or a no answers. Not ``in_full``: the question alone (a suggestion's by
    name), not as first asked, when that would say ``lead``'s news twice ("Sorry, I couldn't find ...")."""
    speech, state = turn.speech, turn.state
    question, asked = state.question, state.asked  # as asked, without the news before it
    if state.awaiting is None or not question:
        return None
    if state.awaiting is Awaiting.SUGGESTION and state.choices:
        # One product offered: its reprompt asks yes or no about it by name (not "the first one").
        offered = turn.services.products(state.choices[:1])
        if offered:
            question = speech.say("suggestion_reprompt", product=offered[0].name)
    if asked and state.awaiting in _ASKED_IN_FULL and not in_full:
        return turn.ask(speech.say(lead, question=Raw(question), **values), question, again=True, repeat=asked)
    if asked and state.awaiting in _ASKED_IN_FULL:
        # The question as first asked, with its names and price, then how to answer it.
        hint = speech.say("help_yes_no") if state.awaiting in _YES_OR_NO else question
        # A second "help" or "say that again" asks the question, not this answer.
        return turn.ask(speech.say(lead, question=Raw(f"{asked} {hint}"), **values), question, again=True, repeat=asked)
    return turn.ask(speech.say(lead, question=Raw(question), **values), question)


def repeat_last(turn: Turn, *, question_only: bool = False) -> Response:
    """Say the last answer again; the pending question, if any, stays the one to answer. With
    ``question_only`` ("how much is that?" about what is read back), only that question as asked, without
    the news said before it ("Done. I've ordered ... Next, ...")."""
    speech, state = turn.speech, turn.state
    asked = state.asked
    said = asked if question_only and asked else state.last_speech
    if not said:
        return turn.ask(speech.say("reprompt_main"), speech.say("reprompt_main"))
    # The question as asked stays, even when the news before it was said again.
    return turn.ask(said, state.question or speech.say("anything_else"), again=True)


def asked_again(turn: Turn, lead: str, *, in_full: bool = True, **values: str) -> Response:
    """The pending read-back or terms asked again, in full, after ``lead`` (a key with ``{question}``, and
    ``values``): :func:`ask_pending_again`, for a request with no answer of its own, so never
    ``None``: with no question pending (or none recorded), the last answer is said again (:func:`repeat_last`),
    as "say that again" would."""
    asked = ask_pending_again(turn, lead, in_full=in_full, **values)
    return asked if asked is not None else repeat_last(turn)


def ask_choice_again(turn: Turn, options: Sequence[Product]) -> Response:
    """An open choice between ``options`` (products or cart lines) not answered: asked again, with their names."""
    speech = turn.speech
    names = speech.join([p.name for p in options], conjunction="or")
    return turn.ask(speech.say("choice_unclear", options=names), speech.say("did_you_mean_reprompt"))


def outcome_of_pending(turn: Turn) -> str | None:
    """What an order whose write went unanswered ("I couldn't confirm whether your order went through") is
    answered with when the shopper declines it ("no", "cancel", "stop"): never that nothing was ordered, since it
    may have been. One read tells: it went through (said, with its receipt, as a yes that finds it says it), it
    did not, or it is still unknown, and how to check. ``None`` when no such order is pending; the caller then
    forgets the question."""
    if not _outcome_pending(turn.state):
        return None
    if turn.account_unresolved:  # the shopper's orders cannot be read: not "not placed"
        return turn.speech.say("order_outcome_still_unknown")
    try:
        return _found_outcome(turn)
    except StorageError:
        return turn.speech.say("order_outcome_still_unknown")


def _outcome_pending(state: SessionState) -> bool:
    """Whether an order whose write went unanswered is pending."""
    return state.outcome_unknown and bool(state.order_id) and state.awaiting in _ORDER_PENDING


def _found_outcome(turn: Turn) -> str:
    """What one read tells of the pending order of unknown outcome: it went through (said, and followed up if no
    call has), or it did not. Raises :class:`StorageError` when it cannot be read."""
    services, speech, state = turn.services, turn.speech, turn.state
    profile = turn.profile
    placed = services.shopping.placed_order(turn.shopper_id, state.order_id or "")
    if placed is None:
        return speech.say("order_outcome_not_placed")
    return _said_placed(turn, placed, timezone=profile.timezone if profile is not None else None)


_ORDER_PENDING = frozenset({Awaiting.ORDER_CONFIRMATION, Awaiting.VOICE_CODE})


def _said_placed(turn: Turn, placed: Placed, *, timezone: str | None) -> str:
    """An order placed, as said (and recorded done): its follow-up (listeners, receipt card) run once per order,
    by the call that holds it (``Placed.follow_up``)."""
    services, speech = turn.services, turn.speech
    order = placed.order
    summary = describe_lines(turn, order)
    if not placed.follow_up:  # told already, to this yes delivered again or to an earlier yes
        done = speech.say("order_already_placed", summary=summary, total=order.total)
        turn.record_done(done)  # whatever fails next (the list's next product) cannot unsay it
        return done
    # Once per order: by this yes, or by the yes again that found it (the answer to its write was lost).
    follow_up(turn, order, timezone=timezone)
    if placed.created:
        window = speech.duration(services.shopping.cancel_window.total_seconds())
        done = speech.say("order_placed", summary=summary, total=order.total, window=window)
    else:  # the shopper was told its outcome was unknown: this is the first they hear it went through
        done = said_went_through(turn, [order])
    turn.record_done(done)
    return done


def follow_up(turn: Turn, order: Order, *, timezone: str | None) -> None:
    """The follow-up of ``order``, run by the one call that holds its claim (``Placed.follow_up``): the order
    listeners (the reorder schedule, :func:`run_listeners`) and the receipt card."""
    speech = turn.speech
    if not run_listeners(turn, order) and order.order_id not in turn.state.listeners_pending:
        turn.state.listeners_pending.append(order.order_id)  # the session's next request runs them
    receipt = [
        speech.text("receipt_line", amount=line.quantity, product=line.name, unit_price=line.unit_price)
        for line in order.lines
    ]
    receipt.append(
        speech.text(
            "receipt_totals",
            subtotal=order.subtotal,
            tax=order.tax,
            total=order.total,
            until=speech.clock(order.cancellable_until, timezone),
        )
    )
    turn.receipts.append((speech.text("receipt_title", order_id=order.order_id), "\n".join(receipt)))
    if len(turn.receipts) == 1:
        turn.card(*turn.receipts[0])
    else:  # a card per response: one that lists every receipt of this request
        turn.card(speech.text("receipts_title"), "\n\n".join(f"{title}\n{body}" for title, body in turn.receipts))


def run_listeners(turn: Turn, order: Order) -> bool:
    """Run the order listeners (the reorder schedule) of ``order``, followed up by this call, and once they have
    all run, mark so on the order (``Order.listeners_done``: one conditional write, which also makes the follow-up's
    claim if its own write failed or was skipped, so that no later launch tells of the order again). ``False`` when
    they are still owed: too little of the turn was left to start one (a turn that overruns is not answered at
    all), one failed, or the mark was not written; the order's mark, still unset, then has the session's next
    request, the shopper's next launch or their order status run them (they are idempotent: one that ran before
    the others were skipped may run again)."""
    services = turn.services
    if not services.after_order(order):
        return False
    try:
        services.shopping.listeners_ran(order)
    except StorageError as error:
        logger.warning("order listeners not marked done", extra={"error": str(error)})
        return False
    return True


def run_listeners_pending(turn: Turn) -> None:
    """Run the order listeners an earlier request of the session followed an order up without
    (``SessionState.listeners_pending``): each order read again, its follow-up claimed if its claim was not
    written yet (as the mark of its listeners would: a launch then does not tell of it again, whatever becomes of
    the listeners), and its listeners run again; those the store cannot read, or whose listeners are owed still,
    stay pending. Not skipped for an order marked done: an order stored before the mark was kept reads as done,
    and the session's id is what says its listeners are owed (running them again is harmless)."""
    state, services = turn.state, turn.services
    pending = []
    for order_id in state.listeners_pending:
        try:
            placed = services.shopping.placed_order(turn.shopper_id, order_id)
        except StorageError as error:
            logger.warning("order listeners owed not run", extra={"error": str(error)})
            pending.append(order_id)
            continue
        if placed is not None and not run_listeners(turn, placed.order):
            pending.append(order_id)
    state.listeners_pending = pending


def settle_unknown_outcome(turn: Turn) -> None:
    """The shopper moves on from "I couldn't confirm whether your order went through" (any request but a yes, a
    no, a stop or one that asks the question again): one read tells whether the order went through, and that is
    said first (``turn.news``), so an order that landed gets its follow-up now, once, and the shopper hears of
    it; the order is no longer pending. The read failing, nothing is said of it and the request goes on as it
    would (the order stays unreported until the shopper's next launch or order status finds it:
    :func:`follow_up_unreported`)."""
    if not _outcome_pending(turn.state):
        return
    try:
        outcome = _found_outcome(turn)
    except StorageError as error:
        logger.warning("order of unknown outcome not read", extra={"error": str(error)})
        return
    turn.state.clear_pending(keep_list=True)
    turn.news = outcome


# An order placed this recently may still be in the hands of the call placing it, which follows it up itself: a
# turn lasts at most the skill Lambda's timeout; a second more for the clocks of the Lambdas that place and look.
_IN_FLIGHT = timedelta(seconds=SKILL_TIMEOUT_SECONDS + 1)


def follow_up_unreported(turn: Turn, *, among: Sequence[Order] | None = None) -> list[Order]:
    """The shopper's voice orders that landed while the shopper was told their outcome was unknown, and were
    never followed up since (the session moved on, or ended): each is claimed for this call and followed up
    here, once; returned, newest first, for the caller to say. The orders followed up before whose listeners are
    still owed (their session ended first: :func:`run_listeners`) have them run, and are not said. ``among``:
    only of these orders, just read (else the shopper's recent orders are read). A store fault leaves them for a
    later call."""
    shopping, placed_before = turn.services.shopping, turn.services.clock.now() - _IN_FLIGHT
    try:
        orders = among if among is not None else shopping.recent_orders(turn.shopper_id, limit=HISTORY_ORDERS)
        found = shopping.unreported_orders(
            turn.shopper_id, source=OrderSource.VOICE, placed_before=placed_before, among=orders
        )
        profile = turn.profile if found else None
    except StorageError as error:
        logger.warning("unreported orders not looked for", extra={"error": str(error)})
        return []
    for order in found:
        follow_up(turn, order, timezone=profile.timezone if profile is not None else None)
    for order in shopping.listeners_owed(orders, placed_before=placed_before):
        run_listeners(turn, order)  # still owed if not: the order's mark is unset
    return found


def said_went_through(turn: Turn, orders: Sequence[Order]) -> str:
    """ "Your order did go through: ..." for each of ``orders`` (found placed, the shopper never told so): by
    launch of the ones found since, and by a yes again of the one it finds (:func:`_said_placed`)."""
    speech, now = turn.speech, turn.services.clock.now()
    return " ".join(
        speech.say(
            "order_went_through" if order.is_cancellable(now) else "order_went_through_final",
            summary=describe_lines(turn, order),
            total=order.total,
        )
        for order in orders
    )


def offer_choice(
    turn: Turn, products: Sequence[Product], quantity: int | None, action: str, *, said: SaidCount | None = None
) -> Response:
    """ "Did you mean A or B?"; ``said``, the count as said, is read as packs of the one picked."""
    speech = turn.speech
    turn.state.offer(Awaiting.PRODUCT_CHOICE, [p.id for p in products], action, quantity=quantity, said=said)
    options = speech.join([p.name for p in products], conjunction="or")
    return turn.ask(speech.say("did_you_mean", options=options), speech.say("did_you_mean_reprompt"))


def describe_options(turn: Turn, options: Sequence[Product]) -> Response:
    """ "What's the difference?", "how much are they?" at "Did you mean A or B?": each of ``options`` with its
    price and what one pack of it is ("Bounty ... is $19.99 for one pack of 6 rolls and ..."), then the
    question again, still open: nothing is picked, and its answer still picks."""
    speech = turn.speech
    described = [
        speech.raw("option_described", product=p.name, price=p.price, amount=_one_pack(turn, p)) for p in options
    ]
    lead = speech.say("options_described", options=speech.join(described))
    turn.lead = " ".join(part for part in (turn.lead, lead) if part)
    asked = ask_pending_again(turn, "question_again")
    return asked if asked is not None else turn.ask(lead, speech.say("did_you_mean_reprompt"))


def _one_pack(turn: Turn, product: Product) -> str:
    """One pack of ``product`` as said with its price: "one half-gallon carton", "one pack of 6 rolls", "one bottle"."""
    speech = turn.speech
    measure, per_pack, items = product.measure, product.pack_count, sorted(product.pack_items)
    if measure is not None:
        return speech.sized_count(1, product.unit, measure)
    if per_pack is not None and per_pack >= 2:
        size = f"{per_pack} {speech.plural(items[0])}" if len(items) == 1 else str(per_pack)
        return speech.say("pack_of", pack=speech.count(1, speech.pack_word(product.unit)), size=size)
    return speech.count(1, product.unit)


def take_all(
    turn: Turn, options: Sequence[Product], said: SaidCount | None, quantity: int | None, action: str
) -> Response:
    """ "Both", "all of them" at "Did you mean A or B?": every option, with the count said as packs of each
    (``quantity`` when no count was said as such, else one); an order is read back for one yes, as a spoken
    list of products is, and a cart add says what was added."""
    counts = [(p, p.packs_for(said).count if said is not None else quantity or 1) for p in options]
    if action == "add_to_cart":
        return add_all_to_cart(turn, counts)
    sized = said is not None and said.measured
    return propose_order(
        turn, [Item(product_id=p.id, quantity=n, sized=sized and p.measure is not None) for p, n in counts]
    )


def offer_suggestion(
    turn: Turn,
    heard: str,
    suggestion: Product | None,
    quantity: int | None,
    action: str,
    *,
    said: SaidCount | None = None,
) -> Response:
    state, speech = turn.state, turn.speech
    state.clear_pending(keep_list=True)
    heard = speech.heard(said_without_count(heard))  # "cottage cheese", not "tubs of cottage cheese"
    if suggestion is None:
        if skipped := skip_to_next_listed(turn, speech.say("not_found_listed", heard=heard)):
            return skipped
        return turn.ask(speech.say("not_found", heard=heard), speech.say("which_product_reprompt"))
    state.offer(Awaiting.SUGGESTION, [suggestion.id], action, quantity=quantity, said=said)
    return turn.ask(
        speech.say("not_found_suggest", heard=heard, suggestion=suggestion.name),
        speech.say("suggestion_reprompt", product=suggestion.name),
    )


def offer_instead(
    turn: Turn,
    product: Product,
    instead: Product | None,
    quantity: int | None,
    action: str,
    *,
    said: SaidCount | None = None,
) -> Response:
    """ "Sorry, your usual X is out of stock right now. Would you like Y instead?": ``product`` is out of
    stock; a yes does ``action`` with ``instead`` (an order still gets its read-back and yes), ``quantity``
    packs of it (or the count as ``said``). Without one to offer, the next product of a list follows, else
    the shopper is asked what they would like instead."""
    state, speech = turn.state, turn.speech
    state.clear_pending(keep_list=True)
    out = speech.say("out_of_stock_usual" if product.id in set(turn.history) else "out_of_stock", product=product.name)
    if instead is None:
        if skipped := skip_to_next_listed(turn, f"{out} {speech.say('out_of_stock_skipped')}"):
            return skipped
        return turn.ask(f"{out} {speech.say('out_of_stock_what_instead')}", speech.say("which_product_reprompt"))
    state.offer(Awaiting.SUGGESTION, [instead.id], action, quantity=quantity, said=said)
    ask = "offer_instead_add_to_cart" if action == "add_to_cart" else "offer_instead"
    return turn.ask(
        f"{out} {speech.say(ask, product=instead.name)}", speech.say(f"{ask}_reprompt", product=instead.name)
    )


def offer_substitute(turn: Turn, product: Product, quantity: int | None, action: str) -> Response:
    """:func:`offer_instead` for ``product``, settled on but out of stock, with the in-stock product most like
    it and what the shopper asked for (:meth:`catalog.Catalog.substitute_for`)."""
    heard = turn.state.asked_for or product.name
    instead = turn.services.catalog.substitute_for(product, heard, history=turn.history)
    return offer_instead(turn, product, instead, quantity, action)


def settle(turn: Turn, product: Product, said: SaidCount | None, quantity: int | None, action: str) -> Response:
    """Act on a product the shopper has settled on with the count they said, as packs of it.

    When its packs cannot hold what was said ("half a dozen" eggs sold by the dozen, "a 6 pack" of a
    12-pack, "thirty cans" of 12-can packs), nothing is ordered or added: the shopper hears what the
    packs hold and is offered the fewest packs that hold it; more packs than their limit ("a thousand
    eggs") are refused as an order of that many would be. Without a count as said, ``quantity``
    (packs) is used, else one. A count of no whole number of packs ("2.5 bags of") orders nothing: the shopper
    is asked how many (:func:`ask_whole_count`).
    """
    sized = False
    if said is not None and not said.whole and action != "auto_reorder":
        return ask_whole_count(turn, product, action)
    if said is not None and action != "auto_reorder":
        packs = product.packs_for(said)
        if not packs.exact:
            turn.limits.check_quantity(packs.count, product, requested=max(said.count, packs.count))
            return offer_packs(turn, product, said, packs.count, action)
        quantity = packs.count
        sized = said.measured and product.measure is not None
    return act_on(turn, product, quantity or 1, action, sized=sized)


def offer_packs(turn: Turn, product: Product, said: SaidCount, packs: int, action: str) -> Response:
    """ "I have Eggland's Best Large White Eggs only in cartons of 12. Would you like one carton?": a yes
    does what was asked (an order still gets its read-back and its own yes) with that many packs. A size
    said that its packs are not ("two gallons" of half-gallon cartons) is offered in its size, and the yes
    reads back that size ("four half-gallon cartons"). While voice ordering is locked, an order could only
    be refused: the packs are offered for the cart, in this one question."""
    speech = turn.speech
    if action == "order" and turn.ordering_locked:
        action = "add_to_cart"
    per_pack, pack, measure = product.pack_count, speech.pack_word(product.unit), product.measure
    sized = product.size_said(packs) if said.measured else None
    turn.state.offer(Awaiting.SUGGESTION, [product.id], action, quantity=packs, said=sized)
    if sized is not None and measure is not None:
        lead = speech.say("only_in_size", product=product.name, size=speech.size(measure), packs=speech.plural(pack))
    elif said.measured and (item := product.item_measure) is not None and len(product.pack_items) == 1:
        # "a liter of coke": packs of 12-ounce cans
        items = speech.plural(next(iter(product.pack_items)))
        lead = speech.say(
            "only_in_packs_of_sized",
            product=product.name,
            packs=speech.plural(pack),
            size=per_pack,
            item_size=speech.size(item),
            items=items,
        )
    elif per_pack is not None and per_pack >= 2:
        lead = speech.say("only_in_packs", product=product.name, packs=speech.plural(pack), size=per_pack)
    else:
        lead = speech.say("not_in_packs_of", product=product.name, size=said.pack_size)
    amount = speech.count(packs, pack)
    ask = "offer_packs_add_to_cart" if action == "add_to_cart" else "offer_packs_order"
    return turn.ask(
        f"{lead} {speech.say(ask, amount=amount)}", speech.say(f"{ask}_reprompt", amount=amount, product=product.name)
    )


def offer_price(
    turn: Turn,
    product: Product,
    action: str,
    *,
    quantity: int | None = None,
    said: SaidCount | None = None,
    key: str | None = None,
) -> Response:
    """ "X is $4.79 for one carton. Would you like to order it?" (with "add_to_cart", "... to add it to your
    cart?"): a yes, or a count, does that with ``quantity`` (or the count as ``said``), as for a suggestion.
    ``key``: the offer said another way, with the same ``product``, ``price`` and ``amount``
    ("auto_reorder_order_first": automatic reorder asked for a product never ordered)."""
    speech = turn.speech
    priced = "price_add_to_cart" if action == "add_to_cart" else "price"
    turn.state.offer(Awaiting.PRICE_OFFER, [product.id], action, quantity=quantity, said=said)
    return turn.ask(
        speech.say(key or priced, product=product.name, price=product.price, amount=speech.count(1, product.unit)),
        speech.say(f"{priced}_reprompt", product=product.name),
    )


def act_on(turn: Turn, product: Product, quantity: int, action: str, *, sized: bool = False) -> Response:
    """Do ``action`` ("order", "add_to_cart" or "auto_reorder") with a product the shopper has settled on;
    ``sized``: the shopper said a size ("a gallon of milk"), which an order's read-back says.

    While voice ordering is locked, an order could only be refused: the product's price is said and adding
    it to the cart offered instead (a pick after "how much is peanut butter" or "what do I usually buy").
    """
    if not product.in_stock:  # settled on before it went out of stock: one like it is offered instead
        return offer_substitute(turn, product, quantity, action)
    if action == "order" and turn.ordering_locked:
        return offer_price(turn, product, "add_to_cart", quantity=quantity)
    if action == "auto_reorder":
        return ask_auto_terms(turn, product, None)
    if action == "add_to_cart":
        services, speech = turn.services, turn.speech
        services.shopping.add_to_cart(turn.shopper_id, product.id, quantity, request_id=turn.request_id)
        amount = speech.count_of(quantity, product.unit, product.name)
        turn.record_done(speech.say("cart_added_done", lines=amount))  # the total is read next, and may fail
        turn.state.clear_pending(keep_list=True)
        _aside_settled(turn.state, [product.id])
        turn.state.cart_product_id = product.id  # "make it two" / "remove it" next are about this line
        added = _cart_added(turn, "cart_added", product.price, amount=amount)
        return next_listed(turn, added, speech.say("anything_else"))
    return propose_order(turn, [Item(product_id=product.id, quantity=quantity, sized=sized)])


def act_on_found(turn: Turn, found: Found, quantity: int | None, action: str) -> Response:
    """Route a product lookup: settle, ask which one, or say it was not found and offer the nearest.

    ``quantity``: the Quantity slot's count, read with the product phrase as the phrase's own count
    would be ("twelve" and "eggs" is one carton of 12; "twelve" and "cans of coke" one 12-pack).
    """
    speech = turn.speech
    chosen = quantity if quantity is not None else found.quantity
    said = found.said if quantity is None else said_count(found.heard, count=quantity)
    if found.kind is FoundKind.NOTHING_SAID:
        turn.state.clear_pending()
        if (chosen is not None and chosen > 0) or action == "auto_reorder":
            # "order two": the count waits for the product ("reorder automatically": the set-up does); "order
            # three bottles": with what it counts.
            turn.state.awaiting = Awaiting.PRODUCT
            turn.state.choice_quantity = chosen
            turn.state.choice_action = action
            words = " ".join(part for part in (str(quantity) if quantity is not None else "", found.heard) if part)
            turn.state.count_said = words if found.heard and chosen is not None else None
        return turn.ask(speech.say("which_product"), speech.say("which_product_reprompt"))
    if chosen is not None and chosen < 1 and found.kind is FoundKind.MATCHED:
        # "order 0 eggs": ask how many, and keep the eggs for the answer.
        state = turn.state
        state.clear_pending(keep_list=True)
        state.awaiting = Awaiting.QUANTITY
        state.choices = [found.products[0].id]
        state.choice_action = action
    if chosen is not None and (rejected := reject_quantity(turn, chosen)):
        return rejected
    if found.kind is FoundKind.MATCHED:
        response = settle(turn, found.products[0], said, chosen, action)
    elif found.kind is FoundKind.AMBIGUOUS:
        response = offer_choice(turn, found.products, chosen, action, said=said)
    elif found.kind is FoundKind.UNAVAILABLE and found.unavailable is not None:
        instead = found.products[0] if found.products else None
        response = offer_instead(turn, found.unavailable, instead, chosen, action, said=said)
    else:
        suggestion = found.products[0] if found.products else None
        response = offer_suggestion(turn, found.heard, suggestion, chosen, action, said=said)
    if turn.state.awaiting is not None:
        turn.state.asked_for = found.heard  # "the cheaper one" then looks among what was asked for
    return response




def ask_auto_terms(turn: Turn, product: Product, cap_value: str | None) -> Response:
    """Automatic reorder of ``product`` being set up: ask for the monthly cap when none was said (or it
    is unusable), else read the terms back and wait for an explicit yes."""
    speech, state, services = turn.speech, turn.state, turn.services
    cap = amount_said_in(cap_value) if cap_value else None  # "21.76", "twenty one dollars and 76 cents": to the cent
    usable = cap is not None and 0 < cap <= _MAX_MONTHLY_CAP
    # A product never ordered is not set up (no rhythm to follow): ordering it is offered instead. The terms read
    # the order history for a usable cap (NeverOrderedError below), so it is read here only without one.
    if not usable and not services.reorder.ordered_before(turn.shopper_id, product.id):
        return offer_price(turn, product, "order", key="auto_reorder_order_first")
    # The same cap said again after "I heard ... so I may have misheard" is the shopper's intention.
    said_too_high = state.auto_cap_too_high if state.auto_product_id == product.id else None
    state.clear_pending()
    _aside_settled(state, [product.id])
    state.auto_product_id = product.id
    if not cap_value:
        state.awaiting = Awaiting.AUTO_REORDER_CAP
        return turn.ask(
            speech.say("auto_reorder_ask_cap", product=product.name), speech.say("auto_reorder_cap_reprompt")
        )
    if cap is None or not usable:
        state.awaiting = Awaiting.AUTO_REORDER_CAP
        return turn.ask(
            speech.say("auto_reorder_bad_cap", cap=speech.heard(cap_value)), speech.say("auto_reorder_cap_reprompt")
        )
    try:
        meant = said_too_high is not None and Decimal(said_too_high) == cap
        terms = services.reorder.auto_terms(turn.shopper_id, product.id, monthly_cap=cap, high_cap_meant=meant)
    except NeverOrderedError:
        return offer_price(turn, product, "order", key="auto_reorder_order_first")
    except CapBelowOneOrderError as too_low:
        state.awaiting = Awaiting.AUTO_REORDER_CAP
        return turn.ask(
            speech.say("auto_reorder_cap_too_low", cap=cap, product=product.name, price=too_low.one_order),
            speech.say("auto_reorder_cap_reprompt"),
        )
    except CapTooHighError as too_high:
        # "twenty one seventy six" may reach us as 2176: the amount heard is said, and asked for again.
        state.awaiting = Awaiting.AUTO_REORDER_CAP
        state.auto_cap_too_high = str(cap)
        return turn.ask(
            speech.say("auto_reorder_cap_too_high", cap=cap, product=product.name, price=too_high.one_order),
            speech.say("auto_reorder_cap_reprompt"),
        )
    state.awaiting = Awaiting.AUTO_REORDER_CONFIRMATION
    state.auto_cap = str(cap)
    return turn.ask(
        speech.say(
            "auto_reorder_confirm",
            amount=speech.count_of(terms.quantity, product.unit, product.name),  # as last ordered, heard first
            cap=terms.monthly_cap,
            price=terms.max_unit_price,
        ),
        speech.say("auto_reorder_confirm_reprompt", product=product.name),
    )


def answer_quantity(turn: Turn, said: str) -> Response:
    """The answer to "How many would you like?" about a product: "two", "3", "a couple"."""
    speech, state = turn.speech, turn.state
    products = turn.services.products(state.choices[:1])
    if not products:
        state.clear_pending()
        return turn.ask(speech.say("which_product"), speech.say("which_product_reprompt"))
    counted = count_said_in(said, of=products[0])
    if counted is None:
        return turn.ask(speech.say("how_many"), speech.say("how_many"))
    return settle(turn, products[0], counted, None, state.choice_action)


def act_on_listed(turn: Turn, listed: Sequence[Found], quantity: int | None, action: str) -> Response:
    """ "milk and eggs": all the products at once when each one is sure, else the first, saying so.

    ``quantity`` (the Quantity slot) leads the list: "order two milk and eggs" is two of the milk.
    One order confirmation (or one cart update) covers every product; when one of them needs a
    question, the shopper hears that the products come one at a time, and the first one is handled:
    the others follow it (:func:`next_listed`), each order with its own read-back and yes.
    """
    speech = turn.speech
    counts = [found.quantity for found in listed]
    first = listed[0]
    if quantity is not None and counts[0] is None:
        counts[0] = quantity
        if first.kind is FoundKind.MATCHED and (said := said_count(first.heard, count=quantity)) is not None:
            first = replace(first, said=said)  # "order twelve eggs and milk": one carton of 12
            packs = first.products[0].packs_for(said)
            counts[0] = packs.count if packs.exact else quantity
    if not all(found.kind is FoundKind.MATCHED and found.fits for found in (first, *listed[1:])):
        # A choice to make, or a count its product's packs cannot hold: one question at a time, the rest
        # kept for after the first is settled (see next_listed).
        turn.lead = speech.say("one_at_a_time", first=speech.named(first.heard))
        turn.state.listed = Listed(heard=[found.heard for found in listed[1:]], action=action)
        return act_on_found(turn, first, quantity if listed[0].quantity is None else None, action)
    for count in counts:
        if count is not None and (rejected := reject_quantity(turn, count)):
            return rejected
    wanted: dict[str, int] = {}
    products: dict[str, Product] = {}
    sized: set[str] = set()
    for found, count in zip(listed, counts, strict=True):
        product = found.products[0]
        products[product.id] = product
        wanted[product.id] = wanted.get(product.id, 0) + (count or 1)
        if found.said is not None and found.said.measured and product.measure is not None:
            sized.add(product.id)  # "a gallon of milk and eggs": the milk read back with its size
    if action == "add_to_cart":
        return add_all_to_cart(turn, [(products[i], n) for i, n in wanted.items()])
    return propose_order(turn, [Item(product_id=i, quantity=n, sized=i in sized) for i, n in wanted.items()])


def next_listed(turn: Turn, done: str, reprompt: str) -> Response:
    """What was just done with a product ("done", already rendered), then, when it was one of a list taken
    one at a time, the next product of the list: "Done. I've ordered ... Next, dawn dish soap. Dawn Ultra
    ..., one bottle ... Should I order it?". Without one, ``done`` is said and ``reprompt`` asked.

    The next product is looked up as it was said and handled as a request of its own, so an order still
    gets its read-back and its own yes; one settled at once (added to the cart, not found) is followed
    by the one after it, in the same answer.
    """
    state, speech = turn.state, turn.speech
    listed = state.listed
    if listed is None or not listed.heard:
        state.listed = None
        return _next_low(turn, done) or turn.ask(done, reprompt)
    # The last one keeps an empty list: its product is still one of a list (see skip_to_next_listed).
    heard, rest = listed.heard[0], listed.heard[1:]
    state.listed = Listed(heard=rest, action=listed.action)
    said_next = speech.say("list_next", product=speech.named(heard))
    turn.lead = " ".join(part for part in (turn.lead, done, said_next) if part)
    return act_on_found(turn, find_product(turn, Slot(value=heard)), None, listed.action)


def skip_to_next_listed(turn: Turn, done: str) -> Response | None:
    """A product of a list taken one at a time declined or not found ("done", a short sentence saying so):
    the next product, as :func:`next_listed` does; ``None`` when none comes next (the caller then says
    its usual answer, with its question)."""
    listed = turn.state.listed
    if (listed is None or not listed.heard) and not _low_to_come(turn):
        turn.state.listed = None
        return None
    return next_listed(turn, done, turn.speech.say("anything_else"))


def _low_to_come(turn: Turn) -> bool:
    """Whether products "what am I running low on?" listed are still to be asked about; never while voice
    ordering is locked (a yes to "shall I order ...?" could only be refused)."""
    return bool(turn.state.prompt_next) and not turn.ordering_locked


def ask_next_low(turn: Turn, upcoming: list[Item]) -> Response | None:
    """Ask about the next product "what am I running low on?" listed; ``None`` if it listed no more."""
    speech, state = turn.speech, turn.state
    following = turn.services.products([item.product_id for item in upcoming[:1]])
    if not following:
        return None
    after, quantity = following[0], upcoming[0].quantity
    passed = passed_prompts(state)
    state.prompt_aside = False  # asked again now, if it was set aside
    state.clear_pending()
    state.prompt_passed = passed
    state.awaiting = Awaiting.REORDER_PROMPT
    state.prompt_product_id = after.id
    state.choice_quantity = quantity
    state.prompt_next = upcoming[1:]
    return turn.ask(
        speech.say(
            "prompt_next", product=after.name, amount=speech.count(quantity, after.unit), price=after.price * quantity
        ),
        speech.say("prompt_reprompt", product=after.name),
    )


def passed_prompts(state: SessionState) -> list[str]:
    """The products asked about in this run of prompts, the one asked about now included."""
    return [*state.prompt_passed, *([state.prompt_product_id] if state.prompt_product_id else [])]


def prompt_after(state: SessionState) -> None:
    """The reorder prompt pending ("Shall I order paper towels?") set aside by a request said in its place
    ("order milk", "what's in my cart", "how much is dawn?"): nothing is recorded for it, and its product is
    asked about again once that request is settled (ordered, declined, answered: :func:`prompt_again`), first
    of the products "what am I running low on?" listed. Set aside, they outlive any question the request asks
    of its own (``SessionState.prompt_aside``); a request that orders the prompt's product, adds it to the cart
    or reorders it automatically answers the prompt instead (:func:`_aside_settled`).

    :class:`handlers.base_handler.Handler` sets the prompt aside for every request that does not answer it;
    handlers that read any pending question themselves call this where they take a request as a new one."""
    if state.awaiting is not Awaiting.REORDER_PROMPT or not state.prompt_product_id:
        return
    again = Item(product_id=state.prompt_product_id, quantity=state.choice_quantity or 1)
    state.prompt_next = [again, *(item for item in state.prompt_next if item.product_id != again.product_id)]
    state.prompt_aside = True


def _aside_settled(state: SessionState, product_ids: Collection[str]) -> None:
    """A reorder prompt set aside whose product the shopper has gone on to order, add to the cart or reorder
    automatically ("add paper towels to my cart"): answered by that, it is not asked again (the rest of the
    run of prompts is)."""
    if state.prompt_aside and state.prompt_next and state.prompt_next[0].product_id in product_ids:
        state.prompt_next = state.prompt_next[1:]
        state.prompt_aside = bool(state.prompt_next)


def prompt_again(turn: Turn) -> Response | None:
    """A reorder prompt set aside (:func:`prompt_after`) asked again after the answer just given, when that
    answer asks nothing but "what else can I do?": "Your cart has one bottle of Dawn ... What about Bounty ...?
    Shall I order one pack for $19.99?". ``None`` otherwise: an answer with a question of its own ("Would you
    like to order it?", "What would you like instead?") is settled first, and the prompt follows then."""
    state, said = turn.state, turn.said_before_close
    if not state.prompt_aside or state.awaiting is not None or said is None:
        return None
    return _next_low(turn, said)


def _next_low(turn: Turn, done: str) -> Response | None:
    """``done``, then the next product "what am I running low on?" listed: "Done. I've ordered ... What about
    Tillamook ...? Shall I order one for $5.49?"; ``None`` when none is to come (the list is forgotten)."""
    low_to_come = _low_to_come(turn)
    upcoming, turn.state.prompt_next, turn.state.prompt_aside = turn.state.prompt_next, [], False
    if not low_to_come:
        return None
    lead = turn.lead
    turn.lead = " ".join(part for part in (lead, done) if part)
    if (asked := ask_next_low(turn, upcoming)) is not None:
        return asked
    turn.lead = lead
    return None


def skip_listed(turn: Turn) -> Response:
    """ "Skip", "next" at the question about one product of a list taken one at a time: nothing is done
    with it, the shopper hears which one was skipped, and the next product of the list is asked about."""
    state, speech = turn.state, turn.speech
    pending = [*(item.product_id for item in state.items[:1]), *state.choices[:1]]
    named = turn.services.products(pending[:1])
    product = state.asked_for or (named[0].name if named else None)
    state.clear_pending(keep_list=True)
    skipped = speech.say("list_skipped_named", product=speech.named(product)) if product else speech.say("list_skipped")
    if following := skip_to_next_listed(turn, skipped):
        return following
    return turn.ask(f"{skipped} {speech.say('list_skipped_last')}", speech.say("anything_else"))


def add_all_to_cart(turn: Turn, lines: Sequence[tuple[Product, int]]) -> Response:
    """Add several products to the cart at once and say what was added, with the cart's total.

    Whatever fails partway (the store, a limit), what was added is said first, and what was not.
    """
    speech, services = turn.speech, turn.services
    added = [speech.count_of(n, product.unit, product.name) for product, n in lines]
    for index, (product, count) in enumerate(lines):
        try:
            services.shopping.add_to_cart(turn.shopper_id, product.id, count, request_id=turn.request_id)
        except Exception:
            if index:
                rest = speech.join([p.name for p, _ in lines[index:]])
                turn.record_done(speech.say("cart_added_not_all", lines=speech.join(added[:index]), rest=rest))
            raise
    turn.record_done(speech.say("cart_added_done", lines=speech.join(added)))  # the total is read next
    turn.state.clear_pending()
    _aside_settled(turn.state, [product.id for product, _ in lines])
    fallback = sum((product.price * n for product, n in lines), Decimal(0))
    said = _cart_added(turn, "cart_added_many", fallback, lines=speech.join(added))
    return turn.ask(said, speech.say("anything_else"))


class Proposed(NamedTuple):
    """The one product a pending question is about."""

    product_id: str
    action: str  # what a yes would do with it: "order" or "add_to_cart"
    quantity: int | None  # the count it would do it with; None if none was said


def proposed_product(state: SessionState) -> Proposed | None:
    """The one product a pending question is about; ``None`` when no single product is pending."""
    if state.awaiting is Awaiting.ORDER_CONFIRMATION and len(state.items) == 1 and not state.from_cart:
        return Proposed(state.items[0].product_id, "order", state.items[0].quantity)
    if state.awaiting in (Awaiting.SUGGESTION, Awaiting.PRICE_OFFER, Awaiting.QUANTITY) and state.choices:
        return Proposed(state.choices[0], state.choice_action, state.choice_quantity)
    if state.awaiting is Awaiting.REORDER_PROMPT and state.prompt_product_id:
        return Proposed(state.prompt_product_id, "order", state.choice_quantity)
    return None


def none_of(offered: int) -> str:
    """What "no" or "neither" to ``offered`` products is answered with: "neither" only of two."""
    return {1: "choice_declined", 2: "choice_neither"}.get(offered, "choice_none")


# Reorder answers about a product ("I don't need ...", "never ask me about ...", "stop reordering ...
# automatically"), as the ``choice_action`` of "which product do you mean?": the answer does it with the product.
SNOOZE, NEVER_ASK, STOP_AUTO = "snooze", "never_ask", "stop_auto"
REORDER_ANSWERS = frozenset({SNOOZE, NEVER_ASK, STOP_AUTO})


def decline_prompt(turn: Turn, kind: FeedbackKind, *, not_before: float | None = None) -> Response:
    """Record the shopper's "not yet", "no" or "never" to the pending reorder prompt; ``not_before``: the
    days the shopper said to wait ("remind me next week"), for a "not yet"."""
    speech, state = turn.speech, turn.state
    product_id, upcoming, passed = state.prompt_product_id, state.prompt_next, state.prompt_passed
    state.clear_pending()
    if product_id is None:
        # "Not yet" or "never ask about this" with no product asked about: say so, and how to ask.
        return turn.ask(speech.say("no_prompt_pending"), speech.say("reprompt_main"))
    product = turn.services.catalog.get(product_id)
    name = product.name if product else ""
    not_before = not_before if kind is FeedbackKind.SNOOZE else None
    days = turn.services.reorder.answer(turn.shopper_id, product_id, kind, not_before_days=not_before)
    if kind is FeedbackKind.NEVER:
        answered = speech.say("never_ask", product=name)
    else:
        answered = speech.say("snoozed", days=speech.days(days))
    state.prompt_passed = [*passed, product_id]
    turn.lead = answered  # "What am I running low on?" listed more: the answer leads into the next question.
    if asked := ask_next_low(turn, upcoming):
        return asked
    turn.lead = ""
    return turn.ask(answered, speech.say("anything_else"))


def left_as_is(turn: Turn) -> Response:
    """"No" to "which product do you mean?" (or "should I stop reordering it?") asked for a reorder answer;
    a reorder prompt set aside for that question is asked again."""
    speech = turn.speech
    turn.state.clear_pending(keep_list=True)
    return skip_to_next_listed(turn, speech.say("reorder_left_as_is_then")) or turn.ask(
        speech.say("reorder_left_as_is"), speech.say("anything_else")
    )


def decline(turn: Turn) -> Response:
    """"No" to the pending question: nothing is ordered, cancelled or set up, and the question is forgotten;
    in a list taken one product at a time, the next product is asked about. An order whose write went
    unanswered may have been placed: what one read tells is said instead (:func:`outcome_of_pending`)."""
    state, speech = turn.state, turn.speech
    if (outcome := outcome_of_pending(turn)) is not None:
        state.clear_pending(keep_list=True)
        if skipped := skip_to_next_listed(turn, outcome):
            return skipped
        return turn.ask(f"{outcome} {speech.say('anything_else')}", speech.say("anything_else"))
    awaiting = state.awaiting
    if awaiting is Awaiting.REORDER_PROMPT:
        return decline_prompt(turn, FeedbackKind.DECLINE)
    if awaiting is Awaiting.PRODUCT and state.choice_action in REORDER_ANSWERS:
        return left_as_is(turn)  # "Should I stop reordering X automatically?" - "no"
    if awaiting is Awaiting.AUTO_REORDER_CAP:
        # "What's the most I should spend?" - "no": no amount, and no clear refusal ("I heard $2,176.00 ...
        # I may have misheard" - "no"): the cap is asked for again, with how to stop; the set-up stays.
        return asked_again(turn, "auto_reorder_cap_yes_no")
    several = len(state.items) > 1
    offered = len(state.choices)
    setting_up_auto = state.auto_cap is not None
    state.clear_pending(keep_list=True)
    # One product of a list taken one at a time declined: on to the next one.
    unordered = awaiting in (Awaiting.ORDER_CONFIRMATION, Awaiting.VOICE_CODE)
    if skipped := skip_to_next_listed(turn, speech.say("order_declined_next" if unordered else "list_skipped")):
        return skipped
    if awaiting is Awaiting.VOICE_CODE and setting_up_auto:
        return turn.ask(speech.say("auto_reorder_declined"), speech.say("anything_else"))
    if awaiting in (Awaiting.ORDER_CONFIRMATION, Awaiting.VOICE_CODE):
        declined = "order_declined_many" if several else "order_declined"
        return turn.ask(speech.say(declined), speech.say("anything_else"))
    if awaiting is Awaiting.CANCEL_CONFIRMATION:
        return turn.ask(speech.say("cancel_declined"), speech.say("anything_else"))
    if awaiting in (Awaiting.CART_LINE, Awaiting.EMPTY_CART_CONFIRMATION):
        return turn.ask(speech.say("cart_unchanged"), speech.say("anything_else"))
    if awaiting is Awaiting.AUTO_REORDER_CONFIRMATION:
        return turn.ask(speech.say("auto_reorder_declined"), speech.say("anything_else"))
    if awaiting in (Awaiting.PRODUCT_CHOICE, Awaiting.SUGGESTION):
        return turn.ask(speech.say(none_of(offered)), speech.say("which_product_reprompt"))
    if awaiting is None:
        # "What else can I do?" - "no thanks": the shopper is done.
        return turn.tell(speech.say("goodbye"))
    return turn.ask(speech.say("anything_else"), speech.say("reprompt_main"))
