"""Skill events: notification permission and subscriptions kept current, and the shopper's data deleted
when they disable the skill. Alexa sends these out of session; they get an empty response."""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import get_request_type
from ask_sdk_model import Response

from handlers.base import Turn
from handlers.base_handler import Handler

__all__ = ["NotificationPermissionHandler", "SkillDisabledHandler"]

NOTIFICATIONS_SCOPE = "alexa::devices:all:notifications:write"
_PERMISSION_EVENTS = (
    "AlexaSkillEvent.SkillPermissionAccepted",
    "AlexaSkillEvent.SkillPermissionChanged",
    "AlexaSkillEvent.ProactiveSubscriptionChanged",
)


class NotificationPermissionHandler(Handler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return get_request_type(handler_input) in _PERMISSION_EVENTS

    def respond(self, turn: Turn) -> Response:
        request = turn.input.request_envelope.request
        body = getattr(request, "body", None)
        if get_request_type(turn.input) == "AlexaSkillEvent.ProactiveSubscriptionChanged":
            permitted = bool(getattr(body, "subscriptions", None))
        else:
            scopes = {getattr(p, "scope", None) for p in (getattr(body, "accepted_permissions", None) or [])}
            permitted = NOTIFICATIONS_SCOPE in scopes
        user_id = turn.input.request_envelope.context.system.user.user_id
        profile = self.services.shopping.profile(turn.shopper_id, alexa_user_id=user_id)
        if profile.notifications_permitted != permitted:
            self.services.shopping.save_profile(profile.model_copy(update={"notifications_permitted": permitted}))
        return turn.input.response_builder.response


class SkillDisabledHandler(Handler):
    """Disabling the skill deletes what we keep about the shopper (a linked account keeps its orders)."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return get_request_type(handler_input) == "AlexaSkillEvent.SkillDisabled"

    def respond(self, turn: Turn) -> Response:
        user_id = turn.input.request_envelope.context.system.user.user_id
        self.services.forget(user_id)
        return turn.input.response_builder.response
