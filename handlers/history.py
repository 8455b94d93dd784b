"""Order status, "what do I usually buy", "cancel my last order" and "order it again"."""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from catalog import automatic_in
from handlers.base import Slot, Turn, is_intent
from handlers.base_handler import Handler
from handlers.flows import act_on_found, describe_lines, follow_up_unreported, propose_order
from handlers.named import products_named
from handlers.products import FoundKind, find_product, shoppers_own, spoken_quantity
from handlers.reorder import offer_stop_auto
from handlers.session import Awaiting, Item
from handlers.speech import Raw
from orders import Order, OrderNotCancellableError, OrderSource
from reorder.policy import local_date

__all__ = [
    "CancelOrderHandler",
    "OrderStatusHandler",
    "ReorderHandler",
    "RepeatOrderHandler",
    "UsualItemsHandler",
    "confirm_cancel",
]


class OrderStatusHandler(Handler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent(handler_input, "OrderStatusIntent")

    def respond(self, turn: Turn) -> Response:
        speech, now = turn.speech, self.services.clock.now()
        orders = self.services.shopping.recent_orders(turn.shopper_id, limit=3)
        follow_up_unreported(turn, among=orders)  # one placed while its outcome was unknown: followed up, listed
        if not orders:
            return turn.ask(speech.say("no_orders"), speech.say("reprompt_main"))
        # "today", "yesterday": the shopper's calendar days (their time zone), not UTC's
        profile = turn.profile
        timezone = profile.timezone if profile is not None else None
        today = local_date(now, timezone)
        lines = []
        for order in orders:
            if order.status == "cancelled":
                state = speech.say("state_cancelled")
            elif order.is_cancellable(now):
                state = speech.say("state_placed_cancellable")
            else:
                state = speech.say("state_placed")
            lines.append(
                speech.raw(
                    "order_status_line",
                    summary=_summary(turn, order),
                    when=speech.when((today - local_date(order.placed_at, timezone)).days),
                    state=Raw(state),
                )
            )
        return turn.ask(speech.say("order_status", orders=Raw(" ".join(lines))), speech.say("anything_else"))


def _summary(turn: Turn, order: Order) -> Raw:
    """Short enough to listen to: every line of a small order, two examples of a big one."""
    if len(order.lines) <= 2:
        return Raw(describe_lines(turn, order))
    first, second = order.lines[0], order.lines[1]
    return turn.speech.raw("order_summary_many", count=len(order.lines), first=first.name, second=second.name)


class UsualItemsHandler(Handler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent(handler_input, "UsualItemsIntent")

    def respond(self, turn: Turn) -> Response:
        speech = turn.speech
        usual = self.services.shopping.usual_products(turn.shopper_id, limit=3)
        if not usual:
            return turn.ask(speech.say("usual_none"), speech.say("reprompt_main"))
        # "The first one", or a name, then orders it (with its read-back and yes), as after "did you mean".
        state = turn.state
        state.awaiting = Awaiting.PRODUCT_CHOICE
        state.choices = [p.id for p, _ in usual]
        state.choice_action = "order"
        return turn.ask(
            speech.say("usual", items=speech.join([p.name for p, _ in usual])), speech.say("usual_reprompt")
        )


class CancelOrderHandler(Handler):
    """"Cancel my last order", "cancel my coffee order", "cancel my automatic order" (the last one automatic
    reorder placed); while an order waits for its yes, "cancel my order" drops that one (nothing is ordered),
    and while a cancel waits for its yes, "cancel it" is that yes. "Cancel my subscription" is about the
    automatic reorder itself: stopping it is offered."""

    answers_pending = frozenset({Awaiting.ORDER_CONFIRMATION, Awaiting.VOICE_CODE, Awaiting.CANCEL_CONFIRMATION})

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent(handler_input, "CancelOrderIntent")

    def respond(self, turn: Turn) -> Response:
        speech, state = turn.speech, turn.state
        product = turn.slot("Product")
        automatic = automatic_in(product.value or "")
        if automatic is not None and automatic.standing:
            state.clear_pending()
            return offer_stop_auto(turn)  # "cancel my subscription": the automatic reorder, not an order
        source = None
        if automatic is not None:  # "cancel my automatic (coffee) order": of the orders automatic reorder placed
            product, source = Slot(value=automatic.rest or None), OrderSource.AUTO
        named = product.value
        meant = [p.id for p in products_named(turn, product)] if named else []
        if state.awaiting is Awaiting.CANCEL_CONFIRMATION and not named and source is None:
            return confirm_cancel(turn)
        pending = {item.product_id for item in state.items}
        if state.awaiting in (Awaiting.ORDER_CONFIRMATION, Awaiting.VOICE_CODE) and (
            (not named and source is None) or pending.intersection(meant)
        ):
            declined = "order_declined_many" if len(pending) > 1 else "order_declined"
            state.clear_pending()
            return turn.ask(speech.say(declined), speech.say("anything_else"))
        state.clear_pending()
        heard = speech.heard(named or "")
        none_with = "cancel_none_auto_with" if source else "cancel_none_with"
        if named and not meant:
            return turn.ask(speech.say(none_with, product=heard), speech.say("anything_else"))
        try:
            if named or source:
                # "cancel my milk order": the latest order still cancellable holding a milk the phrase fits.
                order = self.services.shopping.last_order_with(turn.shopper_id, meant if named else None, source=source)
            else:
                order = self.services.shopping.last_cancellable_order(turn.shopper_id)
        except OrderNotCancellableError as error:
            if error.reason == "none" and (named or source):
                none = speech.say(none_with, product=heard) if named else speech.say("cancel_none_auto")
                return turn.ask(none, speech.say("anything_else"))
            return _not_cancellable(turn, error, named=bool(named or source))
        state.awaiting = Awaiting.CANCEL_CONFIRMATION
        state.cancel_order_id = order.order_id
        key = "confirm_cancel_auto" if source else "confirm_cancel_with" if named else "confirm_cancel"
        return turn.ask(
            speech.say(key, summary=describe_lines(turn, order), total=order.total),
            speech.say("confirm_cancel_reprompt"),
        )


def confirm_cancel(turn: Turn) -> Response:
    """The yes to "should I cancel it?": the window is checked again now, not when the question was asked."""
    speech, state = turn.speech, turn.state
    order_id = state.cancel_order_id
    state.clear_pending()
    if not order_id:
        return turn.ask(speech.say("nothing_pending"), speech.say("reprompt_main"))
    try:
        order = turn.services.shopping.cancel(turn.shopper_id, order_id)
    except OrderNotCancellableError as error:
        return _not_cancellable(turn, error)
    turn.services.after_cancel(order)
    return turn.ask(speech.say("cancelled"), speech.say("anything_else"))


def _not_cancellable(turn: Turn, error: OrderNotCancellableError, *, named: bool = False) -> Response:
    """Why the order can't be cancelled; a window that passed is the order's own, set when it was placed
    (automatic orders have a longer one), not the setting now, which may have changed since."""
    speech, order = turn.speech, error.order
    key = {"none": "cancel_none", "cancelled": "cancel_already"}.get(error.reason, "cancel_too_late")
    source = order.source if order is not None else OrderSource.VOICE
    if key == "cancel_too_late" and source is OrderSource.AUTO:
        key = "cancel_too_late_auto_with" if named else "cancel_too_late_auto"
    elif named and key in ("cancel_too_late", "cancel_already"):
        key = f"{key}_with"  # "that order": the one holding the product named, not the last order
    if order is not None:
        allowed = order.cancellable_until - order.placed_at
    else:
        allowed = turn.services.shopping.cancel_window_for(source)
    window = speech.duration(allowed.total_seconds())
    return turn.ask(speech.say(key, window=window), speech.say("anything_else"))


class ReorderHandler(Handler):
    """"order paper towels again": the product and quantity of the shopper's last order of it."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent(handler_input, "ReorderIntent")

    def respond(self, turn: Turn) -> Response:
        speech = turn.speech
        product_slot = turn.slot("Product")
        said = spoken_quantity(turn.slot("Quantity"))
        if product_slot.value or product_slot.resolved_id in set(turn.history):
            product = shoppers_own(turn, product_slot)
            if product is None:
                return _offer_unbought(turn, product_slot, said if said and said > 0 else None)
        else:
            usual = self.services.shopping.usual_products(turn.shopper_id, limit=1)
            if not usual:
                return turn.ask(speech.say("usual_none"), speech.say("reprompt_main"))
            product = usual[0][0]
        quantity = said if said and said > 0 else self.services.shopping.last_quantity_of(turn.shopper_id, product.id)
        return propose_order(turn, [Item(product_id=product.id, quantity=quantity or 1)])


def _offer_unbought(turn: Turn, product_slot: Slot, quantity: int | None) -> Response:
    """"Order X again" for an X the shopper has not bought: a product the phrase names surely is offered, for a
    yes that reads it back ("I can't find X in your past orders. Would you like to order it now?"); a
    close call asks which; a phrase that names nothing is not found, as an order of it would be."""
    speech, state = turn.speech, turn.state
    found = find_product(turn, product_slot)
    if found.kind is FoundKind.MATCHED:
        product = found.products[0]
        state.offer(Awaiting.SUGGESTION, [product.id], "order", quantity=quantity, said=found.said)
        return turn.ask(
            speech.say("reorder_unknown", product=product.name),
            speech.say("reorder_unknown_reprompt", product=product.name),
        )
    if found.kind is FoundKind.AMBIGUOUS:
        turn.lead = speech.say("reorder_not_bought", product=speech.heard(found.heard))
    return act_on_found(turn, found, quantity, "order")


class RepeatOrderHandler(Handler):
    """"order the same as last time": the shopper's last order that was not cancelled, line for line.

    It is quoted at today's prices and goes through the normal confirmation (one yes for all lines);
    products no longer sold or out of stock are left out, and the shopper hears that.
    """

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent(handler_input, "RepeatOrderIntent")

    def respond(self, turn: Turn) -> Response:
        speech = turn.speech
        orders = self.services.shopping.recent_orders(turn.shopper_id, limit=10)
        last = next((order for order in orders if order.status != "cancelled"), None)
        if last is None:
            return turn.ask(speech.say("no_orders"), speech.say("reprompt_main"))
        products = {p.id: p for p in self.services.products([line.product_id for line in last.lines])}
        items = [
            Item(product_id=line.product_id, quantity=line.quantity)
            for line in last.lines
            if line.product_id in products and products[line.product_id].in_stock
        ]
        if not items:
            return turn.ask(speech.say("repeat_none_available"), speech.say("reprompt_main"))
        if len(items) < len(last.lines):
            turn.lead = speech.say("repeat_some_unavailable")
        return propose_order(turn, items)
