"""Tables of the catalog and pricing: size charts, classification (brands, collections,
folders, categories), products with variants and sizes, media, attributes, translations,
displays, bundles, pricelists and prices.

Money is stored in minor units (``*_minor``, e.g. cents) with the currency it is in, so sums
are exact; ``MonetaryValue.value`` divides by the currency's decimal digits. Ordered lists
keep a ``position``/``custom_order``. JSON text columns hold small lists (labels, tags).
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from mercato.db.tables import metadata, timestamps, utc_timestamp

# --- size charts ---------------------------------------------------------------------

size_charts = Table(
    "size_charts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(255), nullable=False, unique=True),
    #: JSON arrays of strings; vertical labels may be empty (one-dimensional charts).
    Column("horizontal_labels", Text, nullable=False),
    Column("vertical_labels", Text, nullable=False),
    Column("divider_symbol", String(8), nullable=False),
    Column("display_unit", String(32)),
    Column("display_divided_by", Integer),
    *timestamps(),
)

sizes = Table(
    "sizes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("size_chart_id", ForeignKey("size_charts.id"), nullable=False, index=True),
    Column("name", String(255), nullable=False),
    Column("horizontal_label", String(255), nullable=False),
    Column("vertical_label", String(255)),
    Column("position", Integer, nullable=False),
    UniqueConstraint("size_chart_id", "name"),
)

#: How sizes are named in some countries (e.g. EU sizes in Germany); by analogy with the
#: reference, which only names the operations (3.4).
size_localizations = Table(
    "size_localizations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(255), nullable=False, unique=True),
    *timestamps(),
)

#: A country uses at most one size localization.
size_localization_countries = Table(
    "size_localization_countries",
    metadata,
    Column("size_localization_id", ForeignKey("size_localizations.id"), primary_key=True),
    Column("country_id", ForeignKey("countries.id"), primary_key=True, unique=True),
)

localized_sizes = Table(
    "localized_sizes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("size_localization_id", ForeignKey("size_localizations.id"), nullable=False),
    #: A size its chart removes loses its localized names with it.
    Column("size_id", ForeignKey("sizes.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("name", String(255), nullable=False),
    UniqueConstraint("size_localization_id", "size_id"),
)

measurement_charts = Table(
    "measurement_charts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(255), nullable=False, unique=True),
    #: JSON arrays of strings (both at least one label).
    Column("horizontal_labels", Text, nullable=False),
    Column("vertical_labels", Text, nullable=False),
    Column("display_unit", String(32)),
    #: ``contentJSON`` as served: ``{vertical: {horizontal: value}}``, in label order.
    Column("content_json", Text, nullable=False, server_default="{}"),
    *timestamps(),
)

# --- classification ------------------------------------------------------------------

brands = Table(
    "brands",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(255), nullable=False, unique=True),
    Column("uri", String(255), nullable=False, unique=True),
    *timestamps(),
)

brand_stores = Table(
    "brand_stores",
    metadata,
    Column("brand_id", ForeignKey("brands.id"), primary_key=True),
    Column("store_id", ForeignKey("stores.id"), primary_key=True, index=True),
)

collections = Table(
    "collections",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(255), nullable=False, unique=True),
    Column("status", String(16), nullable=False),
    Column("uri", String(255), nullable=False, unique=True),
    *timestamps(),
)

folders = Table(
    "folders",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(255), nullable=False),
    Column("parent_id", ForeignKey("folders.id"), index=True),
    Column("custom_order", Integer, nullable=False),
    *timestamps(),
)

categories = Table(
    "categories",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("store_id", ForeignKey("stores.id"), nullable=False, index=True),
    Column("parent_id", ForeignKey("categories.id"), index=True),
    Column("name", String(255), nullable=False),
    Column("uri", String(255), nullable=False),
    Column("status", String(16), nullable=False),
    Column("meta_title", String(255)),
    Column("meta_description", Text),
    Column("meta_keywords", Text),
    Column("custom_order", Integer, nullable=False),
    *timestamps(),
    UniqueConstraint("store_id", "parent_id", "uri"),
)

# --- products ---------------------------------------------------------------------------

products = Table(
    "products",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(255), nullable=False),
    Column("status", String(16), nullable=False),
    Column("product_number", String(64), nullable=False, unique=True),
    Column("brand_id", ForeignKey("brands.id"), index=True),
    Column("collection_id", ForeignKey("collections.id"), index=True),
    Column("folder_id", ForeignKey("folders.id"), index=True),
    Column("country_of_origin_id", ForeignKey("countries.id")),
    Column("harmonized_commodity_code", String(32)),
    Column("harmonized_commodity_code_description", String(255)),
    Column("internal_comment", Text),
    Column("is_bundle", Boolean, nullable=False),
    Column("is_serializable_product", Boolean, nullable=False),
    Column("weight_value", Float),
    Column("weight_unit", String(16)),
    #: The product's measurement table: a chart, and either its values (inherited) or the
    #: product's own (``measurement_content_json``, same shape as the chart's).
    Column("measurement_chart_id", ForeignKey("measurement_charts.id"), index=True),
    Column("measurement_inherited", Boolean),
    Column("measurement_content_json", Text),
    *timestamps(),
    CheckConstraint("weight_value IS NULL OR weight_value >= 0", name="weight"),
)

product_variants = Table(
    "product_variants",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("product_id", ForeignKey("products.id"), nullable=False, index=True),
    Column("name", String(255), nullable=False),
    Column("status", String(16), nullable=False),
    Column("variant_number", String(64)),
    Column("internal_name", String(255)),
    Column("unit_cost_minor", BigInteger),
    Column("unit_cost_currency_id", ForeignKey("currencies.id")),
    #: Fixed once assigned (reference 3.4).
    Column("size_chart_id", ForeignKey("size_charts.id"), index=True),
    Column("stock_offset", Integer, nullable=False, server_default="0"),
    Column("position", Integer, nullable=False),
    *timestamps(),
    UniqueConstraint("product_id", "variant_number"),
)

product_sizes = Table(
    "product_sizes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("product_variant_id", ForeignKey("product_variants.id"), nullable=False, index=True),
    Column("size_id", ForeignKey("sizes.id"), nullable=False, index=True),
    Column("size_number", String(64)),
    #: productNumber + variantNumber + sizeNumber, kept by the services whenever one changes
    #: (stored so lists of sizes read it without joining two tables).
    Column("sku", String(255), nullable=False, server_default=""),
    Column("ean", String(32)),
    Column("upc", String(32)),
    Column("preorder", Boolean, nullable=False, server_default="0"),
    Column("weight_value", Float),
    Column("weight_unit", String(16)),
    *timestamps(),
    UniqueConstraint("product_variant_id", "size_id"),
    CheckConstraint("weight_value IS NULL OR weight_value >= 0", name="weight"),
)

product_media = Table(
    "product_media",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("product_id", ForeignKey("products.id"), nullable=False, index=True),
    Column("product_variant_id", ForeignKey("product_variants.id"), index=True),
    Column("url", String(2048), nullable=False),
    Column("media_type", String(16), nullable=False),
    Column("meta_data_json", Text),
    Column("position", Integer, nullable=False),
    Column("created_at", utc_timestamp(), nullable=False),
)

# --- attributes and translations ------------------------------------------------------

attribute_types = Table(
    "attribute_types",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(255), nullable=False, unique=True),
    Column("description", String(255)),
    #: Product, ProductVariant, Display, ...
    Column("object_type", String(64), nullable=False),
    Column("is_mapped", Boolean, nullable=False),
    #: JSON array of {key, kind, description} element definitions.
    Column("elements", Text, nullable=False),
)

mapped_attributes = Table(
    "mapped_attributes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("attribute_type_id", ForeignKey("attribute_types.id"), nullable=False, index=True),
    Column("name", String(255), nullable=False),
    Column("description", String(255)),
    #: JSON object of element key -> value.
    Column("elements", Text, nullable=False),
)

attribute_assignments = Table(
    "attribute_assignments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("object_type", String(64), nullable=False),
    Column("object_id", Integer, nullable=False),
    Column("attribute_type_id", ForeignKey("attribute_types.id"), nullable=False),
    #: A mapped attribute; or, for a dynamic attribute, ``element_value`` holds a JSON object of
    #: element key -> value (one row per object and type, so reads stay one row per attribute;
    #: ``element_key`` is then NULL and the services lock the object's row while writing).
    Column("mapped_attribute_id", ForeignKey("mapped_attributes.id")),
    Column("element_key", String(255)),
    Column("element_value", Text),
    UniqueConstraint("object_type", "object_id", "attribute_type_id", "element_key"),
)

translations = Table(
    "translations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("object_type", String(64), nullable=False),
    Column("object_id", Integer, nullable=False),
    Column("language_id", ForeignKey("languages.id"), nullable=False),
    Column("field", String(255), nullable=False),
    Column("value", Text, nullable=False),
    UniqueConstraint("object_type", "object_id", "language_id", "field"),
)

# --- displays ---------------------------------------------------------------------------

displays = Table(
    "displays",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("store_id", ForeignKey("stores.id"), nullable=False, index=True),
    Column("product_id", ForeignKey("products.id"), nullable=False, index=True),
    Column("name", String(255), nullable=False),
    Column("status", String(16), nullable=False),
    Column("uri", String(255), nullable=False),
    Column("minimum_order_quantity", Integer, nullable=False, server_default="1"),
    Column("order_quantity_denominator", Integer, nullable=False, server_default="1"),
    Column("description", Text),
    Column("short_description", Text),
    Column("meta_title", String(255)),
    Column("meta_description", Text),
    Column("meta_keywords", Text),
    Column("comment", Text),
    #: JSON array of strings.
    Column("tags", Text, nullable=False, server_default="[]"),
    Column("canonical_category_id", ForeignKey("categories.id")),
    *timestamps(),
    UniqueConstraint("store_id", "product_id"),
    UniqueConstraint("store_id", "uri"),
)

display_items = Table(
    "display_items",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("display_id", ForeignKey("displays.id"), nullable=False, index=True),
    Column("product_variant_id", ForeignKey("product_variants.id"), nullable=False, index=True),
    Column("custom_order", Integer, nullable=False),
    UniqueConstraint("display_id", "product_variant_id"),
)

display_markets = Table(
    "display_markets",
    metadata,
    Column("display_id", ForeignKey("displays.id"), primary_key=True),
    Column("market_id", ForeignKey("markets.id", ondelete="CASCADE"), primary_key=True, index=True),
)

display_categories = Table(
    "display_categories",
    metadata,
    Column("display_id", ForeignKey("displays.id"), primary_key=True),
    Column("category_id", ForeignKey("categories.id"), primary_key=True, index=True),
    Column("custom_order", Integer, nullable=False),
)

#: One-way relations between displays of one store (reference 3.12): ``relation_type`` is
#: Variant, Size, Standard or a custom name.
display_relations = Table(
    "display_relations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("display_id", ForeignKey("displays.id"), nullable=False),
    Column("related_display_id", ForeignKey("displays.id"), nullable=False, index=True),
    Column("relation_type", String(64), nullable=False),
    Column("created_at", utc_timestamp(), nullable=False),
    UniqueConstraint(
        "display_id", "relation_type", "related_display_id", name="uq_display_relations_once"
    ),
)

display_media = Table(
    "display_media",
    metadata,
    Column("display_id", ForeignKey("displays.id"), primary_key=True),
    Column("product_media_id", ForeignKey("product_media.id"), primary_key=True),
    Column("position", Integer, nullable=False),
)

# --- bundles ----------------------------------------------------------------------------

bundles = Table(
    "bundles",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("product_id", ForeignKey("products.id"), nullable=False, unique=True),
    #: The one internal variant every bundle has.
    Column("product_variant_id", ForeignKey("product_variants.id"), nullable=False, unique=True),
    Column("type", String(16), nullable=False),
    Column("price_type", String(16), nullable=False),
    *timestamps(),
    CheckConstraint("type IN ('FIXED', 'FLEXIBLE')", name="type"),
    CheckConstraint("price_type IN ('STATIC', 'DYNAMIC')", name="price_type"),
)

bundle_sections = Table(
    "bundle_sections",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("bundle_id", ForeignKey("bundles.id"), nullable=False, index=True),
    Column("quantity", Integer, nullable=False),
    Column("position", Integer, nullable=False),
    CheckConstraint("quantity >= 1", name="quantity"),
)

bundle_section_variants = Table(
    "bundle_section_variants",
    metadata,
    Column("bundle_section_id", ForeignKey("bundle_sections.id"), primary_key=True),
    Column("product_variant_id", ForeignKey("product_variants.id"), primary_key=True, index=True),
)

# --- pricing ----------------------------------------------------------------------------

pricelists = Table(
    "pricelists",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("store_id", ForeignKey("stores.id"), nullable=False, index=True),
    Column("name", String(255), nullable=False),
    Column("status", String(16), nullable=False),
    Column("currency_id", ForeignKey("currencies.id"), nullable=False),
    Column("comment", Text),
    Column("is_default_for_currency", Boolean, nullable=False, server_default="0"),
    *timestamps(),
    UniqueConstraint("store_id", "name"),
)

# One pricelist per store and country (countries only on direct-to-consumer pricelists).
pricelist_countries = Table(
    "pricelist_countries",
    metadata,
    Column("pricelist_id", ForeignKey("pricelists.id"), primary_key=True),
    Column("country_id", ForeignKey("countries.id"), primary_key=True),
    Column("store_id", ForeignKey("stores.id"), nullable=False),
    UniqueConstraint("store_id", "country_id"),
)

prices = Table(
    "prices",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("pricelist_id", ForeignKey("pricelists.id"), nullable=False),
    Column("product_id", ForeignKey("products.id"), nullable=False, index=True),
    Column("product_variant_id", ForeignKey("product_variants.id"), nullable=False, index=True),
    Column("currency_id", ForeignKey("currencies.id"), nullable=False),
    Column("price_minor", BigInteger, nullable=False),
    Column("recommended_retail_price_minor", BigInteger),
    #: False while the variant inherits its product's price.
    Column("is_individual", Boolean, nullable=False),
    Column("updated_at", utc_timestamp(), nullable=False),
    UniqueConstraint("pricelist_id", "product_variant_id"),
    CheckConstraint("price_minor >= 0", name="price"),
)
# A pricelist's prices of a page of products, planned well even without statistics.
Index("ix_prices_pricelist_id_product_id", prices.c.pricelist_id, prices.c.product_id)

price_alterations = Table(
    "price_alterations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("store_id", ForeignKey("stores.id"), nullable=False, index=True),
    Column("name", String(255), nullable=False),
    Column("status", String(16), nullable=False),
    Column("start_date", Date, nullable=False),
    *timestamps(),
)

altered_prices = Table(
    "altered_prices",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("price_alteration_id", ForeignKey("price_alterations.id"), nullable=False),
    Column("pricelist_id", ForeignKey("pricelists.id"), nullable=False),
    Column("product_id", ForeignKey("products.id"), nullable=False),
    Column("product_variant_id", ForeignKey("product_variants.id"), nullable=False),
    Column("currency_id", ForeignKey("currencies.id"), nullable=False),
    Column("price_minor", BigInteger, nullable=False),
    Column("updated_at", utc_timestamp(), nullable=False),
    UniqueConstraint("price_alteration_id", "pricelist_id", "product_variant_id"),
    CheckConstraint("price_minor >= 0", name="price"),
)
