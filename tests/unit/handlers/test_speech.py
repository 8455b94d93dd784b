"""The speech module: English rules, SSML escaping of every value, and the locale fallback."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handlers.speech import en_US as english
from handlers.speech import escape_ssml, for_locale

SPEECH = for_locale("en-US")


@pytest.mark.parametrize(
    ("quantity", "unit", "said"),
    [(1, "pack", "one pack"), (2, "pack", "two packs"), (3, "box", "three boxes"), (2, "try", "two tries"),
     (12, "carton", "12 cartons"), (2, "each", "two each"), (2, "loaf", "two loaves")],
)
def test_counts_are_said_with_number_words_and_plurals(quantity: int, unit: str, said: str) -> None:
    assert english.count(quantity, unit) == said


@pytest.mark.parametrize(
    ("days", "said"), [(1, "day"), (7, "week"), (9.4, "9 days"), (14, "2 weeks"), (20.7, "3 weeks"), (25, "25 days")]
)
def test_a_rhythm_is_said_in_weeks_when_it_is_close_to_whole_weeks(days: float, said: str) -> None:
    assert english.every(days) == said


def test_durations_days_and_dates_read_naturally() -> None:
    assert english.duration(1800) == "30 minutes"
    assert english.duration(600) == "ten minutes"
    assert english.duration(7200) == "two hours"
    assert english.days(1.2) == "one day"
    assert english.when(0) == "today" and english.when(1) == "yesterday" and english.when(4) == "4 days ago"
    assert english.money(Decimal("1234.5")) == "$1,234.50"
    assert english.join(["a", "b", "c"], "or") == "a, b or c"


def test_every_interpolated_value_is_escaped_but_fragments_are_not_escaped_twice() -> None:
    fragment = SPEECH.raw("cart_removed", product="Head & Shoulders")
    assert fragment == "I've removed Head &amp; Shoulders from your cart."
    assert SPEECH.say("usual", items=SPEECH.join([fragment, "<b>"])) == (
        "You usually buy I've removed Head &amp; Shoulders from your cart. and &lt;b&gt;. Would you like one of them?"
    )


@given(st.text())
def test_escaped_text_never_contains_markup_characters(text: str) -> None:
    escaped = escape_ssml(text)
    assert "<" not in escaped and ">" not in escaped
    assert "&" not in escaped.replace("&amp;", "").replace("&lt;", "").replace("&gt;", "").replace(
        "&quot;", "").replace("&apos;", "")


def test_an_unsupported_locale_falls_back_to_english() -> None:
    assert for_locale("fr-FR").locale == "en-US"
    assert for_locale(None).say("goodbye") == "Goodbye."


def test_every_template_formats_with_its_own_placeholders() -> None:
    import string

    for key, template in english.MESSAGES.items():
        names = {name for _, name, _, _ in string.Formatter().parse(template) if name}
        assert SPEECH.say(key, **dict.fromkeys(names, "x")), key


@pytest.mark.parametrize(
    ("timezone", "shown"),
    [
        ("America/New_York", "11:38 AM EST"),
        ("America/Los_Angeles", "8:38 AM PST"),
        ("Europe/Berlin", "5:38 PM CET"),
        (None, "4:38 PM UTC"),
        ("Not/AZone", "4:38 PM UTC"),
    ],
)
def test_a_card_time_is_shown_in_the_shoppers_time_zone(timezone: str | None, shown: str) -> None:
    # GIVEN a moment in UTC (orders store UTC) and the shopper's time zone from their device
    moment = datetime(2026, 11, 22, 16, 38, tzinfo=UTC)
    # WHEN it is written for a card, THEN it is their local time with the zone, or UTC if the zone is unknown
    assert for_locale(None).clock(moment, timezone) == shown


def test_an_offer_of_whole_packs_names_the_pack_and_escapes_the_product() -> None:
    # GIVEN a product whose name holds an SSML special character, sold by the carton or by the item
    # WHEN the skill says what its packs hold
    said = SPEECH.say(
        "only_in_packs", product="Good & Gather Eggs", packs=SPEECH.plural(SPEECH.pack_word("carton")), size=18
    )
    # THEN the value is escaped, and a product sold by the item is offered in packs, not "items of 12"
    assert said == "I have Good &amp; Gather Eggs only in cartons of 18."
    assert SPEECH.pack_word("item") == "pack"
    assert SPEECH.say("offer_packs_add_to_cart", amount=SPEECH.count(1, "carton")) == (
        "Should I add one carton to your cart?"
    )


def test_a_count_of_a_product_sold_by_the_item_is_a_bare_number_and_the_name_is_escaped() -> None:
    assert english.count(1, "item") == "one" and english.count(3, "item") == "three"
    assert SPEECH.count_of(2, "bag", "Peet's Coffee") == "two bags of Peet&apos;s Coffee"
    assert SPEECH.count_of(1, "item", "Head & Shoulders") == "one Head &amp; Shoulders"


@pytest.mark.parametrize(
    ("quantity", "name", "said"),
    [
        (2, "Brita Everyday Water Filter Pitcher", "two Brita Everyday Water Filter Pitchers"),
        (3, "OXO Good Grips Soap Dispensing Dish Brush", "three OXO Good Grips Soap Dispensing Dish Brushes"),
        (2, "Libman Precision Angle Broom with Dustpan", "two Libman Precision Angle Brooms with Dustpan"),
        (2, "O-Cedar Spin Mop & Bucket System", "two O-Cedar Spin Mop &amp; Bucket Systems"),
        (4, "Breakfast Blend K-Cup", "four Breakfast Blend K-Cups"),
        (2, "Energizer AA Battery", "two Energizer AA Batteries"),
        (2, "Chef Knife", "two Chef Knives"),
        (2, "Dog Biscuits", "two Dog Biscuits"),  # already plural
        # a name that ends in no noun that is counted: "of the", never "two ... Cheese" as if it were one
        (2, "Tillamook Sharp Cheddar Cheese", "two of the Tillamook Sharp Cheddar Cheese"),
        (2, "Old Spice Deodorant Pure Sport", "two of the Old Spice Deodorant Pure Sport"),
        (2, "Oral-B Glide Floss", "two of the Oral-B Glide Floss"),
        (1, "Brita Everyday Water Filter Pitcher", "one Brita Everyday Water Filter Pitcher"),
    ],
)
def test_more_than_one_of_a_product_sold_by_the_item_is_said_in_the_plural(quantity: int, name: str, said: str) -> None:
    assert SPEECH.count_of(quantity, "item", name) == said


def test_a_product_counted_in_its_pack_word_keeps_its_name_as_it_is() -> None:
    said = SPEECH.count_of(2, "block", "Tillamook Sharp Cheddar Cheese")
    assert said == "two blocks of Tillamook Sharp Cheddar Cheese"
    assert SPEECH.count_of(2, "bottle", "Brita Pitcher") == "two bottles of Brita Pitcher"


@pytest.mark.parametrize(
    ("phrase", "named"),
    [
        ("dawn dish soap", "dawn dish soap"),
        ("dove advanced care antiperspirant deodorant original clean scent", "dove advanced care antiperspirant "
         "deodorant original clean"),
        ("old spice high endurance deodorant pure sport with aloe", "old spice high endurance deodorant pure sport"),
        ("a" * 10_000, "a" * 60),
    ],
)
def test_a_product_of_a_list_is_named_by_its_first_words_never_that(phrase: str, named: str) -> None:
    # GIVEN a phrase the shopper said for a product of a list, WHEN it is named
    # THEN it is as said, or its first words (not ending on a word that leads on), never "that"
    assert SPEECH.named(phrase) == named
    assert SPEECH.heard(phrase) in (phrase, "that")


@pytest.mark.parametrize(
    ("said", "reprompt", "before"),
    [
        ("Okay, I won't order it. What else can I do?", "anything_else", "Okay, I won't order it."),
        ("Your cart is empty.", "reprompt_main", "Your cart is empty."),
        ("Milk is $3.49. Would you like to order it? What else can I do?", "anything_else", None),
        ("Sorry, I didn't catch that. What would you like?", "reprompt_main", None),
        ("Okay, I won't order it. What else can I do?", "which_product_reprompt", None),
    ],
)
def test_an_answer_asks_nothing_of_its_own_only_before_a_generic_close(said: str, reprompt: str, before: str) -> None:
    # GIVEN an answer and its reprompt, WHEN what it says before its generic close is asked for
    # THEN it is what it says without "What else can I do?", or None when it asks a question of its own
    assert SPEECH.said_before_close(said, SPEECH.say(reprompt)) == before
