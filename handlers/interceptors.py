"""Request and response interceptors: speech for the locale, the typed session, the shopper, logging.

Nothing here logs a user id, a device id, an access token or what the shopper said.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from ask_sdk_core.dispatch_components import AbstractRequestInterceptor, AbstractResponseInterceptor
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from handlers.base import (
    LINK_FAILED_KEY,
    LINK_UNCHECKED_KEY,
    SHOPPER_KEY,
    SPEECH_KEY,
    STATE_KEY,
    intent_name,
    remember_profile,
)
from handlers.session import SessionState
from handlers.speech import for_locale
from skill.accounts import AccountLinkError
from skill.metrics import ACCOUNT_LINK_REFUSED, ACCOUNT_LINK_UNCHECKED, count_now

if TYPE_CHECKING:
    from skill.bootstrap import Services

__all__ = ["RequestLogger", "SaveSession", "TurnSetup"]

logger = logging.getLogger("pantry_pal.skill")


class TurnSetup(AbstractRequestInterceptor):  # type: ignore[misc]
    """Start the turn's deadline; put the locale's speech, the typed session state and the shopper id into
    request attributes."""

    def __init__(self, services: Services) -> None:
        self.services = services

    def process(self, handler_input: HandlerInput) -> None:
        self.services.deadline.start(handler_input.context)  # the Lambda context's time left, before any read
        envelope = handler_input.request_envelope
        attributes = handler_input.attributes_manager.request_attributes
        attributes[SPEECH_KEY] = for_locale(getattr(envelope.request, "locale", None))
        session = envelope.session
        attributes[STATE_KEY] = SessionState.load(session.attributes if session else None)
        system = envelope.context.system if envelope.context else None
        user = system.user if system else None
        if user is not None:
            try:
                shopper_id = self.services.accounts.shopper_id(
                    alexa_user_id=user.user_id, access_token=user.access_token
                )
            except AccountLinkError as error:
                # An expired or revoked link: AccountLinkingRequired asks the shopper to link again. Login with
                # Amazon out of reach: AccountUnchecked says so, to try again in a moment.
                _log_link_failure(error)
                attributes[LINK_FAILED_KEY if error.refused else LINK_UNCHECKED_KEY] = True
                return
            attributes[SHOPPER_KEY] = shopper_id
            # Without the account that linking requires, the Alexa user id is no shopper's: nothing is stored for it.
            unlinked = self.services.settings.require_account_linking and not user.access_token
            if session is not None and session.new and not unlinked:
                # Keep the profile's current Alexa user id (it changes when the skill is re-enabled).
                profile = self.services.shopping.profile(shopper_id, alexa_user_id=user.user_id)
                if profile.timezone is None and self.services.settings.read_device_time_zone:
                    time_zone = _device_time_zone(handler_input)
                    if time_zone:
                        profile = profile.model_copy(update={"timezone": time_zone})
                        self.services.shopping.save_profile(profile)
                remember_profile(handler_input, self.services, profile)  # the turn's read, made once


def _log_link_failure(error: AccountLinkError) -> None:
    """Say what a failed account link means for whoever runs the skill: a refusal every time is a setup fault."""
    if error.refused:
        logger.warning(
            "account linking: Login with Amazon refused the access token Alexa sent, so the shopper is asked to "
            "link again. If every linked shopper gets this, the skill's account linking is not set up with Login "
            "with Amazon and the profile scope (README: Account linking)",
            extra={"error": str(error)},
        )
        count_now(ACCOUNT_LINK_REFUSED)
    else:
        logger.warning("account linking: Login with Amazon could not be reached to check the access token",
                       extra={"error": str(error)})
        count_now(ACCOUNT_LINK_UNCHECKED)


def _device_time_zone(handler_input: HandlerInput) -> str | None:
    """The device's time zone from the Alexa Settings API (for quiet hours); None if it cannot be read."""
    system = handler_input.request_envelope.context.system
    try:
        zone = handler_input.service_client_factory.get_ups_service().get_system_time_zone(system.device.device_id)
    except Exception as error:
        logger.info("device time zone not available", extra={"error_type": type(error).__name__})
        return None
    return zone if isinstance(zone, str) and zone else None


class SaveSession(AbstractResponseInterceptor):  # type: ignore[misc]
    """Write the typed session state back into the response's session attributes."""

    def process(self, handler_input: HandlerInput, response: Response) -> None:
        state: SessionState | None = handler_input.attributes_manager.request_attributes.get(STATE_KEY)
        if state is not None and handler_input.request_envelope.session is not None:
            handler_input.attributes_manager.session_attributes = state.dump()


class RequestLogger(AbstractRequestInterceptor):  # type: ignore[misc]
    def process(self, handler_input: HandlerInput) -> None:
        request = handler_input.request_envelope.request
        logger.info(
            "request",
            extra={
                "request_type": request.object_type,
                "intent": intent_name(handler_input),
                "locale": getattr(request, "locale", None),
                "request_id": getattr(request, "request_id", None),
            },
        )
