"""Dialog helpers: which offered option the shopper picked, a product's spoken names, spoken lists and counts."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

import jellyfish
from rapidfuzz import fuzz

from catalog.model import ITEM_WORDS, Candidate, Choice, Product, SaidCount
from catalog.normalise import (
    MAX_INPUT_CHARS,
    amount_in,
    fold,
    is_number,
    names_a_product,
    normalise,
    said_count,
    said_readings,
    split_quantity,
)
from catalog.preference import decisive, preference_in

__all__ = [
    "Amendment",
    "Automatic",
    "Later",
    "amendment_in",
    "amount_said_in",
    "automatic_in",
    "count_in",
    "count_said_in",
    "holding_said_words",
    "joined_parts",
    "later_in",
    "list_parts",
    "names_apart",
    "names_every_part",
    "names_kind_said",
    "points_at_the_one",
    "product_replaced",
    "resolve_choice",
    "said_without_count",
    "split_run",
    "spoken_forms",
    "with_count_said",
]

# "milk, eggs and bread": commas (typed text) and "and" separate the products of a spoken list.
_LIST_SEPARATOR = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+", re.IGNORECASE)

_MAX_FORM_CHARS = 140

# How far above the whole phrase's score each part of a spoken list must score to name a product of its
# own: the matcher's ambiguity margin, within which two candidates are a close call.
_PART_LEAD = 2.0
# Most words of a list part looked at as several products said without "and" ("dunkin coffee daves bread").
_MAX_RUN_WORDS = 6

_NEITHER_RE = re.compile(
    r"\b(?:neither|nether|none|nope|no thanks|no thank you|not those|not these|not that|"
    r"not any|not either|(?:dont|do not) (?:want|like|need) (?:either|any)|something else|other one either|"
    r"cancel|nothing)\b|^no$"
)
# The whole answer means every option offered: "both", "all of them", "both of those please", "all three".
_EVERY_RE = re.compile(
    r"^(?:(?:yes|yeah) )?(?:(?:i want|id like|ill take|i will take|take|give me|get|order|remove|change) )?"
    r"(?:both|all|each|every one)(?: of (?:them|those|these|the ones))?(?: (?:two|three|four|five))?(?: ones?)?"
    r"(?: please)?$"
)
# Any one will do: "either one is fine", "whichever", "it doesn't matter", "you pick" (after "not either").
_EITHER_RE = re.compile(
    r"^(?:(?:um|uh|oh|well|yes|yeah|ok|okay|i guess) )*"
    r"(?:(?:either|whichever|any ?one)\b|any(?: of (?:them|those))?(?: (?:is fine|will do|works|is ok|is okay))?$"
    r"|(?:it )?doesnt matter|(?:i )?dont (?:care|mind)|you (?:pick|choose|decide)|up to you|your (?:choice|call)"
    r"|surprise me)"
)
# The shopper asks about the options instead of picking one: "what's the difference?", "how much are they?".
_COMPARE_RE = re.compile(
    r"\b(?:difference|differ|compare|comparison|how much|prices|what (?:do|does) (?:they|those|these|each) cost"
    r"|how are (?:they|those|these) different|tell me (?:more )?about (?:them|those|these|both))\b"
)
_ORDINALS: dict[str, int] = {
    "first": 0, "1st": 0, "one": 0, "1": 0, "won": 0, "former": 0, "top": 0,
    "second": 1, "2nd": 1, "two": 1, "2": 1, "to": 1, "too": 1, "middle": 1,
    "third": 2, "3rd": 2, "three": 2, "3": 2, "tree": 2,
    "fourth": 3, "4th": 3, "four": 3, "4": 3, "for": 3,
    "fifth": 4, "5th": 4, "five": 4, "5": 4,
}  # fmt: skip
_LAST = frozenset({"last", "latter", "final", "bottom"})
_FILLER = frozenset(
    [
        "the",
        "a",
        "an",
        "one",
        "i",
        "want",
        "take",
        "give",
        "me",
        "please",
        "number",
        "option",
        "choice",
        "item",
        "pick",
        "choose",
        "go",
        "with",
        "that",
        "this",
        "it",
        "s",
        "ll",
        "id",
        "d",
        "like",
        "get",
        "yes",
        "yeah",
        "um",
        "uh",
        "oh",
        "okay",
        "ok",
    ]
)


_FILLER_KEYS = frozenset(normalise(w) for w in _FILLER | {"ones", "those", "these", "them"})


def _ordinal(words: list[str], count: int) -> int | None:
    content = [w for w in words if w not in _FILLER or w in _ORDINALS]
    if not content:
        return None
    if any(w in _LAST for w in content) and len(content) <= 2:
        return count - 1
    # An ordinal alone ("second", "number two", "the first one") is a position.
    if len(content) <= 2 and content[0] in _ORDINALS:
        index = _ORDINALS[content[0]]
        if len(content) == 1 or content[1] in {"one", "1", "please"}:
            return index if index < count else None
    return None


def _name_score(heard: str, option: Product) -> float:
    """How well ``heard`` names ``option``: by its name, its brand or one of its synonyms ("the store brand")."""
    words = normalise(heard).split()
    # Fillers go, but not a number said after a word ("size one": size 1, not size).
    heard_words = {
        w
        for i, w in enumerate(words)
        if w not in _FILLER_KEYS or (is_number(w) and i > 0 and words[i - 1] not in _FILLER_KEYS)
    }
    if not heard_words:
        return 0.0
    names = {option.name, *(option.synonyms), *([option.brand] if option.brand else [])}
    return max(_words_score(heard, heard_words, normalise(name)) for name in names)


def _words_score(heard: str, heard_words: set[str], name: str) -> float:
    name_words = set(name.split())
    exact = len(heard_words & name_words)
    sounds = {jellyfish.metaphone(w) for w in name_words if w.isalpha()}
    similar = sum(
        1
        for w in heard_words - name_words
        if w.isalpha() and (jellyfish.metaphone(w) in sounds or any(fuzz.ratio(w, n) >= 75 for n in name_words))
    )
    coverage = (exact + 0.7 * similar) / len(heard_words)
    return 70.0 * coverage + 0.3 * fuzz.token_set_ratio(normalise(heard), name)


# "that one", "this", "the first one", "the only one", "I'll take that one": the one product offered, pointed at
# (folded: :func:`catalog.fold`).
_THE_ONE_RE = re.compile(
    r"^(?:(?:yes|yeah|ok|okay) )?(?:(?:i ?ll take|i will take|i want|id like|i would like|give me|get me|order) )?"
    r"(?:(?:the )?(?:that|this|it|first|1st|top|last|only|same)(?: one)?|the one|number one)(?: please)?$"
)


def points_at_the_one(heard: str) -> bool:
    """Whether ``heard`` points at the one product offered rather than naming one: with a single option,
    :func:`resolve_choice` has no runner-up to tell a name like it from a choice of it.

    Examples
    --------
    >>> points_at_the_one("I'll take that one"), points_at_the_one("the first one please")
    (True, True)
    >>> points_at_the_one("cola"), points_at_the_one("the second one")
    (False, False)
    """
    return _THE_ONE_RE.match(fold(heard)) is not None


def resolve_choice(heard: str, options: Sequence[Product]) -> Choice:
    """Understand which of the offered options the shopper picked.

    Parameters
    ----------
    heard
        The reply as heard: "the first one", "number two", "the last one", "the cheaper one",
        "the biggest", a (partial or misheard) product name, or "neither" / "none of them".
    options
        The products offered, in the order they were read out.

    Returns
    -------
    Choice
        ``index`` (0-based) of the chosen option (by position, preference, size said, or name, brand or
        synonym), or ``neither=True``, or ``every=True`` ("both", "all of them"), or ``either=True`` ("either
        one is fine"), or ``compare=True`` ("what's the difference?"); ``Choice()`` (index ``None``) when the
        reply was not understood.

    Examples
    --------
    >>> from decimal import Decimal
    >>> a = Product(id="a", name="Whole Milk", price=Decimal("3.99"), category="dairy")
    >>> b = Product(id="b", name="Oat Milk", price=Decimal("4.99"), category="dairy")
    >>> resolve_choice("the second one", [a, b]).index, resolve_choice("oat", [a, b]).index
    (1, 1)
    >>> resolve_choice("neither of them", [a, b]).neither
    True
    >>> resolve_choice("the cheaper one", [b, a]).index
    1
    >>> resolve_choice("both of them", [a, b]).every, resolve_choice("all free clear", [a, b]).every
    (True, False)
    >>> resolve_choice("either one is fine", [a, b]).either, resolve_choice("what's the difference", [a, b]).compare
    (True, True)
    >>> jug = Product(id="j", name="Whole Milk", size="1 gal", price="3.99", category="dairy")
    >>> carton = Product(id="c", name="Organic Whole Milk", size="0.5 gal", price="5.79", category="dairy")
    >>> resolve_choice("the gallon", [carton, jug]).index, resolve_choice("the half gallon", [carton, jug]).index
    (1, 0)
    """
    if not isinstance(heard, str) or not options:
        return Choice()
    text = fold(heard[:500])
    if not text:
        return Choice()
    if _NEITHER_RE.search(text):
        return Choice(neither=True)
    if _EVERY_RE.match(text):
        return Choice(every=True)
    words = text.split()
    position = _ordinal(words, len(options))
    if position is not None:
        return Choice(index=position)
    preference = preference_in(text)[0]
    if preference is not None and (index := decisive(preference, options)) is not None:
        return Choice(index=index)
    if _EITHER_RE.match(text):
        return Choice(either=True)
    if _COMPARE_RE.search(text):
        return Choice(compare=True)
    if (index := _sized(text, options)) is not None:
        return Choice(index=index)
    scores = sorted(((_name_score(text, o), i) for i, o in enumerate(options)), reverse=True)
    best_score, best_index = scores[0]
    runner_up = scores[1][0] if len(scores) > 1 else 0.0
    if best_score >= 45.0 and best_score - runner_up >= 8.0:
        return Choice(index=best_index)
    return Choice()


def _sized(text: str, options: Sequence[Product]) -> int | None:
    """The one option whose packs fit a size or count said ("the gallon", "the half gallon", "the dozen",
    "the 18 pack"), as :meth:`Product.pack_fit` ranks them; ``None`` when none is said or none fits best."""
    said = said_count(f"{text} of items")  # "of": what the answer names is a size ("the gallon" of it)
    if said is None:
        return None
    fits = [option.pack_fit(said) for option in options]
    best = max(fits)
    return fits.index(best) if best > 0 and fits.count(best) == 1 else None


def _cut(text: str) -> str:
    if len(text) <= _MAX_FORM_CHARS:
        return text
    return text[: _MAX_FORM_CHARS + 1].rsplit(" ", 1)[0][:_MAX_FORM_CHARS].strip()


_SIZE_WORDS_RE = re.compile(
    r"\b\d+(?: \d+)?\s?(?:fl oz|oz|ounces?|lbs?|pounds?|ct|count|pk|packs?|gal|gallons?|l|ml|g|kg|qt|pt|"
    r"rolls?|sheets?|bags?|cans?|bottles?|pods?|tablets?|capsules?|x)\b"
)


def spoken_forms(product: Product) -> tuple[str, ...]:
    """Names a shopper would say for a product, for Alexa slot values and synonyms.

    Parameters
    ----------
    product
        The product.

    Returns
    -------
    tuple[str, ...]
        Folded (lower-case, no punctuation, garbled characters repaired) and deduplicated forms, each at
        most 140 characters, the full name first: the name, the name without its size, without its
        brand, and the product's synonyms.

    Examples
    --------
    >>> from decimal import Decimal
    >>> p = Product(id="p", name="Bounty Paper Towels 6 rolls", brand="Bounty", price=Decimal("9.99"),
    ...             category="paper", synonyms=("kitchen roll",))
    >>> spoken_forms(p)[:3]
    ('bounty paper towels 6 rolls', 'bounty paper towels', 'paper towels 6 rolls')
    """
    name = fold(product.name)
    sizeless = " ".join(_SIZE_WORDS_RE.sub(" ", name).split())
    if product.size:
        size = fold(product.size)
        if size and size in sizeless:
            sizeless = " ".join(sizeless.replace(size, " ").split())
    forms = [name, sizeless]
    brand = fold(product.brand) if product.brand else ""
    if brand:
        for form in (name, sizeless):
            if form.startswith(brand + " "):
                forms.append(form[len(brand) + 1 :])
            elif f" {brand} " in f" {form} ":
                forms.append(" ".join(f" {form} ".replace(f" {brand} ", " ").split()))
    forms.extend(fold(s) for s in product.synonyms)
    seen: dict[str, None] = {}
    for form in forms:
        cut = _cut(form)
        if cut and cut not in seen:
            seen[cut] = None
    return tuple(seen)


# Words that tie a name's words together and say nothing of its kind ("a dozen eggs", "mop and bucket").
_LINK_WORDS = frozenset({"a", "an", "the", "and", "of", "with", "for", "in", "on", "n"})


def _numbers_beside(words: Sequence[str]) -> dict[tuple[str, int], set[str]]:
    """The numbers of normalised words by the word beside them: ``("size", -1)`` holds the 3 of "size 3" (the
    word before it), ``("percent", 1)`` the 2 of "2 percent" (the word after it)."""
    beside: dict[tuple[str, int], set[str]] = {}
    for at, word in enumerate(words):
        if is_number(word):
            for side in (-1, 1):
                if 0 <= at + side < len(words) and not is_number(words[at + side]):
                    beside.setdefault((words[at + side], side), set()).add(word)
    return beside


def _holds_another_number(product: Product, said: dict[tuple[str, int], set[str]]) -> bool:
    """Whether a product's names hold another number where one was said: "size 3" for "size 2", "1%" for "2%"."""
    held: dict[tuple[str, int], set[str]] = {}
    for form in spoken_forms(product):
        for key, numbers in _numbers_beside(normalise(form).split()).items():
            held.setdefault(key, set()).update(numbers)
    return any(key in held and not numbers & held[key] for key, numbers in said.items())


def names_kind_said(product: Product, phrase: str) -> bool:
    """Whether a product is of the kind said: one of its names, without its brand, has only words said, and
    none holds another number where one was said.

    What is left of a name once the brand is dropped is its kind ("eggs" of "Vital Farms Eggs",
    "mouthwash" of "Crest Mouthwash"); a name that is all brand is its own kind ("coca cola"). The
    nearest product offered for something not found must be a more general name of it ("eggs" for
    "organic eggs", "milk" for "1% milk", "mouthwash" for "colgate mouthwash"), never one that only
    shares a word ("shaving cream" for "sour cream", "Banana Boat sunscreen" for "bananas"), nor one of
    another size, stage or percent ("size 3 diapers" for "size 2 diapers", "2% milk" for "1% milk").

    Examples
    --------
    >>> eggs = Product(id="e", name="Vital Farms Brown Eggs", brand="Vital Farms", price="6.99", category="dairy")
    >>> foam = Product(id="f", name="Gillette Shaving Cream", brand="Gillette", price="3.99", category="care")
    >>> names_kind_said(eggs, "organic eggs"), names_kind_said(foam, "sour cream")
    (False, False)
    >>> eggs = eggs.model_copy(update={"synonyms": ("vital farms eggs",)})
    >>> names_kind_said(eggs, "organic eggs"), names_kind_said(eggs, "eggs")
    (True, True)
    >>> diapers = Product(id="d", name="Huggies Diapers Size 3", brand="Huggies", price="29.99", category="baby")
    >>> names_kind_said(diapers, "size 2 diapers"), names_kind_said(diapers, "size three diapers")
    (False, True)
    """
    said_words = normalise(phrase).split()
    if (numbers := _numbers_beside(said_words)) and _holds_another_number(product, numbers):
        return False
    said = set(said_words)
    brand = set(normalise(product.brand).split()) if product.brand else set()
    for form in spoken_forms(product):
        words = set(normalise(form).split()) - _LINK_WORDS
        kind = (words - brand) or words
        if kind and kind <= said:
            return True
    return False


def said_without_count(said: str) -> str:
    """What was said of a product, as said, without a count or unit said before it: for saying it back.

    Examples
    --------
    >>> said_without_count("tubs of cottage cheese"), said_without_count("two coke zero")
    ('cottage cheese', 'coke zero')
    >>> said_without_count("two percent milk"), said_without_count("Eggland's Best")
    ('two percent milk', "Eggland's Best")
    """
    words = said.split()
    phrase = said_readings(said)[0][1]
    start = 0
    for at in range(1, len(words)):
        if said_readings(" ".join(words[at:]))[0][1] == phrase:
            start = at
    return " ".join(words[start:])


def list_parts(phrase: str) -> list[str]:
    """The parts of a phrase that may list products, in the order said; one part if it lists nothing.

    Examples
    --------
    >>> list_parts("milk, eggs and bread"), list_parts("paper towels")
    (['milk', 'eggs', 'bread'], ['paper towels'])
    """
    return [part.strip() for part in _LIST_SEPARATOR.split(phrase) if part.strip()]


def joined_parts(parts: Sequence[str], fit: Callable[[str], Candidate | None]) -> list[str]:
    """A spoken list's parts, with each run of adjacent parts that names one product joined back with "and".

    :func:`list_parts` cuts at every "and", also inside a name: in "peanut butter and arm and hammer
    laundry detergent and bread", "arm" names nothing, while "arm and hammer laundry detergent" names a
    product holding a word of each of its parts (:func:`names_every_part`), which those parts do not name
    clearly better apart (:func:`names_apart`): it is one part. A run none of whose parts names a product
    on its own is one part too, as a whole phrase is: "half and half" in "milk and half and half" is one
    name, found or not, never "half" then "half". Runs of two or three parts are weighed, the longer first,
    from the left; never all the parts, which is the whole phrase, weighed as such.

    Parameters
    ----------
    parts
        The parts of a list, in the order said (:func:`list_parts`).
    fit
        The first candidate a phrase finds (matched, or one of a close few), ``None`` when it finds none.

    Returns
    -------
    list[str]
        The parts, runs that name one product joined; in the order said.

    Examples
    --------
    >>> from decimal import Decimal
    >>> from catalog import Catalog, Decision
    >>> detergent = Product(id="d", name="Arm & Hammer Laundry Detergent", price=Decimal("9.99"), category="home")
    >>> butter = Product(id="b", name="Creamy Peanut Butter", price=Decimal("3.29"), category="pantry")
    >>> catalog = Catalog([detergent, butter])
    >>> def fit(phrase: str) -> Candidate | None:
    ...     result = catalog.match(phrase)
    ...     return result.best if result.decision is not Decision.NOT_FOUND else None
    >>> joined_parts(["peanut butter", "arm", "hammer laundry detergent"], fit)
    ['peanut butter', 'arm and hammer laundry detergent']
    >>> joined_parts(["peanut butter", "half", "half"], fit)
    ['peanut butter', 'half and half']
    """
    joined: list[str] = []
    at = 0
    while at < len(parts):
        for size in range(min(3, len(parts) - 1, len(parts) - at), 1, -1):
            run = parts[at : at + size]
            apart = [fit(part) for part in run]
            together = fit(" and ".join(run))
            if all(part is None for part in apart) or (
                together is not None and names_every_part(together.product, run) and not names_apart(together, apart)
            ):
                joined.append(" and ".join(run))
                at += size
                break
        else:
            joined.append(parts[at])
            at += 1
    return joined


def names_apart(whole: Candidate, parts: Sequence[Candidate | None]) -> bool:
    """Whether the parts of a phrase with "and" each name a product of their own better than the whole
    phrase names one: then the phrase lists products, even when they share words.

    "coffee and coffee filters" as a whole fits coffee filters (by the words of its second part), but
    "coffee" alone and "coffee filters" alone each fit a product better: two products. "mac and
    cheese" fits a macaroni and cheese better than "mac" alone fits anything, and "salt and vinegar
    chips" better than "vinegar chips" alone does: one product, whose name holds the "and".

    Parameters
    ----------
    whole
        The first candidate of the whole phrase, which the matcher found (matched, or one of a close few).
    parts
        The first candidate of each part, in the order said; ``None`` for a part the matcher found no
        product for.

    Returns
    -------
    bool
        Whether every part found a product, no two parts the same one, each scoring clearly (by the
        matcher's ambiguity margin) above the whole phrase.

    Examples
    --------
    >>> def fit(pid: str, score: float) -> Candidate:
    ...     return Candidate(product=Product(id=pid, name=pid, price="1", category="c"), score=score)
    >>> names_apart(fit("coffee filters", 78.7), [fit("coffee", 90.4), fit("coffee filters", 89.8)])
    True
    >>> names_apart(fit("mac and cheese", 90.2), [fit("mac and cheese", 65.1), fit("cheese crackers", 75.4)])
    False
    >>> names_apart(fit("half and half", 89.2), [fit("half and half", 69.9), fit("half and half", 69.9)])
    False
    >>> names_apart(fit("coffee", 61.2), [None, fit("coffee", 90.4)])
    False
    """
    return _each_apart(whole.score, parts)


def _each_apart(whole: float, parts: Sequence[Candidate | None]) -> bool:
    found = [part for part in parts if part is not None]
    if len(found) < 2 or len(found) < len(parts) or len({part.product.id for part in found}) < len(found):
        return False
    return all(part.score >= whole + _PART_LEAD for part in found)


def split_run(
    part: str,
    whole: float,
    fit: Callable[[str], Candidate | None],
    holding: Callable[[str], Sequence[Product]],
    *,
    most: int,
) -> list[str] | None:
    """The products a part of a spoken list names one after another, said without "and" between them.

    Speech has no commas: "eggs butter and cheese" holds "eggs butter", "cat litter cat food and cat
    treats" holds "cat litter cat food". The part's words are cut into runs, each of which must name a
    product of its own: found by ``fit`` (the first candidate of a run, ``None`` when the matcher found
    none), holding every content word of the run (``holding``: the products whose name holds them, as
    :meth:`catalog.Catalog.holding`), no two runs the same product, and each scoring clearly above the
    ``whole`` part's score (as :func:`names_apart` weighs a phrase with "and"). The fewest runs that do
    so are taken, the surest of them (the weakest run scoring highest) when several cuts do.

    Parameters
    ----------
    part
        The words of one part of a list, as said.
    whole
        The score of the part's first candidate as a whole (0 when none was found).
    fit
        The first candidate a run of words finds, ``None`` when it finds none.
    holding
        The products whose name (or a synonym) holds each content word of a run of words.
    most
        Keyword-only. The most runs the part may be cut into.

    Returns
    -------
    list[str] | None
        The runs, in the order said; ``None`` when no cut names a product with every run.

    Examples
    --------
    >>> from decimal import Decimal
    >>> from catalog import Catalog, Decision
    >>> eggs = Product(id="e", name="Large Eggs", price=Decimal("4.79"), category="dairy")
    >>> litter = Product(id="l", name="Cat Litter", price=Decimal("9.99"), category="pets")
    >>> food = Product(id="f", name="Cat Food", price=Decimal("9.99"), category="pets")
    >>> catalog = Catalog([eggs, litter, food])
    >>> def fit(words: str) -> Candidate | None:
    ...     result = catalog.match(words)
    ...     return result.best if result.decision is not Decision.NOT_FOUND else None
    >>> split_run("cat litter cat food", 60.0, fit, catalog.holding, most=5)
    ['cat litter', 'cat food']
    >>> split_run("large eggs", 90.0, fit, catalog.holding, most=5) is None
    True
    """
    words = part.split()
    if not 2 <= len(words) <= _MAX_RUN_WORDS:
        return None
    fits: dict[str, Candidate | None] = {}

    def naming(run: str) -> Candidate | None:
        if run not in fits:
            found = fit(run)
            held = found is not None and any(p.id == found.product.id for p in holding(run))
            fits[run] = found if held else None
        return fits[run]

    for count in range(2, min(most, len(words)) + 1):
        cuts: list[tuple[float, list[str]]] = []
        for inner in itertools.combinations(range(1, len(words)), count - 1):
            edges = (0, *inner, len(words))
            runs = [" ".join(words[a:b]) for a, b in itertools.pairwise(edges)]
            found = [naming(run) for run in runs]
            if _each_apart(whole, found):
                cuts.append((min(f.score for f in found if f is not None), runs))
        if cuts:
            return max(cuts, key=lambda cut: cut[0])[1]
    return None


def names_every_part(product: Product, parts: Sequence[str]) -> bool:
    """Whether a product's name (or a synonym) holds a word of each part: then the parts name it together.

    Examples
    --------
    >>> mac = Product(id="1", name="Shells & White Cheddar Mac & Cheese", price="2.49", category="pantry")
    >>> names_every_part(mac, ["mac", "cheese"]), names_every_part(mac, ["mac", "jelly"])
    (True, False)
    """
    held = set(normalise(" ".join((product.name, *product.synonyms))).split())
    return all(held & set(normalise(part).split()) for part in parts)


def holding_said_words(phrase: str, candidates: Sequence[Product]) -> list[Product]:
    """The candidates whose names hold every word of ``phrase`` that any candidate holds, in order.

    Words no candidate holds ("the", a misheard word) are passed over, so "cancel my milk order"
    keeps every milk among the candidates, not only the top one. Empty when no word is held.

    Examples
    --------
    >>> whole = Product(id="w", name="Whole Milk", price="3.99", category="dairy")
    >>> two = Product(id="2", name="2% Milk", price="3.89", category="dairy")
    >>> soap = Product(id="s", name="Milk Soap", price="4.99", category="bath")
    >>> [p.id for p in holding_said_words("the milk", [whole, two, soap])]
    ['w', '2', 's']
    >>> [p.id for p in holding_said_words("whole milk", [whole, two, soap])], holding_said_words("bananas", [whole])
    (['w'], [])
    """
    held = [word for word in normalise(phrase).split() if any(names_every_part(p, [word]) for p in candidates)]
    return [p for p in candidates if names_every_part(p, held)] if held else []


def product_replaced(named: str, read_back: Sequence[Product], *, by: Sequence[Product]) -> Product | None:
    """The one product of several read back that a correction replaces: the one whose name holds the most
    words said for it (``named``: "milk" of "not milk, oat milk", else the product said instead, "oat
    milk"), then the one of the same category as the products that phrase finds (``by``); ``None`` when
    that leaves more than one, or none.

    Examples
    --------
    >>> milk = Product(id="m", name="2% Milk", price="3.89", category="dairy")
    >>> bread = Product(id="b", name="Whole Grain Bread", price="6.99", category="bakery")
    >>> oats = Product(id="o", name="Oat Milk", price="5.49", category="dairy")
    >>> whole = Product(id="w", name="Whole Milk", price="3.99", category="dairy")
    >>> product_replaced("oat milk", [milk, bread], by=[oats]).id  # the one holding "milk"
    'm'
    >>> product_replaced("whole milk", [oats, bread], by=[whole]).id  # "milk" and "whole" once each: the dairy
    'o'
    >>> product_replaced("coffee", [milk, bread], by=[]) is None
    True
    """
    words = normalise(named).split()
    held = {p.id: sum(names_every_part(p, [word]) for word in words) for p in read_back}
    most = max(held.values(), default=0)
    fits = [p for p in read_back if held[p.id] == most] if most else list(read_back)
    kinds = {p.category for p in by}
    same = [p for p in fits if p.category in kinds]
    return fits[0] if len(fits) == 1 else same[0] if len(same) == 1 else None


def count_in(said: str) -> int | None:
    """The count in a phrase that may be nothing but a count ("two please", "a couple", "5"); else ``None``.

    A bare count reads as a name elsewhere ("a couple"), so it is given something to count.

    Examples
    --------
    >>> count_in("two please"), count_in("a couple"), count_in("thanks")
    (2, 2, None)
    """
    return split_quantity(f"{said} items")[0]


def with_count_said(count: str, phrase: str) -> str | None:
    """A product phrase said in answer to "which product would you like?" after a count said with what it
    counts ("order three bottles"), said with that count as if said at once ("3 bottles" and "water": "3
    bottles of water"); ``None`` when the phrase has a count of its own ("two waters"), or the count says
    nothing of what it counts ("3": the count alone is the answer's).

    Examples
    --------
    >>> with_count_said("3 bottles", "water"), with_count_said("2 twelve packs", "coke")
    ('3 bottles of water', '2 twelve packs of coke')
    >>> with_count_said("3", "water") is None, with_count_said("3 bottles", "two waters") is None
    (True, True)
    """
    if not count or not phrase or count_in(phrase) is not None:
        return None
    said = f"{count} of {phrase}"
    counted = said_count(said)
    return said if counted is not None and counted.unit is not None else None


def count_said_in(said: str, *, of: Product | None = None) -> SaidCount | None:
    """:func:`count_in`, with what the count was said of ("half a dozen" is six of a dozen).

    ``of``: the product "how many would you like?" asked about. A number alone answers it in the
    product's packs ("two": two cartons of eggs), unless it is a whole number of packs of what they hold
    ("twelve": one carton of 12); said with the product's name ("six eggs"), a bare count may count the
    items (:meth:`Product.packs_for`).

    Examples
    --------
    >>> count_said_in("half a dozen"), count_said_in("thanks")
    (SaidCount(count=6, unit='dozen', pack_size=None, measure=None, fraction=None), None)
    >>> eggs = Product(id="e", name="Eggs", size="12 ct", unit="carton", price="4.79", category="dairy")
    >>> count_said_in("two", of=eggs).unit, count_said_in("twelve", of=eggs).unit
    ('carton', None)
    """
    counted = said_count(f"{said} items")
    if of is None or counted is None or not counted.whole or counted.unit is not None or of.packs_for(counted).exact:
        return counted
    return SaidCount(count=counted.count, unit="pack" if of.unit in ITEM_WORDS else of.unit)


def amount_said_in(said: str, *, number_alone: bool = True) -> Decimal | None:
    """An amount of money answered (an automatic reorder's monthly cap), to the cent: an amount of money
    ("twenty one seventy six", "21 76", "forty dollars"), or a number or count alone as dollars ("thirty",
    "a couple"); ``None`` for anything else ("two packs of dawn", "the first one").

    Every way an amount reaches the skill (its own slot, a choice, a product phrase) is read here, so cents
    are never lost to a count ("21 76" is $21.76, not 21). Without ``number_alone`` (at the terms read
    back, where "two" may be a count), only what is said as money is an amount.

    Examples
    --------
    >>> amount_said_in("21 76"), amount_said_in("forty dollars"), amount_said_in("a couple")
    (Decimal('21.76'), Decimal('40'), Decimal('2'))
    >>> amount_said_in("two packs of dawn") is None, amount_said_in("thirty", number_alone=False) is None
    (True, True)
    >>> amount_said_in("twenty one seventy six", number_alone=False)
    Decimal('21.76')
    """
    cap = amount_in(said)
    count = None if names_a_product(said) else count_in(said)
    if cap is not None and cap != count:
        return cap  # said as money: in dollars or cents, or as dollars then cents
    if not number_alone:
        return None
    return cap if cap is not None or count is None else Decimal(count)


@dataclass(frozen=True)
class Automatic:
    """What a product phrase ("cancel my automatic coffee order") says of automatic reorder: ``standing``
    when it means the automatic reorder itself ("my subscription"), not an order it placed; ``rest``: the
    product words said with it ("automatic coffee order": "coffee")."""

    standing: bool
    rest: str


# The words of "cancel my automatic order" and "cancel my subscription" heard as a product (as :func:`fold`
# writes them): which kind of order is meant, not a product.
_AUTOMATIC_WORDS = frozenset({"automatic", "auto", "automated", "automatically"})
_STANDING_WORDS = frozenset({"subscription", "subscriptions"})
_REORDER_WORDS = frozenset({"reorder", "reorders", "reordering"})
_REORDER_NOUNS = frozenset({"reorder", "reorders"})
_ORDER_WORDS = frozenset({"order", "orders", "the", "my", "that", "your", "placed"})


def automatic_in(named: str) -> Automatic | None:
    """What ``named`` (the product said in "cancel my ...") says of automatic reorder: the automatic reorder
    itself ("subscription", "automatic reorder"), or an order it placed ("automatic", "automatic coffee", "the
    reorder"), with the product words said; ``None`` when it says nothing of it ("coffee").

    Examples
    --------
    >>> automatic_in("my subscription"), automatic_in("automatic reorder")
    (Automatic(standing=True, rest=''), Automatic(standing=True, rest=''))
    >>> automatic_in("the automatic coffee order"), automatic_in("coffee") is None
    (Automatic(standing=False, rest='coffee'), True)
    >>> automatic_in("the reorder"), automatic_in("the coffee reorder")
    (Automatic(standing=False, rest=''), Automatic(standing=False, rest='coffee'))
    """
    words = fold(named).split()
    automatic = any(word in _AUTOMATIC_WORDS for word in words)
    reorder = any(word in _REORDER_WORDS for word in words)
    standing = any(word in _STANDING_WORDS for word in words) or (automatic and reorder)
    # "the reorder" alone: an order automatic reorder placed, as "my automatic order" is
    reordered = any(word in _REORDER_NOUNS for word in words)
    if not (automatic or standing or reordered):
        return None
    kind_words = _AUTOMATIC_WORDS | _STANDING_WORDS | _REORDER_WORDS | _ORDER_WORDS
    return Automatic(standing=standing, rest=" ".join(word for word in words if word not in kind_words))


@dataclass(frozen=True)
class Later:
    """"Later" said as a whole answer: ``days`` when a time was said ("next week" is 7), else ``None``."""

    days: float | None = None


# As :func:`normalise` writes them. The SnoozeTime values of the interaction model read the same
# (a test holds them to it): a bare "next week" can reach the skill as a product, Alexa's {Product} slot.
_LATER_LEAD = ("maybe", "how about", "ask me again", "ask me", "remind me again", "remind me", "try me", "try again",
               "check back", "wait until", "wait till", "not until", "again")  # fmt: skip
_LATER_TAIL = ("please", "or so", "then", "again", "from now")
_LATER_UNDATED = frozenset({"later", "later on", "a bit later", "a little later", "not now", "not yet", "not today",
                            "another time", "some other time", "another day"})  # fmt: skip
_LATER_NAMED = {"tomorrow": 1, "day after tomorrow": 2, "the day after tomorrow": 2, "next week": 7,
                "next month": 30}  # fmt: skip
_LATER_COUNTS = {"a": 1, "an": 1, "a couple of": 2, "a couple": 2, "couple of": 2, "a few": 3, "few": 3}
_LATER_UNITS = {"day": 1, "week": 7, "fortnight": 14, "month": 30}
_LATER_MAX_DAYS = 365


def later_in(said: str) -> Later | None:
    """``said`` read as an answer that means "later" ("next week", "in two weeks", "not now"); ``None``
    when it is anything else (a product, a count).

    Examples
    --------
    >>> later_in("next week"), later_in("in two weeks"), later_in("not now")
    (Later(days=7.0), Later(days=14.0), Later(days=None))
    >>> later_in("remind me in a couple of days please"), later_in("two packs") is None
    (Later(days=2.0), True)
    """
    text = normalise(said)
    for lead in _LATER_LEAD:
        text = text.removeprefix(f"{lead} ")
    for tail in _LATER_TAIL:
        text = text.removesuffix(f" {tail}")
    if text in _LATER_UNDATED:
        return Later()
    if text in _LATER_NAMED:
        return Later(float(_LATER_NAMED[text]))
    words = text.removeprefix("in ").split()
    if len(words) < 2 or words[-1] not in _LATER_UNITS:
        return None
    amount = " ".join(words[:-1])
    count = int(amount) if amount.isdigit() else _LATER_COUNTS.get(amount)
    if count is None or not 1 <= count * _LATER_UNITS[words[-1]] <= _LATER_MAX_DAYS:
        return None
    return Later(float(count * _LATER_UNITS[words[-1]]))


@dataclass(frozen=True)
class Amendment:
    """A change to what is being confirmed, said as a whole answer: ``product`` (its words, as said) in place
    of what is read back ("no, I meant oat milk", "actually eggs", "whole milk instead", "not milk, oat
    milk"), or, with ``adds``, as well as it ("and eggs", "also eggs", "plus eggs", "eggs too");
    ``instead_of``: the words for what it replaces, when said ("not milk, oat milk": "milk")."""

    product: str
    adds: bool = False
    instead_of: str | None = None


# As :func:`fold` writes them, longest first where one starts another. Fillers say nothing of either kind.
_AMEND_FILLERS = ("um", "uh", "er", "oh", "ah", "like", "well", "so", "hmm", "okay", "ok")
_ADDING_LEADS = ("and also", "and then", "and", "also", "plus", "as well as", "along with")
_ADDING_TAILS = ("too", "as well", "also")
_CORRECTING_LEADS = (
    "no", "nope", "nah", "sorry", "oops", "wait", "actually", "rather", "i meant", "i mean", "i said",
    "make it", "make that", "change it to", "change that to", "switch it to", "switch to", "scratch that",
    "not that one", "not that", "not those", "instead",
)  # fmt: skip
_CORRECTING_TAILS = ("instead of that", "instead of it", "instead of those", "instead of them", "instead", "rather")
_AMEND_LEADS = sorted(
    [(lead, None) for lead in _AMEND_FILLERS]
    + [(lead, True) for lead in _ADDING_LEADS]
    + [(lead, False) for lead in _CORRECTING_LEADS],
    key=lambda lead: -len(lead[0]),
)
# "not milk, oat milk", "not milk but oat milk", "not milk i meant oat milk": what is replaced, then by what.
_NOT_X_BUT_Y_RE = re.compile(r"^not (?:the )?(.+?)\s*(?:,|\b(?:but|i meant|i mean|i want|i said)\b)\s*(.+)$")


def amendment_in(said: str, *, starts_name: Callable[[str], bool] | None = None) -> Amendment | None:
    """``said`` read as a correction of what is being confirmed, or an addition to it; ``None`` when it is
    neither (a product alone, "no thanks", "and", fillers). ``starts_name``: keyword-only, whether words
    begin a product's name (:meth:`catalog.Catalog.starts_a_name`): a lead that begins one with the word
    after it ("no pulp orange juice", "no more tears") is the product's, not a correction.

    Examples
    --------
    >>> amendment_in("no, I meant oat milk")
    Amendment(product='oat milk', adds=False, instead_of=None)
    >>> amendment_in("oh and eggs").adds, amendment_in("eggs too").adds, amendment_in("whole milk instead").adds
    (True, True, False)
    >>> amendment_in("not milk, oat milk")
    Amendment(product='oat milk', adds=False, instead_of='milk')
    >>> amendment_in("not whole milk skim milk")
    Amendment(product='skim milk', adds=False, instead_of='whole milk')
    >>> amendment_in("oat milk") is None, amendment_in("no thanks") is None, amendment_in("like milk") is None
    (True, True, True)
    >>> amendment_in("no pulp orange juice", starts_name=lambda words: words == "no pulp") is None
    True
    """
    said = said[:MAX_INPUT_CHARS]
    if (replacing := _not_x_but_y(said)) is not None:
        return replacing
    text = fold(said)
    adds: bool | None = None
    found = True
    while found:
        found = False
        for lead, adding in _AMEND_LEADS:
            if text.startswith(f"{lead} "):
                if starts_name is not None and starts_name(" ".join(text.split()[: len(lead.split()) + 1])):
                    break  # "no pulp orange juice": the product's own words
                text, found = text[len(lead) + 1 :], True
                adds = adds if adding is None else adding
                break
    if adds is None:
        for tails, adding in ((_CORRECTING_TAILS, False), (_ADDING_TAILS, True)):
            if tail := next((t for t in tails if text.endswith(f" {t}")), None):
                text, adds = text.removesuffix(f" {tail}"), adding
                break
    if adds is None or not names_a_product(text):
        return None
    return Amendment(product=text, adds=adds)


def _not_x_but_y(said: str) -> Amendment | None:
    """ "not milk, oat milk": ``Amendment(product="oat milk", instead_of="milk")``. Without a word between
    them, speech has no comma: the cut is after the first time the last word is said ("not whole milk skim
    milk"); else ``None``."""
    if (cut := _NOT_X_BUT_Y_RE.match(" ".join(said.casefold().split()))) is not None:
        instead_of, product = fold(cut.group(1)), fold(cut.group(2))
    else:
        words = fold(said).split()
        if len(words) < 3 or words[0] != "not" or words[-1] not in words[1:-1]:
            return None
        at = words.index(words[-1], 1) + 1
        instead_of, product = " ".join(words[1:at]), " ".join(words[at:])
    instead_of = instead_of.removeprefix("the ")
    if not names_a_product(product) or not names_a_product(instead_of):
        return None
    return Amendment(product=product, instead_of=instead_of)
