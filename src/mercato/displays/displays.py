"""Display use cases: ``create_display`` and ``update_display`` (no delete, as in the
reference).

Rules (reference 3.12, 2.7): a product has at most one display per store; the uri is unique
in the store, generated from the name when omitted (or given empty on update: ``-2``, ``-3``...
are appended while the generated one is taken), validated and never sanitized when given (a
taken uri is a userError); minimum order quantity and order quantity denominator are at least
1; tags are strings (blank ones refused, repeats skipped). Links are planned and checked in
``links``. A store-restricted token creates and changes displays of its own store only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import orjson
from sqlalchemy import Connection, insert, select, update

from mercato.clock import utc_now
from mercato.db import catalog_tables as catalog
from mercato.db.unit_of_work import Writer
from mercato.displays import access
from mercato.displays.links import (
    LinkChanges,
    LinkState,
    Owner,
    current_links,
    plan_links,
    write_links,
)
from mercato.displays.texts import (
    MAX_META_TITLE_LENGTH,
    optional_text,
    positive,
    valid_name,
    valid_tags,
)
from mercato.errors import MutationWarning, PathElement, UserInputError
from mercato.idconversion.references import Reference, resolve
from mercato.uris import first_free, uri_from_name, valid_uri

STATUSES = ("ACTIVE", "INACTIVE")


@dataclass(frozen=True)
class DisplayDetails:
    """The display's own optional members. ``None`` leaves a member as it is (on create: its
    default); an empty text clears it; ``uri=""`` generates it from the name; ``tags``
    replaces the tags."""

    uri: str | None = None
    minimum_order_quantity: int | None = None
    order_quantity_denominator: int | None = None
    description: str | None = None
    short_description: str | None = None
    meta_title: str | None = None
    meta_description: str | None = None
    meta_keywords: str | None = None
    comment: str | None = None
    tags: Sequence[str] | None = None


class DisplayExtras(Protocol):
    """What another area writes about the display in the display's own transaction (its
    attributes, which the catalog area owns): ``check`` runs every rule before the first
    write (``display_id`` is None for a display being created) and returns what writes it,
    given the display's id, returning its warnings."""

    def check(
        self, connection: Connection, display_id: int | None
    ) -> Callable[[int], list[MutationWarning]]: ...


@dataclass(frozen=True)
class DisplayCreate:
    store: Reference
    product: Reference
    name: str
    status: str
    details: DisplayDetails = field(default_factory=DisplayDetails)
    links: LinkChanges = field(default_factory=LinkChanges)
    extras: DisplayExtras | None = None


@dataclass(frozen=True)
class DisplayUpdate:
    name: str | None = None
    status: str | None = None
    details: DisplayDetails = field(default_factory=DisplayDetails)
    links: LinkChanges = field(default_factory=LinkChanges)
    extras: DisplayExtras | None = None


@dataclass
class DisplayResult:
    display_id: int
    warnings: list[MutationWarning] = field(default_factory=list)


def create_display(
    writer: Writer,
    command: DisplayCreate,
) -> DisplayResult:
    result = DisplayResult(display_id=0)
    name = valid_name(command.name, "display", ("input", "name"))
    status = _valid_status(command.status)
    values = _detail_values(command.details, result.warnings)
    with writer.begin("Display") as work:
        connection = work.connection
        store_id = access.store(work, command.store, ("input", "store"))
        product_id = resolve(work, "Product", command.product, ("input", "product"))
        _require_no_display(connection, store_id, product_id)
        values["uri"] = _uri(connection, store_id, name, command.details.uri, exclude=None)
        plan = plan_links(
            work,
            Owner(store_id, product_id),
            LinkState(),
            command.links,
            result.warnings,
        )
        apply_extras = command.extras.check(connection, None) if command.extras else None
        now = utc_now()
        result.display_id = connection.execute(
            insert(catalog.displays)
            .values(
                store_id=store_id,
                product_id=product_id,
                name=name,
                status=status,
                canonical_category_id=plan.canonical_category,
                created_at=now,
                updated_at=now,
                **values,
            )
            .returning(catalog.displays.c.id)
        ).scalar_one()
        write_links(connection, result.display_id, plan)
        if apply_extras is not None:
            result.warnings.extend(apply_extras(result.display_id))
    return result


def update_display(
    writer: Writer,
    display: Reference,
    command: DisplayUpdate,
) -> DisplayResult:
    result = DisplayResult(display_id=0)
    name = None if command.name is None else valid_name(command.name, "display", ("input", "name"))
    status = None if command.status is None else _valid_status(command.status)
    values = _detail_values(command.details, result.warnings)
    with writer.begin("Display") as work:
        connection = work.connection
        current = access.display(work, display, ("id",))
        result.display_id = current.id
        if name is not None:
            values["name"] = name
        if status is not None:
            values["status"] = status
        if command.details.uri is not None:
            values["uri"] = _uri(
                connection, current.store_id, name or current.name, command.details.uri, current.id
            )
        state = current_links(connection, current.id, current.canonical_category_id)
        plan = plan_links(
            work,
            Owner(current.store_id, current.product_id),
            state,
            command.links,
            result.warnings,
        )
        apply_extras = command.extras.check(connection, current.id) if command.extras else None
        values["canonical_category_id"] = plan.canonical_category
        values["updated_at"] = utc_now()
        connection.execute(
            update(catalog.displays).where(catalog.displays.c.id == current.id).values(values)
        )
        write_links(connection, current.id, plan)
        if apply_extras is not None:
            result.warnings.extend(apply_extras(current.id))
    return result


# -- rules -------------------------------------------------------------------------------


def _valid_status(status: str) -> str:
    if status not in STATUSES:
        raise UserInputError.single(
            f"status must be one of {', '.join(STATUSES)}, got {status}.", "input", "status"
        )
    return status


def _detail_values(details: DisplayDetails, warnings: list[MutationWarning]) -> dict[str, object]:
    """Column values of the given members (checked; nothing read from the database)."""
    values: dict[str, object] = {}
    if details.uri:
        valid_uri(details.uri, ("input", "uri"))
    for column, value, member in (
        ("minimum_order_quantity", details.minimum_order_quantity, "minimumOrderQuantity"),
        (
            "order_quantity_denominator",
            details.order_quantity_denominator,
            "orderQuantityDenominator",
        ),
    ):
        if value is not None:
            values[column] = positive(value, member, ("input", member))
    for column, text, member, limit in (
        ("description", details.description, "description", None),
        ("short_description", details.short_description, "shortDescription", None),
        ("meta_title", details.meta_title, "metaTitle", MAX_META_TITLE_LENGTH),
        ("meta_description", details.meta_description, "metaDescription", None),
        ("meta_keywords", details.meta_keywords, "metaKeywords", None),
        ("comment", details.comment, "comment", None),
    ):
        if text is not None:
            values[column] = optional_text(text, ("input", member), limit)
    if details.tags is not None:
        tags = valid_tags(details.tags, ("input", "tags"), warnings)
        values["tags"] = orjson.dumps(tags).decode()
    return values


def _require_no_display(connection: Connection, store_id: int, product_id: int) -> None:
    displays = catalog.displays
    existing = connection.execute(
        select(displays.c.id).where(
            displays.c.store_id == store_id, displays.c.product_id == product_id
        )
    ).scalar_one_or_none()
    if existing is not None:
        raise UserInputError.single(
            f"Product {product_id} already has a display in store {store_id} (display "
            f"{existing}): a product has one display per store; update that one.",
            "input",
            "product",
        )


def _uri(
    connection: Connection, store_id: int, name: str, given: str | None, exclude: int | None
) -> str:
    """The given uri when it is free in the store; generated from the name when not given
    (or given empty)."""
    displays = catalog.displays

    def taken(uri: str) -> bool:
        query = select(displays.c.id).where(displays.c.store_id == store_id, displays.c.uri == uri)
        if exclude is not None:
            query = query.where(displays.c.id != exclude)
        return connection.execute(query).first() is not None

    path: tuple[PathElement, ...] = ("input", "uri")
    if not given:
        return first_free(uri_from_name(name, ("input", "name")), taken)
    if taken(given):
        raise UserInputError.single(
            f'Another display of store {store_id} has the uri "{given}": uris are unique per '
            "store (leave uri out to generate a free one).",
            *path,
        )
    return given
