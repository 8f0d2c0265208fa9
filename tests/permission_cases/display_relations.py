"""Permission-matrix cases of the display-relation mutations (Display:write; the deprecated
DisplayRelation:write maps to it). The setup makes displays 1 and 2 (the demo database holds
none) of two products in the Retail store."""

from __future__ import annotations

from tests.permission_cases import Case


def _mutation(field: str, arguments: str) -> str:
    return f"mutation {{ {field}({arguments}) {{ userErrors {{ message }} }} }}"


SETUP = tuple(
    step
    for number in (1, 2)
    for step in (
        _mutation(
            "createProduct",
            f'input: {{name: "Relation matrix {number}", productNumber: "RM{number}", '
            f'externalId: "relation-matrix-{number}"}}',
        ),
        _mutation(
            "createDisplay",
            f'input: {{store: {{id: 1}}, product: {{externalId: "relation-matrix-{number}"}}, '
            f'name: "Relation {number}", status: ACTIVE}}',
        ),
    )
)
RELATION = 'input: {display: {id: 1}, relatedDisplays: [{id: 2}], relationType: "Standard"}'

CASES: dict[str, Case] = {
    "addDisplayRelation": Case(
        _mutation("addDisplayRelation", RELATION), ("Display:write",), setup=SETUP
    ),
    "removeDisplayRelation": Case(
        _mutation("removeDisplayRelation", RELATION),
        ("Display:write",),
        setup=(*SETUP, _mutation("addDisplayRelation", RELATION)),
    ),
}
