"""Supplier use case: ``create_supplier``.

A supplier has a unique name, optionally a postal address and a comment (both read under
nested permissions), and optionally the warehouse its goods usually go to (the default
warehouse of its purchase orders)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import insert, select

from mercato.clock import utc_now
from mercato.db import stock_tables as supply_tables
from mercato.db.unit_of_work import Writer
from mercato.errors import UserInputError
from mercato.idconversion.references import Reference, resolve
from mercato.supply.common import valid_text


@dataclass(frozen=True)
class SupplierCreate:
    name: str
    address: str | None = None
    comment: str | None = None
    warehouse: Reference | None = None


def create_supplier(writer: Writer, command: SupplierCreate) -> int:
    name = valid_text(command.name, "A supplier's name", ("input", "name"))
    suppliers = supply_tables.suppliers
    with writer.begin("Supplier") as work:
        connection = work.connection
        taken = connection.execute(select(suppliers.c.id).where(suppliers.c.name == name)).first()
        if taken is not None:
            raise UserInputError.single(
                f'A supplier named "{name}" exists already.', "input", "name"
            )
        warehouse_id = None
        if command.warehouse is not None:
            warehouse_id = resolve(work, "Warehouse", command.warehouse, ("input", "warehouse"))
        now = utc_now()
        supplier_id: int = connection.execute(
            insert(suppliers)
            .values(
                name=name,
                address=command.address,
                comment=command.comment,
                warehouse_id=warehouse_id,
                created_at=now,
                updated_at=now,
            )
            .returning(suppliers.c.id)
        ).scalar_one()
    return supplier_id
