"""Scheduled entry points of predictive reorder.

``scheduler_handler`` runs on an EventBridge schedule: it reads only the due-time buckets that have come
due and fans the due shoppers out to the notify queue. ``notifier_handler`` consumes that queue (SQS,
partial batch failures through Powertools' batch utility): a message whose shoppers Alexa throttled or
could not take is retried later and, after the queue's receive limit, dead-lettered. The notifier stops
before its time runs out (a Lambda stopped at its timeout reports nothing, and the whole batch comes back):
messages it did not start are reported failed, and the shoppers it did not reach in a message it started
are queued again as a new message.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import datetime
from typing import Any

import httpx
from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from pydantic import BaseModel, ConfigDict, Field

from reorder.ports import NotifyOutcome, RetryLaterError
from skill.alexa_api import (
    AlexaApiError,
    AlexaAuthError,
    LwaTokenProvider,
    ProactiveEventsClient,
    SendStatus,
    longest_send,
)
from skill.bootstrap import (
    BATCH_CALL_SECONDS,
    Services,
    batch_secrets_client,
    batch_sqs_client,
    build_services,
    dynamodb_client,
)
from skill.config import Settings
from skill.deadline import TurnDeadline
from skill.metrics import CountedNotifier, metrics
from skill.reorder_store import SqsShopperQueue

__all__ = ["AlexaNotifier", "ScheduleInput", "build_notifier", "notifier_handler", "scheduler_handler"]

logger = Logger(service="pantry-pal", logger_name="pantry_pal")
CREATOR = "Pantry Pal"
SECRET_MAX_AGE = 300  # seconds the LWA credentials read from Secrets Manager are reused without reading again
NOTIFY_HTTP_TIMEOUT = httpx.Timeout(3.0)  # each request to Login with Amazon and the Alexa APIs
# The notifier starts no message, and no shopper, with less time left than this, each part at its slowest
# as its client is configured: a DynamoDB call, the notification (LWA token and Alexa, with their retries),
# and queueing the shoppers left, before the Lambda's timeout.
NOTIFY_TIME_RESERVE = BATCH_CALL_SECONDS + longest_send(NOTIFY_HTTP_TIMEOUT) + BATCH_CALL_SECONDS
# A message whose notifier must read the LWA credentials first (a new container, or credentials LWA refused) starts
# only with that read left too: a Secrets Manager call at its slowest as its batch client is configured.
SECRET_READ_RESERVE = BATCH_CALL_SECONDS
# The scheduler sends no message, and holds no state, with less time left than this: the send (SQS) or one state's
# hold (DynamoDB), and then the save of its cursor (DynamoDB), each at its slowest as its batch client is configured.
SCHEDULE_TIME_RESERVE = BATCH_CALL_SECONDS + BATCH_CALL_SECONDS
_OUTCOMES = {
    SendStatus.SENT: NotifyOutcome.SENT,
    SendStatus.ALREADY_SENT: NotifyOutcome.ALREADY_SENT,
    SendStatus.NOT_SUBSCRIBED: NotifyOutcome.NOT_SUBSCRIBED,
    SendStatus.THROTTLED: NotifyOutcome.THROTTLED,
    SendStatus.FAILED: NotifyOutcome.FAILED,
    SendStatus.REJECTED: NotifyOutcome.REJECTED,
}


class AlexaNotifier:
    """The ``reorder.ports.Notifier`` port over the Proactive Events API: a message alert, no advertising."""

    def __init__(self, client: ProactiveEventsClient) -> None:
        self._client = client
        self.refused = False  # our LWA credentials were refused: the next message reads them again

    def notify(self, *, user_id: str, reference_id: str) -> NotifyOutcome:
        try:
            outcome = self._client.send(user_id=user_id, reference_id=reference_id, creator=CREATOR)
        except AlexaApiError as error:  # LWA refused or unreachable: retry later, then dead-letter
            logger.warning("proactive events unavailable", extra={"error_type": type(error).__name__})
            self.refused = self.refused or isinstance(error, AlexaAuthError)
            return NotifyOutcome.FAILED
        return _OUTCOMES[outcome.status]


def build_notifier(
    settings: Settings, clock: Callable[[], datetime], *, http: httpx.Client | None = None, fresh: bool = False
) -> AlexaNotifier:
    """The notifier with the skill's LWA credentials; ``fresh``: read from Secrets Manager, not from the cache."""
    http = http or httpx.Client(timeout=NOTIFY_HTTP_TIMEOUT)
    client_id, client_secret = _lwa_credentials(settings, fresh=fresh)
    tokens = LwaTokenProvider(settings.lwa_token_url, client_id, client_secret, http=http, clock=clock)
    return AlexaNotifier(
        ProactiveEventsClient(settings.alexa_api_base, tokens, http=http, clock=clock, stage=settings.proactive_stage)
    )


def _lwa_credentials(settings: Settings, *, fresh: bool = False) -> tuple[str, str]:
    """The skill's Login with Amazon client id and secret: from Secrets Manager when deployed (cached for
    ``SECRET_MAX_AGE`` seconds; ``fresh`` reads it again), through a client whose slowest call is
    ``SECRET_READ_RESERVE``."""
    global _secrets  # noqa: PLW0603 - one provider, and its cache, per container
    if settings.lwa_secret_arn:
        from aws_lambda_powertools.utilities.parameters import SecretsProvider

        if _secrets is None:
            _secrets = SecretsProvider(boto3_client=batch_secrets_client(settings))
        values = _secrets.get(settings.lwa_secret_arn, transform="json", max_age=SECRET_MAX_AGE, force_fetch=fresh)
        return str(values["client_id"]), str(values["client_secret"])  # type: ignore[index]
    return settings.lwa_client_id, settings.lwa_client_secret


class ScheduleInput(BaseModel):
    """The fixed ``Input`` of the schedule in template.yaml."""

    model_config = ConfigDict(extra="ignore")

    batch_size: int = Field(default=10, ge=1, le=500)


_services: Services | None = None
_notifier: AlexaNotifier | None = None
_secrets: Any = None  # the container's Secrets Manager provider (powertools), made at the first read


def _container() -> Services:
    global _services  # noqa: PLW0603 - one set of services per Lambda container
    if _services is None:
        # A batch function's DynamoDB client: more patient than a turn's, and kept to the invocation's deadline.
        # No match index: the scheduler and the notifier look products up by id, and never match heard text.
        settings, deadline = Settings.from_env(), TurnDeadline()
        _services = build_services(
            settings,
            dynamodb=dynamodb_client(settings, deadline=deadline, batch=True),
            deadline=deadline,
            build_match_index=False,
        )
    return _services


@logger.inject_lambda_context(log_event=False)
def scheduler_handler(event: dict[str, Any], context: Any) -> dict[str, int]:
    """One scheduler run. It stops sending and holding with ``SCHEDULE_TIME_RESERVE`` left before the Lambda's
    timeout and saves its cursor: the shoppers it did not send are read again by the next run."""
    options = ScheduleInput.model_validate(event or {})
    services = _container()
    deadline = services.deadline  # the one its DynamoDB client keeps to
    deadline.start(context)
    queue = SqsShopperQueue(batch_sqs_client(services.settings), os.environ["NOTIFY_QUEUE_URL"])
    run = services.reorder.schedule(  # type: ignore[union-attr]
        queue, batch_size=options.batch_size, out_of_time=lambda: not deadline.allows(SCHEDULE_TIME_RESERVE)
    )
    result = {
        "buckets": run.buckets,
        "items_read": run.items_read,
        "shoppers": run.shoppers,
        "messages": run.messages,
        "held": run.held,
        "left": run.left,
    }
    logger.info("scheduler run", extra=result)
    return result


_processor = BatchProcessor(event_type=EventType.SQS, raise_on_entire_batch_failure=False)


def notify_record(record: SQSRecord, lambda_context: Any) -> None:
    """One queue message: a batch of due shoppers. Raises (so the message is retried) if any must be, or if
    too little time is left to start it; the shoppers left when time runs short are queued again."""
    global _notifier  # noqa: PLW0603 - the token cache lives as long as the container
    services = _container()
    deadline = services.deadline  # the one its DynamoDB client keeps to
    deadline.start(lambda_context)
    # A notifier to build first reads the credentials (from Secrets Manager, when deployed): time kept for it too.
    reading = (_notifier is None or _notifier.refused) and bool(services.settings.lwa_secret_arn)
    if not deadline.allows(NOTIFY_TIME_RESERVE + (SECRET_READ_RESERVE if reading else 0.0)):
        raise RetryLaterError("too little time left to start this message")
    if _notifier is None or _notifier.refused:
        # Refused: this container's credentials are the placeholder the stack was created with, or were since
        # rotated. Read them again, so that a secret set after the deploy is used without a cold start.
        _notifier = build_notifier(services.settings, services.clock.now, fresh=_notifier is not None)
    shopper_ids = json.loads(record.body)["shopper_ids"]
    results = services.reorder.notify(  # type: ignore[union-attr]
        shopper_ids, CountedNotifier(_notifier), out_of_time=lambda: not deadline.allows(NOTIFY_TIME_RESERVE)
    )
    left = [shopper_id for shopper_id in shopper_ids if shopper_id not in results]
    if left:
        # As a new message, this one done: its retries, and its receive limit, are for shoppers that failed.
        SqsShopperQueue(batch_sqs_client(services.settings), os.environ["NOTIFY_QUEUE_URL"]).enqueue(left)
        logger.info("notifier out of time: shoppers queued again", extra={"shoppers": len(left)})


@logger.inject_lambda_context(log_event=False)
@metrics.log_metrics
def notifier_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return process_partial_response(event=event, record_handler=notify_record, processor=_processor, context=context)
