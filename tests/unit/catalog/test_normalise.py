from __future__ import annotations

import string
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from catalog import amount_in, count_in, digits_said, fold, normalise, number_in, said_count, split_quantity
from catalog.normalise import counted_in_packs, names_a_product, readings

_TEXT = st.text(
    alphabet=st.sampled_from(string.ascii_letters + string.digits + " .,;:!?'-&%/()+\"éñüçÉ™®"), max_size=60
)


@given(st.text(max_size=80))
def test_normalising_twice_gives_the_same_key_as_normalising_once(text: str) -> None:
    # GIVEN any text, WHEN normalised twice, THEN the second pass changes nothing
    once = normalise(text)
    assert normalise(once) == once


@given(_TEXT)
def test_normalisation_ignores_letter_case(text: str) -> None:
    # GIVEN text in any case, WHEN upper- and lower-cased, THEN the keys are the same
    assert normalise(text.upper()) == normalise(text.lower()) == normalise(text)


@given(
    st.lists(st.sampled_from(["paper", "towels", "bounty", "two", "12", "oz", "milk"]), min_size=1, max_size=6),
    st.lists(st.sampled_from(list('.,;:!?-()/"')), min_size=1, max_size=6),
)
def test_normalisation_ignores_punctuation_between_words(words: list[str], marks: list[str]) -> None:
    # GIVEN words, WHEN joined with punctuation instead of spaces, THEN the key is unchanged
    punctuated = "".join(w + marks[i % len(marks)] + " " for i, w in enumerate(words))
    assert normalise(punctuated) == normalise(" ".join(words))


@given(st.text(max_size=200))
@settings(max_examples=200)
def test_splitting_any_utterance_returns_a_normalised_phrase_and_a_sane_quantity(text: str) -> None:
    # GIVEN any utterance, WHEN split, THEN the phrase is already normalised and the quantity is plausible
    quantity, phrase = split_quantity(text)
    assert normalise(phrase) == phrase
    assert quantity is None or 1 <= quantity <= 999_999_999


@pytest.mark.parametrize(
    ("heard", "quantity", "phrase"),
    [
        ("milk", None, "milk"),
        ("order two bounty paper towels", 2, "bounty paper towel"),
        ("add a couple of paper towels to my cart", 2, "paper towel"),
        ("put a dozen eggs on my shopping list", 12, "egg"),
        ("order half a dozen pumpkin pie", 6, "pumpkin py"),
        ("can you order six tubs of sopressata", 6, "sopressata"),
        ("can you get me some paper towels", None, "paper towel"),
        ("i want to buy the smoked nova salmon", None, "smoked nova salmon"),
        ("i want two buy the block toothpowder", None, "block toothpowder"),
        ("add one can of proactive health food to my cart", 1, "proactive health food"),
        ("add a case of doublewood single malt scotch whiskey to my cart", 1, "doublewood single malt scotch whiskey"),
        ("buy four packs of premium english breakfast black tea bags", 4, "premium english breakfast black tea bag"),
        ("get me the snug and dry size three diapers", None, "snug and dry size 3 diaper"),
        ("order two percent milk", None, "2 percent milk"),
        ("i need three bags of wrigley's", 3, "wrigley"),
        ("reorder the condoms", None, "condom"),
        ("Alexa, order 2 Bounty Paper-Towels, please!", 2, "bounty paper towel"),
        ("ten year order six tabs of sopressata", 6, "sopressata"),
        ("put two packs of roses cleansing foam on my champagne lids", 2, "rose cleansing foam"),
        ("order to packs of coffee", 2, "coffee"),
        ("can you order the two", None, "2"),
        ("order two cream of mushroom soup", 2, "cream of mushroom soup"),
        ("for beef knockwurst", 4, "beef knockwurst"),
        ("order for bags of coffee", 4, "coffee"),
        ("that organic black cherry yogurt on my shopping list", None, "organic black cherry yogurt"),
        ("i need two cubes of hand soap", 2, "hand soap"),
        ("larger some curry", None, "curry"),
        ("add four pork tenderloin order", 4, "pork tenderloin"),
        ("i want two buy six add some colorsilk hair color", 6, "colorsilk hair color"),
        ("and a case of double would scotch to my card", 1, "double would scotch"),
        ("boxes of cheerios", None, "cheerio"),  # the count went to its own slot
        ("order some more of that coffee i like", None, "coffee"),  # their own: history ranks it first
        ("the milk we usually get", None, "milk"),
        ("we're almost out of dish soap", None, "dish soap"),
        ("i ran out of toilet paper", None, "toilet paper"),
        ("bag of lemons", None, "bag of lemon"),  # a catalog name ("Bag of Lemons")
    ],
)
def test_a_heard_utterance_splits_into_its_quantity_and_product_phrase(
    heard: str, quantity: int | None, phrase: str
) -> None:
    # GIVEN a whole utterance as a recogniser delivers it, WHEN split, THEN quantity and phrase are as said
    assert split_quantity(heard) == (quantity, phrase)


@pytest.mark.parametrize(
    ("said", "names"),
    [
        ("order", False),
        ("order the", False),
        ("order three", False),
        ("add to my cart", False),
        ("can you get me a couple", False),
        ("i want to buy something", False),
        ("order half and half", True),
        ("order milk", True),
        ("order 2 in 1 shampoo", True),
        ("order two packs", False),
        ("order three bottles", False),
        ("order a case", False),
        ("order a gallon", False),
        ("order two gallons", False),
        ("order a half gallon", False),
        ("order half a gallon", False),
        ("order two cartons", False),
        ("order gallon bags", True),
        ("order two packs of paper towels", True),
    ],
)
def test_a_request_of_only_commands_fillers_and_counts_names_no_product(said: str, names: bool) -> None:
    # GIVEN a request, WHEN asked whether it names a product, THEN only words beyond commands and counts, and
    # the packs or measures a count is said in ("two packs", "a gallon"), do
    assert names_a_product(said) is names


@pytest.mark.parametrize(
    ("heard", "in_packs"),
    [
        ("order two packs of paper towels", True),
        ("add a carton of eggs to my cart", True),
        ("i need three bags of wrigley's", True),
        ("order a dozen eggs", False),
        ("put two dozen eggs on my shopping list", False),
        ("order twelve eggs", False),
        ("order six pieces of sushi", False),
        ("order two bounty paper towels", False),
        ("order paper towels", False),
        ("order a 12 pack of coke", True),
        ("order half a dozen eggs", False),
    ],
)
def test_a_count_said_of_packs_is_told_from_a_count_of_items(heard: str, in_packs: bool) -> None:
    # GIVEN an utterance with a count said of packs ("two packs of") or of the items themselves
    # WHEN it is read
    # THEN the reading says which one it was
    assert counted_in_packs(heard) is in_packs


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("Jalape+¦o Kettle Chips", "jalapeno kettle chip"),
        ("Ros+¬ Wine", "rose wine"),
        ("Sparkling Water-« Lime", "sparkling water lime"),
        ("Ice CreamGäó Bar", "ice cream bar"),
        ("Ready GÇæto GÇæeat", "ready to eat"),
        ("Select-A-Size Paper Towels  White  2 Huge Rolls", "select a size paper towel white 2 huge roll"),
        ("Papertowels", "paper towel"),
        ("5lb Bag", "5 lb bag"),
        ("Twelve Ounces", "12 oz"),
        ("Snug & Dry Size 3", "snug and dry size 3"),
        ("Wrigley's", "wrigley"),
        ("Cookies", "cooky"),
        ("cookie", "cooky"),
        ("Berries", "berry"),
        ("Boxes", "box"),
        ("Glass", "glass"),
        ("one thousand roses", "1000 rose"),
        ("twenty two", "22"),
    ],
)
def test_catalog_garbage_numbers_units_and_plurals_normalise_to_one_key(raw: str, key: str) -> None:
    # GIVEN a raw name or heard phrase, WHEN normalised, THEN it has the canonical key
    assert normalise(raw) == key


@pytest.mark.parametrize(
    "odd", ["", "   ", "x" * 10_000, "🥛🧻🥚", "حليب طازج", "<speak>milk</speak>", "\x00\x01", "\u200b"]
)
def test_odd_input_never_raises_and_stays_bounded(odd: str) -> None:
    # GIVEN odd input, WHEN folded, normalised and split, THEN each returns a short string
    assert len(fold(odd)) <= 500
    assert len(normalise(odd)) <= 500
    quantity, phrase = split_quantity(odd)
    assert quantity is None
    assert len(phrase) <= 500


def test_ssml_tags_are_not_part_of_the_product_phrase() -> None:
    # GIVEN an SSML-looking utterance, WHEN split, THEN the tag names are gone
    assert split_quantity('<speak><say-as interpret-as="cardinal">2</say-as> paper towels</speak>') == (
        2,
        "paper towel",
    )


@pytest.mark.parametrize(
    ("heard", "expected"),
    [
        ("6 cheese pizza", ((6, "cheese pizza"), (None, "6 cheese pizza"))),
        ("to go cups", ((2, "go cup"), (None, "to go cup"))),
        ("order three bags of rice", ((3, "rice"),)),
        ("milk", ((None, "milk"),)),
        # An absurd count is still a count (the limits refuse it), or the name's number
        ("order a thousand eggs", ((1000, "egg"), (1, "1000 egg"), (None, "a 1000 egg"))),
        # The scale word may start the name: two bottles of Thousand Island dressing
        (
            "two thousand island dressing",
            ((2000, "island dressing"), (2, "1000 island dressing"), (None, "2000 island dressing")),
        ),
        ("two hundred calorie packs", ((200, "calory pack"), (2, "100 calory pack"))),
    ],
)
def test_a_bare_leading_number_is_read_both_as_a_count_and_as_part_of_the_name(
    heard: str, expected: tuple[tuple[int | None, str], ...]
) -> None:
    # GIVEN an utterance, WHEN its readings are listed, THEN a number that may be the name's gives more than one
    assert readings(heard) == expected


@pytest.mark.parametrize("text", ["ONES", "tens", "the little ones", "hundreds and thousands"])
def test_a_plural_of_a_number_word_stays_a_word_so_normalising_twice_changes_nothing(text: str) -> None:
    # GIVEN a plural of a number word ("ones" would become "one", which the next pass reads as 1)
    # WHEN normalised once and twice, THEN both agree, and the split phrase is already normalised
    assert normalise(normalise(text)) == normalise(text)
    assert normalise(split_quantity(text)[1]) == split_quantity(text)[1]


_ONES = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_TEENS = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def _words(number: int) -> str:
    """1 <= number < 100 as it is said: "seventy six"."""
    if number < 10:
        return _ONES[number]
    if number < 20:
        return _TEENS[number - 10]
    return f"{_TENS[number // 10]} {_ONES[number % 10]}".strip()


@given(st.integers(min_value=1, max_value=99), st.integers(min_value=10, max_value=99))
def test_an_amount_said_in_dollars_and_cents_keeps_every_cent(dollars: int, cents: int) -> None:
    # GIVEN an amount in the ways it is said, with the cents apart
    expected = Decimal(f"{dollars}.{cents:02d}")
    for said in (
        f"{_words(dollars)} dollars and {_words(cents)} cents",
        f"{dollars} dollars {cents}",
        f"{_words(dollars)} {_words(cents)}",
        f"up to {dollars}.{cents:02d} dollars a month",
        f"{dollars} point {_words(cents)}",
    ):
        # WHEN read as an amount, THEN it is exactly that amount, to the cent
        assert amount_in(said) == expected, said


@pytest.mark.parametrize(
    ("said", "amount"),
    [
        ("forty dollars", Decimal(40)),
        ("one hundred twenty", Decimal(120)),
        ("twenty one oh five", Decimal("21.05")),
        ("twenty one dollars and five cents", Decimal("21.05")),
        ("twenty one point five", Decimal("21.5")),
        ("seventy six cents", Decimal("0.76")),
        ("21 point 765", None),  # parts of a cent: no amount to charge
        ("21 dollars and 150 cents", None),
        ("two packs of coffee", None),
        ("21 point", None),
    ],
)
def test_an_amount_is_read_to_the_cent_or_not_at_all(said: str, amount: Decimal | None) -> None:
    assert amount_in(said) == amount


@pytest.mark.parametrize(
    ("said", "digits"),
    [
        ("one two three four", "1234"),
        ("1234", "1234"),
        ("my code is 4 3 2 1", "4321"),
        ("twelve thirty four", "1234"),  # in pairs, as a year is said: each word reads one way only
        ("nineteen eighty four", "1984"),
        ("oh nine oh one", "0901"),
        ("one two three", "123"),
        ("twenty", "20"),
        ("twelve hundred thirty four", None),  # not said digit by digit: never guessed
        ("two packs of coffee", None),
        ("the first one", None),
        ("", None),
    ],
)
def test_a_code_is_read_digit_by_digit_or_in_pairs_or_not_at_all(said: str, digits: str | None) -> None:
    assert digits_said(said) == digits


@pytest.mark.parametrize(
    ("said", "number"),
    [
        ("12", 12),
        ("twenty one", 21),
        ("two hundred and five", 205),
        ("twelve hundred", 1200),
        ("a thousand and one", 1001),
        ("a million", 1_000_000),
        ("one million two thousand", 1_002_000),
        ("5 thousand", 5000),
        ("5 million", 5_000_000),
        ("forty five sixty seven", None),  # two numbers (dollars and cents), not one
        ("ten fifteen", None),
        ("ten one", None),
        ("twenty a hundred", None),
        ("one hundred hundred", None),  # each scale below the one before
        ("a thousand a million", None),
        ("a", None),  # "order a milk": never a number alone
        ("oh", None),
        ("milk", None),
        ("", None),
    ],
)
def test_a_number_is_read_as_alexas_number_slot_reads_it_or_not_at_all(said: str, number: int | None) -> None:
    # GIVEN a phrase that is a whole number said in digits, words or both, or is none
    # WHEN read as one number, THEN it is that number; words that make no one number are none
    assert number_in(said) == number


# --- decimals: "1.5 liter", "2.5 lb", "one point five" ---------------------------------------------------


@pytest.mark.parametrize(
    ("heard", "count", "unit", "measure"),
    [
        ("order a 1.5 liter coke", 1, "l", Decimal("1.5")),
        ("order 2.5 lb chicken", 1, "lb", Decimal("2.5")),
        ("order 2.5 pounds of chicken", 1, "lb", Decimal("2.5")),
        ("a 1.75 liter bottle of vodka", 1, "l", Decimal("1.75")),
        ("one point five liter coke", 1, "l", Decimal("1.5")),
        ("sixteen point nine fl oz water", 1, "fl oz", Decimal("16.9")),
        ("a .5 gallon of milk", 1, "gal", Decimal("0.5")),
        ("order two 1.5 liter bottles of coke", 2, "l", Decimal("1.5")),
        ("1.5l coke", 1, "l", Decimal("1.5")),
    ],
)
def test_a_decimal_size_is_one_measure_never_a_count_and_a_measure(
    heard: str, count: int, unit: str, measure: Decimal
) -> None:
    # GIVEN a size said or typed with a decimal, WHEN its count is read
    said = said_count(heard)
    # THEN the decimal is the measure of each thing counted, whole ("1.5 l", never a count of 1 and 5 l)
    assert said is not None
    assert (said.count, said.unit, said.measure) == (count, unit, measure)


@pytest.mark.parametrize("heard", ["a 1.5 coke", "2.5 purina one dog food", "order one point five coke"])
def test_a_decimal_before_no_measure_nor_things_counted_counts_nothing(heard: str) -> None:
    # GIVEN a decimal said before neither a measure nor a container nor things (a plural), WHEN the count is read
    # THEN there is none, and the number stays in the phrase for a name to hold
    assert said_count(heard) is None
    assert split_quantity(heard)[0] is None
    assert count_in("2.5") is None and count_in("one point five") is None


@pytest.mark.parametrize(
    ("heard", "unit", "pack_size", "fraction", "phrase"),
    [
        ("order 2.5 bags of purina one dog food", "bag", None, "2.5", "purina 1 dog food"),
        ("two point five bags of purina one dog food", "bag", None, "2.5", "purina 1 dog food"),
        ("2 point 5 boxes of cheerios", "box", None, "2.5", "cheerio"),
        ("0.5 bags of dog food", "bag", None, "0.5", "dog food"),
        ("order 1.5 12 packs of coke", "pack", 12, "1.5", "coca cola"),
        ("1.3 dozen eggs", "dozen", None, "1.3", "egg"),
        ("2.5 chickens", None, None, "2.5", "chicken"),
        ("order two point five chickens", None, None, "2.5", "chicken"),
        ("purina one dog food 2.5 bags", "bag", None, "2.5", "purina 1 dog food"),
    ],
)
def test_a_decimal_count_of_containers_or_things_is_said_as_no_whole_count(
    heard: str, unit: str | None, pack_size: int | None, fraction: str, phrase: str
) -> None:
    # GIVEN a decimal said as the count of containers or things ("2.5 bags of", "2.5 chickens"), WHEN it is read
    said = said_count(heard)
    # THEN it is said as a fraction of what it counts, never a whole count (not one, two nor three bags), and the
    # product phrase is what it counts
    assert said is not None and not said.whole
    assert (said.unit, said.pack_size, said.fraction) == (unit, pack_size, Decimal(fraction))
    assert split_quantity(heard) == (None, phrase)
    assert count_in("2.5 bags") is None


def test_a_decimal_count_of_dozens_that_makes_whole_things_is_that_many() -> None:
    # GIVEN two and a half dozen eggs said with a decimal, WHEN the count is read
    said = said_count("order 2.5 dozen eggs")
    # THEN it is thirty eggs, as "half a dozen" is six
    assert said is not None and said.whole
    assert (said.count, said.unit) == (30, "dozen")


@pytest.mark.parametrize(
    ("name", "heard"),
    [
        ("Coca-Cola Classic 1.5 L", "coca cola classic 1.5 liter"),
        ("Coca-Cola Classic 1.5 L", "coca cola classic one point five liter"),
        ("Coca-Cola Classic 1.5 L", "coca cola classic 1 point 5 liters"),
        ("Poland Spring 16.9 fl oz", "poland spring sixteen point nine fluid ounces"),
        ("Poland Spring 16.9 fl oz", "poland spring 16.90 fl. oz."),
        ("Silk Almondmilk .5 gal", "silk almondmilk 0.5 gallon"),
    ],
)
def test_a_decimal_in_a_name_and_heard_normalise_alike(name: str, heard: str) -> None:
    # GIVEN a name with a decimal size and the same said or typed, WHEN both are normalised
    # THEN they meet, the decimal one word
    assert normalise(name) == normalise(heard)
    assert any("." in word for word in normalise(name).split())


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("No.2 Pencils", "no 2 pencil"),
        ("version 1.2.3", "version 1 2 3"),
        ("point reyes blue cheese", "point reye blue cheese"),
        ("2.0 liter", "2 l"),
        ("Ends in 5.", "end in 5"),
    ],
)
def test_only_a_decimal_keeps_its_point(text: str, key: str) -> None:
    # GIVEN a dot that is no decimal point, or a "point" that is a word, WHEN normalised, THEN it is as before
    assert normalise(text) == key
