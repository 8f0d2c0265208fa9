"""Issue 17: createMediaUpload / completeMediaUpload (reference 3.31), a real two-step upload:
the file POSTed to the policy's action, stored in the media directory, served under /media."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from mercato.clock import utc_now
from mercato.db import unit_of_work
from mercato.db.database import Database
from mercato.settings import Settings
from tests.factories import make_product
from tests.support import Api

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(64))
CREATE = """mutation {
  createMediaUpload(input: {mediaType: IMAGE}) {
    UUID uploadPolicy { attributes { name value } fields { name value } } userErrors { message }
  }
}"""
COMPLETE = """mutation($input: MediaUploadCompleteInput!) {
  completeMediaUpload(input: $input) {
    productMedia { id productVariant { id } source { url mimeType } metaDataJSON }
    userErrors { message path }
  }
}"""


@pytest.fixture
def uploads(database: Database, tmp_path: Path) -> Iterator[Api]:
    settings = Settings(
        database_url="sqlite://",
        environment="test",
        rate_limits_enabled=False,
        media_directory=str(tmp_path / "media"),
        public_url="http://testserver",
    )
    with Api.start(database, settings) as api:
        yield api


def _open(api: Api, token: str | None = None) -> tuple[str, dict[str, str], dict[str, str]]:
    created = api.ok(CREATE, token=token)["createMediaUpload"]
    policy = created["uploadPolicy"]
    attributes = {a["name"]: a["value"] for a in policy["attributes"]}
    fields = {f["name"]: f["value"] for f in policy["fields"]}
    return created["UUID"], attributes, fields


def _post(api: Api, action: str, fields: dict[str, str], content: bytes) -> Any:
    return api.client.post(
        action.removeprefix("http://testserver"),
        data=fields,
        files={"file": ("front.png", content, "image/png")},
    )


def test_an_uploaded_image_becomes_a_variants_media(uploads: Api, tmp_path: Path) -> None:
    product = make_product(uploads.database)
    variant = product.variant_ids[0]
    upload_uuid, attributes, fields = _open(uploads)

    posted = _post(uploads, attributes["action"], fields, PNG)
    completed = uploads.ok(
        COMPLETE,
        {
            "input": {
                "UUID": upload_uuid,
                "objectType": "ProductVariant",
                "objectId": variant,
                "metaDataJSON": '{"alt": "Front"}',
            }
        },
    )["completeMediaUpload"]

    assert attributes == {
        "action": f"http://testserver/media/uploads/{upload_uuid}",
        "method": "POST",
        "enctype": "multipart/form-data",
    }
    assert fields == {"key": upload_uuid}
    assert posted.status_code == 204
    media = completed["productMedia"]
    assert completed["userErrors"] == []
    assert media["productVariant"] == {"id": variant}
    assert media["source"] == {
        "url": f"http://testserver/media/{upload_uuid}.png",
        "mimeType": "image/png",
    }
    assert media["metaDataJSON"] == f'{{"alt":"Front","originalUUID":"{upload_uuid}"}}'
    assert (tmp_path / "media" / f"{upload_uuid}.png").read_bytes() == PNG
    served = uploads.client.get(f"/media/{upload_uuid}.png")
    assert served.status_code == 200
    assert served.content == PNG
    assert served.headers["content-type"] == "image/png"
    again = uploads.ok(
        COMPLETE,
        {"input": {"UUID": upload_uuid, "objectType": "Product", "objectId": product.product_id}},
    )["completeMediaUpload"]
    assert again["userErrors"][0]["message"].startswith("This upload was completed already")


def test_only_one_image_is_taken_per_upload(uploads: Api) -> None:
    _, attributes, fields = _open(uploads)

    not_an_image = _post(uploads, attributes["action"], fields, b"%PDF-1.7 not an image")
    wrong_key = _post(uploads, attributes["action"], {"key": "other"}, PNG)
    first = _post(uploads, attributes["action"], fields, PNG)
    second = _post(uploads, attributes["action"], fields, PNG)
    unknown = _post(uploads, "/media/uploads/00000000-0000-4000-8000-000000000000", {}, PNG)

    assert (not_an_image.status_code, not_an_image.json()) == (
        415,
        {"message": "Only png, jpg and gif images can be uploaded."},
    )
    assert wrong_key.status_code == 400
    assert first.status_code == 204
    assert second.status_code == 409
    assert unknown.status_code == 404
    assert uploads.client.get("/media/../mercato.sqlite3").status_code == 404
    assert uploads.client.get("/media/nothing.png").status_code == 404


def test_completing_needs_the_file_and_the_integration_that_opened_it(uploads: Api) -> None:
    product = make_product(uploads.database)
    upload_uuid, attributes, fields = _open(uploads)
    complete = {
        "input": {"UUID": upload_uuid, "objectType": "Product", "objectId": product.product_id}
    }
    media_before = uploads.ok("{ products { media { id } } }")

    early = uploads.ok(COMPLETE, complete)["completeMediaUpload"]
    _post(uploads, attributes["action"], fields, PNG)
    other = uploads.ok(
        COMPLETE,
        complete,
        token=uploads.token("ProductMedia:write", "ProductMedia:read", integration="other"),
    )["completeMediaUpload"]
    unknown_product = uploads.ok(COMPLETE, {"input": {**complete["input"], "objectId": 999}})[
        "completeMediaUpload"
    ]

    assert early["userErrors"][0]["message"].startswith("No file was uploaded for this UUID yet")
    assert other["userErrors"] == [
        {
            "message": f'Could not find a media upload with UUID "{upload_uuid}".',
            "path": ["input", "UUID"],
        }
    ]
    assert unknown_product["userErrors"] == [
        {"message": "Could not find Product with ID 999.", "path": ["input", "objectId"]}
    ]
    assert uploads.ok("{ products { media { id } } }") == media_before
    done = uploads.ok(COMPLETE, complete)["completeMediaUpload"]
    assert done["userErrors"] == []


def test_upload_addresses_expire_and_unassigned_uploads_are_discarded(
    uploads: Api, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    product = make_product(uploads.database)
    late_uuid, late_attributes, late_fields = _open(uploads)
    kept_uuid, kept_attributes, kept_fields = _open(uploads)
    _post(uploads, kept_attributes["action"], kept_fields, PNG)
    started = utc_now()

    monkeypatch.setattr(unit_of_work, "utc_now", lambda: started + timedelta(minutes=21))
    expired = _post(uploads, late_attributes["action"], late_fields, PNG)
    monkeypatch.setattr(unit_of_work, "utc_now", lambda: started + timedelta(days=2, minutes=1))
    too_late = uploads.ok(
        COMPLETE,
        {"input": {"UUID": kept_uuid, "objectType": "Product", "objectId": product.product_id}},
    )["completeMediaUpload"]
    _open(uploads)  # opening an upload discards those older than two days

    assert expired.status_code == 403
    assert too_late["userErrors"][0]["message"].startswith("This upload is older than two days")
    assert not (tmp_path / "media" / f"{kept_uuid}.png").exists()
    assert late_uuid != kept_uuid
