"""The range of every quantity the API stores and returns: GraphQL's ``Int`` is a signed
32-bit integer, and so are the ``INTEGER`` columns that store quantities on PostgreSQL (SQLite
would store more, and the API could not return it). A write that would take a stored quantity
out of this range is refused; a sum read from the database that leaves it is a field error
(``mercato.graphql.compiler``)."""

from __future__ import annotations

SMALLEST_INT = -(2**31)
LARGEST_INT = 2**31 - 1


def in_int_range(value: int) -> bool:
    return SMALLEST_INT <= value <= LARGEST_INT
