"""What a display is linked to, and the changes ``createDisplay``/``updateDisplay`` make:
categories (with the canonical one), markets, product variants (display items) and media.

Changes are planned first, every rule checked and every problem gathered (nothing written),
then written: removals before additions, so "remove X, add X" in one request re-adds X.

Rules (reference 3.12, 2.7): categories and markets belong to the display's store; only
variants of the display's own product can be added (each added variant is a new display
item); media belong to the display's product; the canonical category is one of the display's
categories (it is added when it is not), so it cannot be removed without naming another one
(or null) in the same request. Adding what is there already, removing what is not, and naming
something twice in one list are warnings, not errors.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import Column, Connection, delete, func, insert, select

from mercato.db import catalog_tables as catalog
from mercato.db import tables
from mercato.db.unit_of_work import UnitOfWork
from mercato.errors import MutationWarning, PathElement, UserError, UserInputError
from mercato.idconversion.references import Reference, resolve

Path = tuple[PathElement, ...]
#: A reference that names an object: where it was given, as given, and the id it names.
Found = tuple[Path, Reference, int]

_PLURALS = {"category": "categories", "market": "markets"}


@dataclass(frozen=True)
class MediaAdd:
    product_media: Reference
    #: A media on the display (or added before it in the same list) to go in front of;
    #: ``None``: at the end.
    before: Reference | None = None


@dataclass(frozen=True)
class LinkChanges:
    #: Whether ``canonical_category`` was given (``None`` then clears it).
    set_canonical_category: bool = False
    canonical_category: Reference | None = None
    add_categories: Sequence[Reference] = ()
    remove_categories: Sequence[Reference] = ()
    add_markets: Sequence[Reference] = ()
    remove_markets: Sequence[Reference] = ()
    add_product_variants: Sequence[Reference] = ()
    remove_product_variants: Sequence[Reference] = ()
    add_product_media: Sequence[MediaAdd] = ()
    remove_product_media: Sequence[Reference] = ()


@dataclass(frozen=True)
class Owner:
    """The display the links belong to."""

    store_id: int
    product_id: int


@dataclass
class LinkState:
    categories: list[int] = field(default_factory=list)
    canonical_category: int | None = None
    markets: list[int] = field(default_factory=list)
    variants: list[int] = field(default_factory=list)
    media: list[int] = field(default_factory=list)


@dataclass
class LinkPlan:
    canonical_category: int | None
    categories_removed: list[int]
    categories_added: list[int]
    markets_removed: list[int]
    markets_added: list[int]
    variants_removed: list[int]
    variants_added: list[int]
    #: The display's media in their new order, or ``None`` when unchanged.
    media: list[int] | None

    @property
    def changes_anything(self) -> bool:
        return bool(
            self.categories_removed
            or self.categories_added
            or self.markets_removed
            or self.markets_added
            or self.variants_removed
            or self.variants_added
            or self.media is not None
        )


def current_links(connection: Connection, display_id: int, canonical: int | None) -> LinkState:
    categories = catalog.display_categories
    markets = catalog.display_markets
    items = catalog.display_items
    media = catalog.display_media
    return LinkState(
        categories=list(
            connection.execute(
                select(categories.c.category_id).where(categories.c.display_id == display_id)
            ).scalars()
        ),
        canonical_category=canonical,
        markets=list(
            connection.execute(
                select(markets.c.market_id).where(markets.c.display_id == display_id)
            ).scalars()
        ),
        variants=list(
            connection.execute(
                select(items.c.product_variant_id).where(items.c.display_id == display_id)
            ).scalars()
        ),
        media=list(
            connection.execute(
                select(media.c.product_media_id)
                .where(media.c.display_id == display_id)
                .order_by(media.c.position, media.c.product_media_id)
            ).scalars()
        ),
    )


def plan_links(
    work: UnitOfWork,
    owner: Owner,
    state: LinkState,
    changes: LinkChanges,
    warnings: list[MutationWarning],
) -> LinkPlan:
    """The links to remove and add; a UserInputError naming every problem found."""
    planner = _Planner(work, warnings)
    categories_removed, categories_added, canonical = planner.categories(owner, state, changes)
    markets_removed = planner.removed(
        "market", "Market", changes.remove_markets, "removeMarkets", state.markets
    )
    markets_added = planner.added_in_store(
        "market",
        "Market",
        changes.add_markets,
        "addMarkets",
        state.markets,
        markets_removed,
        tables.markets.c.store_id,
        owner.store_id,
    )
    variants_removed = planner.removed(
        "product variant",
        "ProductVariant",
        changes.remove_product_variants,
        "removeProductVariants",
        state.variants,
    )
    variants_added = planner.variants(owner, state, changes, variants_removed)
    media = planner.media(owner, state, changes)
    if planner.problems:
        raise UserInputError(planner.problems)
    return LinkPlan(
        canonical_category=canonical,
        categories_removed=categories_removed,
        categories_added=categories_added,
        markets_removed=markets_removed,
        markets_added=markets_added,
        variants_removed=variants_removed,
        variants_added=variants_added,
        media=media,
    )


def write_links(connection: Connection, display_id: int, plan: LinkPlan) -> None:
    categories = catalog.display_categories
    markets = catalog.display_markets
    items = catalog.display_items
    media = catalog.display_media
    if plan.categories_removed:
        connection.execute(
            delete(categories).where(
                categories.c.display_id == display_id,
                categories.c.category_id.in_(plan.categories_removed),
            )
        )
    if plan.categories_added:
        # A display goes last in each category it joins (custom_order orders a category's
        # displays, as sortCategoryDisplays would).
        last = dict(
            connection.execute(
                select(categories.c.category_id, func.max(categories.c.custom_order))
                .where(categories.c.category_id.in_(plan.categories_added))
                .group_by(categories.c.category_id)
            ).all()
        )
        connection.execute(
            insert(categories),
            [
                {"display_id": display_id, "category_id": c, "custom_order": (last.get(c) or 0) + 1}
                for c in plan.categories_added
            ],
        )
    if plan.markets_removed:
        connection.execute(
            delete(markets).where(
                markets.c.display_id == display_id, markets.c.market_id.in_(plan.markets_removed)
            )
        )
    if plan.markets_added:
        connection.execute(
            insert(markets),
            [{"display_id": display_id, "market_id": m} for m in plan.markets_added],
        )
    if plan.variants_removed:
        connection.execute(
            delete(items).where(
                items.c.display_id == display_id,
                items.c.product_variant_id.in_(plan.variants_removed),
            )
        )
    if plan.variants_added:
        last_order = connection.execute(
            select(func.coalesce(func.max(items.c.custom_order), 0)).where(
                items.c.display_id == display_id
            )
        ).scalar_one()
        connection.execute(
            insert(items),
            [
                {"display_id": display_id, "product_variant_id": v, "custom_order": last_order + i}
                for i, v in enumerate(plan.variants_added, start=1)
            ],
        )
    if plan.media is not None:
        connection.execute(delete(media).where(media.c.display_id == display_id))
        if plan.media:
            connection.execute(
                insert(media),
                [
                    {"display_id": display_id, "product_media_id": m, "position": position}
                    for position, m in enumerate(plan.media, start=1)
                ],
            )


class _Planner:
    """Resolves references and checks the rules, gathering problems and warnings."""

    def __init__(self, work: UnitOfWork, warnings: list[MutationWarning]) -> None:
        self.work = work
        self.connection = work.connection
        self.warnings = warnings
        self.problems: list[UserError] = []

    # -- per kind of link --------------------------------------------------------------

    def categories(
        self, owner: Owner, state: LinkState, changes: LinkChanges
    ) -> tuple[list[int], list[int], int | None]:
        removals = self.found_removals(
            "category", "Category", changes.remove_categories, "removeCategories", state.categories
        )
        removed = [object_id for _, _, object_id in removals]
        added = self.added_in_store(
            "category",
            "Category",
            changes.add_categories,
            "addCategories",
            state.categories,
            removed,
            catalog.categories.c.store_id,
            owner.store_id,
        )
        remaining = [c for c in state.categories if c not in removed] + added
        canonical = state.canonical_category
        if changes.set_canonical_category:
            canonical = None
            reference = changes.canonical_category
            if reference is not None:
                canonical = self.canonical(owner, reference)
                if canonical is not None and canonical not in remaining:
                    added.append(canonical)
                    self.warnings.append(
                        MutationWarning(
                            f"Category {reference.describe()} was added to the display's "
                            "categories: the canonical category is one of them.",
                            ("input", "canonicalCategory"),
                        )
                    )
        elif canonical is not None and canonical not in remaining:
            for path, reference, object_id in removals:
                if object_id == canonical:
                    self.problems.append(
                        UserError(
                            f"Category {reference.describe()} is the display's canonical "
                            "category: name another canonicalCategory (or null) in the same "
                            "request to remove it.",
                            path,
                        )
                    )
        return removed, added, canonical

    def canonical(self, owner: Owner, reference: Reference) -> int | None:
        path: Path = ("input", "canonicalCategory")
        try:
            category_id = resolve(self.work, "Category", reference, path)
        except UserInputError as failure:
            self.problems.extend(failure.errors)
            return None
        store_id = self.owners(catalog.categories.c.store_id, [category_id])[category_id]
        if store_id != owner.store_id:
            self.problems.append(
                self.other_store("category", reference, store_id, owner.store_id, path)
            )
            return None
        return category_id

    def variants(
        self, owner: Owner, state: LinkState, changes: LinkChanges, removed: list[int]
    ) -> list[int]:
        candidates = self.new_ones(
            "product variant",
            self.resolve_all(
                "ProductVariant",
                changes.add_product_variants,
                "addProductVariants",
                suffix=("productVariant",),
            ),
            [v for v in state.variants if v not in removed],
        )
        products = self.owners(
            catalog.product_variants.c.product_id, [object_id for _, _, object_id in candidates]
        )
        added: list[int] = []
        for path, reference, variant_id in candidates:
            if products[variant_id] != owner.product_id:
                self.problems.append(
                    UserError(
                        f"Product variant {reference.describe()} belongs to product "
                        f"{products[variant_id]}, not to the display's product "
                        f"{owner.product_id}: only variants of the display's own product can be "
                        "added.",
                        path,
                    )
                )
            else:
                added.append(variant_id)
        return added

    def media(self, owner: Owner, state: LinkState, changes: LinkChanges) -> list[int] | None:
        order = list(state.media)
        for _, _, removed_id in self.found_removals(
            "product media",
            "ProductMedia",
            changes.remove_product_media,
            "removeProductMedia",
            state.media,
        ):
            order.remove(removed_id)
        products = catalog.product_media.c.product_id
        for index, addition in enumerate(changes.add_product_media):
            path: Path = ("input", "addProductMedia", index)
            media_id = self.resolve_one(
                "ProductMedia", addition.product_media, (*path, "productMedia")
            )
            before_id = None
            if addition.before is not None:
                before_id = self.resolve_one("ProductMedia", addition.before, (*path, "before"))
                if before_id is not None and (before_id not in order or before_id == media_id):
                    self.problems.append(
                        UserError(
                            f"Product media {addition.before.describe()} is not on this display: "
                            "before names another media on the display.",
                            (*path, "before"),
                        )
                    )
                    continue
            if media_id is None:
                continue
            product_id = self.owners(products, [media_id])[media_id]
            if product_id != owner.product_id:
                self.problems.append(
                    UserError(
                        f"Product media {addition.product_media.describe()} belongs to product "
                        f"{product_id}, not to the display's product {owner.product_id}.",
                        (*path, "productMedia"),
                    )
                )
                continue
            if media_id in order:
                if before_id is None:
                    self.warnings.append(
                        MutationWarning(
                            f"Product media {addition.product_media.describe()} is already on "
                            "this display.",
                            path,
                        )
                    )
                    continue
                order.remove(media_id)
            order.insert(order.index(before_id) if before_id is not None else len(order), media_id)
        return None if order == state.media else order

    # -- shared steps ------------------------------------------------------------------

    def removed(
        self,
        kind: str,
        object_type: str,
        references: Sequence[Reference],
        member: str,
        current: list[int],
    ) -> list[int]:
        return [
            object_id
            for _, _, object_id in self.found_removals(
                kind, object_type, references, member, current
            )
        ]

    def found_removals(
        self,
        kind: str,
        object_type: str,
        references: Sequence[Reference],
        member: str,
        current: list[int],
    ) -> list[Found]:
        removals: list[Found] = []
        for path, reference, object_id in self.resolve_all(object_type, references, member):
            if any(object_id == removed for _, _, removed in removals):
                self.warnings.append(
                    MutationWarning(f"Duplicate {kind} {reference.describe()} skipped.", path)
                )
            elif object_id not in current:
                self.warnings.append(
                    MutationWarning(
                        f"{kind.capitalize()} {reference.describe()} is not on this display.",
                        path,
                    )
                )
            else:
                removals.append((path, reference, object_id))
        return removals

    def added_in_store(
        self,
        kind: str,
        object_type: str,
        references: Sequence[Reference],
        member: str,
        current: list[int],
        removed: list[int],
        store_column: Column[int],
        store_id: int,
    ) -> list[int]:
        candidates = self.new_ones(
            kind,
            self.resolve_all(object_type, references, member),
            [c for c in current if c not in removed],
        )
        stores = self.owners(store_column, [object_id for _, _, object_id in candidates])
        added: list[int] = []
        for path, reference, object_id in candidates:
            if stores[object_id] != store_id:
                self.problems.append(
                    self.other_store(kind, reference, stores[object_id], store_id, path)
                )
            else:
                added.append(object_id)
        return added

    def new_ones(self, kind: str, found: list[Found], current: list[int]) -> list[Found]:
        """The references to add: without repeats and what is there already (warned)."""
        result: list[Found] = []
        for path, reference, object_id in found:
            if any(object_id == added for _, _, added in result):
                self.warnings.append(
                    MutationWarning(f"Duplicate {kind} {reference.describe()} skipped.", path)
                )
            elif object_id in current:
                self.warnings.append(
                    MutationWarning(
                        f"{kind.capitalize()} {reference.describe()} is already on this display.",
                        path,
                    )
                )
            else:
                result.append((path, reference, object_id))
        return result

    def resolve_all(
        self,
        object_type: str,
        references: Sequence[Reference],
        member: str,
        suffix: Path = (),
    ) -> list[Found]:
        found: list[Found] = []
        for index, reference in enumerate(references):
            path: Path = ("input", member, index)
            object_id = self.resolve_one(object_type, reference, (*path, *suffix))
            if object_id is not None:
                found.append((path, reference, object_id))
        return found

    def resolve_one(self, object_type: str, reference: Reference, path: Path) -> int | None:
        try:
            return resolve(self.work, object_type, reference, path)
        except UserInputError as failure:
            self.problems.extend(failure.errors)
            return None

    def owners(self, column: Column[int], ids: list[int]) -> dict[int, int]:
        """``{id: column value}`` of the rows of ``column``'s table with these ids."""
        if not ids:
            return {}
        key = column.table.c.id
        rows = self.connection.execute(select(key, column).where(key.in_(sorted(set(ids)))))
        return {row[0]: row[1] for row in rows}

    @staticmethod
    def other_store(
        kind: str, reference: Reference, store_id: int, display_store: int, path: Path
    ) -> UserError:
        return UserError(
            f"{kind.capitalize()} {reference.describe()} belongs to store {store_id}, the "
            f"display to store {display_store}: only {_PLURALS[kind]} of the display's own "
            "store can be added.",
            path,
        )
