"""The pricing part of the API: pricelists, prices and price alterations: field maps, root
fields and mutation handlers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from mercato.api.common import (
    Handler,
    by_name,
    columns,
    create_once,
    ok,
    reference,
    references,
    required_reference,
    target,
    writer,
)
from mercato.api.money import money
from mercato.db.unit_of_work import Created, Writer
from mercato.graphql.context import RequestContext
from mercato.graphql.executor import Ref, Refs
from mercato.graphql.fieldmap import (
    Computed,
    FieldSource,
    ObjectMap,
    RootField,
    RootList,
    RootOne,
    ToMany,
    ToOne,
)
from mercato.graphql.filters import Equals, Filter, InList, Text
from mercato.idconversion.references import Reference
from mercato.pricing import alterations, pricelists, prices
from mercato.pricing.money import MoneyInput
from mercato.pricing.planning import ProductPriceInput, VariantPriceInput

# -- field maps ----------------------------------------------------------------------------

PRICE_FILTERS: Mapping[str, Filter] = {
    "id": InList("id"),
    "productId": InList("product_id"),
    "productVariantId": InList("product_variant_id"),
    "pricelistId": InList("pricelist_id"),
}

PRICE_SORTS: Mapping[str, tuple[str, ...]] = {
    "id": ("id",),
    "productId": ("product_id",),
    "productVariantId": ("product_variant_id",),
    "pricelistId": ("pricelist_id",),
}


def _no_value() -> None:
    return None


OBJECTS: Mapping[str, ObjectMap] = by_name(
    ObjectMap(
        "Pricelist",
        "pricelists",
        {
            **columns(
                ("id", "id"),
                ("name", "name"),
                ("status", "status"),
                ("comment", "comment"),
                ("isDefaultForCurrency", "is_default_for_currency"),
                ("createdAt", "created_at"),
                ("updatedAt", "updated_at"),
            ),
            "store": ToOne("Store", "store_id"),
            "currency": ToOne("Currency", "currency_id"),
            "assignedToCountries": ToMany(
                "Country",
                link_table="pricelist_countries",
                link_parent="pricelist_id",
                link_child="country_id",
                order_by=("name",),
            ),
            "prices": ToMany(
                "Price",
                child_key="pricelist_id",
                order_by=("product_id", "product_variant_id"),
                filters=PRICE_FILTERS,
                sorts=PRICE_SORTS,
                paged=True,
            ),
        },
    ),
    ObjectMap(
        "Price",
        "prices",
        {
            **columns(("id", "id"), ("isIndividual", "is_individual"), ("updatedAt", "updated_at")),
            "price": money("price_minor", "currency_id"),
            "recommendedRetailPrice": money("recommended_retail_price_minor", "currency_id"),
            "pricelist": ToOne("Pricelist", "pricelist_id"),
            "product": ToOne("Product", "product_id"),
            "productVariant": ToOne("ProductVariant", "product_variant_id"),
        },
    ),
    ObjectMap(
        "PriceAlteration",
        "price_alterations",
        {
            **columns(
                ("id", "id"),
                ("name", "name"),
                ("status", "status"),
                ("startDate", "start_date"),
                ("createdAt", "created_at"),
                ("updatedAt", "updated_at"),
            ),
            "store": ToOne("Store", "store_id"),
            "prices": ToMany(
                "AlteredPrice",
                child_key="price_alteration_id",
                order_by=("product_id", "product_variant_id"),
                filters=PRICE_FILTERS,
                sorts=PRICE_SORTS,
                paged=True,
            ),
        },
    ),
    ObjectMap(
        "AlteredPrice",
        "altered_prices",
        {
            **columns(("id", "id"), ("updatedAt", "updated_at")),
            "price": money("price_minor", "currency_id"),
            "recommendedRetailPrice": Computed((), _no_value),
            "pricelist": ToOne("Pricelist", "pricelist_id"),
            "priceAlteration": ToOne("PriceAlteration", "price_alteration_id"),
            "product": ToOne("Product", "product_id"),
            "productVariant": ToOne("ProductVariant", "product_variant_id"),
        },
    ),
)

# -- root fields -----------------------------------------------------------------------------

ROOTS: Mapping[str, RootField] = {
    "pricelist": RootOne("Pricelist"),
    "pricelists": RootList(
        "Pricelist",
        filters={
            "id": InList("id"),
            "storeId": InList("store_id"),
            "name": Text("name"),
            "status": InList("status"),
            "currencyId": InList("currency_id"),
            "isDefaultForCurrency": Equals("is_default_for_currency"),
        },
        sorts={"id": ("id",), "name": ("name",), "updatedAt": ("updated_at",)},
    ),
    "priceAlteration": RootOne("PriceAlteration"),
    "priceAlterations": RootList(
        "PriceAlteration",
        filters={
            "id": InList("id"),
            "storeId": InList("store_id"),
            "name": Text("name"),
            "status": InList("status"),
        },
        sorts={"id": ("id",), "name": ("name",), "startDate": ("start_date",)},
        paging="optional",
    ),
}

# -- mutations -------------------------------------------------------------------------------


def _money(value: Mapping[str, Any] | None) -> MoneyInput | None:
    if value is None:
        return None
    return MoneyInput(value=value["value"], currency_iso_code=value["currencyIsoCode"])


def _product_prices(
    entries: Sequence[Mapping[str, Any]], *path: str | int
) -> list[ProductPriceInput]:
    return [
        ProductPriceInput(
            product=required_reference(entry.get("product"), *path, index, "product"),
            price=_money(entry.get("price")),
            recommended_retail_price=_money(entry.get("recommendedRetailPrice")),
            override_individual_variant_prices=bool(entry.get("overrideIndividualVariantPrices")),
            individual_variant_prices=tuple(
                VariantPriceInput(
                    product_variant=required_reference(
                        variant.get("productVariant"),
                        *path,
                        index,
                        "individualVariantPrices",
                        position,
                        "productVariant",
                    ),
                    price=_money(variant.get("price")),
                    recommended_retail_price=_money(variant.get("recommendedRetailPrice")),
                )
                for position, variant in enumerate(entry.get("individualVariantPrices") or ())
            ),
        )
        for index, entry in enumerate(entries)
    ]


def create_pricelist(context: RequestContext, arguments: dict[str, Any]) -> dict[str, Any]:
    data = arguments["input"]
    command = pricelists.PricelistCreate(
        name=data["name"],
        status=data["status"],
        store=required_reference(data["store"], "input", "store"),
        currency_iso_code=data["currencyIsoCode"],
        comment=data.get("comment"),
        add_countries=references(data.get("addCountries")),
        external_id=data.get("externalId"),
    )

    def create(writer: Writer) -> Created:
        result = pricelists.create_pricelist(writer, command)
        return Created(result.pricelist_id, result.warnings)

    created = create_once(context, "createPricelist", "Pricelist", data, create)
    return {**ok(pricelist=Ref("Pricelist", created.id)), "userWarnings": created.warnings}


def update_pricelist(context: RequestContext, arguments: dict[str, Any]) -> dict[str, Any]:
    data = arguments["input"]
    result = pricelists.update_pricelist(
        writer(context),
        target(arguments),
        pricelists.PricelistUpdate(
            name=data.get("name"),
            status=data.get("status"),
            comment=data.get("comment"),
            currency_iso_code=data.get("currencyIsoCode"),
            add_countries=references(data.get("addCountries")),
            remove_countries=references(data.get("removeCountries")),
            external_id=data.get("externalId"),
        ),
    )
    return {**ok(pricelist=Ref("Pricelist", result.pricelist_id)), "userWarnings": result.warnings}


def delete_pricelist(context: RequestContext, arguments: dict[str, Any]) -> dict[str, Any]:
    pricelists.delete_pricelist(writer(context), target(arguments))
    return ok()


def set_prices(context: RequestContext, arguments: dict[str, Any]) -> dict[str, Any]:
    data = arguments["input"]
    result = prices.set_prices(
        writer(context),
        prices.PricesSet(
            pricelist=required_reference(data["pricelist"], "input", "pricelist"),
            product_prices=_product_prices(data["productPrices"], "input", "productPrices"),
        ),
    )
    return {
        **ok(
            pricelist=Ref("Pricelist", result.pricelist_id),
            products=Refs("Product", result.product_ids),
        ),
        "userWarnings": result.warnings,
    }


def _alteration_update(data: Mapping[str, Any]) -> alterations.PriceAlterationUpdate:
    return alterations.PriceAlterationUpdate(
        name=data.get("name"),
        status=data.get("status"),
        store=reference(data.get("store")),
        start_date=data.get("startDate"),
    )


def create_price_alteration(context: RequestContext, arguments: dict[str, Any]) -> dict[str, Any]:
    data = arguments["input"]
    command = alterations.PriceAlterationCreate(
        name=data["name"],
        status=data["status"],
        store=required_reference(data["store"], "input", "store"),
        start_date=data["startDate"],
    )
    created = create_once(
        context,
        "createPriceAlteration",
        "PriceAlteration",
        data,
        lambda writer: Created(alterations.create_price_alteration(writer, command)),
    )
    return ok(priceAlteration=Ref("PriceAlteration", created.id))


def update_price_alteration(context: RequestContext, arguments: dict[str, Any]) -> dict[str, Any]:
    alteration_id = alterations.update_price_alteration(
        writer(context),
        Reference(id=arguments["id"]),
        _alteration_update(arguments["input"]),
    )
    return ok(priceAlteration=Ref("PriceAlteration", alteration_id))


def set_altered_prices(context: RequestContext, arguments: dict[str, Any]) -> dict[str, Any]:
    data = arguments["input"]
    result = alterations.set_altered_prices(
        writer(context),
        alterations.AlteredPricesSet(
            price_alteration=required_reference(
                data["priceAlteration"], "input", "priceAlteration"
            ),
            pricelist=required_reference(data["pricelist"], "input", "pricelist"),
            product_prices=_product_prices(data["productPrices"], "input", "productPrices"),
        ),
    )
    return {
        **ok(
            priceAlteration=Ref("PriceAlteration", result.price_alteration_id),
            pricelist=Ref("Pricelist", result.pricelist_id),
            products=Refs("Product", result.product_ids),
        ),
        "userWarnings": result.warnings,
    }


MUTATIONS: Mapping[str, Handler] = {
    "createPricelist": create_pricelist,
    "updatePricelist": update_pricelist,
    "deletePricelist": delete_pricelist,
    "setPrices": set_prices,
    "createPriceAlteration": create_price_alteration,
    "updatePriceAlteration": update_price_alteration,
    "setAlteredPrices": set_altered_prices,
}


#: Each display's prices: those of its product in the pricelists of its store, one link row
#: (display, price) each. The parent filter is on the display, so the planner starts there
#: (SQLite: display by key, its product's prices by index, each pricelist's store checked in
#: a covering index).
DISPLAY_PRICES = (
    "(SELECT d.id AS display_id, p.id AS price_id FROM displays d "
    "JOIN pricelists pl ON pl.store_id = d.store_id "
    "JOIN prices p ON p.pricelist_id = pl.id AND p.product_id = d.product_id)"
)

#: Prices where the reference shows them besides pricelists: per variant (in every pricelist
#: that prices it), and per display (its product's prices in its store's pricelists).
EXTENSIONS: Mapping[str, Mapping[str, FieldSource]] = {
    "ProductVariant": {
        "prices": ToMany(
            "Price",
            child_key="product_variant_id",
            order_by=("pricelist_id",),
            filters=PRICE_FILTERS,
            sorts=PRICE_SORTS,
            paged=True,
        ),
    },
    "Display": {
        "prices": ToMany(
            "Price",
            link_table=DISPLAY_PRICES,
            link_parent="display_id",
            link_child="price_id",
            order_by=("pricelist_id", "product_variant_id"),
            filters=PRICE_FILTERS,
            sorts=PRICE_SORTS,
            paged=True,
        ),
    },
}
