"""Media uploads (reference 3.31): ``createMediaUpload`` then ``completeMediaUpload``, so that
an image can be uploaded instead of linked by URL.

1. ``create_media_upload`` opens an upload: a random UUID (122 random bits: the upload URL's
   only credential, like the pre-signed S3 form Centra hands out), valid ``UPLOAD_LIFETIME``.
2. The client POSTs the file to ``/media/uploads/<UUID>`` (``store_upload``): png, jpg or gif
   (told by the file's first bytes, not its name), at most ``MAX_UPLOAD_BYTES``, once. It is
   written to the media directory as ``<UUID>.<ext>`` and served under ``/media``.
3. ``complete_media_upload`` turns the stored file into a ProductMedia of a product or a
   variant (last in the product's media order), within ``UNASSIGNED_LIFETIME`` of the upload's
   creation; only the integration (or token) that opened the upload can complete it.

Uploads never completed are deleted, file and row, once older than ``UNASSIGNED_LIFETIME``
(checked whenever an upload is opened).
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson
from sqlalchemy import Connection, delete, insert, select, update

from mercato.catalog.media import lock_products, next_positions, valid_metadata
from mercato.db import catalog_tables as catalog
from mercato.db.outlet_tables import media_uploads
from mercato.db.unit_of_work import Change, UnitOfWork, Writer
from mercato.errors import UserInputError
from mercato.idconversion.references import Reference, resolve

UPLOAD_LIFETIME = timedelta(minutes=20)
UNASSIGNED_LIFETIME = timedelta(days=2)
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MEDIA_TYPES = ("IMAGE",)
OBJECT_TYPES = ("Product", "ProductVariant")
#: File signatures of the image formats accepted, and the extension each is stored under.
_SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "png", "image/png"),
    (b"\xff\xd8\xff", "jpg", "image/jpeg"),
    (b"GIF87a", "gif", "image/gif"),
    (b"GIF89a", "gif", "image/gif"),
)


class UploadRefusedError(Exception):
    """A file POSTed to an upload URL that cannot be taken; ``status`` is the HTTP answer."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class MediaStorage:
    """Where uploaded files live and the public address they are served from."""

    directory: Path
    #: e.g. ``https://mercato.example.com`` (no trailing slash).
    public_url: str

    def upload_url(self, upload_uuid: str) -> str:
        return f"{self.public_url}/media/uploads/{upload_uuid}"

    def file_url(self, file_name: str) -> str:
        return f"{self.public_url}/media/{file_name}"


@dataclass(frozen=True)
class OpenedUpload:
    uuid: str
    expires_at: datetime


@dataclass(frozen=True)
class MediaUploadComplete:
    uuid: str
    object_type: str
    object_id: int
    meta_data_json: str | None = None


def create_media_upload(writer: Writer, storage: MediaStorage, media_type: str) -> OpenedUpload:
    if media_type not in MEDIA_TYPES:
        raise UserInputError.single(
            f"mediaType must be one of {', '.join(MEDIA_TYPES)}.", "input", "mediaType"
        )
    upload_uuid = str(uuid.uuid4())
    with writer.begin("MediaUpload") as work:
        _forget_unassigned(work, storage)
        expires_at = work.now + UPLOAD_LIFETIME
        work.connection.execute(
            insert(media_uploads).values(
                uuid=upload_uuid,
                media_type=media_type,
                scope=work.caller.idempotency_scope,
                created_at=work.now,
                expires_at=expires_at,
            )
        )
    return OpenedUpload(upload_uuid, expires_at)


def store_upload(writer: Writer, storage: MediaStorage, upload_uuid: str, content: bytes) -> None:
    """The file POSTed to the upload URL: checked, written, recorded (``UploadRefusedError``)."""
    kind = _image_kind(content)
    with writer.begin("MediaUpload") as work:
        connection = work.connection
        row = connection.execute(
            select(media_uploads.c.id, media_uploads.c.expires_at, media_uploads.c.uploaded_at)
            .where(media_uploads.c.uuid == upload_uuid)
            .with_for_update()
        ).first()
        if row is None:
            raise UploadRefusedError(404, "No upload has this address.")
        if row.uploaded_at is not None:
            raise UploadRefusedError(409, "A file was uploaded here already.")
        if _as_aware(row.expires_at) <= work.now:
            raise UploadRefusedError(403, "This upload address has expired: open a new upload.")
        extension, mime_type = kind
        file_name = f"{upload_uuid}.{extension}"
        _write_file(storage.directory, file_name, content)
        connection.execute(
            update(media_uploads)
            .where(media_uploads.c.id == row.id)
            .values(
                file_name=file_name,
                mime_type=mime_type,
                byte_size=len(content),
                uploaded_at=work.now,
            )
        )


def complete_media_upload(
    writer: Writer, storage: MediaStorage, command: MediaUploadComplete
) -> int:
    """The new ProductMedia's id."""
    if command.object_type not in OBJECT_TYPES:
        raise UserInputError.single(
            f"objectType must be one of {', '.join(OBJECT_TYPES)}.", "input", "objectType"
        )
    metadata = (
        {}
        if command.meta_data_json is None
        else valid_metadata(command.meta_data_json, ("input", "metaDataJSON"))
    )
    with writer.begin("ProductMedia") as work:
        connection = work.connection
        row = connection.execute(
            select(
                media_uploads.c.id,
                media_uploads.c.scope,
                media_uploads.c.created_at,
                media_uploads.c.file_name,
                media_uploads.c.media_type,
                media_uploads.c.completed_at,
            )
            .where(media_uploads.c.uuid == command.uuid)
            .with_for_update()
        ).first()
        if row is None or row.scope != work.caller.idempotency_scope:
            raise UserInputError.single(
                f'Could not find a media upload with UUID "{command.uuid}".', "input", "UUID"
            )
        if row.completed_at is not None:
            raise UserInputError.single(
                "This upload was completed already: open a new upload for another media.",
                "input",
                "UUID",
            )
        if row.file_name is None:
            raise UserInputError.single(
                "No file was uploaded for this UUID yet: POST it to the upload policy's action "
                "first.",
                "input",
                "UUID",
            )
        if _as_aware(row.created_at) + UNASSIGNED_LIFETIME <= work.now:
            raise UserInputError.single(
                "This upload is older than two days and was discarded: upload the file again.",
                "input",
                "UUID",
            )
        product_id, variant_id = _owner(work, command)
        lock_products(connection, [product_id])
        position = next_positions(connection, [product_id])[product_id]
        media = catalog.product_media
        url = storage.file_url(str(row.file_name))
        media_id: int = connection.execute(
            insert(media)
            .values(
                product_id=product_id,
                product_variant_id=variant_id,
                url=url,
                media_type=row.media_type,
                meta_data_json=orjson.dumps({**metadata, "originalUUID": command.uuid}).decode(),
                position=position,
                created_at=work.now,
            )
            .returning(media.c.id)
        ).scalar_one()
        connection.execute(
            update(media_uploads)
            .where(media_uploads.c.id == row.id)
            .values(product_media_id=media_id, completed_at=work.now)
        )
        work.emit("ProductMedia", media_id, Change.CREATED)
    return media_id


def _owner(work: UnitOfWork, command: MediaUploadComplete) -> tuple[int, int | None]:
    path = ("input", "objectId")
    if command.object_type == "Product":
        return resolve(work, "Product", Reference(id=command.object_id), path), None
    variant_id = resolve(work, "ProductVariant", Reference(id=command.object_id), path)
    variants = catalog.product_variants
    product_id: int = work.connection.execute(
        select(variants.c.product_id).where(variants.c.id == variant_id)
    ).scalar_one()
    return product_id, variant_id


def _image_kind(content: bytes) -> tuple[str, str]:
    if not content:
        raise UploadRefusedError(400, 'Send the image as the form part "file".')
    if len(content) > MAX_UPLOAD_BYTES:
        raise UploadRefusedError(413, f"An upload holds at most {MAX_UPLOAD_BYTES} bytes.")
    for signature, extension, mime_type in _SIGNATURES:
        if content.startswith(signature):
            return extension, mime_type
    raise UploadRefusedError(415, "Only png, jpg and gif images can be uploaded.")


def _write_file(directory: Path, file_name: str, content: bytes) -> None:
    """Written whole or not at all: to a temporary name, then renamed."""
    directory.mkdir(parents=True, exist_ok=True)
    temporary = directory / f".{file_name}.part"
    temporary.write_bytes(content)
    os.replace(temporary, directory / file_name)


def _forget_unassigned(work: UnitOfWork, storage: MediaStorage) -> None:
    connection: Connection = work.connection
    cutoff = work.now - UNASSIGNED_LIFETIME
    stale = connection.execute(
        select(media_uploads.c.id, media_uploads.c.file_name).where(
            media_uploads.c.completed_at.is_(None), media_uploads.c.created_at < cutoff
        )
    ).all()
    if not stale:
        return
    connection.execute(delete(media_uploads).where(media_uploads.c.id.in_([r.id for r in stale])))
    for row in stale:
        if row.file_name:
            (storage.directory / str(row.file_name)).unlink(missing_ok=True)


def _as_aware(value: datetime | str) -> datetime:
    """A stored timestamp as an aware UTC datetime (SQLite may hand back its text)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
