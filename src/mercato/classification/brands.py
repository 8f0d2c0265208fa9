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
from mercato.db.unit_of_work import UnitOfWork, Writer
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
    writer: Writer,
    command: BrandCreate,
) -> BrandResult:
    name = valid_name(command.name, "brand", ("input", "name"))
    given_uri = None if not command.uri else valid_uri(command.uri, ("input", "uri"))
    with writer.begin("Brand") as work:
        connection = work.connection
        _require_unique_name(connection, name, exclude=None)
        uri = _uri(connection, name, given_uri, exclude=None)
        result = BrandResult(brand_id=0)
        stores = _stores(
            work,
            command.add_to_stores,
            "addToStores",
            result,
        )
        own_store = work.caller.store_id
        if own_store is not None and not stores:
            # A store-restricted token's brand is active in its store (it could not see it
            # otherwise).
            stores = [(0, own_store)]
        now = utc_now()
        result.brand_id = connection.execute(
            insert(catalog.brands)
            .values(name=name, uri=uri, created_at=now, updated_at=now)
            .returning(catalog.brands.c.id)
        ).scalar_one()
        _activate(connection, result.brand_id, stores)
    return result


def update_brand(
    writer: Writer,
    brand: Reference,
    command: BrandUpdate,
) -> BrandResult:
    new_name = (
        None if command.name is None else valid_name(command.name, "brand", ("input", "name"))
    )
    given_uri = None if not command.uri else valid_uri(command.uri, ("input", "uri"))
    with writer.begin("Brand") as work:
        connection = work.connection
        brand_id = resolve(work, "Brand", brand, ())
        _require_own(work, brand_id)
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
            work,
            command.remove_from_stores,
            "removeFromStores",
            result,
        )
        to_add = _stores(
            work,
            command.add_to_stores,
            "addToStores",
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
    work: UnitOfWork,
    references: Sequence[Reference],
    member: str,
    result: BrandResult,
) -> list[tuple[int, int]]:
    """``(index in the input, store id)`` of the distinct stores named; duplicates warn."""
    found: list[tuple[int, int]] = []
    for index, reference in enumerate(references):
        path: tuple[PathElement, ...] = ("input", member, index)
        store_id = resolve(work, "Store", reference, path)
        if any(store_id == seen for _, seen in found):
            result.warnings.append(
                MutationWarning(f"Duplicate store {reference.describe()} skipped.", path)
            )
            continue
        found.append((index, store_id))
    return found


def _require_own(work: UnitOfWork, brand_id: int) -> None:
    """A store-restricted token changes only a brand active in its store alone."""
    own_store = work.caller.store_id
    if own_store is not None and _active_stores(work.connection, brand_id) - {own_store}:
        raise UserInputError.single(
            "This brand is active in other stores too, so a token restricted to one store "
            "cannot change it."
        )


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
