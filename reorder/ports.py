"""What the reorder service needs from the outside (DynamoDB, SQS and Alexa adapters live in skill/)."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from reorder.state import ReorderState

__all__ = ["Clock", "DueState", "Notifier", "NotifyOutcome", "ReorderStore", "RetryLaterError", "ShopperQueue"]


class Clock(Protocol):
    def now(self) -> datetime: ...


@dataclass(frozen=True)
class DueState:
    """A reorder state as the due-time index has it: whose, which product, and the ``due_at`` it was indexed
    at (the index may lag a save by a moment)."""

    shopper_id: str
    product_id: str
    due_at: datetime


class ReorderStore(Protocol):
    def states(self, shopper_id: str) -> dict[str, ReorderState]: ...

    def save_states(self, states: Sequence[ReorderState]) -> list[ReorderState]:
        """Write states (one per product), each stored with its ``version`` plus one, and return them so.
        If one was saved since it was read (its stored version is not ``version``; none stored for 0),
        :class:`~reorder.exceptions.StateConflictError` is raised and none is written (an adapter may write
        many in batches, each all or none). A state with ``due_at`` is indexed under its hour bucket, others
        are not indexed."""
        ...

    def due_in(self, bucket: str) -> Iterable[DueState]:
        """The states due in ``bucket`` (from the due-time index; never a scan)."""
        ...

    def hold(self, due: DueState, until: datetime) -> bool:
        """Move the state's ``due_at`` to ``until`` (counting its ``version`` up, so that a writer who read it
        before finds it saved meanwhile) only if it is still ``due.due_at``: nobody scheduled it anew since the
        index was read. Its other fields are left as stored. False if it was not due then (or is gone)."""
        ...

    def cursor(self) -> datetime | None: ...

    def set_cursor(self, moment: datetime) -> None: ...

    def claim_notification(self, shopper_id: str, local_day: str) -> bool:
        """Record that the shopper is notified on ``local_day``; False if that was recorded before."""
        ...

    def release_notification(self, shopper_id: str, local_day: str) -> None: ...

    def delete_shopper(self, shopper_id: str) -> None:
        """Forget the shopper's reorder states and notification records."""
        ...


class ShopperQueue(Protocol):
    def enqueue(self, shopper_ids: Sequence[str]) -> None: ...


class NotifyOutcome(enum.StrEnum):
    SENT = "sent"
    ALREADY_SENT = "already_sent"
    NOT_SUBSCRIBED = "not_subscribed"
    THROTTLED = "throttled"
    FAILED = "failed"
    REJECTED = "rejected"


class Notifier(Protocol):
    def notify(self, *, user_id: str, reference_id: str) -> NotifyOutcome: ...


class RetryLaterError(Exception):
    """The notification could not be sent now (throttled or Alexa unavailable): retry the message later."""
