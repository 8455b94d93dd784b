"""The notifier stops before its Lambda times out and reports what it did not do: the messages it did not start
fail for a retry, the shoppers it did not reach are queued again; nothing is lost and nobody is notified twice."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from orders import StorageError
from reorder.ports import RetryLaterError
from skill import reorder_app
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
    # GIVEN an invocation whose time runs short (under the 45 s kept back) once one notification is out
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
    # The time kept back to stop early fits well inside the timeout, and a message stays invisible while any
    # invocation can hold it (Lambda's advice: six times the function's timeout).
    assert notifier["Timeout"] >= 4 * reorder_app.NOTIFY_TIME_RESERVE
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
