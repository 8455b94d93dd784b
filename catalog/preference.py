"""Superlatives in a request: "order the cheapest coffee", "the biggest pack of paper towels".

A shopper who says which of several fitting products they want (the cheapest, the most expensive, the
biggest, the smallest) has chosen among them; there is nothing to ask. :func:`preference_in` finds the
superlative and returns the request without it, and :func:`choose` picks, among the products that fit
the rest, the one it names; :func:`preferred_match` does both against a catalog, and
:func:`preferred_alternative` answers "anything cheaper?" about a product on offer. Sizes are compared
by :func:`size_measure` within one kind of measure (volume, weight or count). Pure functions, no I/O.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from enum import StrEnum

from catalog.model import Candidate, Decision, MatchResult, Product, pack_count_in
from catalog.normalise import fold, names_a_product
from catalog.ports import CatalogRepository

__all__ = [
    "Preference",
    "choose",
    "decisive",
    "preference_in",
    "preferred_alternative",
    "preferred_match",
    "size_measure",
]


class Preference(StrEnum):
    """Which of the fitting products the shopper asked for."""

    CHEAPEST = "cheapest"
    PRICIEST = "priciest"
    BIGGEST = "biggest"
    SMALLEST = "smallest"


# Superlatives, and the comparatives a shopper uses the same way ("anything cheaper?", "a bigger one").
_SAID: dict[str, Preference] = {
    "cheapest": Preference.CHEAPEST,
    "cheaper": Preference.CHEAPEST,
    "least expensive": Preference.CHEAPEST,
    "less expensive": Preference.CHEAPEST,
    "lowest priced": Preference.CHEAPEST,
    "lowest price": Preference.CHEAPEST,
    "lower priced": Preference.CHEAPEST,
    "lower price": Preference.CHEAPEST,
    "most affordable": Preference.CHEAPEST,
    "most expensive": Preference.PRICIEST,
    "more expensive": Preference.PRICIEST,
    "priciest": Preference.PRICIEST,
    "pricier": Preference.PRICIEST,
    "biggest": Preference.BIGGEST,
    "bigger": Preference.BIGGEST,
    "largest": Preference.BIGGEST,
    "larger": Preference.BIGGEST,
    "smallest": Preference.SMALLEST,
    "smaller": Preference.SMALLEST,
}
# The superlative, the words it drags along ("one", "size", "you have"), and nothing of the product.
_SAID_RE = re.compile(
    r"\b(?:the\s+)?(" + "|".join(sorted(map(re.escape, _SAID), key=len, reverse=True)) + r")"
    r"(?:\s+(?:ones?|size|kind|option))?(?:\s+(?:you\s+have|you\s+got|there\s+is|available))?\b"
)

# "... that you have" closing a superlative request ("the cheapest coffee you have").
_YOU_HAVE_RE = re.compile(r"\s+(?:that\s+|which\s+)?you(?:\s+have|\s+got|\s+sell|\s+carry|\s+stock)(?:\s+got)?$")

# Measures in one base unit per kind: fluid ounces, ounces of weight.
_VOLUME = {"fl oz": 1.0, "gal": 128.0, "gallon": 128.0, "qt": 32.0, "pt": 16.0, "l": 33.814, "liter": 33.814,
           "ml": 0.033814}  # fmt: skip
_WEIGHT = {"oz": 1.0, "lb": 16.0, "lbs": 16.0, "g": 0.035274, "kg": 35.274}
_MEASURE_RE = re.compile(
    r"(\d+(?:\.\d+)?)\s*(fl\.?\s*oz|gallons?|gal|qt|pt|liters?|ml|l|lbs?|kg|g|oz)\b(\s+each)?"
)
_MULTIPACK_RE = re.compile(r"^(\d+)\s*(?:pk|pack|ct)\b")


def preference_in(said: str) -> tuple[Preference | None, str]:
    """The superlative a request holds, and the request without it.

    Examples
    --------
    >>> preference_in("order the cheapest coffee")
    (<Preference.CHEAPEST: 'cheapest'>, 'order coffee')
    >>> preference_in("two of the largest size paper towels you have")[0]
    <Preference.BIGGEST: 'biggest'>
    >>> preference_in("large eggs")
    (None, 'large eggs')
    """
    text = fold(said)
    found = _SAID_RE.search(text)
    if found is None:
        return None, said
    rest = " ".join(f"{text[: found.start()]} {text[found.end() :]}".split())
    return _SAID[found.group(1)], _YOU_HAVE_RE.sub("", rest)


def size_measure(size: str | None) -> tuple[str, float] | None:
    """A product's size as ``(kind, amount)``: ``("volume", fl oz)``, ``("weight", oz)`` or ``("count", n)``.

    A multipack counts its units ("12 pk 12 fl oz cans" is 144 fl oz, "8 bars, 3.75 oz each" 30 oz).
    ``None`` when the size says none of these.

    Examples
    --------
    >>> size_measure("1 gal"), size_measure("12 pk 12 fl oz cans"), size_measure("48 ct")
    (('volume', 128.0), ('volume', 144.0), ('count', 48.0))
    >>> size_measure("8 bars, 3.75 oz each"), size_measure("family size") is None
    (('weight', 30.0), True)
    """
    if not size:
        return None
    text = size.lower()
    found = _MEASURE_RE.search(text)
    if found is None:
        count = pack_count_in(size)
        return ("count", float(count)) if count else None
    amount, unit = float(found.group(1)), found.group(2).replace(".", "")
    if unit.startswith("fl"):
        unit = "fl oz"
    elif unit.endswith("s") and unit not in _WEIGHT:
        unit = unit[:-1]  # gallons, liters
    kind, per = ("volume", _VOLUME[unit]) if unit in _VOLUME else ("weight", _WEIGHT[unit])
    units = 1
    multipack = _MULTIPACK_RE.match(text)
    if multipack is not None and multipack.end() <= found.start():
        units = int(multipack.group(1))
    elif found.group(3):
        leading = re.match(r"^(\d+)\s+[a-z]+", text)
        units = int(leading.group(1)) if leading and leading.end() <= found.start() else 1
    return kind, round(amount * per * units, 3)


def _keys(preference: Preference, products: Sequence[Product]) -> list[float | None]:
    """Each product's sort key for ``preference`` (smallest first wins); ``None`` when not comparable.

    Sizes compare within the kind of measure most of the products have.
    """
    if preference in (Preference.CHEAPEST, Preference.PRICIEST):
        sign = 1 if preference is Preference.CHEAPEST else -1
        return [float(sign * p.price) for p in products]
    measures = [size_measure(p.size) for p in products]
    kinds = Counter(m[0] for m in measures if m is not None)
    if not kinds:
        return [None] * len(products)
    kind = kinds.most_common(1)[0][0]
    sign = -1 if preference is Preference.BIGGEST else 1
    return [sign * m[1] if m is not None and m[0] == kind else None for m in measures]


def choose(preference: Preference, products: Sequence[Product], *, history: Sequence[str] = ()) -> Product | None:
    """The product ``preference`` names among ``products`` (those that fit the rest of the request).

    Prices compare as they are; sizes compare within the kind of measure most of the products have
    (the others cannot be compared and are left out). Among equals, the one the shopper bought most
    recently wins, then the more popular, then the first given. ``None`` when no product can be
    compared.

    Examples
    --------
    >>> a = Product(id="a", name="Milk", size="1 gal", price="3.99", category="dairy")
    >>> b = Product(id="b", name="Milk", size="0.5 gal", price="2.99", category="dairy")
    >>> choose(Preference.CHEAPEST, [a, b]).id, choose(Preference.BIGGEST, [a, b]).id
    ('b', 'a')
    """
    recency = {pid: at for at, pid in enumerate(history)}
    ranked = [
        (key, -recency.get(p.id, -1), -p.popularity, at, p)
        for at, (p, key) in enumerate(zip(products, _keys(preference, products), strict=True))
        if key is not None
    ]
    return min(ranked)[-1] if ranked else None


def decisive(preference: Preference, options: Sequence[Product]) -> int | None:
    """The index of the one option ``preference`` names ("the cheaper one" of two offered), or ``None``
    when two options tie or none can be compared.

    Examples
    --------
    >>> a = Product(id="a", name="Milk", size="1 gal", price="3.99", category="dairy")
    >>> b = Product(id="b", name="Milk", size="0.5 gal", price="3.99", category="dairy")
    >>> decisive(Preference.SMALLEST, [a, b]), decisive(Preference.CHEAPEST, [a, b]) is None
    (1, True)
    """
    keys = _keys(preference, options)
    known = [k for k in keys if k is not None]
    if not known or known.count(min(known)) > 1:
        return None
    return keys.index(min(known))


def preferred_match(
    catalog: CatalogRepository, heard: str, *, history: Sequence[str] = ()
) -> MatchResult | None:
    """The match of a request that names a superlative ("the cheapest coffee"), or ``None`` when it
    names none, or when the rest of it matches no product (then the request is matched as said).

    The rest of the request is matched as usual; the products that hold all its words, in the
    category of its best match (coffee, not coffee filters), are the ones compared. The product
    chosen comes first, ``MATCHED`` with the best match's score (the shopper still hears it read
    back, price included, before any order), and the quantity said is kept.

    Examples
    --------
    >>> from catalog import Catalog
    >>> cheap = Product(id="c", name="Basic Paper Towels", price="9.99", category="paper")
    >>> dear = Product(id="d", name="Bounty Paper Towels", price="19.99", category="paper", popularity=0.9)
    >>> result = preferred_match(Catalog([cheap, dear]), "two packs of the cheapest paper towels")
    >>> result.best.product.id, result.quantity
    ('c', 2)
    >>> preferred_match(Catalog([cheap, dear]), "paper towels") is None
    True
    """
    preference, rest = preference_in(heard)
    if preference is None or not names_a_product(rest):
        return None
    result = catalog.match(rest, history=history, limit=3)
    best = result.best
    if best is None or result.decision is Decision.NOT_FOUND:
        return None
    chosen = choose(preference, _kin(catalog, [rest], best.product), history=history) or best.product
    others = [c for c in result.candidates if c.product.id != chosen.id]
    return result.model_copy(
        update={"decision": Decision.MATCHED, "candidates": (Candidate(product=chosen, score=best.score), *others)}
    )


def preferred_alternative(
    catalog: CatalogRepository,
    preference: Preference,
    asked_for: str,
    current: Product,
    *,
    history: Sequence[str] = (),
) -> Product | None:
    """The product ``preference`` names among those like ``current`` (the one being offered): "the
    cheapest one" while a read-back of Bounty paper towels waits. ``asked_for`` is what the shopper
    said for it ("bounty paper towels"); other brands count. ``current`` itself when it is already
    that product (or as good); ``None`` when the products cannot be compared.

    Examples
    --------
    >>> from catalog import Catalog
    >>> cheap = Product(id="c", name="Basic Paper Towels", price="9.99", category="paper")
    >>> dear = Product(id="d", name="Bounty Paper Towels", price="19.99", category="paper")
    >>> preferred_alternative(Catalog([cheap, dear]), Preference.CHEAPEST, "paper towels", dear).id
    'c'
    """
    # "Anything cheaper?" looks past the brand: other brands of what was asked for, and of the offered
    # product's brand-free names ("paper towels" for Bounty Select-A-Size).
    brand = set(fold(current.brand).split()) if current.brand else set()
    phrases = [" ".join(w for w in fold(asked_for).split() if w not in brand)]
    phrases += [name for name in current.synonyms if not brand & set(fold(name).split())]
    kin = _kin(catalog, [_kind(catalog, phrase, current) for phrase in phrases], current)
    chosen = choose(preference, kin, history=history)
    if chosen is None:
        return None
    keys = dict(zip((p.id for p in kin), _keys(preference, kin), strict=True))
    # The offered one stays when it is as good: "the biggest" of two 6-roll packs is the one offered.
    return current if keys.get(current.id) == keys[chosen.id] else chosen


def _kind(catalog: CatalogRepository, phrase: str, like: Product) -> str:
    """The longest ending of ``phrase`` that another product of ``like``'s category fits too: an
    English name ends in what the thing is ("free and clear *dish soap*"), so dropping words from
    the front widens it to the kind of product."""
    words = phrase.split()
    for start in range(len(words)):
        ending = " ".join(words[start:])
        if any(p.id != like.id and p.category == like.category for p in catalog.holding(ending)):
            return ending
    return phrase


def _kin(catalog: CatalogRepository, phrases: Sequence[str], like: Product) -> list[Product]:
    """The products that fit any of ``phrases``, of ``like``'s category (coffee, not coffee filters),
    in stock if any of them is; ``like`` is always among them."""
    kin = {like.id: like}
    for phrase in phrases:
        kin.update((p.id, p) for p in catalog.holding(phrase) if p.category == like.category)
    in_stock = [p for p in kin.values() if p.in_stock]
    return in_stock or list(kin.values())
