"""The products part of the API: products, variants and product sizes: field maps, root
fields and mutation handlers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mercato.api.attributes import attribute_changes
from mercato.api.common import (
    Handler,
    by_name,
    columns,
    create_once,
    ok,
    reference,
    target,
    writer,
)
from mercato.api.measurements import measurement_table
from mercato.api.money import money, weight
from mercato.catalog import products, sizes, variants
from mercato.catalog.rules import WeightValue
from mercato.db.dialect import SqlDialect
from mercato.db.unit_of_work import Created, Writer
from mercato.errors import UserInputError
from mercato.graphql.context import Reader, RequestContext
from mercato.graphql.executor import Ref
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


def load_size_names(reader: Reader) -> dict[int, str]:
    """Every size's name by id: the size catalog is small (charts times labels)."""
    return {row[0]: row[1] for row in reader.fetch_all("SELECT id, name FROM sizes")}


def load_collection_product_counts(reader: Reader) -> dict[int, int]:
    """How many products each collection holds (one grouped scan, only when asked for)."""
    return {
        row[0]: row[1]
        for row in reader.fetch_all(
            "SELECT collection_id, COUNT(*) FROM products"
            " WHERE collection_id IS NOT NULL GROUP BY collection_id"
        )
    }


#: Per-request lookups of this domain (loaded once per request, on first use).
LOOKUPS = {
    "size_names": load_size_names,
    "collection_product_counts": load_collection_product_counts,
}


def _product_count(collection_id: int, counts: Mapping[int, int]) -> int:
    return counts.get(collection_id, 0)


def _size_name(size_id: int, names: Mapping[int, str]) -> str:
    return names.get(size_id, "")


def _gtin(ean: str | None, upc: str | None) -> str | None:
    """The deprecated single code the EAN and UPC replaced: the EAN, else the UPC."""
    return ean or upc


VARIANT_FILTERS: Mapping[str, Filter] = {
    "id": InList("id"),
    "productId": InList("product_id"),
    "name": Text("name"),
    "status": InList("status"),
    "variantNumber": Text("variant_number"),
    "sizeChartId": InList("size_chart_id"),
    "createdAt": Range("created_at"),
    "updatedAt": Range("updated_at"),
}

VARIANT_SORTS: Mapping[str, tuple[str, ...]] = {
    "id": ("id",),
    "name": ("name",),
    "variantNumber": ("variant_number",),
    "createdAt": ("created_at",),
    "updatedAt": ("updated_at",),
}

OBJECTS: Mapping[str, ObjectMap] = by_name(
    ObjectMap(
        "Product",
        "products",
        {
            **columns(
                ("id", "id"),
                ("name", "name"),
                ("status", "status"),
                ("productNumber", "product_number"),
                ("harmonizedCommodityCode", "harmonized_commodity_code"),
                ("harmonizedCommodityCodeDescription", "harmonized_commodity_code_description"),
                ("internalComment", "internal_comment"),
                ("isBundle", "is_bundle"),
                ("isSerializableProduct", "is_serializable_product"),
                ("createdAt", "created_at"),
                ("updatedAt", "updated_at"),
            ),
            "brand": ToOne("Brand", "brand_id"),
            "collection": ToOne("Collection", "collection_id"),
            "folder": ToOne("Folder", "folder_id"),
            "countryOfOrigin": ToOne("Country", "country_of_origin_id"),
            "weight": weight(),
            "variants": ToMany(
                "ProductVariant",
                child_key="product_id",
                order_by=("position", "id"),
                filters=VARIANT_FILTERS,
                sorts=VARIANT_SORTS,
                paged=True,
            ),
        },
    ),
    ObjectMap(
        "ProductVariant",
        "product_variants",
        {
            **columns(
                ("id", "id"),
                ("name", "name"),
                ("status", "status"),
                ("variantNumber", "variant_number"),
                ("internalName", "internal_name"),
                ("stockOffset", "stock_offset"),
                ("createdAt", "created_at"),
                ("updatedAt", "updated_at"),
            ),
            "unitCost": money("unit_cost_minor", "unit_cost_currency_id"),
            "product": ToOne("Product", "product_id"),
            "sizeChart": ToOne("SizeChart", "size_chart_id"),
            # Sizes are created in their chart's order, so their ids follow it.
            "productSizes": ToMany(
                "ProductSize", child_key="product_variant_id", order_by=("size_id", "id")
            ),
        },
    ),
    ObjectMap(
        "ProductSize",
        "product_sizes",
        {
            **columns(
                ("id", "id"),
                ("sizeNumber", "size_number"),
                ("SKU", "sku"),
                ("EAN", "ean"),
                ("UPC", "upc"),
                ("preorder", "preorder"),
                ("createdAt", "created_at"),
                ("updatedAt", "updated_at"),
            ),
            "weight": weight(),
            "GTIN": Computed(("ean", "upc"), _gtin),
            "description": Computed(("size_id",), _size_name, ("size_names",)),
            "size": ToOne("Size", "size_id"),
            "productVariant": ToOne("ProductVariant", "product_variant_id"),
        },
    ),
)

# -- root fields ---------------------------------------------------------------------------


def _sizes_of_products(dialect: SqlDialect, alias: str, value: Any) -> Predicate:
    condition, parameters = dialect.in_list("v.product_id", list(value))
    return (
        f"{alias}.product_variant_id IN (SELECT v.id FROM product_variants v WHERE {condition})",
        parameters,
    )


PRODUCT_FILTERS: Mapping[str, Filter] = {
    "id": InList("id"),
    "name": Text("name"),
    "productNumber": Text("product_number"),
    "status": InList("status"),
    "brandId": InList("brand_id", of="Brand"),
    "collectionId": InList("collection_id"),
    "folderId": InList("folder_id"),
    "createdAt": Range("created_at"),
    "updatedAt": Range("updated_at"),
}

PRODUCT_SORTS: Mapping[str, tuple[str, ...]] = {
    "id": ("id",),
    "name": ("name",),
    "productNumber": ("product_number",),
    "createdAt": ("created_at",),
    "updatedAt": ("updated_at",),
}

SIZE_FILTERS: Mapping[str, Filter] = {
    "id": InList("id"),
    "sizeId": InList("size_id"),
    "productVariantId": InList("product_variant_id"),
    "productId": Custom(_sizes_of_products),
    "sizeNumber": Text("size_number"),
    "SKU": Text("sku"),
    "EAN": Text("ean"),
    "UPC": Text("upc"),
    "preorder": Equals("preorder"),
    "createdAt": Range("created_at"),
    "updatedAt": Range("updated_at"),
}

SIZE_SORTS: Mapping[str, tuple[str, ...]] = {
    "id": ("id",),
    "SKU": ("sku",),
    "createdAt": ("created_at",),
    "updatedAt": ("updated_at",),
}


def _products_by(column: str) -> ToMany:
    """The products of a brand, collection or folder, paged per parent."""
    return ToMany(
        "Product", child_key=column, filters=PRODUCT_FILTERS, sorts=PRODUCT_SORTS, paged=True
    )


#: ``products`` on the classification types (they live in api/classification.py, which this
#: module may import but not the other way round).
EXTENSIONS: Mapping[str, Mapping[str, FieldSource]] = {
    "Brand": {"products": _products_by("brand_id")},
    "Collection": {
        "products": _products_by("collection_id"),
        "totalProducts": Computed(("id",), _product_count, lookups=("collection_product_counts",)),
    },
    "Folder": {"products": _products_by("folder_id")},
}

ROOTS: Mapping[str, RootField] = {
    "product": RootOne("Product"),
    "products": RootList("Product", PRODUCT_FILTERS, PRODUCT_SORTS),
    "productConnection": RootConnection("Product", PRODUCT_FILTERS, PRODUCT_SORTS),
    "productVariant": RootOne("ProductVariant"),
    "productVariants": RootList("ProductVariant", VARIANT_FILTERS, VARIANT_SORTS),
    "productVariantConnection": RootConnection("ProductVariant", VARIANT_FILTERS, VARIANT_SORTS),
    "productSizes": RootList("ProductSize", SIZE_FILTERS, SIZE_SORTS),
    "productSizeConnection": RootConnection("ProductSize", SIZE_FILTERS, SIZE_SORTS),
}

# -- mutations -----------------------------------------------------------------------------


def _weight(data: Mapping[str, Any]) -> products.WeightInput | None:
    given = data.get("weight")
    return None if given is None else products.WeightInput(given["value"], given["unit"])


def _size_weight(data: Mapping[str, Any]) -> WeightValue | None:
    given = data.get("weight")
    return None if given is None else WeightValue(given["value"], given["unit"])


def _money(value: Mapping[str, Any] | None) -> variants.MoneyInput | None:
    return None if value is None else variants.MoneyInput(value["value"], value["currencyIsoCode"])


def _size(value: Mapping[str, Any]) -> SizeReference:
    return SizeReference(value.get("id"), value.get("externalId"), value.get("name"))


def _ean(data: Mapping[str, Any], *path: str | int) -> str | None:
    """The size's EAN, given as ``EAN`` (the reference's casing) or ``ean`` (what the Occtoo
    formatter sends): both are accepted, and both at once must agree."""
    upper, lower = data.get("EAN"), data.get("ean")
    if upper is not None and lower is not None and upper != lower:
        raise UserInputError.single(
            "EAN and ean name the same value: give one of them.", *path, "ean"
        )
    return upper if upper is not None else lower


def _cleared_ean(data: Mapping[str, Any]) -> str | None:
    """``EAN`` or ``ean`` of an update: an explicit null clears it like an empty string."""
    given = [key for key in ("EAN", "ean") if key in data]
    if not given:
        return None
    values = {_cleared(data, key) for key in given}
    if len(values) > 1:
        raise UserInputError.single(
            "EAN and ean name the same value: give one of them.", "input", "ean"
        )
    return values.pop()


def _cleared(data: Mapping[str, Any], key: str) -> str | None:
    """A text member of an update: an explicit null clears it like an empty string."""
    if key in data and data[key] is None:
        return ""
    value: str | None = data.get(key)
    return value


def _nulls(data: Mapping[str, Any], members: Mapping[str, str]) -> frozenset[str]:
    """The service's names of the members given as an explicit null (to unset)."""
    return frozenset(
        service for name, service in members.items() if name in data and data[name] is None
    )


def create_product(context: RequestContext, arguments: dict[str, Any]) -> dict[str, Any]:
    data = arguments["input"]
    command = products.ProductCreate(
        name=data["name"],
        product_number=data["productNumber"],
        status=data.get("status") or "ACTIVE",
        brand=reference(data.get("brand")),
        collection=reference(data.get("collection")),
        folder=reference(data.get("folder")),
        country_of_origin=reference(data.get("countryOfOrigin")),
        harmonized_commodity_code=data.get("harmonizedCommodityCode"),
        harmonized_commodity_code_description=data.get("harmonizedCommodityCodeDescription"),
        internal_comment=data.get("internalComment"),
        is_serializable_product=bool(data.get("isSerializableProduct")),
        weight=_weight(data),
        external_id=data.get("externalId"),
        attributes=attribute_changes(context, "Product", data),
        measurement_table=measurement_table(data)[0],
    )

    def create(writer: Writer) -> Created:
        result = products.create_product(writer, command)
        return Created(result.product_id, result.warnings)

    created = create_once(context, "createProduct", "Product", data, create)
    return ok(product=Ref("Product", created.id), userWarnings=created.warnings)


def update_product(context: RequestContext, arguments: dict[str, Any]) -> dict[str, Any]:
    data = arguments["input"]
    table, unassign = measurement_table(data)
    result = products.update_product(
        writer(context),
        target(arguments),
        products.ProductUpdate(
            name=data.get("name"),
            product_number=data.get("productNumber"),
            status=data.get("status"),
            brand=reference(data.get("brand")),
            collection=reference(data.get("collection")),
            folder=reference(data.get("folder")),
            country_of_origin=reference(data.get("countryOfOrigin")),
            harmonized_commodity_code=_cleared(data, "harmonizedCommodityCode"),
            harmonized_commodity_code_description=_cleared(
                data, "harmonizedCommodityCodeDescription"
            ),
            internal_comment=_cleared(data, "internalComment"),
            is_serializable_product=data.get("isSerializableProduct"),
            weight=_weight(data),
            clear=_nulls(
                data,
                {
                    "brand": "brand",
                    "collection": "collection",
                    "folder": "folder",
                    "countryOfOrigin": "country_of_origin",
                    "weight": "weight",
                },
            )
            | ({"measurement_table"} if unassign else set()),
            attributes=attribute_changes(context, "Product", data),
            measurement_table=table,
        ),
    )
    return ok(product=Ref("Product", result.product_id), userWarnings=result.warnings)


def create_product_variant(context: RequestContext, arguments: dict[str, Any]) -> dict[str, Any]:
    data = arguments["input"]
    product = reference(data["product"])
    assert product is not None  # non-null in the schema
    command = variants.ProductVariantCreate(
        product=product,
        name=data["name"],
        size_chart=reference(data.get("sizeChart")),
        status=data.get("status") or "ACTIVE",
        variant_number=data.get("variantNumber"),
        internal_name=data.get("internalName"),
        unit_cost=_money(data.get("unitCost")),
        stock_offset=data.get("stockOffset") or 0,
        product_sizes=tuple(
            sizes.SizeActivation(
                size=_size(entry["size"]),
                size_number=entry.get("sizeNumber"),
                ean=_ean(entry, "input", "productSizes", index),
                upc=entry.get("UPC"),
                preorder=bool(entry.get("preorder")),
                weight=_size_weight(entry),
            )
            for index, entry in enumerate(data.get("productSizes") or ())
        ),
        external_id=data.get("externalId"),
        attributes=attribute_changes(context, "ProductVariant", data),
    )

    def create(writer: Writer) -> Created:
        result = variants.create_product_variant(writer, command)
        return Created(result.variant_id, result.warnings)

    created = create_once(context, "createProductVariant", "ProductVariant", data, create)
    return ok(productVariant=Ref("ProductVariant", created.id), userWarnings=created.warnings)


def update_product_variant(context: RequestContext, arguments: dict[str, Any]) -> dict[str, Any]:
    data = arguments["input"]
    result = variants.update_product_variant(
        writer(context),
        target(arguments),
        variants.ProductVariantUpdate(
            name=data.get("name"),
            status=data.get("status"),
            variant_number=_cleared(data, "variantNumber"),
            internal_name=_cleared(data, "internalName"),
            unit_cost=_money(data.get("unitCost")),
            stock_offset=data.get("stockOffset"),
            size_chart=reference(data.get("sizeChart")),
            clear=_nulls(data, {"unitCost": "unit_cost"}),
            attributes=attribute_changes(context, "ProductVariant", data),
        ),
    )
    return ok(productVariant=Ref("ProductVariant", result.variant_id), userWarnings=result.warnings)


def create_product_size(context: RequestContext, arguments: dict[str, Any]) -> dict[str, Any]:
    data = arguments["input"]
    variant = reference(data["productVariant"])
    assert variant is not None  # non-null in the schema
    command = sizes.ProductSizeCreate(
        product_variant=variant,
        size=_size(data["size"]),
        size_number=data.get("sizeNumber"),
        ean=_ean(data, "input"),
        upc=data.get("UPC"),
        preorder=bool(data.get("preorder")),
        weight=_size_weight(data),
    )

    def create(writer: Writer) -> Created:
        result = sizes.create_product_size(writer, command)
        return Created(result.product_size_id, result.warnings)

    created = create_once(context, "createProductSize", "ProductSize", data, create)
    return ok(productSize=Ref("ProductSize", created.id), userWarnings=created.warnings)


def update_product_size(context: RequestContext, arguments: dict[str, Any]) -> dict[str, Any]:
    data = arguments["input"]
    result = sizes.update_product_size(
        writer(context),
        Reference(id=arguments["id"]),
        sizes.ProductSizeUpdate(
            size_number=_cleared(data, "sizeNumber"),
            ean=_cleared_ean(data),
            upc=_cleared(data, "UPC"),
            preorder=data.get("preorder"),
            weight=_size_weight(data),
            clear_weight="weight" in data and data["weight"] is None,
        ),
    )
    return ok(productSize=Ref("ProductSize", result.product_size_id), userWarnings=result.warnings)


MUTATIONS: Mapping[str, Handler] = {
    "createProduct": create_product,
    "updateProduct": update_product,
    "createProductVariant": create_product_variant,
    "updateProductVariant": update_product_variant,
    "createProductSize": create_product_size,
    "updateProductSize": update_product_size,
}
