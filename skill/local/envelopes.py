"""Request envelopes of the real Alexa shape, built from the samples in ``events/``.

The console and the tests both build their requests here, so what the local skill receives is what
Alexa sends: session, context.System (application, user, device, apiEndpoint, apiAccessToken), request.
"""

from __future__ import annotations

import copy
import json
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

__all__ = ["EVENTS", "Envelopes", "slot_json"]

EVENTS = Path(__file__).resolve().parents[2] / "events"


@cache
def _template(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((EVENTS / f"{name}.json").read_text())
    return loaded


def slot_json(
    name: str,
    value: str | None,
    *,
    resolved: tuple[tuple[str, str], ...] = (),
    authority: str = "",
) -> dict[str, Any]:
    """One slot as Alexa sends it; ``resolved`` is ((id, name), ...) of entity resolution, if any."""
    slot: dict[str, Any] = {"name": name, "confirmationStatus": "NONE"}
    if value is None:
        return slot
    slot.update(value=value, source="USER")
    if authority:
        status = "ER_SUCCESS_MATCH" if resolved else "ER_SUCCESS_NO_MATCH"
        per_authority: dict[str, Any] = {"authority": authority, "status": {"code": status}}
        if resolved:
            per_authority["values"] = [{"value": {"name": n, "id": i}} for i, n in resolved]
        slot["resolutions"] = {"resolutionsPerAuthority": [per_authority]}
    return slot


class Envelopes:
    """Builds envelopes for one simulated user and device, carrying the session between turns."""

    def __init__(
        self,
        *,
        skill_id: str | None = None,
        user_id: str | None = None,
        access_token: str | None = None,
        locale: str = "en-US",
    ) -> None:
        base = _template("launch_request")
        system = base["context"]["System"]
        self.skill_id = skill_id or system["application"]["applicationId"]
        self.user_id = user_id or system["user"]["userId"]
        self.access_token = access_token
        self.locale = locale
        self.session_id: str | None = None
        self.attributes: dict[str, Any] = {}

    def new_session(self) -> None:
        self.session_id = None
        self.attributes = {}

    def remember(self, response: Mapping[str, Any]) -> None:
        """Carry the response's session attributes into the next request, or end the session. A response that
        hands over to Alexa (``Connections.SendRequest``: Alexa asks for a permission) keeps the session: Alexa's
        answer (``Connections.Response``) comes back in it."""
        body = response.get("response", {})
        handing_over = any(d.get("type") == "Connections.SendRequest" for d in body.get("directives") or [])
        if body.get("shouldEndSession", False) is not False and not handing_over:
            self.new_session()
        else:
            self.attributes = dict(response.get("sessionAttributes") or {})

    def launch(self, *, now: datetime | None = None) -> dict[str, Any]:
        self.new_session()
        return self._envelope("launch_request", {}, now)

    def intent(
        self,
        name: str,
        slots: Mapping[str, dict[str, Any]] | None = None,
        *,
        now: datetime | None = None,
    ) -> dict[str, Any]:
        request = {"intent": {"name": name, "confirmationStatus": "NONE", "slots": dict(slots or {})}}
        return self._envelope("yes_intent", request, now)

    def permission_answer(
        self, status: str, *, scope: str, token: str = "", now: datetime | None = None
    ) -> dict[str, Any]:
        """Alexa's ``Connections.Response`` to the skill's "AskFor": the shopper's answer to the question for
        ``scope`` ("ACCEPTED", "DENIED" or "NOT_ANSWERED"), with the token the skill sent, in the session."""
        request = {"payload": {"permissions": {scope: {"status": status}}}, "token": token}
        return self._envelope("permission_answer", request, now)

    def session_ended(self, reason: str = "USER_INITIATED", *, now: datetime | None = None) -> dict[str, Any]:
        envelope = self._envelope("session_ended_request", {"reason": reason}, now)
        self.new_session()
        return envelope

    def skill_event(self, name: str, *, now: datetime | None = None) -> dict[str, Any]:
        """A skill event (``events/<name>.json``) for this user: out of session, as Alexa sends it."""
        envelope = copy.deepcopy(_template(name))
        system = envelope["context"]["System"]
        system["application"]["applicationId"] = self.skill_id
        system["user"] = {"userId": self.user_id}
        envelope["request"]["requestId"] = f"amzn1.echo-api.request.{uuid.uuid4()}"
        stamp = (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        envelope["request"].update(timestamp=stamp, eventCreationTime=stamp, eventPublishingTime=stamp)
        return envelope

    def authority(self, slot_type: str) -> str:
        return f"amzn1.er-authority.echo-sdk.{self.skill_id}.{slot_type}"

    def _envelope(self, template: str, request: Mapping[str, Any], now: datetime | None) -> dict[str, Any]:
        envelope = copy.deepcopy(_template(template))
        new = self.session_id is None
        if new:
            self.session_id = f"amzn1.echo-api.session.{uuid.uuid4()}"
        session = envelope["session"]
        session.update(new=new, sessionId=self.session_id, attributes=copy.deepcopy(self.attributes))
        for holder in (session, envelope["context"]["System"]):
            holder["application"]["applicationId"] = self.skill_id
            holder["user"] = {"userId": self.user_id}
            if self.access_token:
                holder["user"]["accessToken"] = self.access_token
        envelope["request"].update(request)
        envelope["request"]["requestId"] = f"amzn1.echo-api.request.{uuid.uuid4()}"
        envelope["request"]["locale"] = self.locale
        stamp = (now or datetime.now(UTC)).astimezone(UTC)
        envelope["request"]["timestamp"] = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
        return envelope
