from __future__ import annotations

import random
from collections import defaultdict
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from catalog import Catalog, Decision, Matcher, MatchResult, Packs, Product, SaidCount, normalise
from catalog.channel import PhoneModel


def _product(pid: str, name: str, **extra: object) -> Product:
    return Product(id=pid, name=name, price=Decimal("1.99"), category="test", **extra)  # type: ignore[arg-type]


def _same_name_ids(catalog: Catalog, product: Product) -> set[str]:
    key = normalise(product.name)
    return {p.id for p in catalog if normalise(p.name) == key}


# ------------------------------------------------------------------------------------- demo catalog
@pytest.mark.parametrize(
    ("heard", "expected_id", "quantity"),
    [
        ("order two county paper towels", "pp-0001", 2),
        ("add a couple of bounty paper towels to my cart", "pp-0001", 2),
        ("add bounty essentials to my cart", "pp-0002", None),
        ("put charmin ultra strong on my shopping list", "pp-0005", None),
        ("i want to buy some tide pods", "pp-0037", None),
        ("can you get me some tidepods", "pp-0037", None),
        ("order a dozen eggland's best eggs", "pp-0173", 12),
        ("add three jif crunchy", "pp-0121", 3),
        ("order some oat milk", "pp-0170", None),
        ("buy oatmilk", "pp-0170", None),
        ("i need two boxes of cheerios honey nut", "pp-0110", 2),
        ("get me a pack of duracell triple a batteries", "pp-0209", 1),
        ("order the cascade platinum dishwasher pods", "pp-0016", None),
        ("add some kleenex to my cart", "pp-0009", None),
        ("reorder bertolli extra virgin olive oil", "pp-0125", None),
        ("order huggies size five", "pp-0078", None),
        ("Alexa, ORDER two Dawn dish-soap!", "pp-0014", 2),
        ("buy coke", "pp-0159", None),
        ("order a case of poland spring water", "pp-0152", 1),
        ("order a 12 pack of coke", "pp-0159", 1),
        ("add a twelve pack of diet coke to my cart", "pp-0160", 1),
        ("order 12 cans of coke", "pp-0159", 12),
    ],
)
def test_real_utterance_forms_find_the_product_meant(
    demo: Catalog, heard: str, expected_id: str, quantity: int | None
) -> None:
    # GIVEN the demo catalog and a whole utterance as heard
    # WHEN it is matched
    result = demo.match(heard)
    # THEN the product meant ranks first, confidently, with the quantity said
    assert result.best is not None
    assert result.best.product.id == expected_id
    assert result.decision is Decision.MATCHED
    assert result.quantity == quantity


@pytest.mark.parametrize(
    ("heard", "expected_id"),
    [
        ("order mr clean", "pp-0025"),
        ("order mister clean", "pp-0025"),
        ("order mrs meyers", "pp-0020"),
        ("order missus meyers cleaner", "pp-0020"),
        ("order mister coffee filters", "pp-0206"),
    ],
)
def test_a_title_said_in_full_or_as_written_finds_its_product_and_mr_is_not_mrs(
    demo: Catalog, heard: str, expected_id: str
) -> None:
    # GIVEN "Mr. Clean" and "Mrs. Meyer's" in the catalog, WHEN a title is said in full or as written
    result = demo.match(heard)
    # THEN the product with that title is matched: "mr" is not the singular of "mrs", "mister" is "mr"
    assert result.decision is Decision.MATCHED
    assert result.best is not None
    assert result.best.product.id == expected_id
    assert normalise("Mister Clean") == normalise("Mr. Clean") != normalise("Mrs. Clean")
    assert normalise("Doctor Pepper") == normalise("Dr Pepper") and normalise("Saint John's") == normalise("St. John's")


@pytest.mark.parametrize("heard", ["order coke zero", "order two coke zero", "pepsi zero", "1% milk",
                                   "one percent milk", "size 2 diapers", "huggies size one"])
def test_a_number_said_that_the_product_does_not_hold_makes_it_no_match(demo: Catalog, heard: str) -> None:
    # GIVEN the demo catalog, with no zero-sugar cola, no 1% milk and no size 2 or size 1 Huggies diapers
    # WHEN a request holds such a number, apart from its count
    result = demo.match(heard)
    # THEN the products without that number are suggestions, not a match or a choice
    assert result.decision is Decision.NOT_FOUND
    assert result.candidates


@pytest.mark.parametrize(
    ("heard", "decision", "ids"),
    [
        ("2% milk", Decision.AMBIGUOUS, {"pp-0164", "pp-0166"}),
        ("order two percent milk", Decision.AMBIGUOUS, {"pp-0164", "pp-0166"}),
        ("pampers size four", Decision.MATCHED, {"pp-0075"}),
        ("vitamin d 2000", Decision.MATCHED, {"pp-0201"}),
        ("ibuprofen 200 mg", Decision.AMBIGUOUS, {"pp-0193", "pp-0195"}),  # a size: no number of the name
        ("order two 21 whole grains bread", Decision.MATCHED, {"pp-0188"}),
    ],
)
def test_a_number_said_that_the_product_holds_still_matches_it(
    demo: Catalog, heard: str, decision: Decision, ids: set[str]
) -> None:
    result = demo.match(heard)
    assert result.decision is decision
    shown = result.candidates[:1] if decision is Decision.MATCHED else result.candidates
    assert {c.product.id for c in shown} == ids


def test_a_product_holding_the_number_said_goes_before_a_closer_name_without_it() -> None:
    # GIVEN short names without a number, and longer ones holding it
    catalog = Catalog(
        [
            _product("coke", "Coke"),
            _product("zero", "Coca-Cola Zero Sugar Soda Fridge Pack Cans"),
            _product("one", "Huggies Diapers Size 1"),
            _product("two", "Huggies Little Snugglers Baby Diapers Size 2 Jumbo Pack"),
        ]
    )
    # WHEN the number is said, THEN the product holding it is matched
    for heard, expected in (("coke zero", "zero"), ("huggies diapers size two", "two")):
        result = catalog.match(heard)
        assert result.decision is Decision.MATCHED
        assert result.best is not None
        assert result.best.product.id == expected


@pytest.mark.parametrize(
    ("heard", "brand"),
    [("order pampers", "Pampers"), ("huggies", "Huggies"), ("clorox", "Clorox"), ("starbucks", "Starbucks"),
     ("dunkin", "Dunkin'"), ("oral b", "Oral-B")],
)
def test_a_brand_alone_of_several_products_asks_which_one(demo: Catalog, heard: str, brand: str) -> None:
    # GIVEN a shopper with no history, WHEN they say only a brand that several products carry
    result = demo.match(heard)
    # THEN they are asked which of that brand's products, rather than given the one ahead by a hair
    assert result.decision is Decision.AMBIGUOUS
    assert 2 <= len(result.candidates) <= 3
    assert {c.product.brand for c in result.candidates} == {brand}


@pytest.mark.parametrize(("heard", "usual"), [("pampers", "pp-0075"), ("starbucks", "pp-0099"), ("clorox", "pp-0027")])
def test_a_brand_alone_is_the_shoppers_usual_product_of_it(demo: Catalog, heard: str, usual: str) -> None:
    # GIVEN a shopper who buys one product of the brand, WHEN they say only the brand
    result = demo.match(heard, history=["pp-0001", usual, "pp-0164", usual])
    # THEN their usual one is matched
    assert result.decision is Decision.MATCHED
    assert result.best is not None
    assert result.best.product.id == usual


@pytest.mark.parametrize(("heard", "expected"), [("tide", "pp-0036"), ("pepsi", "pp-0161"), ("bounty", "pp-0001")])
def test_a_brand_that_is_a_products_own_name_or_synonym_matches_it(demo: Catalog, heard: str, expected: str) -> None:
    result = demo.match(heard)
    assert result.decision is Decision.MATCHED
    assert result.best is not None
    assert result.best.product.id == expected


def test_the_shoppers_usual_milk_wins_for_a_bare_milk(demo: Catalog) -> None:
    # GIVEN a shopper who keeps buying Horizon 2% milk (and once bought whole milk, longer ago)
    history = ["pp-0165", "pp-0001", "pp-0164", "pp-0164", "pp-0036", "pp-0164"]
    # WHEN they say "milk"
    result = demo.match("order milk", history=history)
    # THEN their usual milk is matched
    assert result.decision is Decision.MATCHED
    assert result.best is not None
    assert result.best.product.id == "pp-0164"


def test_history_recency_counts_when_frequency_ties(demo: Catalog) -> None:
    # GIVEN two milks bought equally often, the whole milk most recently
    history = ["pp-0164", "pp-0165", "pp-0164", "pp-0165"]
    # WHEN the shopper says "milk"
    result = demo.match("milk", history=history)
    # THEN the most recent one wins
    assert result.best is not None
    assert result.best.product.id == "pp-0165"


def test_history_does_not_override_what_was_clearly_said(demo: Catalog) -> None:
    # GIVEN a shopper who always buys whole milk
    history = ["pp-0165"] * 5
    # WHEN they ask for oat milk
    result = demo.match("oat milk", history=history)
    # THEN oat milk is matched, not their usual
    assert result.best is not None
    assert result.best.product.id == "pp-0170"


def test_a_generic_request_without_history_is_ambiguous_between_close_products(demo: Catalog) -> None:
    # GIVEN a shopper with no history, WHEN they say just "milk"
    result = demo.match("milk")
    # THEN the outcome asks between two or three milks
    assert result.decision is Decision.AMBIGUOUS
    assert 2 <= len(result.candidates) <= 3
    assert all("milk" in c.product.name.lower() for c in result.candidates)


@pytest.mark.parametrize("heard", ["purple elephant saddle", "xyzzy", "quantum chromodynamics textbook"])
def test_something_the_catalog_does_not_sell_is_not_found(demo: Catalog, heard: str) -> None:
    # GIVEN a request for something not sold, WHEN matched, THEN it is NOT_FOUND with at most five suggestions
    result = demo.match(heard)
    assert result.decision is Decision.NOT_FOUND
    assert len(result.candidates) <= 5


@pytest.mark.parametrize("heard", ["blah blah", "blorp", "rocket fuel", "what is the capital of france", "stop"])
def test_nonsense_is_never_matched_confidently(demo: Catalog, heard: str) -> None:
    # GIVEN the demo catalog and something that is no product the catalog sells
    # WHEN it is matched
    result = demo.match(heard)
    # THEN no order conversation starts: the outcome is NOT_FOUND
    assert result.decision is Decision.NOT_FOUND


def test_a_word_that_only_sounds_like_a_name_gives_a_suggestion_not_a_match(demo: Catalog) -> None:
    # GIVEN "blah", which sounds like "blue" of Blue Buffalo and holds no word of any name
    # WHEN "blah blah" is matched
    result = demo.match("blah blah")
    # THEN it is not found, and the sound-alike is still offered as the nearest suggestion
    assert result.decision is Decision.NOT_FOUND
    assert result.best is not None
    assert "blue buffalo" in result.best.product.name.lower()


@pytest.mark.parametrize(
    ("size", "per_pack"),
    [
        ("12 ct", 12),
        ("12 pk 12 fl oz cans", 12),
        ("6 double rolls", 6),
        ("13 gal, 40 ct", 40),
        ("16 oz, 4 sticks", 4),
        ("18 oz bag", None),
        ("0.5 gal", None),
        ("12 fl oz", None),
        (None, None),
    ],
)
def test_a_product_knows_how_many_items_one_pack_holds(size: str | None, per_pack: int | None) -> None:
    # GIVEN a product with a size as catalogs write it, WHEN asked how many items a pack holds
    # THEN counts are read ("12 ct", "6 double rolls") and weights and volumes are not counts
    assert _product("1", "Thing", size=size).pack_count == per_pack


@given(
    per_pack=st.integers(2, 60),
    packs=st.integers(1, 20),
    extra=st.integers(1, 59),
    unit=st.sampled_from([None, "dozen", "piece", "ct"]),
)
def test_a_count_of_items_is_the_number_of_whole_packs_it_fills(
    per_pack: int, packs: int, extra: int, unit: str | None
) -> None:
    # GIVEN a product sold in packs of `per_pack` items
    product = _product("1", "Eggs", size=f"{per_pack} ct", unit="carton")
    # WHEN the shopper says a whole number of packs' worth of items (bare, or of items), THEN that is the
    # number of packs
    assert product.packs_for(SaidCount(count=per_pack * packs, unit=unit)) == Packs(packs, exact=True)
    # WHEN they say a count of packs, THEN it is taken as said
    assert product.packs_for(SaidCount(count=per_pack * packs, unit="carton")) == Packs(per_pack * packs, exact=True)
    if extra % per_pack:
        count = per_pack * packs + extra
        # WHEN a count of items, or a bare count of a product counted as itself ("eighteen eggs"), fills
        # none, THEN it cannot be had as said: the fewest packs holding it are what the shopper may be offered
        for said in (SaidCount(count=count, unit="piece"), SaidCount(count=count)):
            offered = product.packs_for(said)
            assert not offered.exact
            assert offered.count * per_pack > count > (offered.count - 1) * per_pack


def _brands_catalog() -> Catalog:
    """Sunscreen of Banana Boat, dish liquid of Seventh Generation, dish soap of Dawn; no bananas."""
    return Catalog(
        [
            _product("1", "Banana Boat Sport Sunscreen Lotion", brand="Banana Boat", synonyms=("banana boat",)),
            _product("2", "Seventh Generation Free & Clear Dish Liquid", brand="Seventh Generation"),
            _product("3", "Dawn Ultra Dish Soap", brand="Dawn"),
        ]
    )


@pytest.mark.parametrize("heard", ["bananas", "order some boat", "i need generation"])
def test_one_word_of_a_longer_brand_gives_a_suggestion_not_a_match(heard: str) -> None:
    # GIVEN sunscreen of the brand Banana Boat, dish liquid of Seventh Generation, and no bananas
    catalog = _brands_catalog()
    # WHEN a shopper says one word of a brand, and nothing of what the product is
    result = catalog.match(heard)
    # THEN no order conversation starts, yet the product is still offered as the nearest suggestion
    assert result.decision is Decision.NOT_FOUND
    assert result.best is not None
    assert result.best.product.id in {"1", "2"}


@pytest.mark.parametrize(
    ("heard", "expected_id"),
    [
        ("banana boat", "1"),
        ("order the boat sunscreen", "1"),
        ("seventh generation", "2"),
        ("generation dish liquid", "2"),
        ("dawn dish soap", "3"),
    ],
)
def test_a_whole_brand_or_part_of_one_with_the_product_is_a_match(heard: str, expected_id: str) -> None:
    # GIVEN the same products
    catalog = _brands_catalog()
    # WHEN the whole brand is said, or part of it with a word of the product itself
    result = catalog.match(heard)
    # THEN the product is matched
    assert result.decision is Decision.MATCHED
    assert result.best is not None and result.best.product.id == expected_id


@pytest.mark.parametrize(
    ("heard", "expected_id"),
    [
        ("order tied pods", "pp-0037"),
        ("order two county paper towels", "pp-0001"),
        ("i need some dawn", "pp-0014"),
        ("order huggies size five", "pp-0078"),
    ],
)
def test_noisy_requests_holding_a_word_as_said_still_match(demo: Catalog, heard: str, expected_id: str) -> None:
    # GIVEN a request where one word was misheard but another was heard as said
    # WHEN it is matched
    result = demo.match(heard)
    # THEN the product is matched with confidence
    assert result.decision is Decision.MATCHED
    assert result.best is not None
    assert result.best.product.id == expected_id


@pytest.mark.parametrize(
    "odd",
    [
        "",
        "   ",
        "\n\t",
        "paper towels " * 800,
        "x" * 10_000,
        "🧻🧻🧻",
        "ورق تواليت",
        "<speak>paper towels</speak>",
        '<speak><break time="1s"/></speak>',
        "\x00",
        "order order order",
        "the",
    ],
)
def test_bad_input_gives_a_typed_outcome_never_an_exception(demo: Catalog, odd: str) -> None:
    # GIVEN odd input, WHEN matched, THEN the outcome is a typed result with valid scores
    result = demo.match(odd)
    assert isinstance(result, MatchResult)
    assert result.decision in set(Decision)
    assert all(0.0 <= c.score <= 100.0 for c in result.candidates)


@pytest.mark.parametrize("odd", ["", "   ", "🧻🧻🧻", "ورق تواليت", '<speak><break time="1s"/></speak>'])
def test_input_without_words_is_not_found(demo: Catalog, odd: str) -> None:
    # GIVEN input with no usable word, WHEN matched, THEN nothing is found
    assert demo.match(odd).decision is Decision.NOT_FOUND


def test_ssml_looking_text_still_finds_the_product_inside(demo: Catalog) -> None:
    # GIVEN a product phrase wrapped in SSML tags, WHEN matched, THEN the tags are ignored
    result = demo.match("<speak>bounty paper towels</speak>")
    assert result.best is not None
    assert result.best.product.id == "pp-0001"


def test_limit_bounds_the_candidates_and_scores_are_ranked(demo: Catalog) -> None:
    # GIVEN a request many products fit, WHEN matched with limit 2 and with limit 5
    two = demo.match("dishwasher pods", limit=2)
    five = demo.match("cheddar cheese", limit=5)
    # THEN no more candidates than asked come back, best first
    assert len(two.candidates) <= 2
    scores = [c.score for c in five.candidates]
    assert scores == sorted(scores, reverse=True)


# ------------------------------------------------------------------------------------- small catalogs
def test_split_and_joined_words_match_either_way() -> None:
    # GIVEN products written joined and split
    catalog = Catalog(
        [_product("a", "Baking Soda Toothpowder"), _product("b", "Paper Towels"), _product("c", "Tooth Brush")]
    )
    # WHEN heard split where the name is joined, and joined where it is split
    # THEN each finds its product
    for heard, expected in [("tooth powder", "a"), ("papertowels", "b"), ("toothbrush", "c")]:
        best = catalog.match(heard).best
        assert best is not None
        assert best.product.id == expected


def test_a_misheard_name_is_found_by_sound() -> None:
    # GIVEN a catalog with sopressata and some distractors
    catalog = Catalog([_product("s", "Sliced Sopressata"), _product("p", "Pressed Juice"), _product("o", "Oat Milk")])
    # WHEN the recogniser splits the word into sounds
    result = catalog.match("order so press otta")
    # THEN sopressata is found
    assert result.best is not None
    assert result.best.product.id == "s"


def test_a_name_heard_as_several_sound_alike_words_is_found_by_their_joined_sound() -> None:
    # GIVEN seitan, a product holding the other word and the number as heard, and (as a real catalog
    # does) products with the everyday words "say" and "add"
    catalog = Catalog(
        [
            _product("s", "Traditional Ground Seitan"),
            _product("b", "Ground Bison 90/10"),
            _product("c", "Say Cheese Snack Crackers"),
            _product("a", "Add-Ins Trail Mix"),
        ]
    )
    # WHEN the recogniser heard "seitan" as real words that sound alike ("say add ten")
    result = catalog.match("can you order six ground say add ten")
    # THEN seitan goes first, and the count is still read
    assert result.best is not None
    assert result.best.product.id == "s"
    assert result.quantity == 6


def test_a_name_said_word_for_word_beats_one_that_only_sounds_like_its_words_together() -> None:
    # GIVEN a name said exactly, and one whose word sounds like two of the words said together
    catalog = Catalog([_product("t", "Sweet Tea Vanilla"), _product("s", "Sweetened Vanilla Almond Milk")])
    # WHEN the exact name is said
    result = catalog.match("order sweet tea vanilla")
    # THEN the exact name wins and is matched
    assert result.best is not None
    assert result.best.product.id == "t"
    assert result.decision is Decision.MATCHED


def test_words_split_at_other_boundaries_are_found_by_the_whole_spelling() -> None:
    # GIVEN a name and a distractor that holds more of the heard words as they were heard
    catalog = Catalog([_product("w", "Old Fashioned Natural Weiners"), _product("f", "Fashion Lashes Natural Lashes")])
    # WHEN the recogniser moved the word boundaries ("old fashioned" heard as "held fashion")
    result = catalog.match("held fashion natural liners")
    # THEN the name spelt like the whole phrase is suggested first, but not matched with confidence
    assert result.best is not None
    assert result.best.product.id == "w"
    assert result.decision is Decision.NOT_FOUND


def test_garbled_catalog_names_match_clean_speech() -> None:
    # GIVEN names with the dataset's double-encoding garbage
    catalog = Catalog(
        [_product("j", "Jalape+¦o Kettle Chips"), _product("r", "Ros+¬ Wine"), _product("k", "Kettle Chips")]
    )
    # WHEN asked in plain words, THEN the garbled names are found
    for heard, expected in [("jalapeno kettle chips", "j"), ("a bottle of rose wine", "r")]:
        best = catalog.match(heard).best
        assert best is not None
        assert best.product.id == expected


def test_products_holding_every_word_said_beat_shorter_partial_names() -> None:
    # GIVEN a long name holding every word said, and short names holding one of them
    catalog = Catalog(
        [_product("1", "Juice"), _product("2", "Grape Power Juice"), _product("3", "Organic Wheat Grass Juice Powder")]
    )
    # WHEN the shopper says the two words, THEN the product holding both wins
    best = catalog.match("a couple of juice powder").best
    assert best is not None
    assert best.product.id == "3"


def test_injected_scorer_and_processor_are_used() -> None:
    # GIVEN a processor that maps every word to itself reversed and a custom scorer
    calls: list[str] = []

    def scorer(a: str, b: str, **_: object) -> float:
        calls.append(b)
        return float(fuzz.ratio(a, b))

    catalog = Catalog([_product("1", "Paper Towels")], processor=normalise, scorer=scorer)
    # WHEN matching
    catalog.match("paper towels")
    # THEN the scorer was asked about the candidate's name
    assert calls == ["paper towel"]


def test_popularity_breaks_ties_between_equally_fitting_products() -> None:
    # GIVEN two products with the same fit, one more popular
    catalog = Catalog(
        [
            _product("a", "Whole Milk", popularity=0.2),
            _product("b", "Whole Milk Jug", popularity=0.9),
            _product("c", "Whole Milk Carton", popularity=0.95),
        ]
    )
    # WHEN matched on the words they share with different extra words
    result = catalog.match("whole milk carton")
    # THEN the one holding every word wins, and the ranking is by score
    assert result.best is not None
    assert result.best.product.id == "c"


# ------------------------------------------------------------------------------------- properties
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_demo_products_exact_name_ranks_it_first(demo: Catalog, data: st.DataObject) -> None:
    # GIVEN any product of the demo catalog
    product = data.draw(st.sampled_from(list(demo)))
    command = data.draw(st.sampled_from(["{}", "order two {}", "add {} to my cart", "can you get me some {}"]))
    # WHEN its exact name is heard, alone or wrapped in a command and a quantity
    result = demo.match(command.format(product.name))
    # THEN it (or a product with an identical normalised name) ranks first
    assert result.best is not None
    assert result.best.product.id in _same_name_ids(demo, product)


@pytest.mark.slow
def test_a_sample_of_instacart_names_rank_their_product_first(instacart: Catalog) -> None:
    # GIVEN a deterministic sample of the full Instacart catalog (50,000 products)
    by_key: dict[str, set[str]] = defaultdict(set)
    for p in instacart:
        by_key[normalise(p.name)].add(p.id)
    sample = random.Random(7).sample(list(instacart), 300)
    misses = []
    for product in sample:
        # WHEN each exact name is heard, and "order two <name>"
        for heard in (product.name, f"order two {product.name}"):
            result = instacart.match(heard)
            # THEN that product (or one with the identical normalised name) ranks first
            if result.best is None or result.best.product.id not in by_key[normalise(product.name)]:
                misses.append((heard, result.best.product.name if result.best else None))
    assert misses == []


@pytest.mark.slow
def test_instacart_misheard_brand_and_split_words_are_found(instacart: Catalog) -> None:
    # GIVEN the full Instacart catalog
    # WHEN heard with typical recognition errors
    cases = {
        "i want to buy some soft white light bulbs": "Soft White",
        "order two county paper towels": "Paper Towel",
        "add original mint baking soda tooth powder": "Toothpowder",
    }
    for heard, fragment in cases.items():
        result = instacart.match(heard)
        # THEN the best candidate holds the words meant
        assert result.best is not None
        assert fragment.lower() in result.best.product.name.lower(), heard


def test_an_injected_processor_normalises_names_and_heard_phrases_alike() -> None:
    # GIVEN a processor that also maps British spellings to the catalog's
    def processor(text: str) -> str:
        return normalise(text).replace("colour", "color")

    catalog = Catalog([_product("h", "Hair Color Black"), _product("s", "Shampoo")], processor=processor)
    # WHEN the shopper says the British spelling
    result = catalog.match("order hair colour")
    # THEN the processor made them meet
    assert result.best is not None
    assert result.best.product.id == "h"
    assert result.query == "hair color"


@pytest.mark.slow
def test_the_scorer_only_sees_a_few_dozen_candidates_of_the_full_catalog(instacart: Catalog) -> None:
    # GIVEN the 50,000-product catalog with a scorer that counts the names it is asked about
    seen: list[str] = []

    def counting(a: str, b: str, **_: object) -> float:
        seen.append(b)
        return float(fuzz.ratio(a, b))

    catalog = Catalog(list(instacart), scorer=counting)
    # WHEN a generic request is matched
    result = catalog.match("order two paper towels")
    # THEN the index narrowed the catalog to a few dozen names before scoring, and found towels
    assert 0 < len(seen) <= 100
    assert result.best is not None
    assert "paper towel" in result.best.product.name.lower()


# ------------------------------------------------------------------------------- sound (phone model)
_SOUNDS_ALIKE = [
    _product("cheerios", "Cheerios Cereal"),
    _product("pie", "Cherry Pie Filling"),
    _product("chair", "Chair Cushion"),
]


def test_a_name_heard_as_other_words_that_sound_like_it_goes_first() -> None:
    # GIVEN "cheerios" heard as "cheery oh's": "cheery" is spelt like "cherry", and no name holds "oh"
    heard = "order cheery oh's"
    # WHEN matched with and without the reranking by the learned phone model
    by_sound = Matcher(_SOUNDS_ALIKE).match(heard)
    by_words = Matcher(_SOUNDS_ALIKE, phone_weight=0.0).match(heard)
    # THEN the words alone put the cherry pie filling first, their sound the cereal
    assert by_words.best is not None and by_words.best.product.id == "pie"
    assert by_sound.best is not None and by_sound.best.product.id == "cheerios"
    # AND the cereal takes the first's score: a suggestion as sure as the word-level first, no surer
    assert by_sound.best.score == by_words.best.score


def test_a_first_holding_every_word_heard_is_never_moved_by_sound() -> None:
    # GIVEN a phrase whose every word the first name holds, and a model under which the other name, heard
    # as its K for the phrase's P, would score far above it
    model = PhoneModel({("K", "P"): 50.0})
    products = [_product("pie", "Cherry Pie"), _product("crust", "Cheerios Pie Crust")]
    # WHEN matched
    result = Matcher(products, phone_model=model).match("order cherry pie")
    # THEN the first stays
    assert result.best is not None and result.best.product.id == "pie"


# ------------------------------------------------------------------------------------------ decimals
def _decimal_sizes() -> Catalog:
    return Catalog(
        [
            _product("coke-1.5", "Coca-Cola Classic 1.5 L", size="1.5 l", unit="bottle"),
            _product("coke-2", "Coca-Cola Classic 2 L", size="2 l", unit="bottle"),
            _product("coke-12", "Coca-Cola Classic", size="12 pk 12 fl oz cans", unit="pack"),
            _product("vodka-1.75", "Tito's Handmade Vodka", size="1.75 l", unit="bottle"),
            _product("vodka-750", "Tito's Handmade Vodka 750 ml", size="750 ml", unit="bottle"),
            _product("breasts", "Perdue Chicken Breasts", size="1 lb", unit="lb"),
            _product("whole", "Whole Chicken", size="2.5 lb", unit="item"),
        ]
    )


@pytest.mark.parametrize(
    ("heard", "expected_id", "said"),
    [
        ("order a 1.5 liter coke", "coke-1.5", SaidCount(count=1, unit="l", measure=Decimal("1.5"))),
        ("one point five liter coke", "coke-1.5", SaidCount(count=1, unit="l", measure=Decimal("1.5"))),
        ("order coke 1.5 L", "coke-1.5", None),
        ("order two 1.5 liter cokes", "coke-1.5", SaidCount(count=2, unit="l", measure=Decimal("1.5"))),
        ("a 1.75 liter bottle of vodka", "vodka-1.75", SaidCount(count=1, unit="l", measure=Decimal("1.75"))),
        ("order 2.5 lb chicken", "whole", SaidCount(count=1, unit="lb", measure=Decimal("2.5"))),
    ],
)
def test_a_decimal_size_finds_the_product_of_that_size_with_no_count_made_of_it(
    heard: str, expected_id: str, said: SaidCount | None
) -> None:
    # GIVEN products whose names and sizes hold decimals (1.5 L, 1.75 l, 2.5 lb)
    catalog = _decimal_sizes()
    # WHEN a decimal size is said or typed
    result = catalog.match(heard)
    # THEN the product of that size is matched, and the count is what was said (never 2 of "2.5", nor 5 liters)
    assert result.decision is Decision.MATCHED
    assert result.best is not None and result.best.product.id == expected_id
    assert result.said == said


def test_a_decimal_count_of_things_is_no_order_for_a_count_of_them() -> None:
    # GIVEN chickens, WHEN "2.5 chickens" is heard
    result = _decimal_sizes().match("2.5 chickens")
    # THEN no count is read (neither two nor three): the count said is one of no whole number of chickens, for
    # the shopper to be asked how many, and the decimal is no part of the product asked for
    assert result.quantity is None
    assert result.said == SaidCount(count=1, fraction=Decimal("2.5"))
    assert result.query == "chicken"
