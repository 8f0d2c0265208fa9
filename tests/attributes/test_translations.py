"""Translations: which fields can be translated, setting and removing translations, and reading
them on products, variants and displays."""

from __future__ import annotations

from typing import Any

import pytest

from mercato.db.database import Database
from tests.attributes.documents import (
    SET_TRANSLATIONS,
    TRANSLATIONS,
    make_display,
    set_translations,
)
from tests.factories import make_product
from tests.support import Api


def _translations(api: Api, root: str, object_id: int) -> list[dict[str, Any]]:
    data = api.ok(f"query($id: Int!) {{ {root}(id: $id) {{ {TRANSLATIONS} }} }}", {"id": object_id})
    result: list[dict[str, Any]] = data[root]["translations"]
    return result


def test_translatable_fields_of_every_object_type(api: Api) -> None:
    data = api.ok(
        """{
          all: translatableFields { objectType fields }
          display: translatableFields(where: {objectType: [Display]}) { objectType }
        }"""
    )
    assert data["all"] == [
        {"objectType": "Product", "fields": ["name", "attributes.pr_long_name.text"]},
        {"objectType": "ProductVariant", "fields": ["name", "attributes.var_care.text"]},
        {
            "objectType": "Display",
            "fields": [
                "name",
                "uri",
                "metaDescription",
                "metaKeywords",
                "metaTitle",
                "shortDescription",
                "description",
            ],
        },
        {"objectType": "Country", "fields": ["name"]},
    ]
    assert data["display"] == [{"objectType": "Display"}]


def test_setting_reading_and_removing_product_translations(api: Api, database: Database) -> None:
    product = make_product(database)

    first = set_translations(
        api,
        objectType="Product",
        objectId=product.product_id,
        language={"code": "sv"},
        translations=[
            {"field": "name", "value": "Tröja"},
            {"field": "attributes.pr_long_name.text", "value": "En mycket lång tröja"},
        ],
    )
    english = set_translations(
        api,
        objectType="Product",
        objectId=product.product_id,
        language={"id": 1},
        translations=[{"field": "name", "value": "Jumper"}],
    )

    assert first == english == {"userErrors": [], "userWarnings": []}
    assert _translations(api, "product", product.product_id) == [
        {"language": {"code": "en"}, "fields": [{"field": "name", "value": "Jumper"}]},
        {
            "language": {"code": "sv"},
            "fields": [
                {"field": "attributes.pr_long_name.text", "value": "En mycket lång tröja"},
                {"field": "name", "value": "Tröja"},
            ],
        },
    ]

    changed = set_translations(
        api,
        objectType="Product",
        objectId=product.product_id,
        language={"code": "sv"},
        translations=[
            {"field": "name", "value": "Stickad tröja"},
            {"field": "attributes.pr_long_name.text", "value": None},
        ],
    )
    removed = set_translations(
        api,
        objectType="Product",
        objectId=product.product_id,
        language={"code": "en"},
        translations=[{"field": "name", "value": ""}, {"field": "attributes.pr_long_name.text"}],
    )

    assert changed == {"userErrors": [], "userWarnings": []}
    assert removed["userWarnings"] == [
        {
            "message": '"attributes.pr_long_name.text" has no translation in this language; nothing removed.',
            "path": ["input", "translations", "1"],
        }
    ]
    assert _translations(api, "product", product.product_id) == [
        {"language": {"code": "sv"}, "fields": [{"field": "name", "value": "Stickad tröja"}]}
    ]
    assert _translations(api, "productVariant", product.variant_ids[0]) == []


def test_variant_and_display_translations(api: Api, database: Database) -> None:
    product = make_product(database)
    display = make_display(database, product.product_id)

    variant = set_translations(
        api,
        objectType="ProductVariant",
        objectId=product.variant_ids[1],
        language={"code": "sv"},
        translations=[
            {"field": "name", "value": "Blå"},
            {"field": "attributes.var_care.text", "value": "Handtvätt"},
        ],
    )
    shown = set_translations(
        api,
        objectType="Display",
        objectId=display,
        language={"code": "sv"},
        translations=[
            {"field": "uri", "value": "stickad-troja"},
            {"field": "description", "value": "Varm och mjuk."},
            {"field": "metaTitle", "value": "Tröja"},
        ],
    )

    assert variant["userErrors"] == shown["userErrors"] == []
    assert _translations(api, "productVariant", product.variant_ids[1])[0]["fields"] == [
        {"field": "attributes.var_care.text", "value": "Handtvätt"},
        {"field": "name", "value": "Blå"},
    ]
    assert _translations(api, "productVariant", product.variant_ids[0]) == []
    assert _translations(api, "display", display)[0]["fields"] == [
        {"field": "description", "value": "Varm och mjuk."},
        {"field": "metaTitle", "value": "Tröja"},
        {"field": "uri", "value": "stickad-troja"},
    ]
    assert _translations(api, "product", product.product_id) == []


@pytest.mark.parametrize(
    ("input_", "message", "path"),
    [
        ({"objectId": 999}, "Could not find Product with ID 999", ["input", "objectId"]),
        (
            {"language": {"code": "xx"}},
            'Could not find Language with code "xx"',
            ["input", "language"],
        ),
        ({"language": {"id": 1, "code": "sv"}}, "exactly one of", ["input", "language"]),
        (
            {"language": {"code": "de"}},
            'Language "de" is not available for localization',
            ["input", "language"],
        ),
        (
            {"translations": [{"field": "description", "value": "x"}]},
            '"description" is not a translatable field of Product',
            ["input", "translations", "0", "field"],
        ),
        (
            {"translations": [{"field": "attributes.pr_materials.text", "value": "x"}]},
            "not a translatable field",
            ["input", "translations", "0", "field"],
        ),
        (
            {"translations": [{"field": "attributes.pr_eco.eco", "value": "1"}]},
            "not a translatable field",
            ["input", "translations", "0", "field"],
        ),
        (
            {"translations": [{"field": "name", "value": "a"}, {"field": "name", "value": "b"}]},
            '"name" is given twice',
            ["input", "translations", "1", "field"],
        ),
        (
            {"translations": [{"field": "name", "value": "x" * 256}]},
            "at most 255 characters",
            ["input", "translations", "0", "value"],
        ),
    ],
)
def test_bad_translations_give_user_errors_and_change_nothing(
    api: Api, database: Database, input_: dict[str, Any], message: str, path: list[str]
) -> None:
    product = make_product(database)
    set_translations(
        api,
        objectType="Product",
        objectId=product.product_id,
        language={"code": "sv"},
        translations=[{"field": "name", "value": "Tröja"}],
    )
    query = f"query($id: Int) {{ product(id: $id) {{ updatedAt {TRANSLATIONS} }} }}"
    before = api.ok(query, {"id": product.product_id})

    result = set_translations(
        api,
        **{
            "objectType": "Product",
            "objectId": product.product_id,
            "language": {"code": "sv"},
            "translations": [{"field": "name", "value": "Ny"}],
            **input_,
        },
    )

    (error,) = result["userErrors"]
    assert message in error["message"]
    assert error["path"] == path
    assert api.ok(query, {"id": product.product_id}) == before


def test_a_translated_display_uri_follows_the_uri_rules(api: Api, database: Database) -> None:
    display = make_display(database, make_product(database).product_id)

    result = set_translations(
        api,
        objectType="Display",
        objectId=display,
        language={"code": "sv"},
        translations=[{"field": "uri", "value": "Stickad Tröja"}],
    )

    assert result["userErrors"][0]["path"] == ["input", "translations", "0", "value"]
    assert "not a valid uri" in result["userErrors"][0]["message"]
    assert _translations(api, "display", display) == []


def test_translations_need_translation_read_and_language_read(api: Api, database: Database) -> None:
    product = make_product(database)
    set_translations(
        api,
        objectType="Product",
        objectId=product.product_id,
        language={"code": "sv"},
        translations=[{"field": "name", "value": "Tröja"}],
    )
    query = f"query($id: Int) {{ product(id: $id) {{ {TRANSLATIONS} }} }}"

    without = api.query(query, {"id": product.product_id}, token=api.token("Product:read"))
    without_language = api.query(
        query, {"id": product.product_id}, token=api.token("Product:read", "Translation:read")
    )

    assert without.data == {"product": {"translations": None}}
    assert [e["message"] for e in without.errors] == [
        "You need Translation:read permission to access translations."
    ]
    assert without_language.data["product"]["translations"] == [
        {"language": None, "fields": [{"field": "name", "value": "Tröja"}]}
    ]


def test_a_store_restricted_token_translates_its_stores_displays_only(
    api: Api, database: Database
) -> None:
    display = make_display(database, make_product(database).product_id)  # Retail store (1)
    entry = {
        "objectType": "Display",
        "objectId": display,
        "language": {"code": "sv"},
        "translations": [{"field": "name", "value": "Tröja"}],
    }
    wholesale = api.token("Translation:write", store_id=2)
    retail = api.token("Translation:write", store_id=1)

    refused = api.ok(SET_TRANSLATIONS, {"input": entry}, token=wholesale)["setTranslations"]
    allowed = api.ok(SET_TRANSLATIONS, {"input": entry}, token=retail)["setTranslations"]

    assert refused["userErrors"] == [
        {"message": f"Could not find Display with ID {display}.", "path": ["input", "objectId"]}
    ]
    assert allowed["userErrors"] == []
    assert len(_translations(api, "display", display)) == 1
