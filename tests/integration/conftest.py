"""moto fixtures for the integration tests: the Pantry table from template.yaml, its stream, the order event
bus with a rule that forwards every order event to an SQS queue, and a client proxy that injects faults."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError, ReadTimeoutError
from moto import mock_aws

from skill.events_app import EVENT_SOURCE, publish
from skill.tables import create_tables

REGION = "us-east-1"
PANTRY_TABLE = "pantry-integration"
ORDER_BUS = "pantry-pal-orders-test"
# botocore sends DynamoDB Streams calls to an account-based host moto does not route; use the regional one.
STREAMS_ENDPOINT = f"https://streams.dynamodb.{REGION}.amazonaws.com"


@pytest.fixture
def moto_aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fake credentials and region in the environment, and every AWS call served by moto in memory."""
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_DYNAMODB"):
        monkeypatch.delenv(name, raising=False)
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": REGION,
        "AWS_REGION": REGION,
    }.items():
        monkeypatch.setenv(name, value)
    with mock_aws():
        yield


@pytest.fixture
def dynamodb(moto_aws: None) -> Any:
    """A moto DynamoDB client with the Pantry table created from template.yaml (stream enabled)."""
    client = boto3.client("dynamodb", region_name=REGION)
    create_tables(client, {"PantryTable": PANTRY_TABLE})
    return client


def scan_keys(client: Any, table: str = PANTRY_TABLE) -> list[tuple[str, str]]:
    """Every (pk, sk) in the table, sorted."""
    items = client.scan(TableName=table)["Items"]
    return sorted((item["pk"]["S"], item["sk"]["S"]) for item in items)


class OrderEvents:
    """The outbox path: the table's stream -> ``skill.events_app.publish`` -> EventBridge -> SQS."""

    def __init__(self, dynamodb: Any) -> None:
        self._streams = boto3.client("dynamodbstreams", region_name=REGION, endpoint_url=STREAMS_ENDPOINT)
        self._events = boto3.client("events", region_name=REGION)
        self._sqs = boto3.client("sqs", region_name=REGION)
        self._events.create_event_bus(Name=ORDER_BUS)
        self._queue_url = self._sqs.create_queue(QueueName="order-events")["QueueUrl"]
        queue_arn = self._sqs.get_queue_attributes(QueueUrl=self._queue_url, AttributeNames=["QueueArn"])["Attributes"][
            "QueueArn"
        ]
        self._events.put_rule(
            Name="all-order-events", EventBusName=ORDER_BUS, EventPattern=json.dumps({"source": [EVENT_SOURCE]})
        )
        self._events.put_targets(
            Rule="all-order-events", EventBusName=ORDER_BUS, Targets=[{"Id": "queue", "Arn": queue_arn}]
        )
        stream_arn = dynamodb.describe_table(TableName=PANTRY_TABLE)["Table"]["LatestStreamArn"]
        shard = self._streams.describe_stream(StreamArn=stream_arn)["StreamDescription"]["Shards"][0]
        self._iterator = self._streams.get_shard_iterator(
            StreamArn=stream_arn, ShardId=shard["ShardId"], ShardIteratorType="TRIM_HORIZON"
        )["ShardIterator"]
        self.received: list[dict[str, Any]] = []
        self._unfinished: list[dict[str, Any]] = []

    def relay(self, events: Any = None) -> list[str]:
        """Run stream records through the stream Lambda's ``publish`` (to ``events``, else the bus) as Lambda
        does: first again those from the lowest failure reported last time, then the new ones; returns its
        failures."""
        response = self._streams.get_records(ShardIterator=self._iterator)
        self._iterator = response.get("NextShardIterator") or self._iterator
        records = self._unfinished + response.get("Records", [])
        failed = publish(records, events or self._events, ORDER_BUS).failed
        sequences = [record["dynamodb"]["SequenceNumber"] for record in records]
        self._unfinished = records[min(sequences.index(sequence) for sequence in failed):] if failed else []
        return failed

    def take(self) -> list[dict[str, Any]]:
        """The new stream records, unpublished (as a batch Lambda gave up on holds them)."""
        response = self._streams.get_records(ShardIterator=self._iterator)
        self._iterator = response.get("NextShardIterator") or self._iterator
        records: list[dict[str, Any]] = json.loads(json.dumps(response.get("Records", []), default=str))
        return records

    def drain(self) -> list[dict[str, Any]]:
        """Relay, then every event the queue has received so far (EventBridge envelopes), oldest first."""
        assert self.relay() == [], "publishing to the bus failed"
        while batch := self._sqs.receive_message(QueueUrl=self._queue_url, MaxNumberOfMessages=10).get("Messages", []):
            for message in batch:
                self.received.append(json.loads(message["Body"]))
                self._sqs.delete_message(QueueUrl=self._queue_url, ReceiptHandle=message["ReceiptHandle"])
        return self.received

    def of_type(self, detail_type: str) -> list[dict[str, Any]]:
        return [event for event in self.drain() if event["detail-type"] == detail_type]


@pytest.fixture
def order_events(dynamodb: Any) -> OrderEvents:
    return OrderEvents(dynamodb)


def emitted_metrics(printed: str) -> dict[str, float]:
    """The CloudWatch embedded-metric-format lines in ``printed``, as metric name -> value."""
    values: dict[str, float] = {}
    for line in printed.splitlines():
        if line.startswith("{") and '"_aws"' in line:
            document = json.loads(line)
            for definition in document["_aws"]["CloudWatchMetrics"][0]["Metrics"]:
                value = document[definition["Name"]]
                values[definition["Name"]] = sum(value) if isinstance(value, list) else value
    return values


# --- fault injection ------------------------------------------------------------------------------------


def throttled(operation: str) -> ClientError:
    return ClientError(
        {"Error": {"Code": "ProvisionedThroughputExceededException", "Message": "Rate of requests exceeded"}},
        operation,
    )


def conditional_check_failed(operation: str) -> ClientError:
    return ClientError(
        {
            "Error": {
                "Code": "TransactionCanceledException",
                "Message": "Transaction cancelled, please refer cancellation reasons for specific reasons "
                "[ConditionalCheckFailed]",
            },
            "CancellationReasons": [{"Code": "ConditionalCheckFailed", "Message": "The conditional request failed"}],
        },
        operation,
    )


def timed_out(operation: str) -> ReadTimeoutError:
    return ReadTimeoutError(endpoint_url=f"https://dynamodb.{REGION}.amazonaws.com/")


class FaultyClient:
    """A DynamoDB client proxy: the next calls of a chosen operation raise an injected error.

    With ``after_call=True`` the real call runs first and the error is raised afterwards (a timeout on the
    way back: the write landed, the caller never heard).
    """

    def __init__(self, client: Any) -> None:
        self._client = client
        self._faults: dict[str, list[tuple[Exception, bool]]] = {}
        self.failed: list[str] = []

    def fail(self, operation: str, error: Exception, *, times: int = 1, after_call: bool = False) -> None:
        self._faults.setdefault(operation, []).extend([(error, after_call)] * times)

    def heal(self) -> None:
        self._faults.clear()

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._client, name)
        if name not in self._faults:
            return attribute

        def call(*args: Any, **kwargs: Any) -> Any:
            pending = self._faults.get(name)
            if not pending:
                return attribute(*args, **kwargs)
            error, after_call = pending.pop(0)
            if after_call:
                attribute(*args, **kwargs)
            self.failed.append(name)
            raise error

        return call


@pytest.fixture
def faulty(dynamodb: Any) -> FaultyClient:
    return FaultyClient(dynamodb)
