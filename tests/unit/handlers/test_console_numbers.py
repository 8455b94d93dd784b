"""The local console reads numbers as Alexa's AMAZON.NUMBER slot delivers them: "a million" and "a thousand"
are numbers, and a minus sign is kept ("make it -3" reaches the skill as -3, which the skill refuses)."""

from __future__ import annotations

import pytest

from catalog import number_in
from skill.local.console import Console
from skill.local.nlu import Grammar, number_value
from tests.fakes import FakeShopperStore

DAWN = "pp-0014"  # Dawn Ultra Dish Soap Original Scent


@pytest.mark.parametrize(
    ("said", "value"),
    [
        ("make it a million", "1000000"),
        ("make it a thousand", "1000"),
        ("make it one million", "1000000"),
        ("make it a thousand and one", "1001"),
        ("make it 5 thousand", "5000"),
        ("make it two hundred and five", "205"),
        ("make it -3", "-3"),
        ("make it minus three", "-3"),
        ("make it three", "3"),
        ("make it 12", "12"),
        ("make it one two", "12"),
        ("make it 5 million", "5000000"),
    ],
)
def test_a_number_said_reaches_the_skill_as_alexa_would_send_it(grammar: Grammar, said: str, value: str) -> None:
    # WHEN the console reads a quantity
    reading = grammar.read(said)
    # THEN the quantity slot holds the number Alexa's AMAZON.NUMBER slot would hold
    assert reading.intent == "ChangeQuantityIntent"
    assert reading.slots["Quantity"].value == value


def test_a_lone_a_a_hyphen_inside_a_word_or_words_that_make_no_one_number_are_no_number(grammar: Grammar) -> None:
    # "order a milk": "a" is no quantity; "x-3": a hyphen between a letter and a digit is no minus sign
    reading = grammar.read("order a milk")
    assert "Quantity" not in reading.slots
    assert reading.slots["Product"].value == "a milk"
    assert grammar.read("make it x-3").slots.get("Quantity") is None
    # "forty five sixty seven" (dollars and cents) is not one number: it is left for another reading
    assert "Quantity" not in grammar.read("make it forty five sixty seven").slots
    assert [number_value(said) for said in ("one hundred hundred", "a thousand a million", "oh")] == [None] * 3


@pytest.mark.parametrize("said", ["make it -3", "make it minus three"])
def test_a_negative_quantity_typed_in_the_console_is_refused_by_the_skill_and_the_order_kept(
    console: Console, store: FakeShopperStore, said: str
) -> None:
    # GIVEN dawn read back
    console.say("open pantry pal")
    console.say("order dawn")
    # WHEN the shopper makes it a negative number
    reply = console.say(said)
    # THEN the skill heard -3, refused it and asks how many, ordering nothing
    assert console.last_envelope is not None
    assert console.last_envelope["request"]["intent"]["slots"]["Quantity"]["value"] == "-3"
    assert reply.speech == "Sorry, that isn't a quantity I can order. How many would you like?"
    # AND the product stays on offer: a count answers it
    assert console.say("two").speech.startswith("Dawn Ultra Dish Soap Original Scent, two bottles")
    assert store.orders == {}


def test_a_million_typed_in_the_console_reaches_the_skill_and_is_refused_over_the_limit(
    console: Console, store: FakeShopperStore
) -> None:
    console.say("open pantry pal")
    reply = console.say("order a million dawn")
    assert reply.speech.startswith("Sorry, I can't order 1000000 of Dawn Ultra Dish Soap Original Scent")
    assert store.orders == {}


@pytest.mark.parametrize(
    "said",
    ["a million", "a thousand and one", "two hundred and five", "5 thousand", "twelve hundred", "twenty one", "12",
     "forty five sixty seven", "one hundred hundred", "a thousand a million", "a", "ten fifteen"],
)
def test_the_console_reads_a_number_as_the_catalog_does(said: str) -> None:
    # GIVEN a number said (or words that make none), WHEN the console fills a NUMBER slot with it
    # THEN it holds what the catalog's number reading makes of it: one parser of spoken numbers, not two
    number = number_in(said)
    assert number_value(said) == (str(number) if number is not None else None)
