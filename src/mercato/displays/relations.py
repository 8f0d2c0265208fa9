"""Display relations (reference 3.12): ``add_display_relations`` and
``remove_display_relations``.

Relations are one-way: display A relating to display B (e.g. the same design in another
colour, type Variant) says nothing of B. Types are Variant, Size, Standard (spelled so
whatever the case given) or a custom name. By analogy (the reference names only the
mutations): a relation links displays of one store (a storefront shows them together); a
display does not relate to itself; adding an existing relation changes nothing; removing one
that does not exist is a userError.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, delete, insert, select

from mercato.clock import utc_now
from mercato.db import catalog_tables as catalog
from mercato.db.unit_of_work import UnitOfWork, Writer
from mercato.displays import access
from mercato.errors import PathElement, UserError, UserInputError
from mercato.idconversion.references import Reference

STANDARD_TYPES = ("Variant", "Size", "Standard")
MAX_TYPE_LENGTH = 64


@dataclass(frozen=True)
class DisplayRelationChange:
    display: Reference
    related_displays: Sequence[Reference]
    relation_type: str


def add_display_relations(
    writer: Writer,
    command: DisplayRelationChange,
) -> int:
    relation_type = valid_relation_type(command.relation_type)
    with writer.begin("DisplayRelation") as work:
        connection = work.connection
        display_id, related = _displays(work, command)
        relations = catalog.display_relations
        present = _related(connection, display_id, relation_type)
        new = [r for r in related if r not in present]
        if new:
            now = utc_now()
            connection.execute(
                insert(relations),
                [
                    {
                        "display_id": display_id,
                        "related_display_id": r,
                        "relation_type": relation_type,
                        "created_at": now,
                    }
                    for r in new
                ],
            )
    return display_id


def remove_display_relations(
    writer: Writer,
    command: DisplayRelationChange,
) -> int:
    relation_type = valid_relation_type(command.relation_type)
    with writer.begin("DisplayRelation") as work:
        connection = work.connection
        display_id, related = _displays(work, command)
        present = _related(connection, display_id, relation_type)
        problems = [
            UserError(
                f'Display {display_id} has no "{relation_type}" relation to display {r}.',
                ("input", "relatedDisplays", index),
            )
            for index, r in enumerate(related)
            if r not in present
        ]
        if problems:
            raise UserInputError(problems)
        relations = catalog.display_relations
        connection.execute(
            delete(relations).where(
                relations.c.display_id == display_id,
                relations.c.relation_type == relation_type,
                relations.c.related_display_id.in_(list(related)),
            )
        )
    return display_id


def valid_relation_type(value: str) -> str:
    cleaned = value.strip()
    if not cleaned or len(cleaned) > MAX_TYPE_LENGTH or not cleaned.isprintable():
        raise UserInputError.single(
            f"relationType needs 1 to {MAX_TYPE_LENGTH} printable characters "
            f"({', '.join(STANDARD_TYPES)} or a custom name).",
            "input",
            "relationType",
        )
    for standard in STANDARD_TYPES:
        if cleaned.casefold() == standard.casefold():
            return standard
    return cleaned


def _displays(
    work: UnitOfWork,
    command: DisplayRelationChange,
) -> tuple[int, list[int]]:
    """The display and the related displays, checked: same store, not itself, once each."""
    display = access.display(work, command.display, ("input", "display"))
    if not command.related_displays:
        raise UserInputError.single(
            "Give at least one related display.", "input", "relatedDisplays"
        )
    problems: list[UserError] = []
    related: list[int] = []
    for index, reference in enumerate(command.related_displays):
        path: tuple[PathElement, ...] = ("input", "relatedDisplays", index)
        try:
            other = access.display(work, reference, path)
        except UserInputError as failure:
            problems.extend(failure.errors)
            continue
        if other.id == display.id:
            problems.append(UserError("A display does not relate to itself.", path))
        elif other.store_id != display.store_id:
            problems.append(
                UserError(
                    f"Display {other.id} is in store {other.store_id}, display {display.id} in "
                    f"store {display.store_id}: related displays share a store.",
                    path,
                )
            )
        elif other.id in related:
            problems.append(UserError(f"Display {other.id} is given twice.", path))
        else:
            related.append(other.id)
    if problems:
        raise UserInputError(problems)
    return display.id, related


def _related(connection: Connection, display_id: int, relation_type: str) -> set[int]:
    relations = catalog.display_relations
    return set(
        connection.execute(
            select(relations.c.related_display_id).where(
                relations.c.display_id == display_id,
                relations.c.relation_type == relation_type,
            )
        ).scalars()
    )
