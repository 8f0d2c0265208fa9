"""Size-localization use cases: ``create_size_localization``, ``update_size_localization`` and
``set_localized_sizes``.

The reference (3.4) names the operations only ("how sizes are named per store/country"), so
the design is by analogy: a size localization has a unique name and the countries it applies
to (a country uses at most one localization); it gives sizes of any chart a localized name
(e.g. size "M" of chart "Shirts" is "48" in the "EU" localization). ``setLocalizedSizes``
sets the names given and removes those given as null or blank; other names stay. A size its
chart removes loses its localized names with it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, delete, insert, select, update

from mercato.catalog.rules import MAX_NAME_LENGTH, Path, valid_name
from mercato.clock import utc_now
from mercato.db import catalog_tables as catalog
from mercato.db.unit_of_work import UnitOfWork, Writer
from mercato.errors import UserError, UserInputError
from mercato.idconversion.references import Reference, resolve


@dataclass(frozen=True)
class SizeLocalizationReference:
    """A size localization by id, by its (unique) name or by the integration's external id."""

    id: int | None = None
    name: str | None = None
    external_id: str | None = None


@dataclass(frozen=True)
class SizeLocalizationCreate:
    name: str
    add_countries: Sequence[Reference] = ()


@dataclass(frozen=True)
class SizeLocalizationUpdate:
    """``None`` leaves the name as it is."""

    name: str | None = None
    add_countries: Sequence[Reference] = ()
    remove_countries: Sequence[Reference] = ()


@dataclass(frozen=True)
class LocalizedSizeSet:
    """A size (by id or by the integration's external id) and its localized name; ``None``
    or blank removes the size's localized name."""

    size: Reference
    localized_name: str | None


# -- use cases -----------------------------------------------------------------------------


def create_size_localization(writer: Writer, command: SizeLocalizationCreate) -> int:
    name = valid_name(command.name, "size localization", ("input", "name"))
    with writer.begin("SizeLocalization") as work:
        connection = work.connection
        _require_unique_name(connection, name, exclude=None)
        countries = _countries_to_add(work, None, command.add_countries, removed=())
        now = utc_now()
        localization_id: int = connection.execute(
            insert(catalog.size_localizations)
            .values(name=name, created_at=now, updated_at=now)
            .returning(catalog.size_localizations.c.id)
        ).scalar_one()
        _link_countries(connection, localization_id, countries)
    return localization_id


def update_size_localization(
    writer: Writer,
    localization: SizeLocalizationReference,
    command: SizeLocalizationUpdate,
) -> int:
    name = (
        None
        if command.name is None
        else valid_name(command.name, "size localization", ("input", "name"))
    )
    with writer.begin("SizeLocalization") as work:
        connection = work.connection
        localization_id = _resolve(work, localization)
        if name is not None:
            _require_unique_name(connection, name, exclude=localization_id)
        removed = _countries_to_remove(work, localization_id, command.remove_countries)
        added = _countries_to_add(work, localization_id, command.add_countries, removed)
        values: dict[str, object] = {"updated_at": utc_now()}
        if name is not None:
            values["name"] = name
        connection.execute(
            update(catalog.size_localizations)
            .where(catalog.size_localizations.c.id == localization_id)
            .values(values)
        )
        links = catalog.size_localization_countries
        if removed:
            connection.execute(
                delete(links).where(
                    links.c.size_localization_id == localization_id,
                    links.c.country_id.in_(removed),
                )
            )
        _link_countries(connection, localization_id, added)
    return localization_id


def set_localized_sizes(
    writer: Writer,
    localization: SizeLocalizationReference,
    entries: Sequence[LocalizedSizeSet],
) -> int:
    names = _localized_names(entries)
    with writer.begin("SizeLocalization") as work:
        connection = work.connection
        localization_id = _resolve(work, localization)
        problems: list[UserError] = []
        wanted: dict[int, str | None] = {}
        for index, entry in enumerate(entries):
            path: Path = ("input", index, "size")
            if entry.size.id is None and entry.size.external_id is None:
                problems.append(
                    UserError('Give the size\'s id or externalId ("<chart>|<size>").', path)
                )
                continue
            try:
                size_id = resolve(work, "Size", entry.size, path)
            except UserInputError as failure:
                problems.extend(failure.errors)
                continue
            if size_id in wanted:
                problems.append(UserError("The size is given twice in this request.", path))
                continue
            wanted[size_id] = names[index]
        if problems:
            raise UserInputError(problems)
        localized = catalog.localized_sizes
        existing = set(
            connection.execute(
                select(localized.c.size_id).where(
                    localized.c.size_localization_id == localization_id,
                    localized.c.size_id.in_(list(wanted)),
                )
            ).scalars()
        )
        removed = [size_id for size_id, name in wanted.items() if name is None]
        if removed:
            connection.execute(
                delete(localized).where(
                    localized.c.size_localization_id == localization_id,
                    localized.c.size_id.in_(removed),
                )
            )
        for size_id, name in wanted.items():
            if name is None:
                continue
            if size_id in existing:
                connection.execute(
                    update(localized)
                    .where(
                        localized.c.size_localization_id == localization_id,
                        localized.c.size_id == size_id,
                    )
                    .values(name=name)
                )
            else:
                connection.execute(
                    insert(localized).values(
                        size_localization_id=localization_id, size_id=size_id, name=name
                    )
                )
        connection.execute(
            update(catalog.size_localizations)
            .where(catalog.size_localizations.c.id == localization_id)
            .values(updated_at=utc_now())
        )
    return localization_id


# -- rules -----------------------------------------------------------------------------------


def _localized_names(entries: Sequence[LocalizedSizeSet]) -> list[str | None]:
    problems: list[UserError] = []
    names: list[str | None] = []
    for index, entry in enumerate(entries):
        name = None if entry.localized_name is None else entry.localized_name.strip() or None
        if name is not None and len(name) > MAX_NAME_LENGTH:
            problems.append(
                UserError(
                    f"A localized size name has at most {MAX_NAME_LENGTH} characters.",
                    ("input", index, "localizedName"),
                )
            )
        names.append(name)
    if problems:
        raise UserInputError(problems)
    return names


def _resolve(work: UnitOfWork, reference: SizeLocalizationReference) -> int:
    table = catalog.size_localizations
    path: Path = ("sizeLocalization",)
    given = [v for v in (reference.id, reference.name, reference.external_id) if v is not None]
    if len(given) != 1:
        raise UserInputError.single(
            "Give exactly one of id, name or externalId of a size localization.", *path
        )
    if reference.external_id is not None:
        return resolve(work, "SizeLocalization", Reference(external_id=reference.external_id), path)
    condition = (
        table.c.id == reference.id if reference.id is not None else table.c.name == reference.name
    )
    found: int | None = work.connection.execute(
        select(table.c.id).where(condition)
    ).scalar_one_or_none()
    if found is None:
        described = f"ID {reference.id}" if reference.id is not None else f'name "{reference.name}"'
        raise UserInputError.single(f"Could not find SizeLocalization with {described}.", *path)
    return found


def _require_unique_name(connection: Connection, name: str, exclude: int | None) -> None:
    table = catalog.size_localizations
    query = select(table.c.id).where(table.c.name == name)
    if exclude is not None:
        query = query.where(table.c.id != exclude)
    if connection.execute(query).first() is not None:
        raise UserInputError.single(
            f'A size localization named "{name}" already exists: size localization names are '
            "unique.",
            "input",
            "name",
        )


def _countries_to_remove(
    work: UnitOfWork,
    localization_id: int,
    references: Sequence[Reference],
) -> list[int]:
    connection = work.connection
    links = catalog.size_localization_countries
    linked = set(
        connection.execute(
            select(links.c.country_id).where(links.c.size_localization_id == localization_id)
        ).scalars()
    )
    problems: list[UserError] = []
    removed: list[int] = []
    for index, reference in enumerate(references):
        path: Path = ("input", "removeCountries", index)
        try:
            country_id = resolve(work, "Country", reference, path)
        except UserInputError as failure:
            problems.extend(failure.errors)
            continue
        if country_id not in linked:
            problems.append(
                UserError(f"Country {reference.describe()} is not in this size localization.", path)
            )
        elif country_id not in removed:
            removed.append(country_id)
    if problems:
        raise UserInputError(problems)
    return removed


def _countries_to_add(
    work: UnitOfWork,
    localization_id: int | None,
    references: Sequence[Reference],
    removed: Sequence[int],
) -> list[int]:
    """The countries to link: each uses at most one localization."""
    connection = work.connection
    links = catalog.size_localization_countries
    problems: list[UserError] = []
    resolved: list[tuple[int, Reference, Path]] = []
    for index, reference in enumerate(references):
        path: Path = ("input", "addCountries", index)
        try:
            country_id = resolve(work, "Country", reference, path)
        except UserInputError as failure:
            problems.extend(failure.errors)
            continue
        if country_id in removed:
            problems.append(
                UserError(f"Country {reference.describe()} is both added and removed.", path)
            )
            continue
        resolved.append((country_id, reference, path))
    holders: dict[int, str] = {}
    mine: set[int] = set()
    if resolved:
        localizations = catalog.size_localizations
        holders = {
            row.country_id: row.name
            for row in connection.execute(
                select(links.c.country_id, links.c.size_localization_id, localizations.c.name)
                .join(localizations, localizations.c.id == links.c.size_localization_id)
                .where(links.c.country_id.in_([c for c, _, _ in resolved]))
            )
            if row.size_localization_id != localization_id
        }
        mine = set(
            connection.execute(
                select(links.c.country_id).where(links.c.size_localization_id == localization_id)
            ).scalars()
        )
    added: list[int] = []
    for country_id, reference, path in resolved:
        if country_id in holders:
            problems.append(
                UserError(
                    f"Country {reference.describe()} already uses size localization "
                    f'"{holders[country_id]}": a country uses at most one.',
                    path,
                )
            )
        elif country_id not in mine and country_id not in added:
            added.append(country_id)
    if problems:
        raise UserInputError(problems)
    return added


def _link_countries(connection: Connection, localization_id: int, countries: Sequence[int]) -> None:
    if countries:
        connection.execute(
            insert(catalog.size_localization_countries),
            [{"size_localization_id": localization_id, "country_id": c} for c in countries],
        )
