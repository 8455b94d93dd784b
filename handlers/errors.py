"""Exception handlers: our domain errors become clear speech with a reprompt; anything else, an apology.

Registered in this order; the last one catches everything. Session state is kept on storage faults, so a
shopper who says "yes" again retries the same order id and still cannot be charged twice. A fault after the
request placed an order (see ``Turn.record_done``) never says that nothing was ordered: the order is said first.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from ask_sdk_core.dispatch_components import AbstractExceptionHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from handlers.base import Done, Turn, intent_name, is_intent, slot
from handlers.flows import propose_order
from handlers.session import Awaiting, SessionState
from orders import (
    LimitExceededError,
    NothingToOrderError,
    OrderError,
    OrderOutcomeUnknownError,
    StorageError,
    UnavailableError,
    VoiceCodeLockedError,
)

if TYPE_CHECKING:
    from skill.bootstrap import Services

__all__ = ["CatchAll", "DomainErrors", "after_done"]

logger = logging.getLogger("pantry_pal.skill")


class DomainErrors(AbstractExceptionHandler):  # type: ignore[misc]
    _HANDLED = (StorageError, LimitExceededError, UnavailableError, VoiceCodeLockedError, NothingToOrderError)

    def __init__(self, services: Services) -> None:
        self.services = services

    def can_handle(self, handler_input: HandlerInput, exception: Exception) -> bool:
        return isinstance(exception, self._HANDLED)

    def handle(self, handler_input: HandlerInput, exception: Exception) -> Response:
        turn = Turn(handler_input, self.services)
        speech, done = turn.speech, turn.done
        if isinstance(exception, StorageError):
            logger.warning("storage fault", extra={"error": str(exception), "intent": intent_name(handler_input)})
            if done is not None:
                return after_done(turn, done)  # an order placed before the fault: said, never unsaid
            if isinstance(exception, OrderOutcomeUnknownError) or _came_in(turn).outcome_unknown:
                return _outcome_unknown(turn)
            # The pending order (and its idempotency key) stays, so "yes" again retries the same order.
            return turn.ask(speech.say("storage_error"), speech.say("error_reprompt"))
        if isinstance(exception, UnavailableError) and (again := _read_back_again(turn, done)) is not None:
            return again
        state = turn.state
        from_cart = state.from_cart
        state.clear_pending()
        text, reprompt = self._answer(turn, exception, from_cart=from_cart)
        turn.lead = done.news if done is not None else ""  # an order placed before the error: said first
        response = turn.ask(text, reprompt)
        turn.save_session()  # after ask, which records what was said ("say that again")
        return response

    @staticmethod
    def _answer(turn: Turn, exception: Exception, *, from_cart: bool) -> tuple[str, str]:
        speech, state = turn.speech, turn.state
        if isinstance(exception, LimitExceededError):
            if exception.kind == "quantity":
                text = speech.say(
                    "over_quantity_limit",
                    requested=exception.requested,
                    product=exception.product_name,
                    limit=exception.limit,
                )
            else:
                text = speech.say("over_total_limit", total=exception.requested, limit=exception.limit)
            if exception.product_id is None or from_cart or not _proposes_one_product(turn.input):
                return text, speech.say("reprompt_main")
            # "Make it five" (or just "five") answers it: the product is kept, as after "how many?".
            state.awaiting = Awaiting.QUANTITY
            state.choices = [exception.product_id]
            return text, speech.say("how_many")
        if isinstance(exception, UnavailableError):
            if exception.product_name is None:  # no longer in the catalog: "that product", never its id
                return speech.say("unavailable_unknown"), speech.say("reprompt_main")
            if is_intent(turn.input, "AddToCartIntent", "ChangeQuantityIntent"):  # a cart change, not an order
                return speech.say("unavailable_cart", product=exception.product_name), speech.say("anything_else")
            return speech.say("unavailable", product=exception.product_name), speech.say("reprompt_main")
        if isinstance(exception, VoiceCodeLockedError):
            return speech.say("voice_code_is_locked"), speech.say("anything_else")
        return speech.say("cart_empty"), speech.say("reprompt_main")


def after_done(turn: Turn, done: Done) -> Response:
    """A failure after this request did something for good (an order placed): that is said first, then that
    the skill could not go on (naming the rest of a list, which is not kept); nothing is left pending."""
    speech = turn.speech
    turn.state.clear_pending()
    if done.list_rest:
        rest = speech.join([speech.named(product) for product in done.list_rest])
        failed = speech.say("after_done_failed_list", products=rest)
    else:
        failed = speech.say("after_done_failed")
    turn.lead = done.news
    response = turn.ask(failed, speech.say("anything_else"))
    turn.save_session()
    return response


def _outcome_unknown(turn: Turn) -> Response:
    """A fault while the pending order may have been placed (its write, now or before, went unanswered): said so,
    never that nothing was ordered. The session is kept as the request brought it, the order (same id) still
    pending, so a yes finds it or places it once; it is marked, so a no, a cancel or a stop first finds out."""
    session = turn.input.request_envelope.session
    if session is not None:
        came_in = _came_in(turn)
        came_in.outcome_unknown = True
        turn.input.attributes_manager.session_attributes = came_in.dump()
    return turn.ask(turn.speech.say("order_outcome_unknown"), turn.speech.say("order_outcome_unknown_reprompt"))


def _came_in(turn: Turn) -> SessionState:
    """The session state as the request brought it, before any handler changed it."""
    session = turn.input.request_envelope.session
    return SessionState.load(session.attributes if session is not None else None)


def _read_back_again(turn: Turn, done: Done | None) -> Response | None:
    """An order with a product gone out of stock since it was read back: nothing is ordered, and the rest is
    read back again without it for a new yes (an order of it alone: one like it is offered instead; a check-out:
    it stays in the cart), the rest of a list kept. ``None`` when no order was pending, or it cannot be read
    back."""
    state = turn.state
    if state.awaiting not in (Awaiting.ORDER_CONFIRMATION, Awaiting.VOICE_CODE) or not state.items:
        return None
    turn.lead = done.news if done is not None else ""
    try:
        response = propose_order(turn, list(state.items), from_cart=state.from_cart)
    except (OrderError, StorageError):  # no longer sold, or the store failing: the usual answer
        return None
    turn.save_session()
    return response


def _proposes_one_product(handler_input: HandlerInput) -> bool:
    """Whether the request was proposing an order of one product (not a cart change or a check-out)."""
    if is_intent(handler_input, "ChangeQuantityIntent"):
        return not slot(handler_input, "Product").value  # "make it fifty", not "change milk to fifty"
    return is_intent(handler_input, "OrderItemIntent", "ReorderIntent", "ChooseIntent", "AMAZON.YesIntent")


class CatchAll(AbstractExceptionHandler):  # type: ignore[misc]
    """The last resort: a short apology and a reprompt; the log names the error, never the shopper."""

    def __init__(self, services: Services) -> None:
        self.services = services

    def can_handle(self, handler_input: HandlerInput, exception: Exception) -> bool:
        return True

    def handle(self, handler_input: HandlerInput, exception: Exception) -> Response:
        logger.error(
            "unhandled error",
            extra={"error_type": type(exception).__name__, "intent": intent_name(handler_input)},
            exc_info=exception,
        )
        turn = Turn(handler_input, self.services)
        if (done := turn.done) is not None:
            return after_done(turn, done)
        if _came_in(turn).outcome_unknown:  # "nothing was ordered" would not be known to be true
            return _outcome_unknown(turn)
        turn.state.clear_pending()
        response = turn.ask(turn.speech.say("error"), turn.speech.say("error_reprompt"))
        turn.save_session()
        return response
