"""References of a stock write resolved in batches: the active sizes of the request's variants
named by id, name or external id (the variants themselves resolve through
``mercato.idconversion.references.resolve_many``). A fixed number of statements however many
rows a request carries."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

from mercato.db.unit_of_work import UnitOfWork
from mercato.errors import PathElement, UserError
from mercato.idconversion.references import NO_INTEGRATION, SizeReference, converted_ids

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


def resolve_sizes(
    work: UnitOfWork,
    wanted: Sequence[SizeWanted],
    path_of: PathOf,
    problems: list[UserError],
) -> list[int | None]:
    """The product size (an active size of the variant) each row names, in order;
    ``path_of`` turns a row's ``where`` into the path of its size."""
    connection, sql, integration_name = work.connection, work.sql, work.caller.integration_name
    external = sorted({w.size.external_id for w in wanted if w.size.external_id is not None})
    converted = converted_ids(work, "Size", external)
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
