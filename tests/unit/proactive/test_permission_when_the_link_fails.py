"""The notification permission (a skill event, or Alexa's answer to the skill's question) belongs to the shopper's
linked account. When Login with Amazon refuses the access token or cannot be reached, it is recorded on the profile
of the account this Alexa user's profile was last kept for, or, with none known, not recorded at all: never on a
profile of the bare Alexa user id, which no notification of the account's reads; and the shopper hears so."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from catalog import Catalog
from orders import ShopperProfile
from skill.alexa_app import build_skill, handle
from skill.bootstrap import build_services
from skill.clock import SimulatedClock
from skill.config import Settings
from skill.local.console import Console
from skill.local.envelopes import Envelopes
from skill.local.nlu import Grammar
from tests.conftest import SKILL_ID
from tests.fakes import FakeReorderStore, FakeShopperStore

SCOPE = "alexa::devices:all:notifications:write"
USER = "amzn1.ask.account.AGF7EXAMPLEUSERID0000000000000000000000000000"
ACCOUNT = "acct:ACC-42"


class FailingDirectory:
    """Login with Amazon refusing every access token (a 401), or out of reach."""

    def __init__(self, *, refused: bool) -> None:
        self.refused = refused

    def account_id(self, access_token: str) -> str:
        request = httpx.Request("GET", "https://api.amazon.com/user/profile")
        if self.refused:
            raise httpx.HTTPStatusError("401", request=request, response=httpx.Response(401, request=request))
        raise httpx.ConnectError("unreachable", request=request)


@pytest.fixture(params=[True, False], ids=["refused", "unreachable"])
def refused(request: pytest.FixtureRequest) -> bool:
    return bool(request.param)


@pytest.fixture
def console(
    store: FakeShopperStore, clock: SimulatedClock, demo_catalog: Catalog, grammar: Grammar, refused: bool
) -> Console:
    """The skill with a linked shopper whose access token Login with Amazon refuses, or cannot be asked about."""
    settings = Settings(skill_id=SKILL_ID, table_name="pantry-test")
    services = build_services(
        settings,
        store=store,
        reorder_store=FakeReorderStore(),
        clock=clock,
        catalog=demo_catalog,
        directory=FailingDirectory(refused=refused),
    )
    skill = build_skill(services)
    envelopes = Envelopes(skill_id=SKILL_ID, user_id=USER, access_token="token-1")
    return Console(lambda envelope: handle(envelope, None, skill), grammar, envelopes, now=clock.now)


@pytest.fixture
def linked_before(store: FakeShopperStore) -> None:
    """The account's profile, last kept for this Alexa user (when the link last worked)."""
    store.save_profile(ShopperProfile(shopper_id=ACCOUNT, alexa_user_id=USER))


def permission_event(console: Console) -> dict[str, Any]:
    envelope = console.envelopes.skill_event("permission_accepted_event")
    envelope["context"]["System"]["user"]["accessToken"] = "token-1"  # Alexa sends it, the account being linked
    return envelope


@pytest.mark.usefixtures("linked_before")
def test_a_permission_event_is_saved_on_the_linked_accounts_profile_when_the_link_cannot_be_checked(
    console: Console, store: FakeShopperStore
) -> None:
    # WHEN Alexa tells of the permission while the access token cannot be checked
    console.send(permission_event(console))
    # THEN it is recorded on the account's profile, and no profile of the Alexa user id is made
    assert store.profiles[ACCOUNT].notifications_permitted is True
    assert USER not in store.profiles


def test_a_permission_event_with_no_account_known_is_not_saved_on_the_alexa_users_profile(
    console: Console, store: FakeShopperStore
) -> None:
    console.send(permission_event(console))
    assert store.profiles == {}


@pytest.mark.usefixtures("linked_before")
def test_the_permission_answer_is_saved_on_the_linked_accounts_profile_when_the_link_cannot_be_checked(
    console: Console, store: FakeShopperStore
) -> None:
    reply = console.send(console.envelopes.permission_answer("ACCEPTED", scope=SCOPE, token="reminders"))
    assert store.profiles[ACCOUNT].notifications_permitted is True
    assert USER not in store.profiles
    assert reply.speech == "Thanks. I'll send you a notification when something's running low."


def test_the_permission_answer_with_no_account_known_is_not_saved_and_the_shopper_hears_so(
    console: Console, store: FakeShopperStore, refused: bool
) -> None:
    # WHEN Alexa answers the skill's question for the permission while the shopper's account cannot be told
    reply = console.send(console.envelopes.permission_answer("ACCEPTED", scope=SCOPE, token="reminders"))
    # THEN nothing is recorded, on any profile
    assert store.profiles == {}
    # AND the shopper hears that, and what to do: link again (a card), or try again in a moment
    if refused:
        assert reply.speech.startswith("Sorry, your Pantry Pal account link isn't working any more")
        assert reply.card == {"type": "LinkAccount"}
        assert reply.ends_session
    else:
        assert reply.speech.startswith("Sorry, I couldn't reach your Pantry Pal account just now")
        assert reply.speech.endswith("To try again in a moment, say, turn on reminders.")
        assert not reply.ends_session
