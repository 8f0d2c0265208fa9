"""Folder use cases: ``create_folder`` and ``update_folder`` (no delete, as in the reference).

Folders are the internal, store-independent product tree (reference 3.16): at most
``MAX_DEPTH`` levels; a folder cannot move under itself or one of its descendants; sibling
folders have distinct names (by analogy with categories' uris, so a path of names names one
folder). New folders go last in the custom order.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, Connection, Table, func, insert, select, update

from mercato.classification import trees
from mercato.classification.names import require_unique_name, valid_name
from mercato.clock import utc_now
from mercato.db import catalog_tables as catalog
from mercato.db.unit_of_work import UnitOfWork, Writer
from mercato.errors import UserInputError
from mercato.idconversion.references import Reference, resolve

MAX_DEPTH = 6


@dataclass(frozen=True)
class FolderCreate:
    name: str
    parent: Reference | None = None


@dataclass(frozen=True)
class FolderUpdate:
    """``None`` leaves a member as it is; with ``move``, ``parent`` is the new parent
    (``None``: make it a top folder)."""

    name: str | None = None
    move: bool = False
    parent: Reference | None = None


def create_folder(writer: Writer, command: FolderCreate) -> int:
    name = valid_name(command.name, "folder", ("input", "name"))
    with writer.begin("Folder") as work:
        connection = work.connection
        parent_id = None
        if command.parent is not None:
            parent_id = resolve(work, "Folder", command.parent, ("input", "parent"))
            if _depth(connection, parent_id) + 1 > MAX_DEPTH:
                raise UserInputError.single(
                    f"Folders nest at most {MAX_DEPTH} levels deep.", "input", "parent"
                )
        _require_unique_name(connection, parent_id, name, exclude=None)
        folders = catalog.folders
        order = connection.execute(
            select(func.coalesce(func.max(folders.c.custom_order), 0) + 1)
        ).scalar_one()
        now = utc_now()
        folder_id: int = connection.execute(
            insert(folders)
            .values(
                name=name,
                parent_id=parent_id,
                custom_order=order,
                created_at=now,
                updated_at=now,
            )
            .returning(folders.c.id)
        ).scalar_one()
    return folder_id


def update_folder(writer: Writer, folder: Reference, command: FolderUpdate) -> int:
    new_name = (
        None if command.name is None else valid_name(command.name, "folder", ("input", "name"))
    )
    with writer.begin("Folder") as work:
        connection = work.connection
        folder_id = resolve(work, "Folder", folder, ())
        folders = catalog.folders
        current = connection.execute(
            select(folders.c.name, folders.c.parent_id).where(folders.c.id == folder_id)
        ).one()
        parent_id: int | None = current.parent_id
        if command.move:
            parent_id = _new_parent(work, folder_id, command.parent)
        name = new_name or current.name
        if name != current.name or parent_id != current.parent_id:
            member = "name" if name != current.name else "parent"
            _require_unique_name(connection, parent_id, name, exclude=folder_id, member=member)
        connection.execute(
            update(folders)
            .where(folders.c.id == folder_id)
            .values(name=name, parent_id=parent_id, updated_at=utc_now())
        )
    return folder_id


def _new_parent(work: UnitOfWork, folder_id: int, parent: Reference | None) -> int | None:
    connection = work.connection
    if parent is None:
        return None
    parent_id = resolve(work, "Folder", parent, ("input", "parent"))
    ancestors = _ancestors(connection, parent_id)
    if folder_id == parent_id or folder_id in ancestors:
        raise UserInputError.single(
            "A folder cannot move under itself or one of its own subfolders.", "input", "parent"
        )
    if len(ancestors) + _height(connection, folder_id) > MAX_DEPTH:
        raise UserInputError.single(
            f"Folders nest at most {MAX_DEPTH} levels deep: the folder and its subfolders "
            "would go deeper there.",
            "input",
            "parent",
        )
    return parent_id


def _ancestors(connection: Connection, folder_id: int) -> list[int]:
    """The folder and the folders above it, nearest first."""
    return trees.ancestors(connection, catalog.folders, folder_id, MAX_DEPTH)


def _depth(connection: Connection, folder_id: int) -> int:
    """1 for a top folder."""
    return len(_ancestors(connection, folder_id))


def _height(connection: Connection, folder_id: int) -> int:
    """Levels from the folder down to its deepest subfolder (1 for a leaf)."""
    return len(trees.levels(connection, catalog.folders, folder_id, MAX_DEPTH))


def _require_unique_name(
    connection: Connection,
    parent_id: int | None,
    name: str,
    exclude: int | None,
    member: str = "name",
) -> None:
    folders = catalog.folders
    require_unique_name(
        connection,
        folders,
        name,
        exclude=exclude,
        message=f'A folder named "{name}" already exists there: sibling folders have distinct '
        "names.",
        scope=[_children_of(folders, parent_id)],
        member=member,
    )


def _children_of(table: Table, parent_id: int | None) -> ColumnElement[bool]:
    return table.c.parent_id.is_(None) if parent_id is None else table.c.parent_id == parent_id
