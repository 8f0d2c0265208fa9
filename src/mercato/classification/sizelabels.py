"""Size-chart labels: validated before any statement, and the sizes they generate.

One size per horizontal label, or ``<h><divider><v>`` for every pair, horizontal-major, when
there are vertical labels (reference 3.4). Labels are printable, distinct, at most
``MAX_LABEL_LENGTH`` characters; the sizes they generate must be distinct and their external
ids (``"<chart>|<size>"``) must fit the conversion table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from mercato.classification.names import valid_name
from mercato.errors import PathElement, UserError, UserInputError
from mercato.idconversion.new_objects import MAX_EXTERNAL_ID_LENGTH

DEFAULT_DIVIDER = "x"
MAX_LABEL_LENGTH = 255
MAX_DIVIDER_LENGTH = 8
MAX_DISPLAY_UNIT_LENGTH = 32
#: Separates chart and size names in the sizes' external ids.
EXTERNAL_ID_SEPARATOR = "|"


@dataclass(frozen=True)
class PlannedSize:
    horizontal_label: str
    vertical_label: str | None
    name: str

    @property
    def labels(self) -> tuple[str, str | None]:
        return (self.horizontal_label, self.vertical_label)


def size_names(
    horizontal_labels: Sequence[str], vertical_labels: Sequence[str], divider_symbol: str
) -> list[PlannedSize]:
    """The sizes the labels generate, in chart order."""
    if not vertical_labels:
        return [PlannedSize(h, None, h) for h in horizontal_labels]
    return [
        PlannedSize(h, v, f"{h}{divider_symbol}{v}")
        for h in horizontal_labels
        for v in vertical_labels
    ]


def size_external_id(chart_name: str, size_name: str) -> str:
    return f"{chart_name}{EXTERNAL_ID_SEPARATOR}{size_name}"


def valid_chart_name(name: str) -> str:
    cleaned = valid_name(name, "size chart", ("input", "name"))
    if EXTERNAL_ID_SEPARATOR in cleaned:
        raise UserInputError.single(
            f'A size chart name cannot contain "{EXTERNAL_ID_SEPARATOR}": it separates chart '
            'and size in the sizes\' external ids ("<chart>|<size>").',
            "input",
            "name",
        )
    return cleaned


def valid_divider(divider: str) -> str:
    if not divider or len(divider) > MAX_DIVIDER_LENGTH or not divider.isprintable():
        raise UserInputError.single(
            f"dividerSymbol must be 1 to {MAX_DIVIDER_LENGTH} printable characters.",
            "input",
            "dividerSymbol",
        )
    return divider


def valid_display(display_unit: str | None, display_divided_by: int | None) -> None:
    if display_unit is not None and len(display_unit) > MAX_DISPLAY_UNIT_LENGTH:
        raise UserInputError.single(
            f"displayUnit has at most {MAX_DISPLAY_UNIT_LENGTH} characters.",
            "input",
            "displayUnit",
        )
    if display_divided_by is not None and display_divided_by < 1:
        raise UserInputError.single(
            f"displayDividedBy must be at least 1, got {display_divided_by}.",
            "input",
            "displayDividedBy",
        )


def _labels(values: Sequence[str], member: str, problems: list[UserError]) -> tuple[str, ...]:
    """Labels without surrounding blanks; each problem is collected with its index."""
    labels: list[str] = []
    for index, value in enumerate(values):
        label = value.strip()
        path: tuple[PathElement, ...] = ("input", member, index)
        if not label or not label.isprintable():
            problems.append(UserError("A label needs printable characters.", path))
        elif len(label) > MAX_LABEL_LENGTH:
            problems.append(UserError(f"A label has at most {MAX_LABEL_LENGTH} characters.", path))
        elif label in labels:
            problems.append(UserError(f'Label "{label}" is given twice.', path))
        labels.append(label)
    return tuple(labels)


def valid_label_lists(
    horizontal: Sequence[str], vertical: Sequence[str]
) -> tuple[list[str], list[str]]:
    problems: list[UserError] = []
    if not horizontal:
        problems.append(
            UserError(
                "A size chart needs at least one horizontal label.", ("input", "horizontalLabels")
            )
        )
    h = _labels(horizontal, "horizontalLabels", problems)
    v = _labels(vertical, "verticalLabels", problems)
    if problems:
        raise UserInputError(problems)
    return list(h), list(v)


def valid_optional_label_lists(
    horizontal: Sequence[str] | None, vertical: Sequence[str] | None
) -> tuple[tuple[str, ...] | None, tuple[str, ...] | None]:
    problems: list[UserError] = []
    if horizontal is not None and not horizontal:
        problems.append(
            UserError(
                "A size chart needs at least one horizontal label.", ("input", "horizontalLabels")
            )
        )
    h = None if horizontal is None else _labels(horizontal, "horizontalLabels", problems)
    v = None if vertical is None else _labels(vertical, "verticalLabels", problems)
    if problems:
        raise UserInputError(problems)
    return h, v


def plan(
    chart_name: str,
    horizontal: Sequence[str],
    vertical: Sequence[str],
    divider: str,
) -> list[PlannedSize]:
    """The sizes to have, after checking their names are distinct and fit the tables."""
    planned = size_names(horizontal, vertical, divider)
    seen: set[str] = set()
    for size in planned:
        if size.name in seen:
            raise UserInputError.single(
                f'The labels generate size "{size.name}" twice: choose labels or a divider '
                "that keep the sizes apart.",
                "input",
            )
        seen.add(size.name)
        if len(size.name) > MAX_LABEL_LENGTH:
            raise UserInputError.single(
                f'Size "{size.name[:40]}…" would be longer than {MAX_LABEL_LENGTH} characters.',
                "input",
            )
        if len(size_external_id(chart_name, size.name)) > MAX_EXTERNAL_ID_LENGTH:
            raise UserInputError.single(
                f'The external id "{chart_name}|{size.name}" of a size would be longer than '
                f"{MAX_EXTERNAL_ID_LENGTH} characters: shorten the chart name or "
                "the labels.",
                "input",
            )
    return planned


def renamed(current: Sequence[str], given: Sequence[str] | None, member: str) -> tuple[str, ...]:
    if given is None:
        return tuple(current)
    if len(given) != len(current):
        raise UserInputError.single(
            f"{member} renames the chart's labels position by position: give "
            f"{len(current)} label(s), got {len(given)}. To add or remove labels, use "
            "updateSizeChart.",
            "input",
            member,
        )
    return tuple(given)
