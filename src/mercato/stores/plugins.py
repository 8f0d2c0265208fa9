"""Store plugins (reference 3.1): what a store has configured, payment providers, shipping
services, feeds, APIs. Centra configures them in its admin; Mercato records them through two
Mercato extensions, ``create_store_plugin`` and ``update_store_plugin``.

Rules: a plugin belongs to one store (a store-restricted token records its own store's only);
its name is 1 to 255 characters, unique within the store; type and status are one of
``PLUGIN_TYPES`` and ``STATUSES``.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, insert, select, update

from mercato.db.outlet_tables import store_plugins
from mercato.db.unit_of_work import Change, Writer
from mercato.errors import UserInputError
from mercato.idconversion.references import Reference, resolve

#: Mercato's kinds of plugins (the reference names the StorePluginType enum, not its values).
PLUGIN_TYPES = ("PAYMENT", "SHIPPING", "FEED", "API", "OTHER")
STATUSES = ("ACTIVE", "INACTIVE")
MAX_NAME_LENGTH = 255


@dataclass(frozen=True)
class StorePluginCreate:
    store: Reference
    name: str
    type: str
    status: str = "ACTIVE"


@dataclass(frozen=True)
class StorePluginUpdate:
    name: str | None = None
    type: str | None = None
    status: str | None = None


def create_store_plugin(writer: Writer, command: StorePluginCreate) -> int:
    name = _valid_name(command.name)
    _one_of(command.type, PLUGIN_TYPES, "type")
    _one_of(command.status, STATUSES, "status")
    with writer.begin("StorePlugin") as work:
        connection = work.connection
        store_id = resolve(work, "Store", command.store, ("input", "store"))
        _require_unique_name(connection, store_id, name, exclude=None)
        plugin_id: int = connection.execute(
            insert(store_plugins)
            .values(
                store_id=store_id,
                name=name,
                type=command.type,
                status=command.status,
                created_at=work.now,
                updated_at=work.now,
            )
            .returning(store_plugins.c.id)
        ).scalar_one()
        work.emit("StorePlugin", plugin_id, Change.CREATED, store_id=store_id)
    return plugin_id


def update_store_plugin(writer: Writer, plugin: Reference, command: StorePluginUpdate) -> int:
    values: dict[str, object] = {}
    if command.name is not None:
        values["name"] = _valid_name(command.name)
    if command.type is not None:
        values["type"] = _one_of(command.type, PLUGIN_TYPES, "type")
    if command.status is not None:
        values["status"] = _one_of(command.status, STATUSES, "status")
    with writer.begin("StorePlugin") as work:
        connection = work.connection
        plugin_id = resolve(work, "StorePlugin", plugin, ())
        store_id: int = connection.execute(
            select(store_plugins.c.store_id).where(store_plugins.c.id == plugin_id)
        ).scalar_one()
        if "name" in values:
            _require_unique_name(connection, store_id, str(values["name"]), exclude=plugin_id)
        connection.execute(
            update(store_plugins)
            .where(store_plugins.c.id == plugin_id)
            .values(**values, updated_at=work.now)
        )
        work.emit("StorePlugin", plugin_id, Change.UPDATED, store_id=store_id)
    return plugin_id


def _valid_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > MAX_NAME_LENGTH:
        raise UserInputError.single(
            f"A store plugin's name is 1 to {MAX_NAME_LENGTH} characters.", "input", "name"
        )
    return name


def _one_of(value: str, allowed: tuple[str, ...], member: str) -> str:
    if value not in allowed:
        raise UserInputError.single(
            f"{member} must be one of {', '.join(allowed)}, got {value}.", "input", member
        )
    return value


def _require_unique_name(
    connection: Connection, store_id: int, name: str, exclude: int | None
) -> None:
    query = select(store_plugins.c.id).where(
        store_plugins.c.store_id == store_id, store_plugins.c.name == name
    )
    if exclude is not None:
        query = query.where(store_plugins.c.id != exclude)
    if connection.execute(query).first() is not None:
        raise UserInputError.single(
            f'Store {store_id} already has a plugin named "{name}": names are unique per store.',
            "input",
            "name",
        )
