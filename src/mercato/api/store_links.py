"""The store's links to what belongs to it (reference 3.1: "relations to markets, pricelists,
allocation rules, categories, brands ..."): ``Store.pricelists``, ``Store.categories`` and
``Store.brands``, fields this module adds to the foundation's ``Store``. Each is read under
its target type's own permission and store scope, one statement per level."""

from __future__ import annotations

from collections.abc import Mapping

from mercato.graphql.fieldmap import FieldSource, ToMany

EXTENSIONS: Mapping[str, Mapping[str, FieldSource]] = {
    "Store": {
        "pricelists": ToMany("Pricelist", child_key="store_id"),
        "categories": ToMany("Category", child_key="store_id", order_by=("custom_order", "id")),
        "brands": ToMany(
            "Brand",
            link_table="brand_stores",
            link_parent="store_id",
            link_child="brand_id",
            order_by=("id",),
        ),
    }
}
