"""Settings read from the environment the template gives each function."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from skill.config import Settings
from skill.tables import read_template

ROOT = Path(__file__).resolve().parents[2]


def test_the_cancel_windows_of_orders_and_of_automatic_orders_are_configured_apart() -> None:
    # GIVEN the template and an environment setting both windows
    template = read_template(ROOT / "template.yaml")
    variables = [
        r["Properties"].get("Environment", {}).get("Variables", {})
        for r in template["Resources"].values() if r["Type"] == "AWS::Serverless::Function"
    ]
    # WHEN settings are read from it
    settings = Settings.from_env({"CANCEL_WINDOW_MINUTES": "10", "AUTO_CANCEL_WINDOW_HOURS": "6"})
    # THEN each window is its own, the defaults are 30 minutes and a day, and every function that is told
    # one window is told the other
    assert (settings.cancel_window, settings.auto_cancel_window) == (timedelta(minutes=10), timedelta(hours=6))
    assert (Settings().cancel_window, Settings().auto_cancel_window) == (timedelta(minutes=30), timedelta(hours=24))
    told = [v for v in variables if "CANCEL_WINDOW_MINUTES" in v]
    assert len(told) == 2 and all("AUTO_CANCEL_WINDOW_HOURS" in v for v in told)
