"""What the endpoint does around the engine for every request: the NUL check (exact
although it walks the arguments only when the body or the document can hold a NUL), and
the pause of cyclic garbage collection while requests run."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from mercato.http.graphql_endpoint import CollectionPause
from tests.support import Api

NUL_ERROR = "strings may not contain the NUL character."


@pytest.mark.parametrize(
    ("query", "variables"),
    [
        # a variable: the JSON body carries \u0000
        ("query($s: String!) { stores(where: {name: {contains: $s}}) { id } }", {"s": "a\x00"}),
        ("query($s: [String!]) { countries(where: {code: $s}) { id } }", {"s": ["S", "\x00"]}),
        # the document's own escapes
        ('{ stores(where: {name: {contains: "a\\u{0}"}}) { id } }', None),
        ('{ market(externalId: "\\u0000") { id } }', None),
    ],
)
def test_a_nul_anywhere_is_refused(
    api: Api, query: str, variables: dict[str, object] | None
) -> None:
    response = api.query(query, variables)

    assert response.status == 400, response.body
    assert any(NUL_ERROR in error["message"] for error in response.errors), response.errors


def test_strings_without_nul_are_answered(api: Api) -> None:
    query = "query($s: String!) { stores(where: {name: {contains: $s}}) { id } }"
    # An escaped backslash followed by u0000 is no NUL, though the body spells \u0000.
    for value in ("plain", "back\\u0000slash", '"\\u{0}"'):
        assert api.ok(query, {"s": value}) == {"stores": []}


@pytest.fixture
def collecting() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


@pytest.mark.one_backend
@pytest.mark.usefixtures("collecting")
def test_collection_pauses_while_any_request_runs() -> None:
    pause = CollectionPause()
    with pause:
        assert not gc.isenabled()
        with pause:  # an overlapping request (another worker thread)
            assert not gc.isenabled()
        assert not gc.isenabled()  # the first one still runs
    assert gc.isenabled()


@pytest.mark.one_backend
@pytest.mark.usefixtures("collecting")
def test_collection_stays_off_when_it_was_off() -> None:
    gc.disable()
    pause = CollectionPause()
    with pause:
        assert not gc.isenabled()
    assert not gc.isenabled()
