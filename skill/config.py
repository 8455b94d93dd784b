"""Settings, read once from the environment (the template's variables) into a typed object."""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["Settings"]

DEMO_CATALOG = Path(__file__).resolve().parent.parent / "catalog" / "data" / "demo_catalog.json"


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True)

    skill_id: str | None = None
    table_name: str = "pantry-pal"
    order_event_bus: str = "pantry-pal-orders"
    catalog_path: Path = DEMO_CATALOG
    priors_path: Path | None = None
    model_bucket: str | None = None  # where the weekly refit writes the fitted reorder model
    require_account_linking: bool = False
    read_device_time_zone: bool = False  # the deployed skill reads it (Alexa Settings API) at session start
    cancel_window: timedelta = timedelta(minutes=30)
    # An automatic order was not placed by the shopper: they hear of it first, so it stays cancellable longer.
    auto_cancel_window: timedelta = timedelta(hours=24)
    tax_rate: Decimal = Decimal("0.08875")
    max_quantity_per_line: int = Field(default=10, gt=0)
    max_order_total: Decimal = Field(default=Decimal("250.00"), gt=0)
    dynamodb_endpoint: str | None = None
    region: str = "us-east-1"
    # Alexa and Login with Amazon endpoints (configuration, so tests can point them at a local fake).
    alexa_api_base: str = "https://api.amazonalexa.com"
    lwa_token_url: str = "https://api.amazon.com/auth/o2/token"
    lwa_profile_url: str = "https://api.amazon.com/user/profile"
    proactive_stage: str = "development"  # "live" once the skill is certified
    lwa_secret_arn: str | None = None
    lwa_client_id: str = ""
    lwa_client_secret: str = ""

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> Settings:
        values: dict[str, object] = {}
        simple: dict[str, str] = {
            "SKILL_ID": "skill_id",
            "PANTRY_TABLE": "table_name",
            "ORDER_EVENT_BUS": "order_event_bus",
            "CATALOG_PATH": "catalog_path",
            "PRIORS_PATH": "priors_path",
            "MODEL_BUCKET": "model_bucket",
            "MAX_QUANTITY_PER_LINE": "max_quantity_per_line",
            "MAX_ORDER_TOTAL": "max_order_total",
            "DYNAMODB_ENDPOINT": "dynamodb_endpoint",
            "AWS_REGION": "region",
            "ALEXA_API_BASE": "alexa_api_base",
            "LWA_TOKEN_URL": "lwa_token_url",
            "LWA_PROFILE_URL": "lwa_profile_url",
            "PROACTIVE_STAGE": "proactive_stage",
            "LWA_SECRET_ARN": "lwa_secret_arn",
            "LWA_CLIENT_ID": "lwa_client_id",
            "LWA_CLIENT_SECRET": "lwa_client_secret",
        }
        for env, field in simple.items():
            if environ.get(env):
                values[field] = environ[env]
        if environ.get("TAX_RATE_PERCENT"):
            values["tax_rate"] = Decimal(environ["TAX_RATE_PERCENT"]) / 100
        if environ.get("CANCEL_WINDOW_MINUTES"):
            values["cancel_window"] = timedelta(minutes=int(environ["CANCEL_WINDOW_MINUTES"]))
        if environ.get("AUTO_CANCEL_WINDOW_HOURS"):
            values["auto_cancel_window"] = timedelta(hours=int(environ["AUTO_CANCEL_WINDOW_HOURS"]))
        if environ.get("READ_DEVICE_TIME_ZONE"):
            values["read_device_time_zone"] = environ["READ_DEVICE_TIME_ZONE"].lower() == "true"
        if environ.get("REQUIRE_ACCOUNT_LINKING"):
            values["require_account_linking"] = environ["REQUIRE_ACCOUNT_LINKING"].lower() == "true"
        return cls.model_validate(values)
