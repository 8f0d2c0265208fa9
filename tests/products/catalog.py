"""GraphQL documents and small helpers the products tests share: everything goes through
the API, from the size chart to the product sizes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tests.support import Api

PRODUCT_FIELDS = """
  id name status productNumber harmonizedCommodityCode harmonizedCommodityCodeDescription
  internalComment isBundle isSerializableProduct createdAt updatedAt
  brand { id } collection { id } folder { id } countryOfOrigin { code }
  weight { value unit formattedValue }
"""

VARIANT_FIELDS = """
  id name status variantNumber internalName stockOffset createdAt updatedAt
  unitCost { value valueInCents currency { code } formattedValue }
  product { id } sizeChart { id }
  productSizes { id description sizeNumber SKU EAN UPC preorder size { name } }
"""

SIZE_FIELDS = """
  id description sizeNumber SKU EAN UPC preorder size { id name } productVariant { id }
  createdAt updatedAt
"""

CREATE_PRODUCT = f"""
mutation($input: ProductCreateInput!) {{
  createProduct(input: $input) {{
    product {{ {PRODUCT_FIELDS} }}
    userErrors {{ message path }}
    userWarnings {{ message path }}
  }}
}}"""

UPDATE_PRODUCT = f"""
mutation($id: Int, $externalId: String, $input: ProductUpdateInput!) {{
  updateProduct(id: $id, externalId: $externalId, input: $input) {{
    product {{ {PRODUCT_FIELDS} }}
    userErrors {{ message path }}
    userWarnings {{ message path }}
  }}
}}"""

CREATE_VARIANT = f"""
mutation($input: ProductVariantCreateInput!) {{
  createProductVariant(input: $input) {{
    productVariant {{ {VARIANT_FIELDS} }}
    userErrors {{ message path }}
    userWarnings {{ message path }}
  }}
}}"""

UPDATE_VARIANT = f"""
mutation($id: Int, $externalId: String, $input: ProductVariantUpdateInput!) {{
  updateProductVariant(id: $id, externalId: $externalId, input: $input) {{
    productVariant {{ {VARIANT_FIELDS} }}
    userErrors {{ message path }}
    userWarnings {{ message path }}
  }}
}}"""

CREATE_SIZE = f"""
mutation($input: ProductSizeCreateInput!) {{
  createProductSize(input: $input) {{
    productSize {{ {SIZE_FIELDS} }}
    userErrors {{ message path }}
    userWarnings {{ message path }}
  }}
}}"""

UPDATE_SIZE = f"""
mutation($id: Int!, $input: ProductSizeUpdateInput!) {{
  updateProductSize(id: $id, input: $input) {{
    productSize {{ {SIZE_FIELDS} }}
    userErrors {{ message path }}
    userWarnings {{ message path }}
  }}
}}"""

#: Everything the products domain holds, to compare before and after a refused mutation.
CATALOG = f"""{{
  products(limit: 50) {{ {PRODUCT_FIELDS} }}
  productVariants(limit: 50) {{ {VARIANT_FIELDS} }}
  productSizes(limit: 100) {{ {SIZE_FIELDS} }}
  idConversions(limit: 100) {{ objectType internalId externalId }}
}}"""


def create_size_chart(api: Api, name: str, labels: Sequence[str]) -> dict[str, int]:
    """A one-dimensional chart through the API; its size ids by name."""
    result = api.ok(
        """mutation($input: SizeChartCreateInput!) {
          createSizeChart(input: $input) { sizeChart { id sizes { id name } } userErrors { message } }
        }""",
        {"input": {"name": name, "horizontalLabels": list(labels)}},
    )["createSizeChart"]
    assert result["userErrors"] == [], result
    chart = result["sizeChart"]
    return {"chart": chart["id"], **{size["name"]: size["id"] for size in chart["sizes"]}}


def create_product(api: Api, **input_: Any) -> dict[str, Any]:
    result: dict[str, Any] = api.ok(CREATE_PRODUCT, {"input": input_})["createProduct"]
    assert result["userErrors"] == [], result
    return result


def create_variant(api: Api, **input_: Any) -> dict[str, Any]:
    result: dict[str, Any] = api.ok(CREATE_VARIANT, {"input": input_})["createProductVariant"]
    assert result["userErrors"] == [], result
    return result


def sweater(api: Api) -> dict[str, Any]:
    """The cookbook's sweater: chart S/M/L, variants Red (01) and Blue (02), all sizes
    active with size numbers 1-3. Returns the ids."""
    chart = create_size_chart(api, "Sweaters", ("S", "M", "L"))
    product = create_product(api, name="Sweater", productNumber="SW100")["product"]
    variants = {}
    for number, colour in (("01", "Red"), ("02", "Blue")):
        variant = create_variant(
            api,
            product={"id": product["id"]},
            name=colour,
            variantNumber=number,
            sizeChart={"id": chart["chart"]},
            productSizes=[
                {"size": {"name": name}, "sizeNumber": str(index + 1)}
                for index, name in enumerate(("S", "M", "L"))
            ],
        )["productVariant"]
        variants[colour] = variant
    return {"chart": chart, "product": product, "variants": variants}


def single_error(result: dict[str, Any]) -> dict[str, Any]:
    errors = result["userErrors"]
    assert len(errors) == 1, errors
    error: dict[str, Any] = errors[0]
    return error
