"""``set_category_displays``, ``unset_category_displays`` and ``sort_category_displays``:
which displays a category holds, and in what order (reference 3.17, 2.7).

A category holds displays of its own store only. Setting is idempotent: a display already in
the category, or named twice, is skipped with a warning; new displays go last, in the order
given. Unsetting a display that is not in the category is skipped with a warning; the
category cannot be taken off a display whose canonical category it is (a display's canonical
category is one of its categories): give the display another canonical category first.
Sorting names exactly the category's displays, in their new order. Any userError changes
nothing. A display whose categories change gets a new ``updatedAt`` (integrations sync
displays by it). A store-restricted token sees and changes its own store's only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import Connection, case, delete, insert, select, update

from mercato.clock import utc_now
from mercato.db import catalog_tables as catalog
from mercato.db.unit_of_work import UnitOfWork, Writer
from mercato.errors import MutationWarning, PathElement, UserError, UserInputError
from mercato.idconversion.references import Reference, resolve


@dataclass(frozen=True)
class CategoryDisplays:
    category: Reference
    displays: Sequence[Reference]


@dataclass
class CategoryDisplaysResult:
    category_id: int
    #: The displays named in the input (sort: the category's displays in their new order).
    display_ids: list[int] = field(default_factory=list)
    warnings: list[MutationWarning] = field(default_factory=list)


def set_category_displays(
    writer: Writer,
    command: CategoryDisplays,
) -> CategoryDisplaysResult:
    with writer.begin("Category") as work:
        connection = work.connection
        result, found = _resolve(work, command)
        present = _linked(connection, result.category_id)
        new: list[int] = []
        for path, reference, display_id in found:
            if display_id in present:
                result.warnings.append(
                    MutationWarning(
                        f"Display {reference.describe()} is in the category already; skipped.",
                        path,
                    )
                )
            else:
                new.append(display_id)
        if new:
            links = catalog.display_categories
            last = max(present.values(), default=0)
            connection.execute(
                insert(links),
                [
                    {
                        "display_id": display_id,
                        "category_id": result.category_id,
                        "custom_order": last + position,
                    }
                    for position, display_id in enumerate(new, start=1)
                ],
            )
            _touch(connection, new)
    return result


def unset_category_displays(
    writer: Writer,
    command: CategoryDisplays,
) -> CategoryDisplaysResult:
    with writer.begin("Category") as work:
        connection = work.connection
        result, found = _resolve(work, command)
        present = _linked(connection, result.category_id)
        named = [display_id for _, _, display_id in found]
        displays = catalog.displays
        canonical = (
            set(
                connection.execute(
                    select(displays.c.id).where(
                        displays.c.id.in_(named),
                        displays.c.canonical_category_id == result.category_id,
                    )
                ).scalars()
            )
            if named
            else set()
        )
        problems: list[UserError] = []
        gone: list[int] = []
        for path, reference, display_id in found:
            if display_id in canonical:
                problems.append(
                    UserError(
                        f"Category {result.category_id} is the canonical category of display "
                        f"{reference.describe()}: give the display another canonical category "
                        "first.",
                        path,
                    )
                )
            elif display_id not in present:
                result.warnings.append(
                    MutationWarning(
                        f"Display {reference.describe()} is not in the category; skipped.", path
                    )
                )
            else:
                gone.append(display_id)
        if problems:
            raise UserInputError(problems)
        if gone:
            links = catalog.display_categories
            connection.execute(
                delete(links).where(
                    links.c.category_id == result.category_id, links.c.display_id.in_(gone)
                )
            )
            _touch(connection, gone)
    return result


def sort_category_displays(
    writer: Writer,
    command: CategoryDisplays,
) -> CategoryDisplaysResult:
    with writer.begin("Category") as work:
        connection = work.connection
        result, found = _resolve(work, command, duplicates_allowed=False)
        present = _linked(connection, result.category_id)
        problems = [
            UserError(f"Display {reference.describe()} is not in the category.", path)
            for path, reference, display_id in found
            if display_id not in present
        ]
        missing = sorted(set(present) - set(result.display_ids))
        if missing:
            problems.append(
                UserError(
                    "Name every display of the category, in its new order; missing: "
                    + ", ".join(f"ID {display_id}" for display_id in missing)
                    + ".",
                    ("input", "displays"),
                )
            )
        if problems:
            raise UserInputError(problems)
        order = {display_id: position for position, display_id in enumerate(result.display_ids, 1)}
        if order and any(present[d] != order[d] for d in order):
            links = catalog.display_categories
            connection.execute(
                update(links)
                .where(links.c.category_id == result.category_id)
                .values(custom_order=case(order, value=links.c.display_id))
            )
    return result


# -- rules -------------------------------------------------------------------------------

_Found = list[tuple[tuple[PathElement, ...], Reference, int]]


def _resolve(
    work: UnitOfWork,
    command: CategoryDisplays,
    duplicates_allowed: bool = True,
) -> tuple[CategoryDisplaysResult, _Found]:
    """The category and the displays (each once), every rule checked, every problem
    gathered."""
    connection = work.connection
    category_id, store_id = _category(work, command.category)
    result = CategoryDisplaysResult(category_id)
    problems: list[UserError] = []
    found: _Found = []
    for index, reference in enumerate(command.displays):
        path: tuple[PathElement, ...] = ("input", "displays", index)
        try:
            display_id = resolve(work, "Display", reference, path)
        except UserInputError as failure:
            problems.extend(failure.errors)
            continue
        if display_id in result.display_ids:
            if duplicates_allowed:
                result.warnings.append(
                    MutationWarning(f"Duplicate display {reference.describe()} skipped.", path)
                )
            else:
                problems.append(UserError(f"Display {reference.describe()} is named twice.", path))
            continue
        result.display_ids.append(display_id)
        found.append((path, reference, display_id))
    displays = catalog.displays
    stores = (
        dict(
            connection.execute(
                select(displays.c.id, displays.c.store_id).where(
                    displays.c.id.in_(result.display_ids)
                )
            ).all()
        )
        if result.display_ids
        else {}
    )
    for path, reference, display_id in found:
        display_store = stores[display_id]
        if display_store != store_id:
            problems.append(
                UserError(
                    f"Display {reference.describe()} belongs to store {display_store}, the "
                    f"category to store {store_id}: a category holds displays of its own store "
                    "only.",
                    path,
                )
            )
    if problems:
        raise UserInputError(problems)
    return result, found


def _category(
    work: UnitOfWork,
    reference: Reference,
) -> tuple[int, int]:
    connection = work.connection
    path = ("input", "category")
    category_id = resolve(work, "Category", reference, path)
    store_id: int = connection.execute(
        select(catalog.categories.c.store_id).where(catalog.categories.c.id == category_id)
    ).scalar_one()
    return category_id, store_id


def _linked(connection: Connection, category_id: int) -> dict[int, int]:
    """The category's displays: display id -> custom order."""
    links = catalog.display_categories
    return {
        int(row.display_id): int(row.custom_order)
        for row in connection.execute(
            select(links.c.display_id, links.c.custom_order).where(
                links.c.category_id == category_id
            )
        )
    }


def _touch(connection: Connection, display_ids: list[int]) -> None:
    displays = catalog.displays
    connection.execute(
        update(displays).where(displays.c.id.in_(display_ids)).values(updated_at=utc_now())
    )
