"""catalog extras: measurement charts, product size weights, size localizations, display
relations

Revision ID: 0005
Revises: 0003
Create Date: 2026-11-26 21:32:43.907742

Generated with alembic autogenerate, then adjusted: columns are added to existing tables with
plain ``ALTER TABLE ... ADD COLUMN`` (SQLite accepts an inline REFERENCES or CHECK there),
because batch mode rebuilds the table, which fails once other tables reference its rows.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _add_reference(table: str, column: str, target: str) -> None:
    """A nullable foreign-key column with its index."""
    constraint = f"fk_{table}_{column}_{target}"
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            f"ALTER TABLE {table} ADD COLUMN {column} INTEGER "
            f"CONSTRAINT {constraint} REFERENCES {target} (id)"
        )
    else:
        op.add_column(table, sa.Column(column, sa.Integer(), nullable=True))
        op.create_foreign_key(op.f(constraint), table, target, [column], ["id"])
    op.create_index(op.f(f"ix_{table}_{column}"), table, [column], unique=False)


def _add_weight(table: str) -> None:
    """``weight_value`` (never negative) and ``weight_unit``."""
    check = "weight_value IS NULL OR weight_value >= 0"
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            f"ALTER TABLE {table} ADD COLUMN weight_value FLOAT "
            f"CONSTRAINT ck_{table}_weight CHECK ({check})"
        )
    else:
        op.add_column(table, sa.Column("weight_value", sa.Float(), nullable=True))
        op.create_check_constraint(op.f(f"ck_{table}_weight"), table, check)
    op.add_column(table, sa.Column("weight_unit", sa.String(length=16), nullable=True))


def upgrade() -> None:
    op.create_table(
        "measurement_charts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("horizontal_labels", sa.Text(), nullable=False),
        sa.Column("vertical_labels", sa.Text(), nullable=False),
        sa.Column("display_unit", sa.String(length=32), nullable=True),
        sa.Column("content_json", sa.Text(), server_default="{}", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_measurement_charts")),
        sa.UniqueConstraint("name", name=op.f("uq_measurement_charts_name")),
    )
    _add_reference("products", "measurement_chart_id", "measurement_charts")
    op.add_column("products", sa.Column("measurement_inherited", sa.Boolean(), nullable=True))
    op.add_column("products", sa.Column("measurement_content_json", sa.Text(), nullable=True))
    _add_weight("product_sizes")
    op.create_table(
        "size_localizations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_size_localizations")),
        sa.UniqueConstraint("name", name=op.f("uq_size_localizations_name")),
    )
    op.create_table(
        "localized_sizes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("size_localization_id", sa.Integer(), nullable=False),
        sa.Column("size_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.ForeignKeyConstraint(
            ["size_id"],
            ["sizes.id"],
            name=op.f("fk_localized_sizes_size_id_sizes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["size_localization_id"],
            ["size_localizations.id"],
            name=op.f("fk_localized_sizes_size_localization_id_size_localizations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_localized_sizes")),
        sa.UniqueConstraint(
            "size_localization_id",
            "size_id",
            name=op.f("uq_localized_sizes_size_localization_id_size_id"),
        ),
    )
    op.create_index(
        op.f("ix_localized_sizes_size_id"), "localized_sizes", ["size_id"], unique=False
    )
    op.create_table(
        "size_localization_countries",
        sa.Column("size_localization_id", sa.Integer(), nullable=False),
        sa.Column("country_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["country_id"],
            ["countries.id"],
            name=op.f("fk_size_localization_countries_country_id_countries"),
        ),
        sa.ForeignKeyConstraint(
            ["size_localization_id"],
            ["size_localizations.id"],
            name=op.f("fk_size_localization_countries_size_localization_id_size_localizations"),
        ),
        sa.PrimaryKeyConstraint(
            "size_localization_id", "country_id", name=op.f("pk_size_localization_countries")
        ),
        sa.UniqueConstraint("country_id", name=op.f("uq_size_localization_countries_country_id")),
    )
    op.create_table(
        "display_relations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("display_id", sa.Integer(), nullable=False),
        sa.Column("related_display_id", sa.Integer(), nullable=False),
        sa.Column("relation_type", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["display_id"], ["displays.id"], name=op.f("fk_display_relations_display_id_displays")
        ),
        sa.ForeignKeyConstraint(
            ["related_display_id"],
            ["displays.id"],
            name=op.f("fk_display_relations_related_display_id_displays"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_display_relations")),
        sa.UniqueConstraint(
            "display_id", "relation_type", "related_display_id", name="uq_display_relations_once"
        ),
    )
    op.create_index(
        op.f("ix_display_relations_related_display_id"),
        "display_relations",
        ["related_display_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_display_relations_related_display_id"), table_name="display_relations")
    op.drop_table("display_relations")
    op.drop_table("size_localization_countries")
    op.drop_index(op.f("ix_localized_sizes_size_id"), table_name="localized_sizes")
    op.drop_table("localized_sizes")
    op.drop_table("size_localizations")
    with op.batch_alter_table("product_sizes", schema=None) as batch_op:
        batch_op.drop_column("weight_unit")
        batch_op.drop_column("weight_value")
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_products_measurement_chart_id"))
        batch_op.drop_column("measurement_content_json")
        batch_op.drop_column("measurement_inherited")
        batch_op.drop_column("measurement_chart_id")
    op.drop_table("measurement_charts")
