"""What the functions count: CloudWatch metrics in the embedded metric format (EMF), through Powertools.

A count is a line printed to the function's log, which CloudWatch turns into a metric: no PutMetricData call
and nothing added to a request's time. Namespace "PantryPal" (the template's POWERTOOLS_METRICS_NAMESPACE),
dimension ``service`` "pantry-pal".

The functions add their counts to ``metrics`` (every Powertools ``Metrics`` shares one set) and their entry
points, decorated with ``metrics.log_metrics``, write them once per invocation.

=============================================  =================================================================
metric                                         counted
=============================================  =================================================================
``OrdersPlaced``, ``OrdersCancelled``          by the order events publisher, per event it published
``OrderEventsPublished``                       every order event published to the bus
``OrderEventPublishFailures``                  a stream batch stopped at a record it could not publish
``NotificationsSent``, ``NotificationsFailed`` by the notifier, per Proactive Events call (failed: throttled,
                                               refused or unreachable; retried, then dead-lettered)
=============================================  =================================================================
"""

from __future__ import annotations

import warnings

from aws_lambda_powertools import Metrics
from aws_lambda_powertools.metrics import MetricUnit

from reorder.ports import Notifier, NotifyOutcome

__all__ = [
    "NAMESPACE",
    "NOTIFICATIONS_FAILED",
    "NOTIFICATIONS_SENT",
    "ORDERS_CANCELLED",
    "ORDERS_PLACED",
    "ORDER_EVENTS_PUBLISHED",
    "ORDER_EVENT_PUBLISH_FAILURES",
    "CountedNotifier",
    "metrics",
]

NAMESPACE = "PantryPal"
SERVICE = "pantry-pal"

ORDERS_PLACED = "OrdersPlaced"
ORDERS_CANCELLED = "OrdersCancelled"
ORDER_EVENTS_PUBLISHED = "OrderEventsPublished"
ORDER_EVENT_PUBLISH_FAILURES = "OrderEventPublishFailures"
NOTIFICATIONS_SENT = "NotificationsSent"
NOTIFICATIONS_FAILED = "NotificationsFailed"

metrics = Metrics(namespace=NAMESPACE, service=SERVICE)
# An invocation with nothing to count (a notifier message whose shoppers had nothing due) is normal.
warnings.filterwarnings("ignore", message="No application metrics to publish", category=UserWarning)

_FAILED = (NotifyOutcome.THROTTLED, NotifyOutcome.FAILED, NotifyOutcome.REJECTED)


class CountedNotifier:
    """A ``reorder.ports.Notifier`` that counts what the notifier it wraps sent and what it failed to send."""

    def __init__(self, notifier: Notifier) -> None:
        self._notifier = notifier

    def notify(self, *, user_id: str, reference_id: str) -> NotifyOutcome:
        outcome = self._notifier.notify(user_id=user_id, reference_id=reference_id)
        if outcome is NotifyOutcome.SENT:
            metrics.add_metric(name=NOTIFICATIONS_SENT, unit=MetricUnit.Count, value=1)
        elif outcome in _FAILED:
            metrics.add_metric(name=NOTIFICATIONS_FAILED, unit=MetricUnit.Count, value=1)
        return outcome
