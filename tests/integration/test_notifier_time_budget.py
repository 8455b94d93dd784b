"""The notifier stops before its Lambda times out and reports what it did not do: the messages it did not start
fail for a retry, the shoppers it did not reach are queued again; nothing is lost and nobody is notified twice."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from orders import StorageError
from reorder.ports import RetryLaterError
from reorder.service import REQUEUE_AFTER
from skill import reorder_app
from skill.alexa_api import LwaTokenProvider, ProactiveEventsClient, SendStatus
from skill.bootstrap import BATCH_ATTEMPTS, BATCH_READ_TIMEOUT, DYNAMODB_ATTEMPTS, DYNAMODB_READ_TIMEOUT
from skill.deadline import DeadlineExceededError
from skill.tables import read_template
from tests.fake_alexa import FakeAlexa, fake_alexa  # noqa: F401 - the fixture
from tests.integration.test_proactive_pipeline import (  # noqa: F401 - the fixture
    LambdaContext,
    due_shopper,
    sqs_event,
    stack,
)

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class TimedContext(LambdaContext):
    """A Lambda context whose remaining time is what ``left`` says at each call."""

    left: Callable[[], int] = lambda: 300_000

    def get_remaining_time_in_millis(self) -> int:
        return self.left()


def test_a_notifier_running_out_of_time_queues_the_shoppers_left_and_fails_the_messages_not_started(
    stack, fake_alexa: FakeAlexa  # noqa: F811
) -> None:
    services, _, sqs, queue_url, clock = stack
    shoppers = {due_shopper(services, clock, f"amzn1.ask.account.DUE{n}") for n in range(4)}
    reorder_app.scheduler_handler({"batch_size": 2}, LambdaContext(function_name="scheduler"))
    event = sqs_event(sqs, queue_url)
    first, second = event["Records"]
    # GIVEN an invocation whose time runs short (under NOTIFY_TIME_RESERVE) once one notification is out
    context = TimedContext(left=lambda: 300_000 if not fake_alexa.events else 30_000)
    # WHEN the notifier handles the two messages of two shoppers
    response = reorder_app.notifier_handler(event, context)
    # THEN it notified one shopper, queued the other of that message again, and did not start the second message,
    # which it reports failed so that SQS delivers it again
    assert len(fake_alexa.events) == 1
    assert response == {"batchItemFailures": [{"itemIdentifier": second["messageId"]}]}
    requeued = sqs_event(sqs, queue_url)["Records"]
    notified = fake_alexa.events[0]["relevantAudience"]["payload"]["user"]
    assert [json.loads(record["body"]) for record in requeued] == [
        {"shopper_ids": [s for s in json.loads(first["body"])["shopper_ids"] if s != notified]}
    ]
    # AND with time enough, the shoppers queued again and the second message redelivered are all notified, once
    again = reorder_app.notifier_handler({"Records": [*requeued, second]}, TimedContext())
    assert again == {"batchItemFailures": []}
    assert sorted(e["relevantAudience"]["payload"]["user"] for e in fake_alexa.events) == sorted(shoppers)


def test_the_notifier_has_time_for_a_batch_and_its_queue_outlasts_it_without_reserved_concurrency() -> None:
    template = read_template(ROOT / "template.yaml")["Resources"]
    notifier = template["NotifierFunction"]["Properties"]
    source = notifier["Events"]["Queue"]["Properties"]
    queue = template["NotifyQueue"]["Properties"]
    schedule = template["SchedulerFunction"]["Properties"]["Events"]["Schedule"]["Properties"]
    # The time kept back to stop early fits well inside the timeout, that of a container's first message too (it
    # reads the LWA credentials first), and a message stays invisible while any invocation can hold it (Lambda's
    # advice: six times the function's timeout).
    assert notifier["Timeout"] >= 4 * reorder_app.NOTIFY_TIME_RESERVE
    assert notifier["Timeout"] >= 3 * (reorder_app.NOTIFY_TIME_RESERVE + reorder_app.SECRET_READ_RESERVE)
    assert queue["VisibilityTimeout"] >= 6 * notifier["Timeout"]
    # Concurrency is capped by the event source (no poller throttling, whose receives dead-letter messages).
    assert "ReservedConcurrentExecutions" not in notifier
    assert source["ScalingConfig"]["MaximumConcurrency"] >= 2
    # The notifier may queue shoppers again, on its own queue, and the schedule's messages are small.
    assert notifier["Environment"]["Variables"]["NOTIFY_QUEUE_URL"] == {"Ref": "NotifyQueue"}
    assert {"SQSSendMessagePolicy": {"QueueName": {"GetAtt": "NotifyQueue.QueueName"}}} in notifier[
        "Policies"
    ]
    batch = reorder_app.ScheduleInput.model_validate_json(schedule["Input"]).batch_size
    assert batch == reorder_app.ScheduleInput().batch_size <= 10


def test_the_notifiers_patient_dynamodb_client_keeps_to_the_messages_deadline(monkeypatch: pytest.MonkeyPatch) -> None:
    # GIVEN a notifier container as Lambda starts it, from its environment (DynamoDB unreachable)
    for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_REGION": "us-east-1",
                        "PANTRY_TABLE": "pantry", "DYNAMODB_ENDPOINT": "http://127.0.0.1:9"}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("MODEL_BUCKET", raising=False)
    monkeypatch.setattr(reorder_app, "_services", None)
    services = reorder_app._container()
    client = services.store._client  # type: ignore[attr-defined]
    # THEN its DynamoDB client waits longer, and tries more, than a turn's
    assert client.meta.config.read_timeout == BATCH_READ_TIMEOUT > DYNAMODB_READ_TIMEOUT
    assert client.meta.config.retries["total_max_attempts"] == BATCH_ATTEMPTS > DYNAMODB_ATTEMPTS
    # WHEN a message comes with too little time left
    record = SQSRecord({"messageId": "m1", "body": json.dumps({"shopper_ids": ["amzn1.ask.account.A"]})})
    with pytest.raises(RetryLaterError):
        reorder_app.notify_record(record, TimedContext(left=lambda: 5_000))
    # THEN that client keeps to the same deadline: no attempt is sent that could outlast the invocation
    with pytest.raises(StorageError) as refused:
        services.store.get_profile("amzn1.ask.account.A")
    assert isinstance(refused.value.__cause__, DeadlineExceededError)


def _slowest_call(config: Any) -> float:
    """One call of a botocore client at its slowest: each attempt at its timeouts, and standard mode's longest
    waits between them."""
    attempts = config.retries["total_max_attempts"]
    assert config.retries["mode"] == "standard"
    waits = sum(min(2**i, 20) for i in range(attempts - 1))
    return attempts * (config.connect_timeout + config.read_timeout) + waits


def test_the_time_kept_back_holds_a_dynamodb_call_a_notification_and_the_requeue_each_at_its_slowest(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # GIVEN the notifier's clients as its container builds them
    for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_REGION": "us-east-1",
                        "PANTRY_TABLE": "pantry"}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("MODEL_BUCKET", raising=False)
    monkeypatch.setattr(reorder_app, "_services", None)
    services = reorder_app._container()
    dynamodb = services.store._client.meta.config  # type: ignore[attr-defined]
    requeue = reorder_app.batch_sqs_client(services.settings).meta.config
    # AND Alexa refusing the first token, then failing every retry: the most requests one notification makes
    paths: list[str] = []
    waits: list[float] = []

    def answer(request: httpx.Request) -> httpx.Response:
        paths.append(request.url.path)
        if request.url.host == "lwa.test":
            return httpx.Response(200, json={"access_token": f"Atc|{len(paths)}", "expires_in": 3600})
        return httpx.Response(401 if len(paths) == 2 else 503)

    http = httpx.Client(transport=httpx.MockTransport(answer), timeout=reorder_app.NOTIFY_HTTP_TIMEOUT)
    now = lambda: datetime(2026, 11, 23, 9, tzinfo=UTC)  # noqa: E731
    tokens = LwaTokenProvider("https://lwa.test/auth/o2/token", "id", "secret", http=http, clock=now)
    client = ProactiveEventsClient("https://alexa.test", tokens, http=http, clock=now, sleep=waits.append)
    # WHEN it sends one
    outcome = client.send(user_id="amzn1.ask.account.A", reference_id="r1", creator="Pantry Pal")
    # THEN the time kept back holds that notification's requests at their timeouts and its waits, one DynamoDB
    # call and the re-queue of the shoppers left, each at its slowest as configured
    assert outcome.status is SendStatus.FAILED and len(paths) == 6
    timeout = http.timeout
    notification = len(paths) * (timeout.connect + timeout.read) + sum(waits)  # type: ignore[operator]
    assert _slowest_call(dynamodb) + notification + _slowest_call(requeue) <= reorder_app.NOTIFY_TIME_RESERVE


def test_a_shopper_queued_is_held_until_the_message_and_its_retries_are_over() -> None:
    # GIVEN the notify queue: a message is received at most maxReceiveCount times, each hidden for the
    # VisibilityTimeout, and then dead-lettered
    queue = read_template(ROOT / "template.yaml")["Resources"]["NotifyQueue"]["Properties"]
    lasts = queue["VisibilityTimeout"] * queue["RedrivePolicy"]["maxReceiveCount"]
    # THEN the scheduler does not queue a shopper again before then, and not much later
    assert lasts <= REQUEUE_AFTER.total_seconds() <= lasts + 3600
