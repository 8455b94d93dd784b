"""Clocks: the real one, and a settable one for tests and the local runner's simulated time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

__all__ = ["SimulatedClock", "SystemClock"]


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class SimulatedClock:
    """Real time shifted by an offset that ``advance`` grows (``:advance 14d`` in the console)."""

    def __init__(self, offset: timedelta = timedelta(0), *, frozen_at: datetime | None = None) -> None:
        self.offset = offset
        self._frozen_at = frozen_at

    def now(self) -> datetime:
        base = self._frozen_at if self._frozen_at is not None else datetime.now(UTC)
        return base + self.offset

    def advance(self, delta: timedelta) -> None:
        self.offset += delta
