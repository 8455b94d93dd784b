"""Counts said in a product phrase and the packs they stand for: what was said of what ("a 12 pack of",
"twelve cans of", "half a dozen"), how many packs of a product that is, and which of equally good names
the count picks."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalog import Catalog, Decision, Packs, Product, SaidCount, said_count
from catalog.normalise import said_readings


def _product(pid: str, name: str, **extra: object) -> Product:
    return Product(id=pid, name=name, price=Decimal("1.99"), category="test", **extra)  # type: ignore[arg-type]


# --- what a count was said of ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("heard", "count", "unit", "pack_size"),
    [
        ("order a 12 pack of coke", 1, "pack", 12),
        ("add a twelve pack of diet coke to my cart", 1, "pack", 12),
        ("order a six-pack of sparkling water", 1, "pack", 6),
        ("twelve pack of coke", 1, "pack", 12),
        ("order 12 pack coke", 1, "pack", 12),
        ("order two 12 packs of coke", 2, "pack", 12),
        ("i want to buy two six packs of orange liqueur", 2, "pack", 6),
        ("order twelve packs of coke", 12, "pack", None),
        ("order 12 cans of coke", 12, "can", None),
        ("six bottles of water", 6, "bottle", None),
        ("add two rolls of paper towels to my cart", 2, "roll", None),
        ("order half a dozen eggs", 6, "dozen", None),
        ("put two dozen eggs on my shopping list", 24, "dozen", None),
        ("order six pieces of sushi", 6, "piece", None),
        ("order twelve eggs", 12, None, None),
        ("order one pack of coke", 1, "pack", None),
        ("order another pack of bounty", 1, "pack", None),
        ("add another bag of coffee", 1, "bag", None),
    ],
)
def test_a_count_is_read_with_what_it_was_said_of_and_any_pack_size(
    heard: str, count: int, unit: str | None, pack_size: int | None
) -> None:
    # GIVEN an utterance with a count in the product phrase, WHEN it is read
    said = said_count(heard)
    # THEN the count, the word it was said of, and the size of the packs said (a number before a
    # singular "pack", or before "packs" after another count) are all kept
    assert said == SaidCount(count=count, unit=unit, pack_size=pack_size)


@pytest.mark.parametrize(
    ("quantity", "phrase", "expected"),
    [
        (12, "cans of coke", SaidCount(count=12, unit="can")),
        (12, "pack of coke", SaidCount(count=1, unit="pack", pack_size=12)),
        (2, "12 packs of coke", SaidCount(count=2, unit="pack", pack_size=12)),
        (2, "dozen eggs", SaidCount(count=24, unit="dozen")),
        (2, "liter bottle of coke", SaidCount(count=1, unit="l", measure=Decimal(2))),  # a 2-liter
        (2, "2 liter bottles of coke", SaidCount(count=2, unit="l", measure=Decimal(2))),
        (2, "liter coke", SaidCount(count=2, unit="l")),  # "order two liter coke": two liters, not two cokes
        (12, "eggs", SaidCount(count=12)),
        (2, "thousand island dressing", SaidCount(count=2)),
        (0, "eggs", None),
    ],
)
def test_a_count_alexa_heard_apart_is_read_with_the_product_phrase(
    quantity: int, phrase: str, expected: SaidCount | None
) -> None:
    # GIVEN the Quantity slot's count and the Product slot's words, WHEN read together
    # THEN they mean what the whole phrase would; a count the phrase would change into another number
    # ("2" and "thousand island dressing") stays the count Alexa heard
    assert said_count(phrase, count=quantity) == expected


@pytest.mark.parametrize(
    ("heard", "said", "phrase"),
    [
        ("order bounty paper towels two packs", SaidCount(count=2, unit="pack"), "bounty paper towel"),
        ("order dawn three bottles please", SaidCount(count=3, unit="bottle"), "dawn"),
        ("order coke a twelve pack", SaidCount(count=1, unit="pack", pack_size=12), "coca cola"),
        ("order mr coffee 12 cup", None, "mr coffee 12 cup"),  # the name's number
        ("order hefty trash bags 13 gallon", None, "hefty trash bag 13 gal"),  # a size
        ("order pampers size 4", None, "pamper size 4"),
    ],
)
def test_a_count_of_packs_said_after_the_product_is_read_as_said_before_it(
    heard: str, said: SaidCount | None, phrase: str
) -> None:
    # GIVEN a count of packs or containers said after the product, WHEN read
    # THEN it is the count, and the product phrase is what comes before it; a number that is the name's or
    # its size stays in the phrase
    assert said_readings(heard)[0] == (said, phrase)


@pytest.mark.parametrize(
    ("heard", "said", "phrase"),
    [
        ("order two coke twelve packs", SaidCount(count=2, unit="pack", pack_size=12), "coca cola"),
        ("order 2 diet coke 12 packs", SaidCount(count=2, unit="pack", pack_size=12), "diet coca cola"),
        ("three bounty six packs", SaidCount(count=3, unit="pack", pack_size=6), "bounty"),
        ("order two coke a twelve pack", SaidCount(count=2, unit="pack", pack_size=12), "coca cola"),
        ("order two coke two packs", SaidCount(count=2, unit="pack"), "coca cola"),  # the count said again
        ("order two mr coffee 12 cup", SaidCount(count=2), "mr coffee 12 cup"),  # the name's number
    ],
)
def test_a_count_before_the_product_and_packs_of_a_size_after_it_are_that_many_packs_of_that_size(
    heard: str, said: SaidCount, phrase: str
) -> None:
    # GIVEN a count said before the product and packs of a size after it ("two coke twelve packs"), WHEN read
    # THEN it is that many packs of that size, of the product between them, as "two twelve packs of coke" is
    assert said_readings(heard)[0] == (said, phrase)


@pytest.mark.parametrize(
    ("heard", "expected_id"), [("two coke twelve packs", "pp-0159"), ("three bounty six packs", "pp-0001")]
)
def test_a_count_before_the_product_and_packs_after_it_find_the_product(
    demo_catalog: Catalog, heard: str, expected_id: str
) -> None:
    outcome = demo_catalog.match(heard)
    assert outcome.decision is Decision.MATCHED
    assert outcome.candidates[0].product.id == expected_id


@given(size=st.integers(2, 999), noun=st.sampled_from(["coke", "sparkling water", "gatorade", "paper towels"]))
def test_a_pack_size_said_with_a_is_always_one_pack_of_that_size(size: int, noun: str) -> None:
    # GIVEN "a <n> pack of <product>", WHEN read, THEN it is one pack of n, never n packs
    assert said_count(f"order a {size} pack of {noun}") == SaidCount(count=1, unit="pack", pack_size=size)


@given(
    size=st.integers(2, 999),
    unit=st.sampled_from([("liter", "l"), ("gallon", "gal"), ("pound", "lb"), ("ounce", "oz"), ("quart", "qt")]),
    noun=st.sampled_from(["coke", "sparkling water", "gatorade", "ground beef"]),
    of=st.sampled_from(["", " of", " bottle of"]),
)
def test_a_size_said_with_a_is_always_one_of_that_size(size: int, unit: tuple[str, str], noun: str, of: str) -> None:
    # GIVEN "a <n> <measure> [of] <product>", WHEN read, THEN it is one of n of the measure, never n of it
    said = said_count(f"order a {size} {unit[0]}{of} {noun}")
    assert said == SaidCount(count=1, unit=unit[1], measure=Decimal(size))


# --- what a pack holds, and how many packs a count is ---------------------------------------------------


@pytest.mark.parametrize(
    ("size", "items"),
    [
        ("12 pk 12 fl oz cans", {"can"}),
        ("24 pk 16.9 fl oz bottles", {"bottle"}),
        ("6 double rolls", {"roll"}),
        ("4 boxes, 65 ct each", {"box"}),
        ("12 ct", set()),
        ("18 oz bag", set()),
        ("336 ct, 6 flip-top packs", set()),
    ],
)
def test_a_product_knows_what_its_packs_hold_from_its_size(size: str, items: set[str]) -> None:
    # GIVEN a size as catalogs write it, WHEN asked what one pack holds
    # THEN a plural noun after a count names the items; a singular one ("bag") is the pack itself
    assert _product("1", "Thing", size=size).pack_items == items


def test_a_capacity_in_cups_is_no_count_of_items() -> None:
    # GIVEN a 12-cup coffee maker and a pack of 50 cups
    maker, cups = _product("m", "Coffee Maker", size="12 cup"), _product("c", "Party Cups", size="50 cups")
    # THEN the coffee maker holds no count of things, and "two" of it are two coffee makers
    assert (maker.pack_count, cups.pack_count) == (None, 50)
    assert maker.packs_for(SaidCount(count=2)) == Packs(2, exact=True)


COLA = _product("c", "Cola", size="12 pk 12 fl oz cans", unit="pack")
TOWELS = _product("t", "Paper Towels", size="6 double rolls", unit="pack")
TISSUES = _product("k", "Tissues", size="4 boxes, 65 ct each", unit="pack")
SOAP = _product("s", "Dish Soap", size="19.4 fl oz", unit="bottle")
EGGS = _product("e", "Eggs", size="12 ct", unit="carton")
TABLETS = _product("a", "Ibuprofen Tablets", size="100 ct", unit="bottle")
JUICE = _product("j", "Orange Juice", size="52 fl oz", unit="carton")


@pytest.mark.parametrize(
    ("product", "said", "packs"),
    [
        (COLA, SaidCount(count=12, unit="can"), Packs(1, exact=True)),
        (COLA, SaidCount(count=36, unit="can"), Packs(3, exact=True)),
        (COLA, SaidCount(count=30, unit="can"), Packs(3, exact=False)),
        (COLA, SaidCount(count=2, unit="pack"), Packs(2, exact=True)),
        (COLA, SaidCount(count=2, unit="pack", pack_size=12), Packs(2, exact=True)),
        (COLA, SaidCount(count=1, unit="pack", pack_size=24), Packs(2, exact=False)),
        (COLA, SaidCount(count=12, unit="bottle"), Packs(12, exact=True)),
        (TOWELS, SaidCount(count=2, unit="roll"), Packs(1, exact=False)),
        (TOWELS, SaidCount(count=12, unit="roll"), Packs(2, exact=True)),
        (TOWELS, SaidCount(count=2), Packs(2, exact=True)),
        (TOWELS, SaidCount(count=11), Packs(11, exact=True)),
        (EGGS, SaidCount(count=6), Packs(1, exact=False)),
        (EGGS, SaidCount(count=2), Packs(1, exact=False)),
        (EGGS, SaidCount(count=30), Packs(3, exact=False)),
        (TABLETS, SaidCount(count=2), Packs(2, exact=True)),
        (TABLETS, SaidCount(count=10), Packs(1, exact=False)),
        (TISSUES, SaidCount(count=2, unit="box"), Packs(1, exact=False)),
        (SOAP, SaidCount(count=3, unit="bottle"), Packs(3, exact=True)),
        (JUICE, SaidCount(count=1, unit="pack", pack_size=12), Packs(1, exact=False)),
    ],
)
def test_a_count_is_packs_when_said_of_packs_and_whole_packs_of_the_items_they_hold(
    product: Product, said: SaidCount, packs: Packs
) -> None:
    # GIVEN a product and a count as said
    # WHEN asked how many packs of it that is
    # THEN items its packs hold fill whole packs (or cannot be had as said: the fewest packs holding them
    # are offered), packs are packs, and a container it is not sold in counts as the product itself; a
    # bare count counts what a pack holds when that is the product itself ("six eggs") and it is not far
    # below a pack ("two" tablets of 100 are two bottles), and packs of what a product holds ("two paper
    # towels", of rolls) otherwise
    assert product.packs_for(said) == packs


@given(per_pack=st.integers(2, 48), size=st.integers(2, 48), count=st.integers(1, 10))
def test_a_pack_size_said_is_exact_only_for_packs_of_that_size(per_pack: int, size: int, count: int) -> None:
    # GIVEN packs of `per_pack` and `count` packs of `size` said
    product = _product("1", "Thing", size=f"{per_pack} ct")
    packs = product.packs_for(SaidCount(count=count, unit="pack", pack_size=size))
    # THEN it is exactly that many packs when the sizes agree; otherwise the fewest packs holding as many
    assert packs.exact is (per_pack == size)
    assert packs.count * per_pack >= count * size > (packs.count - 1) * per_pack
    assert (product.pack_fit(SaidCount(count=count, unit="pack", pack_size=size)) == 2) is (per_pack == size)


# --- which of equally good names the count picks --------------------------------------------------------


def _sizes_catalog() -> Catalog:
    return Catalog(
        [
            _product("cola12", "Fizz Cola", size="12 pk 12 fl oz cans", unit="pack"),
            _product("cola6", "Fizz Cola", size="6 pk 12 fl oz cans", unit="pack"),
            _product("eggs12", "Large Eggs", size="12 ct", unit="carton"),
            _product("eggs6", "Large Eggs", size="6 ct", unit="carton"),
            _product("eggs18", "Large Eggs", size="18 ct", unit="carton"),
            _product("fizzy", "Sparkling Water", size="12 pk 12 fl oz cans", unit="pack", popularity=0.9),
            _product("still", "Spring Water", size="24 pk 16.9 fl oz bottles", unit="pack"),
            _product("towels6", "Paper Towels", size="6 rolls", unit="pack", popularity=0.9),
            _product("towels2", "Paper Towels", size="2 rolls", unit="pack"),
        ]
    )


@pytest.mark.parametrize(
    ("heard", "expected_id"),
    [
        ("order a 12 pack of fizz cola", "cola12"),
        ("order a six pack of fizz cola", "cola6"),
        ("order twelve cans of fizz cola", "cola12"),
        ("order half a dozen large eggs", "eggs6"),
        ("order a dozen large eggs", "eggs12"),
        ("order eighteen large eggs", "eggs18"),
    ],
)
def test_a_count_said_picks_the_pack_that_fits_among_equal_names(heard: str, expected_id: str) -> None:
    # GIVEN the same product in two pack sizes
    catalog = _sizes_catalog()
    assert catalog.match("fizz cola").decision is Decision.AMBIGUOUS
    # WHEN the shopper says a count or a pack size only one of them fits
    result = catalog.match(heard)
    # THEN that one is matched, with no question
    assert result.decision is Decision.MATCHED
    assert result.best is not None and result.best.product.id == expected_id


def test_a_count_heard_apart_from_the_phrase_picks_the_pack_that_fits_too() -> None:
    # GIVEN eggs in cartons of 6, 12 and 18, WHEN "eighteen" comes in the Quantity slot and "large eggs"
    # in the Product slot
    result = _sizes_catalog().match("large eggs", count=18)
    # THEN the carton of 18 is matched, and the count is eighteen as said
    assert result.best is not None and result.best.product.id == "eggs18"
    assert result.decision is Decision.MATCHED
    assert result.said == SaidCount(count=18)


def test_bottles_said_beat_the_shoppers_usual_cans() -> None:
    # GIVEN a shopper who keeps buying sparkling water in cans, and water also sold in bottles
    catalog = _sizes_catalog()
    history = ["fizzy"] * 6
    assert catalog.match("water", history=history).best.product.id == "fizzy"  # type: ignore[union-attr]
    # WHEN they ask for six bottles of water
    result = catalog.match("six bottles of water", history=history)
    # THEN the water sold in bottles comes first
    assert result.best is not None and result.best.product.id == "still"


def test_a_bare_count_below_one_pack_does_not_pick_a_smaller_pack() -> None:
    # GIVEN paper towels in packs of 6 (the usual) and of 2
    catalog = _sizes_catalog()
    # WHEN the shopper orders "two paper towels", which shoppers mean as two packs
    result = catalog.match("order two paper towels")
    # THEN the count does not turn the match to the 2-roll pack
    assert result.best is not None and result.best.product.id == "towels6"


# --- a size said: "a gallon of", "a half gallon of", "two pounds of" -------------------------------------


@pytest.mark.parametrize(
    ("heard", "expected"),
    [
        ("order a gallon of milk", SaidCount(count=1, unit="gal")),
        ("order two gallons of milk", SaidCount(count=2, unit="gal")),
        ("gallon of milk", SaidCount(count=1, unit="gal")),  # Alexa's slot without the "a"
        ("order a half gallon of milk", SaidCount(count=1, unit="gal", measure=Decimal("0.5"))),
        ("order half a gallon of milk", SaidCount(count=1, unit="gal", measure=Decimal("0.5"))),
        ("order half gallon milk", SaidCount(count=1, unit="gal", measure=Decimal("0.5"))),
        ("order two half gallons of milk", SaidCount(count=2, unit="gal", measure=Decimal("0.5"))),
        ("order a pound of butter", SaidCount(count=1, unit="lb")),
        ("order 16 ounces of butter", SaidCount(count=16, unit="oz")),
        # "a" and a number before a measure: one of that size, not that many of the measure
        ("order a 2 liter of coke", SaidCount(count=1, unit="l", measure=Decimal(2))),
        ("order a two liter coke", SaidCount(count=1, unit="l", measure=Decimal(2))),
        ("order a 2 liter bottle of coke", SaidCount(count=1, unit="l", measure=Decimal(2))),
        ("order 2 liter bottles of coke", SaidCount(count=1, unit="l", measure=Decimal(2))),
        ("order two 2 liter bottles of coke", SaidCount(count=2, unit="l", measure=Decimal(2))),
        ("order a 5 pound bag of flour", SaidCount(count=1, unit="lb", measure=Decimal(5))),
        ("order a 12 fluid ounce can of coke", SaidCount(count=1, unit="fl oz", measure=Decimal(12))),
        ("order a liter of coke", SaidCount(count=1, unit="l")),
        ("order two liters of coke", SaidCount(count=2, unit="l")),
        # a number and a singular measure right before the product: that much of it, never that many of it
        ("order two liter coke", SaidCount(count=2, unit="l")),
        ("order 2 liter coke", SaidCount(count=2, unit="l")),
        ("order two gallon milk", SaidCount(count=2, unit="gal")),
        ("order half and half", None),  # a product
        ("order 12 oz coffee", None),  # the size in a name
        ("order two percent milk", None),
    ],
)
def test_a_size_said_is_read_as_a_count_of_that_measure(heard: str, expected: SaidCount | None) -> None:
    # GIVEN an utterance naming a size before the product, WHEN it is read
    said = said_count(heard)
    # THEN it is a count of the measure said (a half as 0.5 of it), and a size in a name stays the name's
    assert said == expected
    assert said is None or said.measured


@pytest.mark.parametrize(
    ("size", "said", "packs", "fit"),
    [
        ("1 gal", SaidCount(count=1, unit="gal"), Packs(1, True), 2),
        ("1 gal", SaidCount(count=2, unit="gal"), Packs(2, True), 2),
        ("0.5 gal", SaidCount(count=1, unit="gal", measure=Decimal("0.5")), Packs(1, True), 2),
        ("64 fl oz", SaidCount(count=1, unit="gal", measure=Decimal("0.5")), Packs(1, True), 2),
        ("0.5 gal", SaidCount(count=1, unit="gal"), Packs(2, False), 1),  # half gallons add up to a gallon
        ("0.5 gal", SaidCount(count=2, unit="gal"), Packs(4, False), 1),
        ("1 gal", SaidCount(count=1, unit="gal", measure=Decimal("0.5")), Packs(1, False), -1),
        # two half gallons are two of that size: not one gallon jug (the same milk, another size)
        ("1 gal", SaidCount(count=2, unit="gal", measure=Decimal("0.5")), Packs(1, False), -1),
        ("0.5 gal", SaidCount(count=2, unit="gal", measure=Decimal("0.5")), Packs(2, True), 2),
        ("32 fl oz", SaidCount(count=2, unit="gal", measure=Decimal("0.5")), Packs(4, False), 1),
        ("52 fl oz", SaidCount(count=1, unit="gal"), Packs(3, False), -1),
        ("16 oz, 4 sticks", SaidCount(count=1, unit="lb"), Packs(1, True), 2),
        ("16 oz, 4 sticks", SaidCount(count=16, unit="oz"), Packs(1, True), 2),
        ("8 oz", SaidCount(count=1, unit="lb"), Packs(2, False), 1),
        ("15 lb", SaidCount(count=1, unit="gal"), Packs(1, True), -1),  # a weight, for a volume said
        # a liter of 12-packs of 12-ounce cans: neither a can nor a pack is a liter; one pack holds it
        ("12 pk 12 fl oz cans", SaidCount(count=1, unit="l"), Packs(1, False), -1),
        ("12 pk 12 fl oz cans", SaidCount(count=1, unit="l", measure=Decimal(2)), Packs(1, False), -1),
        ("12 pk 12 fl oz cans", SaidCount(count=1, unit="fl oz", measure=Decimal(144)), Packs(1, True), 2),
        ("2 L", SaidCount(count=1, unit="l", measure=Decimal(2)), Packs(1, True), 2),  # a 2 liter
        ("2 L", SaidCount(count=2, unit="l", measure=Decimal(2)), Packs(2, True), 2),
        ("1 L", SaidCount(count=1, unit="l", measure=Decimal(2)), Packs(2, False), 1),
        ("50 ct, 18 fl oz", SaidCount(count=1, unit="l"), Packs(1, True), 0),  # what each cup holds, empty
        (None, SaidCount(count=2, unit="gal"), Packs(2, True), 0),
    ],
)
def test_a_size_said_is_packs_of_a_product_of_that_size_and_an_offer_of_packs_of_another(
    size: str | None, said: SaidCount, packs: Packs, fit: int
) -> None:
    # GIVEN a product whose size is (or is not) a measure, and a size said
    product = _product("p", "Milk", size=size, unit="carton")
    # WHEN the size said is read as its packs
    # THEN it is that many packs of its own size, else the fewest packs that hold it (offered, not given),
    # and its fit ranks its own size first, then sizes that add up to it, then the rest
    assert product.packs_for(said) == packs
    assert product.pack_fit(said) == fit


# --- typed forms: "2l", "12pk", as a console or a slot value may carry them -------------------------------


@pytest.mark.parametrize(
    ("typed", "spoken"),
    [
        ("coke 2l", "coke two liter"),
        ("coke 2L", "coke 2 liter"),
        ("order a 2l coke", "order a two liter coke"),
        ("order 2l coke", "order two liter coke"),
        ("order two 2l bottles of coke", "order two 2 liter bottles of coke"),
        ("order 2liters of coke", "order two liters of coke"),
        ("coke 12pk", "coke twelve pack"),
        ("coke 12 pk", "coke twelve pack"),
        ("coke 12-pack", "coke twelve pack"),
        ("order a 12pk of coke", "order a twelve pack of coke"),
        ("order 12pk coke", "order twelve pack coke"),
        ("order two 12pks of coke", "order two twelve packs of coke"),
        ("order coke 2 12pks", "order coke two twelve packs"),
        ("order a 5lb bag of flour", "order a five pound bag of flour"),
        ("order 12oz coffee", "order 12 oz coffee"),  # a size in a name stays the name's
    ],
)
def test_a_count_typed_with_its_unit_is_read_as_the_spoken_count(typed: str, spoken: str) -> None:
    # GIVEN a count typed with its unit ("2l", "12pk"), WHEN it is read
    # THEN it is read as the same count said aloud ("two liter", "twelve pack"): count, size and product phrase
    assert said_readings(typed) == said_readings(spoken)


@pytest.mark.parametrize("typed", ["vitamin b12", "k9 advantix", "2ltr coke", "v8 juice"])
def test_digits_inside_a_word_or_an_unknown_unit_are_no_count(typed: str) -> None:
    # GIVEN digits that are part of a word, or glued to what is no unit, WHEN read, THEN no count is read
    assert said_count(typed) is None


@pytest.mark.parametrize(
    ("heard", "expected_id"), [("order fizz cola 12pk", "cola12"), ("order a 6pk of fizz cola", "cola6")]
)
def test_a_pack_size_typed_picks_the_pack_that_fits_among_equal_names(heard: str, expected_id: str) -> None:
    # GIVEN the same cola in 12-packs and 6-packs, WHEN a pack size is typed with it
    result = _sizes_catalog().match(heard)
    # THEN the pack of that size is matched, as "a twelve pack of" / "a six pack of" would
    assert result.decision is Decision.MATCHED
    assert result.best is not None and result.best.product.id == expected_id


def _milk_catalog() -> Catalog:
    return Catalog(
        [
            _product("jug", "Whole Milk", size="1 gal", unit="jug"),
            _product("carton", "Whole Milk", size="0.5 gal", unit="carton"),
            _product("bottle", "Whole Milk", size="52 fl oz", unit="bottle"),
        ]
    )


@pytest.mark.parametrize(
    ("heard", "expected_id"),
    [
        ("order a gallon of whole milk", "jug"),
        ("order two gallons of whole milk", "jug"),
        ("order a half gallon of whole milk", "carton"),
        ("order half a gallon of whole milk", "carton"),
    ],
)
def test_a_size_said_picks_the_product_of_that_size_among_equal_names(heard: str, expected_id: str) -> None:
    # GIVEN the same milk in a gallon jug, a half-gallon carton and a 52 oz bottle
    catalog = _milk_catalog()
    assert catalog.match("whole milk").decision is Decision.AMBIGUOUS
    # WHEN the shopper says a size
    result = catalog.match(heard)
    # THEN the milk of that size is matched, with no question
    assert result.decision is Decision.MATCHED
    assert result.best is not None and result.best.product.id == expected_id


def _milks_called_milk_by_their_gallons() -> Catalog:
    # The store's gallon jugs are what "milk" means (a synonym); the half-gallon cartons are named in full.
    return Catalog(
        [
            _product("gallon-whole", "Store Whole Milk", size="1 gal", unit="jug", synonyms=("milk", "whole milk")),
            _product("gallon-2", "Store 2% Milk", size="1 gal", unit="jug", synonyms=("milk", "2% milk")),
            _product("half-whole", "Organic Whole Milk", size="0.5 gal", unit="carton", synonyms=("organic milk",)),
            _product("half-2", "Organic 2% Milk", size="0.5 gal", unit="carton", synonyms=("organic milk",)),
            _product("bone", "Milk Bone Dog Biscuits", size="24 oz", unit="box"),
        ]
    )


@pytest.mark.parametrize("heard", ["order a half gallon of milk", "half gallon of milk", "two half gallons of milk"])
def test_a_size_said_steers_past_names_of_another_size_to_the_products_of_that_size(heard: str) -> None:
    # GIVEN "milk" means the gallon jugs by their synonym, far above the half-gallon cartons
    catalog = _milks_called_milk_by_their_gallons()
    assert {c.product.id for c in catalog.match("order milk").candidates} == {"gallon-whole", "gallon-2"}
    # WHEN the shopper says a half gallon (or two) of milk
    result = catalog.match(heard)
    # THEN the choice is among the half-gallon cartons, which hold what was said as well; never a gallon jug
    assert result.decision is Decision.AMBIGUOUS
    assert [c.product.id for c in result.candidates] == ["half-whole", "half-2"]


def test_a_size_said_with_the_rest_of_a_name_matches_the_one_product_of_that_size() -> None:
    # GIVEN the same milks
    catalog = _milks_called_milk_by_their_gallons()
    # WHEN the shopper says a half gallon of 2% milk
    result = catalog.match("order a half gallon of 2% milk")
    # THEN the one half-gallon 2% milk is the match (the whole milk carton does not hold "2%")
    assert result.decision is Decision.MATCHED
    assert result.best is not None and result.best.product.id == "half-2"


def test_a_size_no_product_has_keeps_the_names_ranking() -> None:
    # GIVEN no milk sold by the quart
    catalog = _milks_called_milk_by_their_gallons()
    # WHEN the shopper says a quart of milk
    result = catalog.match("order a quart of milk")
    # THEN "milk" is still asked about as the names say (a gallon jug is then offered, never guessed)
    assert result.decision is Decision.AMBIGUOUS
    assert {c.product.id for c in result.candidates} == {"gallon-whole", "gallon-2"}


def _cola_catalog() -> Catalog:
    return Catalog(
        [
            _product("cans", "Cola", size="12 pk 12 fl oz cans", unit="pack", synonyms=("coke",)),
            _product("two-liter", "Cola", size="2 L", unit="bottle", synonyms=("coke",)),
            _product("liter", "Cola", size="1 L", unit="bottle", synonyms=("coke",)),
        ]
    )


@pytest.mark.parametrize(
    ("heard", "expected_id"),
    [
        ("order a 2 liter of coke", "two-liter"),
        ("order a two liter coke", "two-liter"),
        ("order two liter coke", "two-liter"),
        ("order two liters of coke", "two-liter"),
        ("order two liter bottle of coke", "two-liter"),
        ("order a liter of coke", "liter"),
        ("order a 12 pack of coke", "cans"),
    ],
)
def test_a_size_said_with_a_picks_the_bottle_of_that_size_not_that_many_liters(heard: str, expected_id: str) -> None:
    # GIVEN the same cola in 12-packs of cans, in 2-liter bottles and in 1-liter bottles
    catalog = _cola_catalog()
    # WHEN the shopper says "a 2 liter of coke" (one 2-liter bottle, as shoppers mean it)
    result = catalog.match(heard)
    # THEN the bottle of that size is matched, and it is one of them
    assert result.decision is Decision.MATCHED
    assert result.best is not None and result.best.product.id == expected_id
    assert result.said is not None and result.best.product.packs_for(result.said) == Packs(1, True)


def test_a_measure_before_the_product_that_is_part_of_a_name_stays_the_names() -> None:
    # GIVEN bags named by the size they hold, beside the same bags named without it
    catalog = Catalog(
        [
            _product("gallon", "Gallon Freezer Bags", size="30 ct", unit="box"),
            _product("plain", "Freezer Bags", size="30 ct", unit="box"),
        ]
    )
    # WHEN the shopper orders two gallon freezer bags (two liters of coke are said the same way)
    result = catalog.match("order two gallon freezer bags")
    # THEN the gallon bags are matched, and the two is two boxes of them
    assert result.decision is Decision.MATCHED
    assert result.best is not None and result.best.product.id == "gallon"
    assert result.said is not None and result.best.product.packs_for(result.said) == Packs(2, True)
