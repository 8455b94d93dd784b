"""The refit on a table too large for one invocation (moto): its segments are read at once, a run near the
timeout saves where it stopped and the next invocation finishes it, fitting on every order exactly once."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import boto3
import pytest

from catalog import Catalog
from skill import refit_app
from skill.dynamodb import to_item
from skill.refit_app import MODEL_KEY, RUN_KEY, RefitInput, refit, scan_orders
from skill.tables import create_tables, read_template
from tests.conftest import NOW
from tests.integration.test_proactive_pipeline import LambdaContext

ROOT = Path(__file__).resolve().parents[2]
TABLE, BUCKET = "pantry-refit-resume-test", "pantry-models-resume"
PRODUCTS = ("pp-0001", "pp-0014", "pp-0003")
SHOPPERS = 10
ORDERS_EACH = 4


@pytest.fixture
def aws(moto_aws: None, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Any]:
    dynamodb, s3 = boto3.client("dynamodb"), boto3.client("s3")
    create_tables(dynamodb, {"PantryTable": TABLE})
    s3.create_bucket(Bucket=BUCKET)
    monkeypatch.setenv("PANTRY_TABLE", TABLE)
    monkeypatch.setenv("MODEL_BUCKET", BUCKET)
    # GIVEN placed orders large enough (padding) that a segment takes several 1 MB scan pages, a cancelled
    # order, and items that are not orders
    for n in range(SHOPPERS):
        for k in range(ORDERS_EACH):
            dynamodb.put_item(TableName=TABLE, Item=to_item({
                "pk": f"SHOPPER#s{n}", "sk": f"ORDER#{k:03d}", "shopper_id": f"s{n}",
                "placed_at": (NOW - timedelta(days=14 * (ORDERS_EACH - k) + n)).isoformat(),
                "status": "cancelled" if (n, k) == (0, 0) else "placed",
                "lines": [{"product_id": PRODUCTS[(n + k) % 3], "quantity": 1 + k % 2}],
                "padding": "x" * 60_000,
            }))
        dynamodb.put_item(TableName=TABLE, Item=to_item({"pk": f"SHOPPER#s{n}", "sk": "PROFILE"}))
    return dynamodb, s3


@dataclass
class Context(LambdaContext):
    """A Lambda context: 15 minutes left, until ``scans_with_time`` scan pages have been asked for."""

    scans: list[str] = field(default_factory=list)
    scans_with_time: int | None = None

    def get_remaining_time_in_millis(self) -> int:
        if self.scans_with_time is not None and len(self.scans) >= self.scans_with_time:
            return 120_000  # under the time kept back to save progress or fit
        return 900_000


def counting_scans(dynamodb: Any, context: Context) -> None:
    dynamodb.meta.events.register("before-send.dynamodb.Scan", lambda **_: context.scans.append("scan"))


def test_a_refit_near_its_timeout_saves_where_it_stopped_and_the_next_invocation_fits_on_every_order(
    aws: tuple[Any, Any], demo_catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    dynamodb, s3 = aws
    monkeypatch.setattr(boto3, "client", lambda service, **_: {"dynamodb": dynamodb, "s3": s3}[service])
    one_segment = {"every_days": 7, "segments": 1}
    # WHEN the first invocation runs out of time after one page of its one segment
    first = Context(scans_with_time=1)
    counting_scans(dynamodb, first)
    started = refit_app.refit_handler(one_segment, first)
    # THEN it saved its progress and no model yet
    assert started["status"] == "in progress" and 0 < started["orders_read"] < SHOPPERS * ORDERS_EACH - 1
    assert first.scans == ["scan"]
    assert "Contents" in s3.list_objects_v2(Bucket=BUCKET, Prefix=RUN_KEY)
    assert "Contents" not in s3.list_objects_v2(Bucket=BUCKET, Prefix=MODEL_KEY)
    # WHEN the next invocation has time enough
    second = Context()
    counting_scans(dynamodb, second)
    done = refit_app.refit_handler(one_segment, second)
    # THEN it read on from there, and fitted on every placed order once: the model of one uninterrupted read
    assert done == {"status": "refitted", "shoppers": SHOPPERS, "orders": SHOPPERS * ORDERS_EACH - 1,
                    "invocations": 2}
    model = refit_app.load_model(s3, BUCKET)
    assert model is not None
    assert model.to_dict() == refit(dynamodb, TABLE, demo_catalog, segments=1)[0].to_dict()
    # AND the run is gone, and the next hourly invocation finds the model fresh and reads nothing
    assert "Contents" not in s3.list_objects_v2(Bucket=BUCKET, Prefix="reorder/refit/")
    third = Context()
    counting_scans(dynamodb, third)
    assert refit_app.refit_handler(one_segment, third) == {"status": "model fresh"}
    assert third.scans == []


def test_the_segments_are_read_at_once_and_together_read_what_one_segment_reads(aws: tuple[Any, Any]) -> None:
    dynamodb, _ = aws
    # GIVEN each segment's first page held back until all four segments have asked for theirs
    arrived = threading.Barrier(4, timeout=10)
    first_pages: set[int] = set()

    def hold(params: dict[str, Any], **_: Any) -> None:
        if params["Segment"] not in first_pages:
            first_pages.add(params["Segment"])
            arrived.wait()  # BrokenBarrierError if the segments are read one after another

    dynamodb.meta.events.register("before-parameter-build.dynamodb.Scan", hold)
    # WHEN the orders are read in four segments
    rows, left = scan_orders(dynamodb, TABLE, dict.fromkeys(range(4)), 4)
    # THEN every segment was read to its end, and the four together read the placed orders one segment reads
    assert left == {}
    dynamodb.meta.events.unregister("before-parameter-build.dynamodb.Scan", hold)
    alone, _ = scan_orders(dynamodb, TABLE, {0: None}, 1)
    assert sorted(rows) == sorted(alone)
    assert len(rows) == SHOPPERS * ORDERS_EACH - 1


def test_the_refit_runs_hourly_with_its_schedule_input_and_an_alarm_on_its_errors() -> None:
    resources = read_template(ROOT / "template.yaml")["Resources"]
    refit_function = resources["RefitFunction"]["Properties"]
    (schedule,) = refit_function["Events"].values()
    options = RefitInput.model_validate_json(schedule["Properties"]["Input"])
    assert schedule["Properties"]["ScheduleExpression"] == "rate(1 hour)"
    assert options.every_days == 7 and options.segments > 1
    assert refit_function["Timeout"] > 2 * refit_app.FIT_RESERVE
    assert refit_function["ReservedConcurrentExecutions"] == 1
    assert {"S3CrudPolicy": {"BucketName": {"Ref": "ModelBucket"}}} in refit_function["Policies"]
    alarms = [r["Properties"] for r in resources.values() if r["Type"] == "AWS::CloudWatch::Alarm"]
    watched = [{"Name": "FunctionName", "Value": {"Ref": "RefitFunction"}}]
    assert any(alarm["MetricName"] == "Errors" and alarm["Dimensions"] == watched for alarm in alarms)
