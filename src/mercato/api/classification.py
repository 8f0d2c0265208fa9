"""The classification part of the API: size charts and sizes, brands, collections, folders
and categories: field maps, root fields and mutation handlers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

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
    target,
    writer,
)
from mercato.classification import (
    brands,
    categories,
    category_displays,
    collections,
    folders,
    sizechart_merging,
    sizecharts,
)
from mercato.db.dialect import SqlDialect
from mercato.db.unit_of_work import Created, Writer
from mercato.graphql.context import RequestContext
from mercato.graphql.executor import Ref, Refs
from mercato.graphql.fieldmap import (
    Computed,
    ObjectMap,
    RootConnection,
    RootField,
    RootList,
    RootOne,
    ToMany,
    ToOne,
)
from mercato.graphql.filters import Custom, Equals, Filter, InList, Predicate, Text
from mercato.idconversion.references import Reference

# -- field maps ----------------------------------------------------------------------------


def _labels_or_null(text: str) -> list[str] | None:
    return json_strings(text) or None


def _always_enabled() -> bool:
    return True


def _is_top(parent_id: int | None) -> bool:
    return parent_id is None


OBJECTS: Mapping[str, ObjectMap] = by_name(
    ObjectMap(
        "SizeChart",
        "size_charts",
        {
            **columns(
                ("id", "id"),
                ("name", "name"),
                ("dividerSymbol", "divider_symbol"),
                ("displayUnit", "display_unit"),
                ("displayDividedBy", "display_divided_by"),
            ),
            "sizes": ToMany("Size", child_key="size_chart_id", order_by=("position", "id")),
            "horizontalLabels": Computed(("horizontal_labels",), json_strings),
            "verticalLabels": Computed(("vertical_labels",), _labels_or_null),
            "isEnabled": Computed((), _always_enabled),
        },
    ),
    ObjectMap(
        "Size",
        "sizes",
        {
            **columns(("id", "id"), ("name", "name")),
            "sizeChart": ToOne("SizeChart", "size_chart_id"),
        },
    ),
    ObjectMap(
        "Brand",
        "brands",
        {
            **columns(("id", "id"), ("name", "name"), ("uri", "uri")),
            "stores": ToMany(
                "Store",
                link_table="brand_stores",
                link_parent="brand_id",
                link_child="store_id",
                order_by=("id",),
            ),
        },
    ),
    ObjectMap(
        "Collection",
        "collections",
        columns(("id", "id"), ("name", "name"), ("status", "status"), ("uri", "uri")),
    ),
    ObjectMap(
        "Folder",
        "folders",
        {
            **columns(("id", "id"), ("name", "name")),
            "isTopFolder": Computed(("parent_id",), _is_top),
            "parent": ToOne("Folder", "parent_id"),
            "childFolders": ToMany(
                "Folder", child_key="parent_id", order_by=("custom_order", "id")
            ),
        },
    ),
    ObjectMap(
        "Category",
        "categories",
        {
            **columns(
                ("id", "id"),
                ("name", "name"),
                ("uri", "uri"),
                ("status", "status"),
                ("metaTitle", "meta_title"),
                ("metaDescription", "meta_description"),
                ("metaKeywords", "meta_keywords"),
            ),
            "isTopCategory": Computed(("parent_id",), _is_top),
            "store": ToOne("Store", "store_id"),
            "parent": ToOne("Category", "parent_id"),
            "childCategories": ToMany(
                "Category", child_key="parent_id", order_by=("custom_order", "id")
            ),
            "displays": ToMany(
                "Display",
                link_table="display_categories",
                link_parent="category_id",
                link_child="display_id",
                order_by=("link.custom_order", "id"),
            ),
        },
    ),
)

# -- root fields ---------------------------------------------------------------------------


def _is_top_filter(dialect: SqlDialect, alias: str, value: Any) -> Predicate:
    del dialect
    return f"{alias}.parent_id IS {'' if value else 'NOT '}NULL", []


COLLECTION_FILTERS: Mapping[str, Filter] = {
    "id": InList("id"),
    "name": Text("name"),
    "status": Equals("status"),
}
COLLECTION_SORTS: Mapping[str, tuple[str, ...]] = {"id": ("id",), "name": ("name",)}

ROOTS: Mapping[str, RootField] = {
    "sizeChart": RootOne("SizeChart"),
    "sizeCharts": RootList(
        "SizeChart",
        filters={"id": InList("id"), "name": Text("name")},
        sorts={"id": ("id",), "name": ("name",)},
        paging="optional",
    ),
    "brand": RootOne("Brand"),
    "brands": RootList(
        "Brand",
        filters={"id": InList("id"), "name": Text("name")},
        sorts={"id": ("id",), "name": ("name",)},
    ),
    "collection": RootOne("Collection"),
    "collections": RootList("Collection", filters=COLLECTION_FILTERS, sorts=COLLECTION_SORTS),
    "collectionConnection": RootConnection(
        "Collection", filters=COLLECTION_FILTERS, sorts=COLLECTION_SORTS
    ),
    "folder": RootOne("Folder"),
    "folders": RootList(
        "Folder",
        filters={
            "id": InList("id"),
            "name": Text("name"),
            "isTopFolder": Custom(_is_top_filter),
            "parentId": InList("parent_id"),
        },
        sorts={"id": ("id",), "name": ("name",), "customOrder": ("custom_order",)},
    ),
    "categories": RootList(
        "Category",
        filters={
            "id": InList("id"),
            "storeId": InList("store_id"),
            "isTopCategory": Custom(_is_top_filter),
            "parentId": InList("parent_id"),
            "name": Text("name"),
            "status": Equals("status"),
        },
        sorts={"id": ("id",), "name": ("name",), "customOrder": ("custom_order",)},
    ),
}

# -- mutations -----------------------------------------------------------------------------


def _strings(values: list[str] | None) -> tuple[str, ...] | None:
    return None if values is None else tuple(values)


def create_size_chart(context: RequestContext, arguments: dict[str, Any]) -> dict[str, Any]:
    data = arguments["input"]
    command = sizecharts.SizeChartCreate(
        name=data["name"],
        horizontal_labels=tuple(data["horizontalLabels"]),
        vertical_labels=tuple(data.get("verticalLabels") or ()),
        divider_symbol=data.get("dividerSymbol"),
        display_unit=data.get("displayUnit"),
        display_divided_by=data.get("displayDividedBy"),
        external_id=data.get("externalId"),
    )
    created = create_once(
        context,
        "createSizeChart",
        "SizeChart",
        data,
        lambda writer: Created(sizecharts.create_size_chart(writer, command)),
    )
    return ok(sizeChart=Ref("SizeChart", created.id))


def update_size_chart(context: RequestContext, arguments: dict[str, Any]) -> dict[str, Any]:
    data = arguments["input"]
    chart_id = sizecharts.update_size_chart(
        writer(context),
        target(arguments),
        sizecharts.SizeChartUpdate(
            name=data.get("name"),
            horizontal_labels=_strings(data.get("horizontalLabels")),
            vertical_labels=_strings(data.get("verticalLabels")),
            divider_symbol=data.get("dividerSymbol"),
            display_unit=data.get("displayUnit"),
            display_divided_by=data.get("displayDividedBy"),
        ),
    )
    return ok(sizeChart=Ref("SizeChart", chart_id))


def update_size_chart_labels(context: RequestContext, arguments: dict[str, Any]) -> dict[str, Any]:
    data = arguments["input"]
    chart_id = sizecharts.update_size_chart_labels(
        writer(context),
        target(arguments),
        sizecharts.SizeChartLabelsUpdate(
            horizontal_labels=_strings(data.get("horizontalLabels")),
            vertical_labels=_strings(data.get("verticalLabels")),
        ),
    )
    return ok(sizeChart=Ref("SizeChart", chart_id))


def delete_size_chart(context: RequestContext, arguments: dict[str, Any]) -> dict[str, Any]:
    sizecharts.delete_size_chart(writer(context), target(arguments))
    return ok()


def merge_size_charts(context: RequestContext, arguments: dict[str, Any]) -> dict[str, Any]:
    data = arguments["input"]
    chart_id = sizechart_merging.merge_size_charts(
        writer(context),
        sizechart_merging.SizeChartMerge(
            size_charts=[
                required_reference(chart, "input", "sizeCharts", index)
                for index, chart in enumerate(data["sizeCharts"])
            ],
            into=required_reference(data["into"], "input", "into"),
        ),
    )
    return ok(sizeChart=Ref("SizeChart", chart_id))


def create_brand(context: RequestContext, arguments: dict[str, Any]) -> dict[str, Any]:
    data = arguments["input"]
    command = brands.BrandCreate(
        name=data["name"],
        uri=data.get("uri"),
        add_to_stores=references(data.get("addToStores")),
    )

    def create(writer: Writer) -> Created:
        result = brands.create_brand(writer, command)
        return Created(result.brand_id, result.warnings)

    created = create_once(context, "createBrand", "Brand", data, create)
    return {**ok(brand=Ref("Brand", created.id)), "userWarnings": created.warnings}


def update_brand(context: RequestContext, arguments: dict[str, Any]) -> dict[str, Any]:
    data = arguments["input"]
    result = brands.update_brand(
        writer(context),
        target(arguments),
        brands.BrandUpdate(
            name=data.get("name"),
            uri=data.get("uri"),
            add_to_stores=references(data.get("addToStores")),
            remove_from_stores=references(data.get("removeFromStores")),
        ),
    )
    return {**ok(brand=Ref("Brand", result.brand_id)), "userWarnings": result.warnings}


def create_collection(context: RequestContext, arguments: dict[str, Any]) -> dict[str, Any]:
    data = arguments["input"]
    command = collections.CollectionCreate(
        name=data["name"], status=data.get("status") or "ACTIVE", uri=data.get("uri")
    )
    created = create_once(
        context,
        "createCollection",
        "Collection",
        data,
        lambda writer: Created(collections.create_collection(writer, command)),
    )
    return ok(collection=Ref("Collection", created.id))


def update_collection(context: RequestContext, arguments: dict[str, Any]) -> dict[str, Any]:
    data = arguments["input"]
    collection_id = collections.update_collection(
        writer(context),
        target(arguments),
        collections.CollectionUpdate(
            name=data.get("name"), status=data.get("status"), uri=data.get("uri")
        ),
    )
    return ok(collection=Ref("Collection", collection_id))


def create_folder(context: RequestContext, arguments: dict[str, Any]) -> dict[str, Any]:
    data = arguments.get("input") or {}
    command = folders.FolderCreate(
        name=data.get("name") or "", parent=reference(data.get("parent"))
    )
    created = create_once(
        context,
        "createFolder",
        "Folder",
        data,
        lambda writer: Created(folders.create_folder(writer, command)),
    )
    return ok(folder=Ref("Folder", created.id))


def update_folder(context: RequestContext, arguments: dict[str, Any]) -> dict[str, Any]:
    data = arguments.get("input") or {}
    folder_id = folders.update_folder(
        writer(context),
        target(arguments),
        folders.FolderUpdate(
            name=data.get("name"),
            move="parent" in data,
            parent=reference(data.get("parent")),
        ),
    )
    return ok(folder=Ref("Folder", folder_id))


def create_category(context: RequestContext, arguments: dict[str, Any]) -> dict[str, Any]:
    data = arguments["input"]
    command = categories.CategoryCreate(
        store=required_reference(data.get("store"), "input", "store"),
        name=data["name"],
        uri=data.get("uri"),
        parent=reference(data.get("parent")),
        status=data.get("status") or "ACTIVE",
        meta_title=data.get("metaTitle"),
        meta_description=data.get("metaDescription"),
        meta_keywords=data.get("metaKeywords"),
    )
    created = create_once(
        context,
        "createCategory",
        "Category",
        data,
        lambda writer: Created(categories.create_category(writer, command)),
    )
    return ok(category=Ref("Category", created.id))


def update_category(context: RequestContext, arguments: dict[str, Any]) -> dict[str, Any]:
    data = arguments["input"]
    category_id = categories.update_category(
        writer(context),
        Reference(id=arguments["id"]),
        categories.CategoryUpdate(
            name=data.get("name"),
            uri=data.get("uri"),
            move="parent" in data,
            parent=reference(data.get("parent")),
            status=data.get("status"),
            meta_title=data.get("metaTitle"),
            meta_description=data.get("metaDescription"),
            meta_keywords=data.get("metaKeywords"),
        ),
    )
    return ok(category=Ref("Category", category_id))


def delete_category(context: RequestContext, arguments: dict[str, Any]) -> dict[str, Any]:
    data = arguments.get("input") or {}
    categories.delete_category(
        writer(context),
        Reference(id=arguments["id"]),
        strategy=data.get("deleteChildrenStrategy") or categories.RESTRICT_IF_PRESENT,
    )
    return ok()


def _category_displays(data: Mapping[str, Any]) -> category_displays.CategoryDisplays:
    return category_displays.CategoryDisplays(
        category=required_reference(data["category"], "input", "category"),
        displays=references(data["displays"]),
    )


def _category_displays_payload(result: category_displays.CategoryDisplaysResult) -> dict[str, Any]:
    return ok(
        category=Ref("Category", result.category_id),
        displays=Refs("Display", result.display_ids),
        userWarnings=result.warnings,
    )


def set_category_displays(context: RequestContext, arguments: dict[str, Any]) -> dict[str, Any]:
    result = category_displays.set_category_displays(
        writer(context),
        _category_displays(arguments["input"]),
    )
    return _category_displays_payload(result)


def unset_category_displays(context: RequestContext, arguments: dict[str, Any]) -> dict[str, Any]:
    result = category_displays.unset_category_displays(
        writer(context),
        _category_displays(arguments["input"]),
    )
    return _category_displays_payload(result)


def sort_category_displays(context: RequestContext, arguments: dict[str, Any]) -> dict[str, Any]:
    result = category_displays.sort_category_displays(
        writer(context),
        _category_displays(arguments["input"]),
    )
    return _category_displays_payload(result)


MUTATIONS: Mapping[str, Handler] = {
    "createSizeChart": create_size_chart,
    "updateSizeChart": update_size_chart,
    "updateSizeChartLabels": update_size_chart_labels,
    "deleteSizeChart": delete_size_chart,
    "mergeSizeCharts": merge_size_charts,
    "createBrand": create_brand,
    "updateBrand": update_brand,
    "createCollection": create_collection,
    "updateCollection": update_collection,
    "createFolder": create_folder,
    "updateFolder": update_folder,
    "createCategory": create_category,
    "updateCategory": update_category,
    "deleteCategory": delete_category,
    "setCategoryDisplays": set_category_displays,
    "unsetCategoryDisplays": unset_category_displays,
    "sortCategoryDisplays": sort_category_displays,
}
