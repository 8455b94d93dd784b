"""Per (shopper, product) consumption state kept between conversations and scheduler runs."""

from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from reorder.feedback import Feedback

__all__ = ["Announcement", "AutoReorder", "AutoSkip", "ReorderState"]

MAX_FEEDBACK = 12


class AutoReorder(BaseModel):
    """The shopper's standing permission to reorder a product without asking, within limits they set."""

    model_config = ConfigDict(frozen=True)

    monthly_cap: Decimal = Field(gt=0)
    max_unit_price: Decimal = Field(gt=0)
    quantity: int = Field(default=1, gt=0)


class Announcement(enum.StrEnum):
    AUTO_PLACED = "auto_placed"
    AUTO_SKIPPED = "auto_skipped"


class AutoSkip(enum.StrEnum):
    """Why an automatic reorder was not placed (each is told to the shopper in its own words)."""

    MONTHLY_CAP = "monthly_cap"  # it would go over the product's monthly cap: tried again next month
    PRICE = "price"  # the price is above the most the shopper agreed to pay
    UNAVAILABLE = "unavailable"  # out of stock, or no longer sold
    ORDER_LIMIT = "order_limit"  # above the shopper's order limits
    LOCKED = "locked"  # voice ordering is locked (three wrong voice codes)
    IN_CART = "in_cart"  # it is in the shopper's cart: checkout would buy it twice
    # The shopper could not be told of the order (each automatic order is notified, to be cancelled in time):
    NO_NOTIFICATIONS = "no_notifications"  # they have not allowed notifications
    REMINDERS_OFF = "reminders_off"  # they turned reorder reminders off


class ReorderState(BaseModel):
    """``due_at`` is when the scheduler should next look at this product (None: not scheduled).

    ``snoozed_until``: the shopper asked not to be asked before then ("remind me next week").
    ``auto_skip``: why the automatic reorder of purchase cycle ``auto_skip_cycle`` was not placed; it is
    tried again from ``auto_retry_at``, and meanwhile the shopper may be reminded as if it were not
    automatic (nothing was ordered).
    ``announcement_order_ids``: the automatic orders placed since the shopper last opened the skill, oldest
    first; each is told then, whatever ``announcement`` (the latest news) says.
    ``announcement_sent``: a notification told the shopper there is news about ``announcement`` (or
    none can be sent); the news itself is spoken when they next open the skill.
    ``version``: how many times the state was saved when it was read (0: never). A save of it is refused
    if another was made since (:class:`~reorder.exceptions.StateConflictError`), rather than overwrite it.
    """

    model_config = ConfigDict(frozen=True, extra="ignore")

    shopper_id: str
    product_id: str
    due_at: datetime | None = None
    snoozed_until: datetime | None = None
    feedback: tuple[Feedback, ...] = ()
    never_ask: bool = False
    auto: AutoReorder | None = None
    notified_cycle: int | None = None
    announcement: Announcement | None = None
    announcement_order_ids: tuple[str, ...] = ()
    announcement_sent: bool = False
    auto_skip: AutoSkip | None = None
    auto_skip_cycle: int | None = None
    auto_retry_at: datetime | None = None
    version: int = Field(default=0, ge=0)

    @model_validator(mode="before")
    @classmethod
    def _one_order_id(cls, data: Any) -> Any:
        """States saved when only the latest automatic order was kept (``announcement_order_id``)."""
        if isinstance(data, dict) and data.get("announcement_order_id") and not data.get("announcement_order_ids"):
            return {**data, "announcement_order_ids": (data["announcement_order_id"],)}
        return data

    def with_feedback(self, answer: Feedback) -> ReorderState:
        return self.model_copy(update={"feedback": (*self.feedback, answer)[-MAX_FEEDBACK:]})
