"""Warehouse use cases: ``create_warehouse`` and ``update_warehouse`` (no delete, as in the
reference). Warehouses keep a priority order (``custom_sort``); ``beforeWarehouse`` places a
warehouse just before another, shifting the rest with one set-based UPDATE."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, func, insert, or_, select, update

from mercato.clock import utc_now
from mercato.db import tables
from mercato.db.unit_of_work import Change, UnitOfWork, Writer
from mercato.errors import UserInputError
from mercato.idconversion.references import Reference, resolve

MAX_NAME_LENGTH = 255


@dataclass(frozen=True)
class WarehouseLocation:
    address: str | None = None
    city: str | None = None
    zip_code: str | None = None
    country: Reference | None = None
    state_or_province: str | None = None


@dataclass(frozen=True)
class WarehouseCreate:
    name: str
    status: str = "ACTIVE"
    before_warehouse: Reference | None = None
    hide_from_stock_view: bool = False
    is_consignation: bool = False
    threshold: int | None = None
    stock_master: str = "INTERNAL"
    stock_ownership: str = "OWN"
    allocation_policy: str = "DIRECT"
    location: WarehouseLocation | None = None


@dataclass(frozen=True)
class WarehouseUpdate:
    name: str | None = None
    status: str | None = None
    before_warehouse: Reference | None = None
    hide_from_stock_view: bool | None = None
    is_consignation: bool | None = None
    threshold: int | None = None
    stock_master: str | None = None
    stock_ownership: str | None = None
    allocation_policy: str | None = None
    location: WarehouseLocation | None = None


def create_warehouse(writer: Writer, command: WarehouseCreate) -> int:
    name = _valid_name(command.name)
    _valid_threshold(command.threshold)
    with writer.begin("Warehouse") as work:
        connection = work.connection
        _require_unique_name(connection, name, exclude=None)
        location = _location_values(work, command.location)
        position = _position(work, command.before_warehouse)
        now = utc_now()
        warehouse_id: int = connection.execute(
            insert(tables.warehouses)
            .values(
                name=name,
                status=command.status,
                stock_ownership=command.stock_ownership,
                allocation_policy=command.allocation_policy,
                stock_master=command.stock_master,
                is_hidden_from_stock_view=command.hide_from_stock_view,
                is_consignation=command.is_consignation,
                threshold=command.threshold,
                custom_sort=position,
                created_at=now,
                updated_at=now,
                **location,
            )
            .returning(tables.warehouses.c.id)
        ).scalar_one()
        work.emit("Warehouse", warehouse_id, Change.CREATED)
    return warehouse_id


def update_warehouse(writer: Writer, warehouse: Reference, command: WarehouseUpdate) -> int:
    name = None if command.name is None else _valid_name(command.name)
    _valid_threshold(command.threshold)
    with writer.begin("Warehouse") as work:
        connection = work.connection
        warehouse_id = resolve(work, "Warehouse", warehouse, ())
        values: dict[str, object] = {"updated_at": utc_now()}
        if name is not None:
            _require_unique_name(connection, name, exclude=warehouse_id)
            values["name"] = name
        optional = {
            "status": command.status,
            "is_hidden_from_stock_view": command.hide_from_stock_view,
            "is_consignation": command.is_consignation,
            "threshold": command.threshold,
            "stock_master": command.stock_master,
            "stock_ownership": command.stock_ownership,
            "allocation_policy": command.allocation_policy,
        }
        values.update({k: v for k, v in optional.items() if v is not None})
        if command.location is not None:
            values.update(_location_values(work, command.location))
        if command.before_warehouse is not None:
            before_id = resolve(
                work,
                "Warehouse",
                command.before_warehouse,
                ("input", "beforeWarehouse"),
            )
            if before_id == warehouse_id:
                raise UserInputError.single(
                    "A warehouse cannot be placed before itself.", "input", "beforeWarehouse"
                )
            values["custom_sort"] = _position(work, command.before_warehouse)
        connection.execute(
            update(tables.warehouses).where(tables.warehouses.c.id == warehouse_id).values(**values)
        )
        work.emit("Warehouse", warehouse_id, Change.UPDATED)
    return warehouse_id


def _valid_name(name: str) -> str:
    cleaned = name.strip()
    if not cleaned:
        raise UserInputError.single("A warehouse needs a name.", "input", "name")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise UserInputError.single(
            f"A warehouse name has at most {MAX_NAME_LENGTH} characters.", "input", "name"
        )
    return cleaned


def _valid_threshold(threshold: int | None) -> None:
    if threshold is not None and threshold < 0:
        raise UserInputError.single(
            f"threshold cannot be negative, got {threshold}.", "input", "threshold"
        )


def _require_unique_name(connection: Connection, name: str, exclude: int | None) -> None:
    warehouses = tables.warehouses
    query = select(warehouses.c.id).where(warehouses.c.name == name)
    if exclude is not None:
        query = query.where(warehouses.c.id != exclude)
    if connection.execute(query).first() is not None:
        raise UserInputError.single(f'A warehouse named "{name}" already exists.', "input", "name")


def _position(work: UnitOfWork, before: Reference | None) -> int:
    connection = work.connection
    warehouses = tables.warehouses
    if before is None:
        last = connection.execute(select(func.max(warehouses.c.custom_sort))).scalar_one_or_none()
        return (last or 0) + 1
    before_id = resolve(work, "Warehouse", before, ("input", "beforeWarehouse"))
    position: int = connection.execute(
        select(warehouses.c.custom_sort).where(warehouses.c.id == before_id)
    ).scalar_one()
    connection.execute(
        update(warehouses)
        .where(warehouses.c.custom_sort >= position)
        .values(custom_sort=warehouses.c.custom_sort + 1)
    )
    return position


def _location_values(work: UnitOfWork, location: WarehouseLocation | None) -> dict[str, object]:
    connection = work.connection
    if location is None:
        return {}
    values: dict[str, object] = {}
    for column, value in (
        ("address", location.address),
        ("city", location.city),
        ("zip_code", location.zip_code),
    ):
        if value is not None:
            values[column] = value
    path = ("input", "warehouseLocation")
    country_id = None
    if location.country is not None:
        country_id = resolve(work, "Country", location.country, (*path, "country"))
        values["country_id"] = country_id
        values["state_id"] = None
    if location.state_or_province is not None:
        if country_id is None:
            raise UserInputError.single(
                "stateOrProvince needs country in the same warehouseLocation.",
                *path,
                "stateOrProvince",
            )
        states = tables.country_states
        wanted = location.state_or_province.strip().lower()
        state_id = connection.execute(
            select(states.c.id).where(
                states.c.country_id == country_id,
                or_(func.lower(states.c.name) == wanted, func.lower(states.c.code) == wanted),
            )
        ).scalar_one_or_none()
        if state_id is None:
            raise UserInputError.single(
                f'No state or province "{location.state_or_province}" in that country.',
                *path,
                "stateOrProvince",
            )
        values["state_id"] = state_id
    return values
