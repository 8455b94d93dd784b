"""Generate the ProductType slot values of every interaction model from the catalog.

The intents and their samples are edited by hand; the product values and synonyms never are: run
``python -m scripts.build_interaction_model`` after changing the catalog (a test fails until you do).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from catalog import Catalog, load_catalog, spoken_forms

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "interaction_models"
DEFAULT_CATALOG = ROOT / "catalog" / "data" / "demo_catalog.json"
SLOT_TYPE = "ProductType"
MAX_SYNONYMS = 30  # keeps the model far below the interaction model's size limits


def product_values(catalog: Catalog) -> list[dict[str, Any]]:
    """Slot values with the synonyms that name exactly one product.

    A generic form ("coffee", "paper towels") that fits several products is left out, so Alexa's entity
    resolution does not pick one of them blindly: the matcher decides with the shopper's own history.
    """
    values = []
    for product in sorted(catalog, key=lambda p: p.id):
        forms = [
            form
            for form in spoken_forms(product)
            if form.lower() != product.name.lower() and catalog.names_only(form, product.id)
        ]
        values.append({"id": product.id, "name": {"value": product.name, "synonyms": forms[:MAX_SYNONYMS]}})
    return values


def build(model: dict[str, Any], catalog: Catalog) -> dict[str, Any]:
    for slot_type in model["interactionModel"]["languageModel"]["types"]:
        if slot_type["name"] == SLOT_TYPE:
            slot_type["values"] = product_values(catalog)
    return model


def render(path: Path, catalog: Catalog) -> str:
    return json.dumps(build(json.loads(path.read_text()), catalog), indent=2, ensure_ascii=False) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--catalog", type=Path, default=DEFAULT_CATALOG)
    args = parser.parse_args()
    catalog = load_catalog(args.catalog)
    for path in sorted(MODELS.glob("??-??.json")):  # one model per locale; skill.json is the manifest
        path.write_text(render(path, catalog))
        print(f"wrote {path.relative_to(ROOT)}: {len(catalog)} products")


if __name__ == "__main__":
    main()
