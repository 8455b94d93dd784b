"""Account linking: when the skill requires it and the request has no token, say why and send the card."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_request_type
from ask_sdk_model import Response
from ask_sdk_model.ui import LinkAccountCard

from handlers.base import LINK_FAILED_KEY, Turn, is_intent
from handlers.base_handler import Handler
from skill.metrics import ACCOUNT_NOT_LINKED, count_now

if TYPE_CHECKING:
    from skill.bootstrap import Services

__all__ = ["AccountLinkingRequired"]

_WITHOUT_ACCOUNT = ("AMAZON.HelpIntent", "AMAZON.StopIntent", "AMAZON.CancelIntent", "AMAZON.NavigateHomeIntent")
_NOT_LINKED = (
    "account linking: required (RequireAccountLinking) and this request carries no access token, so the shopper "
    "is asked to link. If no shopper ever has one, account linking is not set up in the Alexa developer console "
    "(README: Account linking); the AccountNotLinked metric counts these requests"
)
logger = logging.getLogger("pantry_pal.skill")


class AccountLinkingRequired(Handler):
    def __init__(self, services: Services) -> None:
        super().__init__(services)
        self._told = False  # whether this skill (one per container) has logged a request without a token

    def can_handle(self, handler_input: HandlerInput) -> bool:
        if not (is_request_type("LaunchRequest")(handler_input) or is_request_type("IntentRequest")(handler_input)):
            return False
        if is_intent(handler_input, *_WITHOUT_ACCOUNT):
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
