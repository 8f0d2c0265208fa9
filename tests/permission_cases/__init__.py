"""Permission-matrix cases per domain: each module defines ``CASES: dict[str, Case]`` for its
root fields; tests/api/test_permission_matrix.py collects them all."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from mercato.db.database import Database


@dataclass(frozen=True)
class Case:
    """A minimal valid operation on one root field and the permissions it needs.

    ``setup`` (optional) is GraphQL run first with an all-permission token, e.g. to create
    the object a mutation updates."""

    document: str
    permissions: tuple[str, ...]
    variables: dict[str, Any] = field(default_factory=dict)
    #: GraphQL, or a function of the database for what no mutation creates (suppliers...).
    setup: tuple[str | Callable[[Database], object], ...] = ()
