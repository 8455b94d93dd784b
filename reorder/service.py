"""The reorder service: the model put to work for one shopper (in a conversation) or many (scheduled).

Conversation side: ``prompt_for``, ``running_low``, ``answer`` (snooze / decline / never), ``set_auto``,
``set_reminders``, ``announcements``, and ``refresh`` after every order. Scheduled side: ``schedule`` reads
only the due-time buckets that have come due and fans shoppers out to a queue; ``notify`` decides, per
shopper, whether to notify now, later or not at all, places permitted automatic reorders, and sends one
idempotent notification.
"""

from __future__ import annotations

import functools
import logging
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from statistics import median
from typing import Any, Concatenate, ParamSpec, TypeVar

from catalog import Product
from orders import (
    LimitExceededError,
    Order,
    OrderError,
    OrderLine,
    OrderSource,
    OrderStatus,
    ShopperProfile,
    ShoppingService,
    StorageError,
    UnavailableError,
    VoiceCodeLockedError,
)
from reorder.exceptions import CapBelowOneOrderError, CapTooHighError, NeverOrderedError, StateConflictError
from reorder.feedback import Feedback, FeedbackKind
from reorder.model import DueItem, ReorderModel
from reorder.policy import (
    NotifyVerdict,
    QuietHours,
    bucket_start,
    buckets_between,
    cannot_tell,
    from_day,
    is_running_low,
    local_date,
    month_start,
    next_allowed,
    notify_decision,
    reference_id,
    running_low_from,
    to_day,
    usual_gap,
)
from reorder.ports import Clock, DueState, Notifier, NotifyOutcome, ReorderStore, RetryLaterError, ShopperQueue
from reorder.state import Announcement, AutoReorder, AutoSkip, ReorderState

__all__ = ["Announcements", "Offer", "ReorderService", "SchedulerRun", "Skipped"]

logger = logging.getLogger("pantry_pal.reorder")
HISTORY_ORDERS = 200
AUTO_RETRY = timedelta(days=1)  # a skipped automatic reorder is tried again then (next month for the cap)
CART_RECHECK = timedelta(days=1)  # a product in the cart is not reminded of; looked at again then
UNAVAILABLE_RECHECK = timedelta(days=1)  # nor one out of stock or no longer sold: it may be back then
# A shopper queued is not queued again for this long: the message, and its retries, are in the queue meanwhile.
# At least the notify queue's VisibilityTimeout times its maxReceiveCount (template.yaml), after which the
# message is dead-lettered and the shopper must be queued again.
REQUEUE_AFTER = timedelta(hours=4)
# An automatic reorder's monthly cap is at most this many of its orders: one every day of the longest month.
# A cap above that is more than anyone means for one product (see CapTooHighError).
MAX_ORDERS_A_MONTH = 31
_MINUTES_A_DAY = 1440
# A save refused because another writer saved the state since it was read is made again, this often at most.
CONFLICT_ATTEMPTS = 3

_P = ParamSpec("_P")
_T = TypeVar("_T")


def _retried(attempt: Callable[[int], _T]) -> _T:
    """``attempt(0)``, made again (``attempt(1)``, ...) while a state it saves turns out to have been saved by
    another writer since it was read (:class:`~reorder.exceptions.StateConflictError`): the skill and a
    notifier run, or two notifier runs, changing one shopper's states at once. Each attempt after the first
    reads the states again. If they keep changing, :class:`~orders.StorageError` is raised: not a conflict,
    so a caller that is itself retried does not redo what it saved before."""
    for n in range(CONFLICT_ATTEMPTS - 1):
        try:
            return attempt(n)
        except StateConflictError:
            logger.info("reorder state saved meanwhile: read again", extra={"attempt": n + 1})
    try:
        return attempt(CONFLICT_ATTEMPTS - 1)
    except StateConflictError as conflict:
        raise StorageError("reorder states kept changing while being saved") from conflict


def _redone_on_conflict(
    method: Callable[Concatenate[ReorderService, _P], _T],
) -> Callable[Concatenate[ReorderService, _P], _T]:
    """A conversation-side operation, done again from the start (:func:`_retried`) if another writer saved a
    state since it read it: its change is worked out again from the states as they are now, instead of
    overwriting theirs. It saves its own states before anything that must not be done twice."""

    @functools.wraps(method)
    def redone(self: ReorderService, /, *args: _P.args, **kwargs: _P.kwargs) -> _T:
        return _retried(lambda _: method(self, *args, **kwargs))

    return redone


@dataclass(frozen=True)
class Offer:
    """A product the shopper is probably running low on, with what a spoken reason needs.

    ``interval_days``: how often the shopper usually buys it (their own median gap once they have bought
    it a few times, the model's estimate before that), as "you usually buy it every ..." says it.
    ``snoozed_until``: the shopper asked to be reminded then ("remind me next week"), and it is not past.
    """

    product: Product
    quantity: int
    probability: float
    interval_days: float
    days_since_last: float
    snoozed_until: datetime | None = None


@dataclass(frozen=True)
class Skipped:
    """An automatic reorder that was not placed, and why; ``terms`` are the ones the shopper agreed to."""

    product: Product
    reason: AutoSkip
    terms: AutoReorder


@dataclass(frozen=True)
class Announcements:
    placed: list[Order] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


@dataclass(frozen=True)
class SchedulerRun:
    buckets: int
    items_read: int
    shoppers: int
    messages: int
    held: int = 0  # states held until their message is over
    left: int = 0  # shoppers read due but not queued: the run ran out of time; the next run reads them again


@dataclass(frozen=True)
class _Outlook:
    """One shopper's predictions at one moment, with what the running-low rule needs beside them."""

    items: list[DueItem]
    states: dict[str, ReorderState]
    usual: dict[str, float]  # the median quantity the shopper buys of each product
    now_day: float
    habit: dict[str, float] = field(default_factory=dict)  # the shopper's own median gap between purchases
    restocked: frozenset[str] = frozenset()  # the products whose latest purchase was an automatic order

    def state(self, item: DueItem) -> ReorderState | None:
        return self.states.get(item.product_id)

    def low_from(self, item: DueItem, state: ReorderState | None) -> float | None:
        usual = self.usual.get(item.product_id, 1.0)
        answers = _answers(state)
        return running_low_from(item, self.now_day, usual_quantity=usual, answers=answers, automatic=_auto(state),
                                after_automatic=item.product_id in self.restocked)

    def is_low(self, item: DueItem, state: ReorderState | None) -> bool:
        usual = self.usual.get(item.product_id, 1.0)
        return is_running_low(item, self.now_day, usual_quantity=usual, answers=_answers(state), automatic=_auto(state),
                              after_automatic=item.product_id in self.restocked)


class ReorderService:
    def __init__(
        self,
        *,
        model: ReorderModel,
        store: ReorderStore,
        shopping: ShoppingService,
        products: Any,
        clock: Clock,
        quiet: QuietHours | None = None,
    ) -> None:
        self._model = model
        self._store = store
        self._shopping = shopping
        self._products = products
        self._clock = clock
        self._quiet = quiet or QuietHours()

    @property
    def model(self) -> ReorderModel:
        return self._model

    # --- predictions --------------------------------------------------------------------------------
    def _orders(self, shopper_id: str) -> list[Order]:
        recent = self._shopping.recent_orders(shopper_id, limit=HISTORY_ORDERS)
        return [order for order in reversed(recent) if order.status == "placed"]

    def _predict(self, shopper_id: str) -> _Outlook:
        orders = self._orders(shopper_id)
        history = [
            (to_day(order.placed_at), {line.product_id: line.quantity for line in order.lines}) for order in orders
        ]
        states = self._store.states(shopper_id)
        now = to_day(self._clock.now())
        items: list[DueItem] = []
        restocked: frozenset[str] = frozenset()
        if history:
            feedback = [answer for state in states.values() for answer in _model_answers(state.feedback)]
            merged = _merge_days(history)
            automatic = _automatic_days(orders, merged)
            items = self._model.predict(merged, now, feedback=feedback, automatic=automatic)
            last = {product_id: day for day, basket in merged for product_id in basket}
            restocked = frozenset(pid for pid, days in automatic.items() if last[pid] in days)
        return _Outlook(items=items, states=states, usual=_usual_quantities(history), now_day=now,
                        habit=_habits(history), restocked=restocked)

    def _cycle(self, item: DueItem | Offer) -> int:
        """The day of the last purchase: a new purchase starts a new cycle (and allows a new notification)."""
        return round(to_day(self._clock.now()) - item.days_since_last)

    def _round(self, item: DueItem | Offer, state: ReorderState | None) -> int:
        """The reminder round of the product, told of once (by a notification, or asked about by voice): its
        purchase cycle, until the shopper answers "not yet", "remind me next week" or "no" ("I'll ask again in
        about ..."). Each such answer starts a new round, notified when the product comes due again. An answer's
        round is numbered by its minute on the day scale, which no purchase cycle (a day's number) can equal."""
        last_purchase = to_day(self._clock.now()) - item.days_since_last
        answered = [
            answer.day
            for answer in (state.feedback if state is not None else ())
            if answer.kind is not FeedbackKind.NEVER and answer.day >= last_purchase
        ]
        return round(max(answered) * _MINUTES_A_DAY) if answered else self._cycle(item)

    def _promptable(self, outlook: _Outlook, item: DueItem, *, unasked_since: datetime | None = None) -> Product | None:
        """The product, if the shopper may be asked about it; ``unasked_since``: skip snoozed ones then."""
        state = outlook.state(item)
        if state is not None and (state.never_ask or (state.auto is not None and not self._auto_skipped(item, state))):
            return None  # automatic: ordered without asking, unless this cycle's order was skipped
        snoozed = state.snoozed_until if state is not None else None
        if unasked_since is not None and snoozed is not None and snoozed > unasked_since:
            return None  # "remind me next week": not before then, unless they ask what is running low
        if not outlook.is_low(item, state):
            return None
        return self._offerable(item.product_id)

    def _offerable(self, product_id: str) -> Product | None:
        """The product, if it can be offered now: still sold, in stock, and a consumable."""
        product = self._products.get(product_id)
        if product is None or not product.consumable or not product.in_stock:
            return None
        return product  # type: ignore[no-any-return]

    def _offer(self, outlook: _Outlook, item: DueItem, product: Product, now: datetime) -> Offer:
        state = outlook.state(item)
        snoozed = state.snoozed_until if state is not None else None
        return Offer(
            product=product,
            quantity=max(1, round(item.last_quantity)),
            probability=item.probability,
            interval_days=outlook.habit.get(item.product_id, item.interval_days),
            days_since_last=item.days_since_last,
            snoozed_until=snoozed if snoozed is not None and snoozed > now else None,
        )

    def running_low(self, shopper_id: str, *, limit: int | None = 3, unprompted: bool = False) -> list[Offer]:
        """The products running low, most due first, except those already in the shopper's cart: ``limit``
        of them not snoozed (None: all). Those snoozed to a later time ("remind me next week") are left out when
        ``unprompted``; otherwise they come too, marked (``Offer.snoozed_until``), beyond ``limit``."""
        return self._running_low(shopper_id, self._predict(shopper_id), limit=limit, unprompted=unprompted)

    def _running_low(self, shopper_id: str, outlook: _Outlook, *, limit: int | None, unprompted: bool) -> list[Offer]:
        offers: list[Offer] = []
        now = self._clock.now()
        in_cart = self._in_cart(shopper_id)
        for item in outlook.items:
            if item.product_id in in_cart:
                continue
            product = self._promptable(outlook, item, unasked_since=now if unprompted else None)
            if product is not None:
                offers.append(self._offer(outlook, item, product, now))
            if limit is not None and sum(offer.snoozed_until is None for offer in offers) == limit:
                break
        return offers

    def _in_cart(self, shopper_id: str) -> set[str]:
        return {line.product_id for line in self._shopping.cart(shopper_id).lines}

    @_redone_on_conflict
    def prompt_for(self, shopper_id: str) -> Offer | None:
        """The product to lead with when the shopper opens the skill, if reminders are on, marked as asked about
        (:meth:`asked`): the launch says it. First a product whose automatic reorder waits for the shopper
        because no notification could tell them of it: it is asked about here instead, even with reminders off."""
        profile = self._shopping.find_profile(shopper_id)
        outlook = self._predict(shopper_id)
        waiting = {s.product_id for s in outlook.states.values() if s.auto is not None and s.auto_skip in _CANNOT_TELL}
        low = self._running_low(shopper_id, outlook, limit=None, unprompted=True)
        offer = next((o for o in low if o.product.id in waiting), None)
        if offer is None and (profile is None or profile.reminders_enabled):
            offer = low[0] if low else None
        if offer is not None:
            self._told(shopper_id, outlook.states, [offer], profile.timezone if profile is not None else None)
        return offer

    @_redone_on_conflict
    def asked(self, shopper_id: str, offers: Sequence[Offer]) -> None:
        """The shopper has just been asked about these products by voice ("what am I running low on?"; the
        prompt at launch marks its own, :meth:`prompt_for`): that is their reminder of this round, so no
        notification follows about them until they answer "not yet" or "no" (a new round) or buy them again;
        and it is the shopper's one reminder of the day. The offers are as :meth:`running_low` worked them
        out; only the states are read (again after a conflict)."""
        self._told(shopper_id, self._store.states(shopper_id), offers, self._timezone(shopper_id))

    def _told(
        self, shopper_id: str, states: dict[str, ReorderState], offers: Sequence[Offer], timezone: str | None
    ) -> None:
        told = []
        for offer in offers:
            state = states.get(offer.product.id) or ReorderState(shopper_id=shopper_id, product_id=offer.product.id)
            if state.notified_cycle != (told_round := self._round(offer, state)):
                told.append(state.model_copy(update={"notified_cycle": told_round}))
        if told:
            self._store.save_states(told)
        today = local_date(self._clock.now(), timezone)
        self._store.claim_notification(shopper_id, today.isoformat())

    # --- keeping the schedule -----------------------------------------------------------------------
    @_redone_on_conflict
    def refresh(self, shopper_id: str) -> None:
        """Recompute when each of the shopper's products is next due (after an order or an answer)."""
        outlook = self._predict(shopper_id)
        now = self._clock.now()
        in_cart = self._in_cart(shopper_id)
        timezone = self._timezone(shopper_id) if any(s.auto is not None for s in outlook.states.values()) else None
        changed = []
        for item in outlook.items:
            known = outlook.state(item)
            state = known or ReorderState(shopper_id=shopper_id, product_id=item.product_id)
            due = self._due_at(outlook, item, state, now, timezone)
            automatic = state.auto is not None and not self._auto_skipped(item, state)  # the notifier sees to it
            if due is not None and due <= now and item.product_id in in_cart:
                due = now + CART_RECHECK  # no reminder while it is in the cart: look again later
            elif due is not None and due <= now and not automatic and self._offerable(item.product_id) is None:
                due = now + UNAVAILABLE_RECHECK  # nor while it cannot be offered (out of stock, no longer sold)
            if due != state.due_at or known is None:
                changed.append(state.model_copy(update={"due_at": due}))
        if changed:
            self._store.save_states(changed)

    def _timezone(self, shopper_id: str) -> str | None:
        profile = self._shopping.find_profile(shopper_id)
        return profile.timezone if profile is not None else None

    def _due_at(
        self, outlook: _Outlook, item: DueItem, state: ReorderState, now: datetime, timezone: str | None
    ) -> datetime | None:
        if state.auto is not None and not self._auto_skipped(item, state):
            # Automatic: ordered when it runs low (the same cycle again after a cancelled order, once its
            # hold-off is over), whatever was notified or said about prompts; never in the quiet hours.
            return self._waking(self._reminder_at(outlook, item, state, now), timezone)
        if state.never_ask:
            return self._auto_retry_at(item, state, now, timezone)
        told = state.notified_cycle == self._round(item, state)
        reminder = None if told else self._reminder_at(outlook, item, state, now)
        return _earliest(reminder, self._auto_retry_at(item, state, now, timezone))

    def _reminder_at(self, outlook: _Outlook, item: DueItem, state: ReorderState, now: datetime) -> datetime | None:
        due: datetime | None = None
        if outlook.is_low(item, state):
            due = now
        else:
            low_from = outlook.low_from(item, state)
            if low_from is not None and from_day(low_from) > now:
                due = from_day(low_from)
        # None: bought once, stopped buying, or the model says it is no longer wanted.
        if due is not None and state.snoozed_until is not None and state.snoozed_until > due:
            due = state.snoozed_until  # "remind me next week": not before then
        return due

    def _auto_skipped(self, item: DueItem, state: ReorderState) -> bool:
        """This purchase cycle's automatic reorder was skipped (and nothing ordered since)."""
        return state.auto is not None and state.auto_skip is not None and state.auto_skip_cycle == self._cycle(item)

    def _auto_retry_at(
        self, item: DueItem, state: ReorderState, now: datetime, timezone: str | None
    ) -> datetime | None:
        """When the scheduler should try a skipped automatic reorder again (never in the past, nor in the
        quiet hours)."""
        if not self._auto_skipped(item, state) or state.auto_retry_at is None:
            return None
        return self._waking(max(state.auto_retry_at, now), timezone)

    def _waking(self, moment: datetime | None, timezone: str | None) -> datetime | None:
        """``moment``, or the end of the shopper's quiet hours if it falls in them: an automatic order is
        placed only when its notification can go out with it, so the shopper hears of it while it can still
        be cancelled."""
        return None if moment is None else next_allowed(moment, timezone, self._quiet)

    def on_order(self, order: Order) -> None:
        self.refresh(order.shopper_id)

    @_redone_on_conflict
    def on_cancel(self, order: Order) -> None:
        """A cancelled automatic order says "not needed this time", as a "no" to a prompt would: the model
        holds the product off (and learns from it), then automatic reorder goes on as agreed."""
        if order.source is OrderSource.AUTO:
            now = to_day(self._clock.now())
            states = self._store.states(order.shopper_id)
            fresh = [ReorderState(shopper_id=order.shopper_id, product_id=line.product_id) for line in order.lines]
            self._store.save_states([_declined(states.get(new.product_id) or new, now) for new in fresh])
        self.refresh(order.shopper_id)

    # --- the shopper's answers ----------------------------------------------------------------------
    @_redone_on_conflict
    def answer(
        self, shopper_id: str, product_id: str, kind: FeedbackKind, *, not_before_days: float | None = None
    ) -> float:
        """Record "not yet", "no" or "never"; returns the days until the product may be asked about again.

        ``not_before_days``: the shopper said when ("remind me tomorrow"); their date replaces the model's
        hold-off, so they are asked then if the product is still running low.
        """
        now = self._clock.now()
        state = self._store.states(shopper_id).get(product_id) or ReorderState(
            shopper_id=shopper_id, product_id=product_id
        )
        explicit = not_before_days is not None and not_before_days > 0 and kind is not FeedbackKind.NEVER
        until = now + timedelta(days=not_before_days) if explicit and not_before_days else None
        state = state.with_feedback(
            Feedback(product_id=product_id, day=to_day(now), kind=kind, until=to_day(until) if until else None)
        )
        if kind is FeedbackKind.NEVER:
            state = state.model_copy(update={"never_ask": True, "due_at": None})
        elif until is not None:
            state = state.model_copy(update={"snoozed_until": until})
        self._store.save_states([state])
        self.refresh(shopper_id)
        asked = self._next_ask(shopper_id, product_id)
        if asked is None:
            return not_before_days or 7.0
        return max(1.0, (asked - now).total_seconds() / 86_400)

    def _next_ask(self, shopper_id: str, product_id: str) -> datetime | None:
        """When the shopper may next be asked about the product (at launch, or by a notification: their
        answer started a new reminder round): when it runs low again, and not before their own date."""
        outlook = self._predict(shopper_id)
        item = next((i for i in outlook.items if i.product_id == product_id), None)
        state = outlook.states.get(product_id)
        if item is None or state is None or state.never_ask:
            return None
        low_from = outlook.low_from(item, state)
        if low_from is None:
            return None
        return max(from_day(low_from), state.snoozed_until or from_day(low_from))

    def set_reminders(self, shopper_id: str, *, enabled: bool) -> None:
        profile = self._shopping.profile(shopper_id)
        self._shopping.save_profile(profile.model_copy(update={"reminders_enabled": enabled}))
        if enabled:
            self.retry_untold(shopper_id)

    def retry_untold(self, shopper_id: str) -> None:
        """The shopper can now be told of automatic orders (they allowed notifications, or turned reminders on):
        an automatic reorder skipped because they could not be told is tried again at the scheduler's next run,
        not at its daily retry up to a day later (quiet hours still wait).

        Called once what the shopper said is saved: a storage fault here is logged, not raised, so they hear
        that it was; the reorder is still retried daily."""
        try:
            self._retry_untold(shopper_id)
        except StorageError as error:
            logger.warning("automatic reorders waiting to be told of not rescheduled", extra={"error": str(error)})

    @_redone_on_conflict
    def _retry_untold(self, shopper_id: str) -> None:
        profile = self._shopping.find_profile(shopper_id)
        if profile is None or cannot_tell(reminders_enabled=profile.reminders_enabled, notifiable=profile.notifiable):
            return
        now = self._clock.now()
        states = self._store.states(shopper_id)
        waiting = [
            state.product_id
            for state in states.values()
            if state.auto is not None and state.auto_skip in _CANNOT_TELL
            and state.auto_retry_at is not None and state.auto_retry_at > now
        ]
        retry = functools.partial(
            ReorderState.model_copy, update={"auto_retry_at": now, "due_at": self._waking(now, profile.timezone)}
        )
        self._update(shopper_id, states, waiting, retry)

    def has_auto(self, shopper_id: str) -> bool:
        """Whether any of the shopper's products is set to reorder automatically."""
        return any(state.auto is not None for state in self._store.states(shopper_id).values())

    def auto_terms(
        self, shopper_id: str, product_id: str, *, monthly_cap: Decimal, high_cap_meant: bool = False
    ) -> AutoReorder:
        """The terms :meth:`set_auto` would agree to (nothing is saved): the shopper hears them first.

        Never above ``monthly_cap`` a month, nor above the higher of today's price and the last price the
        shopper paid for it (a limit below today's price would skip every order the shopper just agreed to),
        in the quantity they last ordered. A cap below
        one such order's quoted total raises :class:`~reorder.exceptions.CapBelowOneOrderError`:
        every automatic order would be skipped. A cap above ``MAX_ORDERS_A_MONTH`` such orders (one every
        day of a month) raises :class:`~reorder.exceptions.CapTooHighError`: no one means that much, so the
        amount was most likely misheard, and the shopper is asked again rather than agreeing to it; unless
        ``high_cap_meant``: the shopper said that same cap again after hearing it back as maybe misheard.
        """
        terms = self._terms(shopper_id, product_id, monthly_cap=monthly_cap)  # NeverOrderedError: see there
        one_order = self._shopping.quote(shopper_id, [(product_id, terms.quantity)]).total
        if monthly_cap < one_order:
            raise CapBelowOneOrderError(monthly_cap=monthly_cap, one_order=one_order)
        if not high_cap_meant and monthly_cap > (most := one_order * MAX_ORDERS_A_MONTH):
            raise CapTooHighError(monthly_cap=monthly_cap, one_order=one_order, most=most)
        return terms

    def ordered_before(self, shopper_id: str, product_id: str) -> bool:
        """Whether the shopper has an order of the product (placed, not cancelled): automatic reorder needs one."""
        return self._last_line(shopper_id, product_id) is not None

    def _last_line(self, shopper_id: str, product_id: str) -> OrderLine | None:
        for order in reversed(self._orders(shopper_id)):
            line = next((line for line in order.lines if line.product_id == product_id), None)
            if line is not None:
                return line
        return None

    def _terms(self, shopper_id: str, product_id: str, *, monthly_cap: Decimal) -> AutoReorder:
        """The terms of an automatic reorder; :class:`~reorder.exceptions.NeverOrderedError` for a product the
        shopper never ordered: how often they need it, and how many, would be guesses (the model knows only
        products in their orders), and money is never spent on a guess."""
        product = self._products.get(product_id)
        if product is None:
            raise UnavailableError(None, product_id=product_id)  # no name to say
        line = self._last_line(shopper_id, product_id)
        if line is None:
            raise NeverOrderedError(product_id=product_id)
        most = max(product.price, line.unit_price)
        return AutoReorder(monthly_cap=monthly_cap, max_unit_price=most, quantity=line.quantity)

    @_redone_on_conflict
    def set_auto(self, shopper_id: str, product_id: str, *, monthly_cap: Decimal) -> AutoReorder:
        """Opt a product into automatic reorder on the terms of :meth:`auto_terms`, which the shopper has
        heard and agreed to (the cap is not checked again: a price may have moved since).

        A reorder skipped for a monthly cap or a price that the new terms allow is no longer skipped: it is
        placed when the scheduler next looks at it, not next month. Other skips stay (terms do not fix them).
        """
        setting = self._terms(shopper_id, product_id, monthly_cap=monthly_cap)
        state = self._store.states(shopper_id).get(product_id) or ReorderState(
            shopper_id=shopper_id, product_id=product_id
        )
        change: dict[str, Any] = {"auto": setting, "never_ask": False}
        if state.auto_skip is not None and self._terms_allow(shopper_id, product_id, setting, state.auto_skip):
            change |= {"auto_skip": None, "auto_skip_cycle": None, "auto_retry_at": None}
            if state.announcement is Announcement.AUTO_SKIPPED:  # its news is no longer true: not told
                change["announcement"] = Announcement.AUTO_PLACED if state.announcement_order_ids else None
        self._store.save_states([state.model_copy(update=change)])
        self.refresh(shopper_id)
        return setting

    def _terms_allow(self, shopper_id: str, product_id: str, terms: AutoReorder, skip: AutoSkip) -> bool:
        """Whether ``terms`` remove the cause of ``skip``: a price limit today's price fits, or a monthly cap
        this month's automatic orders of the product and one more fit."""
        product = self._products.get(product_id)
        if product is None:
            return False
        if skip is AutoSkip.PRICE:
            return bool(product.price <= terms.max_unit_price)
        if skip is AutoSkip.MONTHLY_CAP:
            spent = self._spent_this_month(shopper_id, product_id, self._timezone(shopper_id))
            one_more = self._shopping.quote(shopper_id, [(product_id, terms.quantity)]).total
            return spent + one_more <= terms.monthly_cap
        return False

    @_redone_on_conflict
    def stop_auto(self, shopper_id: str, product_id: str) -> bool:
        """Opt a product out of automatic reorder; ``False`` if it was not opted in."""
        state = self._store.states(shopper_id).get(product_id)
        if state is None or state.auto is None:
            return False
        self._store.save_states([state.model_copy(update={"auto": None})])
        self.refresh(shopper_id)
        return True

    def auto_reorders(self, shopper_id: str) -> list[str]:
        """The ids of the products the shopper has opted into automatic reorder, in id order."""
        return sorted(state.product_id for state in self._store.states(shopper_id).values() if state.auto is not None)

    @_redone_on_conflict
    def announcements(self, shopper_id: str) -> Announcements:
        """Automatic orders placed or skipped since the shopper last listened; each is told once."""
        states = [s for s in self._store.states(shopper_id).values() if s.announcement is not None]
        if not states:
            return Announcements()
        placed, skipped = [], []
        for state in states:
            for order_id in state.announcement_order_ids:  # every one placed since they last listened
                order = self._shopping.order(shopper_id, order_id)
                if order is not None and order.status == "placed":
                    placed.append(order)
            if state.announcement is Announcement.AUTO_SKIPPED and state.auto is not None:
                product = self._products.get(state.product_id)
                if product is not None:
                    reason = state.auto_skip or AutoSkip.MONTHLY_CAP  # states saved before reasons were kept
                    skipped.append(Skipped(product=product, reason=reason, terms=state.auto))
        self._store.save_states(
            [s.model_copy(update={"announcement": None, "announcement_order_ids": ()}) for s in states]
        )
        placed.sort(key=lambda order: (order.placed_at, order.order_id))
        return Announcements(placed=placed, skipped=skipped)

    # --- scheduled: find who is due -----------------------------------------------------------------
    def schedule(
        self,
        queue: ShopperQueue,
        *,
        batch_size: int = 50,
        catch_up_hours: int = 14 * 24,
        requeue_after: timedelta = REQUEUE_AFTER,
        out_of_time: Callable[[], bool] | None = None,
    ) -> SchedulerRun:
        """Read the due buckets since the last run (never the whole table) and enqueue their shoppers.

        The current hour is read again on the next run (items can still arrive in it), and so is every
        earlier hour that still holds due items: the notifier moves an item it has handled out of its hour,
        so one still there was not finished (Alexa or its login down, a timeout, a dead-lettered message)
        and its shopper is queued again until it is. Once a shopper's message is sent, their states read due
        by now are held (:meth:`_hold`) until ``requeue_after`` from now, when that message and its retries are
        over: they are not queued again on every run meanwhile. A send that fails holds nobody, so the next run
        queues them again; a hold that fails only lets it queue them again too: the notifier's per-cycle and
        per-day records make a repeated shopper harmless. A scheduler that was stopped catches up on at most
        ``catch_up_hours`` of buckets; its cost is a Query per bucket read and a conditional UpdateItem per
        state held (most often one per shopper queued), no read of the shopper's states.

        ``out_of_time`` is asked before each message and each state's hold (one write each): once it says yes, no
        more is sent nor held. The shoppers not sent are still in their hours, which the next run reads again (the
        cursor stays before them); those sent but not held are only queued again by it.
        """
        now = self._clock.now()
        cursor = self._store.cursor() or now - timedelta(hours=catch_up_hours)
        buckets = buckets_between(cursor, now, limit=catch_up_hours)
        shoppers: dict[str, list[DueState]] = {}
        items = 0
        unfinished = now  # the oldest hour to read again next time
        for bucket in buckets:
            for due in self._store.due_in(bucket):
                items += 1
                shoppers.setdefault(due.shopper_id, []).append(due)
                unfinished = min(unfinished, bucket_start(bucket))
        ids = list(shoppers)
        messages = held = sent = 0
        stopped = False
        for start in range(0, len(ids), batch_size):
            if out_of_time is not None and out_of_time():
                stopped = True
                break
            batch = ids[start : start + batch_size]
            queue.enqueue(batch)
            messages += 1
            sent += len(batch)
            # Held once sent: a notifier may already be at work on the message. The hold moves only a state
            # still due when the index was read, and counts its version up: a notifier that scheduled it
            # meanwhile keeps its schedule, one that read it before reads it again (:meth:`_update`).
            for shopper_id in batch:
                count, stopped = self._hold(shoppers[shopper_id], now, now + requeue_after, out_of_time)
                held += count
                if stopped:
                    break
            if stopped:
                break
        if stopped:
            logger.warning("scheduler out of time: shoppers left for the next run", extra={"left": len(ids) - sent})
        self._store.set_cursor(unfinished - timedelta(hours=1))  # the last hour with nothing left to do
        return SchedulerRun(
            buckets=len(buckets),
            items_read=items,
            shoppers=len(ids),
            messages=messages,
            held=held,
            left=len(ids) - sent,
        )

    def _hold(
        self, read: Sequence[DueState], now: datetime, until: datetime, out_of_time: Callable[[], bool] | None
    ) -> tuple[int, bool]:
        """A queued shopper's states read due by ``now`` (those the message is about) are next looked at
        ``until``, each only if still due when it was read: one a notifier (or a conversation) has scheduled
        since is left alone. A state due later in the hour is not held: its hour is read again on the next
        run, which queues the shopper once it is due. A storage fault is logged, not raised: the message is
        sent, and without the hold the shopper is only queued again. ``out_of_time`` is asked before each
        state's hold (one write each). Returns how many states were held, and whether time ran out."""
        held = 0
        for due in read:
            if due.due_at > now:
                continue
            if out_of_time is not None and out_of_time():
                return held, True
            try:
                held += self._store.hold(due, until)
            except StorageError:
                logger.warning("queued shopper not held: queued again on the next run", exc_info=True)
                return held, False
        return held, False

    # --- scheduled: notify one shopper --------------------------------------------------------------
    def notify(
        self, shopper_ids: Iterable[str], notifier: Notifier, *, out_of_time: Callable[[], bool] | None = None
    ) -> dict[str, str]:
        """Handle each due shopper; raises ``RetryLaterError`` if any must be retried (after the others).

        ``out_of_time`` is asked before each shopper but the first (so every call makes progress); once it says
        yes, the shoppers left are not handled and not in the results: the caller hands them on.
        """
        results: dict[str, str] = {}
        retry: list[str] = []
        for shopper_id in shopper_ids:
            if results and out_of_time is not None and out_of_time():
                break
            try:
                results[shopper_id] = self._notify_one(shopper_id, notifier)
            except RetryLaterError:
                retry.append(shopper_id)
                results[shopper_id] = "retry"
        if retry:
            raise RetryLaterError(f"{len(retry)} shoppers to retry")
        return results

    def _notify_one(self, shopper_id: str, notifier: Notifier) -> str:
        profile = self._shopping.find_profile(shopper_id)
        if profile is None:
            # No Alexa user to notify, nor automatic order to place (it must be told of): their states are
            # looked at again once an order or an answer schedules them (a profile is made at their next visit).
            self._unschedule(shopper_id)
            return "unknown shopper"
        now = self._clock.now()
        outlook = self._predict(shopper_id)
        why = cannot_tell(reminders_enabled=profile.reminders_enabled, notifiable=profile.notifiable)
        if self._auto_reorders(shopper_id, outlook, profile.timezone, cannot_tell=why):
            # An order placed starts the product's next cycle: when it is due again is known only now (an
            # automatic order is placed here, not through the skill, so no order listener recomputes it).
            self.refresh(shopper_id)
            outlook = self._predict(shopper_id)  # an order placed, or a skip that allows a reminder
        states = outlook.states
        # Automatic orders placed or skipped that no notification has told of yet: the shopper was promised
        # to hear of each one, so they are news even when nothing is due.
        untold = [s for s in states.values() if s.announcement is not None and not s.announcement_sent]
        in_cart = self._in_cart(shopper_id)  # as "what am I running low on": not what checkout will buy
        due = [
            (item, product)
            for item in outlook.items
            if item.product_id not in in_cart
            and (product := self._promptable(outlook, item, unasked_since=now)) is not None
            and (states.get(item.product_id) is None
                 or states[item.product_id].notified_cycle != self._round(item, states[item.product_id]))
        ]
        if not due and not untold:
            self.refresh(shopper_id)
            return "nothing due"
        day = local_date(now, profile.timezone).isoformat()
        decision = notify_decision(
            now=now,
            timezone=profile.timezone,
            permitted=profile.notifiable,
            reminders_enabled=profile.reminders_enabled,
            notified_today=False,
            quiet=self._quiet,
        )
        if decision.verdict is NotifyVerdict.SKIP:
            # No notification can tell them: the news waits for their next visit.
            self._mark(profile, due, states, due_at=None, notified=False, untold=untold)
            return decision.reason
        if decision.verdict is NotifyVerdict.DEFER:
            self._mark(profile, due, states, due_at=decision.until, notified=False, untold=untold)
            return decision.reason
        claimed = self._store.claim_notification(shopper_id, day)
        placed = [news for news in untold if news.announcement is Announcement.AUTO_PLACED]
        reminders_at: datetime | None = None  # once this is sent: when the reminders due are looked at again
        if not claimed:
            tomorrow = notify_decision(now=now, timezone=profile.timezone, permitted=True, reminders_enabled=True,
                                       notified_today=True, quiet=self._quiet)
            if not placed:
                self._mark(profile, due, states, due_at=tomorrow.until, notified=False, untold=untold)
                return "notified today"
            # An automatic order was placed since today's notification: money was spent, so its news is not a
            # reminder and goes out now, while the order can be cancelled (each order has its own reference id:
            # Alexa refuses a retried one). The reminders due still wait for tomorrow.
            reminders_at = tomorrow.until
        if due and claimed:
            top, _ = due[0]
            reference = reference_id(shopper_id, top.product_id, self._round(top, states.get(top.product_id)))
            about = top.product_id
        else:
            news = (untold if claimed else placed)[0]
            about = news.product_id
            reference = reference_id(shopper_id, _news_key(news), 0)
        outcome = notifier.notify(user_id=profile.alexa_user_id or "", reference_id=reference)
        if outcome in (NotifyOutcome.SENT, NotifyOutcome.ALREADY_SENT):
            self._mark(profile, due, states, due_at=reminders_at, notified=claimed, untold=untold, told=True)
            return outcome.value
        if claimed:
            self._store.release_notification(shopper_id, day)
        if outcome is NotifyOutcome.NOT_SUBSCRIBED:
            self._shopping.save_profile(profile.model_copy(update={"notifications_permitted": False}))
            self._mark(profile, due, states, due_at=None, notified=False, untold=untold)
            return outcome.value
        if outcome is NotifyOutcome.REJECTED:
            logger.error("notification rejected", extra={"product_id": about})
            self._mark(profile, due, states, due_at=reminders_at, notified=False, untold=untold, told=True)
            return outcome.value
        raise RetryLaterError(outcome.value)

    def _unschedule(self, shopper_id: str) -> None:
        states = self._store.states(shopper_id)
        scheduled = [product_id for product_id, state in states.items() if state.due_at is not None]
        self._update(shopper_id, states, scheduled, lambda state: state.model_copy(update={"due_at": None}))

    def _update(
        self,
        shopper_id: str,
        states: dict[str, ReorderState],
        product_ids: Iterable[str],
        change: Callable[[ReorderState], ReorderState],
    ) -> None:
        """Save ``change`` made to each product's state in ``states`` (the shopper's, as read; a new one if
        none) and keep the saved states there. If another writer saved one since it was read, the change is
        made to the states read anew (:func:`_retried`) rather than overwrite theirs: for the notifier, whose
        changes record what was done once (an order placed, a notification sent) and must not be lost."""
        ids = list(product_ids)

        def attempt(n: int) -> None:
            if n:
                states.update(self._store.states(shopper_id))
            changed = [change(states.get(i) or ReorderState(shopper_id=shopper_id, product_id=i)) for i in ids]
            states.update({state.product_id: state for state in self._store.save_states(changed)})

        if ids:
            _retried(attempt)

    def _mark(
        self,
        profile: ShopperProfile,
        due: Sequence[tuple[DueItem, Product]],
        states: dict[str, ReorderState],
        *,
        due_at: datetime | None,
        notified: bool,
        untold: Sequence[ReorderState] = (),
        told: bool | None = None,
    ) -> None:
        """Record the outcome for the due products and the untold automatic-order news: with ``due_at``
        the scheduler looks at them again then; without it the news counts as told (sent, or no
        notification can be sent: the shopper hears it when they next open the skill). ``told`` says
        whether the news was told when that differs (news sent while the reminders wait for ``due_at``)."""
        sent = due_at is None if told is None else told
        now = self._clock.now()
        items = {item.product_id: item for item, _ in due}
        news = {state.product_id for state in untold}

        def change(state: ReorderState) -> ReorderState:
            update: dict[str, Any] = {}
            item = items.get(state.product_id)
            if item is not None:
                update["due_at"] = _earliest(due_at, self._auto_retry_at(item, state, now, profile.timezone))
                if notified:
                    update["notified_cycle"] = self._round(item, state)
            if state.product_id in news:
                later = {"due_at": _earliest(update.get("due_at", state.due_at), due_at)}
                update |= {"announcement_sent": True} if sent else later
            return state.model_copy(update=update)

        self._update(profile.shopper_id, states, [*items, *(news - items.keys())], change)

    def _auto_reorders(
        self, shopper_id: str, outlook: _Outlook, timezone: str | None, *, cannot_tell: AutoSkip | None = None
    ) -> bool:
        """Place the due automatic reorders the shopper allowed; announce the ones that were not placed.

        A reorder that was not placed is tried again when its cause may have cleared (the shopper's next
        calendar month for the monthly cap, a day later otherwise), and meanwhile the product may be
        reminded about. In the shopper's quiet hours nothing is placed: the notification would wait for the
        morning and use up the cancel window meanwhile, so the order waits for the morning too, and is
        notified as it is placed. With ``cannot_tell`` (no notification can reach the shopper: :func:`cannot_tell`)
        nothing is placed at all: the shopper was promised to hear of each order while it can be cancelled, so
        each waits, skipped for that reason, and is asked about when they next open the skill. Returns whether
        any state changed.
        """
        changed = self._announce_found(shopper_id, outlook)
        now = self._clock.now()
        awake = next_allowed(now, timezone, self._quiet)
        for item in outlook.items:
            state = outlook.state(item)
            if state is None or state.auto is None or not outlook.is_low(item, state):
                continue
            cycle = self._cycle(item)
            if self._auto_skipped(item, state) and state.auto_retry_at is not None and state.auto_retry_at > now:
                continue  # skipped this cycle: not again before the cause may have cleared
            cancelled = self._unanswered_cancel(shopper_id, item.product_id, cycle, state)
            if cancelled is not None:
                # The shopper cancelled this cycle's order, and :meth:`on_cancel` did not hear of it: the
                # cancel is their "no" now, and its hold-off decides when to order again.
                self._update(shopper_id, outlook.states, [item.product_id], functools.partial(_declined, day=cancelled))
                changed = True
                continue
            if awake > now and cannot_tell is None:
                waits = functools.partial(ReorderState.model_copy, update={"due_at": awake})
                self._update(shopper_id, outlook.states, [item.product_id], waits)
                changed = True
                continue
            placed_id: str | None = None
            skip: AutoSkip | None = cannot_tell
            if cannot_tell is None:
                order_id = self._auto_order_id(shopper_id, outlook, item, state, cycle)
                placed_id, skip = self._place_auto(shopper_id, order_id, item.product_id, state.auto, timezone)
            if placed_id is None and skip is None:
                continue  # placed, and announced, by a run alongside this one
            if placed_id is not None:
                outcome = functools.partial(_placed_auto, order_id=placed_id, cycle=cycle)
            else:
                monthly = skip is AutoSkip.MONTHLY_CAP
                retry = month_start(now, timezone, months_ahead=1) if monthly else now + AUTO_RETRY
                outcome = functools.partial(_skipped_auto, skip=skip, cycle=cycle, retry=retry)
            self._update(shopper_id, outlook.states, [item.product_id], outcome)
            changed = True
        return changed

    def _announce_found(self, shopper_id: str, outlook: _Outlook) -> bool:
        """Announce the automatic orders an earlier run placed without hearing so (the write's answer lost, and
        the order unreadable just after; that run failed and is retried): the order is the product's latest
        purchase now, so the product is not running low and is never placed, nor announced, again. Each is
        claimed (:meth:`ShoppingService.unreported_orders`), so it is announced once. Returns whether any was."""
        found = self._shopping.unreported_orders(shopper_id, source=OrderSource.AUTO)
        placed = [order for order in found if order.status is OrderStatus.PLACED]  # not cancelled since
        for order in placed:
            products = [line.product_id for line in order.lines]
            self._update(shopper_id, outlook.states, products, functools.partial(_placed_news, order_id=order.order_id))
        return bool(placed)

    def _unanswered_cancel(self, shopper_id: str, product_id: str, cycle: int, state: ReorderState) -> float | None:
        """The day an automatic order of ``product_id`` placed in this cycle was cancelled, if no answer was
        recorded since (:meth:`on_cancel` records one); else None."""
        answered = max((answer.day for answer in state.feedback), default=-math.inf)
        cancels = [
            to_day(o.cancelled_at or o.placed_at)
            for o in self._shopping.recent_orders(shopper_id, limit=HISTORY_ORDERS)
            if o.source is OrderSource.AUTO and o.status is OrderStatus.CANCELLED and to_day(o.placed_at) >= cycle - 0.5
            and any(line.product_id == product_id for line in o.lines)
        ]
        latest = max(cancels, default=-math.inf)
        return latest if latest > answered else None

    def _auto_order_id(
        self, shopper_id: str, outlook: _Outlook, item: DueItem, state: ReorderState, cycle: int
    ) -> str:
        """The automatic order's id: it sorts by time among the shopper's orders, as ``new_order_id``'s do,
        and is the same on every run of one (shopper, product, cycle), so a retried or concurrent run
        finds the order already placed instead of placing a second one.

        Its time part is the later of the moment the product came due this cycle and just after the
        shopper's newest order: both are read from stored data, not from the clock, so they are the same
        on a retry; and the id sorts after every order placed before it (the newest order is listed, and
        cancelled, first). A retry after the order was placed does not reach here: that order is the
        product's latest purchase, so the product is not running low.
        """
        low_from = outlook.low_from(item, state)
        moment = from_day(low_from if low_from is not None else to_day(self._clock.now()) - item.days_since_last)
        newest = max((o.placed_at for o in self._shopping.recent_orders(shopper_id, limit=HISTORY_ORDERS)),
                     default=moment)
        moment = max(moment, newest + timedelta(seconds=1))
        return f"{moment.astimezone(UTC):%Y%m%dT%H%M%S}-{reference_id(shopper_id, item.product_id, cycle)[10:20]}"

    def _place_auto(
        self, shopper_id: str, order_id: str, product_id: str, auto: AutoReorder, timezone: str | None
    ) -> tuple[str | None, AutoSkip | None]:
        """Place the automatic order within the shopper's terms: its id, or why it was not placed (neither when
        the order was there and another run follows it up).

        The monthly cap counts this product's automatic orders in the shopper's own calendar month.
        """
        product = self._products.get(product_id)
        if product is None or not product.in_stock:
            return None, AutoSkip.UNAVAILABLE
        if product.price > auto.max_unit_price:
            return None, AutoSkip.PRICE
        if self._shopping.cart(shopper_id).quantity_of(product_id):
            return None, AutoSkip.IN_CART  # checking out would buy it a second time
        spent = self._spent_this_month(shopper_id, product_id, timezone, besides=order_id)
        try:
            quote = self._shopping.quote(shopper_id, [(product_id, auto.quantity)])
            if spent + quote.total > auto.monthly_cap:
                return None, AutoSkip.MONTHLY_CAP
            placed = self._shopping.place(shopper_id, order_id, [(product_id, auto.quantity)], source=OrderSource.AUTO)
        except LimitExceededError:
            return None, AutoSkip.ORDER_LIMIT
        except VoiceCodeLockedError:
            return None, AutoSkip.LOCKED
        except (UnavailableError, OrderError):
            return None, AutoSkip.UNAVAILABLE
        if not placed.follow_up:
            return None, None  # a run alongside this one placed it and announces it
        return placed.order.order_id, None

    def _spent_this_month(
        self, shopper_id: str, product_id: str, timezone: str | None, *, besides: str | None = None
    ) -> Decimal:
        """What this calendar month's automatic orders of ``product_id`` cost (but ``besides``): the cap is per
        product, so only this product's automatic orders count against it."""
        this_month = month_start(self._clock.now(), timezone)
        return sum(
            (o.total for o in self._orders(shopper_id)
             if o.source is OrderSource.AUTO and o.placed_at >= this_month and o.order_id != besides
             and any(line.product_id == product_id for line in o.lines)),
            Decimal("0"),
        )


_CANNOT_TELL = (AutoSkip.REMINDERS_OFF, AutoSkip.NO_NOTIFICATIONS)


def _news_key(state: ReorderState) -> str:
    """What a notification of automatic-order news is about: the order placed, or the skip and its cycle."""
    if state.announcement is Announcement.AUTO_PLACED and state.announcement_order_ids:
        return f"auto-order:{state.announcement_order_ids[-1]}"
    return f"auto-skip:{state.product_id}:{state.auto_skip}:{state.auto_skip_cycle}"


def _placed_news(state: ReorderState, *, order_id: str) -> ReorderState:
    """``state`` with the automatic order ``order_id`` as news to be told (notified, then said at the next
    launch), and a skip it ends cleared."""
    return state.model_copy(update={
        "announcement": Announcement.AUTO_PLACED,
        "announcement_order_ids": (*state.announcement_order_ids, order_id),
        "announcement_sent": False,
        "auto_skip": None, "auto_skip_cycle": None, "auto_retry_at": None,
    })


def _placed_auto(state: ReorderState, *, order_id: str, cycle: int) -> ReorderState:
    """``state`` once this cycle's automatic order ``order_id`` is placed: its news is to be told, and when it
    is due again is worked out from the order."""
    return _placed_news(state, order_id=order_id).model_copy(update={"notified_cycle": cycle, "due_at": None})


def _skipped_auto(state: ReorderState, *, skip: AutoSkip | None, cycle: int, retry: datetime) -> ReorderState:
    """``state`` once this cycle's automatic order is skipped for ``skip``: tried again at ``retry``."""
    update: dict[str, Any] = {"auto_skip": skip, "auto_skip_cycle": cycle, "auto_retry_at": retry, "due_at": retry}
    if not (state.auto_skip is skip and state.auto_skip_cycle == cycle):  # told once per cycle and cause
        # the orders placed before it are still to be told
        update |= {"announcement": Announcement.AUTO_SKIPPED, "announcement_sent": False}
    return state.model_copy(update=update)


def _earliest(*moments: datetime | None) -> datetime | None:
    known = [moment for moment in moments if moment is not None]
    return min(known) if known else None


def _declined(state: ReorderState, day: float) -> ReorderState:
    """``state`` with a "no, not this time" answer on ``day`` (a cancelled automatic order says so)."""
    return state.with_feedback(Feedback(product_id=state.product_id, day=day, kind=FeedbackKind.DECLINE))


def _auto(state: ReorderState | None) -> bool:
    """On automatic reorder: it runs low as agreed, even when bought once or long ago."""
    return state is not None and state.auto is not None


def _answers(state: ReorderState | None) -> list[Feedback]:
    """The answers that move when a product runs low. "Never ask about this" is about prompts: a product on
    automatic reorder is not prompted, and still runs low (the shopper may have said it before opting in)."""
    if state is None:
        return []
    answers = list(state.feedback)  # those with the shopper's own date only keep it in mind (see the policy)
    if state.auto is not None:
        answers = [answer for answer in answers if answer.kind is not FeedbackKind.NEVER]
    return answers


def _model_answers(answers: Iterable[Feedback]) -> list[Feedback]:
    """The answers whose hold-off the model sets: not those where the shopper named their own date."""
    return [answer for answer in answers if answer.until is None]


def _habits(history: list[tuple[float, dict[str, int]]]) -> dict[str, float]:
    """The shopper's own usual gap between purchases of each product bought often enough to tell."""
    days: dict[str, list[float]] = {}
    for day, items in history:
        for product_id in items:
            days.setdefault(product_id, []).append(day)
    return {product_id: gap for product_id, bought in days.items() if (gap := usual_gap(bought)) is not None}


def _usual_quantities(history: list[tuple[float, dict[str, int]]]) -> dict[str, float]:
    """The median quantity the shopper buys of each product."""
    bought: dict[str, list[int]] = {}
    for _, items in history:
        for product_id, quantity in items.items():
            bought.setdefault(product_id, []).append(quantity)
    return {product_id: float(median(quantities)) for product_id, quantities in bought.items()}


def _automatic_days(orders: Sequence[Order], merged: list[tuple[float, dict[str, int]]]) -> dict[str, list[float]]:
    """The days of ``merged`` (the model's history) on which each product was bought only by an automatic
    order, or an order the shopper confirmed at a reorder prompt: the model chose when, so the gap it ends is not
    evidence of how long the product lasts (taken as such, prompts at 80% of the interval shrank it, cycle after
    cycle), and the next one comes a whole interval after it."""
    automatic: dict[str, set[int]] = {}
    shoppers: set[tuple[str, int]] = set()
    for order in orders:
        day = int(to_day(order.placed_at))  # as _merge_days groups them
        for line in order.lines:
            if order.source is OrderSource.AUTO or order.prompted:
                automatic.setdefault(line.product_id, set()).add(day)
            else:
                shoppers.add((line.product_id, day))
    days: dict[str, list[float]] = {}
    for merged_day, basket in merged:
        for product_id in basket:
            key = int(merged_day)
            if key in automatic.get(product_id, ()) and (product_id, key) not in shoppers:
                days.setdefault(product_id, []).append(merged_day)
    return days


def _merge_days(history: list[tuple[float, dict[str, int]]]) -> list[tuple[float, dict[str, int]]]:
    """Orders on the same day are one basket for the model."""
    merged: list[tuple[float, dict[str, int]]] = []
    for day, items in history:
        if merged and int(merged[-1][0]) == int(day):
            basket = dict(merged[-1][1])
            for product_id, quantity in items.items():
                basket[product_id] = basket.get(product_id, 0) + quantity
            merged[-1] = (merged[-1][0], basket)
        else:
            merged.append((day, dict(items)))
    return merged

