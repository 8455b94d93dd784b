"""The shopping service: quotes, orders, cart, cancel, history and the voice code.

Handlers call one method per turn; every price and stock figure is read from the catalog at the moment of
the call, never carried in a session.
"""

from __future__ import annotations

import logging
import secrets
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from decimal import Decimal
from typing import TypeVar

from catalog import Product
from orders.exceptions import (
    CartConflictError,
    LimitExceededError,
    NothingToOrderError,
    OrderNotCancellableError,
    OrderOutcomeUnknownError,
    StorageError,
    UnavailableError,
    VoiceCodeLockedError,
)
from orders.model import Cart, CartLine, Limits, Order, OrderLine, OrderSource, price_lines
from orders.ports import Clock, ProductLookup, ShopperStore
from orders.profile import ShopperProfile
from orders.voicecode import MAX_ATTEMPTS, hash_code, verify_code

__all__ = ["CartQuote", "Placed", "Quote", "ShoppingService", "new_order_id"]

HISTORY_ORDERS = 200
logger = logging.getLogger("pantry_pal.orders")


def new_order_id(now: datetime) -> str:
    """A time-sortable, unguessable order id; minted when an order is proposed, it is the idempotency key."""
    return f"{now:%Y%m%dT%H%M%S}-{secrets.token_hex(5)}"


# A cart write refused because another request saved the cart since it was read is made again, this often at most.
CART_ATTEMPTS = 3
_T = TypeVar("_T")


def _cart_redone(change: Callable[[], _T]) -> _T:
    """``change()`` (which reads the cart, then writes it), made again from a fresh read while its write is refused
    because another request saved the cart meanwhile (:class:`CartConflictError`): neither request's change is
    lost. If the cart keeps changing, the last conflict is raised (a :class:`StorageError`: nothing was written)."""
    for attempt in range(CART_ATTEMPTS - 1):
        try:
            return change()
        except CartConflictError:
            logger.info("cart saved meanwhile: read again", extra={"attempt": attempt + 1})
    return change()


@dataclass(frozen=True)
class Quote:
    lines: tuple[OrderLine, ...]
    subtotal: Decimal
    tax: Decimal
    total: Decimal


@dataclass(frozen=True)
class CartQuote:
    """A cart priced from the catalog now: ``quote``, its lines in stock (``None`` when none is), and
    ``out_of_stock``, the products of its lines out of stock with their counts, in the cart's order: they stay
    in the cart, but cannot be ordered now (nor are they in ``quote``'s total)."""

    quote: Quote | None
    out_of_stock: tuple[tuple[Product, int], ...] = ()
    # Lines whose product has left the catalog: no longer sold, they were taken out of the cart as it was read.
    gone: tuple[CartLine, ...] = ()


@dataclass(frozen=True)
class Placed:
    order: Order
    created: bool  # False: this order id was placed before (a retried or repeated yes)
    # True for exactly one call per order: the one whose follow-up (order listeners, receipt, announcement)
    # it is to run. The call that placed it, or, when that call lost the write's answer, the first to find it.
    follow_up: bool


@dataclass(frozen=True)
class VoiceCodeCheck:
    ok: bool
    attempts_left: int


class ShoppingService:
    def __init__(
        self,
        *,
        store: ShopperStore,
        products: ProductLookup,
        clock: Clock,
        tax_rate: Decimal,
        cancel_window: timedelta,
        auto_cancel_window: timedelta,
        default_limits: Limits | None = None,
    ) -> None:
        self._store = store
        self._products = products
        self._clock = clock
        self._tax_rate = tax_rate
        self.cancel_window = cancel_window
        self.auto_cancel_window = auto_cancel_window
        self._default_limits = default_limits or Limits()
        #: How many profile writes this service has made: a profile read before it grew may be stale.
        self.profiles_saved = 0

    # --- profile ------------------------------------------------------------------------------------
    def profile(self, shopper_id: str, *, alexa_user_id: str | None = None) -> ShopperProfile:
        """The shopper's profile, created on first sight; keeps the current Alexa user id mapped to it."""
        profile = self._store.get_profile(shopper_id)
        if profile is None:
            profile = ShopperProfile(
                shopper_id=shopper_id,
                alexa_user_id=alexa_user_id,
                limits=self._default_limits,
                created_at=self._clock.now(),
            )
            self._save_profile(profile)
        elif alexa_user_id and profile.alexa_user_id != alexa_user_id:
            profile = profile.model_copy(update={"alexa_user_id": alexa_user_id})
            self._save_profile(profile)
        return profile

    def find_profile(self, shopper_id: str) -> ShopperProfile | None:
        return self._store.get_profile(shopper_id)

    def save_profile(self, profile: ShopperProfile) -> None:
        self._save_profile(profile)

    # --- quotes and orders --------------------------------------------------------------------------
    def quote(self, shopper_id: str, items: Sequence[tuple[str, int]]) -> Quote:
        """Price ``items`` from the catalog now and check them against the shopper's limits."""
        if not items:
            raise NothingToOrderError("nothing to order")
        limits = self._limits(shopper_id)
        lines = []
        for product_id, quantity in items:
            product = self._available(product_id)
            limits.check_quantity(quantity, product)
            lines.append(
                OrderLine(
                    product_id=product.id,
                    name=product.name,
                    quantity=quantity,
                    unit=product.unit,
                    unit_price=product.price,
                )
            )
        subtotal, tax, total = price_lines(lines, self._tax_rate)
        if total > limits.max_order_total:
            # One product over the total: its id lets "make it two" answer the refusal.
            single = lines[0].product_id if len(lines) == 1 else None
            raise LimitExceededError(kind="total", limit=limits.max_order_total, requested=total, product_id=single)
        return Quote(lines=tuple(lines), subtotal=subtotal, tax=tax, total=total)

    def place(
        self,
        shopper_id: str,
        order_id: str,
        items: Sequence[tuple[str, int]],
        *,
        source: OrderSource = OrderSource.VOICE,
        from_cart: bool = False,
        prompted: bool = False,
    ) -> Placed:
        """Place the order ``order_id`` exactly once; a repeat of the same id returns the first order.

        Raises :class:`OrderOutcomeUnknownError` when the write was sent but not answered and the order
        cannot be found: it may have been placed (placing the same id again is safe, and the call that finds
        it is the one told to follow it up: ``Placed.follow_up``).
        """
        existing = self._store.get_order(shopper_id, order_id)
        if existing is not None:
            return self._claimed(existing, created=False)
        self._ensure_not_locked(shopper_id)
        quote = self.quote(shopper_id, items)
        now = self._clock.now()
        order = Order(
            order_id=order_id,
            shopper_id=shopper_id,
            lines=quote.lines,
            subtotal=quote.subtotal,
            tax=quote.tax,
            total=quote.total,
            placed_at=now,
            cancellable_until=now + self.cancel_window_for(source),
            source=source,
            followed_up=False,  # until this call, or the retry that finds it, claims the follow-up
            listeners_done=source is not OrderSource.VOICE,  # until the follow-up's listeners have all run
            prompted=prompted,
        )
        # A cart checked out leaves it in the order's own write (a line out of stock, not ordered, stays),
        # keeping the requests that changed it: one of them redelivered after the order adds nothing back.

        def write() -> bool:
            cart = self._store.get_cart(shopper_id).ordered(items) if from_cart else None
            return self._store.place_order(order, cart=cart)

        try:
            written = _cart_redone(write)  # a cart changed since it was read: read again, and the order with it
        except OrderOutcomeUnknownError:
            # Sent, but not answered: one read tells whether it was placed; else it stays unknown.
            try:
                sent = self._store.get_order(shopper_id, order_id)
            except StorageError:
                sent = None
            if sent is None:
                raise
            return self._claimed(sent, created=True)  # no order had this id before this write
        if written:
            return self._claimed(order, created=True)
        # Refused: an order has this id. Placed by a concurrent yes, or by this very write on an attempt
        # whose answer was lost (the client retried it): the claim tells whose follow-up it is.
        first = self._store.get_order(shopper_id, order_id)
        if first is None:  # the conditional write failed, yet no order has this id: nothing was placed
            raise StorageError("the order write was refused and no order exists")
        return self._claimed(first, created=False)

    def _claimed(self, order: Order, *, created: bool) -> Placed:
        """``order`` placed, with its follow-up claimed for this call if no call has claimed it yet.

        A claim that fails to be written leaves the follow-up to this call only if this call placed the
        order (no other call can have run it); a retry that finds the order then lets it go unreported
        rather than report it twice. The claim is then made again by the session's next request that reads the
        order (:meth:`placed_order`) and by the mark of the order's listeners done (:meth:`listeners_ran`), so a
        later launch does not tell of the order again once one of them is written (if none is, it may).
        """
        if order.followed_up:
            return Placed(order=order, created=created, follow_up=False)
        try:
            claimed = self._store.claim_follow_up(order.shopper_id, order.order_id)
        except StorageError as error:
            logger.warning("order follow-up not claimed", extra={"error": str(error), "placed_here": created})
            claimed = created
        return Placed(order=order.model_copy(update={"followed_up": True}), created=created, follow_up=claimed)

    def placed_order(self, shopper_id: str, order_id: str) -> Placed | None:
        """The order ``order_id`` if it was placed (``None``: it was not), found by one read, with its follow-up
        claimed for this call if no call has claimed it: asked, without placing it, of an order whose write went
        unanswered (:class:`OrderOutcomeUnknownError`). Raises :class:`StorageError` when it cannot be read."""
        order = self._store.get_order(shopper_id, order_id)
        return self._claimed(order, created=False) if order is not None else None

    def unreported_orders(
        self,
        shopper_id: str,
        *,
        source: OrderSource,
        placed_before: datetime | None = None,
        among: Sequence[Order] | None = None,
    ) -> list[Order]:
        """The shopper's orders of ``source`` that no call has followed up, newest first: each was placed by a
        write whose answer was lost, and no retry has found it since. Each is claimed for the caller, so it is
        returned once, to one caller, whose follow-up it then is. ``placed_before``: only orders placed before
        then (a later one may still be being placed, by a call that is to follow it up itself); ``among``: of
        these orders of the shopper, just read, instead of their recent orders."""
        found = []
        orders = among if among is not None else self._store.recent_orders(shopper_id, limit=HISTORY_ORDERS)
        for order in orders:
            if placed_before is not None and order.placed_at >= placed_before:
                continue
            if order.source is source and not order.followed_up:
                placed = self._claimed(order, created=False)
                if placed.follow_up:
                    found.append(placed.order)
        return found

    def listeners_owed(self, orders: Sequence[Order], *, placed_before: datetime | None = None) -> list[Order]:
        """Of ``orders`` (the shopper's, just read), those followed up whose order listeners have not all run
        (``Order.listeners_done``), newest first: the turn that placed them had no time left for them, one failed,
        or the mark of them done was not written. ``placed_before``: only orders placed before then (a later one
        may still be in the hands of the call placing it, which runs them itself). No order is claimed: running
        the listeners again is harmless (they are idempotent), so two calls that find one order may both run them."""
        return [
            order
            for order in orders
            if order.followed_up
            and not order.listeners_done
            and (placed_before is None or order.placed_at < placed_before)
        ]

    def listeners_ran(self, order: Order) -> None:
        """Mark ``order``'s listeners done, now that they have all run for it, and its follow-up claimed (by the
        call that holds it, whose own claim may have failed): one conditional write; nothing for an order marked
        already. Raises :class:`StorageError` (the listeners then run again at a later request)."""
        if not order.listeners_done:
            self._store.mark_listeners_done(order.shopper_id, order.order_id)

    def cancel_window_for(self, source: OrderSource) -> timedelta:
        """How long after it is placed an order can be cancelled: an automatic order, which the shopper did
        not place themselves, for as long as it takes them to hear of it; one they confirmed, briefly."""
        return self.auto_cancel_window if source is OrderSource.AUTO else self.cancel_window

    def order(self, shopper_id: str, order_id: str) -> Order | None:
        return self._store.get_order(shopper_id, order_id)

    def recent_orders(self, shopper_id: str, *, limit: int = 3) -> Sequence[Order]:
        return self._store.recent_orders(shopper_id, limit=limit)

    def last_cancellable_order(self, shopper_id: str) -> Order:
        orders = self._store.recent_orders(shopper_id, limit=1)
        if not orders:
            raise OrderNotCancellableError("none")
        order = orders[0]
        if not order.is_cancellable(self._clock.now()):
            raise OrderNotCancellableError("cancelled" if order.status != "placed" else "window_passed", order=order)
        return order

    def last_order_with(
        self, shopper_id: str, product_ids: Sequence[str] | None, *, source: OrderSource | None = None
    ) -> Order:
        """The shopper's latest placed order holding any of ``product_ids`` that can still be cancelled
        ("cancel my milk order": the milk just ordered, even when another milk is the one they usually buy);
        with ``product_ids`` ``None``, of any product; with ``source``, only orders placed that way ("cancel my
        automatic order").

        Raises :class:`OrderNotCancellableError`: "none" when no recent order holds them; else, when none
        that does can be cancelled, why not for the latest that does ("cancelled" when it already was,
        "window_passed" when it is too old), never for an older one.
        """
        wanted = None if product_ids is None else set(product_ids)
        now = self._clock.now()
        holding = [
            order
            for order in self._store.recent_orders(shopper_id, limit=HISTORY_ORDERS)
            if (wanted is None or any(line.product_id in wanted for line in order.lines))
            and (source is None or order.source is source)
        ]
        if not holding:
            raise OrderNotCancellableError("none")
        cancellable = next((order for order in holding if order.is_cancellable(now)), None)
        if cancellable is None:
            latest = holding[0]
            raise OrderNotCancellableError("cancelled" if latest.status != "placed" else "window_passed", order=latest)
        return cancellable

    def cancel(self, shopper_id: str, order_id: str) -> Order:
        order = self._store.get_order(shopper_id, order_id)
        if order is None:
            raise OrderNotCancellableError("none")
        now = self._clock.now()
        if not order.is_cancellable(now):
            raise OrderNotCancellableError("cancelled" if order.status != "placed" else "window_passed", order=order)
        return self._store.mark_cancelled(order, at=now)

    # --- history ------------------------------------------------------------------------------------
    def purchase_history(self, shopper_id: str, *, among: Sequence[Order] | None = None) -> list[str]:
        """Product ids of the shopper's placed orders, one per unit line, oldest first (the matcher's prior).
        ``among``: of these orders of the shopper, just read (their :meth:`recent_orders` up to ``HISTORY_ORDERS``),
        instead of reading them."""
        orders = among if among is not None else self._store.recent_orders(shopper_id, limit=HISTORY_ORDERS)
        return [
            line.product_id
            for order in reversed(orders)
            if order.status == "placed"
            for line in order.lines
        ]

    def usual_products(self, shopper_id: str, *, limit: int = 3) -> list[tuple[Product, int]]:
        """The shopper's most repeated products with how many orders they were in, most first."""
        counts = Counter(self.purchase_history(shopper_id))
        usual = []
        for product_id, times in counts.most_common():
            product = self._products.get(product_id)
            if product is not None:
                usual.append((product, times))
            if len(usual) == limit:
                break
        return usual

    def last_quantity_of(self, shopper_id: str, product_id: str) -> int | None:
        for order in self._store.recent_orders(shopper_id, limit=HISTORY_ORDERS):
            if order.status != "placed":
                continue
            for line in order.lines:
                if line.product_id == product_id:
                    return line.quantity
        return None

    # --- cart ---------------------------------------------------------------------------------------
    def cart(self, shopper_id: str) -> Cart:
        return self._store.get_cart(shopper_id)

    def cart_quote(self, shopper_id: str) -> CartQuote | None:
        """The cart priced now, its lines out of stock set apart, and those no longer sold taken out of it
        (``gone``); ``None`` when the cart is empty."""
        cart, gone = self.cart_still_sold(shopper_id)
        if cart.is_empty:
            return CartQuote(quote=None, gone=gone) if gone else None
        return replace(self._quote_cart(shopper_id, cart), gone=gone)

    def cart_still_sold(self, shopper_id: str) -> tuple[Cart, tuple[CartLine, ...]]:
        """The shopper's cart, with the lines whose product has left the catalog taken out of it (written), and
        those lines: such a line can never be ordered again, so it is not kept to be read out at every turn.
        A line stored without its product's name (before lines kept one) is given the catalog's (written too),
        so it can still be named once its product leaves the catalog.

        The cart is read on every quote: a write that fails (the store throttled, or the cart kept changing)
        is logged and the cart is still answered without those lines, at the version read; they are taken out
        at a later read."""

        def tidy(*, write: bool = True) -> tuple[Cart, tuple[CartLine, ...]]:
            cart = self._store.get_cart(shopper_id)
            sold = {line.product_id: self._products.get(line.product_id) for line in cart.lines}
            gone = tuple(line for line in cart.lines if sold[line.product_id] is None)
            tidied = cart.without(line.product_id for line in gone).named(
                {product_id: product.name for product_id, product in sold.items() if product is not None}
            )
            if tidied == cart or not write:
                return tidied, gone
            try:
                self._store.save_cart(shopper_id, tidied)
            except CartConflictError:
                raise  # redone from the cart as it is now
            except StorageError as error:
                logger.warning("cart not tidied", extra={"error": str(error), "lines_gone": len(gone)})
                return tidied, gone
            return tidied.model_copy(update={"version": tidied.version + 1}), gone

        try:
            return _cart_redone(tidy)
        except CartConflictError as error:
            logger.warning("cart not tidied", extra={"error": str(error)})
            return tidy(write=False)

    def _quote_cart(self, shopper_id: str, cart: Cart) -> CartQuote:
        """``cart``'s lines in stock quoted (with the shopper's limits), those out of stock set apart: one line
        out of stock leaves the rest of the cart to be read, added to and ordered; so does a line no longer sold
        (left out: :meth:`cart_still_sold` takes it out of the cart)."""
        out_of_stock = []
        gone = set()
        for line in cart.lines:
            product = self._products.get(line.product_id)
            if product is None:
                gone.add(line.product_id)
            elif not product.in_stock:
                out_of_stock.append((product, line.quantity))
        out = {product.id for product, _ in out_of_stock} | gone
        orderable = [(line.product_id, line.quantity) for line in cart.lines if line.product_id not in out]
        quote = self.quote(shopper_id, orderable) if orderable else None
        return CartQuote(quote=quote, out_of_stock=tuple(out_of_stock))

    def add_to_cart(self, shopper_id: str, product_id: str, quantity: int, *, request_id: str | None = None) -> Cart:
        """Add ``quantity`` to a line; ``request_id`` (the Alexa request id) makes a redelivered request add once."""

        def add() -> Cart:
            cart = self._store.get_cart(shopper_id)
            if cart.changed_by_request(request_id, product_id):
                return cart
            count = cart.quantity_of(product_id) + quantity
            return self._save_cart_line(shopper_id, cart, product_id, count, request_id)

        return _cart_redone(add)

    def set_cart_quantity(
        self, shopper_id: str, product_id: str, quantity: int, *, request_id: str | None = None
    ) -> Cart:
        """Set a line's quantity (0 removes it); limits are checked on the resulting cart.

        ``request_id`` (the Alexa request id): a redelivered request whose change was made (a line set to a
        count worked out from the cart it found) finds the cart as it left it, and changes nothing.
        """

        def change() -> Cart:
            cart = self._store.get_cart(shopper_id)
            if cart.changed_by_request(request_id, product_id):
                return cart
            return self._save_cart_line(shopper_id, cart, product_id, quantity, request_id)

        return _cart_redone(change)

    def _save_cart_line(
        self, shopper_id: str, cart: Cart, product_id: str, quantity: int, request_id: str | None
    ) -> Cart:
        product = self._products.get(product_id)
        changed = cart.with_quantity(
            product_id, quantity, request_id=request_id, name=product.name if product is not None else None
        )
        if quantity > cart.quantity_of(product_id):
            self._available(product_id)  # more of a product is added only while it is in stock
        if not changed.is_empty and quantity > 0:
            self._quote_cart(shopper_id, changed)  # the limits, on what the cart can order now
        self._store.save_cart(shopper_id, changed)
        return changed.model_copy(update={"version": changed.version + 1})  # as saved: it can be saved again

    def empty_cart(self, shopper_id: str) -> None:
        """Remove every line; the requests that changed the cart stay known (one redelivered adds nothing)."""
        _cart_redone(lambda: self._store.save_cart(shopper_id, self._store.get_cart(shopper_id).emptied()))

    # --- voice code ---------------------------------------------------------------------------------
    def set_voice_code(self, shopper_id: str, code: str) -> None:
        salt, digest = hash_code(code)
        profile = self.profile(shopper_id)
        self._save_profile(
            profile.model_copy(
                update={"voice_code_salt": salt, "voice_code_hash": digest, "failed_code_attempts": 0}
            )
        )

    def check_voice_code(self, shopper_id: str, code: str, *, attempt_id: str | None = None) -> VoiceCodeCheck:
        """Check a spoken code; the third wrong one locks voice ordering (``VoiceCodeLockedError``).

        ``attempt_id`` (the Alexa request id) makes a retried delivery of the same request count once.
        """
        profile = self.profile(shopper_id)
        if attempt_id is not None and attempt_id == profile.last_failed_attempt:
            return VoiceCodeCheck(ok=False, attempts_left=MAX_ATTEMPTS - profile.failed_code_attempts)
        if profile.voice_ordering_locked:
            raise VoiceCodeLockedError("voice ordering is locked")
        if profile.voice_code_hash is None or profile.voice_code_salt is None:
            return VoiceCodeCheck(ok=True, attempts_left=MAX_ATTEMPTS)
        if verify_code(code, salt_hex=profile.voice_code_salt, hash_hex=profile.voice_code_hash):
            if profile.failed_code_attempts:
                self._save_profile(profile.model_copy(update={"failed_code_attempts": 0}))
            return VoiceCodeCheck(ok=True, attempts_left=MAX_ATTEMPTS)
        failed = profile.failed_code_attempts + 1
        self._save_profile(
            profile.model_copy(update={"failed_code_attempts": failed, "last_failed_attempt": attempt_id})
        )
        if failed >= MAX_ATTEMPTS:
            raise VoiceCodeLockedError("voice ordering is locked")
        return VoiceCodeCheck(ok=False, attempts_left=MAX_ATTEMPTS - failed)

    # --- internals ----------------------------------------------------------------------------------
    def limits(self, shopper_id: str) -> Limits:
        """The shopper's order limits (the default ones until they set their own in the app)."""
        return self._limits(shopper_id)

    def limits_for(self, profile: ShopperProfile | None) -> Limits:
        """The limits of ``profile`` (read already), the default ones when there is none yet."""
        return profile.limits if profile is not None else self._default_limits

    def _limits(self, shopper_id: str) -> Limits:
        return self.limits_for(self._store.get_profile(shopper_id))

    def _save_profile(self, profile: ShopperProfile) -> None:
        self.profiles_saved += 1
        self._store.save_profile(profile)

    def _available(self, product_id: str) -> Product:
        product = self._products.get(product_id)
        if product is None:
            raise UnavailableError(None, product_id=product_id)  # no name to say
        if not product.in_stock:
            raise UnavailableError(product.name, product_id=product.id)
        return product

    def _ensure_not_locked(self, shopper_id: str) -> None:
        profile = self._store.get_profile(shopper_id)
        if profile is not None and profile.voice_ordering_locked:
            raise VoiceCodeLockedError("voice ordering is locked")
