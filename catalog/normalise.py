"""Spoken-text normalisation: turn what a shopper said (or what a recogniser heard) into a canonical key.

Two pure functions carry the module:

- :func:`normalise` maps any text to a canonical, idempotent matching key: case folded, accents and the
  catalog's double-encoding garbage repaired, punctuation dropped, number words turned into digits,
  units canonicalised, brand aliases expanded, and every word made singular. It is used for both product
  names (at index time) and heard phrases, so the two meet in the same space. It is *not* meant for
  display (``"cookies"`` becomes ``"cooky"``).
- :func:`split_quantity` takes a whole heard utterance (``"can you get me two tubs of sopressata"``),
  strips the command words and fillers around the product phrase, reads the quantity the shopper said
  and returns ``(quantity, normalised product phrase)``.

:func:`fold` is the light, display-safe variant (case, accents, garbage, punctuation, spaces only).
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from functools import lru_cache
from itertools import pairwise

from catalog.model import MEASURE_UNITS, SaidCount

__all__ = [
    "MAX_INPUT_CHARS",
    "amount_in",
    "count_is_part_of_name",
    "counted_in_packs",
    "digits_said",
    "fold",
    "is_number",
    "names_a_product",
    "normalise",
    "number_in",
    "readings",
    "said_count",
    "said_readings",
    "singular",
    "split_quantity",
]

#: Longer input is cut to this many characters before any work is done (no utterance is this long).
MAX_INPUT_CHARS = 500

# Double-encoding garbage found in the Instacart product names (see the catalog's SOURCE.md).
_GARBLED: tuple[tuple[str, str], ...] = (
    ("GÇæ", "-"),  # a hyphen
    ("Gäó", " "),  # the trade mark sign
    ("-«", " "),  # the registered sign
    ("+¦", "n"),  # n with tilde (Jalapeño)
    ("+¬", "e"),  # e with acute (Rosé)
    ("+«", "e"),
    ("+¿", "e"),
    ("+ó", "a"),
    ("+í", "a"),
    ("+¼", "u"),
)
_GARBLED_RE = re.compile("|".join(re.escape(bad) for bad, _ in _GARBLED))
_GARBLED_MAP = dict(_GARBLED)

_SYMBOLS = {"&": " and ", "%": " percent ", "@": " at ", "#": " number ", "+": " plus "}
_SYMBOL_RE = re.compile(r"[&%@#+]")
_APOSTROPHE_RE = re.compile(r"['’`´]")
_NON_ALNUM_RE = re.compile(r"[^a-z0-9]+")
_DIGIT_ALPHA_RE = re.compile(r"(?<=\d)(?=[a-z])|(?<=[a-z])(?=\d)")
# A decimal as typed or as Alexa delivers one said ("1.5", "16.9", ".5"): one number, never two. Not a dotted run
# of digits ("1.2.3"), nor digits glued to a word before them ("No.2", "v1.5").
_DECIMAL_RE = re.compile(r"(?<![a-z0-9.])([0-9]*)\.([0-9]+)(?!\.?[0-9])")
# A decimal as :func:`fold` writes it ("1.5", "0.5", "16.9": no trailing zeros, one leading digit).
_DECIMAL_WORD_RE = re.compile(r"[0-9]+\.[0-9]+")

_UNITS: dict[str, int] = {
    "zero": 0, "oh": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90,
}  # fmt: skip
_SCALES: dict[str, int] = {"hundred": 100, "thousand": 1000}
_NUMBER_WORDS = frozenset(_UNITS) | frozenset(_TENS) | frozenset(_SCALES)
# Said of a count or an amount ("a million", "5 million"); a product name keeps it a word ("Million Dollar Bun").
_LARGE_SCALES: dict[str, int] = {**_SCALES, "million": 1_000_000}
_AMOUNT_WORDS = _NUMBER_WORDS | frozenset(_LARGE_SCALES)

# Spoken unit names and their canonical key (applied after singularisation).
_UNIT_ALIASES: dict[str, str] = {
    "ounce": "oz", "onz": "oz", "pound": "lb", "lbs": "lb", "count": "ct", "pk": "pack", "pkg": "pack",
    "package": "pack", "gallon": "gal", "liter": "l", "litre": "l", "milliliter": "ml", "millilitre": "ml",
    "gram": "g", "gm": "g", "kilogram": "kg", "kilo": "kg", "quart": "qt", "pint": "pt", "inch": "in",
    "fluid": "fl", "percent": "percent", "pct": "percent",
}  # fmt: skip

# Spoken brand or product nicknames and what the catalog calls them (targets are already canonical).
_BRAND_ALIASES: dict[str, str] = {
    "coke": "coca cola",
    "cocacola": "coca cola",
    "papertowel": "paper towel",
    "toiletpaper": "toilet paper",
    "tp": "toilet paper",
    "pb": "peanut butter",
    "oj": "orange juice",
    "evoo": "extra virgin olive oil",
}

# Titles said in full and as the catalog writes them ("mister clean": "Mr. Clean"); "mrs" is no plural of "mr".
_TITLES: dict[str, str] = {"mister": "mr", "mrs": "mrs", "missus": "mrs", "doctor": "dr", "saint": "st"}

_SINGULAR_KEEP_ENDINGS = ("ss", "us", "is", "ous")


@lru_cache(maxsize=65536)
def singular(word: str) -> str:
    """Return a canonical singular key for one lower-case word (crude, but the same on both sides).

    Parameters
    ----------
    word
        One lower-case word.

    Returns
    -------
    str
        The key: ``"towels" -> "towel"``, ``"berries" -> "berry"``, ``"cookies"`` and ``"cookie"``
        both ``-> "cooky"``, ``"boxes" -> "box"``; digits and short words are returned unchanged.

    Examples
    --------
    >>> singular("towels"), singular("cookie"), singular("cookies"), singular("glass")
    ('towel', 'cooky', 'cooky', 'glass')
    """
    if len(word) < 3 or not word.isalpha():
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("ie"):
        return word[:-2] + "y"
    if word.endswith(("xes", "ches", "shes", "sses", "zzes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(_SINGULAR_KEEP_ENDINGS):
        return word[:-1]
    return word


def fold(text: str) -> str:
    """Fold text to lower-case ASCII words separated by single spaces (display-safe).

    Repairs the catalog's double-encoding garbage, strips accents, drops apostrophes (``"wrigley's"``
    becomes ``"wrigleys"``), turns ``&`` into ``and`` and ``%`` into ``percent``, and replaces any other
    punctuation or symbol by a space. Input longer than :data:`MAX_INPUT_CHARS` is cut first.

    Parameters
    ----------
    text
        Any text.

    Returns
    -------
    str
        The folded text; empty if nothing word-like is left.

    Examples
    --------
    >>> fold("Jalape+¦o  Kettle-Cooked Chips 8 oz")
    'jalapeno kettle cooked chips 8 oz'
    """
    text = text[:MAX_INPUT_CHARS]
    if not text:
        return ""
    text = _GARBLED_RE.sub(lambda m: _GARBLED_MAP[m.group(0)], text)
    text = _SYMBOL_RE.sub(lambda m: _SYMBOLS[m.group(0)], text)
    text = unicodedata.normalize("NFKD", text.casefold())
    if not text.isascii():
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _APOSTROPHE_RE.sub("", text)
    if "." in text:
        # A decimal is one word ("1.5 l", not "1 5 l"), written one way (".50" and "0.5" are "0.5").
        pieces: list[str] = []
        at = 0
        for found in _DECIMAL_RE.finditer(text):
            pieces.append(_NON_ALNUM_RE.sub(" ", text[at : found.start()]))
            pieces.append(_decimal(found.group(1), found.group(2)))
            at = found.end()
        pieces.append(_NON_ALNUM_RE.sub(" ", text[at:]))
        text = "".join(pieces)
    else:
        text = _NON_ALNUM_RE.sub(" ", text)
    return " ".join(text.split())


def _decimal(whole: str, places: str) -> str:
    """A decimal written one way: "1.50" -> "1.5", ".5" -> "0.5", "2.0" -> "2"."""
    places = places.rstrip("0")
    whole = str(int(whole or "0"))
    return f"{whole}.{places}" if places else whole


def is_number(word: str) -> bool:
    """Whether a folded or normalised word is a number: a whole number ("12") or a decimal ("1.5").

    Examples
    --------
    >>> is_number("12"), is_number("1.5"), is_number("b12"), is_number("point")
    (True, True, False, False)
    """
    return word.isdigit() or _DECIMAL_WORD_RE.fullmatch(word) is not None


def _is_decimal(word: str) -> bool:
    return _DECIMAL_WORD_RE.fullmatch(word) is not None


# The words a decimal's places are said in, after "point" ("one point seven five").
_PLACE_WORDS = {word: str(value) for word, value in _UNITS.items() if value <= 9 and word != "oh"}


def _spoken_decimals(words: list[str]) -> list[str]:
    """Decimals said in words or as Alexa may spell them ("one point five", "16 point 9", "twenty one point
    seven five") as :func:`fold` writes a typed one ("1.5", "16.9", "21.75"). A "point" without a whole number
    before it or digits after it is a word ("point reyes", "two point")."""
    if "point" not in words:
        return words
    out: list[str] = []
    at = 0
    while at < len(words):
        word = words[at]
        end = at + 1
        if end < len(words) and words[end].isdigit():
            end += 1  # "1 point 5"
        else:
            while end < len(words) and words[end] in _PLACE_WORDS:
                end += 1  # "one point seven five"
        whole = _whole_before(out) if word == "point" and end > at + 1 else None
        if whole is None:
            out.append(word)
            at += 1
            continue
        places = "".join(w if w.isdigit() else _PLACE_WORDS[w] for w in words[at + 1 : end])
        out[whole[0] :] = [_decimal(str(whole[1]), places)]
        at = end
    return out


def _whole_before(words: list[str]) -> tuple[int, int] | None:
    """The whole number ``words`` end with, said in digits or words ("16", "twenty one"): where it starts and
    its value; ``None`` when they end with none."""
    if not words or not (words[-1].isdigit() or words[-1] in _NUMBER_WORDS) or words[-1] == "oh":
        return None
    start = len(words) - 1
    while start > 0 and words[start - 1] in _NUMBER_WORDS and words[start - 1] != "oh":
        start -= 1
    for begin in range(start, len(words)):
        if (value := _number_value(words[begin:])) is not None:
            return begin, value
    return None


def _number_value(words: list[str]) -> int | None:
    """Value of a run of number words ("twenty two" -> 22, "one thousand" -> 1000, "5 million": digits may come
    first), None if malformed ("one hundred hundred", "a thousand a million": each scale is below the one before)."""
    total = 0
    current = 0
    below = 0  # the last scale of a thousand or more, which the next must be below
    for at, word in enumerate(words):
        if word.isdigit():
            if at:
                return None
            current = int(word)
        elif word in _UNITS:
            if current % 10 or (current and current < 10):
                return None
            current += _UNITS[word]
        elif word in _TENS:
            if current % 100:
                return None
            current += _TENS[word]
        else:
            scale = _LARGE_SCALES[word]
            if (scale == 100 and current >= 100) or (below and scale >= below):
                return None
            current = max(current, 1) * scale
            if scale >= 1000:
                total += current
                current, below = 0, scale
    return total + current


def _numbers_to_digits(words: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(words):
        if words[i] in _NUMBER_WORDS and words[i] != "oh":
            j = i
            while j < len(words) and words[j] in _NUMBER_WORDS and words[j] != "oh":
                j += 1
            run = words[i:j]
            value = _number_value(run)
            if value is None:
                out.extend(str(_number_value([w]) or 0) if w in _UNITS else w for w in run)
            else:
                out.append(str(value))
            i = j
        else:
            out.append(words[i])
            i += 1
    return out


@lru_cache(maxsize=65536)
def normalise(text: str) -> str:
    """Return the canonical matching key of ``text`` (idempotent).

    Parameters
    ----------
    text
        A product name, a heard product phrase or any other text.

    Returns
    -------
    str
        Lower-case ASCII words separated by single spaces: number words as digits, digits split from
        letters, units canonical (``ounces -> oz``), brand aliases expanded and every word singular.
        ``normalise(normalise(t)) == normalise(t)`` for any ``t``.

    Examples
    --------
    >>> normalise("Bounty Select-A-Size Paper Towels, Twelve Ounces")
    'bounty select a size paper towel 12 oz'
    >>> normalise("Size 3 Diapers") == normalise("size three diapers")
    True
    """
    folded = fold(text)
    if not folded:
        return ""
    folded = _DIGIT_ALPHA_RE.sub(" ", folded)
    words = _numbers_to_digits(_spoken_decimals(folded.split()))
    out: list[str] = []
    for word in words:
        key = word if word in _TITLES else singular(word)
        if key in _NUMBER_WORDS and key != word:
            key = word  # "ones", "tens": a plural that would read as a number the next time round
        key = _TITLES.get(key, key)
        key = _UNIT_ALIASES.get(key, key)
        alias = _BRAND_ALIASES.get(key)
        if alias is not None:
            out.extend(alias.split())
        else:
            out.append(key)
    return " ".join(out)


# ---------------------------------------------------------------------------------------------------
# Utterance parsing: command words, fillers and the quantity around the product phrase.

_PREFIXES = [
    r"(?:alexa|ok|okay|hey|hi|um|uh|er|oh|like|also|and then|please|yes|yeah)",  # "oh", "like": fillers
    r"(?:can|could|would|will|would) you(?: please)?(?: (?:order|buy|get|add|put|grab|pick up|reorder|"
    r"find|send|bring|fetch)(?: up)?)?(?: me| us)?",
    r"(?:i|we)(?: d| would| will| ll)? (?:want|need|like|wanna|gotta|have)"
    r"(?:(?: to| two| too| a| the| got)? (?:buy|by|bye|order|get|have|add|purchase|reorder|grab))?"
    r"(?: to(?= [a-z]))?",
    r"(?:i|we) am (?:out of|running low on|low on)",
    r"(?:we re|were|i m|im|we are|i am) (?:almost |nearly |all |completely )?"
    r"(?:out of|running low on|low on|running out of)",
    r"(?:i|we) (?:ran|run|have run|ve run|just ran) (?:out of|low on)",
    r"(?:please )?(?:re order|reorder|order|buy|by|bye|get|grab|add|and|put|purchase|find|send|pick up|"
    r"bring|fetch|ship|deliver|stock up on)(?: me| us| some more| more)?",
    r"(?:let s|lets) (?:get|order|buy|add)",
    r"(?:i ll|ill|i will) (?:take|have)",
]
_PREFIX_RE = re.compile(r"^(?:" + "|".join(_PREFIXES) + r")\b ?")
_SUFFIX_RE = re.compile(
    r"\s?\b(?:(?:to|two|too|on|onto|in|into|for|from|at|of)(?: (?:my|the|our|me|a|mine))? "
    r"(?:shopping|grocery|groceries)?\s?(?:cart|card|carts|basket|order|list|trolley|bag|shopping)"
    r"|please|thanks|thank you|for me|for us|now|right now|today|again|as well|too"
    # "the coffee i like", "the milk we usually get": the shopper's own, which their history ranks first
    r"|(?:that )?(?:i|we) (?:usually |always |normally |often |really )?(?:like|get|buy|order|have|use|drink))$"
)
_DETERMINERS = frozenset(
    {"the", "some", "a", "an", "more", "another", "my", "our", "any", "few", "of", "me", "that", "those"}
)

_DOZEN = {"half a dozen": 6, "a half dozen": 6, "half dozen": 6, "a dozen": 12, "dozen": 12}
_QUANTITY_WORDS: dict[str, int] = {
    "a couple of": 2, "a couple": 2, "couple of": 2, "a pair of": 2, "pair of": 2, "a few": 3,
    "a single": 1, "single": 1, "just one": 1, "won": 1, "to": 2, "too": 2, "for": 4, "fore": 4,
    "tree": 3, "sex": 6, "ate": 8,
}  # fmt: skip
_DOZEN_LONGEST_FIRST = sorted(_DOZEN.items(), key=lambda kv: -len(kv[0]))
_QUANTITY_WORDS_LONGEST_FIRST = sorted(_QUANTITY_WORDS.items(), key=lambda kv: -len(kv[0]))
# Homophones read as a number only when a "<unit> of" follows them ("to packs of" = "two packs of").
_HOMOPHONES = frozenset({"won", "to", "too", "for", "fore", "tree", "sex", "ate"})
# Command verbs, with what recognisers commonly make of them ("larger" for "order", "and" for "add").
_COMMAND_VERBS = frozenset(
    [
        "order",
        "orders",
        "ordered",
        "reorder",
        "reorders",
        "reordered",
        "preorder",
        "preorders",
        "preordered",
        "buy",
        "add",
        "put",
        "purchase",
        "larger",
        "harder",
        "border",
        "barter",
    ]
)
_LEADING_NOISE = frozenset(["and", "had", "at", "but", "by", "the", "are", "pre", "ad", "that", "like"])
_TRAILING_COMMAND_NOUNS = frozenset({"order", "cart", "card", "basket", "please"})
_LOOSE_HOMOPHONES = frozenset({"to", "too", "for", "fore"})
_TAIL_PREPOSITIONS = frozenset({"to", "too", "two", "on", "onto", "in", "into", "and", "an", "at", "for", "under"})
_TAG_RE = re.compile(r"<[^<>]{0,200}>")
_UNIT_OF_RE = re.compile(r"^([a-z]+) of\b ?")
# After a number, what makes it a pack size: "a 12 pack of", "two 12 packs of" (not "12 ct": that is a name's).
_PACK_SIZE_WORDS = frozenset({"pack", "packs", "pk", "pks"})
# Counts above this are absurd for one order but still a count ("a thousand eggs": the limits refuse it,
# rather than one carton being proposed); past _MAX_COUNT a number is only ever part of a name.
_PLAUSIBLE_COUNT = 999
_MAX_COUNT = 999_999_999
_NOT_A_QUANTITY_AFTER = frozenset({"percent", "pct", "oz", "ounce", "ounces", "lb", "pound", "ct", "in", "x"})
# A count typed with its pack or measure ("2l", "12pk", "12pks", "500ml"), as a console or a slot value may carry
# it: read as typed apart ("2 l", "12 pk"), as the spoken "two liter" and "twelve pack" are; never digits inside
# a word ("b12", "k9").
_TYPED_UNIT_RE = re.compile(r"\b(\d+(?:\.\d+)?)(pks?|packs?|l|liters?|litres?|ml|gal|gallons?|oz|lbs?|qt|pt|fl|ct)\b")


# What a count is counted in ("three bags of"); near misspellings count too ("two cubes of" = tubes).
_CONTAINERS = frozenset(
    [
        "pack",
        "packet",
        "package",
        "bag",
        "bottle",
        "box",
        "can",
        "jar",
        "tub",
        "tube",
        "case",
        "carton",
        "crate",
        "loaf",
        "loave",
        "bunch",
        "pound",
        "ounce",
        "gallon",
        "liter",
        "litre",
        "container",
        "roll",
        "bar",
        "stick",
        "tin",
        "pouch",
        "dozen",
        "head",
        "block",
        "brick",
        "bundle",
        "pint",
        "quart",
        "cup",
        "piece",
        "sleeve",
        "tray",
        "bucket",
        "set",
        "kilo",
        "slice",
        "serving",
        "lb",
        "oz",
        "pk",
        "ct",
        "count",
        "unit",
        "item",
        "jug",
        "canister",
        "bucket",
        "sack",
        "box",
    ]
)


@lru_cache(maxsize=4096)
def _is_container(word: str) -> bool:
    key = singular(word)
    if key in _CONTAINERS:
        return True
    return len(key) >= 3 and any(_similar(key, c) for c in _CONTAINERS)


def _is_plural_container(word: str) -> bool:
    key = singular(word)
    return key != word and key in _CONTAINERS


def _similar(a: str, b: str) -> bool:
    """Within one substitution, insertion or deletion (cheap, no dependency)."""
    if abs(len(a) - len(b)) > 1 or min(len(a), len(b)) < 3:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) <= 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def _strip_commands(text: str) -> str:
    previous = None
    while previous != text:
        previous = text
        text = _PREFIX_RE.sub("", text)
        text = _SUFFIX_RE.sub("", text).strip()
    return text


def _unit_key(word: str) -> str:
    """The normalised unit a container word stands for ("cans" -> "can", "pk" -> "pack", "count" -> "ct")."""
    key = singular(word)
    return _UNIT_ALIASES.get(key, key)


def _number_at(words: list[str], start: int) -> tuple[int | None, int]:
    """The number said from ``words[start]`` (digits or a run of number words) and where it ends."""
    if start >= len(words):
        return None, start
    if words[start].isdigit():
        return int(words[start]), start + 1
    end = start
    while end < len(words) and words[end] in _NUMBER_WORDS and words[end] != "oh":
        end += 1
    if end == start:
        return None, start
    return _number_value(words[start:end]), end


def _pack_size_at(words: list[str], start: int) -> tuple[int | None, int]:
    """A pack size said from ``words[start]`` ("12 pack", "twelve packs") and where it ends; else ``(None, start)``."""
    size, end = _number_at(words, start)
    if size is None or not 2 <= size <= _MAX_COUNT or end >= len(words) or words[end] not in _PACK_SIZE_WORDS:
        return None, start
    return size, end + 1


def _sized_at(words: list[str], start: int) -> tuple[Decimal, str, int] | None:
    """A size said from ``words[start]``, a number then a measure ("2 liter", "two liters", "12 fluid ounce"),
    with the container it is of and "of" after it ("5 pound bag of"): its amount, its unit (normalised, as
    :attr:`SaidCount.unit`) and where it ends; ``None`` when there is none ("12 pack", "2 percent"). The amount
    may be a decimal ("1.5 liter", "2.5 pound bag of")."""
    if start < len(words) and _is_decimal(words[start]):
        amount, at = Decimal(words[start]), start + 1
    else:
        whole, at = _number_at(words, start)
        if whole is None or not 1 <= whole <= _PLAUSIBLE_COUNT:
            return None
        amount = Decimal(whole)
    if not 0 < amount <= _PLAUSIBLE_COUNT or at >= len(words):
        return None
    if words[at] in {"fl", "fluid"} and words[at + 1 : at + 2] and _unit_key(words[at + 1]) == "oz":
        unit, at = "fl oz", at + 2
    else:
        unit, at = _unit_key(words[at]), at + 1
    if unit not in MEASURE_UNITS:
        return None
    if at < len(words) and singular(words[at]) in _CONTAINERS:
        at += 1  # "a 2 liter bottle of"
    if words[at : at + 1] == ["of"]:
        at += 1
    return Decimal(amount), unit, at


def _fraction_at(words: list[str]) -> tuple[SaidCount, int] | None:
    """A decimal said first as a count of what comes after it ("2.5 bags of", "1.5 12 packs of", "2.5 eggs"),
    which counts no whole number of them (:attr:`SaidCount.fraction`), and where it ends; a whole number of
    dozens is a count ("2.5 dozen eggs": 30 eggs). ``None`` when what follows is not counted ("2.5 purina"):
    the number may be a name's."""
    amount = Decimal(words[0])
    if not 0 < amount <= _PLAUSIBLE_COUNT or len(words) < 2:
        return None
    unit: str | None = None
    pack_size, at = _pack_size_at(words, 1)  # "1.5 12 packs of coke"
    if pack_size is not None:
        unit = "pack"
    elif words[1] == "dozen" or (words[2:3] == ["of"] and _is_container(words[1])):
        unit, at = _unit_key(words[1]), 2  # "2.5 bags of", "2.5 dozen eggs"
    elif singular(words[1]) == words[1]:
        return None  # "2.5 purina one dog food": no plural to count
    else:
        at = 1  # "2.5 eggs", "2.5 bags purina": the number counts what is said after it, as a whole number does
    if words[at : at + 1] == ["of"]:
        at += 1
    if unit == "dozen" and (amount * 12) == (amount * 12).to_integral_value():
        return SaidCount(count=int(amount * 12), unit="dozen"), at
    return SaidCount(count=1, unit=unit, pack_size=pack_size, fraction=amount), at


def _one_sized(count: int, amount: Decimal, unit: str) -> SaidCount:
    """``count`` things of ``amount`` ``unit`` each ("a 2 liter": one of 2 liters)."""
    return SaidCount(count=count, unit=unit, measure=None if amount == 1 else amount)


# Measures said in halves: "a half gallon of", "half a pound of", "two half gallons of".
_HALF_MEASURES = frozenset({"gallon", "gal", "pound", "lb", "liter", "litre", "quart", "pint"})


def _half_measure_at(words: list[str]) -> tuple[SaidCount, int] | None:
    """A count of half measures said first ("a half gallon of", "half a gallon", "two half gallons of")
    and where it ends; ``None`` when there is none ("half and half" is a product)."""
    count, at = 1, 0
    if words and words[0] in {"a", "an"}:
        at = 1
    elif words and words[0] != "half":
        number, end = _number_at(words, 0)
        if number is None or not 1 <= number <= _PLAUSIBLE_COUNT:
            return None
        count, at = number, end
    if words[at : at + 1] != ["half"]:
        return None
    at += 1
    if words[at : at + 1] in (["a"], ["an"]):
        at += 1
    if at >= len(words) or singular(words[at]) not in _HALF_MEASURES:
        return None
    unit = _unit_key(words[at])
    at += 2 if words[at + 1 : at + 2] == ["of"] else 1
    return SaidCount(count=count, unit=unit, measure=Decimal("0.5")), at


def _read_quantity(text: str) -> tuple[SaidCount | None, str]:
    """Read a leading quantity ("two", "a dozen", "three bags of", "a case of", "a 12 pack of") off folded text.

    Returns the count as said (``None`` if none) and the rest: what it was said of ("three *bags*
    of", "half a *dozen*"; nothing for a bare "two"), and any pack size ("a *12* pack of" is one pack
    of 12, and so is "twelve pack of": a singular "pack" after a number makes the number a size).
    """
    for phrase, value in _DOZEN_LONGEST_FIRST:
        if text == phrase or text.startswith(phrase + " "):
            rest = text[len(phrase) :].strip()
            rest = re.sub(r"^of\b ?", "", rest)
            return SaidCount(count=value, unit="dozen"), rest
    words = text.split()
    if not words:
        return None, text
    if (half := _half_measure_at(words)) is not None:
        return half[0], " ".join(words[half[1] :])
    if words[0] in {"a", "an"} and (sized := _sized_at(words, 1)) is not None:
        # "a 2 liter of coke", "a two liter coke": one of that size, not two liters
        return _one_sized(1, *sized[:2]), " ".join(words[sized[2] :])
    if _is_decimal(words[0]):
        # "2.5 lb chicken", "1.5 liters of coke": that much, one of that size. A decimal counts nothing: "2.5
        # chickens" is neither two nor three, and its number stays in the phrase, for a name to hold or not.
        if (sized := _sized_at(words, 0)) is not None:
            return _one_sized(1, *sized[:2]), " ".join(words[sized[2] :])
        if (fraction := _fraction_at(words)) is not None:
            return fraction[0], " ".join(words[fraction[1] :])
        return None, text
    quantity: int | None = None
    used = 0
    pack_size: int | None = None
    if words[0] in {"a", "an"}:
        pack_size, used = _pack_size_at(words, 1)
    if pack_size is not None:
        quantity = 1  # "a 12 pack of": one pack of 12
    elif words[0].isdigit():
        quantity, used = int(words[0]), 1
    elif words[0] in _NUMBER_WORDS and words[0] != "oh":
        said, end = _number_at(words, 0)
        if said is not None:
            quantity, used = said, end
        elif _pack_size_at(words, 1)[0] is not None or _sized_at(words, 1) is not None:
            quantity, used = _number_value(words[:1]), 1  # "two twelve packs of", "two two liters of"
    else:
        for phrase, value in _QUANTITY_WORDS_LONGEST_FIRST:
            if text == phrase or text.startswith(phrase + " "):
                n = len(phrase.split())
                unit = _UNIT_OF_RE.match(" ".join(words[n:]))
                counted = unit is not None and _is_container(unit.group(1))
                # "for beef knockwurst" was "four ...": a number homophone before a longer phrase counts.
                loose = phrase in _LOOSE_HOMOPHONES and len(words) - n >= 2
                if phrase in _HOMOPHONES and not (counted or loose):
                    continue
                quantity, used = value, n
                break
    if quantity is None:
        unit = _UNIT_OF_RE.match(" ".join(words[1:]))
        if words[0] in {"a", "an", "another"} and unit and _is_container(unit.group(1)):
            quantity, used = 1, 1  # "a bag of", "another pack of"
        else:
            lead = _UNIT_OF_RE.match(text)
            if lead and _is_plural_container(lead.group(1)):
                # "boxes of cheerios": the count was said but went to its own slot ("add {Quantity}
                # {Product} to my cart"). Catalog names start with one container ("Bag of Lemons").
                return None, text[lead.end() :]
            if lead and (one := SaidCount(count=1, unit=_unit_key(lead.group(1)))).measured:
                return one, text[lead.end() :]  # "gallon of milk": Alexa's slot without the "a"
            return None, text
    rest_words = words[used:]
    unit_said: str | None = None
    if pack_size is None:
        if (
            1 <= quantity <= _PLAUSIBLE_COUNT
            and len(rest_words) >= 2
            and singular(rest_words[0]) == rest_words[0]
            and _unit_key(rest_words[0]) in MEASURE_UNITS
            and singular(rest_words[1]) in _CONTAINERS
        ):
            # "2 liter bottles of coke": a singular measure before a container makes the number a size
            rest = " ".join(rest_words[3 if rest_words[2:3] == ["of"] else 2 :])
            return _one_sized(1, Decimal(quantity), _unit_key(rest_words[0])), rest
        if rest_words and rest_words[0] in _NOT_A_QUANTITY_AFTER and rest_words[1:2] != ["of"]:
            return None, text  # "2 percent milk", "12 oz coffee": the name's; not "a pound of butter"
        if (
            1 <= quantity <= _PLAUSIBLE_COUNT
            and len(rest_words) >= 2
            and singular(rest_words[0]) == rest_words[0]
            and _unit_key(rest_words[0]) in MEASURE_UNITS
            and rest_words[1] != "of"
        ):
            # "two liter coke", "two gallon milk": a singular measure before the product says how much, as
            # "two liters of coke" does (two liters, which a 2-liter bottle holds), never two of it
            return SaidCount(count=quantity, unit=_unit_key(rest_words[0])), " ".join(rest_words[1:])
        if 1 <= quantity <= _PLAUSIBLE_COUNT and (sized := _sized_at(rest_words, 0)) is not None:
            # "two 2 liter bottles of coke": two of that size
            return _one_sized(quantity, *sized[:2]), " ".join(rest_words[sized[2] :])
        if rest_words and rest_words[0] == "dozen":
            quantity *= 12
            rest_words = rest_words[1:]
            unit_said = "dozen"
        else:
            pack_size, end = _pack_size_at(rest_words, 0)  # "two 12 packs of": two packs of 12
            if pack_size is not None:
                rest_words = rest_words[end:]
            elif 2 <= quantity <= _MAX_COUNT and rest_words and rest_words[0] in {"pack", "pk"}:
                pack_size, quantity = quantity, 1  # "twelve pack of coke": a 12-pack
                rest_words = rest_words[1:]
    if quantity > _MAX_COUNT or quantity == 0:
        return None, text
    rest = " ".join(rest_words)
    if pack_size is not None:
        unit_said = "pack"
        rest = re.sub(r"^of\b ?", "", rest)
    elif (unit := _UNIT_OF_RE.match(rest)) and _is_container(unit.group(1)):
        rest = rest[unit.end() :]
        unit_said = _unit_key(unit.group(1))
    elif rest_words and rest_words[0] == "of":
        rest = " ".join(rest_words[1:])
    return SaidCount(count=quantity, unit=unit_said, pack_size=pack_size), rest


@lru_cache(maxsize=16384)
def split_quantity(utterance: str) -> tuple[int | None, str]:
    """Split a whole heard utterance into the quantity said and the normalised product phrase.

    Parameters
    ----------
    utterance
        What the shopper said, as heard: ``"can you order six tubs of sopressata"``,
        ``"add a couple of paper towels to my cart"``, or a bare slot value ``"milk"``.

    Returns
    -------
    tuple[int | None, str]
        ``(quantity, phrase)``: the count said (``None`` if none), and :func:`normalise` of what is
        left once command words, fillers, determiners and the quantity with its unit are removed.

    Examples
    --------
    >>> split_quantity("can you order six tubs of sopressata")
    (6, 'sopressata')
    >>> split_quantity("put a dozen eggs on my shopping list")
    (12, 'egg')
    >>> split_quantity("i want to buy the bounty paper towels")
    (None, 'bounty paper towel')
    """
    return readings(utterance)[0]


def readings(utterance: str) -> tuple[tuple[int | None, str], ...]:
    """All plausible ``(quantity, phrase)`` readings of an utterance, the preferred one first.

    A bare leading number with no unit ("6 cheese italian shredded cheese") may be a count or part of
    the product's name, so both readings are returned; otherwise there is one reading, the one
    :func:`split_quantity` gives.

    Parameters
    ----------
    utterance
        What the shopper said, as heard.

    Returns
    -------
    tuple[tuple[int | None, str], ...]
        One or two readings.

    Examples
    --------
    >>> readings("6 cheese pizza")
    ((6, 'cheese pizza'), (None, '6 cheese pizza'))
    """
    return tuple((said.count if said and said.whole else None, phrase) for said, phrase in _readings(utterance))


# Words that name no product on their own: commands, fillers, pronouns, determiners, prepositions, counts.
_NO_PRODUCT_WORDS = frozenset({
    "order", "reorder", "buy", "add", "get", "want", "need", "please", "cart", "card", "list", "shopping",
    "basket", "put", "some", "me", "my", "i", "you", "can", "could", "would", "like", "purchase", "grab",
    "more", "another", "also", "just", "a", "an", "the", "and", "of", "to", "for", "on", "in", "into", "with",
    "at", "from", "by", "our", "it", "that", "this", "they", "them", "those", "these", "one", "couple", "dozen",
    "pair", "few", "several", "thank", "thanks", "something", "anything", "stuff", "thing", "item",
    # What a count is said in ("two packs", "a case", "a gallon"), as normalised; not a container that is a
    # product too ("gallon bags", "cups", "rolls", "bars").
    "pack", "packet", "case", "carton", "crate", "bottle", "jug", "jar", "tub", "box", "container", "canister",
    "pouch", "tin", "sleeve", "loaf", "loave", "bunch", "unit", "serving", "ct", "gal", "l", "ml", "fl", "oz",
    "lb", "kg", "g", "qt", "pt",
})  # fmt: skip
# Not "half": "half and half" is a product; "a half gallon" names none (see names_a_product).
_MEASURE_KEYS = frozenset({"gal", "l", "lb", "qt", "pt"})


def names_a_product(utterance: str) -> bool:
    """Whether an utterance holds a word that may name a product, not only commands, fillers and counts.

    "order", "add to my cart" and "order three" name nothing: the shopper is asked which product.

    Examples
    --------
    >>> names_a_product("order three"), names_a_product("add to my cart"), names_a_product("order 2 in 1 shampoo")
    (False, False, True)
    >>> names_a_product("order half and half"), names_a_product("order two packs"), names_a_product("a half gallon")
    (True, False, False)
    """
    words = normalise(utterance).split()
    for i, word in enumerate(words):
        if is_number(word) or word in _NO_PRODUCT_WORDS:
            continue
        if word == "half" and _MEASURE_KEYS.intersection(words[i + 1 : i + 3]):
            continue  # "a half gallon", "half a gallon"
        return True
    return False


# A spoken money amount: words around it that say nothing of how much, and those that split it.
_MONEY_FILLER = frozenset({
    "up", "to", "a", "month", "per", "each", "about", "make", "it", "that", "let", "lets", "say", "no", "more",
    "than", "at", "most", "maximum", "max", "of", "spend", "please", "usd", "limit", "cap", "monthly",
})  # fmt: skip
_MONEY_DOLLARS = frozenset({"dollar", "dollars", "buck", "bucks"})
_MONEY_CENTS = frozenset({"cent", "cents"})
_DECIMAL_POINT_RE = re.compile(r"(?<=\d)\.(?=\d)")


def _a_scale(words: list[str], at: int) -> bool:
    """Whether the "a" at ``words[at]`` is one of a scale starting a number or a part of one: "a million", "a
    thousand a hundred"; not "twenty a hundred"."""
    starts = at == 0 or words[at - 1] in _LARGE_SCALES
    return starts and at + 1 < len(words) and words[at + 1] in _LARGE_SCALES


def _whole_number(words: list[str]) -> int | None:
    """A whole number said in digits ("21"), words ("twenty one", "a thousand and one") or both ("5 million");
    ``None`` for anything else."""
    if len(words) == 1 and words[0].isdigit():
        return int(words[0])
    words = [
        "one" if word in ("a", "an") and _a_scale(words, i) else word
        for i, word in enumerate(words)
        if word != "and" or i == 0 or words[i - 1] not in _LARGE_SCALES
    ]
    if not words or any(word not in _AMOUNT_WORDS and not word.isdigit() for word in words):
        return None
    if any(
        (word in _UNITS and (before in _UNITS or (before in _TENS and _UNITS[word] == 0)))
        or (_UNITS.get(word, 0) >= 10 and before not in _LARGE_SCALES)
        for before, word in pairwise(words)
    ):
        return None  # "ten fifteen" is two numbers ($10.15), not 25; "ten one", "twenty zero" are no number
    return _number_value(words)


def number_in(phrase: str) -> int | None:
    """The whole number a phrase is, as Alexa's AMAZON.NUMBER slot reads one; ``None`` unless it is only that.

    Digits ("12"), number words ("twenty one", "two hundred and five", "a thousand and one", "a million"), or
    digits before a scale ("5 thousand"). Words that make no one number ("forty five sixty seven", "one hundred
    hundred", "a thousand a million") and a lone "a" are none. A sign is not read ("minus" is a word).

    Examples
    --------
    >>> number_in("a thousand and one"), number_in("a million"), number_in("5 million"), number_in("12")
    (1001, 1000000, 5000000, 12)
    >>> number_in("forty five sixty seven"), number_in("one hundred hundred"), number_in("a"), number_in("milk")
    (None, None, None, None)
    """
    words = fold(phrase[:MAX_INPUT_CHARS]).split()
    return None if "oh" in words else _whole_number(words)  # "oh" is a digit of a code ("oh five"), no number


def _cents(words: list[str]) -> int | None:
    """Cents said as a whole number below 100 ("seventy six", "76", "oh five")."""
    cents = _whole_number(words[1:] if len(words) == 2 and words[0] in ("oh", "zero") else words)
    return cents if cents is not None and cents < 100 else None


def _dollars_and_cents(words: list[str]) -> Decimal | None:
    """ "twenty one" (21), "twenty one seventy six" (21.76, as a price is said), "21 point 76" (21.76)."""
    if "point" in words:
        at = words.index("point")
        dollars, places = _whole_number(words[:at]), words[at + 1 :]
        digits = "".join(word if word.isdigit() else str(_UNITS.get(word, "x")) for word in places)
        if not digits.isdigit() and (cents := _whole_number(places)) is not None and 10 <= cents < 100:
            digits = str(cents)  # "point seventy six"
        if dollars is None or not digits.isdigit() or len(digits) > 2:
            return None  # "point" with no cents after it, or parts of a cent: no amount to charge
        return Decimal(f"{dollars}.{digits}")
    whole = _whole_number(words)
    if whole is not None:
        return Decimal(whole)
    readings = [
        (dollars, cents)
        for at in range(1, len(words))
        if (dollars := _whole_number(words[:at])) is not None
        and len(words[at:]) <= 2
        and (cents := _cents(words[at:])) is not None
        and (cents >= 10 or words[at] in ("oh", "zero"))
    ]
    if len(readings) != 1:
        return None  # no reading, or several: an amount of money is never guessed
    dollars, cents = readings[0]
    return Decimal(dollars) + Decimal(cents) / 100


def amount_in(utterance: str) -> Decimal | None:
    """The amount of money a phrase says, to the cent; ``None`` unless the phrase is only that amount.

    Alexa's NUMBER slot carries whole numbers, so cents reach the skill as words around them: "twenty one
    dollars and seventy six cents", "21 dollars 76", "twenty one seventy six" or "21 point 76".

    Examples
    --------
    >>> amount_in("up to 21.76 dollars a month"), amount_in("twenty one dollars and seventy six cents")
    (Decimal('21.76'), Decimal('21.76'))
    >>> amount_in("twenty one seventy six"), amount_in("21 76"), amount_in("forty dollars")
    (Decimal('21.76'), Decimal('21.76'), Decimal('40'))
    >>> amount_in("21 point 765") is None, amount_in("two packs of coffee") is None
    (True, True)
    """
    text = _DECIMAL_POINT_RE.sub(" point ", utterance[:MAX_INPUT_CHARS].replace("$", " "))
    words = [word for word in fold(text).split() if word not in _MONEY_FILLER]
    cents_said = bool(words) and words[-1] in _MONEY_CENTS
    words = words[:-1] if cents_said else words
    said_dollars = [i for i, word in enumerate(words) if word in _MONEY_DOLLARS]
    if len(said_dollars) > 1 or not words:
        return None
    if not said_dollars:
        if cents_said:  # "seventy six cents"
            cents = _cents(words)
            return Decimal(cents) / 100 if cents is not None else None
        return _dollars_and_cents(words)
    at = said_dollars[0]
    before, after = words[:at], words[at + 1 :]
    after = after[1:] if after[:1] == ["and"] else after
    if not after:
        return None if cents_said else _dollars_and_cents(before)
    dollars, cents = _whole_number(before), _cents(after)
    if dollars is None or cents is None:
        return None
    return Decimal(dollars) + Decimal(cents) / 100


# Words around a code said aloud ("my code is ...") that are not part of it.
_CODE_FILLER = frozenset({"my", "the", "voice", "code", "pin", "is", "its", "it", "please", "um", "uh", "er"})


def digits_said(utterance: str) -> str | None:
    """The digits of a phrase that is only a number said digit by digit or in pairs, as a code is said;
    ``None`` for anything else.

    Each word reads one way only: a digit ("one", "oh"), a number from ten to nineteen, or a tens word with
    the digit after it ("thirty four"), so "twelve thirty four" is 1234, as "nineteen eighty four" is 1984.
    A number with "hundred" or "thousand" in it, or any other word, is not read as digits (never guessed).

    Examples
    --------
    >>> digits_said("one two three four"), digits_said("twelve thirty four"), digits_said("my code is 4 3 2 1")
    ('1234', '1234', '4321')
    >>> digits_said("one two three"), digits_said("oh five"), digits_said("twenty")
    ('123', '05', '20')
    >>> digits_said("twelve hundred") is None, digits_said("peanut butter") is None, digits_said("") is None
    (True, True, True)
    """
    words = [word for word in fold(utterance[:MAX_INPUT_CHARS]).split() if word not in _CODE_FILLER]
    digits: list[str] = []
    at = 0
    while at < len(words):
        word = words[at]
        at += 1
        if word.isdigit():
            digits.append(word)
        elif word in _UNITS:
            digits.append(str(_UNITS[word]))
        elif word in _TENS:
            value = _TENS[word]
            if at < len(words) and 1 <= _UNITS.get(words[at], 0) <= 9:
                value, at = value + _UNITS[words[at]], at + 1  # "thirty four": one number, 34
            digits.append(str(value))
        else:
            return None
    return "".join(digits) or None


def count_is_part_of_name(phrase: str) -> bool:
    """Whether a number said just before ``phrase`` belongs to the product's name, not to the order.

    Alexa's NUMBER slot can take "two" from "order two percent milk", leaving "percent milk" as the
    product: the number is then the name's ("2 percent milk"), as when the whole utterance is read. So is a
    number the phrase goes on as a decimal: "two" and "point five pounds of chicken" are 2.5 pounds, never two.

    Examples
    --------
    >>> count_is_part_of_name("percent milk"), count_is_part_of_name("% milk"), count_is_part_of_name("milk")
    (True, True, False)
    >>> count_is_part_of_name("point five pounds of chicken"), count_is_part_of_name("point reyes blue cheese")
    (True, False)
    """
    words = fold(phrase[:MAX_INPUT_CHARS]).split()
    if words[:1] == ["point"] and _is_decimal(_spoken_decimals(["1", *words])[0]):
        return True  # "point five pounds of chicken", "point 5 lb"
    return bool(words) and words[0] in _NOT_A_QUANTITY_AFTER


def counted_in_packs(utterance: str) -> bool:
    """Whether the count said in an utterance was said of packs or containers rather than bare or of items.

    "two packs of paper towels", "a carton of eggs" and "a 12 pack of coke" are said of packs; "a
    dozen eggs" and "twelve eggs" are not. ``False`` when no count was said. Whether "twelve cans of"
    is packs depends on the product (see :func:`said_count` and :meth:`catalog.Product.packs_for`).

    Examples
    --------
    >>> counted_in_packs("order two packs of paper towels"), counted_in_packs("order a dozen eggs")
    (True, False)
    """
    said = said_count(utterance)
    return said is not None and said.in_packs


def said_count(utterance: str, *, count: int | None = None) -> SaidCount | None:
    """The count said in an utterance, with what it was said of; ``None`` when no count was said.

    ``count``: a count heard apart from the utterance (Alexa's Quantity slot), read with it: 12 and
    "cans of coke" are twelve cans, 2 and "12 packs of coke" two packs of 12. A count below one is
    none; one the utterance would change ("two" and "thousand island dressing") is taken bare.

    Examples
    --------
    >>> said_count("order a 12 pack of coke")
    SaidCount(count=1, unit='pack', pack_size=12, measure=None, fraction=None)
    >>> said_count("add half a dozen eggs to my cart")
    SaidCount(count=6, unit='dozen', pack_size=None, measure=None, fraction=None)
    >>> said_count("order a 2 liter of coke")
    SaidCount(count=1, unit='l', pack_size=None, measure=Decimal('2'), fraction=None)
    >>> said_count("12 cans of coke")
    SaidCount(count=12, unit='can', pack_size=None, measure=None, fraction=None)
    >>> said_count("order two 12 packs of coke"), said_count("order eggs")
    (SaidCount(count=2, unit='pack', pack_size=12, measure=None, fraction=None), None)
    >>> said_count("cans of coke", count=12)
    SaidCount(count=12, unit='can', pack_size=None, measure=None, fraction=None)
    >>> said_count("pack of coke", count=12)
    SaidCount(count=1, unit='pack', pack_size=12, measure=None, fraction=None)
    >>> said_count("thousand island dressing", count=2)
    SaidCount(count=2, unit=None, pack_size=None, measure=None, fraction=None)
    >>> said_count("coke 12pk") == said_count("coke twelve pack")
    True
    >>> said_count("a 2l coke") == said_count("a two liter coke")
    True
    """
    if count is None:
        return _readings(utterance)[0][0]
    if count < 1:
        return None
    said = _readings(f"{count} {utterance}")[0][0]
    if said is None or not (
        said.count == count
        or (said.unit == "dozen" and said.count == 12 * count)  # 2 and "dozen eggs"
        or (said.pack_size == count and said.count == 1)  # 12 and "pack of coke": a 12-pack
        or (said.measure == count and said.count == 1)  # 2 and "liter bottle of coke": a 2-liter
    ):
        return SaidCount(count=count)
    return said


def said_readings(utterance: str) -> tuple[tuple[SaidCount | None, str], ...]:
    """:func:`readings`, each with its count as said (:func:`said_count`) rather than the bare number.

    Examples
    --------
    >>> said_readings("order a 12 pack of coke")
    ((SaidCount(count=1, unit='pack', pack_size=12, measure=None, fraction=None), 'coca cola'),)
    """
    return _readings(utterance)


@lru_cache(maxsize=16384)
def _readings(utterance: str) -> tuple[tuple[SaidCount | None, str], ...]:
    """:func:`readings`, each with its count as said."""
    text = _TYPED_UNIT_RE.sub(r"\1 \2", fold(_TAG_RE.sub(" ", utterance[:MAX_INPUT_CHARS])))
    text = " ".join(_spoken_decimals(text.split()))
    text = _strip_commands(_strip_misheard_commands(text))
    stripped = text
    said, text = _read_quantity(text)
    bare_number = (
        said is not None
        and stripped.split()[0] in _NUMBER_WORDS | _LOOSE_HOMOPHONES | {str(said.count)}
        and stripped.endswith(text)
        and len(stripped.split()) - len(text.split()) == 1
    )
    # "two liter coke", "two gallon freezer bags": a measure said right before the product, with no "of", may be
    # the name's ("Gallon Freezer Bags") as well as the size said
    named_measure: str | None = None
    if said is not None and said.measured and said.measure is None and text and stripped.endswith(f" {text}"):
        last = stripped[: -len(text)].split()[-1]
        named_measure = last if _unit_key(last) == said.unit else None
    text = _drop_determiners(_strip_commands(_drop_determiners(text)))
    if said is None:
        said, text = _read_quantity(text)
        text = _drop_determiners(text)
    text = _drop_trailing_commands(text)
    after = _trailing_quantity(text) if said is None else None
    trailing = after is not None
    if after is not None:
        said, text = after  # "bounty paper towels two packs"
    elif said is not None and said.unit is None and said.pack_size is None and (packs := _trailing_packs(text, said)):
        said, text = packs  # "two coke twelve packs": two 12-packs
    if not text.strip():
        # Nothing is left but the number: the number is the product ("two" for "2 in 1").
        said, text = None, _drop_determiners(stripped) or stripped
    phrase = normalise(text)
    if not phrase:
        # Everything looked like a command ("order"): keep the folded words rather than nothing.
        phrase = normalise(stripped or fold(utterance))
    options: list[tuple[SaidCount | None, str]] = [(said, phrase)]
    if named_measure is not None:
        # The name's first ("Gallon Freezer Bags"); the product without it ("coke") only when it fits better.
        options.insert(0, (said, normalise(f"{named_measure} {text}")))
    if said is not None:
        quantity = said.count
        words = stripped.split()
        for word, scale in _SCALES.items():
            if word in words and quantity % scale == 0 and quantity // scale <= _PLAUSIBLE_COUNT:
                # "two thousand island dressing", "two hundred calorie packs": the scale word may be the
                # name's, and the count the words before it.
                options.append((said.model_copy(update={"count": quantity // scale}), normalise(f"{scale} {text}")))
                break
        if bare_number or trailing or quantity > _PLAUSIBLE_COUNT:
            # "2 in 1 shampoo", "1000 island dressing": the number may be all the name's.
            options.append((None, normalise(stripped)))
    return tuple(options)


def _trailing_quantity(text: str) -> tuple[SaidCount, str] | None:
    """A count said after the product, of the packs or containers it comes in ("bounty paper towels two
    packs", "coke a twelve pack", "dawn one bottle"), and the product before it; ``None`` for a number
    that is the name's or its size ("mr coffee 12 cup", "hefty bags 13 gallon", "tide pods 42 count")."""
    words = text.split()
    if len(words) < 3 or not _is_container(words[-1]):
        return None
    start = len(words) - 1
    while start > 1 and (is_number(words[start - 1]) or words[start - 1] in _NUMBER_WORDS | {"a", "an"}):
        start -= 1
    said, rest = _read_quantity(" ".join([*words[start:], "of"]))
    if said is None or rest or said.measured:
        return None
    if said.pack_size is None and said.count != 1 and singular(words[-1]) == words[-1]:
        return None  # "12 cup": a size, not twelve cups
    return said, " ".join(words[:start])


def _trailing_packs(text: str, bare: SaidCount) -> tuple[SaidCount, str] | None:
    """After a bare count (``bare``), packs of a size said after the product ("two coke twelve packs", "three
    bounty a six pack"): that many packs of that size, and the product before them. The same number again
    ("two bounty two packs") is the count said again, of packs. ``None`` when no packs are said after it ("two
    mr coffee 12 cup": a size of the name's)."""
    if (after := _trailing_quantity(text)) is None:
        return None
    said, rest = after
    size = said.pack_size or (said.count if said.unit == "pack" and said.count >= 2 else None)
    if size is None or (said.pack_size is None and not text.endswith(" packs")):
        return None
    if said.pack_size is None and size == bare.count:
        return SaidCount(count=bare.count, unit="pack"), rest
    return SaidCount(count=bare.count, unit="pack", pack_size=size), rest


def _drop_trailing_commands(text: str) -> str:
    """Drop a command noun left at the end ("tenderloin order" was "tenderloin to my order")."""
    words = text.split()
    while len(words) > 1 and words[-1] in _TRAILING_COMMAND_NOUNS:
        words = words[:-1]
    return " ".join(words)


def _drop_determiners(text: str) -> str:
    words = text.split()
    while words and words[0] in _DETERMINERS:
        words = words[1:]
    return " ".join(words)


def _strip_misheard_commands(text: str) -> str:
    """Drop what a recogniser made of a command around the product phrase.

    A command verb among the first four words ends the command ("ten year order ..." was "can you
    order ..."); a "to/on my ..." tail ends the request ("on my champagne lids" was "on my shopping
    list").
    """
    words = text.split()
    head = words[:4]
    verbs = [i for i, w in enumerate(head) if w in _COMMAND_VERBS]
    if verbs and verbs[-1] < len(words) - 1:
        words = words[verbs[-1] + 1 :]
    elif len(words) > 2 and words[0] in _LEADING_NOISE and (words[1] not in _LEADING_NOISE or words[1] == "the"):
        # "and some peanut butter" / "had some beef stock": a misheard "add".
        words = words[1:]
    for i in range(max(0, len(words) - 4), len(words) - 1):
        if words[i] == "my" and i > 1 and words[i - 1] in _TAIL_PREPOSITIONS:
            words = words[: i - 1]
            break
    return " ".join(words)
