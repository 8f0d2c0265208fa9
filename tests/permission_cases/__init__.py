"""Permission-matrix cases per domain: each module defines ``CASES: dict[str, Case]`` for its
root fields; tests/api/test_permission_matrix.py collects them all."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Case:
    """A minimal valid operation on one root field and the permissions it needs.

    ``setup`` (optional) is GraphQL run first with an all-permission token, e.g. to create
    the object a mutation updates."""

    document: str
    permissions: tuple[str, ...]
    variables: dict[str, Any] = field(default_factory=dict)
    setup: tuple[str, ...] = ()
