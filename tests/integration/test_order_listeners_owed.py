"""On moto: an order's listeners (the reorder schedule) owed past the end of the session are run by the shopper's
next launch, found by the order's own mark; and an order whose follow-up claim was not written is not told of
again."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest

from catalog import Catalog
from skill.alexa_app import build_skill, handle
from skill.bootstrap import Services, build_services
from skill.clock import SimulatedClock
from skill.config import Settings
from skill.dynamodb import DynamoShopperStore
from skill.local.console import Console
from skill.local.envelopes import Envelopes
from skill.local.nlu import Grammar
from tests.conftest import NOW, SKILL_ID
from tests.integration.conftest import PANTRY_TABLE, FaultyClient, scan_keys, throttled

DAWN = "pp-0014"  # never bought before by the console's shopper: no reorder state until an order's listeners run
WENT_THROUGH = "Your order did go through"


@dataclass
class Skill:
    console: Console
    services: Services
    client: FaultyClient
    clock: SimulatedClock

    def reorder_keys(self) -> list[str]:
        shopper = f"SHOPPER#{self.console.envelopes.user_id}"
        return [sk for pk, sk in scan_keys(self.client) if pk == shopper and sk.startswith("REORDER#")]

    def dawn_order(self) -> Any:
        store = DynamoShopperStore(self.client, PANTRY_TABLE)
        (order,) = store.recent_orders(self.console.envelopes.user_id, limit=10)
        return order

    def launch_later(self) -> str:
        self.clock.advance(timedelta(hours=1))
        self.console.envelopes.new_session()
        return self.console.say("open pantry pal").speech


@pytest.fixture
def skill(faulty: FaultyClient, demo_catalog: Catalog, grammar: Grammar) -> Skill:
    """The real skill wired by build_services to the moto table through a client that can be made to fail."""
    clock = SimulatedClock(frozen_at=NOW)
    services = build_services(
        Settings(skill_id=SKILL_ID, table_name=PANTRY_TABLE), dynamodb=faulty, clock=clock, catalog=demo_catalog
    )
    built = build_skill(services)
    console = Console(
        lambda envelope: handle(envelope, None, built), grammar, Envelopes(skill_id=SKILL_ID), now=clock.now
    )
    console.say("open pantry pal")
    assert console.say("order dawn").speech.endswith("Should I order it?")
    return Skill(console, services, faulty, clock)


def test_the_reorder_schedule_that_failed_at_the_order_and_at_the_stop_is_made_at_the_next_launch(
    skill: Skill,
) -> None:
    # GIVEN dawn ordered by a yes whose reorder schedule failed to be written, and failed again at the stop that
    # ended the session
    skill.client.fail("put_item", throttled("PutItem"), times=2)
    assert skill.console.say("yes").speech.startswith("Done. I've ordered one bottle of Dawn")
    assert skill.console.say("stop").ends_session
    assert skill.client.failed == ["put_item", "put_item"]
    assert skill.reorder_keys() == [] and not skill.dawn_order().listeners_done
    # WHEN the shopper opens the skill later
    speech = skill.launch_later()
    # THEN dawn has its reorder schedule, the order is marked, and it is not told of again
    assert skill.reorder_keys() == [f"REORDER#{DAWN}"]
    assert skill.dawn_order().listeners_done
    assert WENT_THROUGH not in speech


def test_an_order_whose_follow_up_claim_failed_to_be_written_is_not_told_of_at_a_later_launch(skill: Skill) -> None:
    # GIVEN dawn ordered by a yes whose follow-up claim (the first write after the order) was throttled
    skill.client.fail("update_item", throttled("UpdateItem"))
    assert skill.console.say("yes").speech.startswith("Done. I've ordered one bottle of Dawn")
    assert skill.client.failed == ["update_item"]
    # WHEN the session ends, and the shopper opens the skill later
    skill.console.say("stop")
    speech = skill.launch_later()
    # THEN the order is not told of again: the mark of its listeners done, written at the yes, made its claim
    assert WENT_THROUGH not in speech
    order = skill.dawn_order()
    assert order.followed_up and order.listeners_done
    assert skill.reorder_keys() == [f"REORDER#{DAWN}"]
