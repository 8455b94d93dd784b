"""The composition root: the one place that chooses adapters and wires services.

``build_services`` is called once per Lambda container (lazily, on the first request) and by tests with
their own clients and clock; nothing below it reads the environment or creates AWS clients.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from catalog import Catalog, Product, load_catalog
from orders import Limits, Order, ShoppingService
from orders.ports import Clock, ShopperStore
from reorder import ReorderModel
from reorder.ports import ReorderStore
from reorder.service import ReorderService
from skill.accounts import AccountDirectory, Accounts, LwaProfileDirectory
from skill.clock import SystemClock
from skill.config import Settings
from skill.deadline import TurnDeadline
from skill.dynamodb import DynamoShopperStore
from skill.reorder_store import DynamoReorderStore

logger = logging.getLogger("pantry_pal.skill")

__all__ = [
    "Services",
    "batch_secrets_client",
    "batch_sqs_client",
    "build_services",
    "call_seconds",
    "dynamodb_client",
]

# One DynamoDB attempt takes at most its connect and read timeouts; a call at most two attempts (and the
# backoff between them), so that one stalled call costs about 3 s of a turn, not its 7 s.
DYNAMODB_CONNECT_TIMEOUT = 1.0
DYNAMODB_READ_TIMEOUT = 1.0
DYNAMODB_ATTEMPTS = 2
# The batch functions (scheduler, notifier, refit) have minutes, not a turn's seconds: a slow call is waited
# for longer, and tried again more, before a shopper's notification or a refit segment is given up on.
BATCH_CONNECT_TIMEOUT = 2.0
BATCH_READ_TIMEOUT = 5.0
BATCH_ATTEMPTS = 4


def call_seconds(connect: float, read: float, attempts: int) -> float:
    """The longest one call of a client so configured may take: every attempt at its connect and read timeouts,
    and botocore's standard-mode waits between them at their longest (``min(2**i, 20)`` s before retry ``i``).

    Examples
    --------
    >>> call_seconds(2.0, 5.0, 4)  # 4 attempts of 7 s, and waits of 1, 2 and 4 s
    35.0
    """
    return attempts * (connect + read) + sum(min(2.0**i, 20.0) for i in range(attempts - 1))


#: One call of a batch function's client (DynamoDB, or the notifier's SQS) at its slowest.
BATCH_CALL_SECONDS = call_seconds(BATCH_CONNECT_TIMEOUT, BATCH_READ_TIMEOUT, BATCH_ATTEMPTS)


@dataclass
class Services:
    settings: Settings
    catalog: Catalog
    shopping: ShoppingService
    accounts: Accounts
    clock: Clock
    store: ShopperStore
    order_listeners: list[Callable[[Order], None]] = field(default_factory=list)
    cancel_listeners: list[Callable[[Order], None]] = field(default_factory=list)
    reorder: ReorderService | None = None
    reorder_store: ReorderStore | None = None
    deadline: TurnDeadline = field(default_factory=TurnDeadline)

    def products(self, product_ids: Sequence[str]) -> list[Product]:
        found = (self.catalog.get(product_id) for product_id in product_ids)
        return [product for product in found if product is not None]

    def forget(self, alexa_user_id: str) -> None:
        """Delete the shopper's data for an Alexa user who disabled the skill.

        Without account linking the shopper *is* the Alexa user, and everything goes, orders included.
        A linked account's orders belong to the store account and stay; its Alexa mapping, profile,
        cart and reorder state go.
        """
        shopper_id = self.store.shopper_for_user(alexa_user_id) or alexa_user_id
        if self.reorder_store is not None:
            self.reorder_store.delete_shopper(shopper_id)
        self.store.delete_shopper(shopper_id, alexa_user_id=alexa_user_id, keep_orders=shopper_id != alexa_user_id)

    def after_order(self, order: Order) -> bool:
        """Run the order listeners of ``order``; ``False`` when one was skipped for the turn's time or failed: they
        are then owed, and run again later (the skill keeps that on the order: ``flows.run_listeners``)."""
        return _notify(self.order_listeners, order, self.deadline)

    def after_cancel(self, order: Order) -> None:
        _notify(self.cancel_listeners, order, self.deadline)


def _notify(listeners: Sequence[Callable[[Order], None]], order: Order, deadline: TurnDeadline) -> bool:
    """Tell listeners about a committed order; their failure must not unsay what the shopper was told, nor
    their time: with less left in the turn than one DynamoDB attempt may take, they are skipped, and logged.
    ``False`` when one was skipped or failed (listeners are idempotent: the caller may run them all again)."""
    ran = True
    for listener in listeners:
        if not deadline.allows(DYNAMODB_CONNECT_TIMEOUT + DYNAMODB_READ_TIMEOUT):
            logger.warning("order listeners skipped: the turn is almost out of time")
            return False
        try:
            listener(order)
        except Exception as error:
            logger.warning("order listener failed", extra={"error_type": type(error).__name__})
            ran = False
    return ran


def dynamodb_client(
    settings: Settings, *, deadline: TurnDeadline | None = None, batch: bool = False, connections: int = 10
) -> Any:
    """A DynamoDB client with timeouts and retries that fit inside Alexa's 8-second answer window, or with
    ``batch`` the more patient ones of a batch function; with ``deadline``, it sends no attempt that could end
    after the invocation's deadline. ``connections``: how many threads may use it at once."""
    import boto3

    connect, read, attempts = (
        (BATCH_CONNECT_TIMEOUT, BATCH_READ_TIMEOUT, BATCH_ATTEMPTS)
        if batch
        else (DYNAMODB_CONNECT_TIMEOUT, DYNAMODB_READ_TIMEOUT, DYNAMODB_ATTEMPTS)
    )
    config = _config(connect, read, attempts, connections=connections)
    client = boto3.client(
        "dynamodb", region_name=settings.region, endpoint_url=settings.dynamodb_endpoint, config=config
    )
    if deadline is not None:
        deadline.guard(client, attempt_seconds=connect + read)
    return client


def batch_sqs_client(settings: Settings) -> Any:
    """An SQS client with a batch function's timeouts and retries (``BATCH_CALL_SECONDS`` at its slowest), not
    botocore's defaults (60 s timeouts, five attempts), which no time budget could hold."""
    import boto3

    config = _config(BATCH_CONNECT_TIMEOUT, BATCH_READ_TIMEOUT, BATCH_ATTEMPTS)
    return boto3.client("sqs", region_name=settings.region, config=config)


def batch_secrets_client(settings: Settings) -> Any:
    """A Secrets Manager client with a batch function's timeouts and retries (``BATCH_CALL_SECONDS`` at its
    slowest), for the notifier's read of the LWA credentials: botocore's defaults (60 s timeouts, legacy retries)
    would not fit the time it keeps back."""
    import boto3

    config = _config(BATCH_CONNECT_TIMEOUT, BATCH_READ_TIMEOUT, BATCH_ATTEMPTS)
    return boto3.client("secretsmanager", region_name=settings.region, config=config)


def _config(connect: float, read: float, attempts: int, *, connections: int = 10) -> Any:
    from botocore.config import Config

    return Config(
        connect_timeout=connect,
        read_timeout=read,
        retries={"total_max_attempts": attempts, "mode": "standard"},
        max_pool_connections=connections,
    )


def _reorder_model(settings: Settings) -> ReorderModel:
    """The fitted model (S3, written by the weekly refit, or a local file); else the built-in priors."""
    if settings.model_bucket:
        import boto3

        from skill.refit_app import load_model

        fitted = load_model(boto3.client("s3", region_name=settings.region), settings.model_bucket)
        if fitted is not None:
            return fitted
    if settings.priors_path:
        return ReorderModel.load(settings.priors_path)
    return ReorderModel()


def build_services(
    settings: Settings,
    *,
    dynamodb: Any | None = None,
    clock: Clock | None = None,
    catalog: Catalog | None = None,
    directory: AccountDirectory | None = None,
    store: ShopperStore | None = None,
    reorder_store: ReorderStore | None = None,
    model: ReorderModel | None = None,
    deadline: TurnDeadline | None = None,
    build_match_index: bool = True,
) -> Services:
    """Wire the services; tests pass ``store`` (an in-memory fake) or ``dynamodb`` (a moto client).

    ``deadline``: the turn's, which the skill's interceptor starts each turn; the client built here keeps to it
    (a client passed in keeps to it if it was built with it: :func:`dynamodb_client`).

    ``build_match_index``: whether the catalog loaded here builds its match index now, at container start (the
    skill function, which matches what shoppers say: not in the first shopper's request), or not (the batch
    functions, which look products up by id only: about 2.5 s and 140 MB less on the Instacart catalog). Either
    way the catalog builds it on first use (:meth:`catalog.Catalog.build_index`). A ``catalog`` passed in is
    used as it is.
    """
    clock = clock or SystemClock()
    deadline = deadline or TurnDeadline()
    if catalog is None:
        catalog = load_catalog(settings.catalog_path)
        if build_match_index:
            catalog.build_index()
    if store is None or reorder_store is None:
        dynamodb = dynamodb or dynamodb_client(settings, deadline=deadline)
    store = store or DynamoShopperStore(dynamodb, settings.table_name)
    reorder_store = reorder_store or DynamoReorderStore(dynamodb, settings.table_name)
    shopping = ShoppingService(
        store=store,
        products=catalog,
        clock=clock,
        tax_rate=settings.tax_rate,
        cancel_window=settings.cancel_window,
        auto_cancel_window=settings.auto_cancel_window,
        default_limits=Limits(
            max_quantity_per_line=settings.max_quantity_per_line, max_order_total=settings.max_order_total
        ),
    )
    if directory is None and settings.require_account_linking:
        directory = LwaProfileDirectory(settings.lwa_profile_url)
    if model is None:
        model = _reorder_model(settings)
    reorder = ReorderService(model=model, store=reorder_store, shopping=shopping, products=catalog, clock=clock)
    services = Services(
        settings=settings,
        catalog=catalog,
        shopping=shopping,
        accounts=Accounts(directory=directory),
        clock=clock,
        store=store,
        reorder=reorder,
        reorder_store=reorder_store,
        deadline=deadline,
    )
    services.order_listeners.append(reorder.on_order)
    services.cancel_listeners.append(reorder.on_cancel)
    return services
