"""Differential tests: the compiled engine (over HTTP) against the reference executor (plain
graphql-core resolvers from the same field map) on a seeded database. Data, member order
and errors (message, path, locations, category) must be identical."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from typing import Any

from graphql import (
    ArgumentNode,
    DocumentNode,
    IntValueNode,
    StringValueNode,
    Visitor,
    print_ast,
    visit,
)
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import nodes, queries

from mercato.api.build import build_schema
from tests.engine.differential import TABLE_ROOTS, Differential

SMALL_INTS = st.integers(1, 10)
#: Mostly ints near the seeded ids (valid pages and limits), sometimes any id of the reference
#: data, paging values the engine must refuse (0, -1, 201..) or the largest Int.
INTS = st.one_of(SMALL_INTS, SMALL_INTS, SMALL_INTS, st.integers(-1, 260), st.just(2**31 - 1)).map(
    nodes.Int
)
#: Strings that match something: names, codes, external ids, filter member names (for
#: negate/notNull), LIKE wildcards; and short arbitrary text.
STRINGS = st.one_of(
    st.sampled_from(
        [
            "",
            "a",
            "e",
            "S",
            "SE",
            "US",
            "DE",
            "se",
            "sv",
            "en",
            "EUR",
            "Sweden",
            "Nordics",
            "Retail",
            "retail store",
            "Wholesale",
            "allocation",
            "%",
            "_",
            "50%",
            "\\",
            "NORDICS",
            "B2B",
            "WH-OAK",
            "EURO",
            "outlet",
            "qa",
            "erp",
            "id",
            "name",
            "storeId",
            "comment",
            "createdAt",
            "countryId",
            "status",
            "threshold",
        ]
    ),
    st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=4),
).map(nodes.String)
TIMESTAMPS = st.datetimes(
    min_value=datetime(2000, 1, 1),  # noqa: DTZ001 - naive bounds, aware values
    max_value=datetime(2100, 1, 1),  # noqa: DTZ001
    timezones=st.just(UTC),
).map(lambda moment: StringValueNode(value=moment.isoformat()))
NOW_ISH = st.sampled_from(["2000-01-01T00:00:00+00:00", "2999-12-31T23:59:59+00:00"]).map(
    nodes.String
)

import collections

STATS = collections.Counter()
MSGS = collections.Counter()
MAX_PAGE_SIZE = 200
#: Paging values kept as generated although the engine refuses them (HTTP 400): the rest of
#: the out-of-range values are moved into range, so most documents get answered.
REFUSED_LIMITS = frozenset({0, MAX_PAGE_SIZE + 1})
REFUSED_PAGES = frozenset({0, -1})


class _MostlyValidPaging(Visitor):
    def enter_argument(self, node: ArgumentNode, *_: Any) -> ArgumentNode | None:
        if not isinstance(node.value, IntValueNode) or node.name.value not in ("limit", "page"):
            return None
        value = int(node.value.value)
        if node.name.value == "limit":
            valid = (
                value
                if 1 <= value <= MAX_PAGE_SIZE or value in REFUSED_LIMITS
                else ((value - 1) % MAX_PAGE_SIZE + 1)
            )
        else:
            valid = value if value >= 1 or value in REFUSED_PAGES else 1
        if valid == value:
            return None
        return ArgumentNode(name=node.name, value=IntValueNode(value=str(valid)))


def _print(document: DocumentNode) -> str:
    return print_ast(visit(document, _MostlyValidPaging()))


QUERIES = queries(
    build_schema(),
    print_ast=_print,
    fields=TABLE_ROOTS,
    custom_scalars={
        "Int": INTS,
        "String": STRINGS,
        "DateTimeTz": st.one_of(TIMESTAMPS, NOW_ISH),
    },
)


@pytest.mark.slow
@pytest.mark.parametrize("who", ["all", "few"])
def test_generated_queries_answer_like_the_reference(differential: Differential, who: str) -> None:
    differential.caller(who)

    @settings(
        max_examples=1500,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(query=QUERIES)
    def check(query: str) -> None:
        outcome = differential.check(query, who=who)
        event(f"HTTP {outcome.status}")
        import collections, json as j

        STATS[
            (
                outcome.status,
                bool(outcome.body.get("errors")),
                len(j.dumps(outcome.body.get("data"))) // 1000,
            )
        ] += 1
        if outcome.status == 400:
            MSGS.update(str(e.get("message"))[:60] for e in outcome.body["errors"])
        else:
            MSGS.update(str(e.get("message"))[:60] for e in outcome.body.get("errors", []))
        if outcome.status == 200:
            event("with errors" if outcome.body.get("errors") else "without errors")

    check()
    print(sorted(STATS.items()))
    print(MSGS.most_common(15))
