"""Superlatives in a request ("the cheapest coffee", "the biggest pack"): finding them, comparing sizes,
and choosing among the products that fit the rest of the request."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalog import Catalog, Decision, Product, fold
from catalog.preference import (
    Preference,
    choose,
    decisive,
    preference_in,
    preferred_alternative,
    preferred_match,
    size_measure,
)


def product(
    pid: str, name: str, price: str, *, size: str | None = None, category: str = "pantry", **more: object
) -> Product:
    return Product(id=pid, name=name, price=Decimal(price), size=size, category=category, **more)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("said", "preference", "rest"),
    [
        ("order the cheapest coffee", Preference.CHEAPEST, "order coffee"),
        ("the least expensive paper towels you have", Preference.CHEAPEST, "paper towels"),
        ("two of the largest size dish soap", Preference.BIGGEST, "two of dish soap"),
        ("the most expensive olive oil", Preference.PRICIEST, "olive oil"),
        ("Smallest bag of flour", Preference.SMALLEST, "bag of flour"),
        ("anything cheaper", Preference.CHEAPEST, "anything"),
        ("a bigger one", Preference.BIGGEST, "a"),
    ],
)
def test_a_superlative_is_found_and_taken_out_of_the_request(said: str, preference: Preference, rest: str) -> None:
    # GIVEN a request naming which of the fitting products is wanted, WHEN read
    # THEN the superlative is known and the rest of the request is what names the product
    assert preference_in(said) == (preference, rest)


@pytest.mark.parametrize("said", ["large eggs", "big roll paper towels", "cheap toilet paper", "bigelow tea", ""])
def test_words_that_only_look_like_superlatives_are_left_in_the_request(said: str) -> None:
    # GIVEN a request with no superlative (sizes and "cheap" belong to names), WHEN read, THEN nothing is taken
    assert preference_in(said) == (None, said)


@pytest.mark.parametrize(
    ("size", "measure"),
    [
        ("1 gal", ("volume", 128.0)),
        ("0.5 gal", ("volume", 64.0)),
        ("52 fl oz", ("volume", 52.0)),
        ("1 L", ("volume", 33.814)),
        ("12 pk 12 fl oz cans", ("volume", 144.0)),
        ("25.9 oz", ("weight", 25.9)),
        ("3 lb", ("weight", 48.0)),
        ("8 bars, 3.75 oz each", ("weight", 30.0)),
        ("48 ct", ("count", 48.0)),
        ("6 double rolls", ("count", 6.0)),
        ("family size", None),
        (None, None),
    ],
)
def test_sizes_are_measured_in_one_unit_per_kind(size: str | None, measure: tuple[str, float] | None) -> None:
    # GIVEN a catalog size, WHEN measured, THEN volumes are in fl oz, weights in oz, counts in items
    assert size_measure(size) == measure


def test_the_cheapest_and_the_biggest_are_chosen_and_sizes_of_another_kind_are_left_out() -> None:
    # GIVEN milks in gallons and fluid ounces, and one sold by count (not comparable by volume)
    gallon = product("g", "Whole Milk", "3.99", size="1 gal")
    half = product("h", "Organic Whole Milk", "5.79", size="0.5 gal")
    carton = product("c", "Ultra-Filtered Milk", "4.99", size="52 fl oz")
    pods = product("p", "Milk Pods", "1.99", size="12 ct")
    milks = [gallon, half, carton, pods]
    # WHEN each preference chooses
    # THEN price compares every product; size compares within the kind most of them have
    assert choose(Preference.CHEAPEST, milks) is pods
    assert choose(Preference.PRICIEST, milks) is half
    assert choose(Preference.BIGGEST, milks) is gallon
    assert choose(Preference.SMALLEST, milks) is carton
    assert choose(Preference.BIGGEST, [product("x", "Tea", "2.00")]) is None


def test_among_equals_the_product_the_shopper_bought_last_wins_then_the_popular_one() -> None:
    # GIVEN three products at the same lowest price
    a = product("a", "Paper Towels A", "9.99", popularity=0.2)
    b = product("b", "Paper Towels B", "9.99", popularity=0.9)
    c = product("c", "Paper Towels C", "9.99", popularity=0.5)
    # WHEN the cheapest is chosen without and with the shopper's history
    # THEN the popular one wins, unless the shopper has bought one of them (the most recent first)
    assert choose(Preference.CHEAPEST, [a, b, c]) is b
    assert choose(Preference.CHEAPEST, [a, b, c], history=["a", "c"]) is c


def test_the_cheaper_or_smaller_of_the_options_offered_is_decisive_only_without_a_tie() -> None:
    # GIVEN two options of one price and different sizes
    big = product("b", "Milk", "3.99", size="1 gal")
    small = product("s", "Milk", "3.99", size="0.5 gal")
    # WHEN asked for the smaller, the bigger, the cheaper
    # THEN size decides; price ties, so it decides nothing
    assert decisive(Preference.SMALLEST, [big, small]) == 1
    assert decisive(Preference.BIGGEST, [big, small]) == 0
    assert decisive(Preference.CHEAPEST, [big, small]) is None


def test_the_cheapest_coffee_is_a_coffee_not_the_cheapest_product_holding_the_word(demo: Catalog) -> None:
    # GIVEN the demo catalog (coffee filters at $3.49 and creamer hold the word "coffee" too)
    coffees = [p for p in demo if "coffee" in p.name.lower() and p.category == "coffee and tea"]
    # WHEN the shopper asks for the cheapest coffee, with a count
    result = preferred_match(demo, "order two bags of the cheapest coffee")
    # THEN it is matched to the lowest-priced coffee of the coffee category, and the count is kept
    assert result is not None
    assert result.decision is Decision.MATCHED
    assert result.best is not None
    assert result.best.product.price == min(p.price for p in coffees)
    assert result.best.product.category == "coffee and tea"
    assert result.quantity == 2


def test_the_biggest_milk_is_the_largest_volume_and_a_request_without_superlative_is_not_touched(
    demo: Catalog,
) -> None:
    # GIVEN the demo catalog's milks
    milks = demo.holding("milk")
    dairy = [p for p in milks if p.category == "dairy and eggs"]
    volumes = {p.id: size_measure(p.size) for p in dairy}
    # WHEN the biggest milk is asked for, and plain milk
    biggest = preferred_match(demo, "the biggest milk")
    # THEN the pick has the largest volume of them; plain milk is left to the matcher
    assert biggest is not None and biggest.best is not None
    largest = max(m[1] for m in volumes.values() if m is not None and m[0] == "volume")
    assert volumes[biggest.best.product.id] == ("volume", largest)
    assert preferred_match(demo, "milk") is None
    assert preferred_match(demo, "the cheapest xylophone") is None


def test_holding_lists_every_product_with_all_the_words_whatever_the_count_and_commands(demo: Catalog) -> None:
    # GIVEN the demo catalog, WHEN the products holding "paper towels" are listed from a whole request
    held = demo.holding("add two packs of paper towels to my cart")
    # THEN they are exactly the products whose names hold both words
    expected = {p.id for p in demo if "paper towels" in p.name.lower()}
    assert {p.id for p in held} == expected
    assert len(expected) >= 2
    assert demo.holding("") == () and demo.holding("zzzqx") == ()


def test_a_cheaper_alternative_is_one_like_the_product_offered_and_the_offered_one_stays_when_it_is_it(
    demo: Catalog,
) -> None:
    # GIVEN paper towels offered at their highest price
    towels = list(demo.holding("paper towels"))
    dearest = max(towels, key=lambda p: p.price)
    cheapest = min(towels, key=lambda p: p.price)
    # WHEN the shopper asks for something cheaper, then for the cheapest while the cheapest is offered
    # THEN the cheapest paper towels are offered; the cheapest stays when it is already offered
    assert preferred_alternative(demo, Preference.CHEAPEST, "paper towels", dearest) == cheapest
    assert preferred_alternative(demo, Preference.CHEAPEST, "paper towels", cheapest) == cheapest


@given(st.text(max_size=200))
def test_reading_any_text_takes_words_out_and_never_adds_any(said: str) -> None:
    # GIVEN any text, WHEN read for a superlative
    preference, rest = preference_in(said)
    # THEN without one the text comes back as it was; with one, the rest holds only words that were
    # said, and fewer of them (the superlative is gone)
    if preference is None:
        assert rest == said
    else:
        said_words = fold(said).split()
        assert set(rest.split()) <= set(said_words)
        assert len(rest.split()) < len(said_words)
