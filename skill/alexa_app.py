"""The skill's Lambda entry point: one ``CustomSkillBuilder`` with handlers registered in explicit order.

Dispatch takes the *first* handler whose ``can_handle`` is true, so the order below is part of the design:
account linking first, then the specific intents, then built-ins, the fallback last.
"""

from __future__ import annotations

import json
from typing import Any

from ask_sdk_core.exceptions import AskSdkException
from ask_sdk_core.skill import CustomSkill
from ask_sdk_core.skill_builder import CustomSkillBuilder
from ask_sdk_model import RequestEnvelope
from aws_lambda_powertools import Logger

from handlers import builtin, cart, history, launch, order, reorder, settings, skill_events
from handlers.errors import CatchAll, DomainErrors
from handlers.interceptors import RequestLogger, SaveSession, TurnSetup
from handlers.linking import AccountLinkingRequired, AccountUnchecked
from handlers.speech import for_locale
from skill.alexa_api import TimeoutApiClient
from skill.bootstrap import Services, build_services
from skill.config import Settings

__all__ = ["SkillRefusedError", "build_skill", "handle", "lambda_handler"]

logger = Logger(service="pantry-pal", logger_name="pantry_pal")


class SkillRefusedError(Exception):
    """The request was addressed to another skill and was refused."""


def build_skill(services: Services) -> CustomSkill:
    builder = CustomSkillBuilder(api_client=TimeoutApiClient())
    builder.skill_id = services.settings.skill_id
    for interceptor in (RequestLogger(), TurnSetup(services)):
        builder.add_global_request_interceptor(interceptor)
    builder.add_global_response_interceptor(SaveSession())
    handlers = [
        AccountLinkingRequired(services),
        AccountUnchecked(services),
        launch.LaunchHandler(services),
        order.OrderItemHandler(services),
        order.PriceHandler(services),
        order.YesHandler(services),
        order.NoHandler(services),
        order.VoiceCodeHandler(services),
        order.ChooseHandler(services),
        cart.AddToCartHandler(services),
        cart.RemoveFromCartHandler(services),
        cart.ChangeQuantityHandler(services),
        cart.ReadCartHandler(services),
        cart.CheckoutHandler(services),
        cart.EmptyCartHandler(services),
        history.ReorderHandler(services),
        history.RepeatOrderHandler(services),
        history.UsualItemsHandler(services),
        history.OrderStatusHandler(services),
        history.CancelOrderHandler(services),
        *reorder.handlers(services),
        settings.SettingsHandler(services),
        skill_events.NotificationPermissionHandler(services),
        skill_events.PermissionAnswerHandler(services),
        skill_events.SkillDisabledHandler(services),
        builtin.HelpHandler(services),
        builtin.RepeatHandler(services),
        builtin.SmallTalkHandler(services),
        builtin.UnsureHandler(services),
        builtin.StopHandler(services),
        builtin.NavigateHomeHandler(services),
        builtin.SessionEndedHandler(services),
        builtin.FallbackHandler(services),  # last: catches any intent nothing above knows
    ]
    for handler in handlers:
        builder.add_request_handler(handler)
    builder.add_exception_handler(DomainErrors(services))
    builder.add_exception_handler(CatchAll(services))
    return builder.create()


def malformed_response(locale: str | None = None) -> dict[str, Any]:
    """The answer to a body that is not an Alexa request: spoken, with a reprompt, never a stack trace."""
    speech = for_locale(locale)
    text, reprompt = speech.say("malformed"), speech.say("error_reprompt")
    return {
        "version": "1.0",
        "response": {
            "outputSpeech": {"type": "SSML", "ssml": f"<speak>{text}</speak>"},
            "reprompt": {"outputSpeech": {"type": "SSML", "ssml": f"<speak>{reprompt}</speak>"}},
            "shouldEndSession": False,
        },
    }


def handle(event: Any, context: Any, skill: CustomSkill) -> dict[str, Any]:
    """Deserialize, invoke and serialize one request envelope."""
    try:
        if isinstance(event, str | bytes):
            event = json.loads(event)
        if not isinstance(event, dict) or "request" not in event or "context" not in event:
            raise ValueError("not a request envelope")
        envelope = skill.serializer.deserialize(payload=json.dumps(event), obj_type=RequestEnvelope)
        if envelope.request is None or envelope.context is None or envelope.context.system is None:
            raise ValueError("incomplete request envelope")
    except (ValueError, TypeError, AttributeError, AskSdkException) as error:
        logger.warning("malformed request", extra={"error_type": type(error).__name__})
        return malformed_response()
    try:
        response = skill.invoke(request_envelope=envelope, context=context)
    except AskSdkException as error:
        logger.warning("refused a request for another skill")
        raise SkillRefusedError("request for another skill") from error
    serialized: dict[str, Any] = skill.serializer.serialize(response)
    return serialized


_skill: CustomSkill | None = None


def _lambda_skill() -> CustomSkill:
    global _skill  # noqa: PLW0603 - one skill per Lambda container, built on first use
    if _skill is None:
        _skill = build_skill(build_services(Settings.from_env()))
    return _skill


@logger.inject_lambda_context(log_event=False)
def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return handle(event, context, _lambda_skill())

