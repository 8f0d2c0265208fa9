"""``products`` on brands, collections and folders, and ``Collection.totalProducts``."""

from __future__ import annotations

from sqlalchemy import update

from mercato.db import catalog_tables as catalog
from tests.factories import make_product
from tests.support import Api, StatementLog


def _classify(api: Api, product_ids: list[int], **columns: int) -> None:
    with api.database.write() as connection:
        connection.execute(
            update(catalog.products).where(catalog.products.c.id.in_(product_ids)).values(**columns)
        )


def _ids(api: Api, kind: str) -> dict[str, int]:
    return {row["name"]: row["id"] for row in api.ok(f"{{ {kind} {{ id name }} }}")[kind]}


def test_each_parent_lists_its_own_products_paged_per_parent(api: Api) -> None:
    brand = _ids(api, "brands")["Mercato Basics"]
    collection = _ids(api, "collections")["SS27"]
    folder = _ids(api, "folders")["Tops"]
    mine = [make_product(api.database, f"Mine {i}").product_id for i in range(3)]
    other = make_product(api.database, "Unclassified").product_id
    _classify(api, mine, brand_id=brand, collection_id=collection, folder_id=folder)

    data = api.ok(
        """query($b: [Int!], $c: [Int!], $f: [Int!]) {
          brands(where: {id: $b}) { products(sort: [id_DESC], limit: 2) { id } }
          collections(where: {id: $c}) { totalProducts products(page: 2, limit: 2) { id } }
          folders(where: {id: $f}) { products(where: {name: {equals: "Mine 1"}}) { name } }
        }""",
        {"b": [brand], "c": [collection], "f": [folder]},
    )

    assert data["brands"] == [{"products": [{"id": mine[2]}, {"id": mine[1]}]}]
    assert data["collections"] == [{"totalProducts": 3, "products": [{"id": mine[2]}]}]
    assert data["folders"] == [{"products": [{"name": "Mine 1"}]}]
    assert other not in {
        row["id"] for row in api.ok("{ brands { products { id } } }")["brands"][0]["products"]
    }


def test_a_collection_without_products_counts_zero(api: Api) -> None:
    created = api.ok(
        'mutation { createCollection(input: {name: "Empty"}) { collection { id } userErrors { message } } }'
    )["createCollection"]["collection"]["id"]
    data = api.ok(
        "query($c: [Int!]) { collections(where: {id: $c}) { totalProducts products { id } } }",
        {"c": [created]},
    )
    assert data["collections"] == [{"totalProducts": 0, "products": []}]


def test_total_products_needs_its_own_permission(api: Api) -> None:
    token = api.token("Collection:read", "Product:read")
    response = api.query("{ collections { name totalProducts products { id } } }", token=token)
    assert response.data["collections"][0]["totalProducts"] is None
    assert response.data["collections"][0]["products"] == []
    assert [error["message"] for error in response.errors] == [
        "You need Collection.totalProducts:read permission to access totalProducts."
    ]


def test_products_need_product_read(api: Api) -> None:
    response = api.query("{ brands { name products { id } } }", token=api.token("Brand:read"))
    assert response.data["brands"][0]["products"] is None
    assert response.errors[0]["extensions"]["category"] == "authorization"


def test_statements_do_not_grow_with_parents_or_products(
    api: Api, statements: StatementLog
) -> None:
    query = "{ brands { products { id } } collections { totalProducts products { id } } folders { products { id } } }"
    api.ok(query)
    statements.reset()
    api.ok(query)
    few = statements.count
    collection = _ids(api, "collections")["SS27"]
    products = [make_product(api.database, f"Grown {i}").product_id for i in range(5)]
    _classify(api, products, collection_id=collection)
    for index in range(3):
        api.ok(
            f'mutation {{ createCollection(input: {{name: "More {index}"}}) {{ userErrors {{ message }} }} }}'
        )
    statements.reset()
    api.ok(query)
    assert statements.count == few
