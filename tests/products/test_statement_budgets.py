"""Statement-count budgets of the products lists: a constant number of statements per
request, whatever the number of products, variants and sizes."""

from __future__ import annotations

from typing import Any

from tests.products.catalog import create_product, create_size_chart, create_variant
from tests.support import Api, StatementLog

PRODUCTS = """{
  products(limit: 100) {
    id brand { name } collection { name } folder { name } countryOfOrigin { code continent { name } }
    weight { formattedValue }
    variants {
      id unitCost { formattedValue currency { code } } sizeChart { name sizes { name } }
      productSizes { SKU description size { name } }
    }
  }
}"""

VARIANTS = """{
  productVariants(limit: 100) {
    id product { name folder { name } } unitCost { value }
    productSizes { SKU productVariant { id } }
  }
}"""

SIZES = """{
  productSizes(limit: 100) {
    SKU description size { name sizeChart { name } }
    productVariant { name product { productNumber brand { name } } }
  }
}"""

CONNECTIONS = """{
  productConnection(first: 100) { totalCount edges { node { id variants { id } } } }
  productVariantConnection(first: 100) { totalCount edges { node { id product { id } } } }
  productSizeConnection(first: 100) { totalCount edges { node { SKU productVariant { id } } } }
}"""

ONE = """query($product: Int!, $variant: Int!) {
  product(id: $product) { id variants { productSizes { SKU } } }
  productVariant(id: $variant) { id product { id } productSizes { description } }
}"""

#: 1 authentication, then one statement per level (and per per-request lookup: currencies
#: for money, size names for descriptions).
BUDGETS = {
    # products, brand, collection, folder, country, continent, variants, currencies lookup,
    # currency, size chart, chart sizes, product sizes, size names lookup, size
    PRODUCTS: 1 + 14,
    # variants, product, folder, currencies lookup, product sizes, their variant
    VARIANTS: 1 + 6,
    # sizes, size names lookup, size, size chart, variant, product, brand
    SIZES: 1 + 7,
    # per connection: count, nodes, one level below
    CONNECTIONS: 1 + 9,
    # product, its variants, their sizes; the variant, its product, its sizes, size names
    ONE: 1 + 3 + 4,
}


def _add_products(api: Api, ids: dict[str, int], count: int, start: int) -> tuple[int, int]:
    """``count`` products with everything set, two variants of three sizes each."""
    product_id = variant_id = 0
    for index in range(start, start + count):
        product_id = create_product(
            api,
            name=f"Sweater {index}",
            productNumber=f"SW{index}",
            brand={"id": ids["brand"]},
            collection={"id": ids["collection"]},
            folder={"id": ids["folder"]},
            countryOfOrigin={"code": "SE"},
            weight={"value": 0.5, "unit": "KILOGRAMS"},
        )["product"]["id"]
        for number in ("01", "02"):
            variant_id = create_variant(
                api,
                product={"id": product_id},
                name=f"Colour {number}",
                variantNumber=number,
                unitCost={"value": 10, "currencyIsoCode": "SEK"},
                sizeChart={"id": ids["chart"]},
                productSizes=[{"size": {"name": name}} for name in ("S", "M", "L")],
            )["productVariant"]["id"]
    return product_id, variant_id


def _classification(api: Api) -> dict[str, int]:
    data = api.ok(
        """mutation {
          createBrand(input: {name: "Basics"}) { brand { id } userErrors { message } }
          createCollection(input: {name: "SS27"}) { collection { id } userErrors { message } }
          createFolder(input: {name: "Tops"}) { folder { id } userErrors { message } }
        }"""
    )
    return {
        "brand": data["createBrand"]["brand"]["id"],
        "collection": data["createCollection"]["collection"]["id"],
        "folder": data["createFolder"]["folder"]["id"],
        "chart": create_size_chart(api, "Sweaters", ("S", "M", "L"))["chart"],
    }


def _count(
    api: Api, statements: StatementLog, query: str, variables: dict[str, Any] | None = None
) -> int:
    api.ok(query, variables)  # warm: plans compiled, token last-used stamp written
    statements.reset()
    api.ok(query, variables)
    return statements.count


def test_statement_counts_stay_constant_as_the_catalog_grows(
    api: Api, statements: StatementLog
) -> None:
    ids = _classification(api)
    product_id, variant_id = _add_products(api, ids, 1, 0)
    one = {"product": product_id, "variant": variant_id}
    few = {query: _count(api, statements, query, one) for query in BUDGETS}

    product_id, variant_id = _add_products(api, ids, 6, 1)
    one = {"product": product_id, "variant": variant_id}
    many = {query: _count(api, statements, query, one) for query in BUDGETS}

    assert many == few
    for query, budget in BUDGETS.items():
        assert many[query] == budget, query
