"""Writes docs/cookbook.md: the ERP cookbook as Mercato answers it.

Every request below is run, in order, against a fresh database with the demo data, and the
response Mercato gives is written under it. tests/api/test_cookbook.py runs the documents
from the written file again and fails when a response no longer matches, so the cookbook
cannot drift from the server.

    .venv/bin/python scripts/cookbook.py > docs/cookbook.md
"""

from __future__ import annotations

import json
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.cookbook_format import render_response
from tests.support import Api

from mercato.cli.demo import load_demo
from mercato.db.database import Database
from mercato.db.migrate import upgrade


@dataclass
class Example:
    heading: str
    prose: str
    query: str
    variables: dict[str, Any] | None = None
    after: str = ""


@dataclass
class Section:
    title: str
    intro: str
    examples: list[Example] = field(default_factory=list)


SECTIONS = [
    Section(
        "Connection test - fetch Stores",
        "Start with an all-permission QA token (`make run` prints one; never use such a token "
        "in production). Fetching the stores is read-only: nothing can go wrong.",
        [
            Example(
                "Request",
                "",
                "{ stores{ id name } }",
                after="Every response lists the permissions it used in `extensions.permissionsUsed`: "
                "collect them while testing, then create the production token with exactly those "
                "(see docs/tokens.md).",
            )
        ],
    ),
    Section(
        "Markets - read and create",
        "Markets decide which products are visible to a customer, which campaigns apply and "
        "which warehouses' stock is sold. Reading markets needs `Market:read`; their countries "
        "need `Country:read` as well.",
        [
            Example(
                "Fetching Markets",
                "",
                "{ markets { id name assignedToCountries { code name isEU } } }",
                after="Lists longer than six entries are cut in this document after four, with a "
                "note of how many more there are; the server returns them all.",
            ),
            Example(
                "Creating new Markets",
                "A country geo-locates to at most one market per store, so adding Norway to a new "
                "market fails while the demo's *World* market holds it. Nothing is changed when "
                "`userErrors` is not empty.",
                """mutation createMarket($input: MarketCreateInput!) {
  createMarket(input: $input) {
    market {
      id
      name
      store { id name }
      allocationRule { id name }
      assignedToCountries { code name }
    }
    userErrors { message path }
    userWarnings { message path }
  }
}""",
                {"input": {"name": "Norway", "store": {"id": 1}, "addCountries": [{"code": "NO"}]}},
            ),
            Example(
                "Moving a country between markets",
                "Remove Norway from *World* first (`updateMarket` with `removeCountries`)...",
                """mutation removeNorwayFromWorld {
  updateMarket(id: 3, input: { removeCountries: [{ code: "NO" }] }) {
    market { id name }
    userErrors { message path }
    userWarnings { message path }
  }
}""",
            ),
            Example(
                "",
                "...then the same `createMarket` succeeds. The market gets the store's first "
                "active allocation rule unless `allocationRule` is given.",
                """mutation createMarket($input: MarketCreateInput!) {
  createMarket(input: $input) {
    market {
      id
      name
      store { id name }
      allocationRule { id name }
      assignedToCountries { code name }
    }
    userErrors { message path }
    userWarnings { message path }
  }
}""",
                {"input": {"name": "Norway", "store": {"id": 1}, "addCountries": [{"code": "NO"}]}},
            ),
        ],
    ),
    Section(
        "Warehouses - read and create",
        "Warehouses hold stock per product size; allocation rules group them in priority "
        "order for the markets that sell from them.",
        [
            Example(
                "Fetching existing warehouses",
                "The cookbook's request, with its missing opening brace restored. See "
                "`WarehouseFilter` in docs/api-reference.md for the other filters.",
                """{
  warehouses(where: {name: {contains: "Default Warehouse"}}, sort: [id_ASC]) {
    ...warehouseCustomDetails
  }
}

fragment warehouseCustomDetails on Warehouse {
  id
  name
  status
}""",
            ),
            Example(
                "Creating a new warehouse",
                "`beforeWarehouse` places the new warehouse before another one in the priority "
                "order (by default it goes last); `stateOrProvince` is matched by name or code "
                "within the country, case-insensitively.",
                """mutation createWarehouse($input: WarehouseCreateInput!) {
  createWarehouse(input: $input) {
    warehouse {
      id
      name
      status
      stockOwnership
      stockMaster
      allocationPolicy
      isHiddenFromStockView
      threshold
      city
      country { code name }
      state { code name }
      customSort
    }
    userErrors { message path }
    userWarnings { message path }
  }
}""",
                {
                    "input": {
                        "name": "US East",
                        "beforeWarehouse": {"id": 3},
                        "threshold": 2,
                        "stockMasterPolicy": "EXTERNAL",
                        "stockOwnershipPolicy": "THIRD_PARTY",
                        "allocationPolicy": "CHECK_FIRST",
                        "warehouseLocation": {
                            "address": "1 Harbor Road",
                            "city": "Newark",
                            "zipCode": "07102",
                            "country": {"code": "US"},
                            "stateOrProvince": "new jersey",
                        },
                    }
                },
            ),
        ],
    ),
]


CATALOG_SECTIONS = [
    Section(
        "Product Size Charts - read and create",
        "Size charts define the sizes of each product variant. Create them once, before "
        "importing products: once a variant uses a chart, the chart cannot change, and sizes "
        "in use cannot be removed. Every size also gets an external id "
        '`"<chart name>|<size name>"` in each integration\'s ID-conversion table.',
        [
            Example(
                "Fetching existing size charts and sizes",
                "The demo data holds a one-size chart and an S-M-L chart.",
                "{ sizeCharts { id name horizontalLabels verticalLabels dividerSymbol sizes { id name } } }",
            ),
            Example(
                "Creating new size charts",
                "Sizes are generated from the labels: one per horizontal label, or every "
                "`<horizontal><divider><vertical>` pair when vertical labels are given.",
                """mutation createSizeChart($input: SizeChartCreateInput!) {
  createSizeChart(input: $input) {
    sizeChart { id name horizontalLabels verticalLabels sizes { id name } }
    userErrors { message path }
    userWarnings { message path }
  }
}""",
                {
                    "input": {
                        "name": "Knitwear",
                        "horizontalLabels": ["S", "M", "L"],
                        "externalId": "KNITWEAR",
                    }
                },
            ),
            Example(
                "",
                "A two-dimensional chart, e.g. for trousers (waist x length):",
                """mutation createSizeChart($input: SizeChartCreateInput!) {
  createSizeChart(input: $input) {
    sizeChart { id name sizes { name } }
    userErrors { message path }
  }
}""",
                {
                    "input": {
                        "name": "Jeans",
                        "horizontalLabels": ["30", "32"],
                        "verticalLabels": ["32", "34"],
                        "dividerSymbol": "x",
                    }
                },
            ),
            Example(
                "Modifying size charts (not recommended)",
                "It is usually cleaner to create a new chart. Still: `updateSizeChart` replaces the "
                "labels (sizes whose label stays keep their id; removing a size that a product uses "
                "is refused), and `updateSizeChartLabels` renames labels in place.",
                """mutation addExtraLarge {
  updateSizeChart(externalId: "KNITWEAR", input: { horizontalLabels: ["S", "M", "L", "XL"] }) {
    sizeChart { id name sizes { id name } }
    userErrors { message path }
    userWarnings { message path }
  }
}""",
            ),
        ],
    ),
    Section(
        "Adding Product 1: A sweater",
        "A product is the design; its variants are the colours, each with a size chart and the "
        "sizes it is sold in; a display shows the product in a store's markets. Reference "
        "objects by your own external ids: the `externalId` given on creation is recorded for "
        "the calling token's integration. Every create takes an `idempotencyKey` (a Mercato "
        "extension), as `createProduct` does here: when a response is lost, the same request "
        "again answers with the product the first one made, never a second product.",
        [
            Example(
                "",
                "",
                """mutation createSweater {
  product: createProduct(input: {
    name: "Turtleneck Sweater", productNumber: "TN100", externalId: "TN100", status: ACTIVE,
    brand: { id: 1 }, collection: { id: 1 }, countryOfOrigin: { code: "PT" },
    weight: { value: 0.45, unit: KILOGRAMS }, idempotencyKey: "create-TN100"
  }) {
    product { id name productNumber weight { formattedValue } }
    userErrors { message path }
  }
  red: createProductVariant(input: {
    product: { externalId: "TN100" }, name: "Red", variantNumber: "01", externalId: "TN100-RED",
    sizeChart: { externalId: "KNITWEAR" },
    productSizes: [
      { size: { name: "S" }, sizeNumber: "S", EAN: "7350000000011" },
      { size: { name: "M" }, sizeNumber: "M", EAN: "7350000000028" },
      { size: { name: "L" }, sizeNumber: "L", EAN: "7350000000035" }
    ]
  }) {
    productVariant { id name productSizes { id description SKU EAN } }
    userErrors { message path }
  }
  blue: createProductVariant(input: {
    product: { externalId: "TN100" }, name: "Blue", variantNumber: "02", externalId: "TN100-BLUE",
    sizeChart: { externalId: "KNITWEAR" },
    productSizes: [
      { size: { name: "S" }, sizeNumber: "S" },
      { size: { name: "M" }, sizeNumber: "M" },
      { size: { name: "L" }, sizeNumber: "L" }
    ]
  }) {
    productVariant { id name productSizes { id description SKU } }
    userErrors { message path }
  }
}""",
            ),
            Example(
                "",
                "Nothing is visible in a store until a display shows it. One display per product "
                "and store; only the product's own variants can be activated on it, each becoming "
                "a display item (the id storefront APIs call the product). The uri is generated "
                "from the name when omitted.",
                """mutation displaySweater {
  createDisplay(input: {
    store: { id: 1 }, product: { externalId: "TN100" }, name: "Turtleneck Sweater", status: ACTIVE,
    description: "A warm merino turtleneck.",
    addMarkets: [{ id: 1 }, { id: 2 }, { id: 3 }],
    addCategories: [{ id: 2 }], canonicalCategory: { id: 2 },
    addProductVariants: [{ productVariant: { externalId: "TN100-RED" } },
                         { productVariant: { externalId: "TN100-BLUE" } }]
  }) {
    display {
      id name uri status
      markets { name }
      canonicalCategory { name }
      displayItems { id productVariant { name } }
    }
    userErrors { message path }
    userWarnings { message path }
  }
}""",
            ),
        ],
    ),
    Section(
        "Adding Product 2: A chair",
        "A one-size product uses the one-size chart (the demo's chart 1), like any product that "
        "does not come in several sizes.",
        [
            Example(
                "",
                "",
                """mutation createChair {
  product: createProduct(input: { name: "Chair", productNumber: "CH100", externalId: "CH100" }) {
    product { id name }
    userErrors { message path }
  }
  oak: createProductVariant(input: {
    product: { externalId: "CH100" }, name: "Oak", variantNumber: "01", externalId: "CH100-OAK",
    sizeChart: { id: 1 }, productSizes: [{ size: { name: "One Size" }, EAN: "7350000000042" }]
  }) {
    productVariant { id name productSizes { id description SKU EAN } }
    userErrors { message path }
  }
  display: createDisplay(input: {
    store: { id: 1 }, product: { externalId: "CH100" }, name: "Chair", status: ACTIVE,
    addMarkets: [{ id: 1 }], addProductVariants: [{ productVariant: { externalId: "CH100-OAK" } }]
  }) {
    display { id uri displayItems { productVariant { name } } }
    userErrors { message path }
  }
}""",
            ),
        ],
    ),
    Section(
        "Adding Product 3: A bundle",
        "A bundle is a product with exactly one internal variant, made of sections; in each "
        "section the customer picks one of the candidate variants. Its price is either set on "
        "pricelists (`STATIC`) or the sum of the picked variants (`DYNAMIC`). Its internal "
        "variant is activated on a display like any other.",
        [
            Example(
                "",
                "",
                """mutation createBundle {
  createBundle(input: {
    product: { name: "Reading Corner", productNumber: "BU100" },
    type: FIXED, priceType: STATIC, sizeChart: { id: 1 },
    addBundleSections: [
      { quantity: 1, productVariants: [{ externalId: "TN100-RED" }, { externalId: "TN100-BLUE" }] },
      { quantity: 1, productVariants: [{ externalId: "CH100-OAK" }] }
    ]
  }) {
    bundle {
      id type priceType
      product { id name isBundle }
      productVariant { id productSizes { SKU } }
      sections { quantity productVariants { name product { name } } }
    }
    userErrors { message path }
  }
}""",
            ),
            Example(
                "",
                "Then display it (the bundle's internal variant is the fourth variant created "
                "in this walk-through):",
                """mutation displayBundle {
  createDisplay(input: {
    store: { id: 1 }, product: { id: 3 }, name: "Reading Corner", status: ACTIVE,
    addMarkets: [{ id: 1 }], addProductVariants: [{ productVariant: { id: 4 } }]
  }) {
    display { id uri product { isBundle } displayItems { productVariant { id } } }
    userErrors { message path }
  }
}""",
            ),
        ],
    ),
    Section(
        "Pricelists - read and create",
        "A pricelist belongs to a store and has one currency; a direct-to-consumer pricelist "
        "applies in the countries added to it (one pricelist per store and country). Prices are "
        "per variant: a product price applies to all its variants unless a variant gets its own.",
        [
            Example(
                "Fetching existing Pricelists",
                "",
                "{ pricelists { id name status store { name } currency { code } assignedToCountries { code } isDefaultForCurrency } }",
            ),
            Example(
                "Creating a new Pricelist",
                "",
                """mutation createPricelist($input: PricelistCreateInput!) {
  createPricelist(input: $input) {
    pricelist { id name status currency { code } assignedToCountries { code } }
    userErrors { message path }
    userWarnings { message path }
  }
}""",
                {
                    "input": {
                        "name": "Euro countries",
                        "status": "ACTIVE",
                        "store": {"id": 1},
                        "currencyIsoCode": "EUR",
                        "addCountries": [{"code": "DE"}, {"code": "FR"}],
                    }
                },
            ),
            Example(
                "Setting prices",
                "Up to 100 products per call. Setting a price also works on inactive products, "
                "so a catalog can be priced before it goes live. Here the blue sweater gets a "
                "price of its own.",
                """mutation setPrices {
  setPrices(input: {
    pricelist: { id: 1 },
    productPrices: [
      { product: { externalId: "TN100" }, price: { value: 699, currencyIsoCode: "SEK" },
        individualVariantPrices: [
          { productVariant: { externalId: "TN100-BLUE" }, price: { value: 749, currencyIsoCode: "SEK" } }
        ] },
      { product: { externalId: "CH100" }, price: { value: 1499, currencyIsoCode: "SEK" } },
      { product: { id: 3 }, price: { value: 1999, currencyIsoCode: "SEK" } }
    ]
  }) {
    pricelist { name prices { productVariant { name } price { value formattedValue } isIndividual } }
    userErrors { message path }
    userWarnings { message path }
  }
}""",
            ),
        ],
    ),
    Section(
        "Fetching Products",
        "Products in the back office are not what storefront APIs call products: there, each "
        "display item is one. Read products with their variants and sizes; their displays say "
        "where and how they are shown, and variants carry their prices.",
        [
            Example(
                "",
                "",
                """{
  products(where: { productNumber: { contains: "TN" } }) {
    id name productNumber status
    brand { name } collection { name } countryOfOrigin { code }
    weight { value unit formattedValue }
    variants {
      id name variantNumber
      productSizes { id description sizeNumber SKU EAN }
      prices { pricelist { name } price { value formattedValue currency { code } } }
    }
    displays { id name uri status markets { name } displayItems { id productVariant { name } } }
  }
}""",
            ),
        ],
    ),
]


#: Sent twice in the stock section: the second time is a retry.
STOCK_COUNT = """mutation stockCount {
  setStock(input: {
    warehouse: { id: 1 }
    description: "Stock count 2026-11-26"
    idempotencyKey: "stock-count-2026-11-26-default"
    productVariants: [
      { productVariant: { externalId: "TN100-RED" }, sizeStockLevels: [
          { size: { name: "S" }, quantity: 10 },
          { size: { name: "M" }, quantity: 25 },
          { size: { name: "L" }, quantity: 8 } ] },
      { productVariant: { externalId: "TN100-BLUE" }, sizeStockLevels: [
          { size: { name: "M" }, quantity: 12 } ] },
      { productVariant: { externalId: "CH100-OAK" }, sizeStockLevels: [
          { size: { name: "One Size" }, quantity: 4 } ] }
    ]
  }) {
    stockChanges {
      id type description
      lines { productSize { SKU } deliveredQuantity physicalQuantity freeToAllocateQuantity }
    }
    userErrors { message path }
  }
}"""

STOCK_SECTIONS = [
    Section(
        "Product Stock update",
        "Once products with variants and sizes are activated on displays and the warehouses "
        "exist, send the stock of every size in each warehouse. Send **physical** stock, what is "
        "on the shelf: Mercato subtracts what orders have allocated and serves back the "
        "free-to-allocate (FTA) quantity, what can be sold right now. A market sells the stock "
        "of the warehouses in its allocation rule. Writing stock needs `StockChange:write`; "
        "every write is recorded as a stock change with one line per size.",
        [
            Example(
                "Sending stock levels (setStock)",
                "Absolute levels for one warehouse, sizes by name, id or external id; up to "
                "10,000 sizes per call. The `idempotencyKey` (a Mercato extension) makes the call "
                "safe to retry: a timeout followed by a retry can never apply the count twice.",
                STOCK_COUNT,
            ),
            Example(
                "Retrying a write",
                "The same request again, as a client would send it after a lost response: "
                "the same answer, the same stock change, and nothing written twice. The same key "
                "with a different input is refused. Keys belong to the integration (or the token "
                "without one) for 24 hours, and a request refused with userErrors stores none, so "
                "a corrected request may reuse it. Every create mutation (`createProduct`, "
                "`createDisplay`, `createPricelist`, ...) takes `idempotencyKey` the same way: a "
                "retried create answers with the object the first one made.",
                STOCK_COUNT,
            ),
            Example(
                "Deliveries, corrections and transfers (changeStock)",
                "Relative changes are safer than absolute levels when orders allocate stock "
                "meanwhile. Into a warehouse is a delivery (negative quantities correct it), out "
                "of one warehouse into another is a transfer, limited to what the source has free "
                "to allocate.",
                """mutation moveStock {
  delivery: changeStock(input: {
    intoWarehouse: { id: 1 }, description: "Delivery from the knitting mill"
    externalReference: "ERP-GRN-5531"
    productVariants: [{
      productVariant: { externalId: "TN100-RED" }, unitCost: { value: 210, currencyIsoCode: "SEK" }
      sizeChanges: [{ size: { name: "S" }, deliveredQuantity: 5 }]
    }]
  }) {
    stockChange { id type lines { productSize { SKU } deliveredQuantity physicalQuantity unitCost { formattedValue } } }
    userErrors { message path }
  }
  transfer: changeStock(input: {
    outFromWarehouse: { id: 1 }, intoWarehouse: { id: 3 }, description: "Refill the shop"
    productVariants: [{
      productVariant: { externalId: "TN100-RED" }
      sizeChanges: [{ size: { name: "M" }, deliveredQuantity: 3 }]
    }]
  }) {
    stockChange { id type lines { warehouse { name } deliveredQuantity physicalQuantity } }
    userErrors { message path }
  }
}""",
            ),
            Example(
                "Writing only if nobody else did (compare-and-set)",
                "`expectedQuantity` (a Mercato extension) writes a level only if the physical "
                "quantity is still what the ERP last saw. Here it is not (the delivery above "
                "changed it), so nothing is written and the error names the current value.",
                """mutation guardedCount {
  setStock(input: {
    warehouse: { id: 1 }
    productVariants: [{ productVariant: { externalId: "TN100-RED" }, sizeStockLevels: [
      { size: { name: "S" }, quantity: 9, expectedQuantity: 10 } ] }]
  }) {
    stockChanges { id }
    userErrors { message path }
  }
}""",
            ),
            Example(
                "Reading free-to-allocate stock back",
                "Per warehouse on every size, and summed for a market (the warehouses of its "
                "allocation rule: Sweden sells from the Default Warehouse and Retail). "
                "`freeToAllocateQuantity` is what a stock sync needs; the other quantities come "
                "from orders and supplier orders.",
                """{
  productVariants(where: { productId: [1] }) {
    name
    productSizes {
      SKU
      stock { warehouse { name } physicalQuantity allocatedQuantity freeToAllocateQuantity }
      stockTotals(where: { marketId: [1] }) { freeToAllocateQuantity availableQuantity }
    }
  }
}""",
            ),
            Example(
                "Following stock changes",
                "Every write is in the stock ledger, newest first.",
                """{
  stockChangeConnection(first: 3) {
    edges { node { id type description externalReference warehouse { name } } }
    pageInfo { hasNextPage }
  }
}""",
            ),
        ],
    ),
]


HEADER = """# The ERP integration cookbook, as Mercato answers it

This is the ERP integration cookbook of Centra's Integration API (public documentation:
https://docs.centra.com/api-references/graphql-integration-api) with every example run against
Mercato: each request below was sent, in order, to a fresh
`make run` database, and the response shown is the one Mercato gave.
`tests/api/test_cookbook.py` sends them again and fails when an answer changes, and
`scripts/cookbook.py` regenerates this file.

To follow along: run `make run`, copy the QA token it prints, and

```sh
export BASE_URL=http://127.0.0.1:8000
export ACCESS_TOKEN=<the token>
```

The token goes in the `graphql-access` cookie (as below) or in `Authorization: Bearer`.
`extensions.appVersion` is the server's version and `complexity` is the cost counted
against the token's QUERY_COMPLEXITY rate limit.
"""


def _curl(query: str, variables: dict[str, Any] | None) -> str:
    """The request as a shell command: the operation and its variables in one JSON body."""
    body: dict[str, Any] = {"query": query}
    if variables is not None:
        body["variables"] = variables
    quoted = json.dumps(body).replace("'", "'\\''")
    return (
        '```sh\ncurl "${BASE_URL}/graphql" \\\n'
        "    -X POST \\\n"
        '    -H "Cookie: graphql-access=${ACCESS_TOKEN}" \\\n'
        '    -H "Content-Type: application/json" \\\n'
        f"    -d '{quoted}'\n```\n"
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as directory:
        database = Database(f"sqlite:///{directory}/cookbook.sqlite3")
        upgrade(database)
        load_demo(database)
        out = [HEADER]
        with Api.start(database) as api:
            for section in [*SECTIONS, *CATALOG_SECTIONS, *STOCK_SECTIONS]:
                out.append(f"\n## {section.title}\n\n{section.intro}\n")
                for example in section.examples:
                    if example.heading:
                        out.append(f"\n### {example.heading}\n")
                    if example.prose:
                        out.append(f"\n{example.prose}\n")
                    out.append("\n#### Request\n\n")
                    out.append(
                        _curl(example.query, example.variables) + "\nThe same, readable:\n\n"
                    )
                    out.append(f"```graphql\n{example.query}\n```\n")
                    if example.variables is not None:
                        variables = json.dumps(example.variables, indent=2)
                        out.append(f"\nVariables:\n\n```json variables\n{variables}\n```\n")
                    response = api.query(example.query, example.variables)
                    if response.status != 200:
                        raise SystemExit(
                            f"{example.query!r} answered {response.status}: {response.body}"
                        )
                    out.append(
                        f"\n#### Response\n\n```json response\n{render_response(response.body)}\n```\n"
                    )
                    if example.after:
                        out.append(f"\n{example.after}\n")
        database.dispose()
    sys.stdout.write("".join(out))


if __name__ == "__main__":
    main()
