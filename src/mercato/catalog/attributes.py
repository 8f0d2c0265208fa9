"""Assigning custom attributes (reference 2.8): ``assign_attributes`` and
``unassign_attributes`` on a product, a variant or a media.

Rules:
* only a mapped type's attributes are assigned as ``mappedAttributes``, by id; an object may
  carry several attributes of one mapped type (e.g. materials Wood and Steel); assigning one
  that is there already, or unassigning one that is not, is skipped with a warning;
* a dynamic type's values are assigned per element (``dynamicAttributes``), each checked by
  the element's kind; an empty value removes that element's value, unassigning without a key
  removes them all;
* the type must belong to the object's type; every problem is reported at once and checked
  before the first write, so a refused request changes nothing. Assigning touches the
  object's ``updatedAt``.

Storage: ``attribute_assignments`` holds one row per assigned mapped attribute
(``mapped_attribute_id``) and one row per object and dynamic type, whose ``element_value`` is a
JSON object of element key to value; ``element_key`` stays null. One row per assigned attribute
is what lets ``attributes`` be read for a whole list of objects in one statement. The unique
constraint does not cover these rows (null keys), so writers on one object are serialized by
locking the object's row first.

``AttributeChanges`` with ``plan_changes``/``apply_changes`` let another use case (a product
or variant create or update with ``assignMappedAttributes`` ...) check and apply assignments
inside its own transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import Connection, delete, insert, select, update

from mercato.catalog.attributes_types import (
    OBJECT_TYPES,
    AttributeType,
    Path,
    Problems,
    StoredValue,
    dump_values,
    normalized_value,
    stored_values,
    type_row,
    unknown_key_message,
)
from mercato.clock import utc_now
from mercato.db import catalog_tables as catalog
from mercato.db.tables import metadata
from mercato.db.unit_of_work import UnitOfWork, Writer
from mercato.errors import MutationWarning, UserInputError
from mercato.idconversion.references import Reference, resolve


@dataclass(frozen=True)
class MappedChoice:
    attribute_type_name: str
    attribute_id: int


@dataclass(frozen=True)
class DynamicValue:
    attribute_type_name: str
    element_key: str
    value: str


@dataclass(frozen=True)
class DynamicClear:
    """``element_key=None`` clears every element of the type."""

    attribute_type_name: str
    element_key: str | None = None


@dataclass(frozen=True)
class AttributesAssign:
    object_type: str
    object_id: int
    mapped: Sequence[MappedChoice] = ()
    dynamic: Sequence[DynamicValue] = ()


@dataclass(frozen=True)
class AttributesUnassign:
    object_type: str
    object_id: int
    mapped: Sequence[MappedChoice] = ()
    dynamic: Sequence[DynamicClear] = ()


@dataclass
class AssignResult:
    object_type: str
    object_id: int
    warnings: list[MutationWarning] = field(default_factory=list)


@dataclass
class AssignmentPlan:
    """What to write for one object, every rule already checked."""

    object_type: str
    add_mapped: list[tuple[int, int]] = field(default_factory=list)
    remove_assignments: list[int] = field(default_factory=list)
    #: type id -> element key -> new value (None removes it); "*" -> None removes them all.
    dynamic: dict[int, dict[str, StoredValue | None]] = field(default_factory=dict)
    warnings: list[MutationWarning] = field(default_factory=list)

    @property
    def changes_anything(self) -> bool:
        return bool(self.add_mapped or self.remove_assignments or self.dynamic)


ALL_ELEMENTS = "*"


@dataclass(frozen=True)
class AttributeChanges:
    """Attributes given inside another input: its ``assignMappedAttributes``,
    ``assignDynamicAttributes``, ``unassignMappedAttributes`` and ``unassignDynamicAttributes``
    members (unassigning is checked against the object as it was before this request)."""

    assign_mapped: Sequence[MappedChoice] = ()
    assign_dynamic: Sequence[DynamicValue] = ()
    unassign_mapped: Sequence[MappedChoice] = ()
    unassign_dynamic: Sequence[DynamicClear] = ()

    @property
    def given(self) -> bool:
        return bool(
            self.assign_mapped
            or self.assign_dynamic
            or self.unassign_mapped
            or self.unassign_dynamic
        )


NO_ATTRIBUTE_CHANGES = AttributeChanges()


def plan_changes(
    connection: Connection,
    object_type: str,
    object_id: int | None,
    changes: AttributeChanges,
) -> list[AssignmentPlan]:
    """Check ``changes`` to an object (``None``: one being created) before anything is written;
    an existing object's row is locked first, as assigning alone does. Unassigning comes first."""
    if not changes.given:
        return []
    plans: list[AssignmentPlan] = []
    if object_id is not None:
        table = metadata.tables[OBJECT_TYPES[object_type]]
        connection.execute(select(table.c.id).where(table.c.id == object_id).with_for_update())
        if changes.unassign_mapped or changes.unassign_dynamic:
            plans.append(
                plan_unassignment(
                    connection,
                    object_type,
                    object_id,
                    changes.unassign_mapped,
                    changes.unassign_dynamic,
                    mapped_path=("input", "unassignMappedAttributes"),
                    dynamic_path=("input", "unassignDynamicAttributes"),
                )
            )
    plans.append(
        plan_assignment(
            connection,
            object_type,
            object_id,
            changes.assign_mapped,
            changes.assign_dynamic,
            mapped_path=("input", "assignMappedAttributes"),
            dynamic_path=("input", "assignDynamicAttributes"),
        )
    )
    return plans


def apply_changes(connection: Connection, plans: Sequence[AssignmentPlan], object_id: int) -> None:
    for plan in plans:
        apply_assignment(connection, plan, object_id)


def warnings_of(plans: Sequence[AssignmentPlan]) -> list[MutationWarning]:
    return [warning for plan in plans for warning in plan.warnings]


# -- assigning -----------------------------------------------------------------------------


def assign_attributes(writer: Writer, command: AttributesAssign) -> AssignResult:
    with writer.begin(command.object_type) as work:
        connection = work.connection
        object_id = _locked_object(work, command.object_type, command.object_id)
        plan = plan_assignment(
            connection,
            command.object_type,
            object_id,
            command.mapped,
            command.dynamic,
            mapped_path=("input", "mappedAttributes"),
            dynamic_path=("input", "dynamicAttributes"),
        )
        apply_assignment(connection, plan, object_id)
    return AssignResult(command.object_type, object_id, plan.warnings)


def unassign_attributes(writer: Writer, command: AttributesUnassign) -> AssignResult:
    with writer.begin(command.object_type) as work:
        connection = work.connection
        object_id = _locked_object(work, command.object_type, command.object_id)
        plan = plan_unassignment(
            connection,
            command.object_type,
            object_id,
            command.mapped,
            command.dynamic,
            mapped_path=("input", "mappedAttributes"),
            dynamic_path=("input", "dynamicAttributes"),
        )
        apply_assignment(connection, plan, object_id)
    return AssignResult(command.object_type, object_id, plan.warnings)


def _locked_object(work: UnitOfWork, object_type: str, object_id: int) -> int:
    connection = work.connection
    if object_type not in OBJECT_TYPES:
        raise UserInputError.single(
            f"Attributes exist on {', '.join(OBJECT_TYPES)} only, not {object_type}.",
            "input",
            "objectType",
        )
    found = resolve(work, object_type, Reference(id=object_id), ("input", "objectId"))
    table = metadata.tables[OBJECT_TYPES[object_type]]
    # Serializes assignments to one object on PostgreSQL (SQLite writers are serialized anyway).
    connection.execute(select(table.c.id).where(table.c.id == found).with_for_update())
    return found


@dataclass(frozen=True)
class _Current:
    """An object's assignments: mapped attribute id -> row id, dynamic type id -> (row, values)."""

    mapped: dict[int, int]
    dynamic: dict[int, tuple[int, dict[str, StoredValue]]]


def _current(connection: Connection, object_type: str, object_id: int | None) -> _Current:
    if object_id is None:
        return _Current({}, {})
    rows = catalog.attribute_assignments
    found = connection.execute(
        select(
            rows.c.id, rows.c.attribute_type_id, rows.c.mapped_attribute_id, rows.c.element_value
        ).where(rows.c.object_type == object_type, rows.c.object_id == object_id)
    ).all()
    return _Current(
        {r.mapped_attribute_id: r.id for r in found if r.mapped_attribute_id is not None},
        {
            r.attribute_type_id: (r.id, stored_values(r.element_value))
            for r in found
            if r.mapped_attribute_id is None
        },
    )


class _Types:
    """Attribute types by name, read once per request and checked against the object type."""

    def __init__(self, connection: Connection, object_type: str, problems: Problems) -> None:
        self.connection = connection
        self.object_type = object_type
        self.problems = problems
        self.cache: dict[str, AttributeType | None] = {}

    def get(self, name: str, mapped: bool, path: Path) -> AttributeType | None:
        if name not in self.cache:
            self.cache[name] = type_row(self.connection, name)
        found = self.cache[name]
        if found is None:
            self.problems.add(f'There is no attribute type named "{name}".', path)
        elif found.is_mapped != mapped:
            where = "mappedAttributes" if found.is_mapped else "dynamicAttributes"
            kind = "mapped" if found.is_mapped else "dynamic"
            self.problems.add(f'"{name}" is a {kind} attribute type: give it in {where}.', path)
        elif found.object_type != self.object_type:
            self.problems.add(
                f'Attribute type "{name}" belongs to {found.object_type} objects, '
                f"not to {self.object_type}.",
                path,
            )
        else:
            return found
        return None


def plan_assignment(
    connection: Connection,
    object_type: str,
    object_id: int | None,
    mapped: Sequence[MappedChoice],
    dynamic: Sequence[DynamicValue],
    *,
    mapped_path: Path,
    dynamic_path: Path,
) -> AssignmentPlan:
    """Check assignments to an object (``None``: one being created); nothing is written."""
    problems = Problems()
    types = _Types(connection, object_type, problems)
    current = _current(connection, object_type, object_id)
    plan = AssignmentPlan(object_type)
    chosen: set[int] = set()
    for index, choice in enumerate(mapped):
        path: Path = (*mapped_path, index)
        attribute_type = types.get(choice.attribute_type_name, True, (*path, "attributeTypeName"))
        if attribute_type is None:
            continue
        if not _attribute_of(connection, attribute_type, choice.attribute_id, path, problems):
            continue
        if choice.attribute_id in chosen or choice.attribute_id in current.mapped:
            plan.warnings.append(
                MutationWarning(
                    f"Attribute {choice.attribute_id} is already assigned; skipped.", path
                )
            )
            continue
        chosen.add(choice.attribute_id)
        plan.add_mapped.append((attribute_type.id, choice.attribute_id))
    given: set[tuple[int, str]] = set()
    for index, entry in enumerate(dynamic):
        path = (*dynamic_path, index)
        attribute_type = types.get(entry.attribute_type_name, False, (*path, "attributeTypeName"))
        if attribute_type is None:
            continue
        element = attribute_type.element(entry.element_key)
        if element is None:
            problems.add(
                unknown_key_message(attribute_type, entry.element_key),
                (*path, "attributeElementKey"),
            )
            continue
        if (attribute_type.id, element.key) in given:
            problems.add(
                f'Element "{element.key}" of "{attribute_type.name}" is given twice.',
                (*path, "attributeElementKey"),
            )
            continue
        given.add((attribute_type.id, element.key))
        try:
            value = normalized_value(element, entry.value, (*path, "attributeElementValue"))
        except UserInputError as failure:
            problems.errors.extend(failure.errors)
            continue
        plan.dynamic.setdefault(attribute_type.id, {})[element.key] = value
    problems.raise_if_any()
    return plan


def plan_unassignment(
    connection: Connection,
    object_type: str,
    object_id: int,
    mapped: Sequence[MappedChoice],
    dynamic: Sequence[DynamicClear],
    *,
    mapped_path: Path,
    dynamic_path: Path,
) -> AssignmentPlan:
    problems = Problems()
    types = _Types(connection, object_type, problems)
    current = _current(connection, object_type, object_id)
    plan = AssignmentPlan(object_type)
    for index, choice in enumerate(mapped):
        path: Path = (*mapped_path, index)
        attribute_type = types.get(choice.attribute_type_name, True, (*path, "attributeTypeName"))
        if attribute_type is None:
            continue
        if not _attribute_of(connection, attribute_type, choice.attribute_id, path, problems):
            continue
        row_id = current.mapped.get(choice.attribute_id)
        if row_id is None or row_id in plan.remove_assignments:
            plan.warnings.append(
                MutationWarning(f"Attribute {choice.attribute_id} is not assigned; skipped.", path)
            )
            continue
        plan.remove_assignments.append(row_id)
    for index, entry in enumerate(dynamic):
        path = (*dynamic_path, index)
        attribute_type = types.get(entry.attribute_type_name, False, (*path, "attributeTypeName"))
        if attribute_type is None:
            continue
        key = entry.element_key
        if key is not None and attribute_type.element(key) is None:
            problems.add(unknown_key_message(attribute_type, key), (*path, "attributeElementKey"))
            continue
        values = current.dynamic.get(attribute_type.id, (0, {}))[1]
        if (key is None and not values) or (key is not None and key not in values):
            what = f'Element "{key}" of "{attribute_type.name}"' if key else attribute_type.name
            plan.warnings.append(MutationWarning(f"{what} has no value; skipped.", path))
            continue
        plan.dynamic.setdefault(attribute_type.id, {})[key or ALL_ELEMENTS] = None
    problems.raise_if_any()
    return plan


def _attribute_of(
    connection: Connection,
    attribute_type: AttributeType,
    attribute_id: int,
    path: Path,
    problems: Problems,
) -> bool:
    mapped = catalog.mapped_attributes
    type_id = connection.execute(
        select(mapped.c.attribute_type_id).where(mapped.c.id == attribute_id)
    ).scalar_one_or_none()
    if type_id is None:
        problems.add(f"Could not find Attribute with ID {attribute_id}.", (*path, "attributeId"))
        return False
    if type_id != attribute_type.id:
        problems.add(
            f'Attribute {attribute_id} is not of attribute type "{attribute_type.name}".',
            (*path, "attributeId"),
        )
        return False
    return True


def apply_assignment(connection: Connection, plan: AssignmentPlan, object_id: int) -> None:
    """Write a checked plan for the object (within the caller's transaction)."""
    if not plan.changes_anything:
        return
    rows = catalog.attribute_assignments
    if plan.remove_assignments:
        connection.execute(delete(rows).where(rows.c.id.in_(plan.remove_assignments)))
    if plan.add_mapped:
        connection.execute(
            insert(rows),
            [
                {
                    "object_type": plan.object_type,
                    "object_id": object_id,
                    "attribute_type_id": type_id,
                    "mapped_attribute_id": attribute_id,
                }
                for type_id, attribute_id in plan.add_mapped
            ],
        )
    current = _current(connection, plan.object_type, object_id).dynamic
    for type_id, changes in plan.dynamic.items():
        row_id, values = current.get(type_id, (None, {}))
        for key, value in changes.items():
            if key == ALL_ELEMENTS:
                values = {}
            elif value is None:
                values.pop(key, None)
            else:
                values[key] = value
        if row_id is None and values:
            connection.execute(
                insert(rows).values(
                    object_type=plan.object_type,
                    object_id=object_id,
                    attribute_type_id=type_id,
                    element_value=dump_values(values),
                )
            )
        elif row_id is not None and values:
            connection.execute(
                update(rows).where(rows.c.id == row_id).values(element_value=dump_values(values))
            )
        elif row_id is not None:
            connection.execute(delete(rows).where(rows.c.id == row_id))
    _touch(connection, plan.object_type, object_id)


def _touch(connection: Connection, object_type: str, object_id: int) -> None:
    table = metadata.tables[OBJECT_TYPES[object_type]]
    if "updated_at" in table.c:
        connection.execute(
            update(table).where(table.c.id == object_id).values(updated_at=utc_now())
        )


def delete_assignments(connection: Connection, object_type: str, object_id: int) -> None:
    """Remove every attribute of an object that is being deleted."""
    rows = catalog.attribute_assignments
    connection.execute(
        delete(rows).where(rows.c.object_type == object_type, rows.c.object_id == object_id)
    )
