"""The notifier counts the notifications it sent and those that failed, as CloudWatch metrics in its log."""

from __future__ import annotations

import pytest

from skill import reorder_app
from skill.metrics import metrics
from tests.fake_alexa import FakeAlexa, fake_alexa  # noqa: F401 - the fixture
from tests.integration.conftest import emitted_metrics
from tests.integration.test_proactive_pipeline import LambdaContext, due_shopper, sqs_event, stack  # noqa: F401

ANSWERED = {"accepted": ([], {"NotificationsSent": 1}), "throttled": ([429], {"NotificationsFailed": 1})}


@pytest.mark.parametrize("alexa", ANSWERED)
def test_the_notifier_counts_a_notification_sent_or_failed(
    stack, fake_alexa: FakeAlexa, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],  # noqa: F811
    alexa: str,
) -> None:
    answers, counted = ANSWERED[alexa]
    # GIVEN a due shopper queued, and the notifier the Lambda container builds for itself
    services, _, sqs, queue_url, clock = stack
    due_shopper(services, clock)
    reorder_app.scheduler_handler({}, LambdaContext(function_name="scheduler"))
    built = reorder_app._notifier
    monkeypatch.setattr(reorder_app, "_notifier", None)
    monkeypatch.setattr(reorder_app, "build_notifier", lambda settings, clock, **_: built)
    fake_alexa.script(answers)
    metrics.clear_metrics()
    capsys.readouterr()
    # WHEN the notifier handles the message, Alexa taking it or answering 429
    reorder_app.notifier_handler(sqs_event(sqs, queue_url), LambdaContext())
    # THEN its log carries the count as a metric
    assert emitted_metrics(capsys.readouterr().out) == counted
