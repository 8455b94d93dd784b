"""The scheduler stops before its Lambda times out: it sends and holds no more, saves its cursor, and the shoppers
it did not send are queued by the next run; its clients' slowest calls fit in the time it keeps back."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from skill import reorder_app
from skill.tables import read_template
from tests.fake_alexa import fake_alexa  # noqa: F401 - the fixture
from tests.integration.test_notifier_time_budget import TimedContext, _slowest_call
from tests.integration.test_proactive_pipeline import (  # noqa: F401 - the fixture
    LambdaContext,
    due_shopper,
    sqs_event,
    stack,
)

ROOT = Path(__file__).resolve().parents[2]


def test_a_scheduler_with_too_little_time_queues_nobody_and_the_next_run_queues_them(stack) -> None:  # noqa: F811
    services, _, sqs, queue_url, clock = stack
    shoppers = {due_shopper(services, clock, f"amzn1.ask.account.DUE{n}") for n in range(2)}
    # GIVEN an invocation with less time left than a send and the cursor's save may take
    context = TimedContext(function_name="scheduler", left=lambda: int(reorder_app.SCHEDULE_TIME_RESERVE * 1000) - 1)
    # WHEN the scheduler runs
    short = reorder_app.scheduler_handler({"batch_size": 1}, context)
    # THEN it sent nothing and held nobody, and says it left both shoppers
    assert (short["shoppers"], short["messages"], short["held"], short["left"]) == (2, 0, 0, 2)
    assert sqs_event(sqs, queue_url)["Records"] == []
    # WHEN the next run has time enough
    full = reorder_app.scheduler_handler({"batch_size": 1}, TimedContext(function_name="scheduler"))
    # THEN it queues and holds both
    queued = {s for record in sqs_event(sqs, queue_url)["Records"] for s in json.loads(record["body"])["shopper_ids"]}
    assert queued == shoppers and (full["messages"], full["held"], full["left"]) == (2, 2, 0)


class _Sent(Exception):
    """Stands in for the first send: the test needs the client, not the run."""


def test_the_time_the_scheduler_keeps_back_holds_a_send_or_a_hold_and_its_cursor_each_at_its_slowest(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # GIVEN the scheduler's container as Lambda starts it, from its environment
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_REGION": "us-east-1",
        "PANTRY_TABLE": "pantry",
        "NOTIFY_QUEUE_URL": "https://sqs.test/notify",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("MODEL_BUCKET", raising=False)
    monkeypatch.setattr(reorder_app, "_services", None)
    queues: list[Any] = []

    def queue(client: Any, url: str) -> Any:
        queues.append(client)
        raise _Sent

    monkeypatch.setattr(reorder_app, "SqsShopperQueue", queue)
    # WHEN it builds the queue it sends to
    with pytest.raises(_Sent):
        reorder_app.scheduler_handler({}, TimedContext(function_name="scheduler"))
    dynamodb = reorder_app._container().store._client.meta.config  # type: ignore[attr-defined]
    (sqs,) = [client.meta.config for client in queues]
    # THEN the time kept back holds a send (SQS) or a hold (DynamoDB), then the cursor's save (DynamoDB), each at
    # its slowest as its client is configured, and fits well inside the scheduler's timeout
    slowest_step = max(_slowest_call(sqs), _slowest_call(dynamodb))
    assert slowest_step + _slowest_call(dynamodb) <= reorder_app.SCHEDULE_TIME_RESERVE
    scheduler = read_template(ROOT / "template.yaml")["Resources"]["SchedulerFunction"]["Properties"]
    assert scheduler["Timeout"] >= 4 * reorder_app.SCHEDULE_TIME_RESERVE

