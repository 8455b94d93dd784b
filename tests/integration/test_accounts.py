"""Linked accounts through Login with Amazon's profile endpoint: real HTTP to a stand-in on 127.0.0.1."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest

from skill.accounts import Accounts, LwaProfileDirectory


@contextmanager
def _profile_endpoint(answer: Callable[[str], tuple[int, dict[str, str]]]) -> Iterator[str]:
    """A Login with Amazon profile endpoint on 127.0.0.1 answering ``answer(bearer token)``: its URL."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status, body = answer((self.headers.get("Authorization") or "").removeprefix("Bearer "))
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
    try:
        yield f"http://127.0.0.1:{server.server_port}/user/profile"
    finally:
        server.shutdown()


@pytest.fixture
def profile_api() -> Iterator[tuple[str, list[str]]]:
    seen: list[str] = []

    def answer(token: str) -> tuple[int, dict[str, str]]:
        seen.append(token)
        if token.startswith("Atza"):
            return 200, {"user_id": f"amzn1.account.{token[-3:]}"}
        return 401, {"error": "invalid_token"}

    with _profile_endpoint(answer) as url:
        yield url, seen


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



@pytest.fixture
def linking(store, demo_catalog, clock, grammar) -> Callable[..., Any]:
    """Builds the skill with account linking required, checking tokens at a URL, and a console sending a token."""
    from skill.alexa_app import build_skill, handle
    from skill.bootstrap import build_services
    from skill.config import Settings
    from skill.local.console import Console
    from skill.local.envelopes import Envelopes
    from tests.conftest import SKILL_ID
    from tests.fakes import FakeReorderStore

    def console(url: str, *, access_token: str | None) -> Console:
        services = build_services(Settings(skill_id=SKILL_ID, require_account_linking=True), store=store,
                                  reorder_store=FakeReorderStore(), clock=clock, catalog=demo_catalog,
                                  directory=LwaProfileDirectory(url))
        skill = build_skill(services)
        return Console(lambda envelope: handle(envelope, None, skill), grammar,
                       Envelopes(skill_id=SKILL_ID, access_token=access_token), now=clock.now)

    return console


class Operations:
    """What whoever runs the skill sees: warnings logged, and the metrics counted (embedded metric format)."""

    def __init__(self, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]) -> None:
        self._caplog, self._capsys = caplog, capsys
        capsys.readouterr()

    def warnings(self) -> list[str]:
        return [record.getMessage() for record in self._caplog.records if record.levelname == "WARNING"]

    def counted(self) -> list[str]:
        printed = self._capsys.readouterr().out
        return [definition["Name"] for line in printed.splitlines() if line.startswith("{") and '"_aws"' in line
                for definition in json.loads(line)["_aws"]["CloudWatchMetrics"][0]["Metrics"]]


@pytest.fixture
def operations(caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]) -> Operations:
    return Operations(caplog, capsys)


def test_a_token_login_with_amazon_refuses_is_logged_as_an_account_linking_setup_fault_and_counted(
    profile_api, linking, operations: Operations
) -> None:
    # GIVEN account linking set up with another provider: Login with Amazon refuses the token Alexa sends
    url, _ = profile_api
    console = linking(url, access_token="other-provider-token")
    # WHEN the shopper opens the skill
    reply = console.say("open pantry pal")
    # THEN they are asked to link, and the log names the setup fault, with a metric an alarm watches
    assert "please link your store account" in reply.speech
    (warning,) = operations.warnings()
    assert "Login with Amazon refused the access token" in warning
    assert "not set up with Login with Amazon and the profile scope" in warning
    assert operations.counted() == ["AccountLinkRefused"]


def test_login_with_amazon_out_of_reach_is_logged_as_such_not_as_a_setup_fault(
    linking, operations: Operations
) -> None:
    # GIVEN a linked shopper, and Login with Amazon out of reach
    console = linking("http://127.0.0.1:9/user/profile", access_token="Atza|abc")
    # WHEN the shopper opens the skill
    console.say("open pantry pal")
    # THEN the log says Login with Amazon could not be reached, and that is what is counted
    (warning,) = operations.warnings()
    assert "could not be reached" in warning
    assert operations.counted() == ["AccountLinkUnchecked"]


def test_requests_without_a_token_name_the_missing_account_linking_setup_once_and_are_counted(
    profile_api, linking, operations: Operations
) -> None:
    # GIVEN account linking required, and requests that carry no access token (nothing is linked)
    url, _ = profile_api
    console = linking(url, access_token=None)
    # WHEN the shopper opens the skill twice
    first = console.say("open pantry pal")
    console.say("open pantry pal")
    # THEN each is asked to link; the log names the possible setup fault once (at WARNING), and each is counted
    assert "please link your store account" in first.speech
    (warning,) = operations.warnings()
    assert "account linking is not set up in the Alexa developer console" in warning
    assert operations.counted() == ["AccountNotLinked", "AccountNotLinked"]


def test_a_request_without_a_token_where_linking_is_required_stores_nothing_for_the_alexa_user(
    profile_api, linking, store
) -> None:
    # GIVEN account linking required, and a new session that carries no access token (nothing is linked yet)
    url, _ = profile_api
    console = linking(url, access_token=None)
    # WHEN the shopper opens the skill, and asks for help
    assert "please link your store account" in console.say("open pantry pal").speech
    console.say("help")
    # THEN no profile is made for the Alexa user id, who is no shopper: the account comes with the link
    assert store.profiles == {} and store.orders == {}


@pytest.fixture
def lwa_answering() -> Iterator[tuple[str, dict[str, int]]]:
    """A profile endpoint that answers with ``status["now"]``: 200 names the account, anything else fails."""
    status = {"now": 200}

    def answer(_token: str) -> tuple[int, dict[str, str]]:
        code = status["now"]
        return code, {"user_id": "amzn1.account.abc"} if code == 200 else {"error": "unavailable"}

    with _profile_endpoint(answer) as url:
        yield url, status


@pytest.mark.parametrize("down", ["503", "out of reach"])
def test_login_with_amazon_down_is_a_moment_to_wait_not_a_link_to_redo(
    lwa_answering, linking, store, down: str
) -> None:
    # GIVEN a linked shopper, and Login with Amazon failing (a 5xx) or out of reach
    url, status = lwa_answering
    status["now"] = 503
    console = linking(url if down == "503" else "http://127.0.0.1:9/user/profile", access_token="Atza|abc")
    # WHEN the shopper opens the skill, or asks to order
    for words in ("open pantry pal", "order two bounty select a size paper towels"):
        reply = console.say(words)
        # THEN they hear of a problem to try again in a moment, with a reprompt: no card, no link to redo
        assert reply.speech == (
            "Sorry, I couldn't reach your Pantry Pal account just now, so nothing was changed or ordered. "
            "Please try again in a moment."
        )
        assert reply.reprompt and not reply.ends_session
        assert reply.card is None
    assert store.orders == {} and store.profiles == {}


def test_an_order_read_back_before_login_with_amazon_went_down_is_still_there_to_confirm(
    lwa_answering, store, demo_catalog, clock, grammar
) -> None:
    from skill.alexa_app import build_skill, handle
    from skill.bootstrap import build_services
    from skill.config import Settings
    from skill.local.console import Console
    from skill.local.envelopes import Envelopes
    from tests.conftest import SKILL_ID
    from tests.fakes import FakeReorderStore

    # GIVEN a linked shopper whose order is read back, each token checked anew (no cache)
    url, status = lwa_answering
    services = build_services(Settings(skill_id=SKILL_ID, require_account_linking=True), store=store,
                              reorder_store=FakeReorderStore(), clock=clock, catalog=demo_catalog,
                              directory=LwaProfileDirectory(url, cache_size=0))
    skill = build_skill(services)
    console = Console(lambda envelope: handle(envelope, None, skill), grammar,
                      Envelopes(skill_id=SKILL_ID, access_token="Atza|abc"), now=clock.now)
    assert "Should I order it?" in console.say("order two bounty select a size paper towels").speech
    # WHEN Login with Amazon fails at the shopper's yes, then is back for the next one
    status["now"] = 502
    failed = console.say("yes")
    status["now"] = 200
    again = console.say("yes")
    # THEN the first yes orders nothing and the order is kept, so the second places it for the account
    assert "couldn't reach your Pantry Pal account" in failed.speech
    assert [order.shopper_id for order in store.orders.values()] == ["acct:amzn1.account.abc"]
    assert again.speech.startswith("Done")


@pytest.fixture
def linked(lwa_answering, store, demo_catalog, clock, grammar) -> tuple[Any, list[Any], dict[str, int]]:
    """A linked shopper's console, each token checked anew (no cache); the orders the listeners heard of; and the
    status Login with Amazon answers with."""
    from skill.alexa_app import build_skill, handle
    from skill.bootstrap import build_services
    from skill.config import Settings
    from skill.local.console import Console
    from skill.local.envelopes import Envelopes
    from tests.conftest import SKILL_ID
    from tests.fakes import FakeReorderStore

    services = build_services(Settings(skill_id=SKILL_ID, require_account_linking=True), store=store,
                              reorder_store=FakeReorderStore(), clock=clock, catalog=demo_catalog,
                              directory=LwaProfileDirectory(lwa_answering[0], cache_size=0))
    heard: list[Any] = []
    services.order_listeners.append(heard.append)
    skill = build_skill(services)
    console = Console(lambda envelope: handle(envelope, None, skill), grammar,
                      Envelopes(skill_id=SKILL_ID, access_token="Atza|abc"), now=clock.now)
    return console, heard, lwa_answering[1]


def order_dawn_of_unknown_outcome(console: Any, store: Any) -> None:
    """Dawn ordered by a yes whose write landed but whose answer was lost, and the read after it failed."""
    from tests.unit.handlers.test_storage_faults_after_an_order import UNKNOWN, write_then_lose_the_answer

    console.say("open pantry pal")
    console.say("order dawn")
    write_then_lose_the_answer(store, lands=True, then_unreadable=True)
    assert console.say("yes").speech == UNKNOWN


def order_dawn_with_no_time_for_its_listeners(console: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Dawn ordered by a yes whose turn had no time left for the order listeners."""
    from skill.bootstrap import TurnDeadline

    console.say("open pantry pal")
    console.say("order dawn")
    with monkeypatch.context() as patched:
        patched.setattr(TurnDeadline, "allows", lambda self, seconds: False)
        assert console.say("yes").speech.startswith("Done")


@pytest.mark.parametrize("words", ["yes", "what's in my cart"])
def test_an_order_of_unknown_outcome_stays_unknown_while_login_with_amazon_is_down(
    linked, store, words: str
) -> None:
    # GIVEN a linked shopper whose order's write landed but its answer was lost, and the read after it failed
    console, heard, status = linked
    order_dawn_of_unknown_outcome(console, store)
    # WHEN the shopper speaks while Login with Amazon is down, then says yes once it is back
    status["now"] = 502
    down = console.say(words)
    status["now"] = 200
    again = console.say("yes")
    # THEN the order is never said not to be ordered: still unknown, then found placed, and followed up once
    assert "couldn't confirm whether your order went through" in down.speech
    assert "wasn't ordered" not in down.speech and "nothing was" not in down.speech
    assert again.speech.startswith("Your order did go through"), again.speech
    assert len(store.orders) == 1 and len(heard) == 1


def test_stop_while_login_with_amazon_is_down_does_not_say_an_order_of_unknown_outcome_was_not_placed(
    linked, store
) -> None:
    # GIVEN an order of unknown outcome that landed
    console, _, status = linked
    order_dawn_of_unknown_outcome(console, store)
    # WHEN the shopper says stop while Login with Amazon is down (its account cannot be read)
    status["now"] = 502
    stopped = console.say("stop")
    # THEN it is still unknown, never "not placed"
    assert stopped.speech.startswith("I still can't tell whether that order went through"), stopped.speech
    assert len(store.orders) == 1


def test_an_owed_follow_up_survives_a_login_with_amazon_outage(
    linked, monkeypatch: pytest.MonkeyPatch
) -> None:
    # GIVEN a linked shopper's order placed by a yes whose turn had no time left for the order listeners
    console, heard, status = linked
    order_dawn_with_no_time_for_its_listeners(console, monkeypatch)
    assert heard == []
    # WHEN the next request comes while Login with Amazon is down, and the one after once it is back
    status["now"] = 502
    assert "couldn't reach your Pantry Pal account" in console.say("what's in my cart").speech
    assert heard == []
    status["now"] = 200
    console.say("what's in my cart")
    # THEN the follow-up runs then, once
    assert [order.shopper_id for order in heard] == ["acct:amzn1.account.abc"]
    console.end_session()
    assert len(heard) == 1


@pytest.mark.parametrize("intent", ["AMAZON.HelpIntent", "AMAZON.StopIntent", "AMAZON.NavigateHomeIntent"])
def test_order_listeners_owed_wait_for_the_account_while_a_request_carries_no_token(
    linked, store, clock, monkeypatch: pytest.MonkeyPatch, intent: str
) -> None:
    # GIVEN a linked shopper's order placed by a yes whose turn had no time left for the order listeners
    console, heard, _ = linked
    order_dawn_with_no_time_for_its_listeners(console, monkeypatch)
    assert heard == []
    reads: list[str] = []

    def counted(read: Callable[..., Any]) -> Callable[..., Any]:
        return lambda shopper, *args, **kw: reads.append(shopper) or read(shopper, *args, **kw)

    monkeypatch.setattr(store, "get_order", counted(store.get_order))
    monkeypatch.setattr(store, "recent_orders", counted(store.recent_orders))
    # WHEN the session's next request (help, stop or home, answered without an account) carries no access token
    console.envelopes.access_token = None
    console.send(console.envelopes.intent(intent, now=clock.now()))
    # THEN nothing is read nor run for the Alexa user id: the listeners wait for the account
    assert heard == [] and reads == []
    # AND the next request with the token (in the session, or the next launch once it has ended) runs them for the
    # shopper's account, once
    console.envelopes.access_token = "Atza|abc"
    if console.envelopes.session_id is None:
        clock.advance(timedelta(hours=1))
        console.say("open pantry pal")  # the order's own mark: the session that knew of it has ended
    else:
        console.say("what's in my cart")
    assert [order.shopper_id for order in heard] == ["acct:amzn1.account.abc"]
    console.say("what's in my cart")
    assert len(heard) == 1
