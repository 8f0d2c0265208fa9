"""The world the store-restriction matrices run in: store 1 (Retail, direct to consumer) and
store 2 (Wholesale) each own an object of every store-owned type (markets, pricelists with
prices, displays with their items, markets, categories, relations and translations,
categories, brands linked to them, store plugins, access tokens; the demo's allocation rules; store 2 a price
alteration with altered prices, which only wholesale stores have), and the shared catalog they
point to (products, variants, sizes, media, size charts, measurement charts, size
localizations, collections, folders, a bundle, warehouses, stock, a supplier with a purchase
order). The unrestricted QA token's integration ("qa") has an external id ``s<store>-<kind>``
for each store's objects, so a restricted token of that integration can name every one both
by id and by external id.

Built once per database through the API (the services' own rules apply) and shared by the
matrices: refused writes change nothing, and the allowed ones touch only objects made for
them (``spare_*``) or the writing store's own.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from mercato.auth.permissions import ALL_PERMISSIONS
from mercato.catalog.attributes_types import (
    AttributeTypeCreate,
    ElementDefinition,
    create_attribute_type,
)
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
RULES = {RETAIL: 1, WHOLESALE: 2}
#: The demo's warehouses.
DEFAULT_WAREHOUSE, WHOLESALE_WAREHOUSE = 1, 2
CURRENCIES = {RETAIL: "SEK", WHOLESALE: "EUR"}


@dataclass
class StoreObjects:
    """One store's objects, by id; those with an external id have ``s<store>-<kind>``."""

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
    store_plugin: int = 0
    token: int = 0
    #: Made to be deleted (or revoked) by the matrix's allowed writes.
    spare_market: int = 0
    spare_pricelist: int = 0
    spare_category: int = 0
    spare_token: int = 0

    def external(self, kind: str) -> str:
        return f"s{self.store}-{kind}"

    @property
    def translation(self) -> str:
        """The Swedish name of the store's display: a text only that store's rows hold."""
        return f"Butik {self.store}"


@dataclass
class World:
    api: Api
    retail: StoreObjects
    wholesale: StoreObjects
    #: A brand linked to both stores.
    shared_brand: int
    products: list[int]
    variants: list[int]
    #: The first variant's product sizes.
    product_sizes: list[int]
    media: int
    bundle: int
    measurement_chart: int
    #: A token restricted to store 1 holding every permission (integration "qa").
    restricted: str
    #: The same, restricted to store 2.
    restricted_wholesale: str

    def restricted_to(self, store: int) -> str:
        return {RETAIL: self.restricted, WHOLESALE: self.restricted_wholesale}[store]


def _mutate(
    api: Api, field: str, input_type: str, value: Any, selection: str = "", **arguments: Any
) -> Any:
    """``field(<arguments>, input: $input) { <selection> }`` with the QA token: the payload,
    which must hold no userErrors."""
    inline = "".join(f"{name}: {argument}, " for name, argument in arguments.items())
    document = (
        f"mutation($input: {input_type}) {{ {field}({inline}input: $input) "
        f"{{ {selection} userErrors {{ message path }} }} }}"
    )
    payload = api.ok(document, {"input": value})[field]
    if payload["userErrors"]:
        raise AssertionError(f"world set-up refused {field}: {payload['userErrors']}")
    return payload


def _created(api: Api, field: str, input_type: str, value: Any, member: str) -> int:
    """The id of the object a create mutation made."""
    created: int = _mutate(api, field, input_type, value, f"{member} {{ id }}")[member]["id"]
    return created


def _conversions(api: Api, entries: list[tuple[str, int | None, str]]) -> None:
    _mutate(
        api,
        "setIdConversions",
        "[IdConversionSetInput!]!",
        [
            {"objectType": t, "internalId": i, "externalId": e}
            for t, i, e in entries
            if i is not None
        ],
    )


def _token(api: Api, store: int, name: str) -> int:
    return _created(
        api,
        "createAccessToken",
        "AccessTokenCreateInput!",
        {
            "name": f"Store {store} {name}",
            "integrationName": f"store-{store}",
            "permissions": ["Market:read"],
            "restrictions": {"store": {"id": store}},
        },
        "graphQLAccess",
    )


def _product(api: Api, number: int) -> tuple[int, int, list[int]]:
    """A product with one variant of the world's chart, sizes S and M active."""
    product = _created(
        api,
        "createProduct",
        "ProductCreateInput!",
        {"name": f"World {number}", "productNumber": f"W{number}", "externalId": f"w-p{number}"},
        "product",
    )
    variant = _mutate(
        api,
        "createProductVariant",
        "ProductVariantCreateInput!",
        {
            "product": {"id": product},
            "name": "Black",
            "sizeChart": {"externalId": "w-chart"},
            "externalId": f"w-v{number}",
            "productSizes": [{"size": {"name": "S"}}, {"size": {"name": "M"}}],
        },
        "productVariant { id productSizes { id } }",
    )["productVariant"]
    return product, variant["id"], [s["id"] for s in variant["productSizes"]]


def _store_objects(
    api: Api, objects: StoreObjects, products: list[int], variants: list[int]
) -> None:
    store = objects.store
    currency = CURRENCIES[store]
    in_store = {"id": store}
    objects.allocation_rule = RULES[store]
    objects.market = _created(
        api,
        "createMarket",
        "MarketCreateInput!",
        {
            "name": f"Store {store} market",
            "store": in_store,
            "allocationRule": {"id": objects.allocation_rule},
        },
        "market",
    )
    objects.pricelist = _created(
        api,
        "createPricelist",
        "PricelistCreateInput!",
        {
            "name": f"Store {store} prices",
            "status": "ACTIVE",
            "store": in_store,
            "currencyIsoCode": currency,
            # (countries belong to direct-to-consumer stores' pricelists only)
            "addCountries": [{"code": "NO"}] if store == RETAIL else [],
        },
        "pricelist",
    )
    _mutate(
        api,
        "setPrices",
        "ProductPricesSetInput!",
        {
            "pricelist": {"id": objects.pricelist},
            "productPrices": [
                {"product": {"id": p}, "price": {"value": 10 * store, "currencyIsoCode": currency}}
                for p in products
            ],
        },
    )
    if store == WHOLESALE:  # price alterations belong to wholesale stores only
        objects.price_alteration = _created(
            api,
            "createPriceAlteration",
            "PriceAlterationCreateInput!",
            {
                "name": "Store 2 alteration",
                "status": "ACTIVE",
                "store": in_store,
                "startDate": "2030-01-01",
            },
            "priceAlteration",
        )
        _mutate(
            api,
            "setAlteredPrices",
            "ProductAlteredPricesSetInput!",
            {
                "priceAlteration": {"id": objects.price_alteration},
                "pricelist": {"id": objects.pricelist},
                "productPrices": [
                    {
                        "product": {"id": products[0]},
                        "price": {"value": 15, "currencyIsoCode": currency},
                    }
                ],
            },
        )
    objects.category = _created(
        api,
        "createCategory",
        "CategoryCreateInput!",
        {"store": in_store, "name": f"Store {store} shelf"},
        "category",
    )
    objects.child_category = _created(
        api,
        "createCategory",
        "CategoryCreateInput!",
        {"store": in_store, "name": f"Store {store} sub-shelf", "parent": {"id": objects.category}},
        "category",
    )
    objects.display, objects.related_display = (
        _created(
            api,
            "createDisplay",
            "DisplayCreateInput!",
            {
                "store": in_store,
                "product": {"id": product},
                "name": f"Store {store} display {index}",
                "status": "ACTIVE",
                "canonicalCategory": {"id": objects.category},
                "addMarkets": [{"id": objects.market}],
                "addProductVariants": [{"productVariant": {"id": variant}}],
            },
            "display",
        )
        for index, product, variant in (
            (1, products[0], variants[0]),
            (2, products[1], variants[1]),
        )
    )
    _mutate(
        api,
        "addDisplayRelation",
        "DisplayRelationAddInput!",
        {
            "display": {"id": objects.display},
            "relatedDisplays": [{"id": objects.related_display}],
            "relationType": "Standard",
        },
    )
    _mutate(
        api,
        "setTranslations",
        "TranslationsSetInput!",
        {
            "objectType": "Display",
            "objectId": objects.display,
            "language": {"code": "sv"},
            "translations": [{"field": "name", "value": objects.translation}],
        },
    )
    objects.brand = _created(
        api,
        "createBrand",
        "BrandCreateInput!",
        {"name": f"Store {store} brand", "addToStores": [in_store]},
        "brand",
    )
    api.ok(
        "mutation($id: Int!) { assignAttributes(input: {objectType: Display, objectId: $id, "
        'dynamicAttributes: [{attributeTypeName: "badge", attributeElementKey: "text", '
        'attributeElementValue: "Badge ' + str(store) + '"}]}) { userErrors { message } } }',
        {"id": objects.display},
    )
    objects.store_plugin = _created(
        api,
        "createStorePlugin",
        "StorePluginCreateInput!",
        {"store": in_store, "name": f"Store {store} payments", "type": "PAYMENT"},
        "storePlugin",
    )
    objects.spare_market = _created(
        api,
        "createMarket",
        "MarketCreateInput!",
        {"name": f"Store {store} spare market", "store": in_store},
        "market",
    )
    objects.spare_pricelist = _created(
        api,
        "createPricelist",
        "PricelistCreateInput!",
        {
            "name": f"Store {store} spare prices",
            "status": "INACTIVE",
            "store": in_store,
            "currencyIsoCode": currency,
        },
        "pricelist",
    )
    objects.spare_category = _created(
        api,
        "createCategory",
        "CategoryCreateInput!",
        {"store": in_store, "name": f"Store {store} spare shelf"},
        "category",
    )
    objects.token = _token(api, store, "integration")
    objects.spare_token = _token(api, store, "spare")
    external = objects.external
    _conversions(
        api,
        [
            ("Store", store, external("store")),
            ("Market", objects.market, external("market")),
            ("AllocationRule", objects.allocation_rule, external("rule")),
            ("Pricelist", objects.pricelist, external("pricelist")),
            ("PriceAlteration", objects.price_alteration, external("alteration")),
            ("Display", objects.display, external("display")),
            ("Display", objects.related_display, external("related-display")),
            ("Category", objects.category, external("category")),
            ("Category", objects.child_category, external("child-category")),
            ("Brand", objects.brand, external("brand")),
        ],
    )


def _shared_catalog(api: Api) -> dict[str, Any]:
    """Size and measurement charts, products, a bundle, media, collections and folders."""
    chart = _mutate(
        api,
        "createSizeChart",
        "SizeChartCreateInput!",
        {"name": "World chart", "horizontalLabels": ["S", "M"], "externalId": "w-chart"},
        "sizeChart { sizes { id } }",
    )["sizeChart"]
    made = [_product(api, number) for number in (1, 2, 3)]
    measurement_chart = _created(
        api,
        "createMeasurementChart",
        "MeasurementChartCreateInput!",
        {"name": "World fit", "horizontalLabels": ["S"], "verticalLabels": ["Chest"]},
        "measurementChart",
    )
    _mutate(
        api,
        "updateProduct",
        "ProductUpdateInput!",
        {"measurementTable": {"measurementChart": {"id": measurement_chart}}},
        id=made[2][0],
    )
    _mutate(
        api,
        "updateProduct",
        "ProductUpdateInput!",
        {
            "collection": {
                "id": _created(
                    api,
                    "createCollection",
                    "CollectionCreateInput!",
                    {"name": "World"},
                    "collection",
                )
            },
            "folder": {
                "id": _created(
                    api, "createFolder", "FolderCreateInput", {"name": "World"}, "folder"
                )
            },
        },
        id=made[0][0],
    )
    _mutate(
        api,
        "createSizeLocalization",
        "SizeLocalizationCreateInput!",
        {"name": "World sizes", "addCountries": [{"code": "SE"}]},
    )
    _mutate(
        api,
        "setLocalizedSizes",
        "[LocalizedSizesSetInput!]!",
        [{"size": {"id": chart["sizes"][0]["id"]}, "localizedName": "Liten"}],
        sizeLocalization='{name: "World sizes"}',
    )
    bundle = _created(
        api,
        "createBundle",
        "BundleCreateInput!",
        {
            "product": {"name": "World bundle", "productNumber": "WB"},
            "type": "FIXED",
            "priceType": "STATIC",
            "sizeChart": {"externalId": "w-chart"},
            "addBundleSections": [{"quantity": 1, "productVariants": [{"id": made[0][1]}]}],
        },
        "bundle",
    )
    _mutate(
        api,
        "createMediaBatch",
        "MediaBatchCreateInput!",
        {"productMedia": [{"productId": made[0][0], "url": "https://example.com/world.jpg"}]},
    )
    media = api.ok("query($id: Int) { product(id: $id) { media { id } } }", {"id": made[0][0]})
    return {
        "made": made,
        "measurement_chart": measurement_chart,
        "bundle": bundle,
        "media": media["product"]["media"][0]["id"],
    }


def build_world(api: Api) -> World:
    """The world, built with the unrestricted QA token (integration "qa")."""
    catalog = _shared_catalog(api)
    products = [m[0] for m in catalog["made"]]
    variants = [m[1] for m in catalog["made"]]
    product_sizes = catalog["made"][0][2]
    retail, wholesale = StoreObjects(RETAIL), StoreObjects(WHOLESALE)
    # A display attribute (a badge text), so each store's display carries an attribute.
    create_attribute_type(
        Writer.system(api.database),
        AttributeTypeCreate(
            name="badge",
            object_type="Display",
            is_mapped=False,
            elements=[ElementDefinition("text", "INPUT", "Text")],
        ),
    )
    for objects in (retail, wholesale):
        _store_objects(api, objects, products, variants)
    shared_brand = _created(
        api,
        "createBrand",
        "BrandCreateInput!",
        {"name": "Both stores brand", "addToStores": [{"id": RETAIL}, {"id": WHOLESALE}]},
        "brand",
    )
    for product, brand in ((products[0], wholesale.brand), (products[1], shared_brand)):
        _mutate(api, "updateProduct", "ProductUpdateInput!", {"brand": {"id": brand}}, id=product)
    _conversions(api, [("Brand", shared_brand, "both-brand")])
    _mutate(
        api,
        "setStock",
        "StockSetInput!",
        {
            "warehouse": {"id": WHOLESALE_WAREHOUSE},
            "productVariants": [
                {
                    "productVariant": {"id": variants[0]},
                    "sizeStockLevels": [{"size": {"name": "S"}, "quantity": 5}],
                }
            ],
        },
    )
    writer = Writer.system(api.database, "world")
    supplier = create_supplier(writer, SupplierCreate("World supplier"))
    create_purchase_order(
        writer,
        PurchaseOrderCreate(
            supplier,
            [PurchaseOrderLineInput(Reference(id=product_sizes[0]), 3, Decimal("4.00"))],
            warehouse=Reference(id=WHOLESALE_WAREHOUSE),
        ),
    )
    return World(
        api=api,
        retail=retail,
        wholesale=wholesale,
        shared_brand=shared_brand,
        products=products,
        variants=variants,
        product_sizes=product_sizes,
        media=catalog["media"],
        bundle=catalog["bundle"],
        measurement_chart=catalog["measurement_chart"],
        restricted=api.token(ALL_PERMISSIONS, store_id=RETAIL),
        restricted_wholesale=api.token(ALL_PERMISSIONS, store_id=WHOLESALE),
    )
