"""Linked accounts through Login with Amazon's profile endpoint: real HTTP to a stand-in on 127.0.0.1."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from skill.accounts import Accounts, LwaProfileDirectory


@pytest.fixture
def profile_api() -> Iterator[tuple[str, list[str]]]:
    seen: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            token = (self.headers.get("Authorization") or "").removeprefix("Bearer ")
            seen.append(token)
            status, body = (200, {"user_id": f"amzn1.account.{token[-3:]}"}) if token.startswith("Atza") else (
                401, {"error": "invalid_token"})
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/user/profile", seen
    server.shutdown()


def test_a_linked_token_maps_to_its_account_and_is_looked_up_once(profile_api) -> None:
    url, seen = profile_api
    accounts = Accounts(directory=LwaProfileDirectory(url))
    first = accounts.shopper_id(alexa_user_id="amzn1.ask.account.OLD", access_token="Atza|abc")
    # the skill is re-enabled: a new Alexa user id, the same linked account
    again = accounts.shopper_id(alexa_user_id="amzn1.ask.account.NEW", access_token="Atza|abc")
    assert first == again == "acct:amzn1.account.abc"
    assert seen == ["Atza|abc"]


def test_without_a_token_the_alexa_user_is_the_shopper(profile_api) -> None:
    url, seen = profile_api
    assert Accounts(directory=LwaProfileDirectory(url)).shopper_id(
        alexa_user_id="amzn1.ask.account.X", access_token=None) == "amzn1.ask.account.X"
    assert seen == []


def test_a_refused_token_raises_rather_than_guessing_an_account(profile_api) -> None:
    url, _ = profile_api
    with pytest.raises(httpx.HTTPStatusError):
        LwaProfileDirectory(url).account_id("expired-token")


def test_an_expired_link_asks_the_shopper_to_link_again_instead_of_failing(
    profile_api, store, demo_catalog, clock, grammar
) -> None:
    from skill.alexa_app import build_skill, handle
    from skill.bootstrap import build_services
    from skill.config import Settings
    from skill.local.console import Console
    from skill.local.envelopes import Envelopes
    from tests.conftest import SKILL_ID
    from tests.fakes import FakeReorderStore

    url, _ = profile_api
    services = build_services(Settings(skill_id=SKILL_ID), store=store, reorder_store=FakeReorderStore(),
                              clock=clock, catalog=demo_catalog, directory=LwaProfileDirectory(url))
    skill = build_skill(services)
    console = Console(lambda envelope: handle(envelope, None, skill), grammar,
                      Envelopes(skill_id=SKILL_ID, access_token="expired-token"), now=clock.now)
    reply = console.say("order two bounty select a size paper towels")
    assert "please link your store account" in reply.speech
    assert reply.card == {"type": "LinkAccount"}
    assert store.orders == {} and store.profiles == {}
