"""Display relations: one-way, typed (Variant, Size, Standard or custom), within one store;
bad input changes nothing; Display.related costs the same statements however many."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from mercato.db import catalog_tables as catalog
from mercato.db.database import Database
from tests.displays.conftest import RETAIL, WHOLESALE, Catalog
from tests.displays.requests import created
from tests.factories import make_product
from tests.support import Api, StatementLog

RELATED = "related { relationType display { id name } }"

ADD = f"""
mutation($input: DisplayRelationAddInput!) {{
  addDisplayRelation(input: $input) {{
    display {{ id {RELATED} }}
    userErrors {{ message path }}
    userWarnings {{ message path }}
  }}
}}"""

REMOVE = f"""
mutation($input: DisplayRelationRemoveInput!) {{
  removeDisplayRelation(input: $input) {{
    display {{ id {RELATED} }}
    userErrors {{ message path }}
  }}
}}"""


def _display(api: Api, product: int, name: str, store: int = RETAIL) -> int:
    display_id: int = created(
        api, store={"id": store}, product={"id": product}, name=name, status="ACTIVE"
    )["id"]
    return display_id


def _relations(database: Database) -> list[Any]:
    relations = catalog.display_relations
    with database.engine.connect() as connection:
        return list(
            connection.execute(
                select(
                    relations.c.display_id,
                    relations.c.related_display_id,
                    relations.c.relation_type,
                ).order_by(relations.c.id)
            ).all()
        )


def _add(api: Api, display: int, related: list[int], relation_type: str) -> dict[str, Any]:
    payload: dict[str, Any] = api.ok(
        ADD,
        {
            "input": {
                "display": {"id": display},
                "relatedDisplays": [{"id": r} for r in related],
                "relationType": relation_type,
            }
        },
    )["addDisplayRelation"]
    return payload


def _remove(api: Api, display: int, related: list[int], relation_type: str) -> dict[str, Any]:
    payload: dict[str, Any] = api.ok(
        REMOVE,
        {
            "input": {
                "display": {"id": display},
                "relatedDisplays": [{"id": r} for r in related],
                "relationType": relation_type,
            }
        },
    )["removeDisplayRelation"]
    return payload


def test_relations_are_one_way_and_typed(api: Api, catalog: Catalog) -> None:
    sweater = _display(api, catalog.sweater, "Sweater")
    chair = _display(api, catalog.chair, "Chair")
    added = _add(api, sweater, [chair], "variant")
    assert added["userErrors"] == []
    assert added["display"]["related"] == [
        {"relationType": "Variant", "display": {"id": chair, "name": "Chair"}}
    ]
    # Adding again changes nothing; a custom type is another relation.
    _add(api, sweater, [chair], "Variant")
    matching = _add(api, sweater, [chair], "Matching furniture")["display"]["related"]
    assert [r["relationType"] for r in matching] == ["Variant", "Matching furniture"]
    # One-way: the chair relates to nothing.
    other = api.ok(
        "query($id: Int!) { display(id: $id) { related { relationType } } }", {"id": chair}
    )
    assert other["display"]["related"] == []
    removed = _remove(api, sweater, [chair], "VARIANT")
    assert removed["userErrors"] == []
    assert removed["display"]["related"] == [
        {"relationType": "Matching furniture", "display": {"id": chair, "name": "Chair"}}
    ]


def test_bad_relations_change_nothing(api: Api, catalog: Catalog) -> None:
    sweater = _display(api, catalog.sweater, "Sweater")
    chair = _display(api, catalog.chair, "Chair")
    wholesale = _display(api, catalog.chair, "Chair wholesale", store=WHOLESALE)
    _add(api, sweater, [chair], "Standard")
    before = _relations(api.database)
    for display, related, relation_type, paths in (
        (999, [chair], "Size", [["input", "display"]]),
        (sweater, [999], "Size", [["input", "relatedDisplays", "0"]]),
        (sweater, [sweater], "Size", [["input", "relatedDisplays", "0"]]),
        (sweater, [wholesale], "Size", [["input", "relatedDisplays", "0"]]),
        (sweater, [chair, chair], "Size", [["input", "relatedDisplays", "1"]]),
        (sweater, [], "Size", [["input", "relatedDisplays"]]),
        (sweater, [chair], " ", [["input", "relationType"]]),
        (sweater, [chair], "x" * 65, [["input", "relationType"]]),
    ):
        payload = _add(api, display, related, relation_type)
        assert [e["path"] for e in payload["userErrors"]] == paths, payload
        assert payload["display"] is None
    missing = _remove(api, sweater, [chair], "Size")
    assert [e["path"] for e in missing["userErrors"]] == [["input", "relatedDisplays", "0"]]
    assert _relations(api.database) == before


def test_a_store_restricted_token_relates_only_its_stores_displays(
    api: Api, catalog: Catalog
) -> None:
    chair = _display(api, catalog.chair, "Chair wholesale", store=WHOLESALE)
    sweater = _display(api, catalog.sweater, "Sweater wholesale", store=WHOLESALE)
    token = api.token("Display:write", "Display:read", store_id=RETAIL)
    response = api.query(
        ADD,
        {
            "input": {
                "display": {"id": sweater},
                "relatedDisplays": [{"id": chair}],
                "relationType": "Standard",
            }
        },
        token=token,
    )
    errors = response.data["addDisplayRelation"]["userErrors"]
    assert errors == [
        {"message": f"Could not find Display with ID {sweater}.", "path": ["input", "display"]}
    ]
    assert _relations(api.database) == []


def test_related_costs_the_same_statements_however_many(
    api: Api, catalog: Catalog, statements: StatementLog
) -> None:
    query = "{ displays(limit: 100) { id related { relationType display { id name } } } }"
    hub = _display(api, catalog.sweater, "Sweater")

    def grow(count: int, first: int) -> None:
        for index in range(count):
            made = make_product(api.database, f"Product {first + index}", variants=("One",))
            display = _display(api, made.product_id, f"Display {first + index}")
            _add(api, hub, [display], "Standard")
            _add(api, display, [hub], "Variant")

    grow(1, 0)
    api.ok(query)
    statements.reset()
    api.ok(query)
    few = statements.count
    grow(4, 1)
    api.ok(query)
    statements.reset()
    assert len(api.ok(query)["displays"]) == 6
    assert statements.count == few


def test_the_deprecated_display_relation_permission_still_grants_the_mutations(
    api: Api, catalog: Catalog
) -> None:
    sweater = _display(api, catalog.sweater, "Sweater")
    chair = _display(api, catalog.chair, "Chair")
    token = api.token("DisplayRelation:write")
    response = api.query(
        ADD.replace(f"display {{ id {RELATED} }}", ""),
        {
            "input": {
                "display": {"id": sweater},
                "relatedDisplays": [{"id": chair}],
                "relationType": "Size",
            }
        },
        token=token,
    )
    assert response.errors == []
    assert response.data["addDisplayRelation"]["userErrors"] == []
    assert response.extensions["deprecatedPermissionsUsed"] == [
        "Field: Mutation.addDisplayRelation, deprecated: DisplayRelation:write, "
        "current: Display:write"
    ]
    assert _relations(api.database) == [(sweater, chair, "Size")]
