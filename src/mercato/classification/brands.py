"""Brand use cases: ``create_brand`` and ``update_brand`` (no delete, as in the reference).

Rules (reference 3.14, 2.7): brand names and uris are unique; a uri is generated from the
name when omitted (or given empty on update); a brand is activated per store (``addToStores``,
``removeFromStores``). A store-restricted token can only activate or deactivate brands in its
own store.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import Connection, delete, insert, select, update

from mercato.classification.names import require_unique_name, valid_name
from mercato.classification.uris import unique_uri, valid_uri
from mercato.clock import utc_now
from mercato.db import catalog_tables as catalog
from mercato.db.database import Database
from mercato.errors import MutationWarning, PathElement, UserInputError
from mercato.idconversion.references import Reference, resolve


@dataclass(frozen=True)
class BrandCreate:
    name: str
    uri: str | None = None
    add_to_stores: Sequence[Reference] = ()


@dataclass(frozen=True)
class BrandUpdate:
    """``None`` leaves a member as it is; ``uri=""`` regenerates the uri from the name."""

    name: str | None = None
    uri: str | None = None
    add_to_stores: Sequence[Reference] = ()
    remove_from_stores: Sequence[Reference] = ()


@dataclass
class BrandResult:
    brand_id: int
    warnings: list[MutationWarning] = field(default_factory=list)


def create_brand(
    database: Database,
    integration_name: str | None,
    command: BrandCreate,
    store_restriction: int | None = None,
) -> BrandResult:
    name = valid_name(command.name, "brand", ("input", "name"))
    given_uri = None if not command.uri else valid_uri(command.uri, ("input", "uri"))
    with database.write() as connection:
        _require_unique_name(connection, name, exclude=None)
        uri = _uri(connection, name, given_uri, exclude=None)
        result = BrandResult(brand_id=0)
        stores = _stores(
            connection,
            integration_name,
            command.add_to_stores,
            "addToStores",
            store_restriction,
            result,
        )
        now = utc_now()
        result.brand_id = connection.execute(
            insert(catalog.brands)
            .values(name=name, uri=uri, created_at=now, updated_at=now)
            .returning(catalog.brands.c.id)
        ).scalar_one()
        _activate(connection, result.brand_id, stores)
    return result


def update_brand(
    database: Database,
    integration_name: str | None,
    brand: Reference,
    command: BrandUpdate,
    store_restriction: int | None = None,
) -> BrandResult:
    new_name = (
        None if command.name is None else valid_name(command.name, "brand", ("input", "name"))
    )
    given_uri = None if not command.uri else valid_uri(command.uri, ("input", "uri"))
    with database.write() as connection:
        brand_id = resolve(connection, integration_name, "Brand", brand, ())
        result = BrandResult(brand_id)
        current_name = connection.execute(
            select(catalog.brands.c.name).where(catalog.brands.c.id == brand_id)
        ).scalar_one()
        name = new_name or current_name
        values: dict[str, object] = {"updated_at": utc_now()}
        if new_name is not None:
            _require_unique_name(connection, new_name, exclude=brand_id)
            values["name"] = new_name
        if command.uri is not None:
            values["uri"] = _uri(connection, name, given_uri, exclude=brand_id)
        to_remove = _stores(
            connection,
            integration_name,
            command.remove_from_stores,
            "removeFromStores",
            store_restriction,
            result,
        )
        to_add = _stores(
            connection,
            integration_name,
            command.add_to_stores,
            "addToStores",
            store_restriction,
            result,
        )
        active = _active_stores(connection, brand_id)
        for index, store_id in to_remove:
            if store_id not in active:
                result.warnings.append(
                    MutationWarning(
                        f"The brand is not active in store {store_id}.",
                        ("input", "removeFromStores", index),
                    )
                )
        remaining = active - {store_id for _, store_id in to_remove}
        adding: list[tuple[int, int]] = []
        for index, store_id in to_add:
            if store_id in remaining:
                result.warnings.append(
                    MutationWarning(
                        f"The brand is already active in store {store_id}.",
                        ("input", "addToStores", index),
                    )
                )
            else:
                adding.append((index, store_id))
        connection.execute(
            update(catalog.brands).where(catalog.brands.c.id == brand_id).values(values)
        )
        links = catalog.brand_stores
        removing = [store_id for _, store_id in to_remove if store_id in active]
        if removing:
            connection.execute(
                delete(links).where(links.c.brand_id == brand_id, links.c.store_id.in_(removing))
            )
        _activate(connection, brand_id, adding)
    return result


# -- rules -------------------------------------------------------------------------------


def _require_unique_name(connection: Connection, name: str, exclude: int | None) -> None:
    require_unique_name(
        connection,
        catalog.brands,
        name,
        exclude=exclude,
        message=f'A brand named "{name}" already exists: brand names are unique.',
    )


def _uri(connection: Connection, name: str, given: str | None, exclude: int | None) -> str:
    return unique_uri(
        connection,
        catalog.brands,
        name,
        given,
        exclude=exclude,
        clash=f'Another brand has the uri "{given}": brand uris are unique.',
    )


def _stores(
    connection: Connection,
    integration_name: str | None,
    references: Sequence[Reference],
    member: str,
    store_restriction: int | None,
    result: BrandResult,
) -> list[tuple[int, int]]:
    """``(index in the input, store id)`` of the distinct stores named; duplicates warn."""
    found: list[tuple[int, int]] = []
    for index, reference in enumerate(references):
        path: tuple[PathElement, ...] = ("input", member, index)
        store_id = resolve(connection, integration_name, "Store", reference, path)
        if store_restriction is not None and store_id != store_restriction:
            raise UserInputError.single(
                f"This token is restricted to store {store_restriction}: it cannot change "
                f"brands in store {store_id}.",
                *path,
            )
        if any(store_id == seen for _, seen in found):
            result.warnings.append(
                MutationWarning(f"Duplicate store {reference.describe()} skipped.", path)
            )
            continue
        found.append((index, store_id))
    return found


def _active_stores(connection: Connection, brand_id: int) -> set[int]:
    links = catalog.brand_stores
    return set(
        connection.execute(select(links.c.store_id).where(links.c.brand_id == brand_id)).scalars()
    )


def _activate(connection: Connection, brand_id: int, stores: Sequence[tuple[int, int]]) -> None:
    if stores:
        connection.execute(
            insert(catalog.brand_stores),
            [{"brand_id": brand_id, "store_id": store_id} for _, store_id in stores],
        )
