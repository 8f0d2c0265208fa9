"""The exported schema against Appendix A: every difference is listed, with its reason, in
docs/compatibility.md ("Differences from Appendix A"), and every listed difference still
exists (a root field that lands takes its "missing" row out)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fidelity import appendix


def test_appendix_a_holds_every_root_field_of_the_reference() -> None:
    fields = appendix.appendix_fields()

    assert sum(1 for name in fields if name.startswith("Query.")) == 117
    assert sum(1 for name in fields if name.startswith("Mutation.")) == 134
    assert fields["Query.allocationRules"].arguments["where"].default == "{ isActive: true }"
    assert fields["Query.allocationRules"].arguments["page"].default is None


def test_every_difference_from_appendix_a_is_listed_with_its_reason() -> None:
    found = set(appendix.differences())
    listed = appendix.listed_differences()

    unlisted = sorted(found - listed.keys())
    stale = sorted(listed.keys() - found)
    assert not unlisted, (
        "The schema differs from Appendix A where docs/compatibility.md does not say why; add a "
        'row `| `<difference>` | <reason> |` to its table "Differences from Appendix A" (or fix '
        "the schema):\n" + "\n".join(unlisted)
    )
    assert not stale, (
        'These rows of docs/compatibility.md\'s "Differences from Appendix A" no longer differ: '
        "take them out (a root field landed, or the schema now matches):\n" + "\n".join(stale)
    )
    assert all(listed.values()), "every listed difference needs its reason"


MODIFIED = [
    # (replace this, by this, and the difference the comparison must report)
    (
        "allocationRules(where: AllocationRuleFilter = { isActive: true }",
        "allocationRules(where: AllocationRuleFilter = { isActive: false }",
        "Query.allocationRules(where): default { isActive: false }, Appendix A { isActive: true }",
    ),
    (
        "sizeLocalization(id: Int!)",
        "sizeLocalization(id: Int)",
        "Query.sizeLocalization(id): type Int, Appendix A Int!",
    ),
    (
        "rateLimits(where: RateLimitFilter): [RateLimit!]!",
        "rateLimits(where: RateLimitFilter): RateLimit!",
        "Query.rateLimits: returns RateLimit!, Appendix A [RateLimit!]!",
    ),
    (
        'brands(where: BrandFilter, sort: [BrandSort!] = [id_ASC], limit: Int = 20, page: Int = 1): [Brand!] @permission(name: "Brand:read")',
        'brands(where: BrandFilter, sort: [BrandSort!] = [id_ASC], limit: Int = 20, page: Int = 1, extra: Int): [Brand!] @permission(name: "Collection:read")',
        "Query.brands: permission Collection:read, Appendix A Brand:read",
    ),
]


@pytest.mark.parametrize(("old", "new", "expected"), MODIFIED)
def test_the_comparison_reports_each_kind_of_difference(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, old: str, new: str, expected: str
) -> None:
    text = appendix.SCHEMA.read_text(encoding="utf-8")
    assert old in text
    changed = tmp_path / "schema.graphql"
    changed.write_text(text.replace(old, new), encoding="utf-8")
    monkeypatch.setattr(appendix, "SCHEMA", changed)

    assert expected in appendix.differences()


def test_an_extra_argument_and_a_missing_field_are_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = appendix.SCHEMA.read_text(encoding="utf-8")
    changed = tmp_path / "schema.graphql"
    changed.write_text(
        text.replace("viewer: GraphQLUser!", "viewerRenamed: GraphQLUser!").replace(
            "currency(id: Int", "currency(code: String, id: Int"
        ),
        encoding="utf-8",
    )
    monkeypatch.setattr(appendix, "SCHEMA", changed)

    found = appendix.differences()

    assert "Query.viewer: missing" in found
    assert "Query.viewerRenamed: not in Appendix A" in found
    assert "Query.currency(code): not in Appendix A" in found
