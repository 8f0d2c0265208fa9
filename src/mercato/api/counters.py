"""``counters`` (reference 2.2): how many objects a list's filter selects, for the lists
whose objects Mercato has (products, access tokens). Each member counts with its list's own
filters, store restriction and scope (``RootCounts`` in the engine), one ``count(*)`` each."""

from __future__ import annotations

from collections.abc import Mapping

from mercato.graphql.fieldmap import RootCounts, RootField

ROOTS: Mapping[str, RootField] = {
    "counters": RootCounts("Counters", {"products": "products", "graphQLAccess": "graphQLAccess"}),
}
