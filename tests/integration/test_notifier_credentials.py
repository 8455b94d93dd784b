"""The notifier's LWA credentials come from Secrets Manager (moto): a secret set or rotated after a container read
it is used without a cold start, as soon as LWA refuses the one the container has."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from aws_lambda_powertools.utilities import parameters

from skill import reorder_app
from skill.bootstrap import build_services
from skill.clock import SimulatedClock
from skill.config import Settings
from skill.tables import create_tables
from tests.conftest import NOW
from tests.fake_alexa import FakeAlexa, fake_alexa  # noqa: F401 - the fixture
from tests.integration.test_notifier_time_budget import TimedContext, _slowest_call
from tests.integration.test_proactive_pipeline import CountingClient, LambdaContext, due_shopper, sqs_event

TABLE = "pantry-credentials-test"
PLACEHOLDER = {"client_id": "set-me", "client_secret": "set-me"}


@pytest.fixture
def deployed(moto_aws: None, demo_catalog, fake_alexa: FakeAlexa, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:  # noqa: F811
    """The stack as first deployed: the secret holds the template's placeholder; no notifier built yet."""
    dynamodb = boto3.client("dynamodb")
    create_tables(dynamodb, {"PantryTable": TABLE})
    secrets = boto3.client("secretsmanager")
    arn = secrets.create_secret(Name="lwa", SecretString=json.dumps(PLACEHOLDER))["ARN"]
    sqs = boto3.client("sqs")
    queue_url = sqs.create_queue(QueueName="notify")["QueueUrl"]
    clock = SimulatedClock(frozen_at=NOW)
    settings = Settings(table_name=TABLE, alexa_api_base=fake_alexa.base_url, lwa_token_url=fake_alexa.token_url,
                        lwa_secret_arn=arn)
    services = build_services(settings, dynamodb=dynamodb, clock=clock, catalog=demo_catalog)
    monkeypatch.setattr(reorder_app, "_services", services)
    monkeypatch.setattr(reorder_app, "_notifier", None)
    monkeypatch.setattr(reorder_app, "_secrets", None)  # a new container: no credentials read yet
    monkeypatch.setenv("NOTIFY_QUEUE_URL", queue_url)
    parameters.clear_caches()
    yield services, secrets, arn, sqs, queue_url, clock
    parameters.clear_caches()


def test_a_secret_set_after_the_first_notification_is_used_by_the_same_container(
    deployed: Any, fake_alexa: FakeAlexa  # noqa: F811
) -> None:
    services, secrets, arn, sqs, queue_url, clock = deployed
    due_shopper(services, clock)
    reorder_app.scheduler_handler({}, LambdaContext(function_name="scheduler"))
    event = sqs_event(sqs, queue_url)
    # GIVEN a warm container that read the placeholder: LWA refuses it and the message is failed for a retry
    first = reorder_app.notifier_handler(event, LambdaContext())
    assert first["batchItemFailures"] == [{"itemIdentifier": event["Records"][0]["messageId"]}]
    assert fake_alexa.token_grants == 0 and fake_alexa.events == []
    # WHEN the operator puts the real credentials into the secret, as the README says, and the message comes back
    secrets.put_secret_value(
        SecretId=arn,
        SecretString=json.dumps({"client_id": fake_alexa.client_id, "client_secret": fake_alexa.client_secret}),
    )
    second = reorder_app.notifier_handler(event, LambdaContext())
    # THEN the same container reads the secret again and the notification goes out
    assert second == {"batchItemFailures": []}
    assert fake_alexa.token_grants == 1
    assert len(fake_alexa.events) == 1


def test_credentials_that_work_are_not_read_again_for_every_message(
    deployed: Any, fake_alexa: FakeAlexa, monkeypatch: pytest.MonkeyPatch  # noqa: F811
) -> None:
    services, secrets, arn, sqs, queue_url, clock = deployed
    secrets.put_secret_value(
        SecretId=arn,
        SecretString=json.dumps({"client_id": fake_alexa.client_id, "client_secret": fake_alexa.client_secret}),
    )
    reads = CountingClient(boto3.client("secretsmanager"))
    monkeypatch.setattr(reorder_app, "batch_secrets_client", lambda settings: reads)
    for n in range(2):
        due_shopper(services, clock, f"amzn1.ask.account.DUE{n}")
        reorder_app.scheduler_handler({}, LambdaContext(function_name="scheduler"))
        assert reorder_app.notifier_handler(sqs_event(sqs, queue_url), LambdaContext()) == {"batchItemFailures": []}
    assert len(fake_alexa.events) == 2
    assert reads.calls == ["get_secret_value"]


def test_a_message_that_must_read_the_credentials_first_keeps_back_time_for_that_read_at_its_slowest(
    deployed: Any, fake_alexa: FakeAlexa  # noqa: F811
) -> None:
    services, secrets, arn, sqs, queue_url, clock = deployed
    secrets.put_secret_value(
        SecretId=arn,
        SecretString=json.dumps({"client_id": fake_alexa.client_id, "client_secret": fake_alexa.client_secret}),
    )
    due_shopper(services, clock)
    reorder_app.scheduler_handler({}, LambdaContext(function_name="scheduler"))
    event = sqs_event(sqs, queue_url)
    # GIVEN a new container, whose notifier must read the credentials first, and time left for a message but not
    # for that read too
    short = TimedContext(left=lambda: int((reorder_app.NOTIFY_TIME_RESERVE + 10) * 1000))
    # WHEN the message comes
    first = reorder_app.notifier_handler(event, short)
    # THEN it is not started (failed for a retry), and the credentials were not read
    assert first["batchItemFailures"] == [{"itemIdentifier": event["Records"][0]["messageId"]}]
    assert reorder_app._secrets is None and fake_alexa.events == []
    # WHEN it comes back with time enough
    assert reorder_app.notifier_handler(event, TimedContext()) == {"batchItemFailures": []}
    # THEN the shopper is notified, and the read's client at its slowest, as configured, fits the time kept for it
    assert len(fake_alexa.events) == 1
    assert _slowest_call(reorder_app._secrets.client.meta.config) <= reorder_app.SECRET_READ_RESERVE
