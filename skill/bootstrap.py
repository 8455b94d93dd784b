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
from skill.dynamodb import DynamoShopperStore
from skill.reorder_store import DynamoReorderStore

logger = logging.getLogger("pantry_pal.skill")

__all__ = ["Services", "build_services", "dynamodb_client"]


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

    def products(self, product_ids: Sequence[str]) -> list[Product]:
        found = (self.catalog.get(product_id) for product_id in product_ids)
        return [product for product in found if product is not None]

    def history(self, shopper_id: str) -> list[str]:
        return self.shopping.purchase_history(shopper_id)

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

    def after_order(self, order: Order) -> None:
        _notify(self.order_listeners, order)

    def after_cancel(self, order: Order) -> None:
        _notify(self.cancel_listeners, order)


def _notify(listeners: Sequence[Callable[[Order], None]], order: Order) -> None:
    """Tell listeners about a committed order; their failure must not unsay what the shopper was told."""
    for listener in listeners:
        try:
            listener(order)
        except Exception as error:
            logger.warning("order listener failed", extra={"error_type": type(error).__name__})


def dynamodb_client(settings: Settings) -> Any:
    """A DynamoDB client with timeouts and retries that fit inside Alexa's 8-second answer window."""
    import boto3
    from botocore.config import Config

    config = Config(connect_timeout=1, read_timeout=2, retries={"max_attempts": 3, "mode": "standard"})
    return boto3.client(
        "dynamodb", region_name=settings.region, endpoint_url=settings.dynamodb_endpoint, config=config
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
) -> Services:
    """Wire the services; tests pass ``store`` (an in-memory fake) or ``dynamodb`` (a moto client)."""
    clock = clock or SystemClock()
    if catalog is None:
        catalog = load_catalog(settings.catalog_path)
        catalog.build_index()  # at container start, not in the first shopper's request
    if store is None or reorder_store is None:
        dynamodb = dynamodb or dynamodb_client(settings)
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
    )
    services.order_listeners.append(reorder.on_order)
    services.cancel_listeners.append(reorder.on_cancel)
    return services
