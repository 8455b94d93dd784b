"""The composition root: the one place that chooses adapters and wires services.

``build_services`` is called once per Lambda container (lazily, on the first request) and by tests with
their own clients and clock; nothing below it reads the environment or creates AWS clients.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from catalog import Catalog, Product, load_catalog
from orders import Limits, Order, ShoppingService
from orders.ports import Clock, ShopperStore
from skill.accounts import AccountDirectory, Accounts, LwaProfileDirectory
from skill.clock import SystemClock
from skill.config import Settings
from skill.dynamodb import DynamoShopperStore

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
    reorder: Any = None  # skill.reorder_service.ReorderService, wired by build_services

    def products(self, product_ids: Sequence[str]) -> list[Product]:
        found = (self.catalog.get(product_id) for product_id in product_ids)
        return [product for product in found if product is not None]

    def history(self, shopper_id: str) -> list[str]:
        return self.shopping.purchase_history(shopper_id)

    def after_order(self, order: Order) -> None:
        for listener in self.order_listeners:
            listener(order)

    def after_cancel(self, order: Order) -> None:
        for listener in self.cancel_listeners:
            listener(order)


def dynamodb_client(settings: Settings) -> Any:
    """A DynamoDB client with timeouts and retries that fit inside Alexa's 8-second answer window."""
    import boto3
    from botocore.config import Config

    config = Config(connect_timeout=1, read_timeout=2, retries={"max_attempts": 3, "mode": "standard"})
    return boto3.client(
        "dynamodb", region_name=settings.region, endpoint_url=settings.dynamodb_endpoint, config=config
    )


def build_services(
    settings: Settings,
    *,
    dynamodb: Any | None = None,
    clock: Clock | None = None,
    catalog: Catalog | None = None,
    directory: AccountDirectory | None = None,
    store: ShopperStore | None = None,
) -> Services:
    """Wire the services; tests pass ``store`` (an in-memory fake) or ``dynamodb`` (a moto client)."""
    clock = clock or SystemClock()
    catalog = catalog or load_catalog(settings.catalog_path)
    store = store or DynamoShopperStore(dynamodb or dynamodb_client(settings), settings.table_name)
    shopping = ShoppingService(
        store=store,
        products=catalog,
        clock=clock,
        tax_rate=settings.tax_rate,
        cancel_window=settings.cancel_window,
        default_limits=Limits(
            max_quantity_per_line=settings.max_quantity_per_line, max_order_total=settings.max_order_total
        ),
    )
    if directory is None and settings.require_account_linking:
        directory = LwaProfileDirectory(settings.lwa_profile_url)
    return Services(
        settings=settings,
        catalog=catalog,
        shopping=shopping,
        accounts=Accounts(directory=directory),
        clock=clock,
        store=store,
    )
