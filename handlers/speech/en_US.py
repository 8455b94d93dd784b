"""en-US: every sentence the skill speaks, and the English rules the templates need.

Templates are SSML fragments; ``{name}`` values are escaped by ``handlers.speech.Speech``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_IRREGULAR = {
    "box": "boxes", "pouch": "pouches", "each": "each", "item": "items", "bunch": "bunches", "try": "tries",
    "knife": "knives", "loaf": "loaves", "potato": "potatoes", "tomato": "tomatoes",
}  # fmt: skip
_NUMBER_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
_ORDINALS = ["first", "second", "third", "fourth", "fifth"]
# The unit of a product with no word for its pack (the catalog's default): said as a bare number.
_GENERIC_UNIT = "item"


def plural(unit: str, quantity: int) -> str:
    if quantity == 1:
        return unit
    return _plural_noun(unit)


def _plural_noun(word: str) -> str:
    """One English noun made plural, its capitals kept: "carton" -> "cartons", "Brush" -> "Brushes",
    "Battery" -> "Batteries", "Knife" -> "Knives"."""
    lower = word.lower()
    if lower in _IRREGULAR:
        return _cased(word, _IRREGULAR[lower])
    if lower.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    if lower.endswith("y") and lower[-2:-1] not in ("a", "e", "i", "o", "u", ""):
        return word[:-1] + "ies"
    return word + "s"


def _cased(like: str, word: str) -> str:
    """``word`` with the first letter's case of ``like``."""
    return word[:1].upper() + word[1:] if like[:1].isupper() else word


# Nouns a product sold by the "item" is counted as (a name ending in one is said in the plural: "two Brita
# Water Filter Pitchers"), in the singular, lower case.
_COUNTED_NOUNS = frozenset(
    {
        "maker", "pitcher", "can", "liner", "brush", "broom", "mop", "kit", "system", "filter", "bucket",
        "sponge", "bottle", "jar", "candle", "bulb", "battery", "razor", "toothbrush", "cartridge", "pan", "pot",
        "plate", "cup", "mug", "bowl", "knife", "fork", "spoon", "tray", "lid", "container", "dispenser",
        "sweeper", "lighter", "pen", "pencil", "cooler", "rack", "mat", "pillow", "blanket", "fan", "charger",
        "cable", "thermometer", "timer", "opener", "peeler", "grater", "colander", "spatula", "whisk", "tumbler",
        "glass", "refill", "head", "card", "balloon", "toy", "ball", "book", "notebook", "kettle", "toaster",
        "blender", "skillet", "scrubber", "duster", "plunger", "hanger", "hook", "basket", "bin", "box", "tote",
        "pie", "pizza", "burrito", "bar", "muffin", "bagel", "cake", "cupcake", "donut", "doughnut", "croissant",
        "sandwich", "wrap", "taco", "avocado", "lemon", "lime", "apple", "orange", "onion", "pepper", "cucumber",
        "melon", "watermelon", "cantaloupe", "pineapple", "mango", "peach", "pear", "plum", "nectarine",
        "grapefruit", "banana", "zucchini", "eggplant", "baguette", "loaf", "roast", "turkey", "potato", "tomato",
    }
)  # fmt: skip
# Words after a head noun that qualify it ("Broom with Dustpan"): the noun before them is the one counted.
_QUALIFIERS = ("with", "for")


def _counted_name(name: str) -> str | None:
    """A product's name said of more than one, its head noun in the plural ("Trash Can" -> "Trash Cans",
    "Angle Broom with Dustpan" -> "Angle Brooms with Dustpan"; a name ending in a plural as it is);
    ``None`` when it ends in no noun that is counted ("Deodorant Pure Sport", "Cheddar Cheese")."""
    words = name.split(" ")
    heads = [i for i, word in enumerate(words) if i and word.lower() in _QUALIFIERS and i < len(words) - 1]
    at = (heads[0] if heads else len(words)) - 1
    head = words[at]
    stem, _, last = head.rpartition("-")  # "K-Cup": the last part is the noun
    key = last.lower()
    if key in _COUNTED_NOUNS:
        words[at] = f"{stem}-{_plural_noun(last)}" if stem else _plural_noun(last)
        return " ".join(words)
    if not heads and key.isalpha() and key.endswith("s") and not key.endswith(("ss", "us", "is")):
        return name  # "Dog Biscuits", "Bananas": already plural
    return None


def count(quantity: int, unit: str) -> str:
    """``count(2, "pack")`` -> "two packs"; ``count(1, "item")`` -> "one" (no word for a pack: "one for $4.49")."""
    number = _NUMBER_WORDS[quantity] if 0 <= quantity < len(_NUMBER_WORDS) else str(quantity)
    if unit == _GENERIC_UNIT:
        return number
    return f"{number} {plural(unit, quantity)}"


def count_of(quantity: int, unit: str, name: str) -> str:
    """``count_of(2, "bag", "Peet's")`` -> "two bags of Peet's"; of a product sold by the "item", its name
    counted: ``count_of(1, "item", "Tillamook Cheddar")`` -> "one Tillamook Cheddar", ``count_of(2, "item",
    "Brita Pitcher")`` -> "two Brita Pitchers", and "two of the Tillamook Cheddar" when the name ends in no
    noun that is counted."""
    if unit != _GENERIC_UNIT:
        return f"{count(quantity, unit)} of {name}"
    if quantity == 1:
        return f"{count(quantity, unit)} {name}"
    counted = _counted_name(name)
    return f"{count(quantity, unit)} {counted}" if counted is not None else f"{count(quantity, unit)} of the {name}"


_MEASURE_NAMES = {
    "gal": "gallon", "qt": "quart", "pt": "pint", "l": "liter", "ml": "milliliter", "fl oz": "ounce", "oz": "ounce",
    "lb": "pound", "g": "gram", "kg": "kilogram",
}  # fmt: skip


def size(amount: Decimal, unit: str) -> str:
    """A pack's size before its name: ``size(Decimal("0.5"), "gal")`` -> "half-gallon", ``(1, "gal")`` -> "gallon",
    ``(52, "fl oz")`` -> "52-ounce"."""
    name = _MEASURE_NAMES.get(unit, unit)
    if amount == 1:
        return name
    if amount == Decimal("0.5"):
        return f"half-{name}"
    return f"{amount.normalize():f}-{name}"


def sized_count(quantity: int, unit: str, amount: Decimal, measure: str) -> str:
    """``sized_count(4, "carton", Decimal("0.5"), "gal")`` -> "four half-gallon cartons"; of a product sold by
    the "item", the size alone after the number, as one says "one two-liter": "one 13-gallon"."""
    number = _NUMBER_WORDS[quantity] if 0 <= quantity < len(_NUMBER_WORDS) else str(quantity)
    if unit == _GENERIC_UNIT:
        return f"{number} {size(amount, measure)}"
    return f"{number} {size(amount, measure)} {plural(pack_word(unit), quantity)}"


def sized_count_of(quantity: int, unit: str, amount: Decimal, measure: str, name: str) -> str:
    """``sized_count_of(1, "jug", Decimal(1), "gal", "Whole Milk")`` -> "one gallon jug of Whole Milk"; of a
    product sold by the "item", its name counted with the size before it: "two 13-gallon Trash Cans"."""
    if unit == _GENERIC_UNIT:
        return count_of(quantity, unit, f"{size(amount, measure)} {name}")
    return f"{sized_count(quantity, unit, amount, measure)} of {name}"


def pack_word(unit: str) -> str:
    """What one pack of a product is called: its unit ("carton"), or "pack" for one sold by the "item"."""
    return "pack" if unit == _GENERIC_UNIT else unit


# Words a phrase cut short must not end on ("... spin mop and"): they lead on to words no longer said.
_DANGLING = frozenset({"a", "an", "the", "and", "or", "of", "with", "for", "in", "on", "to", "&"})


def shortened(phrase: str, most_chars: int, most_words: int) -> str:
    """``phrase`` as said, or its first words within ``most_words`` and ``most_chars``, not ending on a word
    that leads on ("and", "of", "with"); a first word longer than that, its first ``most_chars`` letters."""
    words = phrase.split()
    kept: list[str] = []
    for word in words[:most_words]:
        if len(" ".join([*kept, word])) > most_chars:
            break
        kept.append(word)
    if len(kept) == len(words):
        return " ".join(kept)
    while len(kept) > 1 and kept[-1].lower() in _DANGLING:
        kept.pop()
    return " ".join(kept) if kept else phrase.strip()[:most_chars]


def money(amount: Decimal) -> str:
    return f"${amount:,.2f}"


def join(parts: Sequence[str], conjunction: str) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} {conjunction} {parts[-1]}"


def duration(seconds: float) -> str:
    """``duration(1800)`` -> "30 minutes"; whole hours are said in hours."""
    minutes = round(seconds / 60)
    if minutes >= 60 and minutes % 60 == 0:
        return count(minutes // 60, "hour")
    return count(minutes, "minute")


def clock(moment: datetime, timezone: str | None) -> str:
    """A time of day in the shopper's time zone, for a card: "11:53 AM EST" (UTC when the zone is unknown)."""
    try:
        zone = ZoneInfo(timezone) if timezone else UTC
    except (ZoneInfoNotFoundError, ValueError):
        zone = UTC
    local = moment.astimezone(zone)
    return f"{local.strftime('%I:%M %p').lstrip('0')} {local.tzname()}"


def every(days: float) -> str:
    """The rhythm after "every": "day", "9 days", "week", "3 weeks"."""
    rounded = max(1, round(days))
    if rounded == 1:
        return "day"
    if rounded == 7:
        return "week"
    if rounded >= 14 and rounded % 7 in (0, 1, 6):
        return f"{round(rounded / 7)} weeks"
    return f"{rounded} days"


def days(amount: float) -> str:
    """``days(1)`` -> "one day"; ``days(15.2)`` -> "15 days"."""
    rounded = max(0, round(amount))
    return "one day" if rounded == 1 else f"{rounded} days"


def when(days_ago: int) -> str:
    """How long ago a day was: "today", "yesterday", "3 days ago"."""
    if days_ago <= 0:
        return "today"
    return "yesterday" if days_ago == 1 else f"{days_ago} days ago"


def repeated(what: str, times: int) -> str:
    """``repeated("one pack of towels", 2)`` -> "one pack of towels twice"."""
    if times <= 1:
        return what
    if times == 2:
        return f"{what} twice"
    number = _NUMBER_WORDS[times] if times < len(_NUMBER_WORDS) else str(times)
    return f"{what} {number} times"


def before_close(said: str, close: str) -> str | None:
    """``said`` without the ``close`` it ends with ("What else can I do?"), when what is left asks nothing;
    ``None`` when it ends in a question ("... What would you like?")."""
    said = said.removesuffix(close).rstrip()
    return None if said.endswith("?") else said


def ordinal(index: int) -> str:
    return _ORDINALS[index] if index < len(_ORDINALS) else f"number {index + 1}"


MESSAGES: dict[str, str] = {
    # --- session ---
    "welcome": "Welcome to Pantry Pal. You can say, order paper towels, or, what's in my cart. What would you like?",
    "welcome_back": "Welcome back to Pantry Pal. What would you like to order?",
    "reprompt_main": "You can say, order coffee, or, what am I running low on. What would you like?",
    "help": (
        "Pantry Pal orders your household staples. Say, order two packs of paper towels, add milk and eggs to my cart, "
        "what's in my cart, where is my order, cancel my last order, or, what am I running low on. "
        "What would you like to do?"
    ),
    "small_talk_hello": "Hi! You can say, order coffee, or, what am I running low on. What would you like?",
    "small_talk_thanks": "You're welcome. What else can I do?",
    "goodbye": "Goodbye.",
    "goodbye_nothing_ordered": "Okay, I haven't ordered anything. Goodbye.",
    "goodbye_list_not_ordered": "Okay, I haven't ordered that, or the rest of your list. Goodbye.",
    "goodbye_not_ordered_that": "Okay, I haven't ordered that. Goodbye.",
    "goodbye_list_left": "Okay, I've left the rest of your list. Goodbye.",
    "goodbye_cart_unchanged": "Okay, your cart stays as it is. Goodbye.",
    # "cancel" at a question on the way to an order or a cart change: only that is cancelled
    "cancel_only": "Okay. What else can I do?",
    "cancel_only_nothing_ordered": "Okay, I haven't ordered anything. What else can I do?",
    "cancel_only_list_not_ordered": "Okay, I haven't ordered that, or the rest of your list. What else can I do?",
    "cancel_only_not_ordered_that": "Okay, I haven't ordered that. What else can I do?",
    "cancel_only_list_left": "Okay, I've left the rest of your list. What else can I do?",
    "cancel_only_cart_unchanged": "Okay, your cart stays as it is. What else can I do?",
    "help_pending": (
        "You can answer my question, or ask for something else, like, what's in my cart. {question}"
    ),
    "help_yes_no": "Please say yes or no.",
    # "maybe", "not sure": nothing decided; "next week" to a question that is not a reorder prompt
    "unsure_pending": "That's okay. {question}",
    "unsure": "That's okay. You can say, order coffee, or, what am I running low on. What would you like?",
    "later_pending": "I can't keep that for later, but you can say no for now. {question}",
    "suggestion_reprompt": "Would you like {product}? Please say yes or no.",
    "fallback": "Sorry, I didn't catch that. You can say, order paper towels, or, help. What would you like?",
    "fallback_pending": "Sorry, I didn't catch that. {question}",
    "error": "Sorry, something went wrong on my side, and nothing was ordered. Please try that again.",
    "error_reprompt": "What would you like to do?",
    "malformed": "Sorry, I couldn't read that request, and nothing was ordered. Please try again.",
    "storage_error": (
        "Sorry, I couldn't reach your Pantry Pal account just now, so nothing was changed or ordered. "
        "Please try again in a moment."
    ),
    # an order write sent but not answered: it may have been placed (a yes retries the same order id)
    "order_outcome_unknown": (
        "Sorry, I couldn't confirm whether your order went through. In a moment, say, where's my order, to "
        "check, or say yes to try again. It won't be ordered twice."
    ),
    "order_outcome_unknown_reprompt": "Say yes to try that order again, or, where's my order, to check.",
    # that order declined ("no", "cancel", "stop"), and one read tells it was not placed, or cannot tell
    "order_outcome_not_placed": "I've checked, and that order didn't go through, so nothing was ordered.",
    "order_outcome_still_unknown": (
        "I still can't tell whether that order went through, so I can't say it wasn't ordered. In a moment, say, "
        "where's my order, to check."
    ),
    # a fault after an order was placed in the same answer (said first): what could not be done after it
    "after_done_failed": "Sorry, I couldn't go on from there just now. Please try again in a moment.",
    "after_done_failed_list": "Sorry, I couldn't go on to {products} just now. Please ask again in a moment.",
    "link_account": (
        "To order with Pantry Pal, please link your store account. "
        "I've sent a card to the Alexa app to help you do that."
    ),
    # --- finding products ---
    "which_product": "Which product would you like?",
    "which_product_reprompt": "Tell me the product, for example, paper towels.",
    "not_found": "Sorry, I couldn't find {heard}. What would you like instead?",
    "that": "that",
    # a phrase that finds no product, said at a question about one product of a list: that question again
    "not_found_pending": "Sorry, I couldn't find {heard}. {question}",
    "not_found_suggest": "Sorry, I couldn't find {heard}. The closest I have is {suggestion}. Would you like that?",
    "did_you_mean": "Did you mean {options}?",
    "did_you_mean_reprompt": "Say the first one, the second one, or neither.",
    "choice_neither": "Okay, neither. What would you like instead?",
    "choice_none": "Okay, none of those. What would you like instead?",
    "choice_declined": "Okay. What would you like instead?",
    "choice_unclear": "Sorry, which one? You can say {options}, or neither.",
    "which_one": "Which one: {options}?",  # "yes" to a choice between them
    # "what's the difference?", "how much are they?" at a choice: each option, then the choice again
    "option_described": "{product} is {price} for {amount}",
    "options_described": "{options}.",
    "pack_of": "{pack} of {size}",
    "question_again": "{question}",
    # "anything cheaper?" about the product offered, when it already is that one
    "already_cheapest": "{product} is the cheapest I have.",
    "already_priciest": "{product} is the most expensive I have.",
    "already_biggest": "{product} is the biggest size I have.",
    "already_smallest": "{product} is the smallest size I have.",
    # --- quantities and limits ---
    "bad_quantity": "Sorry, {quantity} isn't a quantity I can order. How many would you like?",
    "how_many": "How many would you like?",
    # a count of no whole number of packs: "2.5 bags of purina one"
    "whole_packs_only": "Sorry, I can only order whole {packs} of {product}. How many {packs} would you like?",
    "how_many_packs": "How many {packs} would you like?",
    "over_quantity_limit": (
        "Sorry, I can't order {requested} of {product}: your limit is {limit} per item. "
        "You can order fewer, or change the limit in the Pantry Pal app."
    ),
    "settings_limits": "You can order up to {per_item} of any one product, and up to {total} in one order.",
    "settings_code_on": "Orders need your voice code.",
    "settings_code_off": "You haven't set a voice code for orders.",
    "settings_where": (
        "For your security, limits and the voice code can only be changed in the Pantry Pal app, not by voice."
    ),
    "over_total_limit": (
        "Sorry, that comes to {total}, which is over your order limit of {limit}, so I didn't order it. "
        "You can order less, or change the limit in the Pantry Pal app."
    ),
    # a count its packs cannot hold: "half a dozen" eggs sold by the dozen, "a 6 pack" of a 12-pack
    "only_in_packs": "I have {product} only in {packs} of {size}.",
    "not_in_packs_of": "I don't have {product} in packs of {size}.",
    # a size said of a product sold in packs of measured items: "a liter of coke" of 12-packs of 12-ounce cans
    "only_in_packs_of_sized": "I have {product} only in {packs} of {size} {item_size} {items}.",
    # a size its packs are not: "two gallons" of milk sold in half-gallon cartons
    "only_in_size": "I have {product} only in {size} {packs}.",
    "offer_packs_order": "Would you like {amount}?",
    "offer_packs_order_reprompt": "Would you like {amount} of {product}? Please say yes or no.",
    "offer_packs_add_to_cart": "Should I add {amount} to your cart?",
    "offer_packs_add_to_cart_reprompt": "Should I add {amount} of {product} to your cart? Please say yes or no.",
    "unavailable": "Sorry, {product} is out of stock right now, so I can't order it. What would you like instead?",
    # a cart change asking for more of a product out of stock (the cart's other lines are no matter)
    "unavailable_cart": (
        "Sorry, {product} is out of stock right now, so I can't add it to your cart. What else can I do?"
    ),
    # out of stock when asked for: one like it offered instead ("your usual": one the shopper has bought)
    "out_of_stock": "Sorry, {product} is out of stock right now.",
    "out_of_stock_usual": "Sorry, your usual {product} is out of stock right now.",
    "out_of_stock_skipped": "I'll skip it.",
    "out_of_stock_what_instead": "What would you like instead?",
    "offer_instead": "Would you like {product} instead?",
    "offer_instead_reprompt": "Would you like {product} instead? Please say yes or no.",
    "offer_instead_add_to_cart": "Should I add {product} to your cart instead?",
    "offer_instead_add_to_cart_reprompt": "Should I add {product} to your cart instead? Please say yes or no.",
    # out of stock in an order being read back: the rest is read back without it
    "out_of_stock_left_out": "Sorry, {products} is out of stock right now, so I've left it out.",
    "out_of_stock_left_out_many": "Sorry, {products} are out of stock right now, so I've left them out.",
    "out_of_stock_all": "Sorry, {products} are out of stock right now. What would you like instead?",
    "unavailable_unknown": (
        "Sorry, that product isn't available any more, so I can't order it. What would you like instead?"
    ),
    "price": "{product} is {price} for {amount}. Would you like to order it?",
    "price_reprompt": "Would you like to order {product}?",
    # "how much is it?" about the product of the reorder prompt pending: its price, and the prompt again
    "price_prompt_pending": "{product} is {price} for {amount}. {question}",
    # voice ordering locked: no order is offered
    "price_add_to_cart": "{product} is {price} for {amount}. Would you like to add it to your cart?",
    "price_add_to_cart_reprompt": "Would you like to add {product} to your cart?",
    # --- ordering ---
    "confirm_order": (
        "{product}, {amount}, at {unit_price} each. That's {total} with tax. Should I order it?"
    ),
    "confirm_order_reprompt": "Should I order {product}? Please say yes or no.",
    "confirm_order_many": "Your order would be {lines}, for {total} with tax. Should I order them?",
    "confirm_order_many_reprompt": "Should I order them? Please say yes or no.",
    "one_at_a_time": "Let's take those one at a time, starting with {first}.",
    # a list taken one at a time: what was done with one product, then the next
    "list_next": "Next, {product}.",
    "list_skipped": "Okay, I'll skip that one.",
    "list_skipped_named": "Okay, I'll skip {product}.",
    "list_skipped_last": "That was the last one on your list. What else can I do?",
    "order_declined_next": "Okay, I won't order it.",
    # another product said at a question about one product of a list: it joins the list; the question again
    "list_added_pending": "Okay, I've added {products} to the end of your list. {question}",
    "not_found_listed": "Sorry, I couldn't find {heard}.",
    # a new request at an order's read-back takes its place: said first, so no one thinks it is still coming
    "read_back_dropped": "Okay, I won't order {product}.",
    "read_back_dropped_many": "Okay, I won't order those.",
    # a product said to join (or replace one of) an order read back, which needs a question of its own first
    "read_back_then": "Okay, I'll ask about {products} after this. {question}",
    "read_back_changed_then": "Okay, I'll ask about {products} after this.",
    "ask_voice_code": "Please say your four digit voice code.",
    "ask_voice_code_reprompt": "What's your voice code?",
    # the code said at a read-back, before the yes it follows; {question}: the read-back again
    "voice_code_after_yes": "Please say yes first, and then I'll ask for your voice code. {question}",
    "no_voice_code_pending": "Your orders don't need a voice code. {question}",
    # the code said at a question whose yes orders nothing (a cancel, a cart add, a choice)
    "voice_code_not_needed": "I don't need your voice code for that. {question}",
    # the code said with nothing pending at all
    "voice_code_nothing_pending": (
        "There's nothing to confirm right now, so I don't need your voice code. You can say, order coffee, or, "
        "what am I running low on. What would you like?"
    ),
    "wrong_voice_code": "That code isn't right. You have {attempts} left. What's your voice code?",
    "voice_code_locked": (
        "That code isn't right, and voice ordering is now locked to keep your account safe. "
        "You can reset your voice code in the Pantry Pal app."
    ),
    # voice ordering locked at the code: what was left unordered (and the rest of a list taken one at a time),
    # and the one product read back offered for the cart instead
    "not_ordered": "I haven't ordered {lines}.",
    "list_not_ordered": "I haven't ordered {lines}, or the rest of your list: {products}.",
    "add_to_cart_instead": "Should I add it to your cart instead?",
    "add_to_cart_instead_named": "Should I add {product} to your cart instead?",
    "voice_code_is_locked": (
        "Voice ordering is locked after three wrong voice codes. Reset your code in the Pantry Pal app "
        "to order again."
    ),
    "order_placed": (
        "Done. I've ordered {summary}, for {total}. You can cancel within {window} by saying, cancel my "
        "last order."
    ),
    "order_already_placed": "That order is already placed: {summary}, for {total}.",
    # the yes again after "I couldn't confirm whether your order went through" finds the order placed
    "order_went_through": (
        "Your order did go through: {summary}, for {total}. You can still cancel it by saying, cancel my last order."
    ),
    "order_went_through_final": "Your order did go through: {summary}, for {total}.",
    "order_declined": "Okay, I won't order it. What else can I do?",
    "order_declined_many": "Okay, I won't order them. What else can I do?",
    "nothing_pending": "There's nothing waiting for a yes right now. What would you like to order?",
    "no_prompt_pending": (
        "I haven't asked you about anything just now. To hear what's running low, say, what am I running low on."
    ),
    # --- cart ---
    "cart_added": "I've added {amount} to your cart. Your cart comes to {total} with tax.",
    "cart_added_many": "I've added {lines} to your cart. Your cart comes to {total} with tax.",
    # what a cart add has done, said first when something fails after it (``Turn.record_done``)
    "cart_added_done": "I've added {lines} to your cart.",
    "cart_added_not_all": "I've added {lines} to your cart, but not {rest}.",
    "cart_removed": "I've removed {product} from your cart.",
    "cart_not_in": "{product} isn't in your cart.",
    "cart_not_in_heard": "I can't find {heard} in your cart.",
    "cart_which_remove": "Your cart has {options}. Which one should I remove? You can say, remove {first}.",
    "cart_which_change": (
        "Your cart has {options}. Which one should I change? You can say, change {first} to {quantity}."
    ),
    "cart_updated": "Your cart now has {amount}.",
    "cart_updated_many": "Your cart now has {lines}.",
    "cart_unchanged": "Okay, your cart stays as it is.",
    # a count no cart line can be set to; the question pending, if any, follows ("question_again")
    "cart_over_quantity_limit": (
        "Sorry, I can't make that {requested}: your limit is {limit} per item, so I've left your cart as it is."
    ),
    "cart_over_total_limit": (
        "Sorry, that would bring your cart to {total}, which is over your order limit of {limit}, so I haven't "
        "changed {product}."
    ),
    "cart_now_empty": "Your cart is now empty.",
    "cart_bad_quantity": (
        "Sorry, that isn't a quantity I can use: you can have from one to {limit} of each item, so I've left "
        "your cart as it is."
    ),
    "cart_empty": "Your cart is empty.",
    "cart_contents": "Your cart has {lines}. That's {total} with tax.",
    # lines out of stock stay in the cart, outside its total: they cannot be ordered now
    "cart_contents_out_of_stock": (
        "Your cart has {lines}. That's {total} with tax. It also has {out}, which is out of stock right now."
    ),
    "cart_contents_out_of_stock_many": (
        "Your cart has {lines}. That's {total} with tax. It also has {out}, which are out of stock right now."
    ),
    "cart_contents_all_out_of_stock": "Your cart has {out}, which is out of stock right now.",
    "cart_contents_all_out_of_stock_many": "Your cart has {out}, which are out of stock right now.",
    "cart_total_leaves_out": "That leaves out {products}, which is out of stock right now.",
    "cart_total_leaves_out_many": "That leaves out {products}, which are out of stock right now.",
    # lines whose product has left the catalog: taken out of the cart, since they can never be ordered again
    "cart_gone": "{products} is no longer sold, so I've taken it out of your cart.",
    "cart_gone_many": "{products} are no longer sold, so I've taken them out of your cart.",
    "cart_gone_unnamed": "Something in your cart is no longer sold, so I've taken it out.",
    "cart_gone_unnamed_many": "Some things in your cart are no longer sold, so I've taken them out.",
    "cart_gone_other": "another item",
    "cart_emptied": "I've emptied your cart.",
    "confirm_empty_cart": "Empty your cart of {count} items?",
    "confirm_empty_cart_one": "Empty your cart of its one item?",
    "confirm_empty_cart_reprompt": "Should I empty your cart? Please say yes or no.",
    "confirm_checkout": "Your cart has {lines}, for {total} with tax. Should I place the order?",
    "confirm_checkout_reprompt": "Should I place the order for your cart? Please say yes or no.",
    # a check-out with lines out of stock: they stay in the cart, and the rest is read back for its yes
    "checkout_left_out": "Sorry, {products} is out of stock right now, so I'll leave it in your cart for later.",
    "checkout_left_out_many": (
        "Sorry, {products} are out of stock right now, so I'll leave them in your cart for later."
    ),
    "confirm_checkout_rest": "The rest of your cart is {lines}, for {total} with tax. Should I place the order?",
    "confirm_checkout_rest_reprompt": "Should I place the order for the rest of your cart? Please say yes or no.",
    "checkout_all_out_of_stock": (
        "Sorry, {products} is out of stock right now, so there's nothing in your cart I can order. I'll leave it "
        "in your cart for later. What else can I do?"
    ),
    "checkout_all_out_of_stock_many": (
        "Sorry, {products} are out of stock right now, so there's nothing in your cart I can order. I'll leave "
        "them in your cart for later. What else can I do?"
    ),
    "anything_else": "What else can I do?",
    # --- status, history, cancel ---
    "no_orders": "You haven't placed any orders with Pantry Pal yet.",
    "order_status": "Here are your latest orders. {orders}",
    "order_status_line": "Placed {when}: {summary}; {state}.",
    "order_summary_many": "{count} items, including {first} and {second}",
    "state_placed_cancellable": "you can still cancel it",
    "state_placed": "it's with the store",
    "state_cancelled": "it was cancelled",
    "usual": "You usually buy {items}. Would you like one of them?",
    "usual_reprompt": "You can say, the first one, or a product's name.",
    "usual_none": "I don't know your usual items yet. Once you've ordered a few times, I'll remember.",
    "confirm_cancel": "Your last order was {summary}, for {total}. Should I cancel it?",
    "confirm_cancel_with": "I found your order of {summary}, for {total}. Should I cancel it?",
    "confirm_cancel_reprompt": "Should I cancel that order? Please say yes or no.",
    "cancel_none_with": "I can't find a recent order with {product} in it.",
    "confirm_cancel_auto": "Your last automatic order was {summary}, for {total}. Should I cancel it?",
    "cancel_none_auto": "You don't have a recent automatic order to cancel.",
    "cancel_none_auto_with": "I can't find a recent automatic order with {product} in it.",
    "cancelled": "Okay, I've cancelled that order. You won't be charged.",
    "cancel_declined": "Okay, your order stays as it is.",
    "cancel_none": "You don't have an order to cancel.",
    "cancel_already": "Your last order is already cancelled.",
    "cancel_already_with": "That order is already cancelled.",
    "cancel_too_late": (
        "Sorry, your last order can't be cancelled any more: orders can be cancelled within {window} of "
        "placing them, and it's already being prepared."
    ),
    "cancel_too_late_with": (
        "Sorry, that order can't be cancelled any more: orders can be cancelled within {window} of "
        "placing them, and it's already being prepared."
    ),
    "cancel_too_late_auto": (
        "Sorry, your last order can't be cancelled any more: automatic orders can be cancelled within {window} "
        "of being placed, and it's already being prepared."
    ),
    "cancel_too_late_auto_with": (
        "Sorry, that order can't be cancelled any more: automatic orders can be cancelled within {window} of "
        "being placed, and it's already being prepared."
    ),
    "repeat_some_unavailable": "Some of your last order isn't available any more, so I've left it out.",
    "repeat_none_available": "Sorry, nothing from your last order is available right now. What would you like?",
    "reorder_unknown": "I can't find {product} in your past orders. Would you like to order it now?",
    "reorder_unknown_reprompt": "Would you like to order {product} now? Please say yes or no.",
    # "order dog food again", dog food never bought and fitting several products: which one, then
    "reorder_not_bought": "I can't find {product} in your past orders.",
    # --- predictive reorder ---
    "running_low": "You're probably running low on {items}. {reason}. {held}Shall I order {first}?",
    "running_low_locked": "You're probably running low on {items}. {reason}. {held}{locked} What else can I do?",
    "running_low_held": "I'm holding off on {items} for now, as you asked. ",
    "running_low_only_held": (
        "I'm holding off on {items} for now, as you asked, and nothing else looks low. What else can I do?"
    ),
    "running_low_none": "Nothing looks low right now. I'll let you know when something is.",
    "running_low_no_more": "That's everything that looks low right now. What else can I do for you?",
    "running_low_reason": "You usually buy {product} every {interval}, and the last was {since} ago",
    "prompt_lead": (
        "You're probably running low on {product}; you usually buy it every {interval}. "
        "Shall I order {amount} for {price}?"
    ),
    "prompt_lead_locked": (
        "You're probably running low on {product}; you usually buy it every {interval}. {locked} "
        "What would you like to do?"
    ),
    "prompt_next": "What about {product}? Shall I order {amount} for {price}?",
    "prompt_reprompt": "Should I order {product}? You can say yes, not yet, or never ask about this.",
    "snoozed": "Okay, I'll ask again in about {days}.",
    "snoozed_product": "Okay, I'll ask about {product} again in about {days}.",
    "never_ask": "Okay, I won't remind you about {product} again.",
    "reminders_off": "Okay, I've turned off reorder reminders. You can turn them on again any time.",
    # reminders off with an automatic reorder set up: it can't be told of, so it waits for the shopper
    "reminders_off_auto": (
        "Okay, I've turned off reorder reminders. Without them I can't tell you when I reorder something "
        "automatically, so instead I'll ask you when you next open Pantry Pal. You can turn them on again any time."
    ),
    "reminders_on": "Okay, reorder reminders are on.",
    # reminders on, and no permission to send notifications: Alexa asks for it next (Connections.SendRequest)
    "reminders_on_ask_permission": (
        "Okay, reorder reminders are on. To remind you when you're not talking to me, I need your permission "
        "to send you notifications."
    ),
    "auto_reorder_on": (
        "Okay. I'll reorder {amount} automatically when you're running low, up to {cap} a month, "
        "never above {price} each. I'll tell you each time, and you can cancel within {window}."
    ),
    # no notification can tell of an automatic order: none is placed until one can; asked at launch instead
    "auto_reorder_on_ask_permission": (
        "Okay. I'll reorder {amount} automatically when you're running low, up to {cap} a month, "
        "never above {price} each. I tell you each time I reorder, so first I need your permission to send you "
        "notifications."
    ),
    "auto_reorder_on_reminders_off": (
        "Okay. I'll reorder {amount} automatically when you're running low, up to {cap} a month, "
        "never above {price} each, once I can tell you each time: your reorder reminders are off, so until you "
        "turn them on, I'll ask you when you next open Pantry Pal instead. To turn them on, say, turn on reminders."
    ),
    # the answer to Alexa's question for the notification permission, by what it was asked for
    "permission_auto_accepted": (
        "Thanks. I'll tell you each time I reorder {product}, and you can cancel within {window}."
    ),
    "permission_auto_refused": (
        "Okay. Without notifications I can't tell you when I reorder, so I won't reorder {product} on my own: "
        "when it's running low, I'll ask you when you next open Pantry Pal. You can allow notifications for "
        "Pantry Pal in the Alexa app at any time."
    ),
    "permission_reminders_accepted": "Thanks. I'll send you a notification when something's running low.",
    "permission_reminders_refused": (
        "Okay. I'll remind you when you open Pantry Pal instead. You can allow notifications for Pantry Pal "
        "in the Alexa app at any time."
    ),
    # the answer could not be recorded: the shopper's linked account could not be reached just now
    "permission_auto_unsaved": (
        "Sorry, I couldn't reach your Pantry Pal account just now, so I couldn't record that. Until I can, I won't "
        "reorder {product} on my own: when it's running low, I'll ask you when you next open Pantry Pal. To try "
        "again in a moment, say, turn on reminders."
    ),
    "permission_reminders_unsaved": (
        "Sorry, I couldn't reach your Pantry Pal account just now, so I couldn't record that. Until I can, I'll "
        "remind you when you open Pantry Pal. To try again in a moment, say, turn on reminders."
    ),
    # ... or the link to it no longer works
    "permission_unsaved_link_again": (
        "Sorry, your Pantry Pal account link isn't working any more, so I couldn't record that. Please link your "
        "store account again: I've sent a card to the Alexa app to help you do that."
    ),
    "auto_reorder_ask_cap": "What's the most I should spend on {product} each month?",
    "auto_reorder_cap_reprompt": "What's the most I should spend each month, in dollars?",
    "auto_reorder_confirm": (
        "Should I reorder {amount} automatically when you're running low, up to {cap} a month, "
        "never above {price} each?"
    ),
    "auto_reorder_confirm_reprompt": "Should I reorder {product} automatically? Please say yes or no.",
    # a bare number ("two") at the terms: not an order, and not a cap without "dollars"
    "auto_reorder_terms_number": (
        "A number alone doesn't answer that. To change the monthly limit, say it in dollars, like thirty dollars "
        "a month. {question}"
    ),
    "auto_reorder_declined": "Okay, I won't reorder it automatically. What else can I do?",
    # "cancel", "never mind" while it is being set up (its product, cap, terms or voice code asked for)
    "auto_reorder_cancelled_named": "Okay, I won't set up automatic reorder for {product}. What else can I do?",
    "auto_reorder_cancelled": "Okay, I won't set up automatic reorder. What else can I do?",
    "goodbye_auto_reorder_named": "Okay, I haven't set up automatic reorder for {product}. Goodbye.",
    "goodbye_auto_reorder": "Okay, I haven't set up automatic reorder. Goodbye.",
    "auto_reorder_how": (
        "If you'd like me to reorder something automatically, say, for example, reorder paper towels "
        "automatically."
    ),
    "auto_reorder_cap_too_low": (
        "{cap} a month wouldn't cover one order of {product}, which costs {price} with tax. "
        "What's the most I should spend on it each month?"
    ),
    # a cap above an order every day of the month: most likely misheard ("twenty one seventy six" as 2176)
    "auto_reorder_cap_too_high": (
        "I heard {cap} a month. That's more than {product} would cost even ordered every day, at {price} an order "
        "with tax, so I may have misheard. What's the most I should spend on it each month? You can say, for "
        "example, twenty dollars and fifty cents, or {cap} again if that's what you meant."
    ),
    # "yes" or "no" to the cap question: no amount; the set-up stays
    "auto_reorder_cap_yes_no": (
        "I need an amount of money for that, or say cancel if you've changed your mind. {question}"
    ),
    # a monthly cap ("thirty dollars") said at a question it does not answer (an order read back, a price offer)
    "money_not_asked": "An amount of money doesn't answer that. {question}",
    "auto_reorder_bad_cap": "Sorry, {cap} isn't a monthly limit I can use. Please say an amount in dollars.",
    # automatic reorder of a product never ordered: how often it is needed is unknown, so ordering it is offered
    "auto_reorder_order_first": (
        "I can set up automatic reorder for {product} once you've ordered it, so I know how often you need it. "
        "It's {price} for {amount}. Would you like to order it now?"
    ),
    "auto_reorder_off": "Okay, I won't reorder {product} automatically any more.",
    "auto_reorder_not_on": "{product} isn't set to reorder automatically, so there's nothing to stop.",
    "auto_reorder_none": "You don't have any automatic reorders, so there's nothing to stop. What else can I do?",
    "auto_reorder_none_then": "You don't have any automatic reorders, so there's nothing to stop.",
    "auto_reorder_stop_one": "{product} is set to reorder automatically. Should I stop reordering it?",
    "auto_reorder_stop_one_reprompt": "Should I stop reordering {product} automatically? Please say yes or no.",
    "auto_reorder_stop_which": "{products} are set to reorder automatically. Which one should I stop reordering?",
    "auto_reorder_stop_which_reprompt": "Which one should I stop reordering automatically, {options}?",
    "which_product_meant": "Which product do you mean?",  # "I don't need the stuff": a reorder answer, not an order
    "reorder_left_as_is": "Okay, I'll leave it as it is. What else can I do?",
    "reorder_left_as_is_then": "Okay, I'll leave it as it is.",
    "auto_orders_placed": "While you were away I reordered {summary}. You can cancel by saying, cancel my last order.",
    "auto_orders_placed_final": "While you were away I reordered {summary}.",
    "auto_orders_placed_cancel_named": (
        "While you were away I reordered {summary}. You can cancel it by saying, cancel my {product} order."
    ),
    "auto_orders_placed_cancel_each": (
        "While you were away I reordered {summary}. You can cancel each of them by name, for example by saying, "
        "cancel my {product} order."
    ),
    "auto_orders_placed_cancel_some": (
        "While you were away I reordered {summary}. You can still cancel {products} by name, for example by "
        "saying, cancel my {product} order."
    ),
    "auto_skipped_monthly_cap": (
        "I didn't reorder {product} automatically, because it would go over your monthly limit of {cap}. "
        "I'll try again next month."
    ),
    "auto_skipped_price": (
        "I didn't reorder {product} automatically, because it costs {price} now, more than the {max_price} "
        "you agreed to."
    ),
    "auto_skipped_unavailable": "I didn't reorder {product} automatically, because it's out of stock.",
    "auto_skipped_order_limit": "I didn't reorder {product} automatically, because it's above your order limit.",
    "auto_skipped_locked": (
        "I didn't reorder {product} automatically, because voice ordering is locked. You can unlock it in the app."
    ),
    "auto_skipped_no_notifications": (
        "I didn't reorder {product} automatically, because I can't send you notifications to tell you when I do. "
        "You can allow them for Pantry Pal in the Alexa app."
    ),
    "auto_skipped_reminders_off": (
        "I didn't reorder {product} automatically, because your reorder reminders are off, so I couldn't tell you."
    ),
    "auto_skipped_in_cart": (
        "I didn't reorder {product} automatically, because it's already in your cart. Say check out to order it."
    ),
}

CARDS: dict[str, str] = {
    "receipt_title": "Pantry Pal order {order_id}",
    "receipts_title": "Pantry Pal orders",
    "receipt_line": "{amount} x {product} @ {unit_price}",
    "receipt_totals": "Subtotal {subtotal}\nTax {tax}\nTotal {total}\nCancel by {until}",
    "link_account_title": "Link your Pantry Pal account",
}
