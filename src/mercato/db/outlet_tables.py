"""Tables of what Centra keeps in its admin and Mercato keeps through Mercato extensions of
the API (issue 17): store plugins, brick-and-mortar shops, and media uploads to local
storage."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Integer, String, Table, UniqueConstraint

from mercato.db.tables import metadata, timestamps, utc_timestamp

#: A plugin a store has configured (payment, shipping, feeds, APIs): reference 3.1.
store_plugins = Table(
    "store_plugins",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("store_id", ForeignKey("stores.id"), nullable=False, index=True),
    Column("name", String(255), nullable=False),
    Column("type", String(32), nullable=False),
    Column("status", String(16), nullable=False),
    *timestamps(),
    UniqueConstraint("store_id", "name"),
)

#: A physical shop (reference 3.6); its warehouses point to it (warehouses.brick_and_mortar_id).
brick_and_mortars = Table(
    "brick_and_mortars",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(255), nullable=False, unique=True),
    Column("status", String(16), nullable=False),
    Column("address", String(255)),
    Column("city", String(255)),
    Column("zip_code", String(32)),
    Column("country_id", ForeignKey("countries.id")),
    *timestamps(),
)

#: A two-step media upload (reference 3.31): created with a random UUID, the file stored
#: under the media directory, then completed into a ProductMedia.
media_uploads = Table(
    "media_uploads",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("uuid", String(36), nullable=False, unique=True),
    Column("media_type", String(16), nullable=False),
    Column("scope", String(300), nullable=False),
    Column("created_at", utc_timestamp(), nullable=False),
    Column("expires_at", utc_timestamp(), nullable=False),
    #: Set once the file is stored: its name in the media directory, type and size.
    Column("file_name", String(64)),
    Column("mime_type", String(32)),
    Column("byte_size", Integer),
    Column("uploaded_at", utc_timestamp()),
    Column("product_media_id", ForeignKey("product_media.id", ondelete="SET NULL")),
    Column("completed_at", utc_timestamp()),
)
