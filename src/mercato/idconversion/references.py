"""Reference inputs (``{id}``, ``{externalId}``, ``{code}``) resolved inside a unit of work,
in the caller's scope: one at a time (``resolve``) or in batches of any size in a fixed number
of statements (``resolve_many``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import Connection, select

from mercato.db import catalog_tables as catalog_tables  # registers the catalog's tables
from mercato.db import tables
from mercato.db.ownership import ownership_of
from mercato.db.unit_of_work import UnitOfWork
from mercato.errors import PathElement, UserError, UserInputError

Path = tuple[PathElement, ...]

NO_INTEGRATION = (
    "This token has no integration name, so it has no external ids: reference by id, or use "
    "a token with an integration name."
)

#: Object types that can carry external ids, and the table holding each.
OBJECT_TABLES: Mapping[str, str] = {
    "AllocationRule": "allocation_rules",
    "Attribute": "mapped_attributes",
    "Brand": "brands",
    "Bundle": "bundles",
    "BundleSection": "bundle_sections",
    "Category": "categories",
    "Collection": "collections",
    "Country": "countries",
    "Currency": "currencies",
    "Display": "displays",
    "Folder": "folders",
    "Language": "languages",
    "Market": "markets",
    "MeasurementChart": "measurement_charts",
    "PriceAlteration": "price_alterations",
    "Pricelist": "pricelists",
    "Product": "products",
    "ProductMedia": "product_media",
    "ProductSize": "product_sizes",
    "ProductVariant": "product_variants",
    "Size": "sizes",
    "SizeChart": "size_charts",
    "SizeLocalization": "size_localizations",
    "Store": "stores",
    "Warehouse": "warehouses",
}

#: Object types referenced by id only (no external ids), and their tables.
ID_ONLY_TABLES: Mapping[str, str] = {
    "BrickAndMortar": "brick_and_mortars",
    "StorePlugin": "store_plugins",
}


class SizeReference(NamedTuple):
    """A size of a variant's size chart: by id, by the integration's external id
    (``"<chart>|<size>"``), or by name within the chart. One type for every domain that takes
    sizes (a named tuple: a stock write may carry 10,000 of them)."""

    id: int | None = None
    external_id: str | None = None
    name: str | None = None

    def describe(self) -> str:
        if self.id is not None:
            return f"ID {self.id}"
        if self.external_id is not None:
            return f'externalId "{self.external_id}"'
        return f'name "{self.name}"'


@dataclass(frozen=True)
class Reference:
    id: int | None = None
    external_id: str | None = None
    code: str | None = None

    @classmethod
    def from_input(cls, value: Mapping[str, Any] | None) -> Reference | None:
        if value is None:
            return None
        return cls(value.get("id"), value.get("externalId"), value.get("code"))

    def describe(self) -> str:
        if self.id is not None:
            return f"ID {self.id}"
        if self.external_id is not None:
            return f'externalId "{self.external_id}"'
        return f'code "{self.code}"'

    def argument_path(self) -> tuple[str]:
        """Where a mutation's own ``(id, externalId)`` arguments put this reference: the
        path of a userError about the object a mutation targets (``["id"]``)."""
        if self.id is not None:
            return ("id",)
        if self.external_id is not None:
            return ("externalId",)
        return ("code",)


def internal_id(
    connection: Connection, integration_name: str | None, object_type: str, external_id: str
) -> int | None:
    if integration_name is None:
        return None
    conversions = tables.id_conversions
    found: int | None = connection.execute(
        select(conversions.c.internal_id).where(
            conversions.c.integration_name == integration_name,
            conversions.c.object_type == object_type,
            conversions.c.external_id == external_id,
        )
    ).scalar_one_or_none()
    return found


def resolve(
    work: UnitOfWork,
    object_type: str,
    reference: Reference,
    path: Sequence[PathElement],
) -> int:
    """The id the reference names, in the caller's scope: an object of another store is
    answered exactly like an unknown one (``mercato.db.ownership``). A userError when it names
    nothing, at ``path``; an empty path means the mutation's own ``id``/``externalId``
    argument, which the error then names."""
    path = tuple(path) or reference.argument_path()
    table = tables.metadata.tables[_table_of(object_type)]
    given = [v for v in (reference.id, reference.external_id, reference.code) if v is not None]
    if len(given) != 1:
        raise UserInputError.single(
            f"Give exactly one of id, externalId or code to reference a {object_type}.", *path
        )
    integration_name = work.caller.integration_name
    column = "id"
    value: int | str | None
    if reference.id is not None:
        value = reference.id
    elif reference.external_id is not None:
        if integration_name is None:
            raise UserInputError.single(NO_INTEGRATION, *path)
        value = internal_id(work.connection, integration_name, object_type, reference.external_id)
    else:
        if "code" not in table.c:
            raise UserInputError.single(f"A {object_type} cannot be referenced by code.", *path)
        column, value = "code", reference.code
    found: int | None = None
    if value is not None:
        scope, parameters = _scope(work, object_type)
        rows = work.sql.fetch_all(
            work.connection,
            f"SELECT t.id FROM {table.name} t WHERE t.{column} = ?{scope}",
            [value, *parameters],
        )
        found = int(rows[0][0]) if rows else None
    if found is None:
        raise UserInputError.single(
            f"Could not find {object_type} with {reference.describe()}.", *path
        )
    return found


def _table_of(object_type: str) -> str:
    return OBJECT_TABLES.get(object_type) or ID_ONLY_TABLES[object_type]


def resolve_optional(
    work: UnitOfWork,
    object_type: str,
    reference: Reference | None,
    path: Sequence[PathElement],
) -> int | None:
    """``resolve`` for an optional reference: None when none is given."""
    return None if reference is None else resolve(work, object_type, reference, path)


def visible_ids(work: UnitOfWork, object_type: str, ids: Iterable[int]) -> set[int]:
    """Those of ``ids`` that exist and that the caller may see (one statement)."""
    wanted = sorted({i for i in ids if i > 0})
    if not wanted:
        return set()
    table = _table_of(object_type)
    source = work.sql.rows("wanted", (("id", "int"),), [(i,) for i in wanted])
    scope, parameters = _scope(work, object_type)
    return {
        int(row[0])
        for row in work.sql.fetch_all(
            work.connection,
            f"SELECT t.id FROM {table} t JOIN {source.sql} ON t.id = wanted.id WHERE 1 = 1{scope}",
            [*source.parameters, *parameters],
        )
    }


def converted_ids(
    work: UnitOfWork, object_type: str, external_ids: Sequence[str]
) -> dict[str, int]:
    """The internal id of each of the caller's integration's external ids (those it has),
    one statement however many."""
    integration_name = work.caller.integration_name
    if not external_ids or not integration_name:
        return {}
    source = work.sql.rows("wanted", (("external_id", "text"),), [(e,) for e in external_ids])
    rows = work.sql.fetch_all(
        work.connection,
        "SELECT c.external_id, c.internal_id FROM id_conversions c "
        f"JOIN {source.sql} ON c.external_id = wanted.external_id "
        "WHERE c.integration_name = ? AND c.object_type = ?",
        [*source.parameters, integration_name, object_type],
    )
    return {str(row[0]): int(row[1]) for row in rows}


def resolve_many(
    work: UnitOfWork,
    object_type: str,
    wanted: Sequence[tuple[Reference, Path]],
    problems: list[UserError],
    known: Callable[[list[int]], set[int]] | None = None,
) -> list[int | None]:
    """The id each reference names, in order, in the caller's scope (None, with a userError
    added to ``problems``, when it names nothing). At most two statements however many
    references there are: external ids, then existence. ``known``, given the candidate ids,
    returns those the caller knows exist (say, from a statement it needs anyway); only the
    others are looked up."""
    integration_name = work.caller.integration_name
    external = sorted(
        {r.external_id for r, _ in wanted if r.external_id is not None and r.id is None}
    )
    converted = converted_ids(work, object_type, external)
    candidates: list[int | None] = []
    for reference, path in wanted:
        given = [v for v in (reference.id, reference.external_id, reference.code) if v is not None]
        if len(given) != 1:
            problems.append(
                UserError(
                    f"Give exactly one of id or externalId to reference a {object_type}.", path
                )
            )
            candidates.append(None)
        elif reference.code is not None:
            problems.append(UserError(f"A {object_type} cannot be referenced by code.", path))
            candidates.append(None)
        elif reference.id is not None:
            candidates.append(reference.id)
        elif not integration_name:
            problems.append(UserError(NO_INTEGRATION, path))
            candidates.append(None)
        else:
            candidates.append(converted.get(str(reference.external_id), 0))
    ids = sorted({c for c in candidates if c})
    existing: set[int] = set()
    if ids and known is not None and not _restricted(work, object_type):
        existing = known(ids)
        ids = [i for i in ids if i not in existing]
    existing |= visible_ids(work, object_type, ids)
    result: list[int | None] = []
    for candidate, (reference, path) in zip(candidates, wanted, strict=True):
        if candidate is None:
            result.append(None)
        elif candidate in existing:
            result.append(candidate)
        else:
            problems.append(
                UserError(f"Could not find {object_type} with {reference.describe()}.", path)
            )
            result.append(None)
    return result


def _restricted(work: UnitOfWork, object_type: str) -> bool:
    return work.caller.store_id is not None and ownership_of(object_type).scope is not None


def _scope(work: UnitOfWork, object_type: str) -> tuple[str, list[object]]:
    """`` AND <the type's store predicate>`` for a store-restricted caller, else nothing."""
    store_id = work.caller.store_id
    scope = ownership_of(object_type).scope
    if store_id is None or scope is None:
        return "", []
    predicate, _ = scope.sql("t", "?")
    return f" AND {predicate}", scope.parameters(store_id)
