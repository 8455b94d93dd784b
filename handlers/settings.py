"""The shopper's protections, read out: order limits and whether orders need a voice code.

They are changed only in the Pantry Pal app, never by voice: anyone near the device could say
"set my limit to a thousand dollars", and a voice code said aloud is no longer secret. So the skill
says what they are (never the code itself) and where to change them.
"""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from handlers.base import Turn, is_intent
from handlers.base_handler import Handler

__all__ = ["SettingsHandler"]


class SettingsHandler(Handler):
    """"what's my order limit", "set my voice code to 1234", "turn off my voice code"."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent(handler_input, "SettingsIntent")

    def respond(self, turn: Turn) -> Response:
        speech, profile, limits = turn.speech, turn.profile, turn.limits
        code = "settings_code_on" if profile is not None and profile.has_voice_code else "settings_code_off"
        text = " ".join(
            [
                speech.say(
                    "settings_limits",
                    per_item=limits.max_quantity_per_line,
                    total=limits.max_order_total,
                ),
                speech.say(code),
                speech.say("settings_where"),
            ]
        )
        return turn.ask(text, speech.say("anything_else"))
