"""From a Product slot to a product: Alexa's entity resolution first, then the catalog matcher."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, replace

from catalog import (
    SUGGEST_MIN_SCORE,
    Candidate,
    Decision,
    Product,
    SaidCount,
    count_in,
    count_is_part_of_name,
    joined_parts,
    list_parts,
    names_a_product,
    names_apart,
    names_every_part,
    names_kind_said,
    preferred_match,
    said_count,
    split_run,
)
from handlers.base import Slot, Turn

__all__ = [
    "Found",
    "FoundKind",
    "find_listed",
    "find_product",
    "product_and_count",
    "shoppers_candidates",
    "shoppers_own",
    "shoppers_pick",
    "spoken_quantity",
]

MAX_SPOKEN_QUANTITY = 999_999_999  # past any limit; keeps absurd numbers to a size speech can say
MAX_LISTED = 5  # products one request may list ("milk, eggs and bread")
# A whole phrase matched this well names one product ("macaroni and cheese"), even if it holds an "and".
_WHOLE_PHRASE_SURE = 75.0


class FoundKind(enum.Enum):
    MATCHED = "matched"
    AMBIGUOUS = "ambiguous"
    NOT_FOUND = "not_found"
    NOTHING_SAID = "nothing_said"
    UNAVAILABLE = "unavailable"  # it names a product out of stock (``unavailable``); ``products``, one offered instead


@dataclass(frozen=True)
class Found:
    kind: FoundKind
    products: tuple[Product, ...] = ()
    quantity: int | None = None  # packs, from a count said inside the product phrase ("two packs of ...")
    heard: str = ""
    score: float = 0.0  # the first product's match score, 0-100 (100 when Alexa resolved it)
    said: SaidCount | None = None  # that count as said ("half a dozen", "a 12 pack of"), None if none
    unavailable: Product | None = None  # the product named, out of stock (UNAVAILABLE)
    # The match of the words alone, when products out of stock were passed over: a list is read from the words.
    named: Found | None = None

    @property
    def fits(self) -> bool:
        """Whether the count said is whole packs of the product found ("half a dozen" of eggs sold by the
        dozen is not, nor is "2.5 bags of" of any); true when no count was said or no one product was found."""
        if self.said is None or self.kind is not FoundKind.MATCHED:
            return True
        if not self.said.whole:
            return False
        return self.products[0].packs_for(self.said).exact


def _packs(products: Sequence[Product], said: SaidCount | None) -> int | None:
    """The count said as packs of the products offered ("a dozen eggs" is one carton).

    When the products offered would read it differently, or cannot hold it in whole packs, it stays
    as said. A count of no whole number of things ("2.5 bags of") is none.
    """
    if said is not None and not said.whole:
        return None
    if said is None or not products:
        return said.count if said else None
    readings = {p.packs_for(said) for p in products}
    only = readings.pop() if len(readings) == 1 else None
    return only.count if only is not None and only.exact else said.count


def find_product(turn: Turn, product: Slot, *, count: int | None = None) -> Found:
    """The product a Product slot names; ``count``, the Quantity slot's, is read with it ("12", "cans of coke").

    Products out of stock are passed over (:func:`_in_stock`): a phrase that fits one in stock as well ("charmin")
    finds it; one that names a product out of stock, or the shopper's own, finds it ``UNAVAILABLE``, with the
    in-stock product most like it to offer instead.
    """
    return _in_stock(turn, _named(turn, product, count=count))


def _named(turn: Turn, product: Slot, *, count: int | None = None) -> Found:
    """The product a Product slot names, in stock or not."""
    if (resolved := _resolved(turn, product)) is not None:
        said = said_count(product.value, count=count) if product.value else None
        return Found(
            FoundKind.MATCHED, (resolved,), _packs((resolved,), said), product.value or resolved.name, 100.0, said
        )
    if not product.value or not names_a_product(product.value):
        # "order", "add to my cart", "order three": ask which product (keeping the count said).
        quantity = count_in(product.value) if product.value else None
        return Found(FoundKind.NOTHING_SAID, quantity=quantity, heard=product.value or "")
    history = turn.history
    catalog = turn.services.catalog
    # "The cheapest coffee" names one product among all that fit; else the phrase is matched as said.
    result = preferred_match(catalog, product.value, history=history) or catalog.match(
        product.value, history=history, limit=3, count=count
    )
    said = result.said if count is None else said_count(product.value, count=count)
    products = tuple(c.product for c in result.candidates)
    score = result.best.score if result.best else 0.0
    if result.decision is Decision.MATCHED and products:
        return Found(FoundKind.MATCHED, products[:1], _packs(products[:1], said), product.value, score, said)
    if result.decision is Decision.AMBIGUOUS and len(products) > 1:
        return Found(FoundKind.AMBIGUOUS, products[:3], _packs(products[:3], said), product.value, score, said)
    phrase = result.query or product.value
    near = [c for c in result.candidates if c.score >= SUGGEST_MIN_SCORE and names_kind_said(c.product, phrase)]
    nearest = (near[0].product,) if near else ()
    return Found(FoundKind.NOT_FOUND, nearest, _packs(nearest, said), product.value, score, said)


def _resolved(turn: Turn, product: Slot) -> Product | None:
    """The product Alexa's entity resolution names, when what was heard names it alone: a generic word ("milk",
    "bread") resolved to one product (a dynamic entity of something bought once) is left to the matcher, which
    knows the shopper's usual one."""
    if not product.resolved_id:
        return None
    catalog = turn.services.catalog
    resolved = catalog.get(product.resolved_id)
    if resolved is None or (product.value and not catalog.names_only(product.value, resolved.id)):
        return None
    return resolved


def _in_stock(turn: Turn, found: Found) -> Found:
    """``found`` with the products out of stock passed over (``found.named`` keeps the match as it was).

    Of a close few ("did you mean"), those in stock are offered; one left is the one the words meant. A product
    out of stock that the words name as well as one in stock ("charmin": Ultra Soft or Ultra Strong) gives way
    to it, unless it is the shopper's own: then, or when the words name it alone ("charmin ultra soft"), it is
    ``UNAVAILABLE``, with the in-stock product most like it (:meth:`catalog.Catalog.substitute_for`) to offer. A
    suggestion (not found) out of stock is replaced by one like it that is in stock, if any.
    """
    if not found.products or all(p.in_stock for p in found.products):
        return found
    stocked = tuple(p for p in found.products if p.in_stock)
    first = found.products[0]
    own = not first.in_stock and first.id in set(turn.history)
    if found.kind is FoundKind.AMBIGUOUS and stocked and not own:
        kind = FoundKind.AMBIGUOUS if len(stocked) > 1 else FoundKind.MATCHED
        return _offering(found, kind, stocked)
    instead = turn.services.catalog.substitute_for(first, found.heard, history=turn.history)
    if found.kind is FoundKind.NOT_FOUND:
        return _offering(found, FoundKind.NOT_FOUND, (instead,) if instead is not None else ())
    if instead is not None and not own and any(p.id == instead.id for p in turn.services.catalog.holding(found.heard)):
        return _offering(found, FoundKind.MATCHED, (instead,))  # the words fit it as well ("charmin")
    offered = _offering(found, FoundKind.UNAVAILABLE, (instead,) if instead is not None else ())
    return replace(offered, unavailable=first)


def _offering(found: Found, kind: FoundKind, products: tuple[Product, ...]) -> Found:
    return replace(found, kind=kind, products=products, quantity=_packs(products, found.said), named=found)


def find_listed(turn: Turn, product: Slot, whole: Found) -> tuple[Found, ...] | None:
    """The products of a spoken list ("milk and eggs"), one :class:`Found` each, in the order said.

    ``whole`` is what the whole phrase matched. The phrase lists products when each part names a
    product of its own clearly better than the whole phrase names one (:func:`catalog.names_apart`):
    "coffee and coffee filters", "paper towels and toilet paper", although their parts share words.
    Otherwise it names one product when it matched well ("macaroni and cheese", "salt and vinegar
    chips"), or when the products it fits hold a word of every part ("mac and cheese": Kraft or
    Annie's?, "arm and hammer detergent"); and ``None`` too when it has one part, too many, or none
    that names a product. "bread and coffee" is a list even though it matched coffee (by half its
    words). Inside a longer list, adjacent parts that name one product together are one part
    ("arm and hammer laundry detergent" of "peanut butter and arm and hammer laundry detergent and bread",
    :func:`catalog.joined_parts`). Speech has no commas, so a part that names nothing, or a product
    that does not hold all its words ("eggs butter" of "eggs butter and cheese", "cat litter cat
    food"), counts as the products its words name one after another, when each names its own clearly
    better (:func:`catalog.split_run`).
    """
    if product.resolved_id or not product.value:
        return None
    whole = whole.named or whole  # a list is read from the words, stock aside
    parts = list_parts(product.value)
    if not 2 <= len(parts) <= MAX_LISTED:
        return None
    finds: dict[str, Found] = {}

    def find(words: str) -> Found:
        if words not in finds:
            finds[words] = _named(turn, Slot(value=words))
        return finds[words]

    # "arm and hammer laundry detergent" inside a longer list: one part, though cut at each "and".
    parts = joined_parts(parts, lambda phrase: _sure(find(phrase)))
    catalog = turn.services.catalog
    found: list[Found] = []
    for i, part in enumerate(parts):
        one = find(part)
        if one.kind is FoundKind.NOTHING_SAID:
            return None  # "two and a half eggs": a count, not a list
        sure = _sure(one)
        if sure is None or all(p.id != sure.product.id for p in catalog.holding(part)):
            # Not all its words are the product's: it may be several said without "and" ("eggs butter").
            most = MAX_LISTED - len(found) - (len(parts) - i - 1)
            if runs := split_run(part, one.score, lambda words: _sure(find(words)), catalog.holding, most=most):
                found.extend(find(run) for run in runs)
                continue
        found.append(one)
    if len(found) > MAX_LISTED or all(f.kind is FoundKind.NOT_FOUND for f in found):
        return None
    sure = _sure(whole)
    if sure is not None and not names_apart(sure, [_sure(f) for f in found]):
        if whole.kind is FoundKind.MATCHED and whole.score >= _WHOLE_PHRASE_SURE:
            return None
        if any(names_every_part(p, parts) for p in whole.products):
            return None
    return tuple(_in_stock(turn, one) for one in found)


def _sure(found: Found) -> Candidate | None:
    """The first product found with its score, when the matcher found one (matched, or one of a close few)."""
    if found.kind in (FoundKind.MATCHED, FoundKind.AMBIGUOUS) and found.products:
        return Candidate(product=found.products[0], score=min(100.0, max(0.0, found.score)))
    return None


def shoppers_candidates(turn: Turn, product: Slot) -> tuple[list[Product], Decision]:
    """The products a phrase may mean, most likely first, looking past the top pick ("my usual coffee"
    is the coffee *this shopper* bought, even when another coffee fits the words better), and the
    matcher's decision about the first. Alexa's resolved id counts (as matched) when the shopper has
    bought it."""
    resolved = _resolved(turn, product)
    if resolved is not None and resolved.id in set(turn.history):
        return [resolved], Decision.MATCHED
    if not product.value:
        return [], Decision.NOT_FOUND
    result = turn.services.catalog.match(product.value, history=turn.history, limit=10)
    return [c.product for c in result.candidates], result.decision


def shoppers_own(turn: Turn, product: Slot) -> Product | None:
    """The product a phrase names that this shopper has bought, ``None`` when it names none of theirs.

    Their history lifts the product they usually buy to the top among those that hold what was said
    (nearly) as well as the best ("milk" is their Horizon 2%); it is theirs when it is first and the phrase
    names it (matched, or one of a close few). A product they bought that holds less of the phrase is not:
    "dog food" is not the cat food they buy.
    """
    return _own(turn, *shoppers_candidates(turn, product))


def _own(turn: Turn, candidates: Sequence[Product], decision: Decision) -> Product | None:
    if candidates and decision is not Decision.NOT_FOUND and candidates[0].id in set(turn.history):
        return candidates[0]
    return None


def shoppers_pick(turn: Turn, product: Slot) -> Product | None:
    """The one product a phrase means for this shopper: their own (:func:`shoppers_own`), else the top one
    when it matched with confidence; ``None`` when it names nothing sure."""
    if not names_a_product(product.value or "") and not product.resolved_id:
        return None
    candidates, decision = shoppers_candidates(turn, product)
    if (own := _own(turn, candidates, decision)) is not None:
        return own
    return candidates[0] if candidates and decision is Decision.MATCHED else None


def product_and_count(product: Slot, quantity: Slot) -> tuple[Slot, int | None]:
    """The Product slot and the Quantity slot's count (:func:`spoken_quantity`), joined back into one
    name when the count is the name's: "two" and "percent milk" are 2% milk, not two of it."""
    if quantity.value and product.value and not product.resolved_id and count_is_part_of_name(product.value):
        return Slot(value=f"{quantity.value} {product.value}"), None
    return product, spoken_quantity(quantity)


def spoken_quantity(quantity: Slot) -> int | None:
    """The Quantity slot as an int; ``None`` when not said; -1 when said but not a usable whole number."""
    if not quantity.value:
        return None
    text = quantity.value.strip()
    if not text.isdigit():
        return -1
    number = int(text)
    return number if number <= MAX_SPOKEN_QUANTITY else MAX_SPOKEN_QUANTITY
