"""Brick-and-mortar shops (reference 3.6): a physical shop and the warehouses that hold its
stock (``Warehouse.brickAndMortar``). Centra keeps them in its admin; Mercato records them
through two Mercato extensions, ``create_brick_and_mortar`` and ``update_brick_and_mortar``.

Rules: names are 1 to 255 characters and unique; status is ACTIVE or INACTIVE; a warehouse
serves at most one shop (adding a warehouse another shop has is a userError; adding one the
shop has already is skipped with a warning); removals happen before additions. Shops, like
warehouses, are shared by every store, so a store-restricted token cannot write them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, insert, select, update

from mercato.db import tables
from mercato.db.outlet_tables import brick_and_mortars
from mercato.db.unit_of_work import Change, UnitOfWork, Writer
from mercato.errors import MutationWarning, UserError, UserInputError
from mercato.idconversion.references import Reference, resolve, resolve_many

STATUSES = ("ACTIVE", "INACTIVE")
MAX_NAME_LENGTH = 255


@dataclass(frozen=True)
class ShopAddress:
    address: str | None = None
    city: str | None = None
    zip_code: str | None = None
    country: Reference | None = None


@dataclass(frozen=True)
class BrickAndMortarCreate:
    name: str
    status: str = "ACTIVE"
    location: ShopAddress = ShopAddress()
    add_warehouses: Sequence[Reference] = ()


@dataclass(frozen=True)
class BrickAndMortarUpdate:
    name: str | None = None
    status: str | None = None
    location: ShopAddress = ShopAddress()
    add_warehouses: Sequence[Reference] = ()
    remove_warehouses: Sequence[Reference] = ()


@dataclass
class ShopResult:
    shop_id: int
    warnings: list[MutationWarning]


def create_brick_and_mortar(writer: Writer, command: BrickAndMortarCreate) -> ShopResult:
    name = _valid_name(command.name)
    _valid_status(command.status)
    with writer.begin("BrickAndMortar") as work:
        connection = work.connection
        _require_unique_name(connection, name, exclude=None)
        values = _address_values(work, command.location)
        shop_id: int = connection.execute(
            insert(brick_and_mortars)
            .values(
                name=name,
                status=command.status,
                created_at=work.now,
                updated_at=work.now,
                **values,
            )
            .returning(brick_and_mortars.c.id)
        ).scalar_one()
        result = ShopResult(shop_id, [])
        _link_warehouses(work, result, command.add_warehouses, ())
        work.emit("BrickAndMortar", shop_id, Change.CREATED)
    return result


def update_brick_and_mortar(
    writer: Writer, shop: Reference, command: BrickAndMortarUpdate
) -> ShopResult:
    values: dict[str, object] = {}
    if command.name is not None:
        values["name"] = _valid_name(command.name)
    if command.status is not None:
        values["status"] = _valid_status(command.status)
    with writer.begin("BrickAndMortar") as work:
        connection = work.connection
        shop_id = resolve(work, "BrickAndMortar", shop, ())
        if "name" in values:
            _require_unique_name(connection, str(values["name"]), exclude=shop_id)
        values.update(_address_values(work, command.location))
        result = ShopResult(shop_id, [])
        _link_warehouses(work, result, command.add_warehouses, command.remove_warehouses)
        connection.execute(
            update(brick_and_mortars)
            .where(brick_and_mortars.c.id == shop_id)
            .values(**values, updated_at=work.now)
        )
        work.emit("BrickAndMortar", shop_id, Change.UPDATED)
    return result


def _link_warehouses(
    work: UnitOfWork,
    result: ShopResult,
    add: Sequence[Reference],
    remove: Sequence[Reference],
) -> None:
    """Check every warehouse first (all problems at once), then write."""
    problems: list[UserError] = []
    removed = resolve_many(
        work,
        "Warehouse",
        [(r, ("input", "removeWarehouses", i)) for i, r in enumerate(remove)],
        problems,
    )
    added = resolve_many(
        work, "Warehouse", [(r, ("input", "addWarehouses", i)) for i, r in enumerate(add)], problems
    )
    warehouses = tables.warehouses
    wanted = sorted({i for i in (*removed, *added) if i is not None})
    shops = dict(
        work.connection.execute(
            select(warehouses.c.id, warehouses.c.brick_and_mortar_id).where(
                warehouses.c.id.in_(wanted)
            )
        ).all()
    )
    to_remove: set[int] = set()
    for index, warehouse_id in enumerate(removed):
        if warehouse_id is None:
            continue
        if shops.get(warehouse_id) != result.shop_id:
            problems.append(
                UserError(
                    f"Warehouse {warehouse_id} does not serve this shop.",
                    ("input", "removeWarehouses", index),
                )
            )
        to_remove.add(warehouse_id)
    to_add: set[int] = set()
    for index, warehouse_id in enumerate(added):
        path = ("input", "addWarehouses", index)
        if warehouse_id is None:
            continue
        owner = shops.get(warehouse_id)
        if owner is not None and owner != result.shop_id and warehouse_id not in to_remove:
            problems.append(
                UserError(
                    f"Warehouse {warehouse_id} serves brick-and-mortar {owner}: a warehouse "
                    "serves one shop (remove it there first).",
                    path,
                )
            )
        elif (owner == result.shop_id and warehouse_id not in to_remove) or warehouse_id in to_add:
            result.warnings.append(
                MutationWarning(
                    f"Warehouse {warehouse_id} serves this shop already; skipped.", path
                )
            )
        else:
            to_add.add(warehouse_id)
    if problems:
        raise UserInputError(problems)
    connection = work.connection
    if to_remove:
        connection.execute(
            update(warehouses)
            .where(warehouses.c.id.in_(sorted(to_remove)))
            .values(brick_and_mortar_id=None, updated_at=work.now)
        )
    if to_add:
        connection.execute(
            update(warehouses)
            .where(warehouses.c.id.in_(sorted(to_add)))
            .values(brick_and_mortar_id=result.shop_id, updated_at=work.now)
        )
    work.emit_many("Warehouse", sorted(to_remove | to_add), Change.UPDATED)


def _address_values(work: UnitOfWork, location: ShopAddress) -> dict[str, object]:
    values: dict[str, object] = {}
    for column, value in (
        ("address", location.address),
        ("city", location.city),
        ("zip_code", location.zip_code),
    ):
        if value is not None:
            values[column] = value.strip() or None
    if location.country is not None:
        values["country_id"] = resolve(work, "Country", location.country, ("input", "country"))
    return values


def _valid_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > MAX_NAME_LENGTH:
        raise UserInputError.single(
            f"A brick-and-mortar's name is 1 to {MAX_NAME_LENGTH} characters.", "input", "name"
        )
    return name


def _valid_status(status: str) -> str:
    if status not in STATUSES:
        raise UserInputError.single(
            f"status must be one of {', '.join(STATUSES)}, got {status}.", "input", "status"
        )
    return status


def _require_unique_name(connection: Connection, name: str, exclude: int | None) -> None:
    query = select(brick_and_mortars.c.id).where(brick_and_mortars.c.name == name)
    if exclude is not None:
        query = query.where(brick_and_mortars.c.id != exclude)
    if connection.execute(query).first() is not None:
        raise UserInputError.single(
            f'A brick-and-mortar named "{name}" exists already: names are unique.',
            "input",
            "name",
        )
