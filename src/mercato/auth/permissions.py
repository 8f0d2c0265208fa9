"""Permission names, pre-3.7 aliases, and what one token's grants allow.

Names follow the reference (section 1.3): ``Type:read|write`` per main type, and
``Type.field:read|write`` only for sensitive fields (attributes, internal comments, stock,
addresses). ``admin`` guards token administration. Before Centra 3.7 relations had their
own ``Type.RelatedType:read`` permissions; integrations created then still send those names,
so a token may hold them: each one grants its current name, and the engine reports the use in
``extensions.deprecatedPermissionsUsed`` so the integrator can migrate.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

#: Granting this alone means every permission, ``admin`` included (development/QA tokens).
ALL_PERMISSIONS = "*"

ADMIN = "admin"


def _expand(*specs: str) -> frozenset[str]:
    """``"Brand:read/write"`` -> ``{"Brand:read", "Brand:write"}``; other names unchanged."""
    names: set[str] = set()
    for spec in specs:
        base, _, suffixes = spec.partition(":")
        if not suffixes:
            names.add(base)
            continue
        names.update(f"{base}:{suffix}" for suffix in suffixes.split("/"))
    return frozenset(names)


# Reference 1.3.1. Left out on purpose: `none` (it marks fields needing no permission, so
# granting it means nothing) and the three names the reference itself flags as old names,
# `Discount:read`, `Localization:read/write` and `WarehouseDelivery:read`: they live in
# DEPRECATED_ALIASES, so a token holding one is reported as using a deprecated permission.
_TOP_LEVEL = _expand(
    "Account:read/write",
    "AdminUser:read",
    "Affiliate:read",
    "Allocation:read",
    "AllocationRule:read",
    "Attribute:read/write",
    "Brand:read/write",
    "BrickAndMortar:read",
    "Bundle:read/write",
    "Buyer:read/write",
    "Campaign:read/write",
    "Category:read/write",
    "CentraIP",  # shown without a suffix in the reference's permissionsUsed
    "Collection:read/write",
    "Commission:read",
    "Country:read",
    "Currency:read",
    "Customer:read/write",
    "DeliveryWindow:read/write",
    "Display:read/write",
    "DocumentTemplate:read",
    "EmailHistory:read",
    "Event:read/write",
    "Folder:read/write",
    "GiftCertificateGenerator:read",
    "IdConversion:read/write",
    "Invoice:read/write",
    "Language:read",
    "Market:read/write",
    "MeasurementChart:read/write",
    "MediaBatch:read/write",
    "NewsletterSubscription:read",
    "Order:read/write",
    "OrderHistory:read/write",
    "PaymentHistory:read",
    "PaymentMethod:read",
    "PaymentTerms:read",
    "Price:read/write",
    "Pricelist:read/write",
    "Product:read/write",
    "ProductMedia:read/write",
    "ProductSize:read",
    "ProductVariant:read/write",
    "ProductVariantSupply:read",
    "PurchaseOrder:read",
    "PurchaseOrderDelivery:read",
    "Purchaser:read",
    "Return:read/write",
    "SalesRepresentative:read",
    "Shipment:read/write",
    "ShippingOption:read/write",
    "ShippingTerms:read",
    "Size:read",
    "SizeChart:read/write",
    "StockChange:read/write",
    "Store:read",
    "StorePlugin:read",
    "Subscription:read/write",
    "SubscriptionPlan:read/write",
    "Supplier:read",
    "TaxClass:read",
    "TaxRule:read",
    "Translation:read/write",
    "Voucher:read/write",
    "Warehouse:read/write",
    "Wishlist:write",
)

_NESTED = _expand(
    "Account.attributes:read",
    "Account.internalComment:read",
    "AdminUser.email:read",
    "Buyer.billingAddress:read",
    "Collection.totalProducts:read",
    "Customer.attributes:read",
    "Display.comment:read",
    "Invoice.billingAddress:read",
    "Invoice.shippingAddress:read",
    "InvoiceLine.countryOfOrigin:read",
    "Market.comment:read",
    "Order.attributes:read",
    "Order.billingAddress:read",
    "Order.internalComment:read",
    "Order.isLocked:write",
    "Order.shippingAddress:read",
    "Order.userIP:read",
    "Payment.cancel:write",
    "Payment.capture:write",
    "Pricelist.comment:read",
    "Product.attributes:read/write",
    "Product.countryOfOrigin:read",
    "Product.internalComment:read",
    "ProductMedia.attributes:read",
    "ProductSize.stock:read",
    "ProductSize.stockTotals:read",
    "ProductVariant.attributes:read/write",
    "ProductVariant.internalName:read",
    "ProductVariant.stock:read",
    "ProductVariant.stockTotals:read",
    "PurchaseOrder.internalComment:read",
    "PurchaseOrder.shippingAddress:read",
    "PurchaseOrder.supplierAddress:read",
    "Purchaser.attributes:read",
    "Purchaser.billingAddress:read",
    "Purchaser.totalOrders:read",
    "Return.comment:read",
    "Shipment.shippingAddress:read",
    "ShippingOption.comment:read",
    "Subscription.internalComment:read",
    "SubscriptionPlan.internalComment:read",
    "Supplier.address:read",
    "Supplier.comment:read",
    "Warehouse.stock:read",
    "Warehouse.stockTotals:read",
)

# Not in the reference's lists, named by its convention (issue 17): a display's attributes
# get the nested permissions products and variants have (reference 1.3: "nested permissions
# only for attributes, internal comments, stock, addresses"); the write permissions of the
# Mercato extensions that stand in for Centra's admin (docs/compatibility.md).
_BY_ANALOGY = _expand(
    "Display.attributes:read/write",
    "BrickAndMortar:write",
    "StorePlugin:write",
)

CURRENT_PERMISSIONS: frozenset[str] = _TOP_LEVEL | _NESTED | _BY_ANALOGY | {ADMIN}

# Reference 1.3.2. Only names whose current equivalent is certain, and only where the generic
# rule in `current_name` would not find it (or would find the wrong one, as for
# `Product.Attribute:read`, which must become `Product.attributes:read`, not `Attribute:read`).
# The rest of the reference's examples follow from the rule; ambiguous ones such as
# `PurchaseOrder.Address:read` (shipping or supplier address?) stay unknown on purpose.
DEPRECATED_ALIASES: Mapping[str, str] = MappingProxyType(
    {
        "Market.Country:read": "Country:read",
        "Market.Comment:read": "Market.comment:read",
        "Product.Brand:read": "Brand:read",
        "Product.Collection:read": "Collection:read",
        "Product.Folder:read": "Folder:read",
        "Product.ProductVariant:read": "ProductVariant:read",
        "Product.InternalComment:read": "Product.internalComment:read",
        "Product.Attribute:read": "Product.attributes:read",
        "Product.MeasurementTable:read": "MeasurementChart:read",
        "ProductVariant.InternalName:read": "ProductVariant.internalName:read",
        "ProductVariant.Attribute:read": "ProductVariant.attributes:read",
        "ProductSize.Stock:read": "ProductSize.stock:read",
        "Warehouse.Stock:read": "Warehouse.stock:read",
        "Folder.Product:read": "Product:read",
        "Order.InternalComment:read": "Order.internalComment:read",
        "Customer.Attribute:read": "Purchaser.attributes:read",
        "WarehouseDelivery:read": "StockChange:read",
        "Discount:read": "Voucher:read",
        "Localization:read": "Translation:read",
        "Localization:write": "Translation:write",
        "ProductMedia:delete": "ProductMedia:write",
        "DisplayRelation:write": "Display:write",
        "DeliveryWindowVariant:read": "DeliveryWindow:read",
        "DeliveryWindowVariant:write": "DeliveryWindow:write",
        "CampaignVariant:read": "Campaign:read",
    }
)


def current_name(name: str) -> str | None:
    """The current permission ``name`` stands for, or None when it is not a permission.

    A current name stands for itself; an explicit alias for its mapping. Otherwise the
    reference's 3.7 migration rule applies to ``A.B:read``: a relation ``B`` (capitalised,
    a type with its own ``B:read``) became ``B:read``, and a capitalised scalar became the
    lower-camel field permission ``A.b:read``.
    """
    if name in CURRENT_PERMISSIONS:
        return name
    alias = DEPRECATED_ALIASES.get(name)
    if alias is not None:
        return alias
    path, separator, action = name.partition(":")
    owner, dot, member = path.partition(".")
    if not (separator and dot and action == "read" and owner and member[:1].isupper()):
        return None
    if "." in member:
        return None
    related = f"{member}:read"
    if related in CURRENT_PERMISSIONS:
        return related
    field = f"{owner}.{member[0].lower()}{member[1:]}:read"
    if field in CURRENT_PERMISSIONS:
        return field
    return None


def unknown_permission_message(name: str) -> str:
    return f"Unknown permission '{name}'. See permissionNames for the list."


def validate_permission_names(names: Iterable[str]) -> list[str]:
    """One error message per distinct unknown name (``*`` and deprecated names are known)."""
    messages: list[str] = []
    for name in dict.fromkeys(names):
        if name != ALL_PERMISSIONS and current_name(name) is None:
            messages.append(unknown_permission_message(name))
    return messages


def grants_everything(names: Iterable[str]) -> bool:
    """Whether these names add up to an all-permission token (``*``, or every current name).

    Such tokens are for development and QA only: production tokens must be least-privilege.
    """
    covered: set[str] = set()
    for name in names:
        if name == ALL_PERMISSIONS:
            return True
        current = current_name(name)
        if current is not None:
            covered.add(current)
    return covered >= CURRENT_PERMISSIONS


class TokenGrants:
    """What one token may do, built from the names stored on it (current or deprecated).

    Implements the engine's ``Grants`` protocol. Built once per request from a short list,
    so every check afterwards is a set or dict lookup.
    """

    __slots__ = ("_all", "_current", "_names", "_via_deprecated")

    def __init__(self, names: Iterable[str]) -> None:
        self._names = tuple(dict.fromkeys(names))
        self._all = ALL_PERMISSIONS in self._names
        self._current = frozenset(n for n in self._names if n in CURRENT_PERMISSIONS)
        via: dict[str, str] = {}
        # Sorted, so that when two deprecated names grant the same permission the one reported
        # does not depend on the order they were stored in.
        for name in sorted(n for n in self._names if n not in CURRENT_PERMISSIONS):
            current = current_name(name)
            if current is not None and current not in self._current:
                via.setdefault(current, name)
        self._via_deprecated = via

    @property
    def names(self) -> tuple[str, ...]:
        """The granted names as stored (duplicates removed)."""
        return self._names

    @property
    def grants_everything(self) -> bool:
        return self._all or grants_everything(self._names)

    def allows(self, permission: str) -> bool:
        if self._all or permission in self._current or permission in self._via_deprecated:
            return True
        if permission in CURRENT_PERMISSIONS:
            return False
        # Asked with an old name (not what the engine does): answer for its current name.
        current = current_name(permission)
        return current is not None and self.allows(current)

    def deprecated_grant_for(self, permission: str) -> str | None:
        if self._all:
            return None
        return self._via_deprecated.get(permission)

    def __repr__(self) -> str:
        return f"TokenGrants({list(self._names)!r})"
