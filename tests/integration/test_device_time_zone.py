"""The shopper's time zone (for quiet hours) comes from the Alexa Settings API at session start: real HTTP
to a stand-in on 127.0.0.1, through the ASK SDK's service client and our timeout-bound API client."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from skill.alexa_app import build_skill, handle
from skill.bootstrap import build_services
from skill.config import Settings
from skill.local.console import Console
from skill.local.envelopes import Envelopes
from tests.conftest import SKILL_ID
from tests.fakes import FakeReorderStore, FakeShopperStore


class SettingsApi:
    def __init__(self, status: int, zone: str) -> None:
        self.status, self.zone, self.paths, self.tokens = status, zone, [], []
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                api.paths.append(self.path)
                api.tokens.append(self.headers.get("Authorization"))
                body = json.dumps(api.zone).encode()
                self.send_response(api.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_port}"


@pytest.fixture
def settings_api(request: pytest.FixtureRequest) -> Iterator[SettingsApi]:
    api = SettingsApi(*getattr(request, "param", (200, "Europe/Berlin")))
    yield api
    api.server.shutdown()


def talk(settings_api: SettingsApi, store: FakeShopperStore, demo_catalog, clock) -> Console:
    services = build_services(Settings(skill_id=SKILL_ID, read_device_time_zone=True), store=store,
                              reorder_store=FakeReorderStore(), clock=clock, catalog=demo_catalog)
    skill = build_skill(services)

    def invoke(envelope: dict) -> dict:
        envelope["context"]["System"]["apiEndpoint"] = settings_api.url
        return handle(envelope, None, skill)

    from skill.local.nlu import Grammar
    from tests.conftest import ROOT

    return Console(invoke, Grammar.from_file(ROOT / "interaction_models" / "en-US.json"), Envelopes(skill_id=SKILL_ID),
                   now=clock.now)


def test_the_device_time_zone_is_read_once_at_session_start(
    settings_api: SettingsApi, store: FakeShopperStore, demo_catalog, clock
) -> None:
    console = talk(settings_api, store, demo_catalog, clock)
    reply = console.say("open pantry pal")
    assert reply.speech.startswith("Welcome")
    shopper = console.envelopes.user_id
    assert store.profiles[shopper].timezone == "Europe/Berlin"
    (path,) = settings_api.paths
    assert path.endswith("/settings/System.timeZone") and "/v2/devices/" in path
    assert settings_api.tokens[0].startswith("Bearer ")
    console.say("what's in my cart")  # the same session: not read again
    console.say("stop")
    console.say("open pantry pal")  # a new session, but the zone is known now
    assert len(settings_api.paths) == 1


@pytest.mark.parametrize("settings_api", [(500, "oops"), (403, "denied")], indirect=True)
def test_a_failing_settings_api_does_not_disturb_the_turn(
    settings_api: SettingsApi, store: FakeShopperStore, demo_catalog, clock
) -> None:
    console = talk(settings_api, store, demo_catalog, clock)
    reply = console.say("open pantry pal")
    assert reply.speech.startswith("Welcome") and not reply.ends_session
    assert store.profiles[console.envelopes.user_id].timezone is None
