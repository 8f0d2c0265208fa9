"""The Occtoo formatter's write sequence (occtoo_formatter.py), verbatim: importing a new
product hierarchy (collection, product, variants, sizes with ``ean``, mapped attributes
created and assigned, media by batch, the display), then importing it again as the formatter
does for a product it knows (updates, attributes unassigned and reassigned, media replaced,
the display updated), and its other reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mercato.catalog.attributes_types import (
    AttributeTypeCreate,
    ElementDefinition,
    create_attribute_type,
)
from mercato.db.unit_of_work import Writer
from tests.clients import occtoo_formatter as sent_by
from tests.clients.conftest import sent
from tests.clients.occtoo_provider import document
from tests.support import Api

SEASON = "SS25"
PRODUCT_NUMBER = "OC-100"


@dataclass
class Variant:
    name: str
    number: str
    colour: str
    fabric: str
    media_urls: list[str]
    eans: list[str]
    id: int = 0


@dataclass
class Hierarchy:
    """What the formatter reads from Occtoo for one product master."""

    name: str = "Linen shirt"
    description: str = "A shirt of washed linen."
    variants: list[Variant] = field(
        default_factory=lambda: [
            Variant(
                "Sand",
                "01",
                "Sand",
                "Linen",
                ["https://cdn.example.com/oc-100-sand-1.jpg"],
                ["7350000001001", "7350000001002", "7350000001003"],
            ),
            Variant(
                "Navy",
                "02",
                "Navy",
                "Linen|Cotton",
                [
                    "https://cdn.example.com/oc-100-navy-1.jpg",
                    "https://cdn.example.com/oc-100-navy-2.jpg",
                ],
                ["7350000002001", "7350000002002", "7350000002003"],
            ),
        ]
    )


@dataclass(frozen=True)
class Setting:
    """The Centra ids the formatter's configuration and lookups give it."""

    brand: int
    folder: int
    chart: int
    size_chart: int
    sizes: list[int]
    category: int
    store: int
    markets: list[int]


def _configured(api: Api) -> Setting:
    """What a Centra instance has before the formatter runs: a measurement chart and the
    mapped attribute types it fills (filter_color with name and color, fabric with text)."""
    writer = Writer.system(api.database)
    for name, keys in (("filter_color", ("name", "color")), ("fabric", ("text",))):
        create_attribute_type(
            writer,
            AttributeTypeCreate(
                name=name,
                object_type="ProductVariant",
                is_mapped=True,
                elements=[ElementDefinition(key, "INPUT", key) for key in keys],
            ),
        )
    chart = api.ok(
        'mutation { createMeasurementChart(input: {name: "Shirts", horizontalLabels: ["S"], '
        'verticalLabels: ["Chest"], displayUnit: "cm", values: [{horizontalLabel: "S", '
        'verticalLabel: "Chest", value: "50"}]}) { measurementChart { id } userErrors { message } } }'
    )["createMeasurementChart"]["measurementChart"]["id"]
    known = api.ok(
        '{ brands { id } folders { id } sizeCharts(where: {name: {equals: "S-M-L"}}) { id } '
        "categories(where: {storeId: [1]}) { id } }"
    )
    sizes = sent(api, document(sent_by.SIZE_CHART_SIZES, chart=known["sizeCharts"][0]["id"]))
    stores = sent(api, document(sent_by.STORES, page=1))["stores"]
    markets = sent(api, document(sent_by.MARKETS, page=1))["markets"]
    store = stores[0]["id"]
    return Setting(
        brand=known["brands"][0]["id"],
        folder=known["folders"][0]["id"],
        chart=chart,
        size_chart=known["sizeCharts"][0]["id"],
        sizes=[s["id"] for s in sizes["sizeCharts"][0]["sizes"]],
        category=known["categories"][0]["id"],
        store=store,
        # The formatter drops the markets its configuration excludes: here, other stores'.
        markets=[m["id"] for m in markets if m["store"]["id"] == store],
    )


def _collection(api: Api) -> int:
    found = sent(api, document(sent_by.COLLECTION_BY_NAME, season=SEASON))["collections"]
    if len(found) == 1:
        return int(found[0]["id"])
    created = sent(api, document(sent_by.CREATE_COLLECTION, season=SEASON))
    return int(created["createCollection"]["collection"]["id"])


def _mapped_attribute(api: Api, type_name: str, value: str) -> int:
    found = sent(api, document(sent_by.MAPPED_ATTRIBUTE_ID, type_name=type_name, name=value))
    if len(found["mappedAttributes"]) == 1:
        return int(found["mappedAttributes"][0]["id"])
    template = (
        sent_by.CREATE_COLOR_ATTRIBUTE if type_name == "filter_color" else sent_by.CREATE_ATTRIBUTE
    )
    created = sent(api, document(template, type_name=type_name, name=value))
    return int(created["createAttribute"]["attribute"]["id"])


def _import(api: Api, setting: Setting, hierarchy: Hierarchy, product_id: int) -> int:
    """One run of the formatter's ImportProductHierarchyAsync; the product's id."""
    collection = _collection(api)
    values: dict[str, Any] = {
        "brand": setting.brand,
        "collection": collection,
        "folder": setting.folder,
        "chart": setting.chart,
        "name": hierarchy.name,
        "product_number": PRODUCT_NUMBER,
        "weight": "0.45",
        "comment": "Imported from Occtoo",
    }
    if product_id == 0:
        created = sent(api, document(sent_by.CREATE_PRODUCT, **values))
        product_id = int(created["createProduct"]["product"]["id"])
    else:
        sent(api, document(sent_by.UPDATE_PRODUCT, product=product_id, **values))
    for variant in hierarchy.variants:
        existed = variant.id != 0
        names = {
            "name": variant.name,
            "variant_number": variant.number,
            "internal_name": variant.name.lower(),
        }
        if not existed:
            created = sent(
                api,
                document(
                    sent_by.CREATE_PRODUCT_VARIANT,
                    product=product_id,
                    chart=setting.size_chart,
                    **names,
                ),
            )
            variant.id = int(created["createProductVariant"]["productVariant"]["id"])
        else:
            sent(api, document(sent_by.UPDATE_PRODUCT_VARIANT, variant=variant.id, **names))
        wanted = {"filter_color": variant.colour, "fabric": variant.fabric}
        assigned = sent(api, document(sent_by.VARIANT_ATTRIBUTES, variant=variant.id))
        for attribute in assigned["productVariants"][0]["attributes"]:
            type_name = attribute["type"]["name"]
            for element in attribute["elements"]:
                for value in element["value"].split("|"):
                    found = _mapped_attribute(api, type_name, value)
                    sent(
                        api,
                        document(
                            sent_by.UNASSIGN_ATTRIBUTE,
                            variant=variant.id,
                            type_name=type_name,
                            attribute=found,
                        ),
                    )
        if not existed:
            for size, ean in zip(setting.sizes, variant.eans, strict=True):
                sent(
                    api,
                    document(
                        sent_by.CREATE_PRODUCT_SIZE,
                        variant=variant.id,
                        size=size,
                        size_number=ean[-2:],
                        ean=ean,
                    ),
                )
        for type_name, value in wanted.items():
            for part in value.split("|"):
                attribute_id = _mapped_attribute(api, type_name, part)
                sent(
                    api,
                    document(
                        sent_by.ASSIGN_ATTRIBUTE,
                        variant=variant.id,
                        type_name=type_name,
                        attribute=attribute_id,
                    ),
                )
        if existed:
            for media in sent(api, document(sent_by.VARIANT_MEDIA, variant=variant.id))[
                "productVariants"
            ][0]["media"]:
                sent(api, document(sent_by.DELETE_PRODUCT_MEDIA, media=media["id"]))
        items = ", ".join(
            document(sent_by.MEDIA_ITEM, product=product_id, variant=variant.id, url=url)
            for url in variant.media_urls
        )
        sent(api, document(sent_by.CREATE_MEDIA_BATCH, media_items=items))
    _display(api, setting, hierarchy, product_id)
    return product_id


def _display(api: Api, setting: Setting, hierarchy: Hierarchy, product_id: int) -> None:
    displays = sent(api, document(sent_by.DISPLAY_ID, product=product_id))["displays"]
    display_id = int(displays[0]["id"]) if len(displays) == 1 else 0
    media = []
    for variant in hierarchy.variants:
        read = sent(api, document(sent_by.VARIANT_MEDIA, variant=variant.id))
        media += [m["id"] for m in read["productVariants"][0]["media"]]
    values = {
        "markets": ", ".join(document(sent_by.MARKET_ITEM, market=m) for m in setting.markets),
        "name": hierarchy.name,
        "description": hierarchy.description,
        "variants": "".join(
            document(sent_by.VARIANT_ITEM, variant=v.id) for v in hierarchy.variants
        ),
        "categories": document(sent_by.CATEGORY_ITEM, category=setting.category),
        "category": setting.category,
        "uri": f"linen-shirt-{PRODUCT_NUMBER.lower()}",
        "media": ", ".join(document(sent_by.DISPLAY_MEDIA_ITEM, media=m) for m in media),
    }
    if display_id == 0:
        sent(
            api, document(sent_by.CREATE_DISPLAY, store=setting.store, product=product_id, **values)
        )
        return
    old_categories = sent(api, document(sent_by.DISPLAY_CATEGORIES, display=display_id))
    old_markets = sent(api, document(sent_by.DISPLAY_MARKETS, display=display_id))
    assert old_categories["displays"][0]["canonicalCategory"] == {"id": setting.category}
    assert old_markets["displays"][0]["markets"]
    sent(
        api,
        document(
            sent_by.UPDATE_DISPLAY,
            display=display_id,
            removed_markets="",
            removed_categories="",
            **values,
        ),
    )


def test_a_new_product_hierarchy_and_its_reimport(catalog_api: Api) -> None:
    setting = _configured(catalog_api)
    hierarchy = Hierarchy()

    product_id = _import(catalog_api, setting, hierarchy, 0)
    found = sent(catalog_api, document(sent_by.PRODUCT_ID_BY_NUMBER, product_number=PRODUCT_NUMBER))
    assert found["products"] == [{"id": product_id}]
    hierarchy.description = "A shirt of washed linen, relaxed fit."
    assert _import(catalog_api, setting, hierarchy, product_id) == product_id

    graph = sent(catalog_api, document(sent_by.PRODUCT_GRAPH, product=product_id))["products"][0]
    assert [v["variantNumber"] for v in graph["variants"]] == ["01", "02"]
    assert [s["sizeNumber"] for s in graph["variants"][0]["productSizes"]] == ["01", "02", "03"]
    inventory = sent(
        catalog_api, document(sent_by.PRODUCT_INVENTORY, product_number=PRODUCT_NUMBER)
    )
    sizes = inventory["products"][0]["variants"][0]["productSizes"]
    assert [s["size"]["name"] for s in sizes] == ["S", "M", "L"]
    read = catalog_api.ok(
        f"{{ product(id: {product_id}) {{ collection {{ name }} measurementTable {{ chart {{ id }} }} "
        "variants { productSizes { EAN } media { source { url } } attributes { type { name } "
        "elements { ... on AttributeStringElement { value } } } } "
        "displays { description markets { id } categories { id } media { id } displayItems { id } } } }"
    )["product"]
    assert read["collection"] == {"name": SEASON}
    assert read["measurementTable"]["chart"] == {"id": setting.chart}
    navy = read["variants"][1]
    assert [s["EAN"] for s in navy["productSizes"]] == hierarchy.variants[1].eans
    assert [m["source"]["url"] for m in navy["media"]] == hierarchy.variants[1].media_urls
    assert sorted(a["type"]["name"] for a in navy["attributes"]) == [
        "fabric",
        "fabric",
        "filter_color",
    ]
    (display,) = read["displays"]
    assert display["description"] == hierarchy.description
    assert [m["id"] for m in display["markets"]] == setting.markets
    assert len(display["media"]) == 3
    assert len(display["displayItems"]) == 2
    quantities = sent(
        catalog_api, document(sent_by.VARIANT_QUANTITIES, variant=hierarchy.variants[0].id)
    )
    assert quantities["productVariants"] == [{"stock": []}]  # new sizes: nothing stocked yet
