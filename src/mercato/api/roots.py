"""Root query fields: what each one lists, how it filters and sorts, or what computes it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mercato.api.caller import services_of
from mercato.api.domains import merged
from mercato.auth import rate_limits
from mercato.auth.permissions import CURRENT_PERMISSIONS
from mercato.auth.services import integration_names
from mercato.clock import utc_now
from mercato.db.dialect import SqlDialect
from mercato.graphql.context import RequestContext
from mercato.graphql.fieldmap import RootField, RootList, RootOne, RootValue
from mercato.graphql.filters import Custom, Equals, InList, Predicate, Range, Text


def _viewer(context: RequestContext, _arguments: dict[str, Any]) -> dict[str, Any]:
    identity = services_of(context).identity
    return {
        "id": str(identity.token_id),
        "name": identity.name,
        "organizationName": None,
        "integrationName": identity.integration_name,
        "email": None,
        "phoneNumber": None,
        "permissions": list(identity.permissions),
        "restrictions": {"storeId": identity.store_id},
    }


def _rate_limits(context: RequestContext, arguments: dict[str, Any]) -> list[dict[str, Any]]:
    caller = services_of(context)
    wanted = arguments.get("where") or {}
    rows = []
    for status in rate_limits.status(
        caller.database, caller.identity.token_id, caller.settings.rate_limit_quotas
    ):
        if wanted.get("type") not in (None, status.type):
            continue
        if wanted.get("intervalSeconds") not in (None, status.interval):
            continue
        rows.append(
            {
                "type": status.type,
                "intervalSeconds": status.interval,
                "quota": status.quota,
                "usedQuota": status.used_quota,
                "remainingQuota": status.remaining_quota,
            }
        )
    return rows


def _integration_names(context: RequestContext, _arguments: dict[str, Any]) -> list[str]:
    caller = services_of(context)
    return integration_names(caller.database, caller.identity.store_id)


def _permission_names(_context: RequestContext, _arguments: dict[str, Any]) -> list[str]:
    return sorted(CURRENT_PERMISSIONS)


def _token_validity(dialect: SqlDialect, alias: str, value: Any) -> Predicate:
    ph = dialect.placeholder
    valid = f"({alias}.revoked_at IS NULL AND {alias}.expires_at > {ph})"
    return (valid if value else f"NOT {valid}"), [dialect.timestamp(utc_now())]


def _own_integration(context: RequestContext, dialect: SqlDialect, alias: str) -> Predicate:
    """Tokens see only their own integration's conversion table."""
    integration = services_of(context).identity.integration_name
    if integration is None:
        return "1 = 0", []
    return f"{alias}.integration_name = {dialect.placeholder}", [integration]


def _language_localizable(dialect: SqlDialect, alias: str, value: Any) -> Predicate:
    return f"{alias}.is_active = {dialect.placeholder}", [bool(value)]


_FOUNDATION: Mapping[str, RootField] = {
    "viewer": RootValue(_viewer),
    "rateLimits": RootValue(_rate_limits),
    "integrationNames": RootValue(_integration_names),
    "permissionNames": RootValue(_permission_names),
    "store": RootOne("Store"),
    "stores": RootList(
        "Store",
        filters={"id": InList("id"), "type": Equals("type"), "name": Text("name")},
        sorts={"id": ("id",), "name": ("name",)},
        paging="optional",
    ),
    "market": RootOne("Market"),
    "markets": RootList(
        "Market",
        filters={
            "id": InList("id"),
            "storeId": InList("store_id"),
            "name": Text("name"),
            "allocationRuleId": InList("allocation_rule_id"),
            "createdAt": Range("created_at"),
            "updatedAt": Range("updated_at"),
        },
        sorts={"id": ("id",), "name": ("name",), "updatedAt": ("updated_at",)},
        paging="optional",
    ),
    "countries": RootList(
        "Country",
        filters={
            "id": InList("id"),
            "code": InList("code"),
            "name": Text("name"),
            "isEU": Equals("is_eu"),
            "continentId": InList("continent_id"),
        },
        sorts={"id": ("id",), "name": ("name",), "code": ("code",)},
        paging="optional",
    ),
    "continents": RootList(
        "Continent",
        filters={"id": InList("id"), "code": InList("code")},
        sorts={"id": ("id",), "name": ("name",)},
        paging="optional",
    ),
    "currency": RootOne("Currency"),
    "currencies": RootList(
        "Currency",
        filters={"id": InList("id"), "code": InList("code"), "isBase": Equals("is_base")},
        sorts={"id": ("id",), "code": ("code",)},
        paging="optional",
    ),
    "languages": RootList(
        "Language",
        filters={
            "id": InList("id"),
            "code": InList("code"),
            "isActive": Equals("is_active"),
            "isAvailableForLocalization": Custom(_language_localizable),
        },
        sorts={"id": ("id",), "code": ("code",), "name": ("name",)},
        paging="optional",
    ),
    "warehouse": RootOne("Warehouse"),
    "warehouses": RootList(
        "Warehouse",
        filters={
            "id": InList("id"),
            "name": Text("name"),
            "status": Equals("status"),
            "isHiddenFromStockView": Equals("is_hidden_from_stock_view"),
            "countryId": InList("country_id"),
        },
        sorts={"id": ("id",), "name": ("name",), "customSort": ("custom_sort",)},
    ),
    "allocationRules": RootList(
        "AllocationRule",
        filters={
            "id": InList("id"),
            "storeId": InList("store_id"),
            "isActive": Equals("is_active"),
            "name": Text("name"),
        },
        sorts={"id": ("id",), "name": ("name",)},
    ),
    "idConversions": RootList(
        "IdConversionEntry",
        filters={
            "id": InList("id"),
            "objectType": Equals("object_type"),
            "internalId": InList("internal_id"),
            "externalId": Text("external_id"),
        },
        sorts={"id": ("id",)},
        scope=_own_integration,
    ),
    "graphQLAccess": RootList(
        "GraphQLAccess",
        filters={
            "id": InList("id"),
            "integrationName": Text("integration_name"),
            "isValid": Custom(_token_validity),
        },
        sorts={"id": ("id",), "expiresAt": ("expires_at",)},
    ),
}


#: Every root query field: the foundation's above, the domains' in their modules.
ROOTS: Mapping[str, RootField] = {**_FOUNDATION, **merged("ROOTS")}
