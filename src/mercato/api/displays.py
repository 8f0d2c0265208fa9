"""The displays part of the API: displays, display items and bundles: field maps, root
fields, mutation handlers, and the fields this domain adds to products, variants and markets
(``EXTENSIONS``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from mercato.api.attributes import attribute_changes
from mercato.api.common import (
    Handler,
    by_name,
    columns,
    create_once,
    json_strings,
    ok,
    reference,
    references,
    required_reference,
    writer,
)
from mercato.catalog import attributes
from mercato.db.dialect import SqlDialect
from mercato.db.unit_of_work import Created, Writer
from mercato.displays import bundles, displays, market_displays
from mercato.displays.bundle_products import BundleProduct
from mercato.displays.links import LinkChanges, MediaAdd
from mercato.errors import MutationWarning
from mercato.graphql.context import RequestContext
from mercato.graphql.executor import Ref, Refs
from mercato.graphql.fieldmap import (
    Computed,
    FieldSource,
    ObjectMap,
    RootConnection,
    RootField,
    RootList,
    RootOne,
    ToMany,
    ToOne,
)
from mercato.graphql.filters import Custom, Equals, Filter, InList, Predicate, Range, Text
from mercato.idconversion.references import Reference, SizeReference

# -- field maps ----------------------------------------------------------------------------


def _in_markets(dialect: SqlDialect, alias: str, value: Any) -> Predicate:
    condition, parameters = dialect.in_list("dm.market_id", list(value))
    return (
        f"EXISTS (SELECT 1 FROM display_markets dm WHERE dm.display_id = {alias}.id "
        f"AND {condition})",
        parameters,
    )


DISPLAY_FILTERS: Mapping[str, Filter] = {
    "id": InList("id"),
    "storeId": InList("store_id"),
    "marketId": Custom(_in_markets),
    "productId": InList("product_id"),
    "status": InList("status"),
    "name": Text("name"),
    "updatedAt": Range("updated_at"),
}

DISPLAY_SORTS: Mapping[str, tuple[str, ...]] = {
    "id": ("id",),
    "name": ("name",),
    "updatedAt": ("updated_at",),
}

OBJECTS: Mapping[str, ObjectMap] = by_name(
    ObjectMap(
        "Display",
        "displays",
        {
            **columns(
                ("id", "id"),
                ("name", "name"),
                ("status", "status"),
                ("uri", "uri"),
                ("minimumOrderQuantity", "minimum_order_quantity"),
                ("orderQuantityDenominator", "order_quantity_denominator"),
                ("description", "description"),
                ("shortDescription", "short_description"),
                ("metaTitle", "meta_title"),
                ("metaDescription", "meta_description"),
                ("metaKeywords", "meta_keywords"),
                ("comment", "comment"),
                ("createdAt", "created_at"),
                ("updatedAt", "updated_at"),
            ),
            "tags": Computed(("tags",), json_strings),
            "store": ToOne("Store", "store_id"),
            "product": ToOne("Product", "product_id"),
            "productVariants": ToMany(
                "ProductVariant",
                link_table="display_items",
                link_parent="display_id",
                link_child="product_variant_id",
                order_by=("link.custom_order", "link.id"),
            ),
            "displayItems": ToMany(
                "DisplayItem", child_key="display_id", order_by=("custom_order", "id")
            ),
            "markets": ToMany(
                "Market",
                link_table="display_markets",
                link_parent="display_id",
                link_child="market_id",
                order_by=("id",),
            ),
            "categories": ToMany(
                "Category",
                link_table="display_categories",
                link_parent="display_id",
                link_child="category_id",
                order_by=("custom_order", "id"),
            ),
            "canonicalCategory": ToOne("Category", "canonical_category_id"),
            "media": ToMany(
                "ProductMedia",
                link_table="display_media",
                link_parent="display_id",
                link_child="product_media_id",
                order_by=("link.position", "id"),
            ),
        },
    ),
    ObjectMap(
        "DisplayItem",
        "display_items",
        {
            **columns(("id", "id"), ("customOrder", "custom_order")),
            "display": ToOne("Display", "display_id"),
            "productVariant": ToOne("ProductVariant", "product_variant_id"),
        },
    ),
    ObjectMap(
        "Bundle",
        "bundles",
        {
            **columns(
                ("id", "id"),
                ("type", "type"),
                ("priceType", "price_type"),
                ("createdAt", "created_at"),
                ("updatedAt", "updated_at"),
            ),
            "product": ToOne("Product", "product_id"),
            "productVariant": ToOne("ProductVariant", "product_variant_id"),
            "sections": ToMany("BundleSection", child_key="bundle_id", order_by=("position", "id")),
        },
    ),
    ObjectMap(
        "BundleSection",
        "bundle_sections",
        {
            **columns(("id", "id"), ("quantity", "quantity")),
            "productVariants": ToMany(
                "ProductVariant",
                link_table="bundle_section_variants",
                link_parent="bundle_section_id",
                link_child="product_variant_id",
                order_by=("id",),
            ),
        },
    ),
)

#: Fields of other domains' types: the displays of a product, of a variant, of a market.
EXTENSIONS: Mapping[str, Mapping[str, FieldSource]] = {
    "Product": {
        "displays": ToMany(
            "Display",
            child_key="product_id",
            filters=DISPLAY_FILTERS,
            sorts=DISPLAY_SORTS,
        ),
    },
    "ProductVariant": {
        "displays": ToMany(
            "Display",
            link_table="display_items",
            link_parent="product_variant_id",
            link_child="display_id",
            filters=DISPLAY_FILTERS,
            sorts=DISPLAY_SORTS,
        ),
    },
    "Market": {
        "displays": ToMany(
            "Display",
            link_table="display_markets",
            link_parent="market_id",
            link_child="display_id",
            filters=DISPLAY_FILTERS,
            sorts=DISPLAY_SORTS,
            paged=True,
        ),
    },
}

# -- root fields ---------------------------------------------------------------------------


ITEM_FILTERS: Mapping[str, Filter] = {
    "id": InList("id"),
    "displayId": InList("display_id"),
    "productVariantId": InList("product_variant_id"),
}

ITEM_SORTS: Mapping[str, tuple[str, ...]] = {
    "id": ("id",),
    "customOrder": ("display_id", "custom_order"),
}

BUNDLE_FILTERS: Mapping[str, Filter] = {
    "id": InList("id"),
    "productId": InList("product_id"),
    "type": Equals("type"),
    "priceType": Equals("price_type"),
}

BUNDLE_SORTS: Mapping[str, tuple[str, ...]] = {"id": ("id",)}

ROOTS: Mapping[str, RootField] = {
    "display": RootOne("Display"),
    "displays": RootList("Display", DISPLAY_FILTERS, DISPLAY_SORTS),
    "displayConnection": RootConnection("Display", DISPLAY_FILTERS, DISPLAY_SORTS),
    "displayItems": RootList("DisplayItem", ITEM_FILTERS, ITEM_SORTS),
    "bundle": RootOne("Bundle"),
    "bundles": RootList("Bundle", BUNDLE_FILTERS, BUNDLE_SORTS),
    "bundleConnection": RootConnection("Bundle", BUNDLE_FILTERS, BUNDLE_SORTS),
}

# -- mutations -----------------------------------------------------------------------------


def _text(data: Mapping[str, Any], key: str, *, update: bool) -> str | None:
    """A text member; on update an explicit null clears it like an empty string."""
    if update and key in data and data[key] is None:
        return ""
    value: str | None = data.get(key)
    return value


def _details(data: Mapping[str, Any], *, update: bool) -> displays.DisplayDetails:
    tags = data.get("tags")
    if update and "tags" in data and tags is None:
        tags = []
    return displays.DisplayDetails(
        uri=data.get("uri"),
        minimum_order_quantity=data.get("minimumOrderQuantity"),
        order_quantity_denominator=data.get("orderQuantityDenominator"),
        description=_text(data, "description", update=update),
        short_description=_text(data, "shortDescription", update=update),
        meta_title=_text(data, "metaTitle", update=update),
        meta_description=_text(data, "metaDescription", update=update),
        meta_keywords=_text(data, "metaKeywords", update=update),
        comment=_text(data, "comment", update=update),
        tags=None if tags is None else tuple(tags),
    )


def _variant_additions(values: list[Mapping[str, Any]] | None) -> tuple[Reference, ...]:
    return references([entry["productVariant"] for entry in values or ()])


def _media_additions(values: list[Mapping[str, Any]] | None) -> tuple[MediaAdd, ...]:
    return tuple(
        MediaAdd(
            product_media=required_reference(
                entry["productMedia"], "input", "addProductMedia", index, "productMedia"
            ),
            before=reference(entry.get("before")),
        )
        for index, entry in enumerate(values or ())
    )


def _links(data: Mapping[str, Any]) -> LinkChanges:
    return LinkChanges(
        set_canonical_category="canonicalCategory" in data,
        canonical_category=reference(data.get("canonicalCategory")),
        add_categories=references(data.get("addCategories")),
        remove_categories=references(data.get("removeCategories")),
        add_markets=references(data.get("addMarkets")),
        remove_markets=references(data.get("removeMarkets")),
        add_product_variants=_variant_additions(data.get("addProductVariants")),
        remove_product_variants=references(data.get("removeProductVariants")),
        add_product_media=_media_additions(data.get("addProductMedia")),
        remove_product_media=references(data.get("removeProductMedia")),
    )


@dataclass(frozen=True)
class _DisplayAttributes:
    """A display's ``assign*``/``unassign*`` attribute members, written in the display's
    transaction by the catalog's attribute rules."""

    changes: attributes.AttributeChanges

    def check(
        self, connection: Connection, display_id: int | None
    ) -> Callable[[int], list[MutationWarning]]:
        plans = attributes.plan_changes(connection, "Display", display_id, self.changes)

        def write(object_id: int) -> list[MutationWarning]:
            attributes.apply_changes(connection, plans, object_id)
            return attributes.warnings_of(plans)

        return write


def _attribute_extras(
    context: RequestContext, data: Mapping[str, Any]
) -> displays.DisplayExtras | None:
    changes = attribute_changes(context, "Display", data)
    return _DisplayAttributes(changes) if changes.given else None


def create_display(context: RequestContext, arguments: dict[str, Any]) -> dict[str, Any]:
    data = arguments["input"]
    command = displays.DisplayCreate(
        store=required_reference(data["store"], "input", "store"),
        product=required_reference(data["product"], "input", "product"),
        name=data["name"],
        status=data["status"],
        details=_details(data, update=False),
        links=_links(data),
        extras=_attribute_extras(context, data),
    )

    def create(writer: Writer) -> Created:
        result = displays.create_display(writer, command)
        return Created(result.display_id, result.warnings)

    created = create_once(context, "createDisplay", "Display", data, create)
    return ok(display=Ref("Display", created.id), userWarnings=created.warnings)


def update_display(context: RequestContext, arguments: dict[str, Any]) -> dict[str, Any]:
    data = arguments["input"]
    result = displays.update_display(
        writer(context),
        Reference(id=arguments["id"]),
        displays.DisplayUpdate(
            name=data.get("name"),
            status=data.get("status"),
            details=_details(data, update=True),
            links=_links(data),
            extras=_attribute_extras(context, data),
        ),
    )
    return ok(display=Ref("Display", result.display_id), userWarnings=result.warnings)


def _market_displays(data: Mapping[str, Any]) -> market_displays.MarketDisplays:
    return market_displays.MarketDisplays(
        market=required_reference(data["market"], "input", "market"),
        displays=references(data["displays"]),
    )


def set_market_displays(context: RequestContext, arguments: dict[str, Any]) -> dict[str, Any]:
    result = market_displays.set_market_displays(
        writer(context),
        _market_displays(arguments["input"]),
    )
    return ok(
        market=Ref("Market", result.market_id),
        displays=Refs("Display", result.display_ids),
        userWarnings=result.warnings,
    )


def unset_market_displays(context: RequestContext, arguments: dict[str, Any]) -> dict[str, Any]:
    result = market_displays.unset_market_displays(
        writer(context),
        _market_displays(arguments["input"]),
    )
    return ok(
        market=Ref("Market", result.market_id),
        displays=Refs("Display", result.display_ids),
        userWarnings=result.warnings,
    )


def _bundle_product(data: Mapping[str, Any]) -> BundleProduct:
    return BundleProduct(
        name=data["name"],
        status=data.get("status") or "ACTIVE",
        product_number=data["productNumber"],
        brand=reference(data.get("brand")),
        collection=reference(data.get("collection")),
        folder=reference(data.get("folder")),
        country_of_origin=reference(data.get("countryOfOrigin")),
        harmonized_commodity_code=data.get("harmonizedCommodityCode"),
        harmonized_commodity_code_description=data.get("harmonizedCommodityCodeDescription"),
        is_serializable_product=bool(data.get("isSerializableProduct")),
    )


def _sections(values: list[Mapping[str, Any]] | None) -> tuple[bundles.SectionAdd, ...]:
    return tuple(
        bundles.SectionAdd(
            quantity=entry["quantity"], product_variants=references(entry["productVariants"])
        )
        for entry in values or ()
    )


def create_bundle(context: RequestContext, arguments: dict[str, Any]) -> dict[str, Any]:
    data = arguments["input"]
    sizes = data.get("sizes")
    command = bundles.BundleCreate(
        product=_bundle_product(data["product"]),
        type=data["type"],
        price_type=data["priceType"],
        size_chart=required_reference(data["sizeChart"], "input", "sizeChart"),
        sizes=None
        if sizes is None
        else tuple(SizeReference(s.get("id"), s.get("externalId"), s.get("name")) for s in sizes),
        add_sections=_sections(data.get("addBundleSections")),
    )

    def create(writer: Writer) -> Created:
        result = bundles.create_bundle(writer, command)
        return Created(result.bundle_id, result.warnings)

    created = create_once(context, "createBundle", "Bundle", data, create)
    return ok(bundle=Ref("Bundle", created.id), userWarnings=created.warnings)


def update_bundle(context: RequestContext, arguments: dict[str, Any]) -> dict[str, Any]:
    data = arguments["input"]
    result = bundles.update_bundle(
        writer(context),
        Reference(id=arguments["id"]),
        bundles.BundleUpdate(
            type=data.get("type"),
            price_type=data.get("priceType"),
            add_sections=_sections(data.get("addBundleSections")),
            remove_sections=references(data.get("removeBundleSections")),
            change_sections=tuple(
                bundles.SectionChange(
                    required_reference(s["bundleSection"], "input", "updateBundleSections"),
                    s["quantity"],
                )
                for s in data.get("updateBundleSections") or ()
            ),
        ),
    )
    return ok(bundle=Ref("Bundle", result.bundle_id), userWarnings=result.warnings)


MUTATIONS: Mapping[str, Handler] = {
    "createDisplay": create_display,
    "updateDisplay": update_display,
    "setMarketDisplays": set_market_displays,
    "unsetMarketDisplays": unset_market_displays,
    "createBundle": create_bundle,
    "updateBundle": update_bundle,
}
