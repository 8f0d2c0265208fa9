"""Merging size charts (``mergeSizeCharts``): the charts merged away hand their variants and
product sizes to the chart they merge into, then are deleted.

The reference names only the operation and its types; the rules are Mercato's (by analogy
with ``deleteSizeChart``):

* every size of a merged chart maps to the target chart's size of the same name; a size
  without a namesake there is a userError naming it (nothing changes);
* product sizes on a merged size move to its namesake (their ids stay, so stock, orders and
  purchase order lines that point at product sizes are untouched); variants of a merged
  chart move to the target chart (the one way a variant's chart changes);
* the merged charts and their sizes are deleted with everything stored about them by type
  and id: every integration's ID-conversion entries (the generated ``"<chart>|<size>"`` ones
  and those an integration set), translations, attribute assignments and localized names;
* an empty list, an unknown chart, a chart given twice or the target itself among the
  merged charts are userErrors, and nothing changes.

Everything runs in one transaction with a fixed number of statements per merged chart,
whatever the number of variants and product sizes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, case, delete, select, update

from mercato.classification import conversions
from mercato.clock import utc_now
from mercato.db import catalog_tables as catalog
from mercato.db.unit_of_work import UnitOfWork, Writer
from mercato.errors import PathElement, UserError, UserInputError
from mercato.idconversion.references import Reference, resolve


@dataclass(frozen=True)
class SizeChartMerge:
    #: The charts merged away (at least one).
    size_charts: Sequence[Reference]
    #: The chart they merge into.
    into: Reference


@dataclass(frozen=True)
class _Size:
    id: int
    chart_id: int
    name: str


def merge_size_charts(writer: Writer, command: SizeChartMerge) -> int:
    """Merge the charts into the target; the target chart's id."""
    if not command.size_charts:
        raise UserInputError.single("Give at least one size chart to merge.", "input", "sizeCharts")
    with writer.begin("SizeChart") as work:
        connection = work.connection
        target_id, merged_ids = _resolve(work, command)
        names = _chart_names(connection, [target_id, *merged_ids])
        sizes = _sizes(connection, [target_id, *merged_ids])
        mapping = _namesakes(names, sizes, target_id, merged_ids)
        _require_no_variant_with_both(connection, mapping)
        now = utc_now()
        product_sizes = catalog.product_sizes
        if mapping:
            connection.execute(
                update(product_sizes)
                .where(product_sizes.c.size_id.in_(list(mapping)))
                .values(size_id=case(mapping, value=product_sizes.c.size_id), updated_at=now)
            )
        variants = catalog.product_variants
        connection.execute(
            update(variants)
            .where(variants.c.size_chart_id.in_(merged_ids))
            .values(size_chart_id=target_id, updated_at=now)
        )
        merged_sizes = [s.id for s in sizes if s.chart_id != target_id]
        conversions.forget_deleted(connection, "Size", merged_sizes)
        conversions.forget_deleted(connection, "SizeChart", merged_ids)
        # Localized names of the merged sizes go with them (ON DELETE CASCADE).
        connection.execute(
            delete(catalog.sizes).where(catalog.sizes.c.size_chart_id.in_(merged_ids))
        )
        charts = catalog.size_charts
        connection.execute(delete(charts).where(charts.c.id.in_(merged_ids)))
        connection.execute(update(charts).where(charts.c.id == target_id).values(updated_at=now))
    return target_id


def _resolve(work: UnitOfWork, command: SizeChartMerge) -> tuple[int, list[int]]:
    """The target's id and the merged charts' ids, in the order given; every unknown, repeated
    or self-merged chart is a userError (all of them reported at once)."""
    problems: list[UserError] = []
    target_id: int | None = None
    try:
        target_id = resolve(work, "SizeChart", command.into, _INTO)
    except UserInputError as failure:
        problems.extend(failure.errors)
    merged: list[int] = []
    for index, reference in enumerate(command.size_charts):
        path: tuple[PathElement, ...] = ("input", "sizeCharts", index)
        try:
            chart_id = resolve(work, "SizeChart", reference, path)
        except UserInputError as failure:
            problems.extend(failure.errors)
            continue
        if chart_id == target_id:
            problems.append(
                UserError(
                    f"Size chart {reference.describe()} is the chart merged into: "
                    "a size chart cannot be merged into itself.",
                    path,
                )
            )
        elif chart_id in merged:
            problems.append(UserError(f"Size chart {reference.describe()} is given twice.", path))
        else:
            merged.append(chart_id)
    if problems:
        raise UserInputError(problems)
    assert target_id is not None
    return target_id, merged


_INTO: tuple[PathElement, ...] = ("input", "into")


def _chart_names(connection: Connection, chart_ids: Sequence[int]) -> dict[int, str]:
    charts = catalog.size_charts
    return {
        int(row.id): str(row.name)
        for row in connection.execute(
            select(charts.c.id, charts.c.name).where(charts.c.id.in_(list(chart_ids)))
        )
    }


def _sizes(connection: Connection, chart_ids: Sequence[int]) -> list[_Size]:
    sizes = catalog.sizes
    return [
        _Size(int(row.id), int(row.size_chart_id), str(row.name))
        for row in connection.execute(
            select(sizes.c.id, sizes.c.size_chart_id, sizes.c.name)
            .where(sizes.c.size_chart_id.in_(list(chart_ids)))
            .order_by(sizes.c.size_chart_id, sizes.c.position, sizes.c.id)
        )
    ]


def _namesakes(
    names: Mapping[int, str], sizes: Sequence[_Size], target_id: int, merged_ids: Sequence[int]
) -> dict[int, int]:
    """Merged size id -> the target's size of the same name; a userError per size without
    one."""
    in_target = {s.name: s.id for s in sizes if s.chart_id == target_id}
    mapping: dict[int, int] = {}
    problems: list[UserError] = []
    for index, chart_id in enumerate(merged_ids):
        for size in (s for s in sizes if s.chart_id == chart_id):
            found = in_target.get(size.name)
            if found is None:
                problems.append(
                    UserError(
                        f'Size "{size.name}" of size chart "{names[chart_id]}" has no size of '
                        f'that name in size chart "{names[target_id]}", so the charts cannot '
                        "be merged.",
                        ("input", "sizeCharts", index),
                    )
                )
            else:
                mapping[size.id] = found
    if problems:
        raise UserInputError(problems)
    return mapping


def _require_no_variant_with_both(connection: Connection, mapping: Mapping[int, int]) -> None:
    """A variant with product sizes on a merged size and on its namesake (data from before
    the one-chart rule) would end with two product sizes of one size: refused."""
    if not mapping:
        return
    product_sizes = catalog.product_sizes
    rows = connection.execute(
        select(product_sizes.c.product_variant_id, product_sizes.c.size_id).where(
            product_sizes.c.size_id.in_([*mapping, *mapping.values()])
        )
    ).all()
    present = {(int(r.product_variant_id), int(r.size_id)) for r in rows}
    clashing = sorted(
        {
            variant
            for variant, size in present
            if size in mapping and (variant, mapping[size]) in present
        }
    )
    if clashing:
        raise UserInputError.single(
            f"Product variant(s) {', '.join(map(str, clashing))} have product sizes on a merged "
            "size and on its namesake in the target chart, so the charts cannot be merged.",
            "input",
            "sizeCharts",
        )
