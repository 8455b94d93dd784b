"""The time an Alexa turn must be answered by, and a DynamoDB client that keeps to it.

Alexa waits about 8 seconds for an answer and the skill's Lambda is stopped at its timeout (7 s). A turn that
runs out of time is not answered at all: Alexa says there was a problem with the skill's response, whatever
was written (an order) stays written, and the shopper, told nothing, asks again. So every DynamoDB attempt of
a turn must be able to finish, at its worst (its connect and read timeouts), before the turn's deadline less
a reserve for the answer; one that cannot is not sent, and fails as any other storage fault does
(:class:`DeadlineExceededError` is a ``BotoCoreError``, which the adapters turn into ``StorageError``), so
the skill says what it knows in time.

Exception hierarchy::

    botocore.exceptions.BotoCoreError
    └── DeadlineExceededError      an attempt was not sent: it could not finish before the turn's deadline
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from botocore.exceptions import BotoCoreError

__all__ = ["ANSWER_RESERVE", "SKILL_TIMEOUT_SECONDS", "DeadlineExceededError", "TurnDeadline"]

#: The skill function's Lambda timeout (template.yaml's ``Globals.Function.Timeout``, which a test keeps it equal to):
#: no turn lasts longer.
SKILL_TIMEOUT_SECONDS = 7
#: Time kept back, after the last DynamoDB attempt, to build and return the answer.
ANSWER_RESERVE = 0.5


class DeadlineExceededError(BotoCoreError):
    """A DynamoDB attempt was not sent: at its worst it would end after the turn's deadline."""

    fmt = "{operation} not sent: {remaining:.2f} s left in the turn, an attempt may take {needed:.2f} s"


class TurnDeadline:
    """When the current turn (a Lambda invocation) must end by: the Lambda context's remaining time; unset
    outside Lambda (tests, the local console).

    ``start`` is called at the start of each turn with the Lambda context; ``guard`` makes a DynamoDB client
    refuse any attempt (retries included) that could not finish before the deadline.

    Examples
    --------
    >>> deadline = TurnDeadline()
    >>> deadline.start(None)  # no Lambda context: no deadline
    >>> deadline.allows(60.0)
    True
    """

    def __init__(self) -> None:
        self._remaining_ms: Callable[[], int] | None = None

    def start(self, context: Any) -> None:
        """A new turn, ending when the Lambda ``context`` says (no deadline without one)."""
        remaining = getattr(context, "get_remaining_time_in_millis", None)
        self._remaining_ms = remaining if callable(remaining) else None

    def remaining(self) -> float | None:
        """Seconds left in the turn; ``None`` when there is no deadline."""
        return None if self._remaining_ms is None else self._remaining_ms() / 1000

    def allows(self, seconds: float) -> bool:
        """Whether work taking at most ``seconds`` ends before the deadline, with the answer's reserve left."""
        left = self.remaining()
        return left is None or left >= seconds + ANSWER_RESERVE

    def guard(self, client: Any, *, attempt_seconds: float) -> None:
        """Refuse, before it is sent, every attempt of ``client`` that could take longer than the time left."""

        def before_send(request: Any, **kwargs: Any) -> None:
            if not self.allows(attempt_seconds):
                operation = kwargs.get("event_name", "before-send").rsplit(".", 1)[-1]
                raise DeadlineExceededError(
                    operation=operation, remaining=self.remaining() or 0.0, needed=attempt_seconds + ANSWER_RESERVE
                )

        # First: the check comes before anything that would answer the request (moto in tests).
        client.meta.events.register_first("before-send.dynamodb", before_send)
