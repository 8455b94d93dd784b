"""The batch functions (scheduler, notifier, order events, refit, redrive) never match what a shopper said: their
cold start neither builds the catalog's match index nor imports Biopython and numpy, which only the phone model
of the matcher needs; a catalog they hold still matches, building its index on first use."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import catalog.catalog
from catalog import Decision
from skill import reorder_app
from skill.bootstrap import build_services
from skill.config import Settings
from tests.fakes import FakeReorderStore, FakeShopperStore

ROOT = Path(__file__).resolve().parents[2]
MATCHER_ONLY = ("Bio", "numpy")

# Imports the module named by argv[1] in this interpreter, then, with argv[2] set, matches a phrase; prints
# where the module came from and, after each step, which of MATCHER_ONLY's packages are imported.
_PROBE = """
import importlib, sys
loaded = lambda: sorted({name.split(".")[0] for name in sys.modules} & {"Bio", "numpy"})
module = importlib.import_module(sys.argv[1])
print(module.__file__)
print(",".join(loaded()))
if len(sys.argv) > 2:
    from decimal import Decimal
    from catalog import Catalog, Product
    towels = Product(id="t", name="Bounty Paper Towels", price=Decimal("9.99"), category="paper")
    assert Catalog([towels]).match(sys.argv[2]).best.product.id == "t"
    print(",".join(loaded()))
"""


def _probe(module: str, *said: str) -> list[str]:
    env = {**os.environ, "SKILL_ID": "amzn1.ask.skill.test", "PANTRY_TABLE": "t", "POWERTOOLS_LOG_LEVEL": "ERROR"}
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, module, *said],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    where, *imported = done.stdout.splitlines()
    assert Path(where).is_relative_to(ROOT)  # this worktree's module, not another installed copy
    return imported


@pytest.mark.parametrize(
    "module", ["skill.reorder_app", "skill.events_app", "skill.refit_app", "skill.redrive_order_events", "catalog"]
)
def test_importing_a_batch_entry_point_or_the_catalog_imports_neither_biopython_nor_numpy(module: str) -> None:
    # GIVEN a fresh interpreter (a cold container)
    # WHEN the batch function's module is imported
    (imported,) = _probe(module)
    # THEN Biopython and numpy are not
    assert imported == ""


def test_biopython_is_imported_when_a_catalog_first_matches_what_was_heard() -> None:
    # GIVEN a fresh interpreter that imported the catalog
    # WHEN a catalog matches a heard phrase (its matcher's phone model reranks the candidates)
    before, after = _probe("catalog", "two county paper towels")
    # THEN Biopython (and numpy under it) is imported then, not before
    assert before == ""
    assert after == ",".join(MATCHER_ONLY)


_REAL_MATCHER = catalog.catalog.Matcher


class _CountingMatcher:
    """Stands in for ``catalog.catalog.Matcher``: counts the match indexes built, and builds the real one."""

    built = 0

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        cls.built += 1
        return _REAL_MATCHER(*args, **kwargs)


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> type[_CountingMatcher]:
    monkeypatch.setattr(_CountingMatcher, "built", 0)
    monkeypatch.setattr(catalog.catalog, "Matcher", _CountingMatcher)
    return _CountingMatcher


def test_the_notifier_container_builds_no_match_index_and_its_catalog_still_matches_later(
    moto_aws: None, counted: type[_CountingMatcher], monkeypatch: pytest.MonkeyPatch
) -> None:
    # GIVEN the notifier's environment (the demo catalog) and no services yet in its container
    for name in ("CATALOG_PATH", "MODEL_BUCKET", "PRIORS_PATH"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PANTRY_TABLE", "pantry-batch")
    monkeypatch.setattr(reorder_app, "_services", None)
    # WHEN its container starts, as the notifier's and the scheduler's first message does
    services = reorder_app._container()
    # THEN the catalog is loaded, products are found by id, and no match index was built
    assert services.catalog.get("pp-0001") is not None
    assert counted.built == 0
    # AND WHEN something matches heard text later, the index is built then, once, and matches
    result = services.catalog.match("add two bounty paper towels")
    services.catalog.match("charmin toilet paper")
    assert result.decision is Decision.MATCHED
    assert result.best is not None and result.best.product.id == "pp-0001" and result.quantity == 2
    assert counted.built == 1


def test_the_skill_services_build_the_match_index_at_container_start(counted: type[_CountingMatcher]) -> None:
    # GIVEN the skill function's settings (the demo catalog) and in-memory stores
    # WHEN its services are built as alexa_app builds them (the default)
    services = build_services(Settings(), store=FakeShopperStore(), reorder_store=FakeReorderStore())
    # THEN the index was built then, not in the first shopper's request
    assert counted.built == 1
    services.catalog.match("add two bounty paper towels")
    assert counted.built == 1
