from __future__ import annotations

from decimal import Decimal

import pytest

from catalog import Product
from orders import LimitExceededError, Limits

EGGS = Product(id="eggs", name="Large Eggs", price=Decimal("4.99"), category="dairy")


def test_a_count_up_to_the_per_item_limit_passes_the_check() -> None:
    # GIVEN a per-item limit of ten
    limits = Limits(max_quantity_per_line=10)
    # WHEN ten of a product are checked, THEN nothing is refused
    limits.check_quantity(10, EGGS)


def test_a_count_over_the_per_item_limit_is_refused_naming_the_product_and_the_count_said() -> None:
    # GIVEN a per-item limit of ten
    limits = Limits(max_quantity_per_line=10)
    # WHEN 84 cartons are checked for "a thousand eggs"
    with pytest.raises(LimitExceededError) as refused:
        limits.check_quantity(84, EGGS, requested=1000)
    # THEN the refusal is of the quantity limit, tells the count said and names the product
    over = refused.value
    assert (over.kind, over.limit, over.requested) == ("quantity", 10, 1000)
    assert (over.product_name, over.product_id) == ("Large Eggs", "eggs")


def test_a_count_over_the_per_item_limit_of_no_product_in_particular_is_refused_as_said() -> None:
    # GIVEN a per-item limit of ten, WHEN eleven are checked for any cart line
    with pytest.raises(LimitExceededError) as refused:
        Limits(max_quantity_per_line=10).check_quantity(11)
    # THEN the count said is the one refused, and no product is named
    assert (refused.value.requested, refused.value.product_name, refused.value.product_id) == (11, "", None)
