"""Product media: batches of URLs (created at once, read back by queue id), metadata,
ordering, deleting, and the media lists of products and variants."""

from __future__ import annotations

from typing import Any

import orjson
import pytest
from sqlalchemy import func, insert, select

from mercato.db import catalog_tables as catalog
from mercato.db.database import Database
from tests.attributes.documents import MEDIA, create_batch, make_display
from tests.factories import make_product
from tests.support import Api

BATCH = """
query($queueId: String!) {
  mediaBatch(queueId: $queueId) {
    status productMedia { productId variantId mediaType url key completed }
  }
}"""

UPDATE = f"""
mutation($id: Int!, $input: ProductMediaUpdateInput!) {{
  updateProductMedia(id: $id, input: $input) {{
    productMedia {{ {MEDIA} product {{ id }} productVariant {{ id }} }}
    userErrors {{ message path }}
  }}
}}"""

DELETE = "mutation($id: Int!) { deleteProductMedia(id: $id) { userErrors { message path } } }"


def _media(api: Api, product_id: int) -> list[dict[str, Any]]:
    data = api.ok(
        f"query($id: Int) {{ product(id: $id) {{ media {{ {MEDIA} }} }} }}", {"id": product_id}
    )
    result: list[dict[str, Any]] = data["product"]["media"]
    return result


def _urls(api: Api, product_id: int) -> list[str]:
    return [m["source"]["url"] for m in _media(api, product_id)]


def _media_count(database: Database) -> int:
    with database.engine.connect() as connection:
        count: int = connection.execute(
            select(func.count()).select_from(catalog.product_media)
        ).scalar_one()
    return count


def test_a_batch_creates_media_at_once_and_is_completed(api: Api, database: Database) -> None:
    product = make_product(database)
    red, blue = product.variant_ids

    result = create_batch(
        api,
        {
            "productId": product.product_id,
            "url": "https://cdn.example.com/p/front.jpg",
            "metaDataJSON": '{"alt": "Front"}',
        },
        {
            "productId": product.product_id,
            "variantId": blue,
            "url": "https://cdn.example.com/p/blue.PNG?v=2",
            "mediaType": "IMAGE",
        },
        {
            "productId": product.product_id,
            "variantId": red,
            "url": "http://cdn.example.com/p/red.gif",
        },
    )

    assert result["userErrors"] == []
    batch = api.ok(BATCH, {"queueId": result["queueId"]})["mediaBatch"]
    assert batch["status"] == "COMPLETED"
    assert [
        (m["productId"], m["variantId"], m["mediaType"], m["completed"])
        for m in batch["productMedia"]
    ] == [
        (product.product_id, None, "IMAGE", True),
        (product.product_id, blue, "IMAGE", True),
        (product.product_id, red, "IMAGE", True),
    ]
    media = _media(api, product.product_id)
    assert [str(m["id"]) for m in media] == [m["key"] for m in batch["productMedia"]]
    assert media[0] == {
        "id": media[0]["id"],
        "position": 1,
        "metaDataJSON": '{"alt":"Front","originalUrl":"https://cdn.example.com/p/front.jpg"}',
        "source": {
            "mediaSize": {"name": "original"},
            "url": "https://cdn.example.com/p/front.jpg",
            "mimeType": "image/jpeg",
            "type": "IMAGE",
        },
    }
    assert [m["position"] for m in media] == [1, 2, 3]
    assert [m["source"]["mimeType"] for m in media] == ["image/jpeg", "image/png", "image/gif"]
    variant = api.ok(
        'query($id: Int) { productVariant(id: $id) { media { source(sizeName: "big") { url } } } }',
        {"id": red},
    )
    assert variant["productVariant"]["media"] == [
        {"source": {"url": "http://cdn.example.com/p/red.gif"}}
    ]


def test_a_later_batch_goes_after_the_products_media(api: Api, database: Database) -> None:
    first, second = make_product(database), make_product(database)
    create_batch(api, {"productId": first.product_id, "url": "https://x.com/1.jpg"})

    create_batch(
        api,
        {"productId": second.product_id, "url": "https://x.com/a.jpg"},
        {"productId": first.product_id, "url": "https://x.com/2.jpg"},
    )

    assert [m["position"] for m in _media(api, first.product_id)] == [1, 2]
    assert _urls(api, first.product_id) == ["https://x.com/1.jpg", "https://x.com/2.jpg"]
    assert [m["position"] for m in _media(api, second.product_id)] == [1]


def test_media_sizes_offer_the_original(api: Api) -> None:
    data = api.ok(
        "{ mediaSizes { name quality maxWidth maxHeight mimeType } }",
        token=api.token("Warehouse.stock:read"),
    )
    assert data["mediaSizes"] == [
        {"name": "original", "quality": None, "maxWidth": None, "maxHeight": None, "mimeType": None}
    ]


@pytest.mark.parametrize(
    ("item", "message", "path"),
    [
        (
            {"url": "ftp://x.com/a.jpg"},
            "absolute http or https URL",
            ["input", "productMedia", "1", "url"],
        ),
        ({"url": "https://x.com/a.webp"}, "png, jpg or gif", ["input", "productMedia", "1", "url"]),
        ({"url": "https://x.com/a b.jpg"}, "without blanks", ["input", "productMedia", "1", "url"]),
        (
            {"url": "https://x.com/" + "a" * 2048 + ".jpg"},
            "at most 2048",
            ["input", "productMedia", "1", "url"],
        ),
        (
            {"metaDataJSON": "[1, 2]"},
            "must be a JSON object",
            ["input", "productMedia", "1", "metaDataJSON"],
        ),
        (
            {"metaDataJSON": "{nope"},
            "not valid JSON",
            ["input", "productMedia", "1", "metaDataJSON"],
        ),
        (
            {"productId": 999},
            "Could not find Product with ID 999",
            ["input", "productMedia", "1", "productId"],
        ),
        (
            {"variantId": 999},
            "Could not find ProductVariant with ID 999",
            ["input", "productMedia", "1", "variantId"],
        ),
        ({"variantId": "OTHER"}, "belongs to product", ["input", "productMedia", "1", "variantId"]),
    ],
)
def test_bad_batches_give_user_errors_and_create_nothing(
    api: Api, database: Database, item: dict[str, Any], message: str, path: list[str]
) -> None:
    product, other = make_product(database), make_product(database)
    if item.get("variantId") == "OTHER":
        item = {**item, "variantId": other.variant_ids[0]}
    before = _media_count(database)

    result = create_batch(
        api,
        {"productId": product.product_id, "url": "https://x.com/fine.jpg"},
        {"productId": product.product_id, "url": "https://x.com/b.jpg", **item},
    )

    assert result["queueId"] is None
    (error,) = result["userErrors"]
    assert message in error["message"]
    assert error["path"] == path
    assert _media_count(database) == before


def test_a_batch_holds_one_to_a_hundred_urls(api: Api, database: Database) -> None:
    product = make_product(database)
    item = {"productId": product.product_id, "url": "https://x.com/a.jpg"}

    empty = create_batch(api)
    too_many = create_batch(api, *([item] * 101))
    full = create_batch(api, *([item] * 100))

    assert "1 to 100 URLs, not 0" in empty["userErrors"][0]["message"]
    assert "1 to 100 URLs, not 101" in too_many["userErrors"][0]["message"]
    assert full["userErrors"] == []
    assert len(api.ok(BATCH, {"queueId": full["queueId"]})["mediaBatch"]["productMedia"]) == 100
    assert _media_count(database) == 100


def test_unknown_queue_ids_give_null(api: Api, database: Database) -> None:
    product = make_product(database)
    queue_id = create_batch(api, {"productId": product.product_id, "url": "https://x.com/a.jpg"})[
        "queueId"
    ]
    assert queue_id.startswith("batch-")

    for unknown in ("nope", "batch-", "batch-999999-1", "batch-1-101", "batch-1-1.2-1;--"):
        assert api.ok(BATCH, {"queueId": unknown}) == {"mediaBatch": None}, unknown


def test_updating_media_metadata_and_position(api: Api, database: Database) -> None:
    product = make_product(database)
    create_batch(
        api,
        *({"productId": product.product_id, "url": f"https://x.com/{n}.jpg"} for n in range(1, 5)),
    )
    ids = [m["id"] for m in _media(api, product.product_id)]

    moved = api.ok(
        UPDATE, {"id": ids[3], "input": {"position": 1, "metaDataJSON": '{"alt": "Back"}'}}
    )
    assert moved["updateProductMedia"]["userErrors"] == []
    assert moved["updateProductMedia"]["productMedia"]["metaDataJSON"] == '{"alt":"Back"}'
    assert moved["updateProductMedia"]["productMedia"]["product"] == {"id": product.product_id}
    assert _urls(api, product.product_id) == [f"https://x.com/{n}.jpg" for n in (4, 1, 2, 3)]

    api.ok(UPDATE, {"id": ids[0], "input": {"position": 4}})
    assert _urls(api, product.product_id) == [f"https://x.com/{n}.jpg" for n in (4, 2, 3, 1)]
    assert [m["position"] for m in _media(api, product.product_id)] == [1, 2, 3, 4]

    api.ok(UPDATE, {"id": ids[2], "input": {"position": 3}})
    assert _urls(api, product.product_id) == [f"https://x.com/{n}.jpg" for n in (4, 2, 3, 1)]


@pytest.mark.parametrize(
    ("target", "input_", "message", "path"),
    [
        (999, {"position": 1}, "Could not find ProductMedia with ID 999", ["id"]),
        (0, {"position": 0}, "position is between 1 and 2", ["input", "position"]),
        (0, {"position": 3}, "position is between 1 and 2", ["input", "position"]),
        (0, {"metaDataJSON": '"text"'}, "must be a JSON object", ["input", "metaDataJSON"]),
        (
            0,
            {"position": 2, "metaDataJSON": "null"},
            "must be a JSON object",
            ["input", "metaDataJSON"],
        ),
    ],
)
def test_bad_media_updates_change_nothing(
    api: Api, database: Database, target: int, input_: dict[str, Any], message: str, path: list[str]
) -> None:
    product = make_product(database)
    create_batch(
        api, *({"productId": product.product_id, "url": f"https://x.com/{n}.jpg"} for n in (1, 2))
    )
    before = _media(api, product.product_id)
    media_id = target or before[0]["id"]

    result = api.ok(UPDATE, {"id": media_id, "input": input_})["updateProductMedia"]

    assert result["productMedia"] is None
    (error,) = result["userErrors"]
    assert message in error["message"]
    assert error["path"] == path
    assert _media(api, product.product_id) == before


def test_deleting_media_closes_the_gap_and_leaves_displays(api: Api, database: Database) -> None:
    product = make_product(database)
    queue_id = create_batch(
        api,
        *({"productId": product.product_id, "url": f"https://x.com/{n}.jpg"} for n in (1, 2, 3)),
    )["queueId"]
    ids = [m["id"] for m in _media(api, product.product_id)]
    display = make_display(database, product.product_id)
    with database.write() as connection:
        connection.execute(
            insert(catalog.display_media),
            [
                {"display_id": display, "product_media_id": m, "position": p}
                for p, m in enumerate(ids, 1)
            ],
        )

    result = api.ok(DELETE, {"id": ids[1]})["deleteProductMedia"]

    assert result == {"userErrors": []}
    assert [(m["id"], m["position"]) for m in _media(api, product.product_id)] == [
        (ids[0], 1),
        (ids[2], 2),
    ]
    with database.engine.connect() as connection:
        linked = (
            connection.execute(select(catalog.display_media.c.product_media_id)).scalars().all()
        )
    assert sorted(linked) == [ids[0], ids[2]]
    batch = api.ok(BATCH, {"queueId": queue_id})["mediaBatch"]
    assert [m["key"] for m in batch["productMedia"]] == [str(ids[0]), str(ids[2])]

    missing = api.ok(DELETE, {"id": ids[1]})["deleteProductMedia"]
    assert missing == {
        "userErrors": [
            {"message": f"Could not find ProductMedia with ID {ids[1]}.", "path": ["id"]}
        ]
    }


def test_metadata_is_stored_as_given_json(api: Api, database: Database) -> None:
    product = make_product(database)
    metadata = {"alt": "Tröja", "tags": ["front", 1], "nested": {"a": None}}
    create_batch(
        api,
        {
            "productId": product.product_id,
            "url": "https://x.com/a.jpg",
            "metaDataJSON": orjson.dumps(metadata).decode(),
        },
    )

    (media,) = _media(api, product.product_id)

    assert orjson.loads(media["metaDataJSON"]) == {**metadata, "originalUrl": "https://x.com/a.jpg"}
