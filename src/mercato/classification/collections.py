"""Collection use cases: ``create_collection`` and ``update_collection`` (no delete, as in
the reference). Collections are season-like groupings (SS27, AW27): names and uris are
unique; a uri is generated from the name when omitted (or given empty on update)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, insert, select, update

from mercato.classification.names import require_unique_name, valid_name, valid_status
from mercato.classification.uris import unique_uri, valid_uri
from mercato.clock import utc_now
from mercato.db import catalog_tables as catalog
from mercato.db.unit_of_work import Writer
from mercato.idconversion.references import Reference, resolve


@dataclass(frozen=True)
class CollectionCreate:
    name: str
    status: str = "ACTIVE"
    uri: str | None = None


@dataclass(frozen=True)
class CollectionUpdate:
    """``None`` leaves a member as it is; ``uri=""`` regenerates the uri from the name."""

    name: str | None = None
    status: str | None = None
    uri: str | None = None


def create_collection(writer: Writer, command: CollectionCreate) -> int:

    name = valid_name(command.name, "collection", ("input", "name"))
    given_uri = None if not command.uri else valid_uri(command.uri, ("input", "uri"))
    status = valid_status(command.status)
    with writer.begin("Collection") as work:
        connection = work.connection
        _require_unique_name(connection, name, exclude=None)
        uri = _uri(connection, name, given_uri, exclude=None)
        now = utc_now()
        collection_id: int = connection.execute(
            insert(catalog.collections)
            .values(name=name, status=status, uri=uri, created_at=now, updated_at=now)
            .returning(catalog.collections.c.id)
        ).scalar_one()
    return collection_id


def update_collection(
    writer: Writer,
    collection: Reference,
    command: CollectionUpdate,
) -> int:
    new_name = (
        None if command.name is None else valid_name(command.name, "collection", ("input", "name"))
    )
    given_uri = None if not command.uri else valid_uri(command.uri, ("input", "uri"))
    status = None if command.status is None else valid_status(command.status)
    with writer.begin("Collection") as work:
        connection = work.connection
        collection_id = resolve(work, "Collection", collection, ())
        collections = catalog.collections
        name = (
            new_name
            or connection.execute(
                select(collections.c.name).where(collections.c.id == collection_id)
            ).scalar_one()
        )
        values: dict[str, object] = {"updated_at": utc_now()}
        if new_name is not None:
            _require_unique_name(connection, new_name, exclude=collection_id)
            values["name"] = new_name
        if status is not None:
            values["status"] = status
        if command.uri is not None:
            values["uri"] = _uri(connection, name, given_uri, exclude=collection_id)
        connection.execute(
            update(collections).where(collections.c.id == collection_id).values(values)
        )
    return collection_id


def _require_unique_name(connection: Connection, name: str, exclude: int | None) -> None:
    require_unique_name(
        connection,
        catalog.collections,
        name,
        exclude=exclude,
        message=f'A collection named "{name}" already exists: collection names are unique.',
    )


def _uri(connection: Connection, name: str, given: str | None, exclude: int | None) -> str:
    return unique_uri(
        connection,
        catalog.collections,
        name,
        given,
        exclude=exclude,
        clash=f'Another collection has the uri "{given}": collection uris are unique.',
    )
