"""The :class:`Catalog` aggregate: an immutable set of products with lookup and spoken matching."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from rapidfuzz import fuzz

from catalog.matcher import Matcher, Normaliser, Scorer
from catalog.model import MatchResult, Product
from catalog.normalise import normalise

__all__ = ["Catalog"]


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
        self._holders: dict[str, frozenset[str]] = {}  # each name word: the products holding it (names_only)

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
            self._holders = {word: frozenset(ids) for word, ids in holders.items()}
            self._matcher = Matcher(self._products, processor=self._processor, scorer=self._scorer)
        return self._matcher

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
