"""Permission-matrix cases of the classification root fields (size charts, brands,
collections, folders, categories).

Objects a case needs are created by its ``setup``. Size charts are named by the external id
the setup gives them; the other single-object cases use ID 1, which exists once the setup
has created one such object (whether or not the template holds the classification demo).
"""

from __future__ import annotations

from tests.permission_cases import Case


def _mutation(field: str, arguments: str) -> str:
    return f"mutation {{ {field}({arguments}) {{ userErrors {{ message }} }} }}"


CHART = _mutation(
    "createSizeChart",
    'input: {name: "Matrix chart", horizontalLabels: ["S"], externalId: "matrix-chart"}',
)
TARGET_CHART = _mutation(
    "createSizeChart",
    'input: {name: "Matrix target", horizontalLabels: ["S"], externalId: "matrix-target"}',
)
BRAND = _mutation("createBrand", 'input: {name: "Matrix brand"}')
COLLECTION = _mutation("createCollection", 'input: {name: "Matrix collection"}')
FOLDER = _mutation("createFolder", 'input: {name: "Matrix folder"}')


#: Category ID 1 is in store 1 whether or not the template holds the classification demo (whose
#: first category is Retail's "Women"); the display the setup creates is ID 1 (the demo
#: database holds none), in store 1 too.
SHELF = _mutation("createCategory", 'input: {store: {id: 1}, name: "Matrix shelf"}')
SHELF_PRODUCT = _mutation(
    "createProduct",
    'input: {name: "Category matrix", productNumber: "CM1", externalId: "category-matrix"}',
)
SHELF_DISPLAY = _mutation(
    "createDisplay",
    'input: {store: {id: 1}, product: {externalId: "category-matrix"}, name: "Matrix", '
    "status: ACTIVE}",
)
CATEGORY_DISPLAYS = "input: {category: {id: 1}, displays: [{id: 1}]}"
SHELVED = (SHELF, SHELF_PRODUCT, SHELF_DISPLAY, _mutation("setCategoryDisplays", CATEGORY_DISPLAYS))


def _category(name: str) -> str:
    return _mutation("createCategory", f'input: {{store: {{id: 2}}, name: "{name}"}}')


CASES: dict[str, Case] = {
    "sizeChart": Case(
        '{ sizeChart(externalId: "matrix-chart") { id } }', ("SizeChart:read",), setup=(CHART,)
    ),
    "sizeCharts": Case("{ sizeCharts { id } }", ("SizeChart:read",)),
    "createSizeChart": Case(
        _mutation("createSizeChart", 'input: {name: "New chart", horizontalLabels: ["S", "M"]}'),
        ("SizeChart:write",),
    ),
    "updateSizeChart": Case(
        _mutation("updateSizeChart", 'externalId: "matrix-chart", input: {displayUnit: "cm"}'),
        ("SizeChart:write",),
        setup=(CHART,),
    ),
    "updateSizeChartLabels": Case(
        _mutation(
            "updateSizeChartLabels",
            'externalId: "matrix-chart", input: {horizontalLabels: ["Small"]}',
        ),
        ("SizeChart:write",),
        setup=(CHART,),
    ),
    "deleteSizeChart": Case(
        _mutation("deleteSizeChart", 'externalId: "matrix-chart"'),
        ("SizeChart:write",),
        setup=(CHART,),
    ),
    "mergeSizeCharts": Case(
        _mutation(
            "mergeSizeCharts",
            'input: {sizeCharts: [{externalId: "matrix-chart"}], '
            'into: {externalId: "matrix-target"}}',
        ),
        ("SizeChart:write",),
        setup=(CHART, TARGET_CHART),
    ),
    "brand": Case("{ brand(id: 1) { id } }", ("Brand:read",), setup=(BRAND,)),
    "brands": Case("{ brands { id } }", ("Brand:read",)),
    "createBrand": Case(
        _mutation("createBrand", 'input: {name: "New brand", addToStores: [{id: 1}]}'),
        ("Brand:write",),
    ),
    "updateBrand": Case(
        _mutation("updateBrand", 'id: 1, input: {uri: ""}'), ("Brand:write",), setup=(BRAND,)
    ),
    "collection": Case("{ collection(id: 1) { id } }", ("Collection:read",), setup=(COLLECTION,)),
    "collections": Case("{ collections { id } }", ("Collection:read",)),
    "collectionConnection": Case(
        "{ collectionConnection(first: 5) { totalCount edges { node { id } } } }",
        ("Collection:read",),
        setup=(COLLECTION,),
    ),
    "createCollection": Case(
        _mutation("createCollection", 'input: {name: "New collection"}'), ("Collection:write",)
    ),
    "updateCollection": Case(
        _mutation("updateCollection", "id: 1, input: {status: INACTIVE}"),
        ("Collection:write",),
        setup=(COLLECTION,),
    ),
    "folder": Case("{ folder(id: 1) { id } }", ("Folder:read",), setup=(FOLDER,)),
    "folders": Case("{ folders { id } }", ("Folder:read",)),
    "createFolder": Case(
        _mutation("createFolder", 'input: {name: "New folder"}'), ("Folder:write",)
    ),
    "updateFolder": Case(
        _mutation("updateFolder", 'id: 1, input: {name: "Renamed folder"}'),
        ("Folder:write",),
        setup=(FOLDER,),
    ),
    "categories": Case("{ categories { id } }", ("Category:read",)),
    "createCategory": Case(
        _mutation("createCategory", 'input: {store: {id: 1}, name: "New category"}'),
        ("Category:write",),
    ),
    "updateCategory": Case(
        _mutation("updateCategory", 'id: 1, input: {metaTitle: "Title"}'),
        ("Category:write",),
        setup=(_category("Matrix category"),),
    ),
    # deleteCategory takes an id only: the setup creates five categories, so ID 5 is a fresh,
    # unused one both on a template without categories and on one with the demo's four.
    "deleteCategory": Case(
        _mutation("deleteCategory", "id: 5"),
        ("Category:write",),
        setup=tuple(_category(f"Disposable {n}") for n in range(5)),
    ),
    "setCategoryDisplays": Case(
        _mutation("setCategoryDisplays", CATEGORY_DISPLAYS),
        ("Category:write",),
        setup=(SHELF, SHELF_PRODUCT, SHELF_DISPLAY),
    ),
    "unsetCategoryDisplays": Case(
        _mutation("unsetCategoryDisplays", CATEGORY_DISPLAYS),
        ("Category:write",),
        setup=SHELVED,
    ),
    "sortCategoryDisplays": Case(
        _mutation("sortCategoryDisplays", CATEGORY_DISPLAYS),
        ("Category:write",),
        setup=SHELVED,
    ),
}
