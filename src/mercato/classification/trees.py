"""Walking the folder and category trees (a ``parent_id`` column), level by level."""

from __future__ import annotations

from sqlalchemy import Connection, Table, select


def ancestors(connection: Connection, table: Table, node_id: int, max_depth: int) -> list[int]:
    """The node and the nodes above it, nearest first (at most ``max_depth + 1``)."""
    chain = [node_id]
    parent: int | None = node_id
    while parent is not None and len(chain) <= max_depth:
        parent = connection.execute(
            select(table.c.parent_id).where(table.c.id == parent)
        ).scalar_one()
        if parent is not None:
            chain.append(parent)
    return chain


def levels(connection: Connection, table: Table, node_id: int, max_depth: int) -> list[list[int]]:
    """The node, its children, their children... one list per level (one statement each)."""
    found: list[list[int]] = []
    level = [node_id]
    while level and len(found) <= max_depth:
        found.append(level)
        level = list(
            connection.execute(select(table.c.id).where(table.c.parent_id.in_(level))).scalars()
        )
    return found
