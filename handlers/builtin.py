"""Launch, help, stop/cancel, fallback, navigate-home and session-ended."""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_request_type
from ask_sdk_model import Response

from catalog import fold
from catalog.normalise import MAX_INPUT_CHARS
from handlers.base import Turn, is_intent
from handlers.base_handler import Handler
from handlers.flows import ask_choice_again, ask_pending_again, outcome_of_pending, repeat_last
from handlers.session import Awaiting

__all__ = [
    "FallbackHandler",
    "HelpHandler",
    "NavigateHomeHandler",
    "RepeatHandler",
    "SessionEndedHandler",
    "SmallTalkHandler",
    "StopHandler",
    "UnsureHandler",
    "answer_not_caught",
    "answer_unsure",
    "is_not_caught",
    "is_unsure",
]


class HelpHandler(Handler):
    """Help about what is going on: with a question pending, it says how to answer and asks it again.

    The question is asked again in this very answer, so a "yes" that follows answers a question the
    shopper has just heard (see :class:`handlers.base_handler.Handler`).
    """

    answers_pending = True
    keeps_unknown_outcome = True

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent(handler_input, "AMAZON.HelpIntent")

    def respond(self, turn: Turn) -> Response:
        if (asked := ask_pending_again(turn, "help_pending")) is not None:
            return asked
        turn.state.clear_pending()
        return turn.ask(turn.speech.say("help"), turn.speech.say("reprompt_main"))


class StopHandler(Handler):
    """Stop (and Cancel, but see below) ends the session and drops anything unconfirmed: nothing is ordered, and
    when an order was waiting for its yes, the shopper hears so; so does the rest of a list taken one at a time.

    Cancel ("never mind") at a question on the way to an order or a cart change (an order's or the check-out's
    read-back, its voice code, "did you mean ...?", packs, a product offered or priced, "how many?", which cart
    line, emptying the cart) cancels only that, saying what was not done, and the session stays open with a
    reprompt; Stop ("exit") still ends it.

    Cancel ("never mind") while an automatic reorder is being set up (its product, monthly cap, terms or
    voice code asked for) cancels only the set-up, as a no to its terms does, and the session stays open;
    Stop ("exit", "goodbye") still ends it, saying the set-up was not done.

    An order whose write went unanswered may have been placed: what one read tells is said, never that
    nothing was ordered (:func:`handlers.flows.outcome_of_pending`).
    """

    answers_pending = True
    keeps_unknown_outcome = True

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent(handler_input, "AMAZON.StopIntent", "AMAZON.CancelIntent")

    def respond(self, turn: Turn) -> Response:
        state, speech = turn.state, turn.speech
        if (setting_up := _auto_reorder_set_up(turn)) is not None:
            state.clear_pending()
            named, suffix = ({"product": setting_up}, "_named") if setting_up else ({}, "")
            if is_intent(turn.input, "AMAZON.CancelIntent"):
                return turn.ask(speech.say(f"auto_reorder_cancelled{suffix}", **named), speech.say("anything_else"))
            return turn.tell(speech.say(f"goodbye_auto_reorder{suffix}", **named))
        # "cancel" at a question on the way to an order: only that is cancelled ("cancel_only..." keys, which ask
        # what else); else the session ends ("goodbye..." keys).
        cancel = is_intent(turn.input, "AMAZON.CancelIntent") and state.awaiting in _CANCELLED_ALONE
        ending = "cancel_only" if cancel else "goodbye"
        if (outcome := outcome_of_pending(turn)) is not None:
            rest = state.listed is not None and bool(state.listed.heard)
            state.clear_pending()
            after = f"{ending}_list_left" if rest else ("anything_else" if cancel else "goodbye")
            said = f"{outcome} {speech.say(after)}"
            return turn.ask(said, speech.say("anything_else")) if cancel else turn.tell(said)
        unconfirmed = state.awaiting in (Awaiting.ORDER_CONFIRMATION, Awaiting.VOICE_CODE)
        cart_line = state.awaiting in (Awaiting.CART_LINE, Awaiting.EMPTY_CART_CONFIRMATION)
        # Cancelled on the way to an order ("did you mean ...?", its packs): that nothing was ordered is said too.
        unconfirmed = unconfirmed or (cancel and not cart_line and state.choice_action == "order")
        # Of a list taken one at a time, an earlier product may be ordered already: "that", not "anything".
        key = "_nothing_ordered" if unconfirmed else ""
        if state.listed is not None:
            rest = bool(state.listed.heard)
            key = {
                (True, True): "_list_not_ordered",
                (True, False): "_not_ordered_that",
                (False, True): "_list_left",
            }.get((unconfirmed, rest), "")
        said = speech.say(f"{ending}{'_cart_unchanged' if cart_line else key}")
        state.clear_pending()
        return turn.ask(said, speech.say("anything_else")) if cancel else turn.tell(said)


# The questions that "cancel" cancels alone, the session staying open: those on the way to an order or a cart change.
_CANCELLED_ALONE = frozenset(
    {
        Awaiting.ORDER_CONFIRMATION,
        Awaiting.VOICE_CODE,
        Awaiting.PRODUCT_CHOICE,
        Awaiting.SUGGESTION,
        Awaiting.PRICE_OFFER,
        Awaiting.QUANTITY,
        Awaiting.PRODUCT,
        Awaiting.CART_LINE,
        Awaiting.EMPTY_CART_CONFIRMATION,
    }
)
# The questions of an automatic reorder's set-up: its monthly cap, its terms, and (with ``auto_cap``) the code.
_AUTO_REORDER_SET_UP = frozenset({Awaiting.AUTO_REORDER_CAP, Awaiting.AUTO_REORDER_CONFIRMATION})
# The questions that settle which product an automatic reorder is set up for ("did you mean A or B?").
_AUTO_REORDER_PICK = frozenset({Awaiting.PRODUCT, Awaiting.PRODUCT_CHOICE, Awaiting.SUGGESTION})


def _auto_reorder_set_up(turn: Turn) -> str | None:
    """The name of the product an automatic reorder is being set up for ("" before it is settled), or
    ``None`` when no set-up is pending."""
    state = turn.state
    if state.awaiting in _AUTO_REORDER_SET_UP or (state.awaiting is Awaiting.VOICE_CODE and state.auto_cap):
        product = turn.services.catalog.get(state.auto_product_id or "")
        return product.name if product is not None else ""
    if state.awaiting in _AUTO_REORDER_PICK and state.choice_action == "auto_reorder":
        return ""
    return None


class NavigateHomeHandler(Handler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent(handler_input, "AMAZON.NavigateHomeIntent")

    def respond(self, turn: Turn) -> Response:
        turn.state.clear_pending()
        return turn.tell(turn.speech.say("goodbye"))


class RepeatHandler(Handler):
    """"Say that again" (and "how much is that?" while something is read back): the last answer again,
    in full, with its question still open."""

    answers_pending = True
    keeps_unknown_outcome = True

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent(handler_input, "AMAZON.RepeatIntent")

    def respond(self, turn: Turn) -> Response:
        return repeat_last(turn)


class SmallTalkHandler(Handler):
    """"hello", "thanks": a short answer and the way on, never a product search ("hello" sounded like
    "shells"). A pending question is asked again, so it can still be answered."""

    answers_pending = True
    keeps_unknown_outcome = True

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent(handler_input, "GreetingIntent", "ThanksIntent")

    def respond(self, turn: Turn) -> Response:
        speech = turn.speech
        if (asked := ask_pending_again(turn, "question_again")) is not None:
            return asked
        key = "small_talk_thanks" if is_intent(turn.input, "ThanksIntent") else "small_talk_hello"
        return turn.ask(speech.say(key), speech.say("reprompt_main"))


# "maybe", "not sure" (as :func:`catalog.fold` writes them): no answer yet, and never a product.
_UNSURE = frozenset(
    {
        "maybe", "perhaps", "possibly", "not sure", "im not sure", "i am not sure", "not really sure",
        "im not really sure", "unsure", "i dont know", "dont know", "i do not know", "dunno", "i dunno",
        "no idea", "i have no idea", "let me think", "let me think about it", "hmm", "hmmm", "um", "i guess",
        "not sure yet", "im not sure yet", "i cant decide",
    }
)  # fmt: skip


def is_unsure(said: str) -> bool:
    """Whether ``said`` is "maybe", "I'm not sure" and the like: no answer yet, and never a product.

    Examples
    --------
    >>> is_unsure("I'm not sure."), is_unsure("maybe"), is_unsure("maybe coffee")
    (True, True, False)
    """
    return fold(said) in _UNSURE


# "what?", "huh", "sorry?" (as :func:`catalog.fold` writes them): the shopper did not catch the question,
# or said nothing yet; never a product ("what" is 58 from a loaf of bread).
_NOT_CAUGHT = frozenset(
    {
        "what", "huh", "sorry", "pardon", "pardon me", "excuse me", "come again", "say again", "say that again",
        "what did you say", "what was that", "sorry what", "wait what", "what now", "eh", "ah", "oh", "uh", "er",
        "um", "erm", "hm", "mm", "like", "so", "well", "ok so", "okay so", "uh huh", "um what", "uh what",
    }
)  # fmt: skip


def is_not_caught(said: str) -> bool:
    """Whether ``said`` holds nothing to act on: no word at all (silence, an emoji, another script), more
    than anyone says at once, or only "what?", "huh", "sorry?" and the like.

    Examples
    --------
    >>> is_not_caught(""), is_not_caught("🥛"), is_not_caught("Sorry?"), is_not_caught("x" * 501)
    (True, True, True, True)
    >>> is_not_caught("milk"), is_not_caught("what about milk")
    (False, False)
    """
    return len(said) > MAX_INPUT_CHARS or fold(said) in _NOT_CAUGHT | {""}


def answer_unsure(turn: Turn) -> Response:
    """"Maybe", "not sure": nothing is decided or forgotten; the pending question is asked again."""
    if (asked := ask_pending_again(turn, "unsure_pending")) is not None:
        return asked
    turn.state.clear_pending()
    return turn.ask(turn.speech.say("unsure"), turn.speech.say("reprompt_main"))


class UnsureHandler(Handler):
    """"maybe", "I'm not sure", "I don't know": the question pending is asked again, with how to answer it."""

    answers_pending = True
    keeps_unknown_outcome = True

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent(handler_input, "UnsureIntent")

    def respond(self, turn: Turn) -> Response:
        return answer_unsure(turn)


class FallbackHandler(Handler):
    """Out-of-domain speech, and any intent this skill does not know, gets a reprompt, never silence.

    An open choice between products (or cart lines) is asked again, with its names; any other pending
    question (a read-back, automatic-reorder terms, a reorder prompt) is asked again in full, as help asks
    it, so a "yes" that follows answers it. With nothing pending, the shopper hears how to go on.
    """

    answers_pending = True
    keeps_unknown_outcome = True

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent(handler_input, "AMAZON.FallbackIntent") or is_request_type("IntentRequest")(handler_input)

    def respond(self, turn: Turn) -> Response:
        return answer_not_caught(turn)


def answer_not_caught(turn: Turn) -> Response:
    """Nothing understood (out-of-domain speech, or :func:`is_not_caught` in any slot): an open choice
    between products (or cart lines) is asked again, with its names; any other pending question is asked
    again in full, still waiting; with nothing pending, the shopper hears how to go on."""
    speech, state = turn.speech, turn.state
    if state.awaiting in (Awaiting.PRODUCT_CHOICE, Awaiting.CART_LINE):
        return ask_choice_again(turn, turn.services.products(state.choices))
    if (asked := ask_pending_again(turn, "fallback_pending")) is not None:
        return asked
    state.clear_pending()
    return turn.ask(speech.say("fallback"), speech.say("reprompt_main"))


class SessionEndedHandler(Handler):
    keeps_unknown_outcome = True  # no answer is heard: the shopper's next launch finds the order

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_request_type("SessionEndedRequest")(handler_input)

    def respond(self, turn: Turn) -> Response:
        return turn.input.response_builder.response
