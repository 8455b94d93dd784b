"""The batch functions (scheduler, notifier, order events, refit, redrive) never match what a shopper said: their
cold start does not import Biopython and numpy, which only the phone model of the matcher needs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

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
