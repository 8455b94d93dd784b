"""Shared fixtures: the demo catalog, a frozen clock, and the real skill wired to in-memory fakes."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from catalog import Catalog, load_catalog
from skill.alexa_app import build_skill, handle
from skill.bootstrap import Services, build_services
from skill.clock import SimulatedClock
from skill.config import Settings
from skill.local.console import Console
from skill.local.envelopes import Envelopes
from skill.local.nlu import Grammar
from tests.fakes import FakeReorderStore, FakeShopperStore
from tests.seed import seed_orders

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SKILL_ID = "amzn1.ask.skill.00000000-0000-4000-8000-000000000001"
NOW = datetime(2026, 11, 22, 17, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def demo_catalog() -> Catalog:
    return load_catalog(ROOT / "catalog" / "data" / "demo_catalog.json")


@pytest.fixture(scope="session")
def grammar() -> Grammar:
    return Grammar.from_file(ROOT / "interaction_models" / "en-US.json")


@pytest.fixture
def clock() -> SimulatedClock:
    return SimulatedClock(frozen_at=NOW)


@pytest.fixture
def settings() -> Settings:
    return Settings(skill_id=SKILL_ID, table_name="pantry-test")


@pytest.fixture
def store() -> FakeShopperStore:
    return FakeShopperStore()


@pytest.fixture
def reorder_store() -> FakeReorderStore:
    return FakeReorderStore()


@pytest.fixture
def services(
    settings: Settings,
    store: FakeShopperStore,
    reorder_store: FakeReorderStore,
    clock: SimulatedClock,
    demo_catalog: Catalog,
) -> Services:
    return build_services(settings, store=store, reorder_store=reorder_store, clock=clock, catalog=demo_catalog)


@pytest.fixture
def console(services: Services, grammar: Grammar, clock: SimulatedClock) -> Console:
    """The real skill (builder, interceptors, handlers) behind its entry point, driven by typed text."""
    skill = build_skill(services)
    return Console(lambda envelope: handle(envelope, None, skill), grammar, Envelopes(skill_id=SKILL_ID), now=clock.now)


@pytest.fixture
def ordered_before(console: Console, services: Services, clock: SimulatedClock) -> None:
    """The console's shopper ordered paper towels, Dawn, and Jif and Skippy creamy peanut butter once, three weeks
    ago: automatic reorder of them can be set up (never of a product never ordered: nothing says how often it is
    needed)."""
    ordered = {"pp-0001": 1, "pp-0014": 1, "pp-0120": 1, "pp-0122": 1}
    seed_orders(services, clock, console.envelopes.user_id, [(21, ordered)])
