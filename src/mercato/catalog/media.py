"""Product media use cases (reference 3.31): ``create_media_batch``, ``update_product_media``,
``delete_product_media``, and reading a batch back (``media_batch_ids``).

Mercato stores media URLs and serves them back; it downloads nothing. So a media batch, which
the reference runs asynchronously, is done when ``createMediaBatch`` returns: every URL becomes
a ProductMedia at once and the batch is COMPLETED. There is no batch table: the queue id names
the media the batch created, as runs of consecutive ids (``batch-41-3`` is media 41, 42, 43;
``batch-41-2.47-1`` when another writer took an id in between on PostgreSQL).

Rules:
* 1 to 100 URLs per batch; each an http(s) URL of a png, jpg or gif file (by extension);
* the product must exist, and a variant, when given, must be one of the product's;
* ``metaDataJSON`` must be a JSON object (at most 64 KiB); a batch adds ``originalUrl``, as the
  reference's batch import does (it cannot add the file's hash or size: nothing is fetched);
* media are ordered per product by ``position`` (1, 2, ...): new media go last, moving one
  shifts the others, deleting one closes the gap; deleting also removes it from displays.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import Connection, delete, func, insert, select, update

from mercato.catalog.attributes import delete_assignments
from mercato.catalog.attributes_types import Path, Problems
from mercato.catalog.media_urls import valid_image_url
from mercato.clock import utc_now
from mercato.db import catalog_tables as catalog
from mercato.db.unit_of_work import Codec, UnitOfWork, Writer
from mercato.errors import PathElement, UserInputError
from mercato.idconversion.references import Reference, resolve

MAX_BATCH_SIZE = 100
MAX_METADATA_BYTES = 65_536
MEDIA_TYPES = ("IMAGE",)
QUEUE_PREFIX = "batch-"
_QUEUE_ID = re.compile(r"batch-(\d{1,18}-\d{1,3})(\.\d{1,18}-\d{1,3}){0,99}")


@dataclass(frozen=True)
class MediaBatchItem:
    product_id: int
    url: str
    variant_id: int | None = None
    meta_data_json: str | None = None
    media_type: str = "IMAGE"


@dataclass(frozen=True)
class MediaBatchResult:
    queue_id: str
    media_ids: list[int]


#: How a batch's result is stored with an idempotency key.
MEDIA_BATCH_CODEC: Codec[MediaBatchResult] = Codec(
    encode=lambda result: {"queueId": result.queue_id, "mediaIds": result.media_ids},
    decode=lambda stored: MediaBatchResult(
        str(stored["queueId"]), [int(i) for i in stored["mediaIds"]]
    ),
)


@dataclass(frozen=True)
class ProductMediaUpdate:
    """``None`` leaves a member as it is; metaDataJSON replaces the whole metadata."""

    meta_data_json: str | None = None
    position: int | None = None


def create_media_batch(writer: Writer, items: Sequence[MediaBatchItem]) -> MediaBatchResult:
    if not 1 <= len(items) <= MAX_BATCH_SIZE:
        raise UserInputError.single(
            f"A media batch holds 1 to {MAX_BATCH_SIZE} URLs, not {len(items)}.",
            "input",
            "productMedia",
        )
    checked = _checked_items(items)
    with writer.begin("ProductMedia") as work:
        connection = work.connection
        problems = Problems()
        owners = [
            _owner(work, item, ("input", "productMedia", index), problems)
            for index, item in enumerate(items)
        ]
        problems.raise_if_any()
        product_ids = sorted({product for product, _ in owners})
        lock_products(connection, product_ids)
        next_position = next_positions(connection, product_ids)
        now = utc_now()
        media = catalog.product_media
        media_ids: list[int] = []
        for (product_id, variant_id), (url, metadata, media_type) in zip(
            owners, checked, strict=True
        ):
            position = next_position[product_id]
            next_position[product_id] += 1
            media_ids.append(
                connection.execute(
                    insert(media)
                    .values(
                        product_id=product_id,
                        product_variant_id=variant_id,
                        url=url,
                        media_type=media_type,
                        meta_data_json=orjson.dumps({**metadata, "originalUrl": url}).decode(),
                        position=position,
                        created_at=now,
                    )
                    .returning(media.c.id)
                ).scalar_one()
            )
    return MediaBatchResult(encode_queue_id(media_ids), media_ids)


def update_product_media(writer: Writer, media: Reference, command: ProductMediaUpdate) -> int:
    metadata = (
        None
        if command.meta_data_json is None
        else valid_metadata(command.meta_data_json, ("input", "metaDataJSON"))
    )
    table = catalog.product_media
    with writer.begin("ProductMedia") as work:
        connection = work.connection
        media_id = resolve(work, "ProductMedia", media, ("id",))
        row = connection.execute(
            select(table.c.product_id, table.c.position).where(table.c.id == media_id)
        ).one()
        if command.position is not None:
            lock_products(connection, [row.product_id])
            _move(connection, media_id, row.product_id, row.position, command.position)
        if metadata is not None:
            connection.execute(
                update(table)
                .where(table.c.id == media_id)
                .values(meta_data_json=orjson.dumps(metadata).decode())
            )
    return media_id


def delete_product_media(writer: Writer, media: Reference) -> None:
    table = catalog.product_media
    with writer.begin("ProductMedia") as work:
        connection = work.connection
        media_id = resolve(work, "ProductMedia", media, ("id",))
        row = connection.execute(
            select(table.c.product_id, table.c.position).where(table.c.id == media_id)
        ).one()
        links = catalog.display_media
        connection.execute(delete(links).where(links.c.product_media_id == media_id))
        delete_assignments(connection, "ProductMedia", media_id)
        connection.execute(delete(table).where(table.c.id == media_id))
        connection.execute(
            update(table)
            .where(table.c.product_id == row.product_id, table.c.position > row.position)
            .values(position=table.c.position - 1)
        )


# -- batches -------------------------------------------------------------------------------


def encode_queue_id(media_ids: Sequence[int]) -> str:
    runs: list[list[int]] = []
    for media_id in media_ids:
        if runs and runs[-1][0] + runs[-1][1] == media_id:
            runs[-1][1] += 1
        else:
            runs.append([media_id, 1])
    return QUEUE_PREFIX + ".".join(f"{first}-{count}" for first, count in runs)


def decode_queue_id(queue_id: str) -> list[int] | None:
    """The media ids a queue id names, or ``None`` when it is not one of ours."""
    if _QUEUE_ID.fullmatch(queue_id) is None:
        return None
    ids: list[int] = []
    for run in queue_id.removeprefix(QUEUE_PREFIX).split("."):
        first, count = (int(part) for part in run.split("-"))
        ids.extend(range(first, first + count))
    return ids if 0 < len(ids) <= MAX_BATCH_SIZE else None


# -- rules ---------------------------------------------------------------------------------


def valid_metadata(text: str, path: tuple[PathElement, ...]) -> dict[str, Any]:
    if len(text.encode()) > MAX_METADATA_BYTES:
        raise UserInputError.single(f"metaDataJSON has at most {MAX_METADATA_BYTES} bytes.", *path)
    try:
        value = orjson.loads(text)
    except orjson.JSONDecodeError:
        raise UserInputError.single(
            'metaDataJSON must be a JSON object, e.g. {"alt": "Front"}; it is not valid JSON.',
            *path,
        ) from None
    if not isinstance(value, dict):
        raise UserInputError.single(
            'metaDataJSON must be a JSON object, e.g. {"alt": "Front"}, not '
            f"{type(value).__name__ if value is not None else 'null'}.",
            *path,
        )
    return value


def _checked_items(items: Sequence[MediaBatchItem]) -> list[tuple[str, dict[str, Any], str]]:
    """(url, metadata, media type) per item; every problem of every item at once."""
    problems = Problems()
    checked: list[tuple[str, dict[str, Any], str]] = []
    for index, item in enumerate(items):
        path: Path = ("input", "productMedia", index)
        try:
            url = valid_image_url(item.url, (*path, "url"), "A media URL")
            metadata = (
                {}
                if item.meta_data_json is None
                else valid_metadata(item.meta_data_json, (*path, "metaDataJSON"))
            )
            if item.media_type not in MEDIA_TYPES:
                raise UserInputError.single(
                    f"mediaType must be one of {', '.join(MEDIA_TYPES)}.", *path, "mediaType"
                )
        except UserInputError as failure:
            problems.errors.extend(failure.errors)
            continue
        checked.append((url, metadata, item.media_type))
    problems.raise_if_any()
    return checked


def _owner(
    work: UnitOfWork,
    item: MediaBatchItem,
    path: Path,
    problems: Problems,
) -> tuple[int, int | None]:
    connection = work.connection
    try:
        product_id = resolve(
            work,
            "Product",
            Reference(id=item.product_id),
            (*path, "productId"),
        )
    except UserInputError as failure:
        problems.errors.extend(failure.errors)
        return (0, None)
    if item.variant_id is None:
        return (product_id, None)
    variants = catalog.product_variants
    owner = connection.execute(
        select(variants.c.product_id).where(variants.c.id == item.variant_id)
    ).scalar_one_or_none()
    if owner is None:
        problems.add(
            f"Could not find ProductVariant with ID {item.variant_id}.", (*path, "variantId")
        )
    elif owner != product_id:
        problems.add(
            f"Variant {item.variant_id} belongs to product {owner}, not to product {product_id}.",
            (*path, "variantId"),
        )
    return (product_id, item.variant_id)


def lock_products(connection: Connection, product_ids: list[int]) -> None:
    """Serializes position changes per product on PostgreSQL (in id order: no deadlocks)."""
    products = catalog.products
    connection.execute(
        select(products.c.id)
        .where(products.c.id.in_(product_ids))
        .order_by(products.c.id)
        .with_for_update()
    )


def next_positions(connection: Connection, product_ids: list[int]) -> dict[int, int]:
    media = catalog.product_media
    last = dict(
        connection.execute(
            select(media.c.product_id, func.max(media.c.position))
            .where(media.c.product_id.in_(product_ids))
            .group_by(media.c.product_id)
        ).all()
    )
    return {p: (last.get(p) or 0) + 1 for p in product_ids}


def _move(
    connection: Connection, media_id: int, product_id: int, current: int, wanted: int
) -> None:
    media = catalog.product_media
    count = connection.execute(
        select(func.count()).select_from(media).where(media.c.product_id == product_id)
    ).scalar_one()
    if not 1 <= wanted <= count:
        raise UserInputError.single(
            f"position is between 1 and {count} (the product's number of media), not {wanted}.",
            "input",
            "position",
        )
    if wanted == current:
        return
    same_product = media.c.product_id == product_id
    if wanted < current:
        shift = media.c.position + 1
        between = (media.c.position >= wanted, media.c.position < current)
    else:
        shift = media.c.position - 1
        between = (media.c.position > current, media.c.position <= wanted)
    connection.execute(update(media).where(same_product, *between).values(position=shift))
    connection.execute(update(media).where(media.c.id == media_id).values(position=wanted))
