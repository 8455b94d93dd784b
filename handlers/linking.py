"""Account linking: when the skill requires it and the request has no token, say why and send the card; when
Login with Amazon cannot be asked about the token, say it is a moment's problem."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_request_type
from ask_sdk_model import Response
from ask_sdk_model.ui import LinkAccountCard

from handlers.base import LINK_FAILED_KEY, LINK_UNCHECKED_KEY, Turn, is_intent
from handlers.base_handler import Handler
from skill.metrics import ACCOUNT_NOT_LINKED, count_now

if TYPE_CHECKING:
    from skill.bootstrap import Services

__all__ = ["AccountLinkingRequired", "AccountUnchecked"]

_WITHOUT_ACCOUNT = ("AMAZON.HelpIntent", "AMAZON.StopIntent", "AMAZON.CancelIntent", "AMAZON.NavigateHomeIntent")
_NOT_LINKED = (
    "account linking: required (RequireAccountLinking) and this request carries no access token, so the shopper "
    "is asked to link. If no shopper ever has one, account linking is not set up in the Alexa developer console "
    "(README: Account linking); the AccountNotLinked metric counts these requests"
)
logger = logging.getLogger("pantry_pal.skill")


def _needs_account(handler_input: HandlerInput) -> bool:
    """A launch or an intent that acts for the shopper's account (help, stop and cancel do not)."""
    if not (is_request_type("LaunchRequest")(handler_input) or is_request_type("IntentRequest")(handler_input)):
        return False
    return not is_intent(handler_input, *_WITHOUT_ACCOUNT)


class AccountLinkingRequired(Handler):
    """No account to act for (no token, or one Login with Amazon refused): say why and send the card. An order of
    unknown outcome is not read (no account to read it with): the shopper's next launch finds it."""

    keeps_unknown_outcome = True

    def __init__(self, services: Services) -> None:
        super().__init__(services)
        self._told = False  # whether this skill (one per container) has logged a request without a token

    def can_handle(self, handler_input: HandlerInput) -> bool:
        if not _needs_account(handler_input):
            return False
        if handler_input.attributes_manager.request_attributes.get(LINK_FAILED_KEY):
            return True  # a token that no longer names an account: link again, whatever the setting
        if not self.services.settings.require_account_linking:
            return False
        user = handler_input.request_envelope.context.system.user
        return user is None or not user.access_token

    def respond(self, turn: Turn) -> Response:
        if not turn.input.attributes_manager.request_attributes.get(LINK_FAILED_KEY):
            # Said once per container at WARNING: a shopper who has not linked yet is no fault of the setup.
            logger.log(logging.INFO if self._told else logging.WARNING, _NOT_LINKED)
            self._told = True
            count_now(ACCOUNT_NOT_LINKED)
        turn.state.clear_pending()
        turn.input.response_builder.set_card(LinkAccountCard())
        return turn.tell(turn.speech.say("link_account"))


class AccountUnchecked(Handler):
    """Login with Amazon could not be asked whether the token names an account (out of reach, a 5xx, a timeout):
    nothing is done, and the shopper hears of a problem to try again in a moment, never to link again. The
    session stays as it came, so a pending order is still there to confirm (the same order id), an order of unknown
    outcome still unknown and order listeners owed still owed (:attr:`Turn.account_unresolved`)."""

    answers_pending = True
    keeps_unknown_outcome = True

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return bool(handler_input.attributes_manager.request_attributes.get(LINK_UNCHECKED_KEY)) and _needs_account(
            handler_input
        )

    def respond(self, turn: Turn) -> Response:
        speech = turn.speech
        if turn.state.outcome_unknown:  # an order not known to be placed or not: never "nothing was ordered"
            text, reprompt = speech.say("order_outcome_unknown"), speech.say("order_outcome_unknown_reprompt")
        else:
            text, reprompt = speech.say("storage_error"), speech.say("error_reprompt")
        # Not turn.ask: that would record this answer as the pending question's.
        return turn.input.response_builder.speak(turn.said(text)).ask(reprompt).response
