"""Unique constraints that a concurrent request can beat a service's own check to."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import IntegrityError

from mercato.errors import UserInputError


@contextmanager
def unique_violations_as_user_errors() -> Iterator[None]:
    """The services check uniqueness (product numbers, variant numbers, a size once per
    variant, one display per product and store, uris, ...) before writing; two concurrent requests can both pass that check, and the
    database's unique constraint then refuses the second. That is a userError (retry), not
    a server error. The write kernel wraps every unit of work in it, so the transaction is
    rolled back first."""
    try:
        yield
    except IntegrityError as error:
        if not is_unique_violation(error):
            raise
        raise UserInputError.single(CONFLICT_MESSAGE) from None


#: SQLSTATE of a unique violation (PostgreSQL).
UNIQUE_VIOLATION = "23505"

CONFLICT_MESSAGE = (
    "A concurrent change made this request conflict with existing data: read the current state "
    "and try again."
)


def is_unique_violation(error: IntegrityError) -> bool:
    original = error.orig
    if getattr(original, "sqlstate", None) == UNIQUE_VIOLATION:
        return True
    return "UNIQUE constraint failed" in str(original)  # SQLite
