"""A shopper's profile: identity mapping, limits, voice code and reminder preferences."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from orders.model import Limits
from orders.voicecode import MAX_ATTEMPTS

__all__ = ["ShopperProfile"]


class ShopperProfile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    shopper_id: str
    alexa_user_id: str | None = None
    name: str | None = None
    timezone: str | None = None  # the device's, read at session start; None until known
    limits: Limits = Limits()
    voice_code_salt: str | None = None
    voice_code_hash: str | None = None
    failed_code_attempts: int = 0
    last_failed_attempt: str | None = None  # the request that made the last wrong try (retries count once)
    reminders_enabled: bool = True
    notifications_permitted: bool = False
    created_at: datetime | None = None

    @property
    def notifiable(self) -> bool:
        """A notification can reach the shopper: they allowed notifications, and their Alexa user id is known."""
        return self.notifications_permitted and bool(self.alexa_user_id)

    @property
    def has_voice_code(self) -> bool:
        return self.voice_code_hash is not None

    @property
    def voice_ordering_locked(self) -> bool:
        return self.has_voice_code and self.failed_code_attempts >= MAX_ATTEMPTS
