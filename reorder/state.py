"""Per (shopper, product) consumption state kept between conversations and scheduler runs."""

from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from reorder.feedback import Feedback

__all__ = ["Announcement", "AutoReorder", "ReorderState"]

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


class ReorderState(BaseModel):
    """``due_at`` is when the scheduler should next look at this product (None: not scheduled).

    ``snoozed_until``: the shopper asked not to be asked before then ("remind me next week").
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
    announcement_order_id: str | None = None

    def with_feedback(self, answer: Feedback) -> ReorderState:
        return self.model_copy(update={"feedback": (*self.feedback, answer)[-MAX_FEEDBACK:]})
