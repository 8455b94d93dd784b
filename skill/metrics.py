"""What the functions count: CloudWatch metrics in the embedded metric format (EMF), through Powertools.

A count is a line printed to the function's log, which CloudWatch turns into a metric: no PutMetricData call
and nothing added to a request's time. Namespace "PantryPal" (the template's POWERTOOLS_METRICS_NAMESPACE),
dimension ``service`` "pantry-pal".

The batch functions add their counts to ``metrics`` (every Powertools ``Metrics`` shares one set) and their
entry points, decorated with ``metrics.log_metrics``, write them once per invocation. The skill counts only
rare events (an account link that fails), so :func:`count_now` writes each at once rather than every request
flushing an empty set.

=============================================  =================================================================
metric                                         counted
=============================================  =================================================================
``OrdersPlaced``, ``OrdersCancelled``          by the order events publisher, per event it published
``OrderEventsPublished``                       every order event published to the bus
``OrderEventPublishFailures``                  a stream batch stopped at a record it could not publish
``NotificationsSent``, ``NotificationsFailed`` by the notifier, per Proactive Events call (failed: throttled,
                                               refused or unreachable; retried, then dead-lettered)
``AccountLinkRefused``                         Login with Amazon refused a linked account's token
``AccountLinkUnchecked``                       Login with Amazon could not be reached to check a token
``AccountNotLinked``                           linking is required and a request came without a token
=============================================  =================================================================
"""

from __future__ import annotations

import warnings

from aws_lambda_powertools import Metrics
from aws_lambda_powertools.metrics import MetricUnit, single_metric

from reorder.ports import Notifier, NotifyOutcome

__all__ = [
    "ACCOUNT_LINK_REFUSED",
    "ACCOUNT_LINK_UNCHECKED",
    "ACCOUNT_NOT_LINKED",
    "NAMESPACE",
    "NOTIFICATIONS_FAILED",
    "NOTIFICATIONS_SENT",
    "ORDERS_CANCELLED",
    "ORDERS_PLACED",
    "ORDER_EVENTS_PUBLISHED",
    "ORDER_EVENT_PUBLISH_FAILURES",
    "CountedNotifier",
    "count_now",
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
ACCOUNT_LINK_REFUSED = "AccountLinkRefused"
ACCOUNT_LINK_UNCHECKED = "AccountLinkUnchecked"
ACCOUNT_NOT_LINKED = "AccountNotLinked"

metrics = Metrics(namespace=NAMESPACE, service=SERVICE)
# An invocation with nothing to count (a notifier message whose shoppers had nothing due) is normal.
warnings.filterwarnings("ignore", message="No application metrics to publish", category=UserWarning)

_FAILED = (NotifyOutcome.THROTTLED, NotifyOutcome.FAILED, NotifyOutcome.REJECTED)


def count_now(name: str) -> None:
    """Write one count of ``name`` to the log now (for an event too rare to collect per invocation)."""
    with single_metric(name=name, unit=MetricUnit.Count, value=1, namespace=NAMESPACE) as metric:
        metric.add_dimension(name="service", value=SERVICE)


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
