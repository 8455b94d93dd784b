from __future__ import annotations

from decimal import Decimal

import pytest

from catalog import (
    Candidate,
    Catalog,
    Choice,
    Decision,
    Product,
    joined_parts,
    list_parts,
    names_apart,
    resolve_choice,
    split_run,
    spoken_forms,
)


def _product(pid: str, name: str, **extra: object) -> Product:
    return Product(id=pid, name=name, price=Decimal("2.49"), category="test", **extra)  # type: ignore[arg-type]


OPTIONS = [
    _product("a", "Bounty Select-A-Size Paper Towels", brand="Bounty"),
    _product("b", "Brawny Tear-A-Square Paper Towels", brand="Brawny"),
    _product("c", "Charmin Ultra Soft Toilet Paper", brand="Charmin"),
]


@pytest.mark.parametrize(
    ("heard", "index"),
    [
        ("the first one", 0),
        ("first", 0),
        ("number one", 0),
        ("the second", 1),
        ("the second one please", 1),
        ("number two", 1),
        ("two", 1),
        ("the third one", 2),
        ("the last one", 2),
        ("last", 2),
        ("bounty", 0),
        ("the brawny ones", 1),
        ("county paper towels", 0),
        ("charmin", 2),
        ("the toilet paper", 2),
        ("brony", 1),
    ],
)
def test_a_reply_picks_the_option_meant(heard: str, index: int) -> None:
    # GIVEN three options read out, WHEN the shopper replies, THEN the option meant is chosen
    assert resolve_choice(heard, OPTIONS) == Choice(index=index, neither=False)


@pytest.mark.parametrize("heard", ["neither", "none of them", "neither of those", "no", "nope", "something else"])
def test_rejecting_every_option_is_understood(heard: str) -> None:
    # GIVEN options read out, WHEN the shopper rejects them all, THEN the choice says neither
    choice = resolve_choice(heard, OPTIONS)
    assert choice.neither is True
    assert choice.index is None


@pytest.mark.parametrize(
    "heard", ["", "   ", "paper towels", "the fifth one", "🧻", "<speak>hmm</speak>", "x" * 10_000]
)
def test_an_unclear_reply_chooses_nothing(heard: str) -> None:
    # GIVEN a reply that fits no single option (or two equally), WHEN resolved, THEN nothing is chosen
    assert resolve_choice(heard, OPTIONS) == Choice(index=None, neither=False)


@pytest.mark.parametrize("heard", ["both", "both of them", "all of them", "all", "both please", "remove both"])
def test_meaning_every_option_is_understood(heard: str) -> None:
    # GIVEN options read out, WHEN the shopper means all of them, THEN the choice says every one
    assert resolve_choice(heard, OPTIONS) == Choice(every=True)


@pytest.mark.parametrize("heard", ["all free clear", "both milks", "i want all the bounty"])
def test_a_name_holding_all_or_both_is_not_every_option(heard: str) -> None:
    # GIVEN options read out, WHEN the reply only holds "all" or "both" among other words, THEN it is not every one
    assert resolve_choice(heard, OPTIONS).every is False


@pytest.mark.parametrize(
    "heard", ["either one is fine", "either", "either one", "whichever", "any of them", "it doesn't matter", "you pick"]
)
def test_any_one_will_do_is_understood_and_is_not_neither(heard: str) -> None:
    # GIVEN options read out, WHEN the shopper says any one of them will do, THEN the choice says so, not neither
    choice = resolve_choice(heard, OPTIONS)
    assert choice.either is True
    assert choice == Choice(either=True)


@pytest.mark.parametrize("heard", ["i don't want either", "not either of them", "neither one"])
def test_refusing_either_one_is_neither(heard: str) -> None:
    assert resolve_choice(heard, OPTIONS) == Choice(neither=True)


@pytest.mark.parametrize(
    "heard", ["what's the difference", "what is the difference between them", "how much are they", "compare them"]
)
def test_asking_about_the_options_is_understood_as_a_question_not_a_pick(heard: str) -> None:
    choice = resolve_choice(heard, OPTIONS)
    assert choice.compare is True
    assert choice == Choice(compare=True)


SIZES = [
    _product("half", "Organic Whole Milk", size="0.5 gal", unit="carton", brand="Horizon Organic"),
    _product("gal", "Whole Milk", size="1 gal", unit="jug", brand="Good & Gather", synonyms=("store brand milk",)),
    _product("s1", "Swaddlers Diapers Size 1", size="84 ct", unit="box"),
    _product("s4", "Cruisers Diapers Size 4", size="62 ct", unit="box"),
]


@pytest.mark.parametrize(
    ("heard", "options", "index"),
    [
        ("the gallon", SIZES[:2], 1),
        ("the half gallon", SIZES[:2], 0),
        ("the one gallon", SIZES[:2], 1),
        ("the store brand", SIZES[:2], 1),
        ("horizon", SIZES[:2], 0),
        ("size one", SIZES[2:], 0),
        ("the size four", SIZES[2:], 1),
    ],
)
def test_an_option_is_picked_by_its_size_brand_or_synonym(heard: str, options: list[Product], index: int) -> None:
    # GIVEN options that differ by size, brand or a synonym, WHEN the reply names one that way, THEN it is picked
    assert resolve_choice(heard, options) == Choice(index=index)


def test_the_cheaper_one_picks_the_lowest_price_and_a_tie_picks_nothing() -> None:
    # GIVEN options at different prices, and two at the same lowest price
    priced = [
        Product(id="j", name="Jif Creamy Peanut Butter", price=Decimal("3.49"), category="pantry"),
        Product(id="s", name="Skippy Creamy Peanut Butter", price=Decimal("3.29"), category="pantry"),
    ]
    tied = [*priced, Product(id="p", name="Peter Pan Creamy Peanut Butter", price=Decimal("3.29"), category="pantry")]
    # WHEN the shopper asks for the cheaper (or cheapest) one
    # THEN the lowest-priced option is chosen; when two share it, the reply does not choose
    assert resolve_choice("the cheaper one", priced) == Choice(index=1, neither=False)
    assert resolve_choice("whichever is cheapest", priced).index == 1
    assert resolve_choice("the cheapest one", tied).index is None


def test_no_options_means_no_choice() -> None:
    # GIVEN no options, WHEN any reply is resolved, THEN nothing is chosen
    assert resolve_choice("the first one", []) == Choice()


def test_choice_is_frozen() -> None:
    # GIVEN a choice, WHEN it is changed, THEN it refuses
    choice = Choice(index=1)
    with pytest.raises(ValueError, match="frozen"):
        choice.index = 2  # type: ignore[misc]


def test_spoken_forms_hold_the_name_brandless_sizeless_forms_and_synonyms() -> None:
    # GIVEN a product with brand, size in its name, and synonyms
    product = _product(
        "p",
        "Bounty Select-A-Size Paper Towels 6 Double Rolls",
        brand="Bounty",
        size="6 double rolls",
        synonyms=("Paper Towels", "kitchen roll", "paper towels"),
    )
    # WHEN its spoken forms are listed
    forms = spoken_forms(product)
    # THEN the name comes first, then size-less and brand-less forms and synonyms, folded, no duplicates
    assert forms[0] == "bounty select a size paper towels 6 double rolls"
    assert "bounty select a size paper towels" in forms
    assert "select a size paper towels" in forms
    assert "paper towels" in forms
    assert "kitchen roll" in forms
    assert len(forms) == len(set(forms))
    assert all(f == f.lower().strip() and "  " not in f for f in forms)


def test_spoken_forms_repair_garbled_names_and_stay_short() -> None:
    # GIVEN a garbled, very long name
    product = _product("g", "Jalape+¦o Kettle Chips " + "Extra Crunchy " * 20)
    # WHEN its spoken forms are listed
    forms = spoken_forms(product)
    # THEN each is at most 140 characters, cut at a word, and the garbage is repaired
    assert forms
    assert all(len(f) <= 140 for f in forms)
    assert forms[0].startswith("jalapeno kettle chips extra crunchy")
    assert not forms[0].endswith(" ")


def test_spoken_forms_of_a_demo_product_are_all_distinct_and_non_empty(demo: object) -> None:
    # GIVEN the demo catalog, WHEN every product's spoken forms are listed, THEN none is empty
    from catalog import Catalog

    assert isinstance(demo, Catalog)
    for product in demo:
        forms = spoken_forms(product)
        assert forms
        assert all(forms) and len(set(forms)) == len(forms)


def _names_apart(catalog: Catalog, phrase: str) -> bool:
    """What a spoken list's parts and its whole phrase match in ``catalog``, weighed by ``names_apart``."""
    whole = catalog.match(phrase, limit=3)
    assert whole.best is not None and whole.decision is not Decision.NOT_FOUND, phrase
    parts = [catalog.match(part, limit=3) for part in list_parts(phrase)]
    return names_apart(whole.best, [part.best if part.decision is not Decision.NOT_FOUND else None for part in parts])


@pytest.mark.parametrize(
    ("phrase", "apart"),
    [
        # products that share a word: the whole phrase fits one of them only by its words
        ("coffee and coffee filters", True),
        ("paper towels and toilet paper", True),
        ("toilet paper and paper towels", True),
        ("coffee pods and coffee", True),
        ("pasta and pasta sauce", True),
        ("dog food and cat food", True),
        ("cat food and cat litter", True),
        ("bread and coffee", True),
        # one product whose name holds "and"
        ("mac and cheese", False),
        ("macaroni and cheese", False),
        ("kraft macaroni and cheese", False),
        ("arm and hammer detergent", False),
        ("head and shoulders shampoo", False),
        ("tide free and clear", False),
        ("chicken and rice dog food", False),
        ("johnson and johnson baby shampoo", False),
    ],
)
def test_a_list_of_demo_products_is_told_from_one_product_named_with_and(
    demo: Catalog, phrase: str, apart: bool
) -> None:
    # GIVEN the demo catalog and a phrase with "and" that fits a product as a whole
    # WHEN the whole phrase and each part are matched and weighed
    # THEN the parts name products apart exactly when each fits its own product clearly better
    assert _names_apart(demo, phrase) is apart


@pytest.mark.slow
@pytest.mark.parametrize(
    ("phrase", "apart"),
    [
        ("coffee and coffee filters", True),
        ("milk and eggs", True),  # not "Milk Chocolate Eggs"
        ("eggs and bacon", True),  # not "Egg And Bacon Burritos"
        ("milk and cookies", True),
        ("apples and oranges", True),
        ("dog food and cat food", True),
        ("toilet paper and paper towels", True),
        ("mac and cheese", False),
        ("macaroni and cheese", False),
        ("peanut butter and jelly", False),
        ("salt and vinegar chips", False),
        ("shampoo and conditioner", False),
        ("half and half", False),
        ("fish and chips", False),
        ("strawberries and cream", False),
        ("chicken and rice dog food", False),
    ],
)
def test_a_list_of_instacart_products_is_told_from_one_product_named_with_and(
    instacart: Catalog, phrase: str, apart: bool
) -> None:
    # GIVEN the 50,000-product Instacart catalog, whose names often hold "and" ("Salt & Vinegar Chips")
    # WHEN the whole phrase and each part are matched and weighed
    # THEN a list is told from one product named with "and"
    assert _names_apart(instacart, phrase) is apart


def _first_found(catalog: Catalog, phrase: str) -> Candidate | None:
    result = catalog.match(phrase, limit=3)
    return result.best if result.decision is not Decision.NOT_FOUND else None


@pytest.mark.parametrize(
    ("part", "runs"),
    [
        ("eggs butter", ["eggs", "butter"]),
        ("coffee bread", ["coffee", "bread"]),  # matched store-brand coffee pods ("brand" spelt like "bread")
        ("cat litter cat food", ["cat litter", "cat food"]),
        ("dunkin coffee daves bread", ["dunkin coffee", "daves bread"]),
        ("nature nates honey daves killer bread", ["nature nates honey", "daves killer bread"]),
        ("two eggs butter", ["two eggs", "butter"]),
        # one product, said in full or misheard: never cut
        ("bounty paper towels", None),
        ("county paper towels", None),
        ("organic whole milk", None),
        ("kraft mac cheese", None),
        ("toilet paper", None),
        ("dawn soap blue", None),
    ],
)
def test_products_said_one_after_another_without_and_are_cut_where_each_names_its_own(
    demo: Catalog, part: str, runs: list[str] | None
) -> None:
    # GIVEN a part of a spoken list and what it finds as a whole
    whole = demo.match(part, limit=3).best
    # WHEN it is cut into runs that each name a product holding their words, clearly better than the whole
    cut = split_run(part, whole.score if whole else 0.0, lambda words: _first_found(demo, words), demo.holding, most=5)
    # THEN the fewest such runs are taken, and a part naming one product is left whole
    assert cut == runs


def test_a_part_is_never_cut_into_more_runs_than_allowed(demo: Catalog) -> None:
    # GIVEN three products said without "and", where only two more may be listed
    part = "eggs butter cheese"
    # WHEN it is cut with room for two, THEN it is not cut at all (rather than into three)
    fit = lambda words: _first_found(demo, words)  # noqa: E731
    assert split_run(part, 0.0, fit, demo.holding, most=3) == ["eggs", "butter", "cheese"]
    assert split_run(part, 0.0, fit, demo.holding, most=2) is None


@pytest.mark.parametrize(
    ("phrase", "parts"),
    [
        (
            "peanut butter and arm and hammer laundry detergent and daves killer bread",
            ["peanut butter", "arm and hammer laundry detergent", "daves killer bread"],
        ),
        ("up and up toilet paper and arm and hammer detergent", ["up and up toilet paper", "arm and hammer detergent"]),
        ("milk and tide free and clear and bread", ["milk", "tide free and clear", "bread"]),
        ("johnson and johnson baby shampoo and milk", ["johnson and johnson baby shampoo", "milk"]),
        # a list of products, even when they share words or the whole fits one of them
        ("milk and eggs and bread", ["milk", "eggs", "bread"]),
        ("coffee and coffee filters and milk", ["coffee", "coffee filters", "milk"]),
        ("dog food and cat food and cat litter", ["dog food", "cat food", "cat litter"]),
        ("peanut butter and arm", ["peanut butter", "arm"]),  # the whole phrase is weighed on its own
        # parts that name nothing on their own are one name, as a whole phrase is, though the catalog has none
        ("milk and half and half", ["milk", "half and half"]),
        ("half and half and eggs and bread", ["half and half", "eggs", "bread"]),
    ],
)
def test_adjacent_parts_of_a_list_that_name_one_product_are_joined_back(
    demo: Catalog, phrase: str, parts: list[str]
) -> None:
    # GIVEN a list cut at every "and", also inside names
    # WHEN runs of adjacent parts are weighed against what they find together
    joined = joined_parts(list_parts(phrase), lambda words: _first_found(demo, words))
    # THEN only the runs that name one product, holding a word of each part, are one part again
    assert joined == parts
