"""Measurement-chart use cases: ``create_measurement_chart``, ``update_measurement_chart`` and
``delete_measurement_chart``, and the rules of a product's measurement table.

Rules (reference 3.5): a chart has a name, horizontal labels (e.g. sizes), vertical labels
(e.g. measuring points), a display unit and values, one per (horizontal, vertical) pair at
most; ``contentJSON`` is ``{vertical: {horizontal: value}}``. A chart in use by a product
cannot be deleted.

By analogy (not in the reference): names are unique; both label lists need at least one
label (printable, distinct); a value names existing labels and is 1 to 64 characters.
On update, new label lists replace the old ones (values of labels that remain are kept),
and ``values``, when given, replace all values. A label cannot be removed while a product's
own (not inherited) values use it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, delete, func, insert, select, update

from mercato.catalog.rules import Path, optional_text, valid_name
from mercato.clock import utc_now
from mercato.db import catalog_tables as catalog
from mercato.db.unit_of_work import Writer
from mercato.errors import UserError, UserInputError

MAX_LABEL_LENGTH = 255
MAX_VALUE_LENGTH = 64
MAX_DISPLAY_UNIT_LENGTH = 32

#: ``{vertical: {horizontal: value}}``
Content = dict[str, dict[str, str]]


@dataclass(frozen=True)
class MeasurementValue:
    horizontal_label: str
    vertical_label: str
    value: str


@dataclass(frozen=True)
class MeasurementChartCreate:
    name: str
    horizontal_labels: Sequence[str]
    vertical_labels: Sequence[str]
    display_unit: str | None = None
    values: Sequence[MeasurementValue] = ()


@dataclass(frozen=True)
class MeasurementChartUpdate:
    """``None`` leaves a member as it is; ``display_unit=""`` clears it; ``values`` replace
    every value of the chart."""

    name: str | None = None
    horizontal_labels: Sequence[str] | None = None
    vertical_labels: Sequence[str] | None = None
    display_unit: str | None = None
    values: Sequence[MeasurementValue] | None = None


@dataclass(frozen=True)
class ChartLabels:
    id: int
    name: str
    horizontal_labels: tuple[str, ...]
    vertical_labels: tuple[str, ...]
    content: Content


# -- use cases -----------------------------------------------------------------------------


def create_measurement_chart(writer: Writer, command: MeasurementChartCreate) -> int:
    name = valid_name(command.name, "measurement chart", ("input", "name"))
    horizontal, vertical = _valid_labels(command.horizontal_labels, command.vertical_labels)
    display_unit = _display_unit(command.display_unit)
    content = content_of(command.values, horizontal, vertical, ("input", "values"))
    with writer.begin("MeasurementChart") as work:
        connection = work.connection
        _require_unique_name(connection, name, exclude=None)
        now = utc_now()
        chart_id: int = connection.execute(
            insert(catalog.measurement_charts)
            .values(
                name=name,
                horizontal_labels=json.dumps(horizontal),
                vertical_labels=json.dumps(vertical),
                display_unit=display_unit,
                content_json=content_text(content),
                created_at=now,
                updated_at=now,
            )
            .returning(catalog.measurement_charts.c.id)
        ).scalar_one()
    return chart_id


def update_measurement_chart(writer: Writer, chart_id: int, command: MeasurementChartUpdate) -> int:
    name = (
        None
        if command.name is None
        else valid_name(command.name, "measurement chart", ("input", "name"))
    )
    given_horizontal = _optional_labels(command.horizontal_labels, "horizontalLabels")
    given_vertical = _optional_labels(command.vertical_labels, "verticalLabels")
    display_unit = None if command.display_unit is None else _display_unit(command.display_unit)
    with writer.begin("MeasurementChart") as work:
        connection = work.connection
        current = load_chart(connection, chart_id, ("id",))
        if name is not None and name != current.name:
            _require_unique_name(connection, name, exclude=chart_id)
        horizontal = list(given_horizontal or current.horizontal_labels)
        vertical = list(given_vertical or current.vertical_labels)
        _require_labels_unused(connection, current, horizontal, vertical)
        if command.values is not None:
            content = content_of(command.values, horizontal, vertical, ("input", "values"))
        else:
            content = _kept(current.content, horizontal, vertical)
        values: dict[str, object] = {
            "horizontal_labels": json.dumps(horizontal),
            "vertical_labels": json.dumps(vertical),
            "content_json": content_text(content),
            "updated_at": utc_now(),
        }
        if name is not None:
            values["name"] = name
        if command.display_unit is not None:
            values["display_unit"] = display_unit
        connection.execute(
            update(catalog.measurement_charts)
            .where(catalog.measurement_charts.c.id == chart_id)
            .values(values)
        )
    return chart_id


def delete_measurement_chart(writer: Writer, chart_id: int) -> None:
    with writer.begin("MeasurementChart") as work:
        connection = work.connection
        current = load_chart(connection, chart_id, ("id",))
        products = catalog.products
        users = connection.execute(
            select(func.count())
            .select_from(products)
            .where(products.c.measurement_chart_id == chart_id)
        ).scalar_one()
        if users:
            raise UserInputError.single(
                f'Measurement chart "{current.name}" is used by {users} product(s), so it cannot '
                "be deleted: unassign it from them first (measurementTable: null)."
            )
        connection.execute(
            delete(catalog.measurement_charts).where(catalog.measurement_charts.c.id == chart_id)
        )


# -- shared with the product's measurement table ---------------------------------------------


def load_chart(connection: Connection, chart_id: int | None, path: Path) -> ChartLabels:
    """The chart with this id; a userError when there is none."""
    charts = catalog.measurement_charts
    row = (
        None
        if chart_id is None
        else connection.execute(
            select(
                charts.c.name,
                charts.c.horizontal_labels,
                charts.c.vertical_labels,
                charts.c.content_json,
            ).where(charts.c.id == chart_id)
        ).first()
    )
    if row is None or chart_id is None:
        raise UserInputError.single(f"Could not find MeasurementChart with ID {chart_id}.", *path)
    return ChartLabels(
        id=chart_id,
        name=row.name,
        horizontal_labels=tuple(json.loads(row.horizontal_labels)),
        vertical_labels=tuple(json.loads(row.vertical_labels)),
        content=json.loads(row.content_json),
    )


def content_of(
    values: Sequence[MeasurementValue],
    horizontal: Sequence[str],
    vertical: Sequence[str],
    path: Path,
) -> Content:
    """The values as ``{vertical: {horizontal: value}}`` in label order; a userError for each
    value naming an unknown label, given twice, or blank."""
    problems: list[UserError] = []
    given: dict[tuple[str, str], str] = {}
    for index, entry in enumerate(values):
        here: Path = (*path, index)
        h = entry.horizontal_label.strip()
        v = entry.vertical_label.strip()
        value = entry.value.strip()
        if h not in horizontal:
            problems.append(
                UserError(
                    f'"{h}" is not a horizontal label of the chart.', (*here, "horizontalLabel")
                )
            )
        elif v not in vertical:
            problems.append(
                UserError(f'"{v}" is not a vertical label of the chart.', (*here, "verticalLabel"))
            )
        elif (h, v) in given:
            problems.append(UserError(f'The value of "{v}" at "{h}" is given twice.', here))
        elif not value or len(value) > MAX_VALUE_LENGTH:
            problems.append(
                UserError(f"A value has 1 to {MAX_VALUE_LENGTH} characters.", (*here, "value"))
            )
        else:
            given[(h, v)] = value
    if problems:
        raise UserInputError(problems)
    content: Content = {}
    for v in vertical:
        row = {h: given[(h, v)] for h in horizontal if (h, v) in given}
        if row:
            content[v] = row
    return content


def content_text(content: Mapping[str, Mapping[str, str]]) -> str:
    return json.dumps(content, ensure_ascii=False, separators=(",", ":"))


# -- rules -----------------------------------------------------------------------------------


def _labels(values: Sequence[str], member: str, problems: list[UserError]) -> list[str]:
    labels: list[str] = []
    if not values:
        problems.append(
            UserError(
                f"A measurement chart needs at least one label in {member}.", ("input", member)
            )
        )
    for index, value in enumerate(values):
        label = value.strip()
        path: Path = ("input", member, index)
        if not label or not label.isprintable():
            problems.append(UserError("A label needs printable characters.", path))
        elif len(label) > MAX_LABEL_LENGTH:
            problems.append(UserError(f"A label has at most {MAX_LABEL_LENGTH} characters.", path))
        elif label in labels:
            problems.append(UserError(f'Label "{label}" is given twice.', path))
        labels.append(label)
    return labels


def _valid_labels(
    horizontal: Sequence[str], vertical: Sequence[str]
) -> tuple[list[str], list[str]]:
    problems: list[UserError] = []
    h = _labels(horizontal, "horizontalLabels", problems)
    v = _labels(vertical, "verticalLabels", problems)
    if problems:
        raise UserInputError(problems)
    return h, v


def _optional_labels(values: Sequence[str] | None, member: str) -> list[str] | None:
    if values is None:
        return None
    problems: list[UserError] = []
    labels = _labels(values, member, problems)
    if problems:
        raise UserInputError(problems)
    return labels


def _display_unit(value: str | None) -> str | None:
    return optional_text(value, MAX_DISPLAY_UNIT_LENGTH, "displayUnit", ("input", "displayUnit"))


def _kept(content: Content, horizontal: Sequence[str], vertical: Sequence[str]) -> Content:
    """The values whose labels remain, in the new label order."""
    kept: Content = {}
    for v in vertical:
        row = {h: content[v][h] for h in horizontal if h in content.get(v, {})}
        if row:
            kept[v] = row
    return kept


def _require_unique_name(connection: Connection, name: str, exclude: int | None) -> None:
    charts = catalog.measurement_charts
    query = select(charts.c.id).where(charts.c.name == name)
    if exclude is not None:
        query = query.where(charts.c.id != exclude)
    if connection.execute(query).first() is not None:
        raise UserInputError.single(
            f'A measurement chart named "{name}" already exists: measurement chart names are '
            "unique.",
            "input",
            "name",
        )


def _require_labels_unused(
    connection: Connection, chart: ChartLabels, horizontal: Sequence[str], vertical: Sequence[str]
) -> None:
    """A label may go only when no product's own values use it."""
    removed_h = set(chart.horizontal_labels) - set(horizontal)
    removed_v = set(chart.vertical_labels) - set(vertical)
    if not removed_h and not removed_v:
        return
    products = catalog.products
    rows = connection.execute(
        select(products.c.id, products.c.measurement_content_json)
        .where(
            products.c.measurement_chart_id == chart.id,
            products.c.measurement_content_json.is_not(None),
        )
        .order_by(products.c.id)
    ).all()
    problems: list[UserError] = []
    for row in rows:
        own: Content = json.loads(row.measurement_content_json)
        used_v = removed_v & set(own)
        used_h = removed_h & {h for values in own.values() for h in values}
        for label in sorted(used_h):
            problems.append(
                UserError(
                    f'Horizontal label "{label}" is used by the own values of product '
                    f"{row.id}, so it cannot be removed.",
                    ("input", "horizontalLabels"),
                )
            )
        for label in sorted(used_v):
            problems.append(
                UserError(
                    f'Vertical label "{label}" is used by the own values of product '
                    f"{row.id}, so it cannot be removed.",
                    ("input", "verticalLabels"),
                )
            )
    if problems:
        raise UserInputError(problems)
