"""Orders, carts, limits and pricing: plain values with no I/O."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

from orders.exceptions import LimitExceededError

if TYPE_CHECKING:
    from catalog import Product

__all__ = [
    "RECENT_CART_REQUESTS",
    "Cart",
    "CartLine",
    "CartRequest",
    "Limits",
    "Order",
    "OrderLine",
    "OrderSource",
    "OrderStatus",
    "money",
]

CENT = Decimal("0.01")
# How many of the requests that last changed a cart it remembers: Alexa redelivers a request within seconds,
# and a conversation makes a few cart changes a minute, so an older one redelivered still finds itself.
RECENT_CART_REQUESTS = 10


def money(value: Decimal) -> Decimal:
    """Round to cents, half up, as a receipt does.

    Examples
    --------
    >>> money(Decimal("1.005"))
    Decimal('1.01')
    """
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class OrderStatus(enum.StrEnum):
    PLACED = "placed"
    CANCELLED = "cancelled"


class OrderSource(enum.StrEnum):
    VOICE = "voice"  # confirmed with an explicit yes in a session
    AUTO = "auto"  # placed by automatic reorder within the shopper's cap


class OrderLine(_Frozen):
    product_id: str
    name: str
    quantity: int = Field(gt=0)
    unit: str = "item"
    unit_price: Decimal

    @property
    def line_total(self) -> Decimal:
        return money(self.unit_price * self.quantity)


class Order(_Frozen):
    """A placed order. ``order_id`` is the idempotency key chosen when the order was proposed."""

    order_id: str
    shopper_id: str
    lines: tuple[OrderLine, ...]
    subtotal: Decimal
    tax: Decimal
    total: Decimal
    currency: str = "USD"
    placed_at: datetime
    cancellable_until: datetime
    status: OrderStatus = OrderStatus.PLACED
    source: OrderSource = OrderSource.VOICE
    cancelled_at: datetime | None = None
    # False from its write until the one caller that reports the placement (runs the order listeners, tells
    # the shopper) claims it (``ShopperStore.claim_follow_up``): a write whose answer was lost leaves it False
    # for whichever retry finds the order. Orders stored before this was kept were all followed up.
    followed_up: bool = True
    # False from a voice order's write (the same write: no other) until its order listeners (the reorder schedule)
    # have all run (``ShopperStore.mark_listeners_done``): a turn with no time left for them, one that failed, or a
    # session that ended first leaves it False for a later request, launch or order status to run them. Orders
    # stored before this was kept, and automatic orders (the scheduler sees to their reorder state), count as done.
    listeners_done: bool = True
    # Confirmed in answer to a reorder prompt (asked when the product counted as running low): the skill chose
    # when it was bought, so the gap it ends says little of how long the product lasts (``reorder.service``).
    prompted: bool = False

    def is_cancellable(self, now: datetime) -> bool:
        return self.status is OrderStatus.PLACED and now <= self.cancellable_until


class CartLine(_Frozen):
    product_id: str
    quantity: int = Field(gt=0)
    # The product's name when it was added: a line whose product has left the catalog is still named by it
    # (lines stored before it was kept have none).
    name: str | None = None


class CartRequest(_Frozen):
    """A request (Alexa's request id) that changed a cart, and the lines it changed."""

    request_id: str
    lines: tuple[str, ...] = ()


class Cart(_Frozen):
    lines: tuple[CartLine, ...] = ()
    # The last requests that changed the cart (at most RECENT_CART_REQUESTS, the newest last), stored with its
    # lines in one write: any of them redelivered, even after newer ones, changes its lines no further (see
    # ``ShoppingService.set_cart_quantity``). An emptied cart keeps them.
    requests: tuple[CartRequest, ...] = ()
    # The version the cart was read at (0: never saved, or saved before carts had one). A save writes the next
    # one, and only over the cart still at this one (``ShopperStore.save_cart``): two requests changing the cart
    # at once cannot overwrite each other's change; the one refused works its change out again.
    version: int = 0

    def changed_by_request(self, request_id: str | None, product_id: str) -> bool:
        """Whether the request ``request_id`` has already changed the line of ``product_id``."""
        return any(r.request_id == request_id and product_id in r.lines for r in self.requests)

    def quantity_of(self, product_id: str) -> int:
        return sum(line.quantity for line in self.lines if line.product_id == product_id)

    def with_quantity(
        self, product_id: str, quantity: int, *, request_id: str | None = None, name: str | None = None
    ) -> Cart:
        """The cart with ``product_id`` set to ``quantity`` (0 removes it); order of lines is kept. ``name``: the
        product's, kept with its line (else the name the line has).

        With ``request_id``, the change is recorded as that request's (with its other lines, if any), as its
        newest request; the oldest beyond ``RECENT_CART_REQUESTS`` are forgotten.
        """
        kept = [line for line in self.lines if line.product_id != product_id]
        if quantity > 0:
            position = next((i for i, line in enumerate(self.lines) if line.product_id == product_id), len(kept))
            name = name or next((line.name for line in self.lines if line.product_id == product_id), None)
            kept.insert(position, CartLine(product_id=product_id, quantity=quantity, name=name))
        if request_id is None:
            return Cart(lines=tuple(kept), requests=self.requests, version=self.version)
        earlier = next((r.lines for r in self.requests if r.request_id == request_id), ())
        others = tuple(r for r in self.requests if r.request_id != request_id)
        latest = CartRequest(request_id=request_id, lines=(*earlier, product_id))
        return Cart(lines=tuple(kept), requests=(*others, latest)[-RECENT_CART_REQUESTS:], version=self.version)

    def emptied(self) -> Cart:
        """The cart with no lines, still knowing the requests that changed it."""
        return Cart(requests=self.requests, version=self.version)

    def ordered(self, lines: Iterable[tuple[str, int]]) -> Cart:
        """The cart once ``lines`` (product id, count) of it are ordered: what was ordered leaves it, what was
        not (a line out of stock at the check-out) stays; it still knows the requests that changed it."""
        taken = dict(lines)
        left = ((line, line.quantity - taken.get(line.product_id, 0)) for line in self.lines)
        kept = tuple(line.model_copy(update={"quantity": count}) for line, count in left if count > 0)
        return Cart(lines=kept, requests=self.requests, version=self.version)

    def without(self, product_ids: Iterable[str]) -> Cart:
        """The cart without the lines of ``product_ids``, still knowing the requests that changed it."""
        gone = set(product_ids)
        kept = tuple(line for line in self.lines if line.product_id not in gone)
        return Cart(lines=kept, requests=self.requests, version=self.version)

    def named(self, names: Mapping[str, str]) -> Cart:
        """The cart with each line stored without its product's name (stored before lines kept one) named by
        ``names`` (product id: its name in the catalog now); lines already named keep theirs."""
        lines = tuple(
            line.model_copy(update={"name": names[line.product_id]})
            if line.name is None and line.product_id in names
            else line
            for line in self.lines
        )
        return Cart(lines=lines, requests=self.requests, version=self.version)

    @property
    def is_empty(self) -> bool:
        return not self.lines


class Limits(_Frozen):
    """Per-shopper protection: an order above a limit is refused with an explanation."""

    max_quantity_per_line: int = Field(default=10, gt=0)
    max_order_total: Decimal = Field(default=Decimal("250.00"), gt=0)

    def check_quantity(self, quantity: int, product: Product | None = None, *, requested: int | None = None) -> None:
        """Refuse ``quantity`` of ``product`` (one line; any line when ``None``) above the per-item limit.

        ``requested`` is the count the shopper said, when that is not ``quantity`` ("a thousand eggs" is 84
        cartons); the refusal tells it. Raises :class:`LimitExceededError` of kind ``"quantity"``.

        Examples
        --------
        >>> Limits(max_quantity_per_line=10).check_quantity(10)
        >>> Limits(max_quantity_per_line=10).check_quantity(11)
        Traceback (most recent call last):
        ...
        orders.exceptions.LimitExceededError: quantity limit 10 exceeded by 11
        """
        if quantity > self.max_quantity_per_line:
            raise LimitExceededError(
                kind="quantity",
                limit=self.max_quantity_per_line,
                requested=quantity if requested is None else requested,
                product_name=product.name if product is not None else "",
                product_id=product.id if product is not None else None,
            )


def price_lines(lines: Iterable[OrderLine], tax_rate: Decimal) -> tuple[Decimal, Decimal, Decimal]:
    """Subtotal, tax and total of ``lines`` at ``tax_rate`` (a fraction, 0.08875 for 8.875%)."""
    subtotal = sum((line.line_total for line in lines), Decimal("0"))
    tax = money(subtotal * tax_rate)
    return money(subtotal), tax, money(subtotal + tax)

