"""Fixtures for the catalog tests: the demo catalog and, when ../shared is present, Instacart."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalog import Catalog, load_catalog, load_instacart

REPO = Path(__file__).resolve().parents[3]
SHARED = REPO / ".." / "shared"
INSTACART = SHARED / "catalog" / "instacart"
DEMO = REPO / "catalog" / "data" / "demo_catalog.json"


@pytest.fixture(scope="session")
def demo() -> Catalog:
    if not DEMO.is_file():
        pytest.skip("catalog/data/demo_catalog.json is not there yet")
    return load_catalog(DEMO)


@pytest.fixture(scope="session")
def instacart() -> Catalog:
    if not (INSTACART / "products.csv").is_file():
        pytest.skip("../shared/catalog/instacart/products.csv is missing (shared data not mounted)")
    catalog = load_instacart(INSTACART)
    catalog.build_index()
    return catalog
