"""mergeSizeCharts: variants and product sizes move to the target chart's sizes of the same
name, the merged charts go with their ID conversions; every refusal changes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from mercato.db import catalog_tables as catalog
from mercato.db import stock_tables, tables
from mercato.db.database import Database
from mercato.pricing.demo import load_pricing_demo
from tests.classification import rows
from tests.factories import MadeProduct, make_product, put_stock
from tests.support import Api, StatementLog

MERGE = """
mutation($input: SizeChartMergeInput!) {
  mergeSizeCharts(input: $input) {
    sizeChart { id name sizes { id name } }
    userErrors { message path }
    userWarnings { message path }
  }
}"""

CREATE = """
mutation($input: SizeChartCreateInput!) {
  createSizeChart(input: $input) { sizeChart { id sizes { id name } } userErrors { message } }
}"""

VARIANTS = """
query($ids: [Int!]) {
  productVariants(where: {id: $ids}) {
    id sizeChart { name }
    productSizes { id size { id name sizeChart { name } } stock { physicalQuantity } }
    prices { price { value } }
  }
}"""

WAREHOUSE = 1


def _chart(api: Api, name: str, labels: list[str], external_id: str | None = None) -> Any:
    input_: dict[str, Any] = {"name": name, "horizontalLabels": labels}
    if external_id is not None:
        input_["externalId"] = external_id
    result = api.ok(CREATE, {"input": input_})["createSizeChart"]
    assert result["userErrors"] == []
    return result["sizeChart"]


def _size_ids(chart: Any) -> dict[str, int]:
    return {size["name"]: size["id"] for size in chart["sizes"]}


def _merge(api: Api, charts: list[dict[str, Any]], into: dict[str, Any]) -> Any:
    return api.ok(MERGE, {"input": {"sizeCharts": charts, "into": into}})["mergeSizeCharts"]


def _snapshot(database: Database) -> dict[str, Any]:
    """Every row the merge could touch."""
    with database.engine.connect() as connection:
        return {
            table.name: connection.execute(select(table).order_by(*table.primary_key.columns)).all()
            for table in (
                catalog.size_charts,
                catalog.sizes,
                catalog.localized_sizes,
                catalog.product_variants,
                catalog.product_sizes,
                catalog.prices,
                stock_tables.stock,
                tables.id_conversions,
            )
        }


def _priced_and_stocked(api: Api, product: MadeProduct) -> None:
    result = api.ok(
        "mutation($p: Int!) { setPrices(input: {pricelist: {id: 1}, productPrices: "
        '[{product: {id: $p}, price: {value: 100, currencyIsoCode: "SEK"}}]}) '
        "{ userErrors { message } } }",
        {"p": product.product_id},
    )
    assert result["setPrices"]["userErrors"] == []
    for sizes in product.size_ids:
        for quantity, product_size in enumerate(sizes, start=1):
            put_stock(api.database, WAREHOUSE, product_size, quantity)


def test_merging_moves_variants_and_product_sizes_and_deletes_the_merged_charts(
    api: Api,
) -> None:
    load_pricing_demo(api.database)
    target = _chart(api, "Letters", ["XS", "S", "M", "L", "XL"], external_id="letters")
    tops = _chart(api, "Tops", ["S", "M"], external_id="tops")
    knits = _chart(api, "Knits", ["M", "L", "XL"])
    kept = _chart(api, "Kept", ["S"])
    shirt = make_product(api.database, "Shirt", sizes=(), size_chart_id=tops["id"])
    sweater = make_product(api.database, "Sweater", variants=("Grey",), size_chart_id=knits["id"])
    bystander = make_product(
        api.database, "Bystander", variants=("Blue",), size_chart_id=kept["id"]
    )
    for product in (shirt, sweater, bystander):
        _priced_and_stocked(api, product)
    variant_ids = [*shirt.variant_ids, *sweater.variant_ids, *bystander.variant_ids]
    before = api.ok(VARIANTS, {"ids": variant_ids})["productVariants"]
    letters = _size_ids(target)
    merged_sizes = {*_size_ids(tops).values(), *_size_ids(knits).values()}
    entries_before = rows.conversions(api.database, "Size")
    assert {e for _, i, e in entries_before if i in merged_sizes} == {
        "Tops|S",
        "Tops|M",
        "Knits|M",
        "Knits|L",
        "Knits|XL",
    }

    result = _merge(api, [{"externalId": "tops"}, {"id": knits["id"]}], {"id": target["id"]})

    assert result["userErrors"] == []
    assert result["userWarnings"] == []
    assert result["sizeChart"] == target | {"name": "Letters"}
    after = {v["id"]: v for v in api.ok(VARIANTS, {"ids": variant_ids})["productVariants"]}
    for old in before:
        moved = after[old["id"]]
        # Same product sizes (ids), stock and prices; the sizes are the target's namesakes.
        assert [p["id"] for p in moved["productSizes"]] == [p["id"] for p in old["productSizes"]]
        assert [p["stock"] for p in moved["productSizes"]] == [
            p["stock"] for p in old["productSizes"]
        ]
        assert moved["prices"] == old["prices"] == [{"price": {"value": 100.0}}]
        names = [p["size"]["name"] for p in old["productSizes"]]
        assert [p["size"]["name"] for p in moved["productSizes"]] == names
        if old["id"] in bystander.variant_ids:
            assert moved == old
            continue
        assert moved["sizeChart"] == {"name": "Letters"}
        assert [p["size"]["id"] for p in moved["productSizes"]] == [letters[n] for n in names]
        assert {p["size"]["sizeChart"]["name"] for p in moved["productSizes"]} == {"Letters"}
    assert [c["name"] for c in api.ok("{ sizeCharts { name } }")["sizeCharts"]] == [
        "One Size",
        "S-M-L",
        "Letters",
        "Kept",
    ]
    # The merged charts' and sizes' ID conversions are gone; the others stay.
    assert rows.conversions(api.database, "SizeChart") == [("qa", target["id"], "letters")]
    assert rows.conversions(api.database, "Size") == [
        entry for entry in entries_before if entry[1] not in merged_sizes
    ]
    with api.database.engine.connect() as connection:
        left = connection.execute(
            select(catalog.sizes.c.id).where(
                catalog.sizes.c.size_chart_id.in_([tops["id"], knits["id"]])
            )
        ).all()
    assert left == []
    gone = api.query('{ sizeChart(externalId: "tops") { id } }')
    assert gone.data == {"sizeChart": None}


def test_a_merged_sizes_localized_names_go_with_it(api: Api) -> None:
    target = _chart(api, "Letters", ["S", "M"])
    tops = _chart(api, "Tops", ["S"])
    result = api.ok(
        'mutation { createSizeLocalization(input: {name: "EU"}) { userErrors { message } } }'
    )
    assert result["createSizeLocalization"]["userErrors"] == []
    named = api.ok(
        "mutation($sizes: [LocalizedSizesSetInput!]!) { setLocalizedSizes("
        'sizeLocalization: {name: "EU"}, input: $sizes) { userErrors { message } } }',
        {
            "sizes": [
                {"size": {"id": _size_ids(tops)["S"]}, "localizedName": "36"},
                {"size": {"id": _size_ids(target)["S"]}, "localizedName": "34"},
            ]
        },
    )
    assert named["setLocalizedSizes"]["userErrors"] == []

    assert _merge(api, [{"id": tops["id"]}], {"id": target["id"]})["userErrors"] == []

    localized = api.ok(
        '{ sizeLocalizations(where: {name: {equals: "EU"}}) '
        "{ localizedSizes { size { id } localizedName } } }"
    )["sizeLocalizations"]
    assert localized == [
        {"localizedSizes": [{"size": {"id": _size_ids(target)["S"]}, "localizedName": "34"}]}
    ]


@pytest.mark.parametrize(
    ("charts", "into", "messages"),
    [
        (
            [],
            {"id": "target"},
            [("Give at least one size chart to merge.", ["input", "sizeCharts"])],
        ),
        (
            [{"id": 999999}],
            {"id": "target"},
            [("Could not find SizeChart with ID 999999.", ["input", "sizeCharts", "0"])],
        ),
        (
            [{"externalId": "nowhere"}, {"id": "tops"}],
            {"id": 999998},
            [
                ("Could not find SizeChart with ID 999998.", ["input", "into"]),
                (
                    'Could not find SizeChart with externalId "nowhere".',
                    ["input", "sizeCharts", "0"],
                ),
            ],
        ),
        (
            [{"id": "tops"}, {"externalId": "target"}],
            {"id": "target"},
            [
                (
                    'Size chart externalId "target" is the chart merged into: a size chart '
                    "cannot be merged into itself.",
                    ["input", "sizeCharts", "1"],
                )
            ],
        ),
        (
            [{"id": "tops"}, {"externalId": "tops"}],
            {"id": "target"},
            [('Size chart externalId "tops" is given twice.', ["input", "sizeCharts", "1"])],
        ),
        (
            [{"id": "tops"}, {"id": "wide"}],
            {"id": "target"},
            [
                (
                    'Size "XXL" of size chart "Wide" has no size of that name in size chart '
                    '"Letters", so the charts cannot be merged.',
                    ["input", "sizeCharts", "1"],
                ),
                (
                    'Size "XXXL" of size chart "Wide" has no size of that name in size chart '
                    '"Letters", so the charts cannot be merged.',
                    ["input", "sizeCharts", "1"],
                ),
            ],
        ),
        (
            [{"id": "tops"}],
            {},
            [
                (
                    "Give exactly one of id, externalId or code to reference a SizeChart.",
                    ["input", "into"],
                )
            ],
        ),
    ],
)
def test_bad_merges_are_user_errors_and_change_nothing(
    api: Api, charts: list[dict[str, Any]], into: dict[str, Any], messages: list[Any]
) -> None:
    load_pricing_demo(api.database)
    ids = {
        "target": _chart(api, "Letters", ["S", "M", "L"], external_id="target")["id"],
        "tops": _chart(api, "Tops", ["S", "M"], external_id="tops")["id"],
        "wide": _chart(api, "Wide", ["M", "XXL", "XXXL"])["id"],
    }
    for chart in ("tops", "wide"):
        product = make_product(api.database, chart, sizes=(), size_chart_id=ids[chart])
        _priced_and_stocked(api, product)

    def named(reference: dict[str, Any]) -> dict[str, Any]:
        return {k: ids.get(v, v) if k == "id" else v for k, v in reference.items()}

    before = _snapshot(api.database)

    result = _merge(api, [named(c) for c in charts], named(into))

    assert result["sizeChart"] is None
    assert [(e["message"], e["path"]) for e in result["userErrors"]] == messages
    assert _snapshot(api.database) == before


def test_a_variant_on_a_merged_size_and_its_namesake_is_refused(api: Api) -> None:
    target = _chart(api, "Letters", ["S", "M"])
    tops = _chart(api, "Tops", ["S"])
    # Data from before the one-chart rule: a variant of Tops also uses Letters' S.
    variant = rows.variant(api.database, rows.product(api.database), tops["id"])
    rows.product_size(api.database, variant, _size_ids(tops)["S"])
    rows.product_size(api.database, variant, _size_ids(target)["S"])
    before = _snapshot(api.database)

    result = _merge(api, [{"id": tops["id"]}], {"id": target["id"]})

    assert result["userErrors"] == [
        {
            "message": f"Product variant(s) {variant} have product sizes on a merged size and on "
            "its namesake in the target chart, so the charts cannot be merged.",
            "path": ["input", "sizeCharts"],
        }
    ]
    assert _snapshot(api.database) == before


def test_merging_costs_the_same_statements_however_many_variants(
    api: Api, statements: StatementLog
) -> None:
    def merge_with(variants: int) -> int:
        target = _chart(api, f"Letters {variants}", ["S", "M", "L"])
        tops = _chart(api, f"Tops {variants}", ["S", "M"])
        knits = _chart(api, f"Knits {variants}", ["M", "L"])
        for index in range(variants):
            for chart in (tops, knits):
                make_product(api.database, f"P{index}", sizes=(), size_chart_id=chart["id"])
        statements.reset()
        result = _merge(api, [{"id": tops["id"]}, {"id": knits["id"]}], {"id": target["id"]})
        assert result["userErrors"] == []
        return statements.count

    few = merge_with(1)
    many = merge_with(20)
    assert few == many
    # 1 authentication + 3 references, chart names, sizes, product sizes check, 2 updates,
    # 2 x 3 forget (conversions, translations, attributes), 2 deletes, the target's stamp
    # + the payload's chart and sizes.
    assert many == 1 + 3 + 3 + 2 + 6 + 3 + 2


@pytest.mark.one_backend
def test_merging_needs_size_chart_write(api: Api) -> None:
    target = _chart(api, "Letters", ["S"])
    tops = _chart(api, "Tops", ["S"])
    response = api.query(
        MERGE,
        {"input": {"sizeCharts": [{"id": tops["id"]}], "into": {"id": target["id"]}}},
        token=api.token("SizeChart:read"),
    )
    assert response.data == {"mergeSizeCharts": None}
    assert response.errors[0]["message"] == (
        "You need SizeChart:write permission to access mergeSizeCharts."
    )
