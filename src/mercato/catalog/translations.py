"""Translations (reference 2.8): ``set_translations`` and which fields can be translated.

Translatable fields per object type:
* Display: name, uri, metaDescription, metaKeywords, metaTitle, shortDescription, description
  (the reference's list);
* Product and ProductVariant: name (the only text of theirs a shopper reads; everything else
  a storefront shows lives on the display, or is a code);
* every text element (INPUT, TEXTAREA) of the object type's dynamic attribute types, as
  ``attributes.<typeName>.<elementKey>`` (mapped attributes are shared values, not per object).

Rules: the object and the language must exist (a store-restricted token finds the displays of
its store only), and the language must be available for
localization (active); each field at most once per request; a null or empty value removes the
translation (the default language's text applies again); name, uri and metaTitle hold at most
255 characters, the other fields 65 535; a translated uri follows the uri rules (lowercase
letters, digits, - and _). Everything is checked before the first write, and setting
translations touches the object's ``updatedAt``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy import Connection, delete, insert, select, update

from mercato.catalog.attributes_types import TEXT_KINDS, Path, Problems, element_definitions
from mercato.clock import utc_now
from mercato.db import catalog_tables as catalog
from mercato.db import tables
from mercato.db.unit_of_work import UnitOfWork, Writer
from mercato.errors import MutationWarning, UserInputError
from mercato.idconversion.references import Reference, resolve

#: Object types that can be translated, and their own translatable fields.
STATIC_FIELDS: Mapping[str, tuple[str, ...]] = {
    "Product": ("name",),
    "ProductVariant": ("name",),
    "Display": (
        "name",
        "uri",
        "metaDescription",
        "metaKeywords",
        "metaTitle",
        "shortDescription",
        "description",
    ),
    # A country's name as shoppers read it (the Occtoo provider reads
    # countryOfOrigin { name translations { ... } }).
    "Country": ("name",),
}
OBJECT_TABLES: Mapping[str, str] = {
    "Product": "products",
    "ProductVariant": "product_variants",
    "Display": "displays",
    "Country": "countries",
}
SHORT_FIELDS = frozenset({"name", "uri", "metaTitle"})
MAX_SHORT_LENGTH = 255
MAX_TEXT_LENGTH = 65_535
ATTRIBUTE_PREFIX = "attributes."
_URI = re.compile(r"[a-z0-9_-]*[a-z0-9][a-z0-9_-]*")


@dataclass(frozen=True)
class TranslationEntry:
    field: str
    #: ``None`` (or empty) removes the translation.
    value: str | None


@dataclass(frozen=True)
class TranslationsSet:
    object_type: str
    object_id: int
    language: Reference
    translations: Sequence[TranslationEntry]


@dataclass
class TranslationsResult:
    object_type: str
    object_id: int
    warnings: list[MutationWarning] = field(default_factory=list)


@dataclass(frozen=True)
class TypeFacts:
    """What translations need to know of an attribute type."""

    name: str
    object_type: str
    is_mapped: bool
    elements_json: str


def translatable_fields(object_type: str, attribute_types: Iterable[TypeFacts]) -> list[str]:
    """The object type's own fields, then its dynamic attributes' text elements."""
    fields = list(STATIC_FIELDS[object_type])
    for facts in attribute_types:
        if facts.object_type != object_type or facts.is_mapped:
            continue
        fields.extend(
            f"{ATTRIBUTE_PREFIX}{facts.name}.{element.key}"
            for element in element_definitions(facts.elements_json)
            if element.kind in TEXT_KINDS
        )
    return fields


def set_translations(
    writer: Writer,
    command: TranslationsSet,
) -> TranslationsResult:
    """A store-restricted token translates its store's displays only (it finds no other)."""
    if command.object_type not in STATIC_FIELDS:
        raise UserInputError.single(
            f"Translations exist for {', '.join(STATIC_FIELDS)} only, not {command.object_type}.",
            "input",
            "objectType",
        )
    with writer.begin(command.object_type) as work:
        connection = work.connection
        object_id = resolve(
            work,
            command.object_type,
            Reference(id=command.object_id),
            ("input", "objectId"),
        )
        table = tables.metadata.tables[OBJECT_TABLES[command.object_type]]
        # Serializes writers on one object (PostgreSQL; SQLite writers queue anyway), so two
        # requests adding the same translation cannot both insert it.
        connection.execute(select(table.c.id).where(table.c.id == object_id).with_for_update())
        language_id = _localizable_language(work, command.language)
        allowed = set(translatable_fields(command.object_type, _attribute_types(connection)))
        changes = _checked(command, allowed)
        result = TranslationsResult(command.object_type, object_id)
        _write(connection, command.object_type, object_id, language_id, changes, result)
    return result


def _attribute_types(connection: Connection) -> list[TypeFacts]:
    types = catalog.attribute_types
    return [
        TypeFacts(r.name, r.object_type, bool(r.is_mapped), r.elements)
        for r in connection.execute(
            select(types.c.name, types.c.object_type, types.c.is_mapped, types.c.elements)
        )
    ]


def _localizable_language(work: UnitOfWork, language: Reference) -> int:
    connection = work.connection
    path = ("input", "language")
    language_id = resolve(work, "Language", language, path)
    languages = tables.languages
    row = connection.execute(
        select(languages.c.code, languages.c.is_active).where(languages.c.id == language_id)
    ).one()
    if not row.is_active:
        raise UserInputError.single(
            f'Language "{row.code}" is not available for localization: activate it first.', *path
        )
    return language_id


def _checked(command: TranslationsSet, allowed: set[str]) -> dict[str, tuple[str | None, int]]:
    """Field -> (new value or None to remove, index of the entry)."""
    problems = Problems()
    changes: dict[str, tuple[str | None, int]] = {}
    for index, entry in enumerate(command.translations):
        path: Path = ("input", "translations", index)
        if entry.field not in allowed:
            problems.add(
                f'"{entry.field}" is not a translatable field of {command.object_type}; '
                "translatableFields lists them.",
                (*path, "field"),
            )
            continue
        if entry.field in changes:
            problems.add(f'"{entry.field}" is given twice.', (*path, "field"))
            continue
        value = entry.value if entry.value and entry.value.strip() else None
        problem = None if value is None else _value_problem(entry.field, value)
        if problem is not None:
            problems.add(problem, (*path, "value"))
            continue
        changes[entry.field] = (value, index)
    problems.raise_if_any()
    return changes


def _value_problem(field_name: str, value: str) -> str | None:
    limit = MAX_SHORT_LENGTH if field_name in SHORT_FIELDS else MAX_TEXT_LENGTH
    if len(value) > limit:
        return f"A translated {field_name} has at most {limit} characters."
    if field_name == "uri" and _URI.fullmatch(value) is None:
        return f'"{value}" is not a valid uri: use lowercase letters a-z, digits, "-" and "_".'
    return None


def _write(
    connection: Connection,
    object_type: str,
    object_id: int,
    language_id: int,
    changes: Mapping[str, tuple[str | None, int]],
    result: TranslationsResult,
) -> None:
    if not changes:
        return
    rows = catalog.translations
    owned = (
        rows.c.object_type == object_type,
        rows.c.object_id == object_id,
        rows.c.language_id == language_id,
    )
    existing = dict(
        connection.execute(
            select(rows.c.field, rows.c.id).where(*owned, rows.c.field.in_(list(changes)))
        ).all()
    )
    removed = [existing[f] for f, (v, _) in changes.items() if v is None and f in existing]
    result.warnings.extend(
        MutationWarning(
            f'"{f}" has no translation in this language; nothing removed.',
            ("input", "translations", index),
        )
        for f, (v, index) in changes.items()
        if v is None and f not in existing
    )
    if removed:
        connection.execute(delete(rows).where(rows.c.id.in_(removed)))
    for field_name, (value, _) in changes.items():
        if value is None:
            continue
        if field_name in existing:
            connection.execute(
                update(rows).where(rows.c.id == existing[field_name]).values(value=value)
            )
        else:
            connection.execute(
                insert(rows).values(
                    object_type=object_type,
                    object_id=object_id,
                    language_id=language_id,
                    field=field_name,
                    value=value,
                )
            )
    written = removed or [v for v, _ in changes.values() if v is not None]
    table = tables.metadata.tables[OBJECT_TABLES[object_type]]
    if written and "updated_at" in table.c:
        connection.execute(
            update(table).where(table.c.id == object_id).values(updated_at=utc_now())
        )


def delete_translations(connection: Connection, object_type: str, object_id: int) -> None:
    """Remove every translation of an object that is being deleted."""
    rows = catalog.translations
    connection.execute(
        delete(rows).where(rows.c.object_type == object_type, rows.c.object_id == object_id)
    )
