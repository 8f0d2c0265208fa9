"""Attribute types: what custom attributes an object type has (reference 2.8).

The reference configures attribute types outside the API (Centra's config file), so there is
no GraphQL mutation for them: ``create_attribute_type`` is for the demo data and for tests.
A type is *mapped* (its values are pre-defined ``MappedAttribute`` rows, chosen per object) or
*dynamic* (each object stores its own values). A type has one or more elements, each with a
key and a kind; a value is a string checked by its element's kind:

    INPUT     one line of text (at most 255 characters)
    TEXTAREA  text, line breaks allowed
    BOOLEAN   "1" or "0" ("true"/"false" accepted), read as a choice of Yes/No
    SELECT    one of the element's option values, or with isMulti several, comma-separated
    IMAGE     an http(s) URL of a png, jpg or gif file
    FILE      an http(s) URL

An empty value means "no value": empty values are never stored, so never returned.

Storage: ``attribute_types.elements`` is a JSON array of
``{key, kind, description[, options: [{value, name}], isMulti]}``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import orjson
from sqlalchemy import Connection, insert, select

from mercato.catalog.media_urls import valid_image_url, valid_url
from mercato.db import catalog_tables as catalog
from mercato.db.unit_of_work import Writer
from mercato.errors import PathElement, UserError, UserInputError

#: Object types that carry attributes, as named in GraphQL (and in ``assignAttributes``).
OBJECT_TYPES: Mapping[str, str] = {
    "Product": "products",
    "ProductVariant": "product_variants",
    "ProductMedia": "product_media",
    "Display": "displays",
}

KINDS = ("INPUT", "TEXTAREA", "BOOLEAN", "SELECT", "IMAGE", "FILE")
#: Kinds whose values are text a person reads, so they can be translated.
TEXT_KINDS = frozenset({"INPUT", "TEXTAREA"})
MAX_INPUT_LENGTH = 255
MAX_TEXT_LENGTH = 65_535
MAX_NAME_LENGTH = 255
#: Type names and element keys: they appear in translation fields as
#: ``attributes.<typeName>.<elementKey>``, so no dots.
IDENTIFIER = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,99}$")
BOOLEAN_VALUES: Mapping[str, str] = {"1": "1", "0": "0", "true": "1", "false": "0"}

Path = tuple[PathElement, ...]
#: A stored value: a string, or for multi-select elements a list of option values.
StoredValue = str | list[str]


@dataclass(frozen=True)
class ChoiceOption:
    value: str
    name: str


@dataclass(frozen=True)
class ElementDefinition:
    key: str
    kind: str
    description: str
    options: tuple[ChoiceOption, ...] = ()
    is_multi: bool = False

    def option_name(self, value: str) -> str:
        if self.kind == "BOOLEAN":
            return "Yes" if value == "1" else "No"
        for option in self.options:
            if option.value == value:
                return option.name
        return value


@dataclass(frozen=True)
class AttributeType:
    id: int
    name: str
    description: str
    object_type: str
    is_mapped: bool
    elements: tuple[ElementDefinition, ...]

    def element(self, key: str) -> ElementDefinition | None:
        for element in self.elements:
            if element.key == key:
                return element
        return None


@dataclass(frozen=True)
class AttributeTypeCreate:
    name: str
    object_type: str
    is_mapped: bool
    elements: Sequence[ElementDefinition]
    description: str | None = None


@dataclass
class Problems:
    """Rule violations collected over a whole request, raised together."""

    errors: list[UserError] = field(default_factory=list)

    def add(self, message: str, path: Path) -> None:
        self.errors.append(UserError(message, path))

    def raise_if_any(self) -> None:
        if self.errors:
            raise UserInputError(self.errors)


# -- reading -------------------------------------------------------------------------------


@lru_cache(maxsize=512)
def element_definitions(text: str) -> tuple[ElementDefinition, ...]:
    """The element definitions stored as JSON (parsed once per distinct text)."""
    raw: list[dict[str, Any]] = orjson.loads(text)
    return tuple(
        ElementDefinition(
            key=str(item["key"]),
            kind=str(item["kind"]),
            description=str(item.get("description") or item["key"]),
            options=tuple(
                ChoiceOption(str(o["value"]), str(o.get("name") or o["value"]))
                for o in item.get("options") or ()
            ),
            is_multi=bool(item.get("isMulti")),
        )
        for item in raw
    )


def stored_values(text: str | None) -> dict[str, StoredValue]:
    """Element values stored as a JSON object (a mapped attribute's, or an object's dynamic
    attribute's)."""
    if not text:
        return {}
    values: dict[str, StoredValue] = orjson.loads(text)
    return values


def dump_values(values: Mapping[str, StoredValue]) -> str:
    return orjson.dumps(dict(values)).decode()


def type_row(connection: Connection, name: str) -> AttributeType | None:
    types = catalog.attribute_types
    row = connection.execute(select(types).where(types.c.name == name)).first()
    if row is None:
        return None
    return AttributeType(
        id=row.id,
        name=row.name,
        description=row.description or row.name,
        object_type=row.object_type,
        is_mapped=bool(row.is_mapped),
        elements=element_definitions(row.elements),
    )


def type_by_id(connection: Connection, type_id: int) -> AttributeType:
    types = catalog.attribute_types
    name = connection.execute(select(types.c.name).where(types.c.id == type_id)).scalar_one()
    found = type_row(connection, name)
    assert found is not None  # just read by its id in this transaction
    return found


def unknown_key_message(attribute_type: AttributeType, key: str) -> str:
    keys = ", ".join(e.key for e in attribute_type.elements)
    return f'Attribute type "{attribute_type.name}" has no element "{key}"; its elements: {keys}.'


# -- values --------------------------------------------------------------------------------


def normalized_value(element: ElementDefinition, value: str, path: Path) -> StoredValue | None:
    """The value to store for ``element``; ``None`` when the value is empty (no value)."""
    if value.strip() == "":
        return None
    kind = element.kind
    if kind == "INPUT":
        if "\n" in value or "\r" in value:
            raise UserInputError.single(
                f'Element "{element.key}" is a one-line input: no line breaks.', *path
            )
        return _limited(value, MAX_INPUT_LENGTH, element, path)
    if kind == "TEXTAREA":
        return _limited(value, MAX_TEXT_LENGTH, element, path)
    if kind == "BOOLEAN":
        normalized = BOOLEAN_VALUES.get(value.strip().lower())
        if normalized is None:
            raise UserInputError.single(
                f'Element "{element.key}" is a yes/no choice: give "1" or "0".', *path
            )
        return normalized
    if kind == "SELECT":
        return _choice(element, value, path)
    if kind == "IMAGE":
        return valid_image_url(value, path, f'The value of image element "{element.key}"')
    return valid_url(value, path, f'The value of file element "{element.key}"')


def _limited(value: str, limit: int, element: ElementDefinition, path: Path) -> str:
    if len(value) > limit:
        raise UserInputError.single(
            f'The value of element "{element.key}" has at most {limit} characters.', *path
        )
    return value


def _choice(element: ElementDefinition, value: str, path: Path) -> StoredValue:
    allowed = [o.value for o in element.options]
    chosen = [v.strip() for v in value.split(",")] if element.is_multi else [value.strip()]
    unknown = [v for v in chosen if v not in allowed]
    if unknown or (element.is_multi and len(set(chosen)) != len(chosen)):
        raise UserInputError.single(
            f'Element "{element.key}" takes '
            + ("comma-separated, distinct values among " if element.is_multi else "one of ")
            + ", ".join(allowed)
            + f"; got {value!r}.",
            *path,
        )
    return chosen if element.is_multi else chosen[0]


# -- configuring types (demo data, tests) ----------------------------------------------------


def create_attribute_type(writer: Writer, command: AttributeTypeCreate) -> int:
    """Define a new attribute type; all of its rules are checked before it is written."""
    name = _identifier(command.name, "An attribute type name")
    if command.object_type not in OBJECT_TYPES:
        raise UserInputError.single(
            f"Attributes exist on {', '.join(OBJECT_TYPES)} only, not {command.object_type}."
        )
    elements = _valid_elements(command.elements)
    description = (command.description or "").strip() or name
    if len(description) > MAX_NAME_LENGTH:
        raise UserInputError.single(
            f"An attribute type description has at most {MAX_NAME_LENGTH} characters."
        )
    with writer.begin("AttributeType") as work:
        connection = work.connection
        types = catalog.attribute_types
        if connection.execute(select(types.c.id).where(types.c.name == name)).first():
            raise UserInputError.single(f'An attribute type named "{name}" exists already.')
        type_id: int = connection.execute(
            insert(types)
            .values(
                name=name,
                description=description,
                object_type=command.object_type,
                is_mapped=command.is_mapped,
                elements=orjson.dumps([_element_json(e) for e in elements]).decode(),
            )
            .returning(types.c.id)
        ).scalar_one()
    return type_id


def _identifier(value: str, what: str) -> str:
    if not IDENTIFIER.match(value):
        raise UserInputError.single(
            f"{what} starts with a letter and has only letters, digits and _ "
            f"(at most 100 characters); got {value!r}."
        )
    return value


def _valid_elements(elements: Sequence[ElementDefinition]) -> list[ElementDefinition]:
    if not elements:
        raise UserInputError.single("An attribute type needs at least one element.")
    seen: set[str] = set()
    for element in elements:
        _identifier(element.key, "An element key")
        if element.key in seen:
            raise UserInputError.single(f'Element key "{element.key}" is given twice.')
        seen.add(element.key)
        if element.kind not in KINDS:
            raise UserInputError.single(
                f"An element kind is one of {', '.join(KINDS)}, not {element.kind}."
            )
        values = [o.value for o in element.options]
        if element.kind == "SELECT" and (not values or len(set(values)) != len(values)):
            raise UserInputError.single(
                f'Select element "{element.key}" needs options with distinct values.'
            )
        if any("," in v or not v.strip() for v in values):
            raise UserInputError.single(
                f'Option values of "{element.key}" are non-empty and have no commas.'
            )
    return list(elements)


def _element_json(element: ElementDefinition) -> dict[str, Any]:
    data: dict[str, Any] = {
        "key": element.key,
        "kind": element.kind,
        "description": element.description or element.key,
    }
    if element.kind == "SELECT":
        data["options"] = [{"value": o.value, "name": o.name} for o in element.options]
        data["isMulti"] = element.is_multi
    return data
