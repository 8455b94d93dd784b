"""Account linking: when the skill requires it and the request has no token, say why and send the card."""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_request_type
from ask_sdk_model import Response
from ask_sdk_model.ui import LinkAccountCard

from handlers.base import LINK_FAILED_KEY, Turn, is_intent
from handlers.base_handler import Handler

__all__ = ["AccountLinkingRequired"]

_WITHOUT_ACCOUNT = ("AMAZON.HelpIntent", "AMAZON.StopIntent", "AMAZON.CancelIntent", "AMAZON.NavigateHomeIntent")


class AccountLinkingRequired(Handler):
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
        turn.state.clear_pending()
        turn.input.response_builder.set_card(LinkAccountCard())
        return turn.tell(turn.speech.say("link_account"))
