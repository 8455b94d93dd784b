"""In-memory fakes of the ports, for unit tests that never touch boto3 or moto."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime

from orders import Cart, CartConflictError, Order, OrderNotCancellableError, OrderStatus, ShopperProfile, StorageError
from reorder.exceptions import StateConflictError
from reorder.policy import bucket_of
from reorder.ports import DueState
from reorder.state import ReorderState


class FakeShopperStore:
    """The ShopperStore port in memory; ``fail_next`` makes the next call of a method raise StorageError."""

    def __init__(self) -> None:
        self.profiles: dict[str, ShopperProfile] = {}
        self.carts: dict[str, Cart] = {}
        self.orders: dict[tuple[str, str], Order] = {}
        self.fail_next: set[str] = set()

    def _maybe_fail(self, operation: str) -> None:
        if operation in self.fail_next:
            self.fail_next.discard(operation)
            raise StorageError(f"{operation} failed: injected")

    def get_profile(self, shopper_id: str) -> ShopperProfile | None:
        self._maybe_fail("get_profile")
        return self.profiles.get(shopper_id)

    def save_profile(self, profile: ShopperProfile) -> None:
        self._maybe_fail("save_profile")
        self.profiles[profile.shopper_id] = profile

    def get_cart(self, shopper_id: str) -> Cart:
        self._maybe_fail("get_cart")
        return self.carts.get(shopper_id, Cart())

    def save_cart(self, shopper_id: str, cart: Cart) -> None:
        self._maybe_fail("save_cart")
        self._check_cart_version(shopper_id, cart)
        self.carts[shopper_id] = cart.model_copy(update={"version": cart.version + 1})

    def _check_cart_version(self, shopper_id: str, cart: Cart) -> None:
        """As the DynamoDB store's conditional write: a cart saved since ``cart`` was read is not overwritten."""
        stored = self.carts.get(shopper_id)
        if (stored.version if stored is not None else 0) != cart.version:
            raise CartConflictError("cart saved since it was read")

    def place_order(self, order: Order, *, cart: Cart | None = None) -> bool:
        self._maybe_fail("place_order")
        key = (order.shopper_id, order.order_id)
        if key in self.orders:
            return False
        if cart is not None:
            self._check_cart_version(order.shopper_id, cart)
        self.orders[key] = order
        if cart is not None:
            self.carts[order.shopper_id] = cart.model_copy(update={"version": cart.version + 1})
        return True

    def claim_follow_up(self, shopper_id: str, order_id: str) -> bool:
        self._maybe_fail("claim_follow_up")
        order = self.orders.get((shopper_id, order_id))
        if order is None or order.followed_up:
            return False
        self.orders[(shopper_id, order_id)] = order.model_copy(update={"followed_up": True})
        return True

    def mark_listeners_done(self, shopper_id: str, order_id: str) -> None:
        self._maybe_fail("mark_listeners_done")
        order = self.orders.get((shopper_id, order_id))
        if order is not None and not order.listeners_done:
            self.orders[(shopper_id, order_id)] = order.model_copy(update={"listeners_done": True, "followed_up": True})

    def get_order(self, shopper_id: str, order_id: str) -> Order | None:
        self._maybe_fail("get_order")
        return self.orders.get((shopper_id, order_id))

    def recent_orders(self, shopper_id: str, *, limit: int) -> Sequence[Order]:
        self._maybe_fail("recent_orders")
        mine = [o for (s, _), o in self.orders.items() if s == shopper_id]
        return sorted(mine, key=lambda o: o.order_id, reverse=True)[:limit]

    def shopper_for_user(self, alexa_user_id: str) -> str | None:
        for profile in self.profiles.values():
            if profile.alexa_user_id == alexa_user_id:
                return profile.shopper_id
        return None

    def delete_shopper(self, shopper_id: str, *, alexa_user_id: str, keep_orders: bool) -> None:
        self.profiles.pop(shopper_id, None)
        self.carts.pop(shopper_id, None)
        if not keep_orders:
            self.orders = {key: order for key, order in self.orders.items() if key[0] != shopper_id}

    def mark_cancelled(self, order: Order, *, at: datetime) -> Order:
        self._maybe_fail("mark_cancelled")
        current = self.orders[(order.shopper_id, order.order_id)]
        if current.status is not OrderStatus.PLACED:
            raise OrderNotCancellableError("cancelled")
        cancelled = current.model_copy(update={"status": OrderStatus.CANCELLED, "cancelled_at": at})
        self.orders[(order.shopper_id, order.order_id)] = cancelled
        return cancelled


class FakeReorderStore:
    """The ReorderStore port in memory, with the same sparse due-bucket index the DynamoDB adapter keeps."""

    def __init__(self) -> None:
        self.items: dict[tuple[str, str], ReorderState] = {}
        self.claims: set[tuple[str, str]] = set()
        self.saved_cursor: datetime | None = None
        self.bucket_reads: list[str] = []

    def states(self, shopper_id: str) -> dict[str, ReorderState]:
        return {p: s for (shopper, p), s in self.items.items() if shopper == shopper_id}

    def save_states(self, states: Sequence[ReorderState]) -> list[ReorderState]:
        for state in states:
            stored = self.items.get((state.shopper_id, state.product_id))
            if (stored.version if stored is not None else 0) != state.version:
                raise StateConflictError(f"reorder state saved since it was read: {state.product_id}")
        saved = [state.model_copy(update={"version": state.version + 1}) for state in states]
        for state in saved:
            self.items[(state.shopper_id, state.product_id)] = state
        return saved

    def due_in(self, bucket: str) -> Iterator[DueState]:
        self.bucket_reads.append(bucket)
        for state in list(self.items.values()):
            if state.due_at is not None and bucket_of(state.due_at) == bucket:
                yield DueState(shopper_id=state.shopper_id, product_id=state.product_id, due_at=state.due_at)

    def hold(self, due: DueState, until: datetime) -> bool:
        stored = self.items.get((due.shopper_id, due.product_id))
        if stored is None or stored.due_at != due.due_at:
            return False
        self.items[(due.shopper_id, due.product_id)] = stored.model_copy(
            update={"due_at": until, "version": stored.version + 1}
        )
        return True

    def cursor(self) -> datetime | None:
        return self.saved_cursor

    def set_cursor(self, moment: datetime) -> None:
        self.saved_cursor = moment

    def claim_notification(self, shopper_id: str, local_day: str) -> bool:
        if (shopper_id, local_day) in self.claims:
            return False
        self.claims.add((shopper_id, local_day))
        return True

    def release_notification(self, shopper_id: str, local_day: str) -> None:
        self.claims.discard((shopper_id, local_day))

    def delete_shopper(self, shopper_id: str, *, everything: bool = False) -> int:
        doomed = [key for key in self.items if key[0] == shopper_id]
        for key in doomed:
            del self.items[key]
        self.claims = {claim for claim in self.claims if claim[0] != shopper_id}
        return len(doomed)
