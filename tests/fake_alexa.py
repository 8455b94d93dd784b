"""A local stand-in for Login with Amazon and the Alexa Proactive Events API, over real HTTP on 127.0.0.1.

It is a test double: a stdlib ``ThreadingHTTPServer`` on an ephemeral port, served from a daemon thread.

* ``POST /auth/o2/token`` checks the client-credentials form against ``client_id``/``client_secret`` (401
  ``invalid_client`` otherwise), counts grants and issues opaque tokens that live ``expires_in`` seconds as far
  as the client is told; ``expire_tokens()`` makes every token issued so far invalid, as if they had expired.
* ``POST /v1/proactiveEvents/stages/development`` and ``POST /v1/proactiveEvents`` answer 401 to a missing or
  unknown bearer token, 400 to a body that is not JSON or lacks a top-level field, and otherwise answer from the
  script (``script([503, 503, 202])`` or ``script(lambda body: 403)``; 202 when the script is empty). With
  ``dedupe = True`` a second accepted event with the same ``referenceId`` gets 409, like Alexa.

Every request is recorded in ``requests``; every accepted event body in ``events``.
"""

from __future__ import annotations

import itertools
import json
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

import pytest

__all__ = ["FakeAlexa", "RecordedRequest", "Reply", "fake_alexa"]

TOKEN_PATH = "/auth/o2/token"
EVENT_PATHS = ("/v1/proactiveEvents/stages/development", "/v1/proactiveEvents")
REQUIRED_EVENT_FIELDS = ("timestamp", "referenceId", "expiryTime", "event", "relevantAudience")


@dataclass(frozen=True)
class Reply:
    """A scripted answer: a status code and, optionally, a ``Retry-After`` header value."""

    status: int
    retry_after: str | None = None


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the fake saw it (header names lower-cased) and the status it answered."""

    method: str
    path: str
    headers: dict[str, str]
    body: Any  # parsed JSON, a dict of form fields, or the raw text when neither parses
    status: int


Script = Callable[[dict[str, Any]], "int | Reply"]


class FakeAlexa:
    """LWA plus the Proactive Events API on ``127.0.0.1``; use as a context manager or via ``fake_alexa``."""

    def __init__(
        self,
        *,
        client_id: str = "amzn1.application-oa2-client.fake",
        client_secret: str = "fake-client-secret-7f3a",
        expires_in: int = 3600,
    ) -> None:
        self.client_id = client_id
        self.client_secret = client_secret
        self.expires_in = expires_in
        self.dedupe = False
        self.requests: list[RecordedRequest] = []
        self.events: list[dict[str, Any]] = []
        self.token_grants = 0
        self.issued_tokens: list[str] = []
        self._valid_tokens: set[str] = set()
        self._seen_references: set[str] = set()
        self._event_script: deque[Reply] = deque()
        self._event_callable: Script | None = None
        self._lwa_script: deque[Reply] = deque()
        self._serial = itertools.count(1)
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.01}, name="fake-alexa", daemon=True
        )
        self._thread.start()
        self._closed = False

    # -- addresses -------------------------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        """The Alexa API base, e.g. ``http://127.0.0.1:54321`` (pass as ``api_base``)."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def token_url(self) -> str:
        """The LWA token endpoint on the same server."""
        return self.base_url + TOKEN_PATH

    # -- scripting -------------------------------------------------------------------------------------------
    def script(self, replies: Iterable[int | Reply] | Script, *, retry_after: str | None = None) -> None:
        """Answer the next events with ``replies`` in order (then 202), or with ``replies(body)`` for each.

        ``retry_after`` is sent as a ``Retry-After`` header with every scripted status given as a plain int.
        """
        with self._lock:
            if callable(replies):
                self._event_callable = replies
                self._event_script.clear()
                return
            self._event_callable = None
            self._event_script = deque(
                reply if isinstance(reply, Reply) else Reply(reply, retry_after) for reply in replies
            )

    def script_lwa(self, replies: Iterable[int | Reply]) -> None:
        """Answer the next token requests with these statuses (then grant normally)."""
        with self._lock:
            self._lwa_script = deque(reply if isinstance(reply, Reply) else Reply(reply) for reply in replies)

    def expire_tokens(self) -> None:
        """Make every token issued so far invalid: the Events API answers 401 to them from now on."""
        with self._lock:
            self._valid_tokens.clear()

    def requests_to(self, path: str) -> list[RecordedRequest]:
        """The recorded requests for one path."""
        with self._lock:
            return [request for request in self.requests if request.path == path]

    # -- lifecycle -------------------------------------------------------------------------------------------
    def close(self) -> None:
        """Stop serving and release the port; later connections are refused."""
        if self._closed:
            return
        self._closed = True
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> FakeAlexa:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- behaviour (called from handler threads) -------------------------------------------------------------
    def _answer_token(self, form: dict[str, str]) -> tuple[int, dict[str, Any], dict[str, str]]:
        with self._lock:
            if self._lwa_script:
                reply = self._lwa_script.popleft()
                if reply.status >= 400:
                    return reply.status, {"error": "server_error" if reply.status >= 500 else "invalid_request"}, {}
            if form.get("grant_type") != "client_credentials":
                return 400, {"error": "unsupported_grant_type"}, {}
            if form.get("client_id") != self.client_id or form.get("client_secret") != self.client_secret:
                return 401, {"error": "invalid_client", "error_description": "Client authentication failed"}, {}
            if form.get("scope") != "alexa::proactive_events":
                return 400, {"error": "invalid_scope"}, {}
            token = f"Atc|fake-token-{next(self._serial)}"
            self.token_grants += 1
            self.issued_tokens.append(token)
            self._valid_tokens.add(token)
            answer = {
                "access_token": token,
                "expires_in": self.expires_in,
                "scope": "alexa::proactive_events",
                "token_type": "bearer",
            }
            return 200, answer, {}

    def _answer_event(self, headers: dict[str, str], body: Any) -> tuple[int, dict[str, Any], dict[str, str]]:
        authorization = headers.get("authorization", "")
        token = authorization.removeprefix("Bearer ") if authorization.startswith("Bearer ") else None
        with self._lock:
            if token is None or token not in self._valid_tokens:
                return 401, {"message": "Request is not authorized."}, {}
            if not isinstance(body, dict) or any(field not in body for field in REQUIRED_EVENT_FIELDS):
                return 400, {"message": "Request body is not a valid proactive event."}, {}
            decide = self._event_callable
            reply = self._event_script.popleft() if decide is None and self._event_script else Reply(202)
        if decide is not None:  # outside the lock: the callable may look at the fake
            scripted = decide(body)
            reply = scripted if isinstance(scripted, Reply) else Reply(scripted)
        with self._lock:
            extra = {"Retry-After": reply.retry_after} if reply.retry_after is not None else {}
            if 200 <= reply.status < 300:
                reference = str(body["referenceId"])
                if self.dedupe and reference in self._seen_references:
                    return 409, {"message": "An event with this referenceId was already accepted."}, {}
                self._seen_references.add(reference)
                self.events.append(body)
                return reply.status, {}, extra
            return reply.status, {"message": f"scripted {reply.status}"}, extra

    def _record(self, request: RecordedRequest) -> None:
        with self._lock:
            self.requests.append(request)


def _handler_for(fake: FakeAlexa) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        # HTTP/1.0: one request per connection, so a closed server really refuses the next request.
        protocol_version = "HTTP/1.0"

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length).decode("utf-8", errors="replace")
            headers = {name.lower(): value for name, value in self.headers.items()}
            content_type = headers.get("content-type", "")
            body: Any
            if content_type.startswith("application/x-www-form-urlencoded"):
                body = dict(parse_qsl(raw, keep_blank_values=True))
            else:
                try:
                    body = json.loads(raw) if raw else None
                except json.JSONDecodeError:
                    body = raw
            if self.path == TOKEN_PATH:
                form = body if isinstance(body, dict) else {}
                status, answer, extra = fake._answer_token({str(k): str(v) for k, v in form.items()})
            elif self.path in EVENT_PATHS:
                status, answer, extra = fake._answer_event(headers, body)
            else:
                status, answer, extra = 404, {"message": "not found"}, {}
            fake._record(RecordedRequest("POST", self.path, headers, body, status))
            payload = json.dumps(answer).encode() if answer else b""
            self.send_response(status)
            if payload:
                self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            for name, value in extra.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: Any) -> None:
            """Silence the default stderr access log."""

    return Handler


@pytest.fixture
def fake_alexa() -> Iterator[FakeAlexa]:
    """A fresh ``FakeAlexa`` per test, closed afterwards."""
    with FakeAlexa() as server:
        yield server
