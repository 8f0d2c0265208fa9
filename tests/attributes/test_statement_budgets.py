"""Every list of this domain costs one statement per level, however many rows it returns:
attributes, translations and media of whole lists of products, variants and displays."""

from __future__ import annotations

import pytest

from mercato.db.database import Database
from tests.attributes.documents import (
    assign,
    create_batch,
    make_display,
    mapped_id,
    set_translations,
)
from tests.factories import make_product
from tests.support import Api, StatementLog

ELEMENTS = "elements { key ... on AttributeStringElement { value } ... on AttributeChoiceElement { selectedValue } }"

#: Query -> statements: 1 for authentication, then one per level of the selection.
BUDGETS = {
    "{ attributeTypes { name elements { key options { value } } } }": 1 + 1,
    f"{{ mappedAttributes {{ id type {{ name }} {ELEMENTS} }} }}": 1 + 2,
    f"""{{ products {{
          attributes {{ type {{ name isMapped }} description objectType {ELEMENTS} }}
          variants {{ attributes {{ type {{ name }} {ELEMENTS} }} }}
        }} }}""": 1 + 6,
    """{ products {
          translations { language { code } fields { field value } }
          variants { translations { language { code } fields { field value } } }
        } }""": 1 + 8,
    f"""{{ products {{
          media {{ id source {{ url }} product {{ id }} productVariant {{ id }} attributes {{ {ELEMENTS} }} }}
          variants {{ media {{ id position }} }}
        }} }}""": 1 + 7,
    "{ displays { translations { language { code } fields { field value } } } }": 1 + 4,
    "{ translatableFields { objectType fields } mediaSizes { name } }": 1 + 1,
}


def _statements_for(api: Api, statements: StatementLog, query: str) -> int:
    api.ok(query)  # warm: plans compiled, token last-used stamp written
    statements.reset()
    api.ok(query)
    return statements.count


def _decorated_product(api: Api, database: Database, number: int) -> None:
    """A product with two variants, each level with attributes, translations and media."""
    product = make_product(database, variants=("Red", "Blue"))
    display = make_display(database, product.product_id)
    create_batch(
        api,
        {"productId": product.product_id, "url": f"https://x.com/{number}.jpg"},
        *(
            {"productId": product.product_id, "variantId": v, "url": f"https://x.com/{v}.png"}
            for v in product.variant_ids
        ),
    )
    media_id = api.ok(
        "query($id: Int) { product(id: $id) { media { id } } }", {"id": product.product_id}
    )["product"]["media"][0]["id"]
    assign(
        api,
        objectType="ProductMedia",
        objectId=media_id,
        dynamicAttributes=[
            {
                "attributeTypeName": "media_alt",
                "attributeElementKey": "text",
                "attributeElementValue": "Front",
            }
        ],
    )
    assign(
        api,
        objectType="Product",
        objectId=product.product_id,
        mappedAttributes=[
            {"attributeTypeName": "pr_materials", "attributeId": mapped_id(database, "Steel")}
        ],
        dynamicAttributes=[
            {
                "attributeTypeName": "pr_long_name",
                "attributeElementKey": "text",
                "attributeElementValue": f"P{number}",
            },
            {
                "attributeTypeName": "pr_eco",
                "attributeElementKey": "eco",
                "attributeElementValue": "1",
            },
        ],
    )
    for code in ("en", "sv"):
        set_translations(
            api,
            objectType="Product",
            objectId=product.product_id,
            language={"code": code},
            translations=[{"field": "name", "value": f"{code} {number}"}],
        )
        set_translations(
            api,
            objectType="Display",
            objectId=display,
            language={"code": code},
            translations=[{"field": "name", "value": "x"}, {"field": "description", "value": "y"}],
        )
    for variant in product.variant_ids:
        assign(
            api,
            objectType="ProductVariant",
            objectId=variant,
            mappedAttributes=[
                {"attributeTypeName": "sh_swatch", "attributeId": mapped_id(database, "Red")}
            ],
            dynamicAttributes=[
                {
                    "attributeTypeName": "var_fit",
                    "attributeElementKey": "fit",
                    "attributeElementValue": "regular",
                }
            ],
        )
        set_translations(
            api,
            objectType="ProductVariant",
            objectId=variant,
            language={"code": "sv"},
            translations=[
                {"field": "name", "value": "Röd"},
                {"field": "attributes.var_care.text", "value": "Tvätt"},
            ],
        )


@pytest.mark.parametrize("query", list(BUDGETS))
def test_list_statements_stay_constant_as_rows_grow(
    api: Api, database: Database, statements: StatementLog, query: str
) -> None:
    _decorated_product(api, database, 0)
    few = _statements_for(api, statements, query)
    for number in range(1, 6):
        _decorated_product(api, database, number)
    many = _statements_for(api, statements, query)

    assert few == many == BUDGETS[query]


def test_a_media_batch_is_read_in_one_statement(
    api: Api, database: Database, statements: StatementLog
) -> None:
    product = make_product(database)
    items = [{"productId": product.product_id, "url": f"https://x.com/{n}.jpg"} for n in range(50)]
    queue_id = create_batch(api, *items)["queueId"]
    query = f'{{ mediaBatch(queueId: "{queue_id}") {{ status productMedia {{ key url }} }} }}'

    assert _statements_for(api, statements, query) == 1 + 1
