"""The :class:`Catalog` aggregate: an immutable set of products with lookup and spoken matching."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from rapidfuzz import fuzz

from catalog.matcher import Matcher, Normaliser, Scorer
from catalog.model import MatchResult, Product
from catalog.normalise import fold, normalise

__all__ = ["SUGGEST_MIN_SCORE", "Catalog"]

# Below this score the nearest product is no suggestion ("tell me a joke" is 30 from trash bags); nor is one
# of another kind ("shaving cream" for "sour cream": catalog.names_kind_said). The shopper is asked what they
# would like instead.
SUGGEST_MIN_SCORE = 45.0


class Catalog:
    """An immutable collection of products, looked up by id and matched against heard text.

    The match index is built on the first :meth:`match` call (or by :meth:`build_index`), not at
    construction, so loading a catalog only to look products up stays cheap.

    Parameters
    ----------
    products
        The products; ids must be unique.
    processor
        Keyword-only. Normaliser for names and heard phrases (default :func:`catalog.normalise`).
    scorer
        Keyword-only. rapidfuzz-style scorer used on the narrowed candidates.

    Examples
    --------
    >>> from decimal import Decimal
    >>> milk = Product(id="m1", name="Organic Whole Milk", price=Decimal("4.99"), category="dairy")
    >>> catalog = Catalog([milk])
    >>> len(catalog), catalog.get("m1") is milk, catalog.match("order two milks").quantity
    (1, True, 2)
    """

    def __init__(
        self,
        products: Iterable[Product],
        *,
        processor: Normaliser = normalise,
        scorer: Scorer = fuzz.ratio,
    ) -> None:
        self._products: tuple[Product, ...] = tuple(products)
        self._by_id: dict[str, Product] = {}
        for product in self._products:
            if product.id in self._by_id:
                raise ValueError(f"duplicate product id {product.id!r}")
            self._by_id[product.id] = product
        self._processor = processor
        self._scorer = scorer
        self._matcher: Matcher | None = None
        self._holders: dict[str, tuple[str, ...]] = {}  # each name word: the products holding it (names_only)

    def __len__(self) -> int:
        return len(self._products)

    def __iter__(self) -> Iterator[Product]:
        return iter(self._products)

    def __contains__(self, product_id: object) -> bool:
        return product_id in self._by_id

    def __repr__(self) -> str:
        return f"Catalog({len(self._products)} products)"

    def get(self, product_id: str) -> Product | None:
        """Return the product with this id, or ``None``."""
        return self._by_id.get(product_id)

    def build_index(self) -> Matcher:
        """Build (once) and return the match index, and the word index :meth:`names_only` reads."""
        if self._matcher is None:
            holders: dict[str, set[str]] = {}
            for product in self._products:
                names = f"{self._processor(product.name)} {self._processor(' '.join(product.synonyms))}"
                for word in names.split():
                    holders.setdefault(word, set()).add(product.id)
            # Tuples, not sets: most words are held by one or two products, and a set costs four times the memory.
            self._holders = {word: tuple(ids) for word, ids in holders.items()}
            self._matcher = Matcher(self._products, processor=self._processor, scorer=self._scorer)
        return self._matcher

    def starts_a_name(self, words: str) -> bool:
        """Whether ``words`` are the first words of a product's name, or of one of its synonyms: "no pulp" of
        "no pulp orange juice" (a "no" that is no answer).

        Examples
        --------
        >>> from decimal import Decimal
        >>> juice = Product(id="j", name="Orange Juice No Pulp", price=Decimal("5.49"), category="drinks",
        ...                 synonyms=("no pulp orange juice",))
        >>> catalog = Catalog([juice])
        >>> catalog.starts_a_name("no pulp"), catalog.starts_a_name("no oat"), catalog.starts_a_name("")
        (True, False, False)
        """
        said = self._processor(words).split()
        if not said:
            return False
        self.build_index()  # the word index: only products holding every word said can start with them
        holders = set(self._holders.get(said[0], ()))
        for word in said[1:]:
            holders.intersection_update(self._holders.get(word, ()))
        return any(
            self._processor(name).split()[: len(said)] == said
            for product in map(self._by_id.__getitem__, holders)
            for name in (product.name, *product.synonyms)
        )

    def names_only(self, form: str, product_id: str) -> bool:
        """Whether ``form`` names no product but ``product_id``: no other product's name and synonyms
        together hold each of its words. A generic form ("milk", "bread") that fits several products
        does not: the matcher decides among them with the shopper's history.

        Examples
        --------
        >>> from decimal import Decimal
        >>> whole = Product(id="w", name="Whole Milk", price=Decimal("3.99"), category="dairy")
        >>> skim = Product(id="s", name="Skim Milk", price=Decimal("3.89"), category="dairy", synonyms=("milk",))
        >>> catalog = Catalog([whole, skim])
        >>> catalog.names_only("whole milk", "w"), catalog.names_only("milk", "s")
        (True, False)
        """
        self.build_index()  # built at container start (skill.bootstrap), not in a request
        words = self._processor(form).split()
        if not words:
            return len(self._products) <= 1 and product_id in self._by_id
        others = set.intersection(*(set(self._holders.get(word, ())) for word in words))
        return not others - {product_id}

    def holding(self, heard: str) -> tuple[Product, ...]:
        """Every product whose name (or a synonym) holds each content word of the product phrase in
        ``heard``, in catalog order: all the milks of "the cheapest milk", whatever their scores.

        Examples
        --------
        >>> from decimal import Decimal
        >>> towels = Product(id="t", name="Bounty Paper Towels", price=Decimal("9.99"), category="paper")
        >>> napkins = Product(id="n", name="Bounty Napkins", price=Decimal("4.99"), category="paper")
        >>> [p.id for p in Catalog([towels, napkins]).holding("two packs of bounty")]
        ['t', 'n']
        """
        return self.build_index().holding(heard)

    def match(
        self, heard: str, *, history: Sequence[str] = (), limit: int = 5, count: int | None = None
    ) -> MatchResult:
        """Find the product a heard utterance means.

        Parameters
        ----------
        heard
            The utterance or slot value as heard ("add a couple of county paper towels to my cart").
        history
            Keyword-only. The shopper's past purchased product ids, most recent last; the product
            they usually buy wins among equally good fits.
        limit
            Keyword-only. Maximum number of candidates in the result.
        count
            Keyword-only. A count heard apart from the phrase (Alexa's Quantity slot), read with it:
            12 and "cans of coke" are twelve cans. Among equally good names, the products whose packs
            fit the count said come first.

        Returns
        -------
        MatchResult
            Typed outcome; never raises for odd input.

        Examples
        --------
        >>> from decimal import Decimal
        >>> towels = Product(id="t", name="Bounty Paper Towels", price=Decimal("9.99"), category="paper")
        >>> Catalog([towels]).match("county paper towel").best.product.id
        't'
        """
        return self.build_index().match(heard, history=history, limit=limit, count=count)

    def substitute_for(
        self, product: Product, heard: str, *, history: Sequence[str] = (), min_score: float = SUGGEST_MIN_SCORE
    ) -> Product | None:
        """The in-stock product to offer instead of ``product`` (out of stock), or ``None`` when none fits.

        Of ``product``'s category and fitting what was said (``heard``), else its names without the brand
        ("dawn": another dish soap); among those, one that holds every word said first ("horizon milk":
        Horizon whole milk for the 2%), then the one most like it apart from its brand ("milk": a 2% milk
        for Horizon Organic 2% Milk).

        Parameters
        ----------
        product
            The product out of stock.
        heard
            What the shopper said for it (its name when nothing was said).
        history
            Keyword-only. The shopper's past purchased product ids, most recent last.
        min_score
            Keyword-only. The least match score of a substitute.

        Examples
        --------
        >>> from decimal import Decimal
        >>> gone = Product(id="h", name="Horizon Organic 2% Milk", brand="Horizon", price=Decimal("5.49"),
        ...                category="dairy", in_stock=False)
        >>> whole = Product(id="w", name="Horizon Organic Whole Milk", brand="Horizon", price=Decimal("5.49"),
        ...                 category="dairy")
        >>> reduced = Product(id="r", name="Store 2% Milk", price=Decimal("3.49"), category="dairy")
        >>> soap = Product(id="s", name="Milk Soap", price=Decimal("2.99"), category="household")
        >>> catalog = Catalog([gone, whole, reduced, soap])
        >>> catalog.substitute_for(gone, "horizon milk").id, catalog.substitute_for(gone, "milk").id
        ('w', 'r')
        """
        brand = set(fold(product.brand).split()) if product.brand else set()
        kind = " ".join(word for word in fold(product.name).split() if word not in brand) or product.name
        unbranded = [name for name in product.synonyms if not brand & set(fold(name).split())]
        fits: list[Product] = []
        matched: dict[str, MatchResult] = {}
        for phrase in dict.fromkeys((heard, *unbranded, kind)):  # each phrase once, in order
            matched[phrase] = self.match(phrase, history=history, limit=10)
            fits = [
                c.product
                for c in matched[phrase].candidates
                if c.score >= min_score
                and c.product.in_stock
                and c.product.id != product.id
                and c.product.category == product.category
            ]
            if fits:
                break
        if len(fits) < 2:
            return fits[0] if fits else None
        # Likeness is ranked without the shopper's habits: the pass above serves when there were none.
        like_kind = matched[kind] if kind in matched and not history else self.match(kind, limit=10)
        like = [c.product.id for c in like_kind.candidates]
        holding = {p.id for p in self.holding(heard)}
        # Ties go to the better fit (``min`` keeps the first).
        return min(fits, key=lambda p: (p.id not in holding, like.index(p.id) if p.id in like else len(like)))
