"""Media on displays: addProductMedia (with before) and removeProductMedia, and Display.media
in the display's order. Media rows are written straight to the table (createMediaBatch is
the media domain's)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.displays.conftest import RETAIL, Catalog
from tests.displays.requests import create, created, make_media, update
from tests.support import Api


@pytest.fixture
def media(api: Api, catalog: Catalog) -> list[int]:
    return make_media(api.database, catalog.sweater, 4)


def _ids(display: dict[str, Any]) -> list[int]:
    return [m["id"] for m in display["media"]]


def _add(media_id: int, before: int | None = None) -> dict[str, Any]:
    entry: dict[str, Any] = {"productMedia": {"id": media_id}}
    if before is not None:
        entry["before"] = {"id": before}
    return entry


MEDIA_QUERY = "query($id: Int!) { display(id: $id) { media { id position product { id } } } }"


def test_adding_ordering_and_removing_media(api: Api, catalog: Catalog, media: list[int]) -> None:
    a, b, c, d = media
    display = created(
        api,
        store={"id": RETAIL},
        product={"id": catalog.sweater},
        name="Sweater",
        status="ACTIVE",
        addProductMedia=[_add(a), _add(b), _add(c, before=a)],
    )
    shown = api.ok(MEDIA_QUERY, {"id": display["id"]})["display"]["media"]
    assert [m["id"] for m in shown] == [c, a, b]
    assert shown[0]["product"] == {"id": catalog.sweater}
    moved = update(
        api,
        display["id"],
        removeProductMedia=[{"id": a}, {"id": d}],
        addProductMedia=[_add(d, before=c), _add(b, before=d), _add(c)],
    )
    assert moved["userErrors"] == []
    assert moved["userWarnings"] == [
        {
            "message": f"Product media ID {d} is not on this display.",
            "path": ["input", "removeProductMedia", "1"],
        },
        {
            "message": f"Product media ID {c} is already on this display.",
            "path": ["input", "addProductMedia", "2"],
        },
    ]
    assert [m["id"] for m in api.ok(MEDIA_QUERY, {"id": display["id"]})["display"]["media"]] == [
        b,
        d,
        c,
    ]


def test_bad_media_input_changes_nothing(api: Api, catalog: Catalog, media: list[int]) -> None:
    a, b, c, _ = media
    foreign = make_media(api.database, catalog.chair, 1)[0]
    display = created(
        api,
        store={"id": RETAIL},
        product={"id": catalog.sweater},
        name="Sweater",
        status="ACTIVE",
        addProductMedia=[_add(a)],
    )
    cases: list[tuple[dict[str, Any], str, list[str]]] = [
        (
            {"addProductMedia": [_add(foreign)]},
            f"belongs to product {catalog.chair}, not to the display's product",
            ["input", "addProductMedia", "0", "productMedia"],
        ),
        (
            {"addProductMedia": [_add(999)]},
            "Could not find ProductMedia with ID 999",
            ["input", "addProductMedia", "0", "productMedia"],
        ),
        (
            {"addProductMedia": [_add(b, before=c)]},
            f"Product media ID {c} is not on this display",
            ["input", "addProductMedia", "0", "before"],
        ),
        (
            {"removeProductMedia": [{"id": a}], "addProductMedia": [_add(b, before=a)]},
            "is not on this display",
            ["input", "addProductMedia", "0", "before"],
        ),
        (
            {"removeProductMedia": [{"externalId": "x"}]},
            'Could not find ProductMedia with externalId "x"',
            ["input", "removeProductMedia", "0"],
        ),
    ]
    for input_, message, path in cases:
        before = api.ok(MEDIA_QUERY, {"id": display["id"]})
        result = update(api, display["id"], **input_)
        assert result["display"] is None
        (error,) = result["userErrors"]
        assert message in error["message"]
        assert error["path"] == path
        assert api.ok(MEDIA_QUERY, {"id": display["id"]}) == before
    failed = create(
        api,
        store={"id": 2},
        product={"id": catalog.sweater},
        name="Sweater",
        status="ACTIVE",
        addProductMedia=[_add(b, before=a)],
    )
    assert failed["userErrors"][0]["path"] == ["input", "addProductMedia", "0", "before"]
