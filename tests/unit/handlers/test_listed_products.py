"""Several products in one request ("order milk and eggs"), through the real skill."""

from __future__ import annotations

import pytest

from skill.bootstrap import Services
from skill.clock import SimulatedClock
from skill.local.console import Console
from tests.fakes import FakeShopperStore
from tests.seed import seed_orders

DAWN = "pp-0014"  # Dawn Ultra Dish Soap Original Scent, $3.79
TIDE = "pp-0037"  # Tide PODS
SKIPPY = "pp-0122"  # Skippy Creamy Peanut Butter, $3.29
JIF = "pp-0120"  # Jif Creamy Peanut Butter
BOUNTY = "pp-0001"  # Bounty Select-A-Size Paper Towels
CHARMIN = "pp-0004"  # Charmin Ultra Soft Toilet Paper
FOLGERS = "pp-0096"  # Folgers Classic Roast Ground Coffee
COFFEE_FILTERS = "pp-0206"  # Mr. Coffee Basket Coffee Filters


@pytest.fixture
def shopper_id(console: Console) -> str:
    return console.envelopes.user_id


def _lines(store: FakeShopperStore) -> list[list[tuple[str, int]]]:
    return [[(line.product_id, line.quantity) for line in order.lines] for order in store.orders.values()]


def test_two_products_in_one_request_are_confirmed_together_and_ordered_in_one_order(
    console: Console, store: FakeShopperStore
) -> None:
    console.say("open pantry pal")
    # WHEN the shopper asks for two products the skill is sure of
    proposal = console.say("order two tide pods and dawn dish soap")
    # THEN one read-back lists both, with their counts and the total, and asks once
    assert proposal.speech.startswith("Your order would be two ")
    assert "Tide" in proposal.speech and "one bottle of Dawn Ultra Dish Soap Original Scent" in proposal.speech
    assert proposal.speech.endswith("with tax. Should I order them?")
    assert store.orders == {}
    # WHEN they say yes, THEN one order holds both lines
    console.say("yes")
    assert [sorted(lines) for lines in _lines(store)] == [sorted([(TIDE, 2), (DAWN, 1)])]


def test_no_to_several_products_orders_none_of_them(console: Console, store: FakeShopperStore) -> None:
    console.say("open pantry pal")
    console.say("order tide pods and dawn dish soap")
    # WHEN the shopper says no
    reply = console.say("no")
    # THEN nothing is ordered, and the answer speaks of them all
    assert reply.speech == "Okay, I won't order them. What else can I do?"
    assert store.orders == {}


def test_several_products_added_to_the_cart_are_all_added(
    console: Console, store: FakeShopperStore, shopper_id: str
) -> None:
    console.say("open pantry pal")
    # WHEN the shopper adds two products in one breath
    reply = console.say("add tide pods and dawn dish soap to my cart")
    # THEN both are in the cart, nothing is ordered, and the reply names both
    assert reply.speech.startswith("I've added one ")
    assert "Dawn Ultra Dish Soap Original Scent" in reply.speech and "Tide" in reply.speech
    assert sorted((line.product_id, line.quantity) for line in store.carts[shopper_id].lines) == [(DAWN, 1), (TIDE, 1)]
    assert store.orders == {}


def test_when_one_listed_product_needs_a_question_they_come_one_at_a_time(
    console: Console, store: FakeShopperStore
) -> None:
    console.say("open pantry pal")
    # WHEN one of the products asked for is ambiguous ("peanut butter": Jif or Skippy)
    reply = console.say("order peanut butter and dawn dish soap")
    # THEN the shopper hears they come one at a time, and the first is asked about
    assert reply.speech.startswith("Let's take those one at a time, starting with peanut butter. Did you mean ")
    assert store.orders == {}


def test_a_product_whose_name_holds_and_stays_one_product(console: Console) -> None:
    console.say("open pantry pal")
    # WHEN a product named with "and" is asked for
    reply = console.say("order kraft macaroni and cheese")
    # THEN it is read back alone
    assert reply.speech.startswith("Kraft Macaroni & Cheese Dinner Original, one box,")


def test_a_phrase_with_and_that_fits_several_products_asks_between_them(console: Console) -> None:
    console.say("open pantry pal")
    # WHEN "mac and cheese" fits two products (Kraft, Annie's)
    reply = console.say("order mac and cheese")
    # THEN the skill asks which, rather than splitting it into "mac" and "cheese"
    assert reply.speech.startswith("Did you mean ")
    assert "Mac" in reply.speech and "one at a time" not in reply.speech


def test_two_products_that_share_a_word_are_both_read_back(console: Console, store: FakeShopperStore) -> None:
    console.say("open pantry pal")
    # WHEN the shopper lists coffee and coffee filters (the whole phrase fits the filters by its words)
    reply = console.say("order coffee and coffee filters")
    # THEN both are read back together, the coffee too
    assert reply.speech.startswith("Your order would be one canister of Folgers Classic Roast Ground Coffee and ")
    assert "Mr. Coffee Basket Coffee Filters" in reply.speech and reply.speech.endswith("Should I order them?")
    # WHEN they say yes, THEN one order holds both
    console.say("yes")
    assert [sorted(lines) for lines in _lines(store)] == [sorted([(FOLGERS, 1), (COFFEE_FILTERS, 1)])]


def test_a_list_whose_products_share_a_word_is_not_one_question_about_both(
    console: Console, store: FakeShopperStore, shopper_id: str
) -> None:
    console.say("open pantry pal")
    # WHEN the shopper adds paper towels and toilet paper (each fits two products; both hold "paper")
    reply = console.say("add paper towels and toilet paper to my cart")
    # THEN they come one at a time, the paper towels first, not "paper towels or toilet paper?"
    assert reply.speech == (
        "Let's take those one at a time, starting with paper towels. "
        "Did you mean Bounty Select-A-Size Paper Towels or Brawny Tear-A-Square Paper Towels?"
    )
    assert shopper_id not in store.carts or store.carts[shopper_id].is_empty


def test_a_new_request_while_a_choice_is_open_is_a_new_request(console: Console) -> None:
    console.say("open pantry pal")
    console.say("order peanut butter")
    # WHEN, instead of choosing, the shopper asks for something else
    reply = console.say("order dawn dish soap")
    # THEN that is what the skill proposes
    assert reply.speech.startswith("Dawn Ultra Dish Soap Original Scent, one bottle,")


def test_a_list_reads_the_purchase_history_once(
    console: Console, store: FakeShopperStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    console.say("open pantry pal")
    reads: list[str] = []
    recent_orders = store.recent_orders

    def counting(shopper_id: str, *, limit: int = 3) -> object:
        reads.append(shopper_id)
        return recent_orders(shopper_id, limit=limit)

    monkeypatch.setattr(store, "recent_orders", counting)
    # WHEN a request lists three products (each matched against the shopper's history)
    console.say("order tide pods, dawn dish soap and bounty paper towels")
    # THEN the history was read from storage once for the whole request
    assert len(reads) == 1


def test_after_the_first_of_a_list_is_ordered_the_next_is_read_back_for_its_own_yes(
    console: Console, store: FakeShopperStore
) -> None:
    console.say("open pantry pal")
    # GIVEN a list taken one at a time ("peanut butter": Jif or Skippy), the first picked and read back
    console.say("order peanut butter and dawn dish soap")
    console.say("the second one")
    # WHEN the shopper says yes to the peanut butter
    reply = console.say("yes")
    # THEN it is ordered, and the dish soap is read back next, waiting for its own yes
    assert reply.speech.startswith("Done. I've ordered one jar of Skippy Creamy Peanut Butter, for $3.58.")
    assert reply.speech.endswith(
        "Next, dawn dish soap. Dawn Ultra Dish Soap Original Scent, one bottle, at $3.79 each. "
        "That's $4.13 with tax. Should I order it?"
    )
    assert _lines(store) == [[(SKIPPY, 1)]]
    # WHEN they say yes again, THEN the dish soap is ordered too, in an order of its own
    done = console.say("yes")
    assert done.speech.startswith("Done. I've ordered one bottle of Dawn Ultra Dish Soap Original Scent")
    assert "Next," not in done.speech
    assert _lines(store) == [[(SKIPPY, 1)], [(DAWN, 1)]]


def test_a_list_added_to_the_cart_goes_on_to_the_next_product_after_a_choice(
    console: Console, store: FakeShopperStore, shopper_id: str
) -> None:
    console.say("open pantry pal")
    # GIVEN paper towels and toilet paper being added one at a time (each fits several products)
    console.say("add paper towels and toilet paper to my cart")
    # WHEN the shopper picks the first paper towels
    reply = console.say("the first one")
    # THEN those are added, and the toilet paper is asked about next
    assert reply.speech.startswith("I've added one pack of Bounty Select-A-Size Paper Towels to your cart.")
    assert "Next, toilet paper. Did you mean Charmin Ultra Soft Toilet Paper, " in reply.speech
    # WHEN they pick the first toilet paper, THEN both are in the cart and nothing is ordered
    console.say("the first one")
    assert sorted((line.product_id, line.quantity) for line in store.carts[shopper_id].lines) == [
        (BOUNTY, 1),
        (CHARMIN, 1),
    ]
    assert store.orders == {}


def test_declining_a_product_of_a_list_goes_on_to_the_next_and_orders_nothing(
    console: Console, store: FakeShopperStore
) -> None:
    console.say("open pantry pal")
    console.say("order peanut butter and dawn dish soap and bounty paper towels")
    # WHEN the shopper wants neither peanut butter
    skipped = console.say("neither")
    # THEN the dish soap is read back next
    assert skipped.speech.startswith("Okay, I'll skip that one. Next, dawn dish soap. Dawn Ultra Dish Soap ")
    # WHEN they say no to it, THEN the paper towels come next
    declined = console.say("no")
    assert declined.speech.startswith("Okay, I won't order it. Next, bounty paper towels. Bounty Select-A-Size ")
    assert declined.speech.endswith("Should I order it?")
    # WHEN they say no to the last one too, THEN the list is done and nothing was ordered
    last = console.say("no")
    assert last.speech == "Okay, I won't order it. What else can I do?"
    assert store.orders == {}


def test_stop_in_the_middle_of_a_list_ends_it_and_orders_nothing_more(
    console: Console, store: FakeShopperStore
) -> None:
    console.say("open pantry pal")
    console.say("order peanut butter and dawn dish soap")
    console.say("the first one")
    # WHEN the shopper says stop while the first product is read back
    reply = console.say("stop")
    # THEN the session ends, and they hear that neither it nor the rest was ordered
    assert reply.speech == "Okay, I haven't ordered that, or the rest of your list. Goodbye."
    assert reply.ends_session
    assert store.orders == {}


def test_a_new_request_in_the_middle_of_a_list_joins_its_end_and_the_choice_stays_open(
    console: Console, store: FakeShopperStore
) -> None:
    console.say("open pantry pal")
    choice = console.say("order peanut butter and dawn dish soap")
    # WHEN, instead of choosing, the shopper orders something else
    reply = console.say("order bounty paper towels")
    # THEN it joins the end of the list, and the choice is asked again, still open
    assert reply.speech.startswith("Okay, I've added bounty paper towels to the end of your list. Did you mean ")
    assert reply.reprompt == choice.reprompt
    # AND the list goes on in its order, each product with its own yes
    assert console.say("the second one").speech.startswith("Skippy Creamy Peanut Butter, one jar")
    assert console.say("yes").speech.endswith("Next, dawn dish soap. Dawn Ultra Dish Soap Original Scent, one "
                                              "bottle, at $3.79 each. That's $4.13 with tax. Should I order it?")
    assert "Next, bounty paper towels. Bounty Select-A-Size Paper Towels, one pack" in console.say("yes").speech
    assert console.say("yes").speech.startswith("Done. I've ordered one pack of Bounty Select-A-Size Paper Towels")
    assert _lines(store) == [[(SKIPPY, 1)], [(DAWN, 1)], [(BOUNTY, 1)]]


def test_stop_at_the_last_product_of_a_list_says_only_that_one_was_not_ordered(
    console: Console, store: FakeShopperStore
) -> None:
    console.say("open pantry pal")
    # GIVEN the first product of a list ordered, and the last one read back
    console.say("order peanut butter and dawn dish soap")
    console.say("the first one")
    console.say("yes")
    # WHEN the shopper says stop
    reply = console.say("stop")
    # THEN they hear that this one was not ordered (not "nothing"), and the first order stands
    assert reply.speech == "Okay, I haven't ordered that. Goodbye."
    assert _lines(store) == [[(JIF, 1)]]


@pytest.mark.parametrize("said", ["skip", "next"])
def test_skip_at_a_product_of_a_list_goes_on_to_the_next_and_keeps_the_list(
    console: Console, store: FakeShopperStore, said: str
) -> None:
    console.say("open pantry pal")
    # GIVEN a list taken one at a time, its first product asked about ("peanut butter": Jif or Skippy)
    console.say("order peanut butter and dawn dish soap and bounty paper towels")
    # WHEN the shopper says "skip" (or "next") to it, and again to the dish soap read back next
    first = console.say(said)
    second = console.say(said)
    # THEN each time they hear which product was skipped, and the next one of the list is asked about
    assert first.speech.startswith("Okay, I'll skip peanut butter. Next, dawn dish soap. Dawn Ultra Dish Soap ")
    assert second.speech.startswith("Okay, I'll skip dawn dish soap. Next, bounty paper towels. Bounty Select-A-Size")
    assert second.speech.endswith("Should I order it?")
    # AND the last one is still the shopper's to order, and only it is ordered
    console.say("yes")
    assert _lines(store) == [[(BOUNTY, 1)]]


def test_skip_at_the_last_product_of_a_list_says_so_and_orders_nothing_more(
    console: Console, store: FakeShopperStore
) -> None:
    console.say("open pantry pal")
    # GIVEN the first product of a list ordered, and the last one read back
    console.say("order peanut butter and dawn dish soap")
    console.say("the first one")
    console.say("yes")
    # WHEN the shopper says "next"
    reply = console.say("next")
    # THEN they hear it was skipped and the list is done; only the first order stands
    assert reply.speech == (
        "Okay, I'll skip dawn dish soap. That was the last one on your list. What else can I do?"
    )
    assert not reply.ends_session
    assert _lines(store) == [[(JIF, 1)]]


_DAWN_READ_BACK = (
    "Dawn Ultra Dish Soap Original Scent, one bottle, at $3.79 each. That's $4.13 with tax. Should I order it?"
)


@pytest.mark.parametrize(
    ("answer", "lead"),
    [
        (lambda console: console.say("maybe"), "That's okay."),
        (
            lambda console: console.say("help"),
            "You can answer my question, or ask for something else, like, what's in my cart.",
        ),
        (lambda console: console.say("not yet"), "I can't keep that for later, but you can say no for now."),
        (
            lambda console: console.send(console.envelopes.intent("AMAZON.FallbackIntent")),
            "Sorry, I didn't catch that.",
        ),
    ],
    ids=["maybe", "help", "not-yet", "fallback"],
)
@pytest.mark.parametrize("settle_first", ["yes", "skip"], ids=["after-an-order", "after-a-skip"])
def test_a_question_of_a_list_asked_again_leaves_out_the_news_said_before_it(
    console: Console, store: FakeShopperStore, answer: object, lead: str, settle_first: str
) -> None:
    # GIVEN a list taken one at a time, its first product ordered (or skipped), then the next one read back
    console.say("open pantry pal")
    console.say("order peanut butter and dawn dish soap")
    if settle_first == "yes":
        console.say("the first one")
    next_asked = console.say(settle_first)
    assert next_asked.speech.endswith(f"Next, dawn dish soap. {_DAWN_READ_BACK}")
    orders_before = len(store.orders)
    # WHEN the shopper answers with no yes or no
    reply = answer(console)  # type: ignore[operator]
    # THEN only the pending question is asked again, with its name and money: not the news said before it
    assert reply.speech == f"{lead} {_DAWN_READ_BACK} Please say yes or no."
    assert reply.reprompt == next_asked.reprompt
    # AND asked again, it is still only the question; a yes orders the dish soap, once
    assert console.say("help").speech.endswith(f"{_DAWN_READ_BACK} Please say yes or no.")
    assert console.say("say that again").speech == _DAWN_READ_BACK
    assert console.say("yes").speech.startswith("Done. I've ordered one bottle of Dawn Ultra Dish Soap")
    assert len(store.orders) == orders_before + 1


def test_say_that_again_right_after_the_news_repeats_the_whole_answer(console: Console) -> None:
    # GIVEN the first product of a list ordered, and the next one read back in the same answer
    console.say("open pantry pal")
    console.say("order peanut butter and dawn dish soap")
    console.say("the first one")
    done_and_next = console.say("yes")
    # WHEN the shopper asks to hear that again
    again = console.say("say that again")
    # THEN they hear all of it again, as "say that again" asks: the order placed, then the next question
    assert again.speech == done_and_next.speech
    assert again.speech.startswith("Done. I've ordered one jar of Jif Creamy Peanut Butter")
    # AND asked about the question after that, they hear only the question, not the order placed again
    assert console.say("how much is that").speech == _DAWN_READ_BACK
    assert console.say("maybe").speech == f"That's okay. {_DAWN_READ_BACK} Please say yes or no."


# --- products said one after another without "and" ------------------------------------------------------

EGGLANDS = "pp-0173"  # Eggland's Best Large White Eggs
KERRYGOLD = "pp-0176"  # Kerrygold Pure Irish Salted Butter
TILLAMOOK = "pp-0182"  # Tillamook Sharp Cheddar Cheese
WHEAT_BREAD = "pp-0186"  # Nature's Own Honey Wheat Bread
DUNKIN = "pp-0101"  # Dunkin' Original Blend Ground Coffee
DAVES = "pp-0188"  # Dave's Killer Bread 21 Whole Grains and Seeds
HONEY = "pp-0124"  # Nature Nate's 100% Pure Raw & Unfiltered Honey


@pytest.mark.parametrize(
    ("said", "ordered"),
    [
        ("order coffee bread and honey", [FOLGERS, WHEAT_BREAD, HONEY]),
        ("order dunkin coffee dave's bread and nature nates honey", [DUNKIN, DAVES, HONEY]),
    ],
    ids=["coffee-bread", "dunkin-coffee-daves-bread"],
)
def test_products_said_without_and_between_them_are_each_ordered(
    console: Console, store: FakeShopperStore, said: str, ordered: list[str]
) -> None:
    console.say("open pantry pal")
    # WHEN the shopper lists three products with "and" only before the last ("coffee bread and honey")
    reply = console.say(said)
    assert reply.speech.startswith("Your order would be one ") and reply.speech.endswith("Should I order them?")
    # THEN a yes orders all three, one of each: none dropped, none split into more products
    console.say("yes")
    assert [sorted(lines) for lines in _lines(store)] == [sorted((product, 1) for product in ordered)]


def test_products_said_without_and_come_one_at_a_time_as_said_when_one_needs_a_question(console: Console) -> None:
    console.say("open pantry pal")
    # WHEN "cat litter cat food and cat treats" is said (each litter and food fits several products)
    reply = console.say("order cat litter cat food and cat treats")
    # THEN the first product is the cat litter alone, not "cat litter cat food"
    assert reply.speech.startswith("Let's take those one at a time, starting with cat litter. Did you mean ")
    # WHEN the first litter is picked and ordered, THEN the cat food comes next, then the treats
    console.say("the first one")
    food = console.say("yes")
    assert "Next, cat food. Did you mean " in food.speech
    console.say("the first one")
    treats = console.say("yes")
    assert "Next, cat treats. Temptations Classic Tasty Chicken Cat Treats, one tub" in treats.speech


def test_a_product_matched_by_habit_does_not_swallow_the_next_one_said_without_and(
    console: Console, store: FakeShopperStore, services: Services, clock: SimulatedClock, shopper_id: str
) -> None:
    # GIVEN a shopper who buys Eggland's eggs, Kerrygold butter and Tillamook sharp cheddar every week (their
    # habit lifts the eggs for "eggs butter" as a whole)
    weekly = {EGGLANDS: 1, KERRYGOLD: 1, TILLAMOOK: 1}
    seed_orders(services, clock, shopper_id, [(3 + 7 * week, weekly) for week in range(4)])
    console.say("open pantry pal")
    # WHEN they list eggs, butter and cheese with one "and"
    reply = console.say("order eggs butter and cheese")
    # THEN the butter is read back with the eggs and the cheese, and a yes orders all three
    assert reply.speech.startswith(
        "Your order would be one carton of Eggland's Best Large White Eggs, one pack of Kerrygold Pure Irish Salted "
        "Butter and one block of Tillamook Sharp Cheddar Cheese, for "
    )
    orders_before = len(store.orders)
    console.say("yes")
    assert len(store.orders) == orders_before + 1
    assert sorted(_lines(store)[-1]) == sorted([(EGGLANDS, 1), (KERRYGOLD, 1), (TILLAMOOK, 1)])


# --- a name holding "and" inside a longer list ------------------------------------------------------------

UP_AND_UP_TOILET_PAPER = "pp-0008"  # up & up Everyday Soft Toilet Paper
ARM_AND_HAMMER_DETERGENT = "pp-0042"  # Arm & Hammer Clean Burst Liquid Laundry Detergent


def test_a_brand_with_and_inside_a_longer_list_stays_one_product(console: Console, store: FakeShopperStore) -> None:
    console.say("open pantry pal")
    # WHEN a list of three holds a brand with "and" ("arm and hammer") and its first product needs a choice
    reply = console.say("order peanut butter and arm and hammer laundry detergent and dave's killer bread")
    assert reply.speech.startswith("Let's take those one at a time, starting with peanut butter. Did you mean ")
    console.say("the first one")
    # THEN after the peanut butter is ordered, the detergent comes next, whole: not "arm", then "hammer ..."
    detergent = console.say("yes")
    assert "Next, arm and hammer laundry detergent. Arm & Hammer Clean Burst Liquid Laundry Detergent, one jug" in (
        detergent.speech
    )
    bread = console.say("yes")
    assert "Next, dave's killer bread. Dave's Killer Bread 21 Whole Grains and Seeds, one loaf" in bread.speech
    console.say("yes")
    assert _lines(store) == [[(JIF, 1)], [(ARM_AND_HAMMER_DETERGENT, 1)], [("pp-0188", 1)]]


def test_two_brands_with_and_in_one_list_are_both_added_to_the_cart(
    console: Console, store: FakeShopperStore, shopper_id: str
) -> None:
    console.say("open pantry pal")
    # WHEN both products of a list are named by brands holding "and"
    reply = console.say("add up and up toilet paper and arm and hammer detergent to my cart")
    # THEN both are added at once, and nothing else
    assert reply.speech.startswith("I've added one pack of up & up Everyday Soft Toilet Paper and one jug of Arm & ")
    assert sorted((line.product_id, line.quantity) for line in store.carts[shopper_id].lines) == [
        (UP_AND_UP_TOILET_PAPER, 1),
        (ARM_AND_HAMMER_DETERGENT, 1),
    ]


def test_half_and_half_inside_a_list_is_one_product_never_half_then_half(console: Console) -> None:
    console.say("open pantry pal")
    # WHEN a list holds half and half (which the demo catalog does not sell) before another product
    reply = console.say("order half and half and dawn dish soap")
    # THEN half and half is one product, looked for as said and not found, and the list goes on to the soap
    assert reply.speech.startswith(
        "Let's take those one at a time, starting with half and half. Sorry, I couldn't find half and half. "
        "Next, dawn dish soap. Dawn Ultra Dish Soap Original Scent, one bottle"
    )
    assert "find half." not in reply.speech


def test_half_and_half_after_another_product_comes_next_whole(console: Console) -> None:
    console.say("open pantry pal")
    console.say("order milk and half and half")
    console.say("the first one")
    # WHEN the milk is ordered, THEN half and half comes next, once and whole, and nothing else follows it
    done = console.say("yes")
    assert done.speech.endswith(
        "Next, half and half. Sorry, I couldn't find half and half. What would you like instead?"
    )


# --- a long product phrase in a list is named, never "that" -----------------------------------------------

LONG_DEODORANT = "dove advanced care antiperspirant deodorant original clean scent"  # nine words
LONG_DEODORANT_NAMED = "dove advanced care antiperspirant deodorant original clean"


def test_the_next_product_of_a_list_is_named_when_its_phrase_is_long(console: Console) -> None:
    console.say("open pantry pal")
    # GIVEN a list whose second product was said in nine words, and its first product, which needed a choice
    console.say(f"order milk and {LONG_DEODORANT}")
    console.say("the first one")
    # WHEN the milk is ordered
    done = console.say("yes")
    # THEN the next product is named by its first words, never "Next, that."
    assert f"Next, {LONG_DEODORANT_NAMED}. Dove Advanced Care Antiperspirant Deodorant Original Clean, one" in (
        done.speech
    )
    assert "Next, that." not in done.speech


def test_a_list_taken_one_at_a_time_names_its_first_product_when_its_phrase_is_long(console: Console) -> None:
    console.say("open pantry pal")
    # WHEN the first product of a list that needs a question was said in nine words
    reply = console.say(f"order {LONG_DEODORANT} and milk")
    # THEN the shopper hears which product comes first, by its first words
    assert reply.speech.startswith(f"Let's take those one at a time, starting with {LONG_DEODORANT_NAMED}. ")


def test_the_rest_of_a_list_left_unordered_by_a_lock_is_named_when_its_phrase_is_long(
    console: Console, services: Services, shopper_id: str
) -> None:
    # GIVEN orders need a voice code, and a list whose first product waits for it
    services.shopping.set_voice_code(shopper_id, "4321")
    console.say("open pantry pal")
    console.say(f"order peanut butter and {LONG_DEODORANT}")
    console.say("the first one")
    console.say("yes")
    # WHEN three wrong codes lock voice ordering
    for wrong in ("1111", "2222"):
        console.say(wrong)
    locked = console.say("3333")
    # THEN the shopper hears which product of the list was not ordered, by its first words
    assert f"or the rest of your list: {LONG_DEODORANT_NAMED}. " in locked.speech
    # AND after the product at the code is offered for the cart, the next is named the same way
    assert f"Next, {LONG_DEODORANT_NAMED}. " in console.say("no").speech


@pytest.mark.usefixtures("ordered_before")
def test_a_launch_reads_the_shoppers_orders_once_for_its_products_and_its_unreported_orders(
    console: Console, store: FakeShopperStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    # GIVEN a shopper who has ordered before, every read of their recent orders counted
    reads: list[int] = []
    recent_orders = store.recent_orders

    def counting(shopper_id: str, *, limit: int = 3) -> object:
        reads.append(limit)
        return recent_orders(shopper_id, limit=limit)

    monkeypatch.setattr(store, "recent_orders", counting)
    # WHEN they open the skill
    assert console.say("open pantry pal").speech.startswith("Welcome back")
    # THEN the skill read them once (their products to hear, and any order never followed up among the same
    # orders); the reorder service once, for its prompts
    assert len(reads) == 2, reads
