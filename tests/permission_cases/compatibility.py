"""Permission-matrix cases of issue 17's root fields: counters, migrateDeprecatedPermissions,
store plugins, brick-and-mortar shops and media uploads."""

from __future__ import annotations

from pathlib import Path
from tempfile import mkdtemp

from sqlalchemy import update

from mercato.catalog.media_uploads import MediaStorage, create_media_upload, store_upload
from mercato.db.database import Database
from mercato.db.outlet_tables import media_uploads
from mercato.db.unit_of_work import Writer
from tests.permission_cases import Case

#: The smallest valid PNG header the upload checks (its signature).
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
UPLOAD_UUID = "00000000-0000-4000-8000-000000000017"


def _mutation(field: str, arguments: str) -> str:
    return f"mutation {{ {field}({arguments}) {{ userErrors {{ message }} }} }}"


def uploaded_file(database: Database) -> None:
    """An upload of the matrix tokens' integration ("qa") with its file stored."""
    writer = Writer.system(database, integration_name="qa")
    storage = MediaStorage(Path(mkdtemp()), "http://testserver")
    opened = create_media_upload(writer, storage, "IMAGE")
    with writer.begin("MediaUpload") as work:
        work.connection.execute(
            update(media_uploads)
            .where(media_uploads.c.uuid == opened.uuid)
            .values(uuid=UPLOAD_UUID)
        )
    store_upload(writer, storage, UPLOAD_UUID, PNG)


PRODUCT = _mutation(
    "createProduct", 'input: {name: "Upload matrix", productNumber: "UM1", externalId: "um"}'
)
PLUGIN = _mutation("createStorePlugin", 'input: {store: {id: 1}, name: "Adyen", type: PAYMENT}')
SHOP = _mutation("createBrickAndMortar", 'input: {name: "Stockholm flagship"}')

CASES: dict[str, Case] = {
    "counters": Case("{ counters { __typename } }", ()),
    "migrateDeprecatedPermissions": Case(
        "mutation { migrateDeprecatedPermissions { dryRun userErrors { message } } }", ("admin",)
    ),
    "storePlugins": Case("{ storePlugins { id } }", ("StorePlugin:read",)),
    "createStorePlugin": Case(PLUGIN, ("StorePlugin:write",)),
    "updateStorePlugin": Case(
        _mutation("updateStorePlugin", "id: 1, input: {status: INACTIVE}"),
        ("StorePlugin:write",),
        setup=(PLUGIN,),
    ),
    "brickAndMortars": Case("{ brickAndMortars { id } }", ("BrickAndMortar:read",)),
    "createBrickAndMortar": Case(SHOP, ("BrickAndMortar:write",)),
    "updateBrickAndMortar": Case(
        _mutation("updateBrickAndMortar", 'id: 1, input: {city: "Stockholm"}'),
        ("BrickAndMortar:write",),
        setup=(SHOP,),
    ),
    "createMediaUpload": Case(
        "mutation { createMediaUpload(input: {mediaType: IMAGE}) { UUID userErrors { message } } }",
        ("ProductMedia:write",),
    ),
    "completeMediaUpload": Case(
        _mutation(
            "completeMediaUpload",
            f'input: {{UUID: "{UPLOAD_UUID}", objectType: Product, objectId: 1}}',
        ),
        ("ProductMedia:write",),
        setup=(PRODUCT, uploaded_file),
    ),
}
