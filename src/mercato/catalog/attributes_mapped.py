"""Mapped attribute use cases (reference 2.8): ``create_attribute`` and ``update_attribute``,
the pre-defined values of a mapped attribute type (e.g. materials Wood, Steel), which
``assignAttributes`` then chooses per object.

Rules: a mapped attribute belongs to a mapped type, found by name; its name is unique within
its type; its values are for elements of its type, each at most once and checked by the
element's kind (see ``attributes_types``); an empty value removes an element's value. Every
problem of a request is reported at once and nothing is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, insert, select, update

from mercato.catalog.attributes_types import (
    MAX_NAME_LENGTH,
    AttributeType,
    Path,
    Problems,
    StoredValue,
    dump_values,
    normalized_value,
    stored_values,
    type_by_id,
    type_row,
    unknown_key_message,
)
from mercato.db import catalog_tables as catalog
from mercato.db.unit_of_work import Writer
from mercato.errors import UserInputError
from mercato.idconversion.references import Reference, resolve


@dataclass(frozen=True)
class ElementValue:
    key: str
    value: str


@dataclass(frozen=True)
class AttributeCreate:
    name: str
    attribute_type_name: str
    string_elements: Sequence[ElementValue] = ()


@dataclass(frozen=True)
class AttributeUpdate:
    """``name=None`` keeps the name; given elements replace those values (empty removes)."""

    name: str | None = None
    string_elements: Sequence[ElementValue] = ()


def create_attribute(writer: Writer, command: AttributeCreate) -> int:

    name = _valid_name(command.name)
    with writer.begin("MappedAttribute") as work:
        connection = work.connection
        attribute_type = _mapped_type(connection, command.attribute_type_name)
        _require_unique_name(connection, attribute_type, name, exclude=None)
        values = _element_values(attribute_type, {}, command.string_elements)
        attribute_id: int = connection.execute(
            insert(catalog.mapped_attributes)
            .values(attribute_type_id=attribute_type.id, name=name, elements=dump_values(values))
            .returning(catalog.mapped_attributes.c.id)
        ).scalar_one()
    return attribute_id


def update_attribute(writer: Writer, attribute: Reference, command: AttributeUpdate) -> int:
    name = None if command.name is None else _valid_name(command.name)
    mapped = catalog.mapped_attributes
    with writer.begin("MappedAttribute") as work:
        connection = work.connection
        attribute_id = resolve(work, "Attribute", attribute, ())
        row = connection.execute(select(mapped).where(mapped.c.id == attribute_id)).one()
        attribute_type = type_by_id(connection, row.attribute_type_id)
        values: dict[str, object] = {}
        if name is not None:
            _lock_type(connection, attribute_type)
            _require_unique_name(connection, attribute_type, name, exclude=attribute_id)
            values["name"] = name
        if command.string_elements:
            current = stored_values(row.elements)
            merged = _element_values(attribute_type, current, command.string_elements)
            values["elements"] = dump_values(merged)
        if values:
            connection.execute(update(mapped).where(mapped.c.id == attribute_id).values(values))
    return attribute_id


def _valid_name(name: str) -> str:
    cleaned = name.strip()
    if not cleaned:
        raise UserInputError.single("An attribute needs a name.", "input", "name")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise UserInputError.single(
            f"An attribute name has at most {MAX_NAME_LENGTH} characters.", "input", "name"
        )
    return cleaned


def _mapped_type(connection: Connection, type_name: str) -> AttributeType:
    path = ("input", "attributeTypeName")
    attribute_type = type_row(connection, type_name)
    if attribute_type is None:
        raise UserInputError.single(f'There is no attribute type named "{type_name}".', *path)
    if not attribute_type.is_mapped:
        raise UserInputError.single(
            f'"{type_name}" is a dynamic attribute type: its values are set per object with '
            "assignAttributes (dynamicAttributes), not created as attributes.",
            *path,
        )
    _lock_type(connection, attribute_type)
    return attribute_type


def _lock_type(connection: Connection, attribute_type: AttributeType) -> None:
    """Serializes name changes within a type (PostgreSQL), keeping names unique."""
    types = catalog.attribute_types
    connection.execute(select(types.c.id).where(types.c.id == attribute_type.id).with_for_update())


def _require_unique_name(
    connection: Connection, attribute_type: AttributeType, name: str, exclude: int | None
) -> None:
    mapped = catalog.mapped_attributes
    query = select(mapped.c.id).where(
        mapped.c.attribute_type_id == attribute_type.id, mapped.c.name == name
    )
    if exclude is not None:
        query = query.where(mapped.c.id != exclude)
    if connection.execute(query).first() is not None:
        raise UserInputError.single(
            f'Attribute type "{attribute_type.name}" already has an attribute named "{name}": '
            "names are unique within a type.",
            "input",
            "name",
        )


def _element_values(
    attribute_type: AttributeType,
    current: dict[str, StoredValue],
    given: Sequence[ElementValue],
) -> dict[str, StoredValue]:
    problems = Problems()
    merged = dict(current)
    seen: set[str] = set()
    for index, entry in enumerate(given):
        path: Path = ("input", "stringElements", index)
        element = attribute_type.element(entry.key)
        if element is None:
            problems.add(unknown_key_message(attribute_type, entry.key), (*path, "key"))
            continue
        if entry.key in seen:
            problems.add(f'Element "{entry.key}" is given twice.', (*path, "key"))
            continue
        seen.add(entry.key)
        try:
            value = normalized_value(element, entry.value, (*path, "value"))
        except UserInputError as failure:
            problems.errors.extend(failure.errors)
            continue
        if value is None:
            merged.pop(entry.key, None)
        else:
            merged[entry.key] = value
    problems.raise_if_any()
    # In the type's element order, so the stored JSON reads like the type.
    return {e.key: merged[e.key] for e in attribute_type.elements if e.key in merged}
