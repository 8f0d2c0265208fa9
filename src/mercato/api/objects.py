"""The field map of every table-backed type."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from mercato.api.common import json_strings
from mercato.api.domains import merged, merged_extensions
from mercato.api.money import VALUE_OBJECTS
from mercato.clock import to_iso, utc_now
from mercato.db.ownership import store_scopes
from mercato.graphql.fieldmap import Column, Computed, ObjectMap, ToMany, ToOne


def _columns(*names: tuple[str, str]) -> dict[str, Column]:
    return {field: Column(column) for field, column in names}


def _token_prefix(lookup_id: str) -> str:
    return f"mrc_{lookup_id[:4]}…"


def _is_valid(expires_at: Any, revoked_at: Any) -> bool:
    expiry = to_iso(expires_at)
    return revoked_at is None and expiry is not None and expiry > to_iso(utc_now())  # type: ignore[operator]


_FOUNDATION: Mapping[str, ObjectMap] = {
    m.type_name: m
    for m in (
        ObjectMap(
            "Continent",
            "continents",
            {
                **_columns(("id", "id"), ("name", "name"), ("code", "code")),
                "countries": ToMany("Country", child_key="continent_id", order_by=("name",)),
            },
        ),
        ObjectMap(
            "Country",
            "countries",
            {
                **_columns(
                    ("id", "id"),
                    ("name", "name"),
                    ("code", "code"),
                    ("code3", "code3"),
                    ("isEU", "is_eu"),
                ),
                "continent": ToOne("Continent", "continent_id"),
                "states": ToMany("CountryState", child_key="country_id", order_by=("name",)),
            },
        ),
        ObjectMap(
            "CountryState",
            "country_states",
            {
                **_columns(("id", "id"), ("name", "name"), ("code", "code")),
                "country": ToOne("Country", "country_id"),
            },
        ),
        ObjectMap(
            "Currency",
            "currencies",
            _columns(
                ("id", "id"),
                ("code", "code"),
                ("name", "name"),
                ("isBase", "is_base"),
                ("isoNumber", "iso_number"),
                ("decimalDigits", "decimal_digits"),
            ),
        ),
        ObjectMap(
            "Language",
            "languages",
            _columns(
                ("id", "id"),
                ("name", "name"),
                ("code", "code"),
                ("languageCode", "language_code"),
                ("countryCode", "country_code"),
                ("isActive", "is_active"),
            ),
        ),
        ObjectMap(
            "Store",
            "stores",
            {
                **_columns(("id", "id"), ("name", "name"), ("type", "type")),
                "markets": ToMany("Market", child_key="store_id"),
                "allocationRules": ToMany("AllocationRule", child_key="store_id"),
            },
        ),
        ObjectMap(
            "Market",
            "markets",
            {
                **_columns(
                    ("id", "id"),
                    ("name", "name"),
                    ("comment", "comment"),
                    ("createdAt", "created_at"),
                    ("updatedAt", "updated_at"),
                ),
                "store": ToOne("Store", "store_id"),
                "allocationRule": ToOne("AllocationRule", "allocation_rule_id"),
                "assignedToCountries": ToMany(
                    "Country",
                    link_table="market_countries",
                    link_parent="market_id",
                    link_child="country_id",
                    order_by=("name",),
                ),
            },
        ),
        ObjectMap(
            "Warehouse",
            "warehouses",
            {
                **_columns(
                    ("id", "id"),
                    ("name", "name"),
                    ("status", "status"),
                    ("stockOwnership", "stock_ownership"),
                    ("allocationPolicy", "allocation_policy"),
                    ("stockMaster", "stock_master"),
                    ("isHiddenFromStockView", "is_hidden_from_stock_view"),
                    ("isConsignation", "is_consignation"),
                    ("threshold", "threshold"),
                    ("address", "address"),
                    ("city", "city"),
                    ("zipCode", "zip_code"),
                    ("customSort", "custom_sort"),
                    ("createdAt", "created_at"),
                    ("updatedAt", "updated_at"),
                ),
                "country": ToOne("Country", "country_id"),
                "state": ToOne("CountryState", "state_id"),
                "allocationRules": ToMany(
                    "AllocationRule",
                    link_table="allocation_rule_warehouses",
                    link_parent="warehouse_id",
                    link_child="allocation_rule_id",
                    order_by=("id",),
                ),
            },
        ),
        ObjectMap(
            "AllocationRule",
            "allocation_rules",
            {
                **_columns(("id", "id"), ("name", "name"), ("isActive", "is_active")),
                "store": ToOne("Store", "store_id"),
                "warehouses": ToMany(
                    "Warehouse",
                    link_table="allocation_rule_warehouses",
                    link_parent="allocation_rule_id",
                    link_child="warehouse_id",
                    order_by=("link.priority", "id"),
                ),
                "markets": ToMany("Market", child_key="allocation_rule_id"),
            },
        ),
        ObjectMap(
            "IdConversionEntry",
            "id_conversions",
            _columns(
                ("id", "id"),
                ("internalId", "internal_id"),
                ("externalId", "external_id"),
                ("objectType", "object_type"),
                ("integrationName", "integration_name"),
            ),
        ),
        ObjectMap(
            "GraphQLAccess",
            "access_tokens",
            {
                **_columns(
                    ("id", "id"),
                    ("name", "name"),
                    ("integrationName", "integration_name"),
                    ("storeId", "store_id"),
                    ("createdAt", "created_at"),
                    ("expiresAt", "expires_at"),
                    ("revokedAt", "revoked_at"),
                    ("lastUsedAt", "last_used_at"),
                ),
                "permissions": Computed(("permissions",), json_strings),
                "tokenPrefix": Computed(("lookup_id",), _token_prefix),
                "isValid": Computed(("expires_at", "revoked_at"), _is_valid),
            },
        ),
    )
}


def _with_extensions(maps: Mapping[str, ObjectMap]) -> dict[str, ObjectMap]:
    """Fields a domain adds to another domain's type (``EXTENSIONS`` of its module, e.g. the
    attributes domain adding ``Product.attributes``)."""
    result = dict(maps)
    for type_name, fields in merged_extensions().items():
        base = result[type_name]
        clash = set(fields) & set(base.fields)
        if clash:
            raise RuntimeError(f"{type_name} already has {', '.join(sorted(clash))}.")
        result[type_name] = replace(base, fields={**base.fields, **fields})
    return result


def _with_store_scopes(maps: Mapping[str, ObjectMap]) -> dict[str, ObjectMap]:
    """Each type's store scope, from the one definition (``mercato.db.ownership``)."""
    scopes = store_scopes()
    return {
        name: replace(m, store_scope=scopes[name]) if name in scopes else m
        for name, m in maps.items()
    }


#: Every table-backed type of the API: the foundation's above, the domains' in their modules,
#: and the value objects read inline (MonetaryValue, Weight).
OBJECT_MAPS: Mapping[str, ObjectMap] = _with_store_scopes(
    _with_extensions({**_FOUNDATION, **VALUE_OBJECTS, **merged("OBJECTS")})
)
