"""The attributes, translations and media part of the API: field maps, root fields, mutation
handlers, and the fields it adds to products and variants (``attributes``, ``translations``,
``media``).

Reading attributes or translations of a list of objects takes one statement per level. An
object's assigned attributes and its translations live in shared tables keyed by
(object_type, object_id), so each list is a ToMany through a "link" that is a subquery picking
the rows of one object type (``_owned``); the assigned attribute itself is a subquery joining
its type and its mapped attribute, so its elements are built from its own row. Both
databases flatten these subqueries into index lookups (checked with EXPLAIN on each).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from mercato.api.common import Handler, by_name, columns, create_once, ok, once, writer
from mercato.catalog import attributes, attributes_mapped, media, translations
from mercato.catalog.attributes_types import (
    ElementDefinition,
    StoredValue,
    element_definitions,
    stored_values,
)
from mercato.catalog.media_urls import image_mime_type
from mercato.db.unit_of_work import Created
from mercato.errors import UserInputError
from mercato.graphql.context import Reader, RequestContext
from mercato.graphql.executor import Ref
from mercato.graphql.fieldmap import (
    Column,
    Computed,
    FieldSource,
    ObjectMap,
    RootField,
    RootList,
    RootValue,
    ToMany,
    ToOne,
)
from mercato.graphql.filters import Equals, InList, Text
from mercato.idconversion.references import Reference

# -- field maps ----------------------------------------------------------------------------

#: One row per assigned attribute, with what its elements are built from.
_ASSIGNED_ATTRIBUTES = (
    "(SELECT a.id, a.object_type, a.object_id, a.attribute_type_id, a.element_value,"
    " ty.description AS type_description, ty.name AS type_name, ty.elements AS type_elements,"
    " m.elements AS mapped_elements"
    " FROM attribute_assignments a"
    " JOIN attribute_types ty ON ty.id = a.attribute_type_id"
    " LEFT JOIN mapped_attributes m ON m.id = a.mapped_attribute_id)"
)

_MAPPED_ATTRIBUTES = (
    "(SELECT m.id, m.name, m.description, m.attribute_type_id, m.elements,"
    " ty.name AS type_name, ty.description AS type_description, ty.object_type,"
    " ty.elements AS type_elements"
    " FROM mapped_attributes m JOIN attribute_types ty ON ty.id = m.attribute_type_id)"
)

#: One row per (object, language) that has translations: the language's first row.
_TRANSLATIONS = (
    "(SELECT x.id, x.object_type, x.object_id, x.language_id FROM translations x"
    " WHERE NOT EXISTS (SELECT 1 FROM translations y WHERE y.object_type = x.object_type"
    " AND y.object_id = x.object_id AND y.language_id = x.language_id AND y.id < x.id))"
)

#: Pairs (first row of an object's language, every row of that object's language).
_TRANSLATION_FIELDS_LINK = (
    "(SELECT g.id AS group_id, x.id AS translation_id FROM translations g"
    " JOIN translations x ON x.object_type = g.object_type AND x.object_id = g.object_id"
    " AND x.language_id = g.language_id)"
)

ELEMENT_TYPES: Mapping[str, str] = {
    "INPUT": "AttributeStringElement",
    "TEXTAREA": "AttributeStringElement",
    "BOOLEAN": "AttributeChoiceElement",
    "SELECT": "AttributeChoiceElement",
    "IMAGE": "AttributeImageElement",
    "FILE": "AttributeFileElement",
}

ORIGINAL_SIZE: Mapping[str, Any] = {
    "name": "original",
    "quality": None,
    "maxWidth": None,
    "maxHeight": None,
    "mimeType": None,
}


def _owned(table: str, object_type: str, key: str) -> str:
    """A link subquery: ``owner_id`` -> row ``key`` for the rows of one object type.

    ``object_type`` is one of this module's constants, never request input."""
    return (
        f"(SELECT id AS {key}, object_id AS owner_id FROM {table}"
        f" WHERE object_type = '{object_type}')"
    )


def _attributes_of(object_type: str) -> ToMany:
    return ToMany(
        "AssignedAttribute",
        link_table=_owned("attribute_assignments", object_type, "assignment_id"),
        link_parent="owner_id",
        link_child="assignment_id",
        order_by=("attribute_type_id", "id"),
    )


def _translations_of(object_type: str) -> ToMany:
    return ToMany(
        "Translation",
        link_table=_owned("translations", object_type, "translation_id"),
        link_parent="owner_id",
        link_child="translation_id",
        order_by=("language_id",),
    )


def _render(
    definitions: Sequence[ElementDefinition], values: Mapping[str, StoredValue]
) -> list[dict[str, Any]]:
    """The elements that have a value, in the type's order (empty values are not returned)."""
    rendered: list[dict[str, Any]] = []
    for element in definitions:
        value = values.get(element.key)
        type_name = ELEMENT_TYPES.get(element.kind)
        if value in (None, "", []) or type_name is None:
            continue
        item: dict[str, Any] = {
            "__typename": type_name,
            "key": element.key,
            "description": element.description,
            "kind": element.kind,
        }
        if type_name == "AttributeStringElement":
            item["value"] = str(value)
        elif type_name == "AttributeChoiceElement":
            chosen = [str(v) for v in value] if isinstance(value, list) else [str(value)]
            item["isMulti"] = element.is_multi
            item["selectedValue"] = ",".join(chosen)
            item["selectedValueName"] = ", ".join(element.option_name(v) for v in chosen)
        elif type_name == "AttributeImageElement":
            item.update(
                url=str(value), width=None, height=None, mimeType=image_mime_type(str(value))
            )
        else:
            item["url"] = str(value)
        rendered.append(item)
    return rendered


def _assigned_elements(
    type_elements: str, element_value: str | None, mapped_elements: str | None
) -> list[dict[str, Any]]:
    values = stored_values(mapped_elements if mapped_elements is not None else element_value)
    return _render(element_definitions(type_elements), values)


def _mapped_elements(type_elements: str, elements: str) -> list[dict[str, Any]]:
    return _render(element_definitions(type_elements), stored_values(elements))


def _type_elements(text: str) -> list[dict[str, Any]]:
    return [
        {
            "key": e.key,
            "description": e.description,
            "kind": e.kind,
            "isMulti": e.is_multi,
            "options": [{"value": o.value, "name": o.name} for o in e.options],
        }
        for e in element_definitions(text)
    ]


def _description(own: str | None, fallback: str) -> str:
    return own or fallback


def _source(url: str, media_type: str) -> dict[str, Any]:
    """Mercato keeps originals only, so every size is the original."""
    return {
        "mediaSize": ORIGINAL_SIZE,
        "url": url,
        "mimeType": image_mime_type(url) or "application/octet-stream",
        "type": media_type,
    }


OBJECTS: Mapping[str, ObjectMap] = by_name(
    ObjectMap(
        "AttributeType",
        "attribute_types",
        {
            **columns(
                ("id", "id"),
                ("name", "name"),
                ("objectType", "object_type"),
                ("isMapped", "is_mapped"),
            ),
            "description": Computed(("description", "name"), _description),
            "elements": Computed(("elements",), _type_elements),
        },
    ),
    ObjectMap(
        "MappedAttribute",
        _MAPPED_ATTRIBUTES,
        {
            **columns(("id", "id"), ("name", "name"), ("objectType", "object_type")),
            "description": Computed(("description", "type_description"), _description),
            "type": ToOne("AttributeType", "attribute_type_id"),
            "elements": Computed(("type_elements", "elements"), _mapped_elements),
        },
    ),
    ObjectMap(
        "AssignedAttribute",
        _ASSIGNED_ATTRIBUTES,
        {
            "type": ToOne("AttributeType", "attribute_type_id"),
            "description": Computed(("type_description", "type_name"), _description),
            "objectType": Column("object_type"),
            "elements": Computed(
                ("type_elements", "element_value", "mapped_elements"), _assigned_elements
            ),
        },
    ),
    ObjectMap(
        "Translation",
        _TRANSLATIONS,
        {
            "language": ToOne("Language", "language_id"),
            "fields": ToMany(
                "TranslatedField",
                link_table=_TRANSLATION_FIELDS_LINK,
                link_parent="group_id",
                link_child="translation_id",
                order_by=("field",),
            ),
        },
    ),
    ObjectMap("TranslatedField", "translations", columns(("field", "field"), ("value", "value"))),
    ObjectMap(
        "ProductMedia",
        "product_media",
        {
            **columns(("id", "id"), ("metaDataJSON", "meta_data_json"), ("position", "position")),
            "product": ToOne("Product", "product_id"),
            "productVariant": ToOne("ProductVariant", "product_variant_id"),
            "source": Computed(("url", "media_type"), _source),
            "attributes": _attributes_of("ProductMedia"),
        },
    ),
)

#: Fields this domain adds to the products domain's types.
EXTENSIONS: Mapping[str, Mapping[str, FieldSource]] = {
    "Product": {
        "attributes": _attributes_of("Product"),
        "translations": _translations_of("Product"),
        "media": ToMany("ProductMedia", child_key="product_id", order_by=("position", "id")),
    },
    "ProductVariant": {
        "attributes": _attributes_of("ProductVariant"),
        "translations": _translations_of("ProductVariant"),
        "media": ToMany(
            "ProductMedia", child_key="product_variant_id", order_by=("position", "id")
        ),
    },
    "Display": {
        "attributes": _attributes_of("Display"),
        "translations": _translations_of("Display"),
    },
    "Country": {"translations": _translations_of("Country")},
}

# -- root fields ---------------------------------------------------------------------------


def _reader(context: RequestContext) -> Reader:
    reader = context.reader
    if reader is None:
        raise RuntimeError("No read transaction is open.")
    return reader


def _translatable_fields(
    context: RequestContext, arguments: dict[str, Any]
) -> list[dict[str, Any]]:
    wanted = (arguments.get("where") or {}).get("objectType")
    rows = _reader(context).fetch_all(
        "SELECT name, object_type, is_mapped, elements FROM attribute_types ORDER BY id"
    )
    facts = [translations.TypeFacts(r[0], r[1], bool(r[2]), r[3]) for r in rows]
    return [
        {"objectType": object_type, "fields": translations.translatable_fields(object_type, facts)}
        for object_type in TRANSLATABLE_OBJECT_TYPES
        if not wanted or object_type in wanted
    ]


def _media_sizes(_context: RequestContext, _arguments: dict[str, Any]) -> list[Mapping[str, Any]]:
    return [ORIGINAL_SIZE]


def _media_batch(context: RequestContext, arguments: dict[str, Any]) -> dict[str, Any] | None:
    ids = media.decode_queue_id(arguments["queueId"])
    if ids is None:
        return None
    condition, parameters = context.dialect.in_list("id", list(ids))
    rows = _reader(context).fetch_all(
        "SELECT id, product_id, product_variant_id, media_type, url FROM product_media"
        f" WHERE {condition}",
        parameters,
    )
    found = {row[0]: row for row in rows}
    if not found:
        return None
    return {
        "status": "COMPLETED",
        "productMedia": [
            {
                "productId": row[1],
                "variantId": row[2],
                "mediaType": row[3],
                "url": row[4],
                "key": str(row[0]),
                "completed": True,
            }
            for row in (found[i] for i in ids if i in found)
        ],
    }


#: The object types ``translatableFields`` and ``setTranslations`` offer (the API's enum).
TRANSLATABLE_OBJECT_TYPES = ("Product", "ProductVariant", "Display", "Country")

ROOTS: Mapping[str, RootField] = {
    "attributeTypes": RootList(
        "AttributeType",
        filters={
            "name": Text("name"),
            "objectType": Equals("object_type"),
            "isMapped": Equals("is_mapped"),
        },
        sorts={"id": ("id",)},
        paging="optional",
    ),
    "mappedAttributes": RootList(
        "MappedAttribute",
        filters={
            "id": InList("id"),
            "typeName": Text("type_name"),
            "name": Text("name"),
            "objectType": Equals("object_type"),
        },
        sorts={"id": ("id",), "name": ("name",)},
    ),
    "translatableFields": RootValue(_translatable_fields),
    "mediaSizes": RootValue(_media_sizes),
    "mediaBatch": RootValue(_media_batch),
}

# -- mutations -----------------------------------------------------------------------------


def _element_values(
    values: list[Mapping[str, Any]] | None,
) -> tuple[attributes_mapped.ElementValue, ...]:
    return tuple(attributes_mapped.ElementValue(v["key"], v["value"]) for v in values or ())


def _mapped(values: list[Mapping[str, Any]] | None) -> tuple[attributes.MappedChoice, ...]:
    return tuple(
        attributes.MappedChoice(v["attributeTypeName"], v["attributeId"]) for v in values or ()
    )


def attribute_changes(
    context: RequestContext, object_type: str, data: Mapping[str, Any]
) -> attributes.AttributeChanges:
    """The ``assign*``/``unassign*`` attribute members of a create or update input. They need
    ``<Type>.attributes:write`` besides the mutation's own permission."""
    changes = attributes.AttributeChanges(
        assign_mapped=_mapped(data.get("assignMappedAttributes")),
        assign_dynamic=tuple(
            attributes.DynamicValue(
                v["attributeTypeName"], v["attributeElementKey"], v["attributeElementValue"]
            )
            for v in data.get("assignDynamicAttributes") or ()
        ),
        unassign_mapped=_mapped(data.get("unassignMappedAttributes")),
        unassign_dynamic=tuple(
            attributes.DynamicClear(v["attributeTypeName"], v.get("attributeElementKey"))
            for v in data.get("unassignDynamicAttributes") or ()
        ),
    )
    permission = f"{object_type}.attributes:write"
    if changes.given:
        context.permissions_used.add(permission)
    if changes.given and not context.grants.allows(permission):
        member = next(
            name
            for name in (
                "assignMappedAttributes",
                "assignDynamicAttributes",
                "unassignMappedAttributes",
                "unassignDynamicAttributes",
            )
            if data.get(name)
        )
        raise UserInputError.single(
            f"You need {permission} permission to change attributes here.", "input", member
        )
    return changes


def create_attribute(context: RequestContext, arguments: dict[str, Any]) -> dict[str, Any]:
    data = arguments["input"]
    command = attributes_mapped.AttributeCreate(
        name=data["name"],
        attribute_type_name=data["attributeTypeName"],
        string_elements=_element_values(data.get("stringElements")),
    )
    created = create_once(
        context,
        "createAttribute",
        "MappedAttribute",
        data,
        lambda writer: Created(attributes_mapped.create_attribute(writer, command)),
    )
    return ok(attribute=Ref("MappedAttribute", created.id))


def update_attribute(context: RequestContext, arguments: dict[str, Any]) -> dict[str, Any]:
    data = arguments["input"]
    attribute_id = attributes_mapped.update_attribute(
        writer(context),
        Reference(id=arguments["id"]),
        attributes_mapped.AttributeUpdate(
            name=data.get("name"), string_elements=_element_values(data.get("stringElements"))
        ),
    )
    return ok(attribute=Ref("MappedAttribute", attribute_id))


def assign_attributes(context: RequestContext, arguments: dict[str, Any]) -> dict[str, Any]:
    data = arguments["input"]
    result = attributes.assign_attributes(
        writer(context),
        attributes.AttributesAssign(
            object_type=data["objectType"],
            object_id=data["objectId"],
            mapped=_mapped(data.get("mappedAttributes")),
            dynamic=tuple(
                attributes.DynamicValue(
                    v["attributeTypeName"], v["attributeElementKey"], v["attributeElementValue"]
                )
                for v in data.get("dynamicAttributes") or ()
            ),
        ),
    )
    return {
        **ok(object=Ref(result.object_type, result.object_id)),
        "userWarnings": result.warnings,
    }


def unassign_attributes(context: RequestContext, arguments: dict[str, Any]) -> dict[str, Any]:
    data = arguments["input"]
    result = attributes.unassign_attributes(
        writer(context),
        attributes.AttributesUnassign(
            object_type=data["objectType"],
            object_id=data["objectId"],
            mapped=_mapped(data.get("mappedAttributes")),
            dynamic=tuple(
                attributes.DynamicClear(v["attributeTypeName"], v.get("attributeElementKey"))
                for v in data.get("dynamicAttributes") or ()
            ),
        ),
    )
    return {
        **ok(object=Ref(result.object_type, result.object_id)),
        "userWarnings": result.warnings,
    }


def set_translations(context: RequestContext, arguments: dict[str, Any]) -> dict[str, Any]:
    data = arguments["input"]
    result = translations.set_translations(
        writer(context),
        translations.TranslationsSet(
            object_type=data["objectType"],
            object_id=data["objectId"],
            language=Reference(
                data["language"].get("id"),
                data["language"].get("externalId"),
                data["language"].get("code"),
            ),
            translations=tuple(
                translations.TranslationEntry(t["field"], t.get("value"))
                for t in data["translations"]
            ),
        ),
    )
    return {
        **ok(object=Ref(result.object_type, result.object_id)),
        "userWarnings": result.warnings,
    }


def create_media_batch(context: RequestContext, arguments: dict[str, Any]) -> dict[str, Any]:
    data = arguments["input"]
    items = [
        media.MediaBatchItem(
            product_id=item["productId"],
            url=item["url"],
            variant_id=item.get("variantId"),
            meta_data_json=item.get("metaDataJSON"),
            media_type=item.get("mediaType") or "IMAGE",
        )
        for item in data["productMedia"]
    ]
    result = once(
        context,
        "createMediaBatch",
        "ProductMedia",
        data,
        lambda writer: media.create_media_batch(writer, items),
        media.MEDIA_BATCH_CODEC,
    )
    return ok(queueId=result.queue_id)


def update_product_media(context: RequestContext, arguments: dict[str, Any]) -> dict[str, Any]:
    data = arguments["input"]
    media_id = media.update_product_media(
        writer(context),
        Reference(id=arguments["id"]),
        media.ProductMediaUpdate(
            meta_data_json=data.get("metaDataJSON"), position=data.get("position")
        ),
    )
    return ok(productMedia=Ref("ProductMedia", media_id))


def delete_product_media(context: RequestContext, arguments: dict[str, Any]) -> dict[str, Any]:
    media.delete_product_media(writer(context), Reference(id=arguments["id"]))
    return ok()


MUTATIONS: Mapping[str, Handler] = {
    "createAttribute": create_attribute,
    "updateAttribute": update_attribute,
    "assignAttributes": assign_attributes,
    "unassignAttributes": unassign_attributes,
    "setTranslations": set_translations,
    "createMediaBatch": create_media_batch,
    "updateProductMedia": update_product_media,
    "deleteProductMedia": delete_product_media,
}
