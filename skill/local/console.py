"""A conversation with the skill by text: typed words -> real request envelope -> the Lambda entry point.

``Console.say`` is what the ``make run`` prompt and the dialog tests both use.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from skill.local.envelopes import Envelopes, slot_json
from skill.local.nlu import Grammar, Reading

__all__ = ["Console", "Reply"]

_TAG_RE = re.compile(r"<[^>]+>")


def _plain(ssml: str | None) -> str:
    return html.unescape(_TAG_RE.sub("", ssml or "")).strip()


@dataclass(frozen=True)
class Reply:
    """What Alexa would say and show for one turn."""

    speech: str
    reprompt: str
    ssml: str
    ends_session: bool
    card: dict[str, Any] | None
    directives: list[dict[str, Any]]
    raw: dict[str, Any] = field(repr=False)
    intent: str | None = None

    @property
    def asks_permission(self) -> dict[str, Any] | None:
        """The ``Connections.SendRequest`` "AskFor" directive, if Alexa is to ask the shopper for a permission."""
        return next(
            (d for d in self.directives if d.get("type") == "Connections.SendRequest" and d.get("name") == "AskFor"),
            None,
        )

    @classmethod
    def from_response(cls, response: dict[str, Any], intent: str | None = None) -> Reply:
        body = response.get("response", {})
        ssml = (body.get("outputSpeech") or {}).get("ssml", "")
        reprompt = ((body.get("reprompt") or {}).get("outputSpeech") or {}).get("ssml", "")
        return cls(
            speech=_plain(ssml),
            reprompt=_plain(reprompt),
            ssml=ssml,
            ends_session=body.get("shouldEndSession") is not False,
            card=body.get("card"),
            directives=list(body.get("directives") or []),
            raw=response,
            intent=intent,
        )


class Console:
    def __init__(
        self,
        invoke: Callable[[dict[str, Any]], dict[str, Any]],
        grammar: Grammar,
        envelopes: Envelopes | None = None,
        *,
        now: Callable[[], Any] | None = None,
    ) -> None:
        self._invoke = invoke
        self.grammar = grammar
        self.envelopes = envelopes or Envelopes()
        self._now = now
        self.last_envelope: dict[str, Any] | None = None
        self.last_response: dict[str, Any] | None = None  # the skill's answer to ``last_envelope``
        self.permission_asked: dict[str, Any] | None = None  # the "AskFor" Alexa is asking the shopper, if any

    def say(self, text: str) -> Reply:
        """One turn: what the shopper says, and what Alexa answers."""
        return self.send_reading(self.grammar.read(text))

    def send_reading(self, reading: Reading) -> Reply:
        if reading.new_session:
            self.envelopes.new_session()
        now = self._now() if self._now else None
        if reading.kind == "launch":
            envelope = self.envelopes.launch(now=now)
        else:
            slots = {
                name: slot_json(
                    name,
                    slot.value,
                    resolved=tuple(zip(slot.resolved_ids, slot.resolved_names, strict=True)),
                    authority="" if slot.slot_type.startswith("AMAZON.") else self.envelopes.authority(slot.slot_type),
                )
                for name, slot in reading.slots.items()
            }
            envelope = self.envelopes.intent(reading.intent or "AMAZON.FallbackIntent", slots, now=now)
        return self.send(envelope, intent=reading.intent)

    def send(self, envelope: dict[str, Any], *, intent: str | None = None) -> Reply:
        self.last_envelope, self.last_response = envelope, None
        response = self._invoke(envelope)
        self.last_response = response
        self.envelopes.remember(response)
        reply = Reply.from_response(response, intent)
        self.permission_asked = reply.asks_permission
        return reply

    def answer_permission(self, status: str) -> Reply:
        """The shopper answers Alexa's question for the permission the skill asked for ("ACCEPTED", "DENIED" or
        "NOT_ANSWERED"): Alexa's ``Connections.Response`` goes to the skill, in the session."""
        asked = self.permission_asked or {}
        scopes = (asked.get("payload") or {}).get("permissionScopes") or [{}]
        now = self._now() if self._now else None
        envelope = self.envelopes.permission_answer(
            status, scope=scopes[0].get("permissionScope", ""), token=asked.get("token") or "", now=now
        )
        return self.send(envelope)

    def end_session(self) -> Reply:
        now = self._now() if self._now else None
        return self.send(self.envelopes.session_ended(now=now))
