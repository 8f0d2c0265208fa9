"""References of a stock write resolved in batches: the product variants named by id or
external id, and their active sizes named by id, name or external id. A fixed number of
statements however many rows a request carries."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

from sqlalchemy import Connection

from mercato.db.dialect import SqlDialect
from mercato.errors import PathElement, UserError
from mercato.idconversion.references import Reference, SizeReference

Path = tuple[PathElement, ...]


class SizeWanted(NamedTuple):
    """One row of a request: a size of a variant, and where it was given: (entry index,
    position in the entry), turned into a path only for a userError."""

    variant: int
    size: SizeReference
    where: tuple[int, int]


PathOf = Callable[[tuple[int, int]], Path]

#: A size named by none or several of its id, name and external id.
SIZE_REFERENCE_SHAPE = "Give exactly one of id, name or externalId of a size."


def size_not_active(size: SizeReference, variant_id: int, path: Path) -> UserError:
    """A size the variant has not activated (or no size by that reference at all)."""
    return UserError(
        f"Size {size.describe()} is not active on product variant ID {variant_id}.", path
    )


NO_INTEGRATION = (
    "This token has no integration name, so it has no external ids: reference by id, or use "
    "a token with an integration name."
)


def _converted(
    connection: Connection,
    sql: SqlDialect,
    integration_name: str | None,
    object_type: str,
    external_ids: Sequence[str],
) -> dict[str, int]:
    if not external_ids or not integration_name:
        return {}
    source = sql.rows("wanted", (("external_id", "text"),), [(e,) for e in external_ids])
    rows = sql.fetch_all(
        connection,
        "SELECT c.external_id, c.internal_id FROM id_conversions c "
        f"JOIN {source.sql} ON c.external_id = wanted.external_id "
        "WHERE c.integration_name = ? AND c.object_type = ?",
        [*source.parameters, integration_name, object_type],
    )
    return {str(row[0]): int(row[1]) for row in rows}


def sizes_of_external_ids(
    connection: Connection,
    sql: SqlDialect,
    integration_name: str | None,
    external_ids: Sequence[str],
) -> dict[str, int]:
    """The size each of the integration's external ids names (those it has)."""
    return _converted(connection, sql, integration_name, "Size", external_ids)


def resolve_variants(
    connection: Connection,
    sql: SqlDialect,
    integration_name: str | None,
    wanted: Sequence[tuple[Reference, Path]],
    problems: list[UserError],
    known: Callable[[list[int]], set[int]] | None = None,
) -> list[int | None]:
    """The product variant each reference names (None, with a userError, when none).
    ``known``, given the candidate ids, returns those the caller knows exist (say, from a
    statement it needs anyway); only the others are looked up."""
    external = sorted({r.external_id for r, _ in wanted if r.id is None and r.external_id})
    converted = _converted(connection, sql, integration_name, "ProductVariant", external)
    candidates: list[int | None] = []
    for reference, path in wanted:
        if (reference.id is None) == (reference.external_id is None) or reference.code:
            problems.append(
                UserError("Give exactly one of id or externalId of a product variant.", path)
            )
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
    if ids and known is not None:
        existing = known(ids)
        ids = [i for i in ids if i not in existing]
    if ids:
        source = sql.rows("wanted", (("id", "int"),), [(i,) for i in ids])
        existing |= {
            int(row[0])
            for row in sql.fetch_all(
                connection,
                f"SELECT v.id FROM product_variants v JOIN {source.sql} ON v.id = wanted.id",
                source.parameters,
            )
        }
    result: list[int | None] = []
    for candidate, (reference, path) in zip(candidates, wanted, strict=True):
        if candidate is None:
            result.append(None)
        elif candidate in existing:
            result.append(candidate)
        else:
            problems.append(
                UserError(f"Could not find ProductVariant with {reference.describe()}.", path)
            )
            result.append(None)
    return result


def resolve_sizes(
    connection: Connection,
    sql: SqlDialect,
    integration_name: str | None,
    wanted: Sequence[SizeWanted],
    path_of: PathOf,
    problems: list[UserError],
) -> list[int | None]:
    """The product size (an active size of the variant) each row names, in order;
    ``path_of`` turns a row's ``where`` into the path of its size."""
    external = sorted({w.size.external_id for w in wanted if w.size.external_id is not None})
    converted = _converted(connection, sql, integration_name, "Size", external)
    variants = sorted({w.variant for w in wanted})
    by_size: dict[tuple[int, int], int] = {}
    by_name: dict[tuple[int, str], int] = {}
    if variants:
        source = sql.rows("wanted", (("id", "int"),), [(v,) for v in variants])
        for row in sql.fetch_all(
            connection,
            "SELECT ps.id, ps.product_variant_id, ps.size_id, s.name FROM product_sizes ps "
            f"JOIN {source.sql} ON ps.product_variant_id = wanted.id "
            "JOIN sizes s ON s.id = ps.size_id",
            source.parameters,
        ):
            by_size[(int(row[1]), int(row[2]))] = int(row[0])
            by_name[(int(row[1]), str(row[3]))] = int(row[0])
    result: list[int | None] = []
    found: int | None
    for row in wanted:
        size = row.size
        if size.name is not None and size.id is None and size.external_id is None:
            found = by_name.get((row.variant, size.name))
            if found is not None:
                result.append(found)
                continue
        given = [v for v in (size.id, size.name, size.external_id) if v is not None]
        found = None
        if len(given) != 1:
            problems.append(UserError(SIZE_REFERENCE_SHAPE, path_of(row.where)))
        elif size.external_id is not None and not integration_name:
            problems.append(UserError(NO_INTEGRATION, path_of(row.where)))
        else:
            if size.name is not None:
                found = by_name.get((row.variant, size.name))
            else:
                size_id = size.id if size.id is not None else converted.get(str(size.external_id))
                found = by_size.get((row.variant, size_id)) if size_id is not None else None
            if found is None:
                problems.append(size_not_active(size, row.variant, path_of(row.where)))
        result.append(found)
    return result
