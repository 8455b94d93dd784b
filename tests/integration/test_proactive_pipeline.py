"""The proactive pipeline end to end: DynamoDB and SQS on moto, the real Lambda entry points, the real
Alexa client speaking HTTP to a fake Alexa/LWA server on 127.0.0.1."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import boto3
import httpx
import pytest

from skill import reorder_app
from skill.bootstrap import Services, build_services
from skill.clock import SimulatedClock
from skill.config import Settings
from skill.tables import create_tables
from tests.conftest import NOW
from tests.fake_alexa import FakeAlexa, fake_alexa  # noqa: F401 - the fixture
from tests.seed import regular, seed_orders

TABLE = "pantry-proactive-test"
TOWELS = "pp-0001"


class CountingClient:
    """A boto3 client proxy that records every operation called on it (to prove there is no scan)."""

    def __init__(self, client: Any) -> None:
        self._client = client
        self.calls: list[str] = []

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._client, name)
        if callable(attribute) and not name.startswith("get_paginator"):
            def record(*args: Any, **kwargs: Any) -> Any:
                self.calls.append(name)
                return attribute(*args, **kwargs)
            return record
        if name == "get_paginator":
            def paginator(operation: str) -> Any:
                self.calls.append(operation)
                return attribute(operation)
            return paginator
        return attribute


@dataclass
class LambdaContext:
    function_name: str = "notifier"
    memory_limit_in_mb: int = 1024
    invoked_function_arn: str = "arn:aws:lambda:us-east-1:123456789012:function:notifier"
    aws_request_id: str = "11111111-2222-3333-4444-555555555555"


@pytest.fixture
def stack(moto_aws: None, demo_catalog, fake_alexa: FakeAlexa, monkeypatch: pytest.MonkeyPatch):  # noqa: F811
    dynamodb = CountingClient(boto3.client("dynamodb"))
    create_tables(dynamodb._client, {"PantryTable": TABLE})
    sqs = boto3.client("sqs")
    queue_url = sqs.create_queue(QueueName="notify")["QueueUrl"]
    clock = SimulatedClock(frozen_at=NOW)
    settings = Settings(table_name=TABLE, alexa_api_base=fake_alexa.base_url, lwa_token_url=fake_alexa.token_url,
                        lwa_client_id=fake_alexa.client_id, lwa_client_secret=fake_alexa.client_secret)
    services = build_services(settings, dynamodb=dynamodb, clock=clock, catalog=demo_catalog)
    notifier = reorder_app.build_notifier(settings, clock.now, http=httpx.Client(timeout=2.0))
    notifier._client._sleep = lambda seconds: None  # no real waiting between 5xx retries
    monkeypatch.setattr(reorder_app, "_services", services)
    monkeypatch.setattr(reorder_app, "_notifier", notifier)
    monkeypatch.setenv("NOTIFY_QUEUE_URL", queue_url)
    return services, dynamodb, sqs, queue_url, clock


def due_shopper(services: Services, clock: SimulatedClock, shopper_id: str = "amzn1.ask.account.DUE") -> str:
    seed_orders(services, clock, shopper_id, regular(TOWELS, every=14, times=6, last_days_ago=15))
    profile = services.shopping.profile(shopper_id, alexa_user_id=shopper_id)
    services.shopping.save_profile(profile.model_copy(update={"notifications_permitted": True}))
    return shopper_id


def sqs_event(sqs: Any, queue_url: str) -> dict[str, Any]:
    """What the SQS event source hands the notifier: the queue's messages in Lambda's record shape."""
    messages = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10).get("Messages", [])
    return {"Records": [
        {"messageId": m["MessageId"], "receiptHandle": m["ReceiptHandle"], "body": m["Body"], "attributes": {},
         "messageAttributes": {}, "md5OfBody": m["MD5OfBody"], "eventSource": "aws:sqs",
         "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:notify", "awsRegion": "us-east-1"}
        for m in messages
    ]}


def test_the_scheduler_entry_point_reads_the_due_index_never_scans_and_queues_the_shopper(stack) -> None:
    services, dynamodb, sqs, queue_url, clock = stack
    shopper = due_shopper(services, clock)
    dynamodb.calls.clear()
    # WHEN the scheduled function runs with the schedule's fixed input
    result = reorder_app.scheduler_handler({"batch_size": 50}, LambdaContext(function_name="scheduler"))
    # THEN it queried the index (no scan) and queued the due shopper
    assert "scan" not in [call.lower() for call in dynamodb.calls]
    assert "query" in dynamodb.calls
    assert result["items_read"] == 1 and result["shoppers"] == 1
    body = json.loads(sqs.receive_message(QueueUrl=queue_url)["Messages"][0]["Body"])
    assert body == {"shopper_ids": [shopper]}
    # AND while that message is in the queue, the next run does not queue the shopper again
    clock.advance(timedelta(minutes=15))
    again = reorder_app.scheduler_handler({"batch_size": 50}, LambdaContext(function_name="scheduler"))
    assert again["shoppers"] == 0


def test_a_scheduler_run_holds_each_queued_shopper_with_one_update_and_reads_no_shoppers_states(stack) -> None:
    services, dynamodb, _, _, clock = stack
    for n in range(3):
        due_shopper(services, clock, f"amzn1.ask.account.DUE{n}")
    dynamodb.calls.clear()
    # WHEN the scheduler queues the three due shoppers
    run = reorder_app.scheduler_handler({"batch_size": 2}, LambdaContext(function_name="scheduler"))
    # THEN its DynamoDB calls are the cursor's read and save, a Query per bucket read, and one conditional
    # UpdateItem per shopper held: no Query of a shopper's states, no PutItem of them
    assert (run["shoppers"], run["held"]) == (3, 3)
    assert sorted(dynamodb.calls) == sorted(["get_item", "put_item", *["query"] * run["buckets"], *["update_item"] * 3])


def test_the_notifier_sends_one_message_alert_through_alexa(stack, fake_alexa: FakeAlexa) -> None:  # noqa: F811
    services, _, sqs, queue_url, clock = stack
    shopper = due_shopper(services, clock)
    reorder_app.scheduler_handler({}, LambdaContext(function_name="scheduler"))
    response = reorder_app.notifier_handler(sqs_event(sqs, queue_url), LambdaContext())
    assert response == {"batchItemFailures": []}
    (event,) = fake_alexa.events
    assert event["event"]["name"] == "AMAZON.MessageAlert.Activated"
    assert event["event"]["payload"]["messageGroup"]["creator"]["name"] == "Pantry Pal"
    assert event["relevantAudience"]["payload"]["user"] == shopper
    assert fake_alexa.token_grants == 1


@pytest.mark.parametrize(("status", "answers"), [(429, 1), (432, 1), (503, 3)])
def test_throttled_or_failing_alexa_fails_the_message_for_a_retry_and_nothing_is_lost(
    stack, fake_alexa: FakeAlexa, status: int, answers: int  # noqa: F811
) -> None:
    services, _, sqs, queue_url, clock = stack
    due_shopper(services, clock)
    reorder_app.scheduler_handler({}, LambdaContext(function_name="scheduler"))
    event = sqs_event(sqs, queue_url)
    # GIVEN Alexa answers with a limit (no retry in the client) or a server error (5xx even after the
    # client's own two retries)
    fake_alexa.script([status] * answers)
    # WHEN the notifier handles the message
    first = reorder_app.notifier_handler(event, LambdaContext())
    # THEN the message is reported failed (SQS redelivers it, and dead-letters it after 5 tries)
    assert first["batchItemFailures"] == [{"itemIdentifier": event["Records"][0]["messageId"]}]
    assert fake_alexa.events == []
    # AND the redelivered message, with Alexa healthy again, is sent exactly once
    second = reorder_app.notifier_handler(event, LambdaContext())
    assert second == {"batchItemFailures": []}
    assert len(fake_alexa.events) == 1
    third = reorder_app.notifier_handler(event, LambdaContext())  # a duplicate delivery
    assert third == {"batchItemFailures": []}
    assert len(fake_alexa.events) == 1


def test_a_shopper_who_unsubscribed_gets_403_and_is_not_retried(stack, fake_alexa: FakeAlexa) -> None:  # noqa: F811
    services, _, sqs, queue_url, clock = stack
    shopper = due_shopper(services, clock)
    reorder_app.scheduler_handler({}, LambdaContext(function_name="scheduler"))
    fake_alexa.script([403])
    assert reorder_app.notifier_handler(sqs_event(sqs, queue_url), LambdaContext()) == {"batchItemFailures": []}
    assert services.shopping.find_profile(shopper).notifications_permitted is False


def test_alexas_409_for_an_already_sent_reference_counts_as_sent(stack, fake_alexa: FakeAlexa) -> None:  # noqa: F811
    services, _, sqs, queue_url, clock = stack
    due_shopper(services, clock)
    reorder_app.scheduler_handler({}, LambdaContext(function_name="scheduler"))
    fake_alexa.script([409])
    assert reorder_app.notifier_handler(sqs_event(sqs, queue_url), LambdaContext()) == {"batchItemFailures": []}
    assert reorder_app.scheduler_handler({}, LambdaContext(function_name="scheduler"))["shoppers"] == 0
