"""Permission names, the pre-3.7 aliases, and what a token's grants allow."""

from __future__ import annotations

import pytest

from mercato.auth.permissions import (
    ALL_PERMISSIONS,
    CURRENT_PERMISSIONS,
    DEPRECATED_ALIASES,
    TokenGrants,
    current_name,
    grants_everything,
    validate_permission_names,
)


@pytest.mark.parametrize(
    "name",
    [
        "Store:read",
        "Market:write",
        "Warehouse:write",
        "IdConversion:read",
        "Translation:write",
        "Voucher:read",
        "StockChange:write",
        "Wishlist:write",
        "CentraIP",
        "Market.comment:read",
        "Product.attributes:write",
        "ProductSize.stockTotals:read",
        "Order.isLocked:write",
        "Payment.capture:write",
        "Warehouse.stockTotals:read",
        "admin",
    ],
)
def test_current_names_include_top_level_nested_and_admin(name: str) -> None:
    assert name in CURRENT_PERMISSIONS


@pytest.mark.parametrize(
    "name", ["none", "*", "Discount:read", "Localization:read", "WarehouseDelivery:read"]
)
def test_pseudo_and_renamed_names_are_not_current(name: str) -> None:
    assert name not in CURRENT_PERMISSIONS


def test_every_permission_the_schema_uses_is_current() -> None:
    used_by_schema = {
        "AllocationRule:read",
        "Country:read",
        "Currency:read",
        "IdConversion:read",
        "IdConversion:write",
        "Language:read",
        "Market.comment:read",
        "Market:read",
        "Market:write",
        "Store:read",
        "Warehouse:read",
        "Warehouse:write",
        "admin",
    }
    assert used_by_schema <= CURRENT_PERMISSIONS


def test_every_alias_points_at_a_current_name() -> None:
    assert set(DEPRECATED_ALIASES.values()) <= CURRENT_PERMISSIONS
    assert not set(DEPRECATED_ALIASES) & CURRENT_PERMISSIONS


@pytest.mark.parametrize(
    ("old", "current"),
    [
        ("Market.Country:read", "Country:read"),
        ("Market.Comment:read", "Market.comment:read"),
        ("Product.InternalComment:read", "Product.internalComment:read"),
        ("ProductVariant.InternalName:read", "ProductVariant.internalName:read"),
        ("ProductSize.Stock:read", "ProductSize.stock:read"),
        ("Warehouse.Stock:read", "Warehouse.stock:read"),
        ("WarehouseDelivery:read", "StockChange:read"),
        ("Discount:read", "Voucher:read"),
        ("Localization:read", "Translation:read"),
        ("Localization:write", "Translation:write"),
        ("Product.Brand:read", "Brand:read"),
        ("Product.Attribute:read", "Product.attributes:read"),
        ("Customer.Attribute:read", "Purchaser.attributes:read"),
        # Not listed, found by the rule: a relation becomes the target type's permission...
        ("Invoice.Account:read", "Account:read"),
        ("Order.Warehouse:read", "Warehouse:read"),
        # ...and a capitalised scalar becomes the lower-camel field permission.
        ("Order.ShippingAddress:read", "Order.shippingAddress:read"),
        ("Supplier.Comment:read", "Supplier.comment:read"),
    ],
)
def test_deprecated_names_map_to_their_current_name(old: str, current: str) -> None:
    assert current_name(old) == current


def test_a_current_name_maps_to_itself() -> None:
    assert current_name("Order:read") == "Order:read"


@pytest.mark.parametrize(
    "name",
    [
        "Foo:read",
        "order:read",
        "Order:delete",
        "Order.Nonsense:read",
        "Order.ShippingAddress:write",
        "Order.shippingAddress:write",
        "Market.Country.Comment:read",
        "Market.:read",
        "none",
        "",
    ],
)
def test_unknown_names_map_to_nothing(name: str) -> None:
    assert current_name(name) is None


def test_validation_reports_each_unknown_name_once() -> None:
    messages = validate_permission_names(
        ["Order:read", "Foo:read", "Market.Comment:read", "*", "Foo:read", "Bar:write"]
    )

    assert messages == [
        "Unknown permission 'Foo:read'. See permissionNames for the list.",
        "Unknown permission 'Bar:write'. See permissionNames for the list.",
    ]


def test_a_token_is_allowed_exactly_what_it_was_granted() -> None:
    grants = TokenGrants(["Store:read", "Market:read"])

    assert grants.allows("Store:read")
    assert grants.allows("Market:read")
    assert not grants.allows("Market:write")
    assert not grants.allows("Market.comment:read")
    assert not grants.allows("admin")
    assert grants.deprecated_grant_for("Store:read") is None


def test_a_deprecated_grant_allows_the_current_name_and_is_reported() -> None:
    grants = TokenGrants(["Market:read", "Market.Comment:read", "Discount:read"])

    assert grants.allows("Market.comment:read")
    assert grants.deprecated_grant_for("Market.comment:read") == "Market.Comment:read"
    assert grants.allows("Voucher:read")
    assert grants.deprecated_grant_for("Voucher:read") == "Discount:read"
    assert grants.deprecated_grant_for("Market:read") is None


def test_a_deprecated_grant_is_not_reported_when_the_current_name_is_granted_too() -> None:
    grants = TokenGrants(["Market.Comment:read", "Market.comment:read"])

    assert grants.allows("Market.comment:read")
    assert grants.deprecated_grant_for("Market.comment:read") is None


def test_a_deprecated_name_asked_for_is_answered_for_its_current_name() -> None:
    grants = TokenGrants(["Country:read"])

    assert grants.allows("Market.Country:read")
    assert not grants.allows("Foo:read")


def test_the_all_marker_allows_everything_including_admin() -> None:
    grants = TokenGrants([ALL_PERMISSIONS])

    assert all(grants.allows(name) for name in CURRENT_PERMISSIONS)
    assert grants.allows("admin")
    assert grants.deprecated_grant_for("Voucher:read") is None
    assert grants.grants_everything


def test_unknown_stored_names_grant_nothing() -> None:
    grants = TokenGrants(["Foo:read"])

    assert not grants.allows("Foo:read")
    assert grants.names == ("Foo:read",)


def test_all_permission_tokens_are_recognised_by_marker_or_by_full_list() -> None:
    assert grants_everything(["*"])
    assert grants_everything(sorted(CURRENT_PERMISSIONS))
    everything_but_admin = sorted(CURRENT_PERMISSIONS - {"admin"})
    assert not grants_everything(everything_but_admin)
    # Deprecated names count for their current name.
    via_alias = [*sorted(CURRENT_PERMISSIONS - {"Voucher:read"}), "Discount:read"]
    assert grants_everything(via_alias)
    assert TokenGrants(via_alias).grants_everything
