"""The catalog set-up order of reference 4.1, as an ERP runs it: a size chart, a product,
its variants with their sizes activated in the same call; one request chained by external
ids, and a one-size product."""

from __future__ import annotations

from tests.support import Api

SWEATER = """
mutation {
  chart: createSizeChart(input: {name: "Sweaters", horizontalLabels: ["S", "M", "L"], externalId: "CHART-SW"}) {
    sizeChart { id } userErrors { message path }
  }
  product: createProduct(input: {name: "Sweater", productNumber: "SW100", externalId: "SW100",
                                  countryOfOrigin: {code: "PT"}, weight: {value: 0.45, unit: KILOGRAMS}}) {
    product { id } userErrors { message path }
  }
  red: createProductVariant(input: {
    product: {externalId: "SW100"}, name: "Red", variantNumber: "01", externalId: "SW100-01",
    sizeChart: {externalId: "CHART-SW"},
    unitCost: {value: 150, currencyIsoCode: "SEK"},
    productSizes: [
      {size: {externalId: "Sweaters|S"}, sizeNumber: "S", EAN: "7350000000011"},
      {size: {externalId: "Sweaters|M"}, sizeNumber: "M", EAN: "7350000000028"},
      {size: {externalId: "Sweaters|L"}, sizeNumber: "L", EAN: "7350000000035"}
    ]}) {
    productVariant { id } userErrors { message path }
  }
  blue: createProductVariant(input: {
    product: {externalId: "SW100"}, name: "Blue", variantNumber: "02", externalId: "SW100-02",
    sizeChart: {externalId: "CHART-SW"},
    productSizes: [{size: {name: "S"}, sizeNumber: "S"}, {size: {name: "M"}, sizeNumber: "M"},
                   {size: {name: "L"}, sizeNumber: "L"}]}) {
    productVariant { id } userErrors { message path }
  }
}"""

CHAIR = """
mutation {
  chart: createSizeChart(input: {name: "One Size", horizontalLabels: ["One Size"], externalId: "CHART-ONE"}) {
    sizeChart { id } userErrors { message path }
  }
  product: createProduct(input: {name: "Chair", productNumber: "CH1", externalId: "CH1"}) {
    product { id } userErrors { message path }
  }
  oak: createProductVariant(input: {
    product: {externalId: "CH1"}, name: "Oak", sizeChart: {externalId: "CHART-ONE"},
    productSizes: [{size: {name: "One Size"}, EAN: "7350000000042"}]}) {
    productVariant { id } userErrors { message path }
  }
}"""

READ = """{
  products(sort: [productNumber_DESC]) {
    name productNumber countryOfOrigin { code } weight { formattedValue }
    variants {
      name variantNumber unitCost { formattedValue } sizeChart { name }
      productSizes { description SKU EAN }
    }
  }
}"""


def test_a_sweater_in_two_colours_and_a_one_size_chair(api: Api) -> None:
    sweater = api.ok(SWEATER)
    assert all(result["userErrors"] == [] for result in sweater.values()), sweater
    chair = api.ok(CHAIR.replace('sizeChart: {externalId: "CHART-ONE"}', "sizeChart: {id: 2}"))
    assert all(result["userErrors"] == [] for result in chair.values()), chair

    products = api.ok(READ)["products"]

    assert products == [
        {
            "name": "Sweater",
            "productNumber": "SW100",
            "countryOfOrigin": {"code": "PT"},
            "weight": {"formattedValue": "0.450 kg"},
            "variants": [
                {
                    "name": "Red",
                    "variantNumber": "01",
                    "unitCost": {"formattedValue": "150.00 SEK"},
                    "sizeChart": {"name": "Sweaters"},
                    "productSizes": [
                        {"description": "S", "SKU": "SW10001S", "EAN": "7350000000011"},
                        {"description": "M", "SKU": "SW10001M", "EAN": "7350000000028"},
                        {"description": "L", "SKU": "SW10001L", "EAN": "7350000000035"},
                    ],
                },
                {
                    "name": "Blue",
                    "variantNumber": "02",
                    "unitCost": None,
                    "sizeChart": {"name": "Sweaters"},
                    "productSizes": [
                        {"description": "S", "SKU": "SW10002S", "EAN": None},
                        {"description": "M", "SKU": "SW10002M", "EAN": None},
                        {"description": "L", "SKU": "SW10002L", "EAN": None},
                    ],
                },
            ],
        },
        {
            "name": "Chair",
            "productNumber": "CH1",
            "countryOfOrigin": None,
            "weight": None,
            "variants": [
                {
                    "name": "Oak",
                    "variantNumber": None,
                    "unitCost": None,
                    "sizeChart": {"name": "One Size"},
                    "productSizes": [
                        {"description": "One Size", "SKU": "CH1", "EAN": "7350000000042"}
                    ],
                }
            ],
        },
    ]
    conversions = api.ok(
        "{ idConversions(where: {objectType: ProductVariant}) { internalId externalId } }"
    )["idConversions"]
    assert [c["externalId"] for c in conversions] == ["SW100-01", "SW100-02"]


def test_a_failing_step_leaves_the_earlier_steps_done(api: Api) -> None:
    """Each mutation is its own transaction: a refused variant does not undo its product."""
    data = api.ok(
        """mutation {
          product: createProduct(input: {name: "Chair", productNumber: "CH1", externalId: "CH1"}) {
            userErrors { message }
          }
          variant: createProductVariant(input: {product: {externalId: "CH1"}, name: "Oak"}) {
            productVariant { id } userErrors { message path }
          }
        }"""
    )
    assert data["product"]["userErrors"] == []
    assert data["variant"]["productVariant"] is None
    assert data["variant"]["userErrors"][0]["path"] == ["input", "sizeChart"]
    assert api.ok("{ products { productNumber variants { id } } }") == {
        "products": [{"productNumber": "CH1", "variants": []}]
    }
