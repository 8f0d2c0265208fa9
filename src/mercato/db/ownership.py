"""Which store each kind of object belongs to: the one definition of the store restriction.

A token may be restricted to one store. Such a token "only sees that store's entities"
(reference 1.2), and Mercato extends that to writes. Every object type of the API is one of:

- **store-owned**: it belongs to one store (a market, a pricelist, a display ...). A
  restricted token reads and writes only its own store's; another store's object is answered
  exactly like an unknown one. ``scope`` says how to tell, as SQL on a row of the type's table.
- **store-linked**: it is shared by the stores it is linked to (a brand). A restricted token
  reads those linked to its store, creates them linked to its store only, and changes only
  those linked to no other store (a change would otherwise reach what other stores show).
- **shared**: every store uses it (products, size charts, warehouses, stock, reference data
  ...). A restricted token reads all of them and writes none.
- **caller-owned**: it belongs to the calling integration or token rather than to a store
  (ID conversions, access tokens, event listeners). A restricted token writes its own,
  within its store (the services check the objects these point to).

The engine adds ``scope`` to every read of a type (root fields, nested fields, mutation
payloads, events), and the write kernel to every reference it resolves, so no path leads
from one store into another. A new object type must be classified here:
``tests/db/test_ownership.py`` fails for a type of the API that is not.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum


class Kind(Enum):
    STORE_OWNED = "store-owned"
    STORE_LINKED = "store-linked"
    SHARED = "shared"
    CALLER_OWNED = "caller-owned"


@dataclass(frozen=True)
class StoreScope:
    """SQL that is true for a row of the type's table belonging to (or linked to) the store:
    ``{t}`` stands for the table's alias and every ``?`` for the store id."""

    template: str

    def sql(self, alias: str, placeholder: str) -> tuple[str, int]:
        """The predicate for rows aliased ``alias``, and how many store-id parameters it
        takes (in order)."""
        text = self.template.replace("{t}", alias)
        count = text.count("?")
        return text.replace("?", placeholder), count

    def parameters(self, store_id: int) -> list[object]:
        return [store_id] * self.template.count("?")


@dataclass(frozen=True)
class Ownership:
    kind: Kind
    scope: StoreScope | None = None
    #: A plural noun for messages ("products are shared by every store").
    noun: str = ""

    @property
    def writable_when_restricted(self) -> bool:
        return self.kind is not Kind.SHARED


def _owned(template: str, noun: str) -> Ownership:
    return Ownership(Kind.STORE_OWNED, StoreScope(template), noun)


def _shared(noun: str) -> Ownership:
    return Ownership(Kind.SHARED, None, noun)


def _through(table: str, column: str, template: str = "{t}.store_id = ?") -> str:
    """Store-owned through a parent row: ``{t}.<column>`` is the id of a ``table`` row that
    ``template`` says belongs to the store."""
    inner = template.replace("{t}", "o")
    return f"EXISTS (SELECT 1 FROM {table} o WHERE o.id = {{t}}.{column} AND {inner})"


_STORE_COLUMN = "{t}.store_id = ?"

#: Object types whose rows point to one store-owned object by ``object_type`` and
#: ``object_id`` (translations, attribute assignments, ID conversions): such a row belongs to
#: the store of the object it points to; rows about shared objects are shared.
POLYMORPHIC_OWNERS: dict[str, tuple[str, str]] = {
    # object type: (its table, the store predicate of a row aliased {t} there)
    "Category": ("categories", _STORE_COLUMN),
    "Display": ("displays", _STORE_COLUMN),
    "Market": ("markets", _STORE_COLUMN),
    "Pricelist": ("pricelists", _STORE_COLUMN),
    "PriceAlteration": ("price_alterations", _STORE_COLUMN),
    "AllocationRule": ("allocation_rules", _STORE_COLUMN),
}


def polymorphic_scope(type_column: str, id_column: str) -> StoreScope:
    """Rows naming an object by (type, id): true when the object is another store's only
    for store-owned types; rows about shared objects are visible to every store."""
    cases = " ".join(
        f"WHEN '{name}' THEN EXISTS (SELECT 1 FROM {table} o WHERE o.id = {{t}}.{id_column} "
        f"AND {predicate.replace('{t}', 'o')})"
        for name, (table, predicate) in sorted(POLYMORPHIC_OWNERS.items())
    )
    types = ", ".join(f"'{name}'" for name in sorted(POLYMORPHIC_OWNERS))
    # The Store type names itself.
    return StoreScope(
        f"(CASE WHEN {{t}}.{type_column} = 'Store' THEN {{t}}.{id_column} = ? "
        f"WHEN {{t}}.{type_column} NOT IN ({types}) THEN 1 = 1 "
        f"ELSE (CASE {{t}}.{type_column} {cases} END) END)"
    )


OWNERSHIP: dict[str, Ownership] = {
    # -- store-owned --------------------------------------------------------------------
    "Store": _owned("{t}.id = ?", "stores"),
    "Market": _owned(_STORE_COLUMN, "markets"),
    "AllocationRule": _owned(_STORE_COLUMN, "allocation rules"),
    "Pricelist": _owned(_STORE_COLUMN, "pricelists"),
    "PriceAlteration": _owned(_STORE_COLUMN, "price alterations"),
    "Price": _owned(_through("pricelists", "pricelist_id"), "prices"),
    "AlteredPrice": _owned(_through("pricelists", "pricelist_id"), "altered prices"),
    "Display": _owned(_STORE_COLUMN, "displays"),
    "DisplayItem": _owned(_through("displays", "display_id"), "display items"),
    "DisplayRelation": _owned(_through("displays", "display_id"), "display relations"),
    "Category": _owned(_STORE_COLUMN, "categories"),
    # issue 17
    "StorePlugin": _owned(_STORE_COLUMN, "store plugins"),
    # -- store-linked -------------------------------------------------------------------
    "Brand": Ownership(
        Kind.STORE_LINKED,
        StoreScope(
            "EXISTS (SELECT 1 FROM brand_stores bs WHERE bs.brand_id = {t}.id AND bs.store_id = ?)"
        ),
        "brands",
    ),
    # -- caller-owned -------------------------------------------------------------------
    "GraphQLAccess": Ownership(Kind.CALLER_OWNED, StoreScope(_STORE_COLUMN), "access tokens"),
    "IdConversionEntry": Ownership(
        Kind.CALLER_OWNED, polymorphic_scope("object_type", "internal_id"), "ID conversions"
    ),
    "RateLimit": Ownership(Kind.CALLER_OWNED, None, "rate limits"),
    # -- shared, but holding rows about store-owned objects -----------------------------
    "TranslatedField": Ownership(
        Kind.SHARED, polymorphic_scope("object_type", "object_id"), "translations"
    ),
    "Translation": Ownership(
        Kind.SHARED, polymorphic_scope("object_type", "object_id"), "translations"
    ),
    # Attributes of products, variants and media are shared, those of displays belong to the
    # display's store: the derived table carries the row's object_id for this scope.
    "AssignedAttribute": Ownership(
        Kind.SHARED, polymorphic_scope("object_type", "object_id"), "attributes"
    ),
    # -- shared -------------------------------------------------------------------------
    "AttributeType": _shared("attribute types"),
    "Attribute": _shared("attributes"),
    "MappedAttribute": _shared("attributes"),
    "Bundle": _shared("bundles"),
    "BundleSection": _shared("bundle sections"),
    "Collection": _shared("collections"),
    "Continent": _shared("continents"),
    "Country": _shared("countries"),
    "CountryState": _shared("country states"),
    "Currency": _shared("currencies"),
    "Folder": _shared("folders"),
    "Language": _shared("languages"),
    "LocalizedSize": _shared("localized sizes"),
    "MeasurementChart": _shared("measurement charts"),
    "MeasurementTable": _shared("measurement tables"),
    "Product": _shared("products"),
    "ProductMedia": _shared("product media"),
    "ProductSize": _shared("product sizes"),
    "ProductVariant": _shared("product variants"),
    "ProductVariantSupply": _shared("supply"),
    "PurchaseOrder": _shared("purchase orders"),
    "PurchaseOrderDelivery": _shared("purchase order deliveries"),
    "PurchaseOrderDeliveryLine": _shared("purchase order deliveries"),
    "PurchaseOrderLine": _shared("purchase orders"),
    "Size": _shared("sizes"),
    "SizeChart": _shared("size charts"),
    "SizeLocalization": _shared("size localizations"),
    "Stock": _shared("stock"),
    "StockTotals": _shared("stock"),
    "StockChange": _shared("stock"),
    "StockChangeLine": _shared("stock"),
    "Supplier": _shared("suppliers"),
    "Warehouse": _shared("warehouses"),
    # issue 17
    "BrickAndMortar": _shared("brick-and-mortar shops"),
    "Counters": _shared("counters"),
    "DeprecatedPermissionMigration": Ownership(Kind.CALLER_OWNED, None, "access tokens"),
    "MediaUpload": Ownership(Kind.CALLER_OWNED, None, "media uploads"),
}

#: Value types read from their parent's row: they belong to their parent.
VALUE_TYPES = frozenset({"MonetaryValue", "Weight"})


def ownership_of(object_type: str) -> Ownership:
    try:
        return OWNERSHIP[object_type]
    except KeyError:
        raise KeyError(
            f"{object_type} is not classified in mercato.db.ownership.OWNERSHIP: say whether "
            "it belongs to a store, is shared or belongs to the caller."
        ) from None


def store_scopes() -> Mapping[str, StoreScope]:
    """The types a store-restricted token sees only part of, and how."""
    return {name: o.scope for name, o in OWNERSHIP.items() if o.scope is not None}
