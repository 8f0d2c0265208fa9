"""Statement budgets of issue 17's lists: the same count of statements with more rows."""

from __future__ import annotations

from mercato.catalog.attributes_types import (
    AttributeTypeCreate,
    ElementDefinition,
    create_attribute_type,
)
from mercato.db.unit_of_work import Writer
from tests.factories import make_product
from tests.support import Api, StatementLog

QUERIES = {
    "plugins": "{ storePlugins { id name store { id } } }",
    "shops": "{ brickAndMortars(limit: 200) { id country { code } warehouses { id brickAndMortar { id } } } }",
    "displays": "{ displays(limit: 200) { id attributes { type { name } elements { key } } translations { fields { value } } } }",
    "countries": "{ countries { code translations { language { code } fields { field value } } } }",
}


def _count(api: Api, statements: StatementLog, query: str) -> int:
    api.ok(query)
    statements.reset()
    api.ok(query)
    return statements.count


def _grow(api: Api, index: int) -> None:
    api.ok(
        f'mutation {{ createStorePlugin(input: {{store: {{id: 1}}, name: "Plugin {index}", type: API}}) '
        "{ userErrors { message } } }"
    )
    warehouse = api.ok(
        f'mutation {{ createWarehouse(input: {{name: "Shop stock {index}"}}) {{ warehouse {{ id }} '
        "userErrors { message } } }"
    )["createWarehouse"]["warehouse"]["id"]
    api.ok(
        "mutation($w: Int!) { createBrickAndMortar(input: {name: "
        f'"Shop {index}", country: {{code: "SE"}}, addWarehouses: [{{id: $w}}]}}) '
        "{ userErrors { message } } }",
        {"w": warehouse},
    )
    product = make_product(api.database, f"Product {index}")
    display = api.ok(
        "mutation($p: Int!) { createDisplay(input: {store: {id: 1}, product: {id: $p}, "
        f'name: "Display {index}", status: ACTIVE, assignDynamicAttributes: [{{attributeTypeName: '
        '"badge", attributeElementKey: "text", attributeElementValue: "New"}]}) '
        "{ display { id } userErrors { message } } }",
        {"p": product.product_id},
    )["createDisplay"]["display"]["id"]
    for object_type, object_id, field in (
        ("Display", display, "name"),
        ("Country", index + 1, "name"),
    ):
        api.ok(
            "mutation($input: TranslationsSetInput!) { setTranslations(input: $input) "
            "{ userErrors { message } } }",
            {
                "input": {
                    "objectType": object_type,
                    "objectId": object_id,
                    "language": {"code": "sv"},
                    "translations": [{"field": field, "value": f"Namn {index}"}],
                }
            },
        )


def test_issue_17_lists_cost_one_statement_per_level(api: Api, statements: StatementLog) -> None:
    create_attribute_type(
        Writer.system(api.database),
        AttributeTypeCreate(
            "badge", "Display", False, [ElementDefinition("text", "INPUT", "Text")]
        ),
    )
    _grow(api, 0)
    few = {name: _count(api, statements, query) for name, query in QUERIES.items()}
    for index in range(1, 6):
        _grow(api, index)
    many = {name: _count(api, statements, query) for name, query in QUERIES.items()}

    assert few == many
    # 1 authentication + one statement per level (and the stores lookup is a level).
    assert many == {"plugins": 1 + 2, "shops": 1 + 4, "displays": 1 + 5, "countries": 1 + 4}
