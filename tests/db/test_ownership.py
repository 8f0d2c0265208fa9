"""Every object type is classified in ``mercato.db.ownership``, consistently, and
docs/tokens.md lists the classification as it is."""

from __future__ import annotations

from pathlib import Path

from mercato.api.objects import OBJECT_MAPS
from mercato.db.ownership import OWNERSHIP, VALUE_TYPES, Kind

TOKENS_DOC = Path(__file__).parents[2] / "docs" / "tokens.md"
BEGIN = "<!-- ownership kinds: checked by tests/db/test_ownership.py -->"
END = "<!-- end of ownership kinds -->"
#: The order the document lists the kinds in.
DOCUMENTED_KINDS = (Kind.STORE_OWNED, Kind.STORE_LINKED, Kind.CALLER_OWNED, Kind.SHARED)


def test_every_table_backed_type_of_the_api_is_classified() -> None:
    unclassified = set(OBJECT_MAPS) - set(OWNERSHIP) - VALUE_TYPES
    assert not unclassified, f"classify {sorted(unclassified)} in mercato.db.ownership"


def test_store_owned_and_store_linked_types_say_how_to_tell_their_store() -> None:
    for name, ownership in OWNERSHIP.items():
        if ownership.kind in (Kind.STORE_OWNED, Kind.STORE_LINKED):
            assert ownership.scope is not None, name
        assert ownership.noun, name


def expected_listing() -> str:
    lines = [
        f"- {kind.value}: " + ", ".join(sorted(n for n, o in OWNERSHIP.items() if o.kind is kind))
        for kind in DOCUMENTED_KINDS
    ]
    return "\n".join([BEGIN, *lines, END])


def test_docs_tokens_lists_the_types_of_each_kind() -> None:
    text = TOKENS_DOC.read_text(encoding="utf-8")
    start, end = text.index(BEGIN), text.index(END) + len(END)
    assert text[start:end] == expected_listing(), (
        "docs/tokens.md is out of date; replace its ownership block with:\n" + expected_listing()
    )
