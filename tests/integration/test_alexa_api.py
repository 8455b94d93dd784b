"""skill.alexa_api over real HTTP against tests.fake_alexa (LWA + Proactive Events API on 127.0.0.1 only)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest

from skill.alexa_api import (
    AlexaApiError,
    AlexaAuthError,
    AlexaUnavailableError,
    LwaTokenProvider,
    ProactiveEventsClient,
    SendOutcome,
    SendStatus,
)
from skill.clock import SimulatedClock
from tests.fake_alexa import FakeAlexa, Reply, fake_alexa  # noqa: F401

NOW = datetime(2026, 11, 22, 17, 0, tzinfo=UTC)
USER_ID = "amzn1.ask.account.AGF7EXAMPLESHOPPER0001"
DEV_PATH = "/v1/proactiveEvents/stages/development"
LIVE_PATH = "/v1/proactiveEvents"
TOKEN_PATH = "/auth/o2/token"


@pytest.fixture
def frozen_clock() -> SimulatedClock:
    return SimulatedClock(frozen_at=NOW)


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    # trust_env=False: no proxy from the environment, so requests go straight to 127.0.0.1.
    with httpx.Client(timeout=5.0, trust_env=False) as client:
        yield client


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def tokens(fake_alexa: FakeAlexa, http: httpx.Client, frozen_clock: SimulatedClock) -> LwaTokenProvider:  # noqa: F811
    return LwaTokenProvider(
        fake_alexa.token_url, fake_alexa.client_id, fake_alexa.client_secret, http=http, clock=frozen_clock.now
    )


@pytest.fixture
def client(
    fake_alexa: FakeAlexa,  # noqa: F811
    tokens: LwaTokenProvider,
    http: httpx.Client,
    frozen_clock: SimulatedClock,
    sleeps: list[float],
) -> ProactiveEventsClient:
    return ProactiveEventsClient(fake_alexa.base_url, tokens, http=http, clock=frozen_clock.now, sleep=sleeps.append)


def send(client: ProactiveEventsClient, reference_id: str = "reorder-2026-11-22-0001") -> SendOutcome:
    return client.send(user_id=USER_ID, reference_id=reference_id, creator="Pantry Pal")


# -- Login with Amazon ---------------------------------------------------------------------------------------


def test_the_token_request_is_a_client_credentials_grant_for_proactive_events(
    fake_alexa: FakeAlexa,  # noqa: F811
    tokens: LwaTokenProvider,
) -> None:
    # GIVEN a provider pointed at the fake LWA
    # WHEN a token is asked for
    token = tokens.token()
    # THEN LWA received the form-encoded client-credentials grant with the proactive-events scope
    (grant,) = fake_alexa.requests_to(TOKEN_PATH)
    assert grant.headers["content-type"].startswith("application/x-www-form-urlencoded")
    assert grant.body == {
        "grant_type": "client_credentials",
        "client_id": fake_alexa.client_id,
        "client_secret": fake_alexa.client_secret,
        "scope": "alexa::proactive_events",
    }
    assert token == fake_alexa.issued_tokens[0]


def test_the_token_is_fetched_once_and_reused_until_a_minute_before_it_expires(
    fake_alexa: FakeAlexa,  # noqa: F811
    tokens: LwaTokenProvider,
    frozen_clock: SimulatedClock,
) -> None:
    # GIVEN LWA issues tokens valid for an hour
    fake_alexa.expires_in = 3600
    first = tokens.token()
    # WHEN it is asked for again and again until 61 s before expiry
    again = tokens.token()
    frozen_clock.advance(timedelta(seconds=3600 - 61))
    late = tokens.token()
    # THEN LWA granted only once and the same token came back
    assert fake_alexa.token_grants == 1
    assert first == again == late
    # WHEN the clock reaches the last minute of the token's life
    frozen_clock.advance(timedelta(seconds=1))
    refreshed = tokens.token()
    # THEN a new token was granted and is then cached in turn
    assert fake_alexa.token_grants == 2
    assert refreshed != first
    assert tokens.token() == refreshed
    assert fake_alexa.token_grants == 2


def test_invalidate_makes_the_next_call_fetch_a_new_token(
    fake_alexa: FakeAlexa,  # noqa: F811
    tokens: LwaTokenProvider,
) -> None:
    # GIVEN a cached token
    first = tokens.token()
    # WHEN it is invalidated
    tokens.invalidate()
    # THEN the next call asks LWA again
    assert tokens.token() != first
    assert fake_alexa.token_grants == 2


def test_concurrent_callers_share_a_single_token_grant(
    fake_alexa: FakeAlexa,  # noqa: F811
    tokens: LwaTokenProvider,
) -> None:
    # GIVEN no cached token and eight threads released at once
    barrier = threading.Barrier(8)
    seen: list[str] = []

    def worker() -> None:
        barrier.wait()
        seen.append(tokens.token())

    threads = [threading.Thread(target=worker) for _ in range(8)]
    # WHEN they all ask for a token
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    # THEN LWA granted exactly once and everybody got that token
    assert fake_alexa.token_grants == 1
    assert seen == [fake_alexa.issued_tokens[0]] * 8


def test_lwa_refusing_the_client_secret_raises_an_auth_error(
    fake_alexa: FakeAlexa,  # noqa: F811
    http: httpx.Client,
    frozen_clock: SimulatedClock,
) -> None:
    # GIVEN a provider configured with the wrong secret
    tokens = LwaTokenProvider(
        fake_alexa.token_url, fake_alexa.client_id, "not-the-secret", http=http, clock=frozen_clock.now
    )
    # WHEN a token is asked for
    # THEN LWA's 401 invalid_client surfaces as AlexaAuthError (an AlexaApiError), naming the OAuth error code
    with pytest.raises(AlexaAuthError, match="401 invalid_client") as raised:
        tokens.token()
    assert isinstance(raised.value, AlexaApiError)
    assert "not-the-secret" not in str(raised.value)
    assert fake_alexa.token_grants == 0


def test_lwa_answering_5xx_raises_unavailable_and_a_later_call_recovers(
    fake_alexa: FakeAlexa,  # noqa: F811
    tokens: LwaTokenProvider,
) -> None:
    # GIVEN LWA fails once with 503
    fake_alexa.script_lwa([503])
    # WHEN a token is asked for
    # THEN the failure is AlexaUnavailableError
    with pytest.raises(AlexaUnavailableError, match="503"):
        tokens.token()
    # AND the next call (LWA healthy again) gets a token
    assert tokens.token() == fake_alexa.issued_tokens[0]


# -- Proactive Events: the body ------------------------------------------------------------------------------


def test_an_accepted_event_is_sent_as_an_unread_message_alert_for_one_shopper(
    fake_alexa: FakeAlexa,  # noqa: F811
    client: ProactiveEventsClient,
) -> None:
    # GIVEN the development stage and Alexa accepting events
    # WHEN a message alert is sent
    outcome = client.send(
        user_id=USER_ID, reference_id="reorder-2026-11-22-0001", creator="Pantry Pal", expiry=timedelta(hours=23)
    )
    # THEN it is SENT after one attempt
    assert outcome == SendOutcome(SendStatus.SENT, 202, 1)
    # AND the development endpoint got exactly the MessageAlert body, with the bearer token
    (request,) = fake_alexa.requests_to(DEV_PATH)
    assert request.headers["authorization"] == f"Bearer {fake_alexa.issued_tokens[0]}"
    assert request.headers["content-type"] == "application/json"
    assert request.body == {
        "timestamp": "2026-11-22T17:00:00.000Z",
        "referenceId": "reorder-2026-11-22-0001",
        "expiryTime": "2026-11-23T16:00:00.000Z",
        "event": {
            "name": "AMAZON.MessageAlert.Activated",
            "payload": {
                "state": {"status": "UNREAD", "freshness": "NEW"},
                "messageGroup": {"creator": {"name": "Pantry Pal"}, "count": 1},
            },
        },
        "relevantAudience": {"type": "Unicast", "payload": {"user": USER_ID}},
    }
    assert fake_alexa.events == [request.body]


def test_timestamps_are_iso_utc_with_z_and_expiry_stays_within_a_day(
    fake_alexa: FakeAlexa,  # noqa: F811
    client: ProactiveEventsClient,
) -> None:
    # GIVEN the longest expiry Alexa allows
    # WHEN an event is sent
    client.send(user_id=USER_ID, reference_id="r-24h", creator="Pantry Pal", expiry=timedelta(hours=24))
    # THEN both times are ISO-8601 UTC ending in Z and at most 24 h apart
    (event,) = fake_alexa.events
    sent = datetime.fromisoformat(event["timestamp"])
    expires = datetime.fromisoformat(event["expiryTime"])
    assert event["timestamp"].endswith("Z")
    assert event["expiryTime"].endswith("Z")
    assert sent == NOW
    assert timedelta(0) < expires - sent <= timedelta(hours=24)


@pytest.mark.parametrize("expiry", [timedelta(hours=24, seconds=1), timedelta(0), timedelta(minutes=-5)])
def test_an_expiry_outside_zero_to_24_hours_is_refused_before_any_request(
    fake_alexa: FakeAlexa,  # noqa: F811
    client: ProactiveEventsClient,
    expiry: timedelta,
) -> None:
    # GIVEN an expiry Alexa would not accept
    # WHEN sending
    # THEN ValueError, and nothing reached the network
    with pytest.raises(ValueError, match="24 hours"):
        client.send(user_id=USER_ID, reference_id="r", creator="Pantry Pal", expiry=expiry)
    assert fake_alexa.requests == []


def test_the_live_stage_posts_to_the_production_endpoint(
    fake_alexa: FakeAlexa,  # noqa: F811
    tokens: LwaTokenProvider,
    http: httpx.Client,
    frozen_clock: SimulatedClock,
) -> None:
    # GIVEN a client for the live stage, with a trailing slash on the base URL
    live = ProactiveEventsClient(fake_alexa.base_url + "/", tokens, http=http, clock=frozen_clock.now, stage="live")
    # WHEN an event is sent
    outcome = send(live)
    # THEN it went to /v1/proactiveEvents and nothing to the development path
    assert outcome.status is SendStatus.SENT
    assert [r.path for r in fake_alexa.requests if r.path != TOKEN_PATH] == [LIVE_PATH]


def test_an_unknown_stage_is_a_configuration_error(
    fake_alexa: FakeAlexa,  # noqa: F811
    tokens: LwaTokenProvider,
    http: httpx.Client,
    frozen_clock: SimulatedClock,
) -> None:
    # GIVEN / WHEN a stage that is neither development nor live
    # THEN the constructor refuses it
    with pytest.raises(ValueError, match="stage"):
        ProactiveEventsClient(fake_alexa.base_url, tokens, http=http, clock=frozen_clock.now, stage="prod")


# -- Proactive Events: outcomes ------------------------------------------------------------------------------


def test_a_reused_reference_id_is_reported_as_already_sent(
    fake_alexa: FakeAlexa,  # noqa: F811
    client: ProactiveEventsClient,
) -> None:
    # GIVEN Alexa deduplicating by referenceId and one event already accepted
    fake_alexa.dedupe = True
    first = send(client, "reorder-dup")
    # WHEN the same referenceId is sent again
    second = send(client, "reorder-dup")
    # THEN the repeat is ALREADY_SENT (409) and only one event was accepted
    assert first.status is SendStatus.SENT
    assert second == SendOutcome(SendStatus.ALREADY_SENT, 409, 1)
    assert len(fake_alexa.events) == 1


def test_a_shopper_without_notification_permission_is_not_subscribed(
    fake_alexa: FakeAlexa,  # noqa: F811
    client: ProactiveEventsClient,
    sleeps: list[float],
) -> None:
    # GIVEN Alexa answering 403
    fake_alexa.script([403])
    # WHEN an event is sent
    outcome = send(client)
    # THEN NOT_SUBSCRIBED, without retrying
    assert outcome == SendOutcome(SendStatus.NOT_SUBSCRIBED, 403, 1)
    assert sleeps == []
    assert fake_alexa.events == []


@pytest.mark.parametrize(
    "case",
    [(429, "30", 30.0), (432, "2.5", 2.5), (429, None, None), (432, "soon", None)],
    ids=["429-seconds", "432-fraction", "429-no-header", "432-unreadable"],
)
def test_a_throttled_event_carries_retry_after_and_is_not_retried(
    fake_alexa: FakeAlexa,  # noqa: F811
    client: ProactiveEventsClient,
    sleeps: list[float],
    case: tuple[int, str | None, float | None],
) -> None:
    status, header, expected = case
    # GIVEN Alexa throttling with (or without, or with an unreadable) Retry-After
    fake_alexa.script([Reply(status, retry_after=header)])
    # WHEN an event is sent
    outcome = send(client)
    # THEN THROTTLED with the advised delay, after one attempt and no sleeping
    assert outcome == SendOutcome(SendStatus.THROTTLED, status, 1, retry_after=expected)
    assert sleeps == []


def test_a_retry_after_given_as_an_http_date_becomes_seconds_from_now(
    fake_alexa: FakeAlexa,  # noqa: F811
    client: ProactiveEventsClient,
) -> None:
    # GIVEN Alexa throttling until two minutes from the (injected) now
    fake_alexa.script([Reply(429, retry_after=format_datetime(NOW + timedelta(minutes=2), usegmt=True))])
    # WHEN an event is sent
    outcome = send(client)
    # THEN retry_after is those 120 seconds
    assert outcome.status is SendStatus.THROTTLED
    assert outcome.retry_after == 120.0


@pytest.mark.parametrize("failing", [500, 503])
def test_server_errors_are_retried_with_growing_backoff_then_sent(
    fake_alexa: FakeAlexa,  # noqa: F811
    client: ProactiveEventsClient,
    sleeps: list[float],
    failing: int,
) -> None:
    # GIVEN two server errors before Alexa accepts
    fake_alexa.script([failing, failing, 202])
    # WHEN an event is sent
    outcome = send(client)
    # THEN it is SENT on the third attempt, after waiting 0.5 s then 1 s
    assert outcome == SendOutcome(SendStatus.SENT, 202, 3)
    assert sleeps == [0.5, 1.0]
    # AND every attempt carried the same event
    bodies = [r.body for r in fake_alexa.requests_to(DEV_PATH)]
    assert len(bodies) == 3
    assert bodies[0] == bodies[1] == bodies[2]


def test_server_errors_beyond_the_retry_budget_fail(
    fake_alexa: FakeAlexa,  # noqa: F811
    tokens: LwaTokenProvider,
    http: httpx.Client,
    frozen_clock: SimulatedClock,
    sleeps: list[float],
) -> None:
    # GIVEN a budget of three retries starting at 0.1 s, and Alexa failing every time
    client = ProactiveEventsClient(
        fake_alexa.base_url,
        tokens,
        http=http,
        clock=frozen_clock.now,
        sleep=sleeps.append,
        max_5xx_retries=3,
        backoff_seconds=0.1,
    )
    fake_alexa.script([503] * 10)
    # WHEN an event is sent
    outcome = send(client)
    # THEN FAILED with the last status after 1 + 3 attempts, the delays doubling each time
    assert outcome == SendOutcome(SendStatus.FAILED, 503, 4)
    assert sleeps == pytest.approx([0.1, 0.2, 0.4])
    assert fake_alexa.events == []


def test_a_bad_request_is_rejected_without_retrying(
    fake_alexa: FakeAlexa,  # noqa: F811
    client: ProactiveEventsClient,
    sleeps: list[float],
) -> None:
    # GIVEN Alexa answering 400
    fake_alexa.script([400])
    # WHEN an event is sent
    outcome = send(client)
    # THEN REJECTED after one attempt
    assert outcome == SendOutcome(SendStatus.REJECTED, 400, 1)
    assert sleeps == []


def test_the_status_can_be_decided_per_event_by_a_callable(
    fake_alexa: FakeAlexa,  # noqa: F811
    client: ProactiveEventsClient,
) -> None:
    # GIVEN Alexa refusing one particular shopper's event only
    fake_alexa.script(lambda body: 403 if body["referenceId"] == "for-bob" else 202)
    # WHEN two events are sent
    outcomes = [send(client, "for-alice").status, send(client, "for-bob").status]
    # THEN only that one is NOT_SUBSCRIBED
    assert outcomes == [SendStatus.SENT, SendStatus.NOT_SUBSCRIBED]


# -- Tokens meet the Events API ------------------------------------------------------------------------------


def test_a_token_alexa_no_longer_accepts_is_renewed_once_and_the_event_sent(
    fake_alexa: FakeAlexa,  # noqa: F811
    client: ProactiveEventsClient,
    tokens: LwaTokenProvider,
) -> None:
    # GIVEN a cached token that Alexa has since stopped accepting
    stale = tokens.token()
    fake_alexa.expire_tokens()
    # WHEN an event is sent
    outcome = send(client)
    # THEN the 401 made the client fetch a new token and retry: SENT on attempt 2
    assert outcome == SendOutcome(SendStatus.SENT, 202, 2)
    assert fake_alexa.token_grants == 2
    auths = [r.headers["authorization"] for r in fake_alexa.requests_to(DEV_PATH)]
    assert auths == [f"Bearer {stale}", f"Bearer {fake_alexa.issued_tokens[1]}"]


def test_a_refreshed_token_is_used_after_the_cached_one_expires(
    fake_alexa: FakeAlexa,  # noqa: F811
    client: ProactiveEventsClient,
    frozen_clock: SimulatedClock,
) -> None:
    # GIVEN one event sent with a one-hour token
    send(client, "first")
    # WHEN an hour passes and another event is sent
    frozen_clock.advance(timedelta(hours=1))
    send(client, "second")
    # THEN the second event went out with a second, freshly granted token
    auths = [r.headers["authorization"] for r in fake_alexa.requests_to(DEV_PATH)]
    assert auths == [f"Bearer {token}" for token in fake_alexa.issued_tokens]
    assert fake_alexa.token_grants == 2


def test_a_401_even_with_a_fresh_token_raises_an_auth_error(
    fake_alexa: FakeAlexa,  # noqa: F811
    client: ProactiveEventsClient,
) -> None:
    # GIVEN Alexa answering 401 to every token
    fake_alexa.script([401, 401, 401])
    # WHEN an event is sent
    # THEN the client renews once, then gives up with AlexaAuthError
    with pytest.raises(AlexaAuthError, match="401"):
        send(client)
    assert len(fake_alexa.requests_to(DEV_PATH)) == 2
    assert fake_alexa.token_grants == 2


# -- The fake is gone ----------------------------------------------------------------------------------------


def test_an_unreachable_events_api_fails_after_the_retries_with_no_http_status(
    fake_alexa: FakeAlexa,  # noqa: F811
    client: ProactiveEventsClient,
    tokens: LwaTokenProvider,
    sleeps: list[float],
) -> None:
    # GIVEN a cached token, then the server going away
    tokens.token()
    fake_alexa.close()
    # WHEN an event is sent
    outcome = send(client)
    # THEN connection errors count like 5xx: retried with backoff, then FAILED with http_status 0
    assert outcome == SendOutcome(SendStatus.FAILED, 0, 3)
    assert sleeps == [0.5, 1.0]


def test_an_unreachable_lwa_raises_unavailable_from_send(
    fake_alexa: FakeAlexa,  # noqa: F811
    client: ProactiveEventsClient,
) -> None:
    # GIVEN no cached token and the server gone
    fake_alexa.close()
    # WHEN an event is sent
    # THEN the token cannot be had: AlexaUnavailableError
    with pytest.raises(AlexaUnavailableError, match="unreachable"):
        send(client)


# -- Secrets stay out of logs --------------------------------------------------------------------------------


def test_no_secret_token_or_user_id_appears_in_the_logs(
    fake_alexa: FakeAlexa,  # noqa: F811
    client: ProactiveEventsClient,
    tokens: LwaTokenProvider,
    http: httpx.Client,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # GIVEN every logger (ours, httpx, httpcore) captured at DEBUG
    caplog.set_level(logging.DEBUG)
    # WHEN the client goes through a renewal, retries, throttling, a rejection and an LWA refusal
    stale = tokens.token()
    fake_alexa.expire_tokens()
    fake_alexa.script([503, 202, Reply(429, "5"), 400])
    send(client, "a")
    send(client, "b")
    send(client, "c")
    wrong = LwaTokenProvider(
        fake_alexa.token_url, fake_alexa.client_id, "wrong-secret-9c1", http=http, clock=lambda: NOW
    )
    with pytest.raises(AlexaAuthError):
        wrong.token()
    # THEN something was logged, but no secret, token or user id
    text = "\n".join(f"{record.getMessage()} {record.args!r}" for record in caplog.records)
    assert "skill.alexa_api" in {record.name for record in caplog.records}
    secrets = [fake_alexa.client_secret, "wrong-secret-9c1", USER_ID, stale, *fake_alexa.issued_tokens]
    assert [secret for secret in secrets if secret in text] == []
    assert "fake-token" not in text
    assert "fake-token" not in repr(tokens)
    assert fake_alexa.client_secret not in repr(tokens)
