"""Loaders for the project's catalog JSON file and for the Instacart ``products.csv`` format."""

from __future__ import annotations

import csv
import json
import re
import zlib
from decimal import Decimal
from pathlib import Path

from pydantic import ValidationError

from catalog.catalog import Catalog
from catalog.exceptions import CatalogLoadError
from catalog.model import Product
from catalog.normalise import fold

__all__ = ["load_catalog", "load_instacart", "placeholder_price"]

_SIZE_RE = re.compile(
    r"\b(\d+(?:\.\d+)?\s?(?:-?\s?)(?:fl\.?\s?oz|oz|ounces?|lbs?|pounds?|ct|count|pk|pack|gal|gallons?|l|ml|g|kg|"
    r"qt|pt|rolls?|sheets?|bags?|cans?|bottles?|pods?|tablets?|capsules?)\b\.?)",
    re.IGNORECASE,
)


def placeholder_price(product_id: str) -> Decimal:
    """Deterministic placeholder USD price for a product id (Instacart rows carry no price).

    Examples
    --------
    >>> placeholder_price("1") == placeholder_price("1") and placeholder_price("1") > 0
    True
    """
    cents = 99 + zlib.crc32(product_id.encode("utf-8")) % 1900
    return (Decimal(cents) / 100).quantize(Decimal("0.01"))


def _size_in(name: str) -> str | None:
    found = _SIZE_RE.findall(fold(name))
    return found[-1].strip() if found else None


def load_catalog(path: str | Path) -> Catalog:
    """Read the project's catalog JSON file (``{"currency": "USD", "products": [...]}``).

    Parameters
    ----------
    path
        Path of the JSON file, e.g. ``catalog/data/demo_catalog.json``.

    Returns
    -------
    Catalog

    Raises
    ------
    CatalogLoadError
        The file is missing, not JSON, not in USD, or a product is invalid.
    """
    path = Path(path)
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CatalogLoadError(f"cannot read catalog {path}: {exc}") from exc
    if not isinstance(document, dict) or not isinstance(document.get("products"), list):
        raise CatalogLoadError(f"{path}: expected an object with a 'products' list")
    currency = document.get("currency", "USD")
    if currency != "USD":
        raise CatalogLoadError(f"{path}: unsupported currency {currency!r}")
    try:
        products = [Product.model_validate(item) for item in document["products"]]
        return Catalog(products)
    except (ValidationError, ValueError, TypeError) as exc:
        raise CatalogLoadError(f"{path}: invalid product: {exc}") from exc


def _read_lookup(path: Path) -> dict[str, str]:
    if not path.is_file():
        return {}
    table: dict[str, str] = {}
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        for row in csv.reader(handle):
            if len(row) >= 2 and row[0].strip().isdigit():
                table[row[0].strip()] = row[1].strip()
    return table


def load_instacart(folder_or_csv_path: str | Path) -> Catalog:
    """Read an Instacart ``products.csv`` (``product_id,product_name,aisle_id,department_id``).

    The header row is optional. The category is the aisle name from ``aisles.csv`` beside the file,
    else the department name from ``departments.csv``, else the numeric department id. Prices are
    :func:`placeholder_price`; names are kept as they are (garbled characters included).

    Parameters
    ----------
    folder_or_csv_path
        The ``products.csv`` file or the folder holding it.

    Returns
    -------
    Catalog

    Raises
    ------
    CatalogLoadError
        The file is missing or a row is malformed.
    """
    path = Path(folder_or_csv_path)
    csv_path = path / "products.csv" if path.is_dir() else path
    if not csv_path.is_file():
        raise CatalogLoadError(f"no products.csv at {path}")
    aisles = _read_lookup(csv_path.parent / "aisles.csv")
    departments = _read_lookup(csv_path.parent / "departments.csv")
    products: list[Product] = []
    try:
        with csv_path.open(encoding="utf-8", errors="replace", newline="") as handle:
            for line_no, row in enumerate(csv.reader(handle), start=1):
                if not row or (line_no == 1 and not row[0].strip().isdigit()):
                    continue
                if len(row) < 4:
                    raise CatalogLoadError(f"{csv_path}:{line_no}: expected 4 fields, got {len(row)}")
                product_id, name, aisle_id, department_id = (c.strip() for c in row[:4])
                category = aisles.get(aisle_id) or departments.get(department_id) or department_id
                products.append(
                    Product(
                        id=product_id,
                        name=name,
                        size=_size_in(name),
                        price=placeholder_price(product_id),
                        category=category or "unknown",
                    )
                )
        return Catalog(products)
    except (ValidationError, ValueError, csv.Error) as exc:
        raise CatalogLoadError(f"{csv_path}: {exc}") from exc
