"""The one small HTTP client the notifier uses to reach Alexa: LWA tokens and the Proactive Events API.

Exception hierarchy::

    AlexaApiError                  base of everything raised here; also a malformed LWA answer
    ├── AlexaAuthError             LWA refused our client credentials (any 4xx from the token endpoint),
    │                              or the Events API refused a freshly issued token (401 twice in a row)
    └── AlexaUnavailableError      LWA answered 5xx or could not be reached (connection error, timeout)

``ProactiveEventsClient.send`` raises only those (plus ``ValueError`` for a bad argument). Every answer of the
Events API itself, and a transport failure on the way to it, comes back as a ``SendOutcome`` so the caller can
decide per shopper whether to retry, skip or give up.

Nothing here logs an access token, the client secret or an Alexa user id. Base URLs come from configuration
(``Settings.lwa_token_url`` and ``Settings.alexa_api_base``) so tests point the client at a local fake.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from enum import StrEnum
from typing import Any, Final

import httpx

__all__ = [
    "AlexaApiError",
    "AlexaAuthError",
    "AlexaUnavailableError",
    "LwaTokenProvider",
    "ProactiveEventsClient",
    "SendOutcome",
    "SendStatus",
    "longest_send",
]

logger = logging.getLogger(__name__)

LWA_SCOPE: Final = "alexa::proactive_events"
MESSAGE_ALERT_SCHEMA: Final = "AMAZON.MessageAlert.Activated"
#: A cached token is refreshed this long before LWA says it expires.
REFRESH_MARGIN: Final = timedelta(seconds=60)
#: Alexa keeps an event at most this long after it was sent.
MAX_EXPIRY: Final = timedelta(hours=24)
_STAGE_PATHS: Final = {
    "development": "/v1/proactiveEvents/stages/development",
    "live": "/v1/proactiveEvents",
}
#: ``SendOutcome.http_status`` when the last attempt got no HTTP answer at all (connection error, timeout).
NO_RESPONSE: Final = 0
#: ``ProactiveEventsClient``'s retries after a 5xx or no answer, and the first wait before one.
MAX_5XX_RETRIES: Final = 2
BACKOFF_SECONDS: Final = 0.5


def longest_send(
    timeout: httpx.Timeout, *, max_5xx_retries: int = MAX_5XX_RETRIES, backoff_seconds: float = BACKOFF_SECONDS
) -> float:
    """The longest one ``ProactiveEventsClient.send`` may take over an HTTP client with ``timeout``: each POST
    it may make (the first, the one after a 401, one per 5xx retry) and the two LWA token requests (the first
    and the renewed one), each at its connect and read timeouts, and the waits between the retries.

    Examples
    --------
    >>> longest_send(httpx.Timeout(3.0))  # 4 POSTs and 2 token requests of 6 s; waits of 0.5 and 1 s
    37.5
    """
    if timeout.connect is None or timeout.read is None:
        return float("inf")
    requests = (2 + max_5xx_retries) + 2
    waits = sum(backoff_seconds * 2**n for n in range(max_5xx_retries))
    return requests * (timeout.connect + timeout.read) + waits


class AlexaApiError(Exception):
    """Base class for errors raised while talking to Login with Amazon or the Alexa APIs."""


class AlexaAuthError(AlexaApiError):
    """Our credentials were refused: fix configuration, retrying will not help."""


class AlexaUnavailableError(AlexaApiError):
    """Login with Amazon failed on its side or could not be reached: retry later."""


class SendStatus(StrEnum):
    """What became of one proactive event."""

    SENT = "SENT"  # 202: Alexa accepted the event
    ALREADY_SENT = "ALREADY_SENT"  # 409: an event with this referenceId was already accepted
    NOT_SUBSCRIBED = "NOT_SUBSCRIBED"  # 403: the shopper has not allowed notifications from the skill
    THROTTLED = "THROTTLED"  # 429 or 432: slow down, see ``retry_after``
    FAILED = "FAILED"  # 5xx or no answer, still after every retry
    REJECTED = "REJECTED"  # any other 4xx, e.g. 400 for a body Alexa does not accept


@dataclass(frozen=True, slots=True)
class SendOutcome:
    """The result of ``ProactiveEventsClient.send``.

    Attributes
    ----------
    status
        What became of the event.
    http_status
        Status code of the last answer, or ``0`` when the last attempt got no answer (transport error).
    attempts
        How many POSTs to the Events API were made, retries included.
    retry_after
        Seconds to wait before the next try, from a ``Retry-After`` header on a throttled answer; else ``None``.
    """

    status: SendStatus
    http_status: int
    attempts: int
    retry_after: float | None = None


@dataclass(frozen=True, slots=True)
class _Token:
    value: str
    refresh_at: datetime


class LwaTokenProvider:
    """Access tokens from Login with Amazon (client-credentials grant), cached until shortly before expiry.

    Thread-safe: concurrent callers share one cached token and at most one grant is in flight.

    Parameters
    ----------
    token_url
        The LWA token endpoint, e.g. ``https://api.amazon.com/auth/o2/token``.
    client_id, client_secret
        The skill's messaging credentials (Alexa developer console, Permissions page).
    http
        The HTTP client to use; its owner closes it.
    clock
        Returns the current time (timezone-aware; a naive value is taken as UTC).

    Examples
    --------
    >>> tokens = LwaTokenProvider(settings.lwa_token_url, client_id, client_secret,
    ...                           http=httpx.Client(timeout=3.0), clock=SystemClock().now)  # doctest: +SKIP
    >>> tokens.token()  # doctest: +SKIP
    'Atc|MQEB...'
    """

    def __init__(
        self,
        token_url: str,
        client_id: str,
        client_secret: str,
        *,
        http: httpx.Client,
        clock: Callable[[], datetime],
    ) -> None:
        self._token_url = token_url
        self._client_id = client_id
        self._client_secret = client_secret
        self._http = http
        self._clock = clock
        self._lock = threading.Lock()
        self._cached: _Token | None = None

    def __repr__(self) -> str:  # never show the secret
        return f"LwaTokenProvider(token_url={self._token_url!r})"

    def token(self) -> str:
        """Return a valid access token, asking LWA for a new one only when the cached one is due.

        Returns
        -------
        str
            The bearer token for the Alexa APIs.

        Raises
        ------
        AlexaAuthError
            LWA answered 4xx (wrong client id or secret, scope not enabled for the skill).
        AlexaUnavailableError
            LWA answered 5xx or could not be reached.
        AlexaApiError
            LWA answered 2xx with a body that holds no usable token.
        """
        with self._lock:
            now = _utc(self._clock())
            if self._cached is None or now >= self._cached.refresh_at:
                self._cached = self._grant(now)
            return self._cached.value

    def invalidate(self) -> None:
        """Forget the cached token, so the next ``token()`` asks LWA again (e.g. after a 401)."""
        with self._lock:
            self._cached = None

    def _grant(self, now: datetime) -> _Token:
        form = {
            "grant_type": "client_credentials",
            "client_id": self._client_id,
            "client_secret": self._client_secret,
            "scope": LWA_SCOPE,
        }
        try:
            response = self._http.post(self._token_url, data=form, headers={"Accept": "application/json"})
        except httpx.TransportError as exc:
            logger.warning("LWA token request failed in transport: %s", type(exc).__name__)
            raise AlexaUnavailableError(f"Login with Amazon unreachable ({type(exc).__name__})") from None
        if response.status_code >= 500:
            logger.warning("LWA token request answered %d", response.status_code)
            raise AlexaUnavailableError(f"Login with Amazon answered {response.status_code}")
        if response.status_code >= 400:
            code = _lwa_error_code(response)
            logger.error("LWA refused the client credentials: %d %s", response.status_code, code)
            raise AlexaAuthError(f"Login with Amazon refused the client credentials ({response.status_code} {code})")
        try:
            answer = response.json()
            value = answer["access_token"]
            expires_in = float(answer["expires_in"])
        except (ValueError, KeyError, TypeError):
            raise AlexaApiError("Login with Amazon answered without a usable access_token/expires_in") from None
        if not isinstance(value, str) or not value:
            raise AlexaApiError("Login with Amazon answered with an empty access_token")
        logger.info("LWA granted a token valid for %.0f s", expires_in)
        return _Token(value=value, refresh_at=now + timedelta(seconds=expires_in) - REFRESH_MARGIN)


class ProactiveEventsClient:
    """Sends ``AMAZON.MessageAlert.Activated`` proactive events to one shopper at a time.

    The announcement carries no advertising: Alexa only says the shopper has a message from ``creator``.

    Parameters
    ----------
    api_base
        The Alexa API host for the shopper's region, e.g. ``https://api.amazonalexa.com``.
    tokens
        Supplies (and on a 401, renews) the bearer token.
    http
        The HTTP client to use; its owner closes it.
    clock
        Returns the current time; stamps ``timestamp`` and ``expiryTime``.
    sleep
        Waits between retries; injected so tests record delays instead of sleeping.
    stage
        ``"development"`` (the skill's test stage) or ``"live"``.
    max_5xx_retries
        Retries after a 5xx answer or transport error, waiting ``backoff_seconds * 2**n`` before retry ``n``.
    backoff_seconds
        The first delay.

    Examples
    --------
    >>> client = ProactiveEventsClient(settings.alexa_api_base, tokens, http=http, clock=clock)  # doctest: +SKIP
    >>> client.send(user_id=user_id, reference_id="reorder-2026-11-22-abc", creator="Pantry Pal")  # doctest: +SKIP
    SendOutcome(status=<SendStatus.SENT: 'SENT'>, http_status=202, attempts=1, retry_after=None)
    """

    def __init__(
        self,
        api_base: str,
        tokens: LwaTokenProvider,
        *,
        http: httpx.Client,
        clock: Callable[[], datetime],
        sleep: Callable[[float], None] = time.sleep,
        stage: str = "development",
        max_5xx_retries: int = MAX_5XX_RETRIES,
        backoff_seconds: float = BACKOFF_SECONDS,
    ) -> None:
        if stage not in _STAGE_PATHS:
            raise ValueError(f"stage must be one of {sorted(_STAGE_PATHS)}, not {stage!r}")
        if max_5xx_retries < 0:
            raise ValueError("max_5xx_retries must be >= 0")
        if backoff_seconds < 0:
            raise ValueError("backoff_seconds must be >= 0")
        self._url = api_base.rstrip("/") + _STAGE_PATHS[stage]
        self._tokens = tokens
        self._http = http
        self._clock = clock
        self._sleep = sleep
        self._max_5xx_retries = max_5xx_retries
        self._backoff_seconds = backoff_seconds

    @property
    def url(self) -> str:
        """The endpoint events are POSTed to."""
        return self._url

    def send(
        self,
        *,
        user_id: str,
        reference_id: str,
        creator: str,
        expiry: timedelta = timedelta(hours=23),
        locale: str = "en-US",
    ) -> SendOutcome:
        """Send one message alert to one shopper.

        Parameters
        ----------
        user_id
            The shopper's Alexa user id (``amzn1.ask.account...``); never logged.
        reference_id
            Our idempotency key for this event: Alexa answers 409 to a second event with the same one.
        creator
            Who the message is from, as Alexa will say it ("you have a message from Pantry Pal").
        expiry
            How long Alexa keeps the notification; more than zero and at most 24 hours.
        locale
            The shopper's locale. The message alert body carries no localized attributes, so this is
            only checked to be non-empty today; it is here so callers need not change when one is added.

        Returns
        -------
        SendOutcome
            202 → SENT, 409 → ALREADY_SENT, 403 → NOT_SUBSCRIBED, 429/432 → THROTTLED (with ``retry_after``),
            5xx or no answer after every retry → FAILED, any other 4xx → REJECTED. A 401 invalidates the
            token and is retried once with a fresh one.

        Raises
        ------
        ValueError
            ``expiry`` is not in (0, 24 h], or an identifier is empty.
        AlexaAuthError
            LWA refused our credentials, or the Events API refused a freshly issued token.
        AlexaUnavailableError
            LWA could not supply a token.
        """
        if not timedelta(0) < expiry <= MAX_EXPIRY:
            raise ValueError("expiry must be more than zero and at most 24 hours")
        if not (user_id and reference_id and creator and locale):
            raise ValueError("user_id, reference_id, creator and locale must not be empty")
        now = _utc(self._clock())
        body = _message_alert(
            user_id=user_id, reference_id=reference_id, creator=creator, now=now, expires=now + expiry
        )
        attempts = 0
        failures = 0
        renewed_token = False
        while True:
            token = self._tokens.token()
            attempts += 1
            response: httpx.Response | None
            try:
                response = self._http.post(
                    self._url,
                    json=body,
                    headers={"Authorization": f"Bearer {token}", "Accept": "application/json"},
                )
            except httpx.TransportError as exc:
                logger.warning("Proactive event attempt %d failed in transport: %s", attempts, type(exc).__name__)
                response = None
            status = NO_RESPONSE if response is None else response.status_code
            if status == 401:
                if renewed_token:
                    logger.error("Proactive Events API refused a freshly issued token (401)")
                    raise AlexaAuthError("the Proactive Events API refused a freshly issued token (401)")
                logger.info("Proactive Events API answered 401; renewing the token and retrying once")
                renewed_token = True
                self._tokens.invalidate()
                continue
            if status == NO_RESPONSE or status >= 500:
                if failures < self._max_5xx_retries:
                    delay = self._backoff_seconds * 2**failures
                    failures += 1
                    logger.warning(
                        "Proactive event attempt %d answered %d; retrying in %.2f s", attempts, status, delay
                    )
                    self._sleep(delay)
                    continue
                outcome = SendOutcome(SendStatus.FAILED, status, attempts)
            else:
                outcome = self._classify(status, attempts, response)
            logger.info(
                "Proactive event %s (HTTP %d after %d attempt(s))", outcome.status.value, status, outcome.attempts
            )
            return outcome

    def _classify(self, status: int, attempts: int, response: httpx.Response | None) -> SendOutcome:
        if 200 <= status < 300:
            return SendOutcome(SendStatus.SENT, status, attempts)
        if status == 409:
            return SendOutcome(SendStatus.ALREADY_SENT, status, attempts)
        if status == 403:
            return SendOutcome(SendStatus.NOT_SUBSCRIBED, status, attempts)
        if status in (429, 432):
            header = None if response is None else response.headers.get("Retry-After")
            return SendOutcome(SendStatus.THROTTLED, status, attempts, _retry_after(header, self._clock))
        return SendOutcome(SendStatus.REJECTED, status, attempts)


def _message_alert(
    *, user_id: str, reference_id: str, creator: str, now: datetime, expires: datetime
) -> dict[str, Any]:
    return {
        "timestamp": _iso_z(now),
        "referenceId": reference_id,
        "expiryTime": _iso_z(expires),
        "event": {
            "name": MESSAGE_ALERT_SCHEMA,
            "payload": {
                "state": {"status": "UNREAD", "freshness": "NEW"},
                "messageGroup": {"creator": {"name": creator}, "count": 1},
            },
        },
        "relevantAudience": {"type": "Unicast", "payload": {"user": user_id}},
    }


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _iso_z(moment: datetime) -> str:
    """``2026-11-22T17:00:00.000Z``: ISO-8601 in UTC with milliseconds, as the Alexa docs show it."""
    return _utc(moment).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _retry_after(header: str | None, clock: Callable[[], datetime]) -> float | None:
    """Seconds from a ``Retry-After`` header (delta-seconds or an HTTP date); ``None`` if absent or unreadable."""
    if header is None or not header.strip():
        return None
    try:
        return max(0.0, float(header))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(header)
    except (TypeError, ValueError):
        return None
    return max(0.0, (_utc(when) - _utc(clock())).total_seconds())


def _lwa_error_code(response: httpx.Response) -> str:
    """The OAuth ``error`` code (``invalid_client``, ``invalid_scope``...) without echoing anything else."""
    try:
        code = response.json().get("error")
    except (ValueError, AttributeError):
        return "-"
    return code if isinstance(code, str) and code.isidentifier() else "-"


class TimeoutApiClient:
    """The ASK SDK's ``ApiClient`` over httpx, with a timeout.

    ask-sdk-core's ``DefaultApiClient`` calls ``requests`` without one, so a slow Alexa service API (the
    device settings the skill reads at session start) could hold a turn past Alexa's 8-second limit.
    """

    def __init__(self, *, timeout: float = 1.0, http: httpx.Client | None = None) -> None:
        self._http = http or httpx.Client(timeout=timeout)

    def invoke(self, request: Any) -> Any:
        from ask_sdk_model.services import ApiClientResponse

        response = self._http.request(
            request.method, request.url, headers=dict(request.headers or []), content=request.body
        )
        return ApiClientResponse(
            headers=list(response.headers.items()), status_code=response.status_code, body=response.text
        )
