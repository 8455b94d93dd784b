from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from catalog import CatalogLoadError, load_catalog, load_instacart
from catalog.loaders import placeholder_price

from .conftest import INSTACART

ROWS = [
    "1,Chocolate Sandwich Cookies,61,19",
    '2,"Select-A-Size Paper Towels  White  2 Huge Rolls",54,17',
    "3,Jalape+¦o Kettle Chips 8 oz,107,19",
    "4,Ros+¬ Wine,62,5",
]


def _write(folder: Path, header: bool, *, lookups: bool = True) -> Path:
    lines = (["product_id,product_name,aisle_id,department_id"] if header else []) + ROWS
    (folder / "products.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    if lookups:
        (folder / "aisles.csv").write_text(
            '"aisle_id","aisle"\n61,"cookies cakes"\n54,"paper goods"\n', encoding="utf-8"
        )
        (folder / "departments.csv").write_text(
            '"department_id","department"\n19,"snacks"\n5,"alcohol"\n', encoding="utf-8"
        )
    return folder


@pytest.mark.parametrize("header", [True, False])
def test_instacart_products_load_with_or_without_a_header(tmp_path: Path, header: bool) -> None:
    # GIVEN a products.csv with or without a header row
    folder = _write(tmp_path, header)
    # WHEN loaded from the folder and from the file
    by_folder = load_instacart(folder)
    by_file = load_instacart(folder / "products.csv")
    # THEN both hold every row, names kept as written
    assert len(by_folder) == len(by_file) == 4
    product = by_folder.get("2")
    assert product is not None
    assert product.name == "Select-A-Size Paper Towels  White  2 Huge Rolls"


def test_instacart_categories_come_from_aisles_then_departments_then_the_id(tmp_path: Path) -> None:
    # GIVEN aisles for some rows, departments for others, and a row covered by neither
    catalog = load_instacart(_write(tmp_path, header=False))
    # WHEN / THEN the category is the aisle name, else the department name
    assert catalog.get("1").category == "cookies cakes"  # type: ignore[union-attr]
    assert catalog.get("3").category == "snacks"  # type: ignore[union-attr]
    assert catalog.get("4").category == "alcohol"  # type: ignore[union-attr]


def test_without_lookup_files_the_category_is_the_numeric_department(tmp_path: Path) -> None:
    # GIVEN a products.csv alone, WHEN loaded, THEN the category is the department id
    catalog = load_instacart(_write(tmp_path, header=True, lookups=False))
    assert catalog.get("1").category == "19"  # type: ignore[union-attr]


def test_garbled_instacart_names_load_and_match_clean_speech(tmp_path: Path) -> None:
    # GIVEN names with double-encoding garbage
    catalog = load_instacart(_write(tmp_path, header=False))
    # WHEN matched with clean words, THEN the garbled products are found, sizes parsed from names
    assert catalog.match("jalapeno kettle chips").best.product.id == "3"  # type: ignore[union-attr]
    assert catalog.match("rose wine").best.product.id == "4"  # type: ignore[union-attr]
    assert catalog.get("3").size == "8 oz"  # type: ignore[union-attr]


def test_placeholder_prices_are_deterministic_positive_and_two_places(tmp_path: Path) -> None:
    # GIVEN loaded Instacart rows, WHEN prices are read, THEN they are the placeholder for the id
    catalog = load_instacart(_write(tmp_path, header=False))
    for product in catalog:
        assert product.price == placeholder_price(product.id)
        assert product.price > 0
        assert product.price == product.price.quantize(Decimal("0.01"))


def test_a_short_row_is_a_load_error(tmp_path: Path) -> None:
    # GIVEN a row with two fields, WHEN loaded, THEN a CatalogLoadError names the problem
    (tmp_path / "products.csv").write_text("1,Cookies\n", encoding="utf-8")
    with pytest.raises(CatalogLoadError, match="expected 4 fields"):
        load_instacart(tmp_path)


def test_a_missing_instacart_file_is_a_load_error(tmp_path: Path) -> None:
    # GIVEN an empty folder, WHEN loaded, THEN it is a CatalogLoadError
    with pytest.raises(CatalogLoadError):
        load_instacart(tmp_path)


def test_the_project_catalog_file_loads_in_the_contract_format(tmp_path: Path) -> None:
    # GIVEN a catalog file in the contract's format
    path = tmp_path / "catalog.json"
    path.write_text(
        json.dumps(
            {
                "currency": "USD",
                "products": [
                    {
                        "id": "pp-0001",
                        "name": "Bounty Select-A-Size Paper Towels",
                        "brand": "Bounty",
                        "size": "6 double rolls",
                        "unit": "pack",
                        "price": "19.99",
                        "category": "paper goods",
                        "synonyms": ["bounty paper towels", "paper towels", "bounty"],
                        "consumable": True,
                        "popularity": 0.92,
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    # WHEN loaded
    catalog = load_catalog(path)
    # THEN the product carries every field, typed
    product = catalog.get("pp-0001")
    assert product is not None
    assert product.price == Decimal("19.99")
    assert product.synonyms == ("bounty paper towels", "paper towels", "bounty")
    assert product.unit == "pack"
    assert product.in_stock is True


@pytest.mark.parametrize(
    "content",
    [
        "not json",
        json.dumps({"products": "nope"}),
        json.dumps({"currency": "EUR", "products": []}),
        json.dumps({"products": [{"id": "x", "name": "Milk", "price": "-1", "category": "dairy"}]}),
        json.dumps({"products": [{"id": "x", "name": "Milk", "price": "1.999", "category": "dairy"}]}),
        json.dumps(
            {
                "products": [
                    {"id": "x", "name": "A", "price": "1", "category": "c"},
                    {"id": "x", "name": "B", "price": "1", "category": "c"},
                ]
            }
        ),
    ],
)
def test_a_malformed_project_catalog_is_a_load_error(tmp_path: Path, content: str) -> None:
    # GIVEN a malformed catalog file, WHEN loaded, THEN it is a CatalogLoadError
    path = tmp_path / "catalog.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CatalogLoadError):
        load_catalog(path)


def test_the_demo_catalog_loads(demo: object) -> None:
    # GIVEN the project's demo catalog, WHEN loaded, THEN it holds products with unique ids
    from catalog import Catalog

    assert isinstance(demo, Catalog)
    assert len(demo) > 0
    assert len({p.id for p in demo}) == len(demo)


@pytest.mark.slow
def test_the_full_instacart_catalog_loads_every_row() -> None:
    # GIVEN the shared Instacart products.csv (no header row)
    if not (INSTACART / "products.csv").is_file():
        pytest.skip("../shared/catalog/instacart/products.csv is missing (shared data not mounted)")
    # WHEN loaded, THEN all 49,688 products are there, ids 1..49688, categories named
    catalog = load_instacart(INSTACART)
    assert len(catalog) == 49_688
    assert catalog.get("1") is not None and catalog.get("49688") is not None
    assert not catalog.get("1").category.isdigit()  # type: ignore[union-attr]
