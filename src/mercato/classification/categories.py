"""Category use cases: ``create_category``, ``update_category`` and ``delete_category``.

Categories are a tree per store (reference 3.17): a parent is in the category's own store;
the tree is at most ``MAX_DEPTH`` levels deep (the reference's overview figure, as for
folders); a category cannot move under itself or a descendant. Uris are unique among
siblings, generated from the name when omitted (or given empty on update). A category a
display uses (as one of its categories or as its canonical category) cannot be deleted; a
category with subcategories is deleted only with the ``DELETE_CHILDREN`` strategy, and then
with its whole subtree. A store-restricted token sees and changes its own store's only.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, delete, func, insert, or_, select, update

from mercato.classification import conversions, trees
from mercato.classification.names import optional_text, valid_name, valid_status
from mercato.classification.uris import unique_uri, valid_uri
from mercato.clock import utc_now
from mercato.db import catalog_tables as catalog
from mercato.db.unit_of_work import UnitOfWork, Writer
from mercato.errors import PathElement, UserError, UserInputError
from mercato.idconversion.references import Reference, resolve

MAX_DEPTH = 6
RESTRICT_IF_PRESENT = "RESTRICT_IF_PRESENT"
DELETE_CHILDREN = "DELETE_CHILDREN"


@dataclass(frozen=True)
class CategoryCreate:
    store: Reference
    name: str
    uri: str | None = None
    parent: Reference | None = None
    status: str = "ACTIVE"
    meta_title: str | None = None
    meta_description: str | None = None
    meta_keywords: str | None = None


@dataclass(frozen=True)
class CategoryUpdate:
    """``None`` leaves a member as it is; ``uri=""`` regenerates the uri from the name, an
    empty meta text clears it; with ``move``, ``parent`` is the new parent (``None``: make it
    a top category)."""

    name: str | None = None
    uri: str | None = None
    move: bool = False
    parent: Reference | None = None
    status: str | None = None
    meta_title: str | None = None
    meta_description: str | None = None
    meta_keywords: str | None = None


def create_category(
    writer: Writer,
    command: CategoryCreate,
) -> int:
    name = valid_name(command.name, "category", ("input", "name"))
    given_uri = None if not command.uri else valid_uri(command.uri, ("input", "uri"))
    status = valid_status(command.status)
    with writer.begin("Category") as work:
        connection = work.connection
        store_id = resolve(work, "Store", command.store, ("input", "store"))
        parent_id = None
        if command.parent is not None:
            parent_id, parent_store = _category(work, command.parent, ("input", "parent"))
            if parent_store != store_id:
                raise UserInputError.single(
                    f"Category {parent_id} belongs to another store: a parent category is in "
                    "the same store.",
                    "input",
                    "parent",
                )
            if len(_ancestors(connection, parent_id)) + 1 > MAX_DEPTH:
                raise UserInputError.single(
                    f"Categories nest at most {MAX_DEPTH} levels deep.", "input", "parent"
                )
        uri = _uri(connection, store_id, parent_id, name, given_uri, exclude=None, member="uri")
        categories = catalog.categories
        order = connection.execute(
            select(func.coalesce(func.max(categories.c.custom_order), 0) + 1).where(
                categories.c.store_id == store_id
            )
        ).scalar_one()
        now = utc_now()
        category_id: int = connection.execute(
            insert(categories)
            .values(
                store_id=store_id,
                parent_id=parent_id,
                name=name,
                uri=uri,
                status=status,
                meta_title=optional_text(command.meta_title),
                meta_description=optional_text(command.meta_description),
                meta_keywords=optional_text(command.meta_keywords),
                custom_order=order,
                created_at=now,
                updated_at=now,
            )
            .returning(categories.c.id)
        ).scalar_one()
        conversions.forget_deleted(connection, "Category", [category_id])
    return category_id


def update_category(
    writer: Writer,
    category: Reference,
    command: CategoryUpdate,
) -> int:
    new_name = (
        None if command.name is None else valid_name(command.name, "category", ("input", "name"))
    )
    given_uri = None if not command.uri else valid_uri(command.uri, ("input", "uri"))
    status = None if command.status is None else valid_status(command.status)
    with writer.begin("Category") as work:
        connection = work.connection
        category_id, store_id = _category(work, category, ())
        categories = catalog.categories
        current = connection.execute(
            select(categories.c.name, categories.c.uri, categories.c.parent_id).where(
                categories.c.id == category_id
            )
        ).one()
        parent_id: int | None = current.parent_id
        if command.move:
            parent_id = _new_parent(
                work,
                category_id,
                store_id,
                command.parent,
            )
        name = new_name or current.name
        values: dict[str, object] = {"name": name, "parent_id": parent_id, "updated_at": utc_now()}
        if command.uri is not None:
            values["uri"] = _uri(
                connection, store_id, parent_id, name, given_uri, exclude=category_id, member="uri"
            )
        elif parent_id != current.parent_id:
            values["uri"] = _uri(
                connection,
                store_id,
                parent_id,
                name,
                current.uri,
                exclude=category_id,
                member="parent",
            )
        if status is not None:
            values["status"] = status
        for member, value in (
            ("meta_title", command.meta_title),
            ("meta_description", command.meta_description),
            ("meta_keywords", command.meta_keywords),
        ):
            if value is not None:
                values[member] = optional_text(value)
        connection.execute(update(categories).where(categories.c.id == category_id).values(values))
    return category_id


def delete_category(
    writer: Writer,
    category: Reference,
    strategy: str = RESTRICT_IF_PRESENT,
) -> None:
    if strategy not in (RESTRICT_IF_PRESENT, DELETE_CHILDREN):
        raise UserInputError.single(
            f"deleteChildrenStrategy must be {RESTRICT_IF_PRESENT} or {DELETE_CHILDREN}.",
            "input",
            "deleteChildrenStrategy",
        )
    with writer.begin("Category") as work:
        connection = work.connection
        category_id, _ = _category(work, category, ())
        subtree = _subtree(connection, category_id)
        if len(subtree) > 1 and strategy == RESTRICT_IF_PRESENT:
            raise UserInputError.single(
                f"Category {category_id} has {len(subtree) - 1} subcategory(ies): delete them "
                f"first, or use deleteChildrenStrategy {DELETE_CHILDREN}.",
                "input",
                "deleteChildrenStrategy",
            )
        _require_unused(connection, subtree)
        conversions.forget_deleted(connection, "Category", subtree)
        categories = catalog.categories
        # One statement: both databases check the parent foreign key at its end.
        connection.execute(delete(categories).where(categories.c.id.in_(subtree)))


# -- rules -------------------------------------------------------------------------------


def _category(
    work: UnitOfWork,
    reference: Reference,
    path: tuple[PathElement, ...],
) -> tuple[int, int]:
    """``(id, store id)`` of the category; a store-restricted token finds its store's only."""
    connection = work.connection
    category_id = resolve(work, "Category", reference, path)
    store_id: int = connection.execute(
        select(catalog.categories.c.store_id).where(catalog.categories.c.id == category_id)
    ).scalar_one()
    return category_id, store_id


def _new_parent(
    work: UnitOfWork,
    category_id: int,
    store_id: int,
    parent: Reference | None,
) -> int | None:
    connection = work.connection
    if parent is None:
        return None
    path = ("input", "parent")
    parent_id, parent_store = _category(work, parent, path)
    if parent_store != store_id:
        raise UserInputError.single(
            f"Category {parent_id} belongs to another store: a parent category is in the "
            "same store.",
            *path,
        )
    ancestors = _ancestors(connection, parent_id)
    if category_id in ancestors:
        raise UserInputError.single(
            "A category cannot move under itself or one of its own subcategories.", *path
        )
    if len(ancestors) + _height(connection, category_id) > MAX_DEPTH:
        raise UserInputError.single(
            f"Categories nest at most {MAX_DEPTH} levels deep: the category and its "
            "subcategories would go deeper there.",
            *path,
        )
    return parent_id


def _ancestors(connection: Connection, category_id: int) -> list[int]:
    """The category and the categories above it, nearest first."""
    return trees.ancestors(connection, catalog.categories, category_id, MAX_DEPTH)


def _height(connection: Connection, category_id: int) -> int:
    return len(trees.levels(connection, catalog.categories, category_id, MAX_DEPTH))


def _subtree(connection: Connection, category_id: int) -> list[int]:
    levels = trees.levels(connection, catalog.categories, category_id, MAX_DEPTH)
    return [c for level in levels for c in level]


def _uri(
    connection: Connection,
    store_id: int,
    parent_id: int | None,
    name: str,
    given: str | None,
    exclude: int | None,
    member: str,
) -> str:
    categories = catalog.categories
    return unique_uri(
        connection,
        categories,
        name,
        given,
        exclude=exclude,
        clash=f'A sibling category already has the uri "{given}": uris are unique among the '
        "categories of one parent.",
        scope=[
            categories.c.store_id == store_id,
            categories.c.parent_id.is_(None)
            if parent_id is None
            else categories.c.parent_id == parent_id,
        ],
        member=member,
    )


def _require_unused(connection: Connection, category_ids: list[int]) -> None:
    links = catalog.display_categories
    displays = catalog.displays
    categories = catalog.categories
    used = connection.execute(
        select(categories.c.id, categories.c.name)
        .where(
            categories.c.id.in_(category_ids),
            or_(
                select(links.c.display_id).where(links.c.category_id == categories.c.id).exists(),
                select(displays.c.id)
                .where(displays.c.canonical_category_id == categories.c.id)
                .exists(),
            ),
        )
        .order_by(categories.c.id)
    ).all()
    if used:
        raise UserInputError(
            [
                UserError(
                    f'Category "{row.name}" (ID {row.id}) is used by displays, so it cannot be '
                    "deleted: take it off those displays first.",
                )
                for row in used
            ]
        )
