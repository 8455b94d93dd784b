"""Corrections and additions said at a read-back, read from the words alone; fillers before a product phrase."""

from __future__ import annotations

import pytest

from catalog import Amendment, Catalog, Product, amendment_in, product_replaced, split_quantity


@pytest.mark.parametrize(
    ("said", "amendment"),
    [
        ("no, I meant oat milk", Amendment("oat milk")),
        ("no no oat milk", Amendment("oat milk")),
        ("actually eggs", Amendment("eggs")),
        ("sorry, I said oat milk", Amendment("oat milk")),
        ("actually make it oat milk", Amendment("oat milk")),
        ("whole milk instead", Amendment("whole milk")),
        ("I want whole milk instead", Amendment("i want whole milk")),
        ("not milk, oat milk", Amendment("oat milk", instead_of="milk")),
        ("not the milk but oat milk", Amendment("oat milk", instead_of="milk")),
        ("not whole milk skim milk", Amendment("skim milk", instead_of="whole milk")),
        ("and eggs", Amendment("eggs", adds=True)),
        ("also eggs", Amendment("eggs", adds=True)),
        ("plus eggs", Amendment("eggs", adds=True)),
        ("oh and eggs", Amendment("eggs", adds=True)),
        ("eggs as well", Amendment("eggs", adds=True)),
    ],
)
def test_a_correction_or_an_addition_is_read_with_the_product_it_names(said: str, amendment: Amendment) -> None:
    assert amendment_in(said) == amendment


@pytest.mark.parametrize(
    "said", ["oat milk", "no", "no thanks", "and", "actually", "like milk", "not now", "make it two", "not milk eggs"]
)
def test_a_product_alone_or_no_product_is_neither(said: str) -> None:
    assert amendment_in(said) is None


@pytest.mark.parametrize(
    ("said", "amendment"),
    [
        ("no pulp orange juice", None),
        ("no more tears shampoo", None),
        ("no, no pulp orange juice", Amendment("no pulp orange juice")),
        ("and no pulp orange juice", Amendment("no pulp orange juice", adds=True)),
        ("no oat milk", Amendment("oat milk")),
        ("no salt added peanuts", Amendment("salt added peanuts")),  # no product's name starts so
    ],
)
def test_a_no_that_starts_a_products_name_is_the_products(
    demo_catalog: Catalog, said: str, amendment: Amendment | None
) -> None:
    assert amendment_in(said, starts_name=demo_catalog.starts_a_name) == amendment


MILK = Product(id="m", name="Horizon Organic 2% Milk", price="5.79", category="dairy and eggs")
EGGS = Product(id="e", name="Eggland's Best Large White Eggs", price="4.79", category="dairy and eggs")
BREAD = Product(id="b", name="Dave's Killer Bread 21 Whole Grains", price="6.99", category="bakery")
OATS = Product(id="o", name="Oatly Original Oatmilk", price="5.49", category="dairy and eggs", synonyms=("oat milk",))
WHOLE = Product(id="w", name="Horizon Organic Whole Milk", price="6.29", category="dairy and eggs")


@pytest.mark.parametrize(
    ("named", "read_back", "by", "replaced"),
    [
        ("oat milk", [MILK, EGGS, BREAD], [OATS], "m"),  # "milk" is the milk's
        ("milk", [MILK, EGGS, BREAD], [OATS], "m"),  # "not milk, ..."
        ("whole milk", [OATS, EGGS, BREAD], [WHOLE], "o"),  # "milk" the oat milk's, "whole" the bread's: the dairy
        ("coffee", [MILK, EGGS, BREAD], [], None),  # none of them
        ("cheese", [MILK, EGGS], [Product(id="c", name="Cheddar", price="3", category="dairy and eggs")], None),
    ],
)
def test_the_product_a_correction_replaces_among_several_is_the_one_it_names(
    named: str, read_back: list[Product], by: list[Product], replaced: str | None
) -> None:
    found = product_replaced(named, read_back, by=by)
    assert (found.id if found else None) == replaced


@pytest.mark.parametrize("said", ["order like milk", "order oh milk", "order um milk", "order uh milk", "oh milk"])
def test_a_filler_before_the_product_is_not_a_product_word(said: str) -> None:
    assert split_quantity(said) == (None, "milk")
