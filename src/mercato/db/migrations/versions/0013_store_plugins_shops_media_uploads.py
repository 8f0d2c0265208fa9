"""store plugins, brick-and-mortar shops, media uploads

Revision ID: 0013
Revises: 0008
Create Date: 2026-12-08 04:00:00

Issue 17: ``store_plugins`` (``storePlugins``), ``brick_and_mortars`` and
``warehouses.brick_and_mortar_id`` (``brickAndMortars``, ``Warehouse.brickAndMortar``), and
``media_uploads`` (``createMediaUpload`` / ``completeMediaUpload``).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0008"
branch_labels = None
depends_on = None

CONSTRAINT = "fk_warehouses_brick_and_mortar_id_brick_and_mortars"
INDEX = "ix_warehouses_brick_and_mortar_id"


def upgrade() -> None:
    op.create_table(
        "store_plugins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["store_id"], ["stores.id"], name=op.f("fk_store_plugins_store_id_stores")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_store_plugins")),
        sa.UniqueConstraint("store_id", "name", name=op.f("uq_store_plugins_store_id_name")),
    )
    with op.batch_alter_table("store_plugins", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_store_plugins_store_id"), ["store_id"], unique=False)

    op.create_table(
        "brick_and_mortars",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("address", sa.String(length=255), nullable=True),
        sa.Column("city", sa.String(length=255), nullable=True),
        sa.Column("zip_code", sa.String(length=32), nullable=True),
        sa.Column("country_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["country_id"], ["countries.id"], name=op.f("fk_brick_and_mortars_country_id_countries")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_brick_and_mortars")),
        sa.UniqueConstraint("name", name=op.f("uq_brick_and_mortars_name")),
    )
    op.create_table(
        "media_uploads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("media_type", sa.String(length=16), nullable=False),
        sa.Column("scope", sa.String(length=300), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("file_name", sa.String(length=64), nullable=True),
        sa.Column("mime_type", sa.String(length=32), nullable=True),
        sa.Column("byte_size", sa.Integer(), nullable=True),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("product_media_id", sa.Integer(), nullable=True),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["product_media_id"],
            ["product_media.id"],
            name=op.f("fk_media_uploads_product_media_id_product_media"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_media_uploads")),
        sa.UniqueConstraint("uuid", name=op.f("uq_media_uploads_uuid")),
    )
    # SQLite adds the column in place (a batch copy of warehouses would have to drop a table
    # other tables point to).
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "ALTER TABLE warehouses ADD COLUMN brick_and_mortar_id INTEGER "
            f"CONSTRAINT {CONSTRAINT} REFERENCES brick_and_mortars (id)"
        )
    else:
        op.add_column("warehouses", sa.Column("brick_and_mortar_id", sa.Integer(), nullable=True))
        op.create_foreign_key(
            op.f(CONSTRAINT), "warehouses", "brick_and_mortars", ["brick_and_mortar_id"], ["id"]
        )
    op.create_index(op.f(INDEX), "warehouses", ["brick_and_mortar_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f(INDEX), table_name="warehouses")
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE warehouses DROP COLUMN brick_and_mortar_id")
    else:
        op.drop_constraint(op.f(CONSTRAINT), "warehouses", type_="foreignkey")
        op.drop_column("warehouses", "brick_and_mortar_id")

    op.drop_table("media_uploads")
    op.drop_table("brick_and_mortars")
    with op.batch_alter_table("store_plugins", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_store_plugins_store_id"))

    op.drop_table("store_plugins")
