"""Skill events: notification permission and subscriptions kept current, and the shopper's data deleted
when they disable the skill. Alexa sends these out of session; they get an empty response.

And the notification permission asked for by voice (:func:`ask_for_notifications`): Alexa asks the shopper,
then answers in the session with a ``Connections.Response`` (:class:`PermissionAnswerHandler`)."""

from __future__ import annotations

from typing import Any

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import get_request_type
from ask_sdk_model import Response
from ask_sdk_model.interfaces.connections import SendRequestDirective
from ask_sdk_model.ui import LinkAccountCard

from handlers.base import LINK_FAILED_KEY, LINK_UNCHECKED_KEY, Turn
from handlers.base_handler import Handler

__all__ = [
    "AUTO_REORDER_TOKEN",
    "REMINDERS_TOKEN",
    "NotificationPermissionHandler",
    "PermissionAnswerHandler",
    "SkillDisabledHandler",
    "ask_for_notifications",
]

NOTIFICATIONS_SCOPE = "alexa::devices:all:notifications:write"
ASK_FOR = "AskFor"  # the Connections name of Alexa's voice permission request
# What the permission was asked for (the directive's token, sent back with the answer): the resuming sentence.
AUTO_REORDER_TOKEN = "auto_reorder:"  # + the product set to reorder automatically
REMINDERS_TOKEN = "reminders"
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
        _save_permission(turn, permitted)
        return turn.input.response_builder.response


def _save_permission(turn: Turn, permitted: bool) -> bool:
    """Record whether the shopper allows notifications (and their current Alexa user id, which they go to) on their
    profile: the linked account's. When Login with Amazon could not tell the account from the access token (it
    refused it, or was out of reach), that is the account this Alexa user's profile was last kept for; with none
    known, nothing is recorded (``False``), never on a profile of the Alexa user id, which is not the shopper's."""
    user_id = turn.input.request_envelope.context.system.user.user_id
    shopper_id = turn.shopper_id
    attributes = turn.input.attributes_manager.request_attributes
    if attributes.get(LINK_FAILED_KEY) or attributes.get(LINK_UNCHECKED_KEY):
        linked = turn.services.store.shopper_for_user(user_id)
        if linked is None or linked == user_id:
            return False
        shopper_id = linked
    profile = turn.services.shopping.profile(shopper_id, alexa_user_id=user_id)
    if profile.notifications_permitted != permitted:
        turn.services.shopping.save_profile(profile.model_copy(update={"notifications_permitted": permitted}))
    if permitted and turn.services.reorder is not None:
        # An automatic reorder that waited for the permission is tried at the scheduler's next run, not a day on.
        turn.services.reorder.retry_untold(shopper_id)  # a storage fault is logged: the permission is recorded
    return True


def ask_for_notifications(turn: Turn, speech: str, token: str) -> Response:
    """Say ``speech``, then let Alexa ask the shopper for permission to send notifications; its answer comes back
    as a ``Connections.Response`` with ``token`` (what it was asked for). No reprompt: Alexa asks the question."""
    speech = turn.state.last_speech = turn.said(speech)
    directive = SendRequestDirective(
        name=ASK_FOR,
        payload={
            "@type": "AskForPermissionsConsentRequest",
            "@version": "2",
            "permissionScopes": [{"permissionScope": NOTIFICATIONS_SCOPE, "consentLevel": "ACCOUNT"}],
        },
        token=token,
    )
    return turn.input.response_builder.speak(speech).add_directive(directive).response


def _permission_answer(request: Any) -> str:
    """ACCEPTED, DENIED or NOT_ANSWERED: the shopper's answer in a ``Connections.Response`` to "AskFor"
    (NOT_ANSWERED when the request failed). Version 2 answers per scope; version 1 with one status."""
    status = getattr(getattr(request, "status", None), "code", None)
    payload = getattr(request, "payload", None)
    if str(status) != "200" or not isinstance(payload, dict):
        return "NOT_ANSWERED"
    scopes = payload.get("permissions")
    answer = scopes.get(NOTIFICATIONS_SCOPE) if isinstance(scopes, dict) else payload
    said = answer.get("status") if isinstance(answer, dict) else None
    return said if said in ("ACCEPTED", "DENIED") else "NOT_ANSWERED"


class PermissionAnswerHandler(Handler):
    """The shopper's answer to Alexa's question for the notification permission: recorded (a "no" too; no
    answer changes nothing), then the conversation goes on with what it means for what they were doing."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        request = handler_input.request_envelope.request
        return get_request_type(handler_input) == "Connections.Response" and getattr(request, "name", None) == ASK_FOR

    def respond(self, turn: Turn) -> Response:
        speech = turn.speech
        answer = _permission_answer(turn.input.request_envelope.request)
        outcome = "accepted" if answer == "ACCEPTED" else "refused"
        if answer != "NOT_ANSWERED" and not _save_permission(turn, answer == "ACCEPTED"):
            # The shopper's account could not be told: their answer is not recorded, and they hear so.
            if turn.input.attributes_manager.request_attributes.get(LINK_FAILED_KEY):
                turn.input.response_builder.set_card(LinkAccountCard())  # a link that no longer works: link again
                return turn.tell(speech.say("permission_unsaved_link_again"))
            outcome = "unsaved"
        token = getattr(turn.input.request_envelope.request, "token", None) or ""
        product = turn.services.catalog.get(token.removeprefix(AUTO_REORDER_TOKEN))
        if token.startswith(AUTO_REORDER_TOKEN) and product is not None:
            window = speech.duration(turn.services.shopping.auto_cancel_window.total_seconds())
            text = speech.say(f"permission_auto_{outcome}", product=product.name, window=window)
        else:
            text = speech.say(f"permission_reminders_{outcome}")
        return turn.ask(text, speech.say("anything_else"))


class SkillDisabledHandler(Handler):
    """Disabling the skill deletes what we keep about the shopper (a linked account keeps its orders)."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return get_request_type(handler_input) == "AlexaSkillEvent.SkillDisabled"

    def respond(self, turn: Turn) -> Response:
        user_id = turn.input.request_envelope.context.system.user.user_id
        self.services.forget(user_id)
        return turn.input.response_builder.response
