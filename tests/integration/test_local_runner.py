"""`make run`'s promises: orders survive a restart, the HTTP endpoint answers envelopes, and the simulated
clock runs the scheduler and notifier. Everything listens on 127.0.0.1 only."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from skill.local.runtime import LocalRuntime

EVENTS = Path(__file__).resolve().parents[2] / "events"


@pytest.fixture(autouse=True)
def local_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(name, "local")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")


def test_an_order_is_still_there_after_the_runner_is_stopped_and_started_again(tmp_path: Path) -> None:
    # GIVEN a first run in which the shopper orders paper towels
    first = LocalRuntime(tmp_path, http_port=0, quiet=True)
    try:
        assert "Seeded" in first.banner()
        first.turn("open pantry pal", echo=False)
        first.turn("order two bounty select a size paper towels", echo=False)
        assert first.turn("yes", echo=False).startswith("Done. I've ordered two packs")
    finally:
        first.close()
    # WHEN the runner starts again on the same state folder
    second = LocalRuntime(tmp_path, http_port=0, quiet=True)
    try:
        # THEN nothing is reseeded and the order is the latest one
        assert "Seeded" not in second.banner()
        status = second.turn("what did i order last", echo=False)
        assert status.startswith("Here are your latest orders. Placed today: two packs of Bounty Select-A-Size")
    finally:
        second.close()


def test_the_http_endpoint_answers_alexa_envelopes_on_localhost(tmp_path: Path) -> None:
    runtime = LocalRuntime(tmp_path, http_port=0, quiet=True)
    try:
        url = f"http://127.0.0.1:{runtime.http.server_port}/"
        launch = json.loads((EVENTS / "launch_request.json").read_text())
        response = httpx.post(url, json=launch, timeout=10)
        assert response.status_code == 200
        assert response.json()["response"]["outputSpeech"]["type"] == "SSML"
        assert response.json()["response"]["shouldEndSession"] is False
        garbage = httpx.post(url, content=b"{not json", timeout=10)
        assert "couldn't read that request" in garbage.json()["response"]["outputSpeech"]["ssml"]
        launch["context"]["System"]["application"]["applicationId"] = "amzn1.ask.skill.another-skill"
        assert httpx.post(url, json=launch, timeout=10).status_code == 403
    finally:
        runtime.close()


def test_advancing_the_simulated_clock_sends_the_demo_shoppers_notification(tmp_path: Path) -> None:
    runtime = LocalRuntime(tmp_path, http_port=0, quiet=True)
    try:
        output = runtime.command(":advance 2d")
        assert "NOTIFICATION to the demo shopper" in output
        assert "scheduler runs read" in output
        lead = runtime.turn("open pantry pal", echo=False)
        assert lead.startswith("You're probably running low on")
    finally:
        runtime.close()


def test_a_scripted_run_passes_console_commands_to_the_console_not_to_the_skill(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # GIVEN a scripted run (make run ARGS='--say ...') that advances the clock between two turns
    from skill.local.__main__ import main

    # WHEN it runs
    code = main(["--state-dir", str(tmp_path), "--http-port", "0", "--say", ":advance 2d", "--say", "open pantry pal"])
    # THEN the clock moved (the scheduler ran and notified) and the skill only heard the spoken turn
    printed = capsys.readouterr().out
    assert code == 0
    assert "scheduler runs read" in printed
    assert "couldn't find" not in printed
    assert "running low on" in printed


def test_json_shows_the_last_request_and_response_envelopes_also_to_a_later_scripted_call(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from skill.local.__main__ import main

    # GIVEN a scripted turn, then, in a later call on the same state folder, :json
    main(["--state-dir", str(tmp_path), "--http-port", "0", "--say", "open pantry pal", "--say", "order dawn"])
    capsys.readouterr()
    main(["--state-dir", str(tmp_path), "--http-port", "0", "--say", ":json"])
    # THEN it prints both envelopes of the last turn: what Alexa sent, and what the skill answered
    shown = json.loads(capsys.readouterr().out)
    assert shown["request"]["request"]["intent"]["name"] == "OrderItemIntent"
    assert shown["response"]["response"]["outputSpeech"]["ssml"].startswith("<speak>Dawn Ultra Dish Soap")
    assert shown["response"]["sessionAttributes"]["awaiting"] == "order_confirmation"


def test_the_console_answers_alexas_question_for_the_notification_permission(tmp_path: Path) -> None:
    # GIVEN the demo shopper with notifications turned off, and a console that answers "no" when Alexa asks
    runtime = LocalRuntime(tmp_path, http_port=0, quiet=True)
    try:
        assert "notifications are now off" in runtime.command(":permission revoke")
        assert runtime.command(":permission deny").endswith("the console will deny")
        # WHEN the shopper sets up an automatic reorder
        runtime.turn("open pantry pal", echo=False)
        runtime.turn("reorder coffee automatically up to thirty dollars a month", echo=False)
        refused = runtime.turn("yes", echo=False)
        # THEN the skill hears the console's answer in the same session and goes on from it
        assert refused.startswith("Okay. Without notifications I can't tell you when I reorder")
        assert not runtime.services.shopping.profile(runtime.shopper_id).notifications_permitted
        # AND answering yes the next time records the permission
        runtime.command(":permission accept")
        accepted = runtime.turn("turn on reminders", echo=False)
        assert accepted == "Thanks. I'll send you a notification when something's running low."
        assert runtime.services.shopping.profile(runtime.shopper_id).notifications_permitted
    finally:
        runtime.close()
