"""Catalog domain model: products and the typed outcomes of matching (no I/O, no speech)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field, field_validator

__all__ = [
    "ITEM_WORDS",
    "MEASURE_UNITS",
    "Candidate",
    "Choice",
    "Decision",
    "MatchResult",
    "Packs",
    "Product",
    "SaidCount",
    "pack_count_in",
]

# "12 ct", "12 pk 12 fl oz cans", "6 double rolls", "13 gal, 40 ct": a count of items in one pack ("50 cups";
# not "12 cup", a coffee maker's capacity).
_PACK_COUNT_RE = re.compile(
    r"(?<![\d.])(\d+)\s*(?:(?!(?:oz|fl|lbs?|gal|ml|l|g|kg|qt|pt|in|inch)\b)[a-z]+\s+){0,2}?"
    r"(ct|count|pk|pack|rolls?|cans?|bottles?|bars?|pods?|bags?|pouches?|sticks?|cups|packets?|pieces?|eggs?"
    r"|tablets?|capsules?|softgels?|wipes?|sheets?|boxes|loads?|tea bags?|k-cups?|slices|trays)\b"
)
# What a pack holds, as a size names it after a count: a plural noun ("12 pk 12 fl oz cans", "6 double
# rolls", "4 boxes, 65 ct each"). A singular one is the pack itself ("18 oz bag", "8 oz block").
_PACK_ITEMS_RE = re.compile(
    r"\b(roll|can|bottle|bar|pod|bag|stick|cup|piece|egg|tablet|caplet|capsule|softgel|wipe|sheet|load|tray"
    r"|slice|jar|tube|carton|packet|pouch|box)(?:s|es)\b"
)

# Units a size is measured in (normalised, :func:`catalog.normalise.normalise`): what they measure and how
# much of it, in fluid ounces or ounces. An "oz" said may be either (shoppers say "ounces" of milk too).
_MEASURES: dict[str, tuple[str, Decimal]] = {
    "gal": ("volume", Decimal(128)), "qt": ("volume", Decimal(32)), "pt": ("volume", Decimal(16)),
    "fl oz": ("volume", Decimal(1)), "l": ("volume", Decimal("33.814")), "ml": ("volume", Decimal("0.033814")),
    "lb": ("weight", Decimal(16)), "oz": ("weight", Decimal(1)), "kg": ("weight", Decimal("35.274")),
    "g": ("weight", Decimal("0.035274")),
}  # fmt: skip
MEASURE_UNITS = frozenset(_MEASURES)  # the units a size is measured in, as normalised ("gal", "fl oz")
# A size that starts with a measure ("0.5 gal", "52 fl oz", "16 oz, 4 sticks"): what one pack holds. One
# said after a count ("12 pk 12 fl oz cans", "12 ct, 3.5 oz trays") is each item's.
_MEASURE_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(fl oz|gal|qt|pt|ml|l|oz|lbs?|kg|g)\b")
# A pack of measured items ("12 pk 12 fl oz cans", "32 ct, 5.5 oz cans"): how many, and what each holds. A
# measure without the items it is of ("50 ct, 18 fl oz" cups) is no content of the pack.
_ITEM_MEASURE_RE = re.compile(
    r"^\s*(\d+)\s*(?:pk|pack|ct|count)\b[\s,]*(\d+(?:\.\d+)?)\s*(fl oz|gal|qt|pt|ml|l|oz|lbs?|kg|g)\s+"
    + _PACK_ITEMS_RE.pattern
)
# A bare count below one pack of a product counted by the piece ("12 ct") counts its pieces when it is at
# least a tenth of a pack ("six eggs" of 12); a smaller one counts packs ("two tide pods" of 42).
_ITEMS_SHARE = 10
# How near two amounts must be to be the same size ("a liter" is 33.8 fl oz; "34 fl oz" is a liter).
_SAME_MEASURE = Decimal("0.03")

#: Words a count is said in that count the items inside a pack, never the packs ("twelve pieces of",
#: "half a dozen"), in their normalised form (:func:`catalog.normalise.normalise`).
ITEM_WORDS = frozenset({"piece", "item", "unit", "ct", "dozen", "slice", "serving"})


@lru_cache(maxsize=4096)
def pack_count_in(size: str) -> int | None:
    """How many items a pack of this size holds ("12 ct" -> 12, "6 double rolls" -> 6); ``None`` if unsaid."""
    found = _PACK_COUNT_RE.search(size.lower())
    return int(found.group(1)) if found else None


@lru_cache(maxsize=4096)
def _pack_items_in(size: str) -> frozenset[str]:
    return frozenset(_PACK_ITEMS_RE.findall(size.lower()))


@lru_cache(maxsize=4096)
def _measured_items_in(size: str) -> tuple[int, Decimal, str] | None:
    """A pack of measured items ("12 pk 12 fl oz cans"): how many, and each one's amount and unit."""
    found = _ITEM_MEASURE_RE.match(size.lower())
    if found is None:
        return None
    unit = "lb" if found.group(3) == "lbs" else found.group(3)
    return int(found.group(1)), Decimal(found.group(2)), unit


class SaidCount(BaseModel):
    """A count as the shopper said it: how many, of what, and of packs of what size.

    ``unit`` is the word the count was said of, normalised ("pack", "can", "dozen", "ct", "gal"),
    ``None`` for a bare count ("twelve eggs"); ``pack_size`` is how many items each pack said holds ("a
    12 pack of coke" is one pack of 12); ``measure``, how much of a measure ``unit`` each thing counted
    is when not one ("a half gallon of milk" is one of 0.5 gal, "a gallon of milk" one of 1 gal).
    Whether the count is of packs or of the items in them depends on the product: see
    :meth:`Product.packs_for`. ``fraction``: the number said, when it counts no whole number of things ("2.5
    bags of", "1.5 eggs"); ``count`` is then 1 and stands for no count at all: nothing is to be read back or
    ordered from it, the shopper is to be asked how many (see :attr:`whole`).

    Examples
    --------
    >>> SaidCount(count=1, unit="pack", pack_size=12).in_packs, SaidCount(count=6, unit="dozen").in_packs
    (True, False)
    >>> SaidCount(count=1, unit="bag", fraction="2.5").whole, SaidCount(count=2, unit="bag").whole
    (False, True)
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    count: int = Field(ge=1)
    unit: str | None = None
    pack_size: int | None = Field(default=None, ge=2)
    measure: Decimal | None = Field(default=None, gt=0)
    fraction: Decimal | None = Field(default=None, gt=0)

    @property
    def whole(self) -> bool:
        """Whether a whole number of things was said ("two bags of"), not a fraction of one ("2.5 bags of")."""
        return self.fraction is None

    @property
    def measured(self) -> bool:
        """Said of a size ("a gallon of", "two half gallons of", "two pounds of"), not of packs or items.

        Examples
        --------
        >>> SaidCount(count=1, unit="gal").measured, SaidCount(count=2, unit="pack").measured
        (True, False)
        """
        return self.unit in MEASURE_UNITS and self.pack_size is None

    @property
    def in_packs(self) -> bool:
        """Said of packs or containers ("two packs of", "a 12 pack of", "three cans of"), not of items or bare."""
        return self.pack_size is not None or (self.unit is not None and self.unit not in ITEM_WORDS)


@dataclass(frozen=True)
class Packs:
    """How many packs of a product a count said stands for.

    ``exact``: the count is that many packs. Otherwise the product's packs cannot hold what was said
    ("half a dozen" of eggs sold by the dozen, "a 6 pack" of a 12-pack) and ``count`` is the fewest
    whole packs that hold it, for the shopper to be offered rather than given.
    """

    count: int
    exact: bool


class Product(BaseModel):
    """One product the shopper can order.

    Examples
    --------
    >>> Product(id="pp-0001", name="Bounty Paper Towels", price="19.99", category="paper goods").unit
    'item'
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(min_length=1)
    name: str = Field(min_length=1)
    brand: str | None = None
    size: str | None = None
    unit: str = "item"
    price: Decimal = Field(gt=0, decimal_places=2)
    category: str
    synonyms: tuple[str, ...] = ()
    consumable: bool = True
    in_stock: bool = True
    popularity: float = Field(default=0.0, ge=0.0, le=1.0)

    @field_validator("price", mode="before")
    @classmethod
    def _two_places(cls, value: object) -> object:
        if isinstance(value, float):
            return Decimal(str(value))
        return value

    @property
    def pack_count(self) -> int | None:
        """How many items one pack holds, read from :attr:`size` ("12 ct" -> 12); ``None`` if unsaid.

        Examples
        --------
        >>> Product(id="e", name="Eggs", size="12 ct", price="4.79", category="dairy").pack_count
        12
        >>> Product(id="m", name="Milk", size="1 gal", price="3.99", category="dairy").pack_count is None
        True
        """
        return pack_count_in(self.size) if self.size else None

    @property
    def pack_items(self) -> frozenset[str]:
        """What one pack holds, as :attr:`size` names it ("12 pk 12 fl oz cans" -> ``{"can"}``); empty if unsaid.

        Examples
        --------
        >>> Product(id="c", name="Cola", size="12 pk 12 fl oz cans", price="8.99", category="drinks").pack_items
        frozenset({'can'})
        >>> Product(id="b", name="Coffee", size="18 oz bag", price="9.99", category="coffee").pack_items
        frozenset()
        """
        return _pack_items_in(self.size) if self.size else frozenset()

    @property
    def measure(self) -> tuple[Decimal, str] | None:
        """What one pack holds by measure, as :attr:`size` starts: ``(amount, unit)``; ``None`` if it does not.

        Examples
        --------
        >>> Product(id="m", name="Milk", size="0.5 gal", price="3.99", category="dairy").measure
        (Decimal('0.5'), 'gal')
        >>> Product(id="c", name="Cola", size="12 pk 12 fl oz cans", price="8.99", category="drinks").measure is None
        True
        """
        found = _MEASURE_RE.match(self.size.lower()) if self.size else None
        if found is None:
            return None
        unit = "lb" if found.group(2) == "lbs" else found.group(2)
        return Decimal(found.group(1)), unit

    @property
    def item_measure(self) -> tuple[Decimal, str] | None:
        """What each item of a pack of measured items holds, as :attr:`size` says after the count ("12 pk 12
        fl oz cans"): ``(amount, unit)``; ``None`` for any other size.

        Examples
        --------
        >>> Product(id="c", name="Cola", size="12 pk 12 fl oz cans", price="8.99", category="drinks").item_measure
        (Decimal('12'), 'fl oz')
        >>> Product(id="m", name="Milk", size="0.5 gal", price="3.99", category="dairy").item_measure is None
        True
        """
        items = _measured_items_in(self.size) if self.size else None
        return items[1:] if items is not None else None

    def _content(self) -> tuple[Decimal, str] | None:
        """What one pack holds by measure: :attr:`measure`, or its items' together ("12 pk 12 fl oz cans": 144
        fl oz); ``None`` when its size does not say."""
        if (measure := self.measure) is not None:
            return measure
        items = _measured_items_in(self.size) if self.size else None
        return (items[0] * items[1], items[2]) if items is not None else None

    def size_said(self, count: int) -> SaidCount | None:
        """``count`` packs of this product, said as its size ("four half gallons"); ``None`` if unmeasured.

        Examples
        --------
        >>> Product(id="m", name="Milk", size="0.5 gal", price="3.99", category="dairy").size_said(4)
        SaidCount(count=4, unit='gal', pack_size=None, measure=Decimal('0.5'), fraction=None)
        """
        measure = self.measure
        if measure is None:
            return None
        amount, unit = measure
        return SaidCount(count=count, unit=unit, measure=None if amount == 1 else amount)

    def _packs_measured(self, said: SaidCount) -> Decimal | None:
        """How many of this product's packs hold the measure said ("two gallons" of half gallons: 4);
        ``None`` when its size is not measured in the same kind of unit."""
        measure = self._content()
        if measure is None or said.unit is None:
            return None
        kind, per_unit = _MEASURES[said.unit]
        pack_kind, pack_per_unit = _MEASURES[measure[1]]
        if kind != pack_kind and said.unit != "oz":  # "ounces" of milk are fluid ounces
            return None
        pack = measure[0] * pack_per_unit
        return said.count * (said.measure or 1) * per_unit / pack

    @staticmethod
    def _as_said(said: SaidCount, packs: Decimal) -> bool:
        """Whether ``packs`` of a product are the size said: each thing counted is one pack ("two gallons"
        of gallon jugs), or all of it is ("sixteen ounces of" a 16 oz box), unless the size of each was said
        ("two half gallons of" is two half gallons, not one gallon jug)."""
        whole = 1 if said.measure is None else said.count  # all of it in one pack
        return any(abs(packs - n) <= _SAME_MEASURE * n for n in {said.count, whole})

    def _per_pack(self) -> int | None:
        per_pack = self.pack_count
        return per_pack if per_pack is not None and per_pack >= 2 else None

    def _counts_items(self, said: SaidCount) -> bool:
        """Whether ``said`` counts what this product's packs hold: "half a dozen", "twelve cans of" a
        12-pack of cans; not "two cartons of" eggs sold by the carton."""
        if said.unit is None or said.pack_size is not None:
            return False
        return said.unit in ITEM_WORDS or (said.unit != self.unit and said.unit in self.pack_items)

    def packs_for(self, said: SaidCount) -> Packs:
        """How many packs of this product a count the shopper said stands for.

        - A pack size said ("a 12 pack of") is that many packs when this product's packs hold that many;
          otherwise it cannot be had as said.
        - A count of the items a pack holds ("half a dozen eggs", "twelve cans of" a 12-pack of cans,
          "six rolls of" a 6-roll pack) is the number of whole packs it fills; a count that fills no
          whole number of packs cannot be had as said, and the fewest packs holding it are offered.
        - A bare count ("twelve eggs") that is a whole number of packs is that many packs: "a dozen eggs"
          is one carton of 12. Of a product whose size counts the product itself ("12 ct"), a bare count
          of at least a tenth of a pack counts its items too ("six eggs", "eight batteries", "thirty
          eggs"): it cannot be had as said, and the fewest packs holding it are offered. Any other bare
          count stays as said, as shoppers mean it: "two paper towels" (packs of rolls) is two packs,
          and so is "two tide pods" (tubs of 42).
        - A count of packs or containers ("two packs of", "three bottles of" a bottle) stays as said.
        - A size said ("a gallon of", "two half gallons of") is that many packs of a product of that size;
          of another size (:attr:`measure`, or what its measured items hold together: "12 pk 12 fl oz
          cans"), the fewest packs holding it are offered ("two gallons" of half-gallon cartons: four; "a 2
          liter" of 12-packs of cans: one). A product whose size says nothing keeps the count as said.

        Examples
        --------
        >>> eggs = Product(id="e", name="Eggs", size="12 ct", unit="carton", price="4.79", category="dairy")
        >>> eggs.packs_for(SaidCount(count=12)), eggs.packs_for(SaidCount(count=6))
        (Packs(count=1, exact=True), Packs(count=1, exact=False))
        >>> eggs.packs_for(SaidCount(count=30))
        Packs(count=3, exact=False)
        >>> eggs.packs_for(SaidCount(count=24, unit="dozen")), eggs.packs_for(SaidCount(count=6, unit="dozen"))
        (Packs(count=2, exact=True), Packs(count=1, exact=False))
        >>> eggs.packs_for(SaidCount(count=12, unit="carton"))
        Packs(count=12, exact=True)
        >>> cola = Product(id="c", name="Cola", size="12 pk 12 fl oz cans", unit="pack", price="8.99", category="soda")
        >>> twelve_pack = SaidCount(count=1, unit="pack", pack_size=12)
        >>> six_pack = SaidCount(count=1, unit="pack", pack_size=6)
        >>> cola.packs_for(twelve_pack), cola.packs_for(SaidCount(count=24, unit="can"))
        (Packs(count=1, exact=True), Packs(count=2, exact=True))
        >>> cola.packs_for(six_pack), cola.packs_for(SaidCount(count=30, unit="can"))
        (Packs(count=1, exact=False), Packs(count=3, exact=False))
        >>> milk = Product(id="m", name="Milk", size="0.5 gal", unit="carton", price="3.99", category="dairy")
        >>> half_gallon = SaidCount(count=1, unit="gal", measure="0.5")
        >>> milk.packs_for(SaidCount(count=2, unit="gal")), milk.packs_for(half_gallon)
        (Packs(count=4, exact=False), Packs(count=1, exact=True))
        """
        if said.measured:
            packs = self._packs_measured(said)
            if packs is None:
                return Packs(said.count, True)  # no size that tells
            if self._as_said(said, packs):
                return Packs(round(packs), True)
            return Packs(max(1, math.ceil(packs - _SAME_MEASURE * packs)), False)
        per_pack = self._per_pack()
        if said.pack_size is not None:
            if per_pack == said.pack_size:
                return Packs(said.count, True)
            items = said.count * said.pack_size
            return Packs(-(-items // per_pack) if per_pack else said.count, False)
        if per_pack is None:
            return Packs(said.count, True)
        whole = said.count % per_pack == 0
        # "six eggs", "thirty eggs": a bare count of a product whose size counts the product itself ("12 ct");
        # not "two tide pods" of a tub of 42, nor "eleven paper towels" of packs of rolls.
        bare_items = said.unit is None and (
            whole or (not self.pack_items and said.count * _ITEMS_SHARE >= per_pack)
        )
        if bare_items or self._counts_items(said):
            return Packs(-(-said.count // per_pack), whole)
        return Packs(said.count, True)

    def other_size(self, said: SaidCount) -> bool:
        """Whether this product is clearly of another size than the size said: measured in the same kind of
        unit ("1 gal", "12 pk 12 fl oz cans" for "a half gallon of"), neither that size nor packs adding up
        to it. ``False`` when no size was said, or its size does not tell (none, or a weight for a volume).

        Examples
        --------
        >>> jug = Product(id="j", name="Milk", size="1 gal", unit="jug", price="3.99", category="dairy")
        >>> half, gallon = SaidCount(count=1, unit="gal", measure="0.5"), SaidCount(count=2, unit="gal")
        >>> jug.other_size(half), jug.other_size(gallon), jug.other_size(SaidCount(count=1, unit="lb"))
        (True, False, False)
        """
        return said.measured and self._packs_measured(said) is not None and self.pack_fit(said) < 0

    def pack_fit(self, said: SaidCount) -> int:
        """How well this product's packs fit a count said, for choosing among products that fit the words.

        2: what was said is a whole number of its packs, as a pack size or a count of items ("a 12 pack",
        "a dozen" of a 12-count); 1: its packs hold the items counted ("six bottles of" a 24-pack of
        bottles), or it is the container counted ("two bags of" coffee sold by the bag); -1: its packs
        say otherwise (a 12-pack for "a 6 pack", cans for "six bottles of", a 12-count for "half a
        dozen" or for a bare "eighteen", which is more than one pack); 0: nothing said tells. A size said
        ("a gallon of") is 2 for a product of that size, 1 for one whose packs add up to it (half
        gallons), -1 for one of another size or measure (a gallon jug for "two half gallons of").

        Examples
        --------
        >>> eggs = Product(id="e", name="Eggs", size="12 ct", unit="carton", price="4.79", category="dairy")
        >>> [eggs.pack_fit(SaidCount(count=n, unit=u)) for n, u in [(12, "dozen"), (2, "carton"), (6, "dozen")]]
        [2, 1, -1]
        >>> eggs.pack_fit(SaidCount(count=2)), eggs.pack_fit(SaidCount(count=18))
        (0, -1)
        >>> eggs.pack_fit(SaidCount(count=1, unit="pack", pack_size=6))
        -1
        >>> half, gallon = SaidCount(count=1, unit="gal", measure="0.5"), SaidCount(count=1, unit="gal")
        >>> jug = Product(id="j", name="Milk", size="1 gal", unit="jug", price="3.99", category="dairy")
        >>> jug.pack_fit(gallon), jug.pack_fit(half), jug.pack_fit(SaidCount(count=3, unit="gal"))
        (2, -1, 2)
        >>> Product(id="m", name="Milk", size="0.5 gal", price="3.99", category="dairy").pack_fit(gallon)
        1
        """
        if said.measured:
            packs = self._packs_measured(said)
            if packs is None:
                return -1 if self._content() is not None else 0
            if self._as_said(said, packs):
                return 2
            each = packs if said.measure is None else packs / said.count  # packs for each thing of the size said
            return 1 if each >= 1 and abs(each - round(each)) <= _SAME_MEASURE * each else -1
        per_pack = self._per_pack()
        whole = per_pack is not None and said.count % per_pack == 0
        if said.pack_size is not None:
            if per_pack == said.pack_size:
                return 2
            return -1 if self.size else 0
        if said.unit is None:
            return 2 if whole else (-1 if per_pack is not None and said.count > per_pack else 0)
        if said.unit in ITEM_WORDS:
            return 2 if whole else (-1 if per_pack is not None else 0)
        if self._counts_items(said) and per_pack is not None:
            return 2 if whole else 1
        if said.unit == self.unit:
            return 1
        return -1 if self.pack_items else 0


class Decision(StrEnum):
    """What the matcher concluded about a heard phrase."""

    MATCHED = "matched"
    AMBIGUOUS = "ambiguous"
    NOT_FOUND = "not_found"


class Candidate(BaseModel):
    """A product the heard phrase may mean, with a 0-100 score (higher is better)."""

    model_config = ConfigDict(frozen=True)

    product: Product
    score: float = Field(ge=0.0, le=100.0)


class MatchResult(BaseModel):
    """Typed outcome of :meth:`catalog.Catalog.match`.

    ``MATCHED``: the first candidate is the product meant. ``AMBIGUOUS``: the first two or three
    candidates scored too close to choose; ask the shopper. ``NOT_FOUND``: nothing fits well; the
    candidates (possibly none) are the nearest suggestions.
    """

    model_config = ConfigDict(frozen=True)

    decision: Decision
    candidates: tuple[Candidate, ...] = ()
    #: The count said in the phrase (or the count given with it), ``None`` if none.
    quantity: int | None = None
    #: That count as said: of packs ("two packs of"), of items ("a dozen eggs"), of a pack size ("a 12
    #: pack of"); see :meth:`Product.packs_for`.
    said: SaidCount | None = None
    query: str = ""

    @property
    def best(self) -> Candidate | None:
        """The first candidate, or ``None`` when there is none."""
        return self.candidates[0] if self.candidates else None


class Choice(BaseModel):
    """Which of the offered options the shopper picked.

    ``index`` is 0-based into the options offered, ``None`` when no option was understood;
    ``neither`` is true when the shopper rejected all of them ("neither", "none of them"), ``every``
    when they meant all of them ("both", "all of them"), ``either`` when any one will do ("either one is
    fine", "whichever"), and ``compare`` when they asked about the options rather than picking ("what's
    the difference?", "how much are they?").
    """

    model_config = ConfigDict(frozen=True)

    index: int | None = None
    neither: bool = False
    every: bool = False
    either: bool = False
    compare: bool = False
