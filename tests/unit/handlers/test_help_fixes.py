"""Help with a question pending repeats that question as it was asked, with how to answer it."""

from __future__ import annotations

import pytest

from skill.local.console import Console
from tests.fakes import FakeShopperStore

EGGS = "Vital Farms Pasture-Raised Large Brown Eggs"  # the closest to "organic eggs"


def test_help_after_a_suggestion_repeats_it_and_asks_for_yes_or_no_not_the_first_one(
    console: Console, store: FakeShopperStore
) -> None:
    # GIVEN one product suggested for a product not found
    console.say("open pantry pal")
    suggested = console.say("order organic eggs")
    # WHEN the shopper asks for help, twice
    helped = console.say("help")
    again = console.say("help")
    # THEN they hear the suggestion as asked and to say yes or no, never "the first one, the second one"
    assert helped.speech.endswith(f"{suggested.speech} Please say yes or no.")
    assert helped.reprompt == f"Would you like {EGGS}? Please say yes or no."
    assert "first one" not in helped.speech + helped.reprompt
    assert again.speech == helped.speech
    # AND a yes still only proposes the suggested product
    proposed = console.say("yes")
    assert proposed.speech.startswith(f"{EGGS}, one carton")
    assert store.orders == {}


def test_help_after_did_you_mean_repeats_the_names_offered(console: Console) -> None:
    # GIVEN a choice between two peanut butters
    console.say("open pantry pal")
    console.say("order peanut butter")
    # WHEN the shopper asks for help
    helped = console.say("help")
    # THEN the names are said again, with how to choose
    assert helped.speech.endswith(
        "Did you mean Jif Creamy Peanut Butter or Skippy Creamy Peanut Butter? "
        "Say the first one, the second one, or neither."
    )
    assert console.say("the second one").speech.startswith("Skippy Creamy Peanut Butter, one jar")


def test_help_while_a_cancel_is_asked_repeats_which_order_and_yes_cancels_it(
    console: Console, store: FakeShopperStore
) -> None:
    # GIVEN the shopper is asked whether to cancel their last order
    console.say("open pantry pal")
    console.say("order dawn")
    console.say("yes")
    console.say("cancel my last order")
    # WHEN they ask for help, then say yes
    helped = console.say("help")
    done = console.say("yes")
    # THEN the order to cancel is named again, and the yes cancels it
    assert helped.speech.endswith(
        "Your last order was one bottle of Dawn Ultra Dish Soap Original Scent, for $4.13. Should I cancel it? "
        "Please say yes or no."
    )
    assert done.speech.startswith("Okay, I've cancelled that order.")


def test_help_at_an_order_read_back_repeats_the_items_and_the_total(console: Console, store: FakeShopperStore) -> None:
    # GIVEN an order read back with its price and total
    console.say("open pantry pal")
    read_back = console.say("order dawn")
    # WHEN the shopper asks for help
    helped = console.say("help")
    # THEN they hear the read-back again, total included, before a yes can place it
    assert "$4.13" in read_back.speech
    assert helped.speech.endswith(f"{read_back.speech} Please say yes or no.")
    assert store.orders == {}


@pytest.mark.usefixtures("ordered_before")
def test_help_at_the_automatic_reorder_terms_repeats_the_monthly_cap_and_price_limit(console: Console) -> None:
    # GIVEN automatic reorder terms read back
    console.say("open pantry pal")
    console.say("reorder bounty paper towels automatically")
    terms = console.say("forty dollars")
    # WHEN the shopper asks for help
    helped = console.say("help")
    # THEN the cap and the price limit are said again with the question
    assert "$40.00 a month" in terms.speech
    assert helped.speech.endswith(f"{terms.speech} Please say yes or no.")
