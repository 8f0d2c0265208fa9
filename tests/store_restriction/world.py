"""The world the store-restriction matrices run in: store 1 (Retail) and store 2 (Wholesale)
each own an object of every store-owned type (markets, allocation rules, pricelists, prices,
price alterations and altered prices, displays with their items, markets, categories,
relations and translations, categories, brands linked to them, access tokens), and the shared
catalog they point to (products, variants, sizes, media, size charts, warehouses, stock, a
supplier with a purchase order). The unrestricted QA token's integration ("qa") has an
external id for each, so a restricted token of that integration can try every reference both
by id and by external id.

Built once per database through the API (the services' own rules apply) and shared by the
matrices: refused writes change nothing, and the allowed ones write store 1's objects only.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from mercato.auth.permissions import ALL_PERMISSIONS
from mercato.db.unit_of_work import Writer
from mercato.idconversion.references import Reference
from mercato.supply.purchase_orders import (
    PurchaseOrderCreate,
    PurchaseOrderLineInput,
    create_purchase_order,
)
from mercato.supply.suppliers import SupplierCreate, create_supplier
from tests.support import Api

RETAIL, WHOLESALE = 1, 2
#: The demo's allocation rules: one per store.
RETAIL_RULE, WHOLESALE_RULE = 1, 2
#: The demo's warehouses.
DEFAULT_WAREHOUSE, WHOLESALE_WAREHOUSE, RETAIL_WAREHOUSE = 1, 2, 3


@dataclass
class StoreObjects:
    """One store's objects, by id; each also has the external id ``s<store>-<kind>``."""

    store: int
    market: int = 0
    allocation_rule: int = 0
    pricelist: int = 0
    price_alteration: int | None = None
    display: int = 0
    related_display: int = 0
    category: int = 0
    child_category: int = 0
    brand: int = 0
    token: int = 0

    def external(self, kind: str) -> str:
        return f"s{self.store}-{kind}"


@dataclass
class World:
    api: Api
    retail: StoreObjects
    wholesale: StoreObjects
    #: A brand linked to both stores.
    shared_brand: int
    products: list[int]
    variants: list[int]
    #: product sizes of the first variant
    product_sizes: list[int]
    size_chart: int
    sizes: list[int]
    media: int
    supplier: int
    purchase_order: int
    bundle: int
    measurement_chart: int
    #: A token restricted to store 1 holding every permission (integration "qa").
    restricted: str
    #: The same, restricted to store 2.
    restricted_wholesale: str

    def restricted_to(self, store: int) -> str:
        return {RETAIL: self.restricted, WHOLESALE: self.restricted_wholesale}[store]


def _ok(api: Api, document: str, variables: dict[str, Any] | None = None) -> Any:
    data = api.ok(document, variables)
    for payload in data.values():
        if isinstance(payload, dict) and payload.get("userErrors"):
            raise AssertionError(f"world set-up refused: {payload['userErrors']}")
    return data


def _conversions(api: Api, entries: list[tuple[str, int, str]]) -> None:
    _ok(
        api,
        "mutation($input: [IdConversionSetInput!]!) { setIdConversions(input: $input) "
        "{ userErrors { message path } } }",
        {
            "input": [
                {"objectType": t, "internalId": i, "externalId": e} for t, i, e in entries
            ]
        },
    )


def _product(api: Api, number: int, chart: str) -> tuple[int, int, list[int]]:
    made = _ok(
        api,
        "mutation($p: ProductCreateInput!) { createProduct(input: $p) "
        "{ product { id } userErrors { message } } }",
        {"p": {"name": f"World {number}", "productNumber": f"W{number}", "externalId": f"w-p{number}"}},
    )["createProduct"]["product"]["id"]
    variant = _ok(
        api,
        "mutation($v: ProductVariantCreateInput!) { createProductVariant(input: $v) "
        "{ productVariant { id productSizes { id } } userErrors { message } } }",
        {
            "v": {
                "product": {"id": made},
                "name": "Black",
                "sizeChart": {"externalId": chart},
                "externalId": f"w-v{number}",
                "productSizes": [{"size": {"name": "S"}}, {"size": {"name": "M"}}],
            }
        },
    )["createProductVariant"]["productVariant"]
    return made, variant["id"], [s["id"] for s in variant["productSizes"]]


def _store_objects(
    api: Api, objects: StoreObjects, products: list[int], variants: list[int], currency: str
) -> None:
    store = objects.store
    ext = objects.external
    objects.allocation_rule = RETAIL_RULE if store == RETAIL else WHOLESALE_RULE
    objects.market = _ok(
        api,
        "mutation($m: MarketCreateInput!) { createMarket(input: $m) { market { id } userErrors { message } } }",
        {
            "m": {
                "name": f"Store {store} market",
                "store": {"id": store},
                "allocationRule": {"id": objects.allocation_rule},
            }
        },
    )["createMarket"]["market"]["id"]
    objects.pricelist = _ok(
        api,
        "mutation($p: PricelistCreateInput!) { createPricelist(input: $p) { pricelist { id } userErrors { message } } }",
        {
            "p": {
                "name": f"Store {store} prices",
                "status": "ACTIVE",
                "store": {"id": store},
                "currencyIsoCode": currency,
                "addCountries": [{"code": "NO"}] if store == RETAIL else [],
                "externalId": ext("pricelist"),
            }
        },
    )["createPricelist"]["pricelist"]["id"]
    _ok(
        api,
        "mutation($i: ProductPricesSetInput!) { setPrices(input: $i) { userErrors { message } } }",
        {
            "i": {
                "pricelist": {"id": objects.pricelist},
                "productPrices": [
                    {"product": {"id": p}, "price": {"value": 10 * store, "currencyIsoCode": currency}}
                    for p in products
                ],
            }
        },
    )
    if store == WHOLESALE:  # price alterations belong to wholesale stores only
        objects.price_alteration = _ok(
            api,
            "mutation($a: PriceAlterationCreateInput!) { createPriceAlteration(input: $a) "
            "{ priceAlteration { id } userErrors { message } } }",
            {"a": {"name": "Store 2 alteration", "status": "ACTIVE", "store": {"id": store}, "startDate": "2030-01-01"}},
        )["createPriceAlteration"]["priceAlteration"]["id"]
        _ok(
            api,
            "mutation($i: ProductAlteredPricesSetInput!) { setAlteredPrices(input: $i) { userErrors { message } } }",
            {
                "i": {
                    "priceAlteration": {"id": objects.price_alteration},
                    "pricelist": {"id": objects.pricelist},
                    "productPrices": [
                        {"product": {"id": products[0]}, "price": {"value": 15, "currencyIsoCode": currency}}
                    ],
                }
            },
        )
    objects.category = _ok(
        api,
        "mutation($c: CategoryCreateInput!) { createCategory(input: $c) { category { id } userErrors { message } } }",
        {"c": {"store": {"id": store}, "name": f"Store {store} shelf"}},
    )["createCategory"]["category"]["id"]
    objects.child_category = _ok(
        api,
        "mutation($c: CategoryCreateInput!) { createCategory(input: $c) { category { id } userErrors { message } } }",
        {"c": {"store": {"id": store}, "name": f"Store {store} sub-shelf", "parent": {"id": objects.category}}},
    )["createCategory"]["category"]["id"]
    displays = []
    for index, (product, variant) in enumerate(zip(products[:2], variants[:2], strict=True)):
        displays.append(
            _ok(
                api,
                "mutation($d: DisplayCreateInput!) { createDisplay(input: $d) { display { id } userErrors { message } } }",
                {
                    "d": {
                        "store": {"id": store},
                        "product": {"id": product},
                        "name": f"Store {store} display {index + 1}",
                        "status": "ACTIVE",
                        "canonicalCategory": {"id": objects.category},
                        "addMarkets": [{"id": objects.market}],
                        "addProductVariants": [{"productVariant": {"id": variant}}],
                    }
                },
            )["createDisplay"]["display"]["id"]
        )
    objects.display, objects.related_display = displays
    _ok(
        api,
        "mutation($r: DisplayRelationAddInput!) { addDisplayRelation(input: $r) { userErrors { message } } }",
        {"r": {"display": {"id": displays[0]}, "relatedDisplays": [{"id": displays[1]}], "relationType": "Standard"}},
    )
    _ok(
        api,
        "mutation($t: TranslationsSetInput!) { setTranslations(input: $t) { userErrors { message } } }",
        {
            "t": {
                "objectType": "Display",
                "objectId": displays[0],
                "language": {"code": "sv"},
                "translations": [{"field": "name", "value": f"Butik {store}"}],
            }
        },
    )
    objects.brand = _ok(
        api,
        "mutation($b: BrandCreateInput!) { createBrand(input: $b) { brand { id } userErrors { message } } }",
        {"b": {"name": f"Store {store} brand", "addToStores": [{"id": store}]}},
    )["createBrand"]["brand"]["id"]
    objects.token = _ok(
        api,
        "mutation($t: AccessTokenCreateInput!) { createAccessToken(input: $t) "
        "{ graphQLAccess { id } userErrors { message } } }",
        {
            "t": {
                "name": f"Store {store} integration",
                "integrationName": f"store-{store}",
                "permissions": ["Market:read"],
                "restrictions": {"store": {"id": store}},
            }
        },
    )["createAccessToken"]["graphQLAccess"]["id"]
    _conversions(
        api,
        [
            ("Store", store, ext("store")),
            ("Market", objects.market, ext("market")),
            ("AllocationRule", objects.allocation_rule, ext("rule")),
            ("Pricelist", objects.pricelist, ext("pricelist")),
            ("Display", objects.display, ext("display")),
            ("Display", objects.related_display, ext("related-display")),
            ("Category", objects.category, ext("category")),
            ("Category", objects.child_category, ext("child-category")),
            ("Brand", objects.brand, ext("brand")),
            *(
                [("PriceAlteration", objects.price_alteration, ext("alteration"))]
                if objects.price_alteration
                else []
            ),
        ],
    )


def build_world(api: Api) -> World:
    """The world, built with the unrestricted QA token (integration "qa")."""
    chart = _ok(
        api,
        'mutation { createSizeChart(input: {name: "World chart", horizontalLabels: ["S", "M"], '
        'externalId: "w-chart"}) { sizeChart { id sizes { id } } userErrors { message } } }',
    )["createSizeChart"]["sizeChart"]
    made = [_product(api, number, "w-chart") for number in (1, 2, 3)]
    products = [m[0] for m in made]
    variants = [m[1] for m in made]
    measurement_chart = _ok(
        api,
        'mutation { createMeasurementChart(input: {name: "World fit", horizontalLabels: ["S"], '
        'verticalLabels: ["Chest"]}) { measurementChart { id } userErrors { message } } }',
    )["createMeasurementChart"]["measurementChart"]["id"]
    _ok(
        api,
        "mutation($p: ProductUpdateInput!) { updateProduct(id: %d, input: $p) { userErrors { message } } }"
        % made[2][0],
        {"p": {"measurementTable": {"measurementChart": {"id": measurement_chart}}}},
    )
    _ok(
        api,
        'mutation { createSizeLocalization(input: {name: "World sizes", addCountries: [{code: "SE"}]}) '
        "{ userErrors { message } } }",
    )
    _ok(
        api,
        'mutation { setLocalizedSizes(sizeLocalization: {name: "World sizes"}, '
        'input: [{size: {id: %d}, localizedName: "Liten"}]) { userErrors { message } } }'
        % chart["sizes"][0]["id"],
    )
    bundle = _ok(
        api,
        "mutation($b: BundleCreateInput!) { createBundle(input: $b) "
        "{ bundle { id product { id } } userErrors { message } } }",
        {
            "b": {
                "product": {"name": "World bundle", "productNumber": "WB"},
                "type": "FIXED",
                "priceType": "STATIC",
                "sizeChart": {"externalId": "w-chart"},
                "addBundleSections": [{"quantity": 1, "productVariants": [{"id": made[0][1]}]}],
            }
        },
    )["createBundle"]["bundle"]
    media_batch = _ok(
        api,
        "mutation { createMediaBatch(input: {productMedia: [{productId: %d, "
        'url: "https://example.com/world.jpg"}]}) { queueId userErrors { message } } }' % products[0],
    )
    del media_batch
    media = api.ok("{ product(id: %d) { media { id } } }" % products[0])["product"]["media"][0]["id"]
    retail = StoreObjects(RETAIL)
    wholesale = StoreObjects(WHOLESALE)
    _store_objects(api, retail, products, variants, "SEK")
    _store_objects(api, wholesale, products, variants, "EUR")
    shared_brand = _ok(
        api,
        'mutation { createBrand(input: {name: "Both stores brand", addToStores: [{id: 1}, {id: 2}]}) '
        "{ brand { id } userErrors { message } } }",
    )["createBrand"]["brand"]["id"]
    _ok(
        api,
        "mutation($p: ProductUpdateInput!) { updateProduct(id: %d, input: $p) { userErrors { message } } }"
        % products[0],
        {"p": {"brand": {"id": wholesale.brand}}},
    )
    _ok(
        api,
        'mutation { createCollection(input: {name: "World collection"}) { userErrors { message } } '
        'createFolder(input: {name: "World folder"}) { userErrors { message } } }',
    )
    _ok(
        api,
        "mutation($p: ProductUpdateInput!) { updateProduct(id: %d, input: $p) { userErrors { message } } }"
        % products[1],
        {"p": {"brand": {"id": shared_brand}, "collection": {"id": 1}, "folder": {"id": 1}}},
    )
    _conversions(api, [("Brand", shared_brand, "both-brand"), ("Warehouse", DEFAULT_WAREHOUSE, "w-warehouse")])
    _ok(
        api,
        "mutation($s: StockSetInput!) { setStock(input: $s) { userErrors { message } } }",
        {
            "s": {
                "warehouse": {"id": WHOLESALE_WAREHOUSE},
                "productVariants": [
                    {
                        "productVariant": {"id": variants[0]},
                        "sizeStockLevels": [{"size": {"name": "S"}, "quantity": 5}],
                    }
                ],
            }
        },
    )
    writer = Writer.system(api.database, "world")
    supplier = create_supplier(writer, SupplierCreate("World supplier"))
    product_sizes = [
        s["id"]
        for s in api.ok("{ productVariant(id: %d) { productSizes { id } } }" % variants[0])[
            "productVariant"
        ]["productSizes"]
    ]
    purchase_order = create_purchase_order(
        writer,
        PurchaseOrderCreate(
            supplier,
            [PurchaseOrderLineInput(Reference(id=product_sizes[0]), 3, Decimal("4.00"))],
            warehouse=Reference(id=WHOLESALE_WAREHOUSE),
        ),
    )
    restricted = api.token(ALL_PERMISSIONS, store_id=RETAIL)
    return World(
        api=api,
        retail=retail,
        wholesale=wholesale,
        shared_brand=shared_brand,
        products=products,
        variants=variants,
        product_sizes=product_sizes,
        size_chart=chart["id"],
        sizes=[s["id"] for s in chart["sizes"]],
        media=media,
        supplier=supplier,
        purchase_order=purchase_order,
        bundle=bundle["id"],
        measurement_chart=measurement_chart,
        restricted=restricted,
        restricted_wholesale=api.token(ALL_PERMISSIONS, store_id=WHOLESALE),
    )
