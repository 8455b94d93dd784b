"""The weekly refit on moto: orders in the table -> fitted model in S3 -> loaded by the next container."""

from __future__ import annotations

import boto3
import pytest

from reorder import ReorderModel
from skill.bootstrap import build_services
from skill.clock import SimulatedClock
from skill.config import Settings
from skill.refit_app import MODEL_KEY, load_model, refit, save_model
from skill.tables import create_tables
from tests.conftest import NOW
from tests.seed import regular, seed_orders

TABLE, BUCKET = "pantry-refit-test", "pantry-models"


@pytest.fixture
def aws(moto_aws: None) -> tuple[object, object]:
    dynamodb, s3 = boto3.client("dynamodb"), boto3.client("s3")
    create_tables(dynamodb, {"PantryTable": TABLE})
    s3.create_bucket(Bucket=BUCKET)
    return dynamodb, s3


def test_the_refit_learns_from_every_shoppers_placed_orders_and_the_next_container_loads_it(
    aws, demo_catalog
) -> None:
    dynamodb, s3 = aws
    clock = SimulatedClock(frozen_at=NOW)
    services = build_services(Settings(table_name=TABLE), dynamodb=dynamodb, clock=clock, catalog=demo_catalog)
    # GIVEN three shoppers' order histories, one of them with a cancelled order
    for n in range(3):
        seed_orders(services, clock, f"shopper-{n}", regular("pp-0001", every=14 + n, times=5, last_days_ago=3))
    last = services.shopping.recent_orders("shopper-0", limit=1)[0]
    services.store.mark_cancelled(last, at=clock.now())
    # WHEN the batch refit runs and saves the model
    model, shoppers = refit(dynamodb, TABLE, demo_catalog)
    save_model(s3, BUCKET, model)
    # THEN it saw the three shoppers, and a new container built with the bucket predicts with that model
    assert shoppers == 3
    assert s3.head_object(Bucket=BUCKET, Key=MODEL_KEY)["ContentLength"] < 200_000
    loaded = build_services(Settings(table_name=TABLE, model_bucket=BUCKET), dynamodb=dynamodb, clock=clock,
                            catalog=demo_catalog)
    history = [(0.0, ["pp-0001"]), (14.0, ["pp-0001"]), (28.0, ["pp-0001"])]
    assert loaded.reorder.model.predict(history, 40.0) == model.predict(history, 40.0)
    assert model.to_dict() != ReorderModel().to_dict()


def test_without_a_fitted_model_the_built_in_priors_serve(aws) -> None:
    _, s3 = aws
    assert load_model(s3, BUCKET) is None
    s3.put_object(Bucket=BUCKET, Key=MODEL_KEY, Body=b"{not json")
    assert load_model(s3, BUCKET) is None
