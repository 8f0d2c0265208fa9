"""Size-chart use cases: ``create_size_chart``, ``update_size_chart`` (labels added, removed
or reordered), ``update_size_chart_labels`` (labels renamed) and ``delete_size_chart``.

Rules (reference 3.4): a chart's sizes are generated from its labels (``sizelabels``).
Every integration Mercato knows gets an ID-conversion entry ``"<chart>|<size>"``
(object type ``Size``) for every size, kept in step when sizes are renamed, added, removed
or deleted. A size a product size uses cannot be removed; a chart a variant uses cannot be
deleted. Chart names are unique and hold no ``|`` (it separates chart and size in those
external ids, so they stay unambiguous).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import (
    Connection,
    String,
    and_,
    cast,
    delete,
    func,
    insert,
    literal,
    or_,
    select,
    update,
)

from mercato.classification import conversions
from mercato.classification.names import optional_text, require_unique_name
from mercato.classification.sizelabels import (
    DEFAULT_DIVIDER,
    PlannedSize,
    plan,
    renamed,
    size_external_id,
    valid_chart_name,
    valid_display,
    valid_divider,
    valid_label_lists,
    valid_optional_label_lists,
)
from mercato.clock import utc_now
from mercato.db import catalog_tables as catalog
from mercato.db import tables
from mercato.db.unit_of_work import UnitOfWork, Writer
from mercato.errors import PathElement, UserError, UserInputError
from mercato.idconversion.new_objects import claim_external_id
from mercato.idconversion.references import Reference, resolve

#: Prefix of the names sizes hold for a moment while a chart's names are rewritten; no label
#: can produce it (labels are printable).
PARKED = "\x01"


@dataclass(frozen=True)
class SizeChartCreate:
    name: str
    horizontal_labels: Sequence[str]
    vertical_labels: Sequence[str] = ()
    divider_symbol: str | None = None
    display_unit: str | None = None
    display_divided_by: int | None = None
    external_id: str | None = None


@dataclass(frozen=True)
class SizeChartUpdate:
    """``None`` leaves a member as it is; label lists replace the chart's labels (sizes whose
    label pair remains keep their id, the others are removed, new pairs become sizes);
    ``vertical_labels=()`` makes the chart one-dimensional; ``display_unit=""`` clears it."""

    name: str | None = None
    horizontal_labels: Sequence[str] | None = None
    vertical_labels: Sequence[str] | None = None
    divider_symbol: str | None = None
    display_unit: str | None = None
    display_divided_by: int | None = None


@dataclass(frozen=True)
class SizeChartLabelsUpdate:
    """New names for the labels, position by position (as many as the chart has): every
    size keeps its id and takes the name its renamed labels give."""

    horizontal_labels: Sequence[str] | None = None
    vertical_labels: Sequence[str] | None = None


@dataclass(frozen=True)
class _Size:
    id: int
    horizontal_label: str
    vertical_label: str | None
    name: str


@dataclass(frozen=True)
class _Chart:
    id: int
    name: str
    horizontal_labels: tuple[str, ...]
    vertical_labels: tuple[str, ...]
    divider_symbol: str
    sizes: tuple[_Size, ...]


# -- use cases -----------------------------------------------------------------------------


def create_size_chart(writer: Writer, command: SizeChartCreate) -> int:
    name = valid_chart_name(command.name)
    divider = valid_divider(
        DEFAULT_DIVIDER if command.divider_symbol is None else command.divider_symbol
    )
    horizontal, vertical = valid_label_lists(command.horizontal_labels, command.vertical_labels)
    valid_display(command.display_unit, command.display_divided_by)
    planned = plan(name, horizontal, vertical, divider)
    with writer.begin("SizeChart") as work:
        connection = work.connection
        _require_unique_name(connection, name, exclude=None)
        external_integration = None
        if command.external_id is not None:
            external_integration = claim_external_id(
                work,
                "SizeChart",
                command.external_id,
                ("input", "externalId"),
            )
        integrations = conversions.known_integrations(connection)
        now = utc_now()
        chart_id: int = connection.execute(
            insert(catalog.size_charts)
            .values(
                name=name,
                horizontal_labels=json.dumps(horizontal),
                vertical_labels=json.dumps(vertical),
                divider_symbol=divider,
                display_unit=optional_text(command.display_unit),
                display_divided_by=command.display_divided_by,
                created_at=now,
                updated_at=now,
            )
            .returning(catalog.size_charts.c.id)
        ).scalar_one()
        conversions.forget(connection, "SizeChart", [chart_id])
        if external_integration is not None and command.external_id is not None:
            conversions.add(
                connection, "SizeChart", [(external_integration, chart_id, command.external_id)]
            )
        sizes = _rewrite_sizes(connection, chart_id, [(None, p) for p in planned], removed=())
        _sync_size_entries(connection, integrations, name, sizes, previous={})
    return chart_id


def update_size_chart(writer: Writer, chart: Reference, command: SizeChartUpdate) -> int:
    new_name = None if command.name is None else valid_chart_name(command.name)
    new_divider = None if command.divider_symbol is None else valid_divider(command.divider_symbol)
    given_horizontal, given_vertical = valid_optional_label_lists(
        command.horizontal_labels, command.vertical_labels
    )
    valid_display(command.display_unit, command.display_divided_by)
    with writer.begin("SizeChart") as work:
        connection = work.connection
        chart_id = resolve(work, "SizeChart", chart, ())
        current = _load(connection, chart_id)
        name = new_name or current.name
        if name != current.name:
            _require_unique_name(connection, name, exclude=chart_id)
        horizontal = given_horizontal if given_horizontal is not None else current.horizontal_labels
        vertical = given_vertical if given_vertical is not None else current.vertical_labels
        divider = new_divider or current.divider_symbol
        planned = plan(name, horizontal, vertical, divider)
        by_labels = {(s.horizontal_label, s.vertical_label): s for s in current.sizes}
        wanted = {p.labels for p in planned}
        removed = [s for s in current.sizes if (s.horizontal_label, s.vertical_label) not in wanted]
        member = "horizontalLabels" if given_horizontal is not None else "verticalLabels"
        _require_unused(connection, removed, ("input", member))
        integrations = conversions.known_integrations(connection)
        values: dict[str, object] = {
            "name": name,
            "horizontal_labels": json.dumps(list(horizontal)),
            "vertical_labels": json.dumps(list(vertical)),
            "divider_symbol": divider,
            "updated_at": utc_now(),
        }
        if command.display_unit is not None:
            values["display_unit"] = optional_text(command.display_unit)
        if command.display_divided_by is not None:
            values["display_divided_by"] = command.display_divided_by
        connection.execute(
            update(catalog.size_charts).where(catalog.size_charts.c.id == chart_id).values(values)
        )
        sizes = _rewrite_sizes(
            connection,
            chart_id,
            [(_id_of(by_labels.get(p.labels)), p) for p in planned],
            removed=[s.id for s in removed],
        )
        _sync_size_entries(connection, integrations, name, sizes, previous=_previous(current))
    return chart_id


def update_size_chart_labels(
    writer: Writer,
    chart: Reference,
    command: SizeChartLabelsUpdate,
) -> int:
    given_horizontal, given_vertical = valid_optional_label_lists(
        command.horizontal_labels, command.vertical_labels
    )
    with writer.begin("SizeChart") as work:
        connection = work.connection
        chart_id = resolve(work, "SizeChart", chart, ())
        current = _load(connection, chart_id)
        horizontal = renamed(current.horizontal_labels, given_horizontal, "horizontalLabels")
        vertical = renamed(current.vertical_labels, given_vertical, "verticalLabels")
        planned = plan(current.name, horizontal, vertical, current.divider_symbol)
        rename_h = dict(zip(current.horizontal_labels, horizontal, strict=True))
        rename_v = dict(zip(current.vertical_labels, vertical, strict=True))
        by_labels = {
            (rename_h[s.horizontal_label], _rename(rename_v, s.vertical_label)): s.id
            for s in current.sizes
        }
        integrations = conversions.known_integrations(connection)
        connection.execute(
            update(catalog.size_charts)
            .where(catalog.size_charts.c.id == chart_id)
            .values(
                horizontal_labels=json.dumps(list(horizontal)),
                vertical_labels=json.dumps(list(vertical)),
                updated_at=utc_now(),
            )
        )
        sizes = _rewrite_sizes(
            connection, chart_id, [(by_labels.get(p.labels), p) for p in planned], removed=()
        )
        _sync_size_entries(
            connection, integrations, current.name, sizes, previous=_previous(current)
        )
    return chart_id


def sync_size_entries(writer: Writer) -> None:
    """Give every known integration the generated entries of every size it lacks one for
    (the command line and the demo loader, after loading charts)."""
    with writer.begin("SizeChart") as work:
        give_size_entries(work, conversions.known_integrations(work.connection))


def give_size_entries(work: UnitOfWork, integrations: Sequence[str]) -> None:
    """Give these integrations the generated entries of every size they lack one for, in
    ``work``. Charts get their entries when they are created or changed; an integration that
    appears later (a new token's integration name) gets them in the token's own unit of work
    (``mercato.auth.services.create_token``'s ``set_up_integration``): only the entries of
    its own conversion table are written, so a store-restricted token may make one."""
    connection = work.connection
    charts = catalog.size_charts
    sizes = catalog.sizes
    rows = connection.execute(
        select(charts.c.name, sizes.c.id, sizes.c.name.label("size_name"))
        .join(sizes, sizes.c.size_chart_id == charts.c.id)
        .order_by(charts.c.id, sizes.c.position)
    ).all()
    by_chart: dict[str, dict[int, str]] = {}
    for row in rows:
        by_chart.setdefault(row.name, {})[row.id] = row.size_name
    for chart_name, chart_sizes in by_chart.items():
        _sync_size_entries(connection, integrations, chart_name, chart_sizes, previous={})


def give_integration_size_entries(work: UnitOfWork, integration_name: str) -> None:
    """``give_size_entries`` for one integration (a token's ``set_up_integration``)."""
    give_size_entries(work, [integration_name])


def delete_size_chart(writer: Writer, chart: Reference) -> None:
    with writer.begin("SizeChart") as work:
        connection = work.connection
        chart_id = resolve(work, "SizeChart", chart, ())
        current = _load(connection, chart_id)
        variants = connection.execute(
            select(func.count())
            .select_from(catalog.product_variants)
            .where(catalog.product_variants.c.size_chart_id == chart_id)
        ).scalar_one()
        if variants:
            raise UserInputError.single(
                f'Size chart "{current.name}" is used by {variants} product variant(s), '
                "so it cannot be deleted."
            )
        _require_unused(connection, current.sizes, ())
        size_ids = [s.id for s in current.sizes]
        conversions.forget_deleted(connection, "Size", size_ids)
        conversions.forget_deleted(connection, "SizeChart", [chart_id])
        connection.execute(delete(catalog.sizes).where(catalog.sizes.c.size_chart_id == chart_id))
        connection.execute(delete(catalog.size_charts).where(catalog.size_charts.c.id == chart_id))


def _rename(renames: Mapping[str, str], label: str | None) -> str | None:
    return None if label is None else renames[label]


def _id_of(size: _Size | None) -> int | None:
    return None if size is None else size.id


# -- reads and writes inside the transaction ------------------------------------------------


def _load(connection: Connection, chart_id: int) -> _Chart:
    charts = catalog.size_charts
    row = connection.execute(
        select(
            charts.c.name,
            charts.c.horizontal_labels,
            charts.c.vertical_labels,
            charts.c.divider_symbol,
        ).where(charts.c.id == chart_id)
    ).one()
    sizes = catalog.sizes
    size_rows = connection.execute(
        select(sizes.c.id, sizes.c.horizontal_label, sizes.c.vertical_label, sizes.c.name)
        .where(sizes.c.size_chart_id == chart_id)
        .order_by(sizes.c.position, sizes.c.id)
    ).all()
    return _Chart(
        id=chart_id,
        name=row.name,
        horizontal_labels=tuple(json.loads(row.horizontal_labels)),
        vertical_labels=tuple(json.loads(row.vertical_labels)),
        divider_symbol=row.divider_symbol,
        sizes=tuple(_Size(r.id, r.horizontal_label, r.vertical_label, r.name) for r in size_rows),
    )


def _previous(chart: _Chart) -> dict[int, str]:
    return {s.id: size_external_id(chart.name, s.name) for s in chart.sizes}


def _require_unique_name(connection: Connection, name: str, exclude: int | None) -> None:
    require_unique_name(
        connection,
        catalog.size_charts,
        name,
        exclude=exclude,
        message=f'A size chart named "{name}" already exists: size chart names are unique.',
    )


def _require_unused(
    connection: Connection, sizes: Sequence[_Size], path: tuple[PathElement, ...]
) -> None:
    if not sizes:
        return
    product_sizes = catalog.product_sizes
    used = set(
        connection.execute(
            select(product_sizes.c.size_id)
            .where(product_sizes.c.size_id.in_([s.id for s in sizes]))
            .distinct()
        ).scalars()
    )
    problems = [
        UserError(f'Size "{s.name}" is used by product sizes, so it cannot be removed.', path)
        for s in sizes
        if s.id in used
    ]
    if problems:
        raise UserInputError(problems)


def _rewrite_sizes(
    connection: Connection,
    chart_id: int,
    planned: Sequence[tuple[int | None, PlannedSize]],
    removed: Sequence[int],
) -> dict[int, str]:
    """Make the chart's sizes the planned ones (an id keeps that size, ``None`` creates one);
    the chart's size ids and names, in order."""
    sizes = catalog.sizes
    if removed:
        conversions.forget_deleted(connection, "Size", removed)
        connection.execute(delete(sizes).where(sizes.c.id.in_(list(removed))))
    kept = [(size_id, size) for size_id, size in planned if size_id is not None]
    if kept:
        # Names are unique per chart: park the kept sizes on names no label can produce
        # (labels are printable) so that swapping two names never collides half-way.
        connection.execute(
            update(sizes)
            .where(sizes.c.id.in_([size_id for size_id, _ in kept]))
            .values(name=literal(PARKED, String) + cast(sizes.c.id, String))
        )
    result: dict[int, str] = {}
    fresh: list[int] = []
    for position, (size_id, size) in enumerate(planned):
        values = {
            "name": size.name,
            "horizontal_label": size.horizontal_label,
            "vertical_label": size.vertical_label,
            "position": position,
        }
        if size_id is None:
            size_id = connection.execute(
                insert(sizes).values(size_chart_id=chart_id, **values).returning(sizes.c.id)
            ).scalar_one()
            fresh.append(size_id)
        else:
            connection.execute(update(sizes).where(sizes.c.id == size_id).values(values))
        result[size_id] = size.name
    # A reused id (SQLite reuses the highest one) must not inherit a deleted size's entries.
    conversions.forget_deleted(connection, "Size", fresh)
    return result


def _sync_size_entries(
    connection: Connection,
    integrations: Sequence[str],
    chart_name: str,
    sizes: Mapping[int, str],
    previous: Mapping[int, str],
) -> None:
    """Every integration gets ``"<chart>|<size>"`` for every size of the chart. Entries that
    still carry a size's former generated id are moved along; entries an integration set
    itself are left alone; a colliding entry is overwritten, as ``setIdConversions`` does."""
    entries = tables.id_conversions
    wanted_ids = {size_id: size_external_id(chart_name, name) for size_id, name in sizes.items()}
    moved = [
        and_(entries.c.internal_id == size_id, entries.c.external_id == previous[size_id])
        for size_id, external_id in wanted_ids.items()
        if size_id in previous and previous[size_id] != external_id
    ]
    if moved:
        connection.execute(delete(entries).where(entries.c.object_type == "Size", or_(*moved)))
    present = {
        (str(row[0]), int(row[1]))
        for row in connection.execute(
            select(entries.c.integration_name, entries.c.internal_id).where(
                entries.c.object_type == "Size", entries.c.internal_id.in_(list(wanted_ids))
            )
        )
    }
    for integration in integrations:
        missing = [
            (integration, size_id, external_id)
            for size_id, external_id in wanted_ids.items()
            if (integration, size_id) not in present
        ]
        if not missing:
            continue
        connection.execute(
            delete(entries).where(
                entries.c.integration_name == integration,
                entries.c.object_type == "Size",
                entries.c.external_id.in_([external_id for _, _, external_id in missing]),
            )
        )
        conversions.add(connection, "Size", missing)
