"""Size localizations: created with their countries, renamed, countries added and removed,
localized size names set and removed; bad input changes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from mercato.db import catalog_tables as catalog
from mercato.db.database import Database
from tests.products.catalog import create_size_chart
from tests.support import Api, StatementLog

FIELDS = """
  id name countries { code }
  localizedSizes { size { id name } localizedName }
"""

CREATE = f"""
mutation($input: SizeLocalizationCreateInput!) {{
  createSizeLocalization(input: $input) {{
    sizeLocalization {{ {FIELDS} }}
    userErrors {{ message path }}
    userWarnings {{ message path }}
  }}
}}"""

UPDATE = f"""
mutation($ref: SizeLocalizationInput!, $input: SizeLocalizationUpdateInput!) {{
  updateSizeLocalization(sizeLocalization: $ref, input: $input) {{
    sizeLocalization {{ {FIELDS} }}
    userErrors {{ message path }}
  }}
}}"""

SET = f"""
mutation($ref: SizeLocalizationInput!, $input: [LocalizedSizesSetInput!]!) {{
  setLocalizedSizes(sizeLocalization: $ref, input: $input) {{
    sizeLocalization {{ {FIELDS} }}
    userErrors {{ message path }}
  }}
}}"""


def snapshot(database: Database) -> dict[str, Any]:
    with database.engine.connect() as connection:
        return {
            table.name: connection.execute(select(table).order_by(*table.primary_key.columns)).all()
            for table in (
                catalog.size_localizations,
                catalog.size_localization_countries,
                catalog.localized_sizes,
            )
        }


def _create(api: Api, **input_: Any) -> dict[str, Any]:
    payload: dict[str, Any] = api.ok(CREATE, {"input": input_})["createSizeLocalization"]
    assert payload["userErrors"] == [], payload
    localization: dict[str, Any] = payload["sizeLocalization"]
    return localization


def test_create_update_and_set_localized_sizes(api: Api) -> None:
    chart = create_size_chart(api, "Shirts", ("S", "M", "L"))
    eu = _create(api, name="EU", addCountries=[{"code": "DE"}, {"code": "FR"}])
    assert eu["name"] == "EU"
    assert sorted(c["code"] for c in eu["countries"]) == ["DE", "FR"]
    assert eu["localizedSizes"] == []
    updated = api.ok(
        UPDATE,
        {
            "ref": {"name": "EU"},
            "input": {
                "name": "Europe",
                "addCountries": [{"code": "SE"}],
                "removeCountries": [{"code": "FR"}],
            },
        },
    )["updateSizeLocalization"]
    assert updated["userErrors"] == []
    assert sorted(c["code"] for c in updated["sizeLocalization"]["countries"]) == ["DE", "SE"]
    assert updated["sizeLocalization"]["name"] == "Europe"
    set_ = api.ok(
        SET,
        {
            "ref": {"id": eu["id"]},
            "input": [
                {"size": {"id": chart["S"]}, "localizedName": "46"},
                {"size": {"externalId": "Shirts|M"}, "localizedName": " 48 "},
            ],
        },
    )["setLocalizedSizes"]
    assert set_["userErrors"] == []
    assert set_["sizeLocalization"]["localizedSizes"] == [
        {"size": {"id": chart["S"], "name": "S"}, "localizedName": "46"},
        {"size": {"id": chart["M"], "name": "M"}, "localizedName": "48"},
    ]
    again = api.ok(
        SET,
        {
            "ref": {"id": eu["id"]},
            "input": [
                {"size": {"id": chart["S"]}, "localizedName": None},
                {"size": {"id": chart["M"]}, "localizedName": "48/50"},
                {"size": {"id": chart["L"]}, "localizedName": "52"},
            ],
        },
    )["setLocalizedSizes"]["sizeLocalization"]["localizedSizes"]
    assert [(s["size"]["name"], s["localizedName"]) for s in again] == [("M", "48/50"), ("L", "52")]
    read = api.ok(
        "query($id: Int!) { sizeLocalization(id: $id) { name localizedSizes { localizedName } } }",
        {"id": eu["id"]},
    )["sizeLocalization"]
    assert read == {
        "name": "Europe",
        "localizedSizes": [{"localizedName": "48/50"}, {"localizedName": "52"}],
    }


def test_a_size_its_chart_removes_loses_its_localized_names(api: Api) -> None:
    chart = create_size_chart(api, "Shirts", ("S", "M"))
    eu = _create(api, name="EU")
    api.ok(
        SET,
        {"ref": {"id": eu["id"]}, "input": [{"size": {"id": chart["S"]}, "localizedName": "46"}]},
    )
    changed = api.ok(
        """mutation($id: Int) { updateSizeChart(id: $id, input: {horizontalLabels: ["M"]})
        { userErrors { message } } }""",
        {"id": chart["chart"]},
    )
    assert changed["updateSizeChart"]["userErrors"] == []
    assert snapshot(api.database)["localized_sizes"] == []


def test_lists_filter_sort_and_page(api: Api) -> None:
    for name in ("US", "EU", "UK"):
        _create(api, name=name)
    names = api.ok("{ sizeLocalizations { name } }")["sizeLocalizations"]
    assert [n["name"] for n in names] == ["US", "EU", "UK"]
    by_name = api.ok("{ sizeLocalizations(sort: [name_ASC], limit: 2, page: 2) { name } }")
    assert by_name["sizeLocalizations"] == [{"name": "US"}]
    filtered = api.ok('{ sizeLocalizations(where: {name: {equals: "EU"}}) { name } }')
    assert filtered["sizeLocalizations"] == [{"name": "EU"}]


@pytest.mark.parametrize(
    ("input_", "path"),
    [
        ({"name": " "}, ["input", "name"]),
        ({"name": "EU"}, ["input", "name"]),
        ({"name": "New", "addCountries": [{"code": "XX"}]}, ["input", "addCountries", "0"]),
        # Sweden already uses "EU".
        ({"name": "New", "addCountries": [{"code": "SE"}]}, ["input", "addCountries", "0"]),
    ],
)
def test_bad_creates_change_nothing(api: Api, input_: dict[str, Any], path: list[str]) -> None:
    _create(api, name="EU", addCountries=[{"code": "SE"}])
    before = snapshot(api.database)
    payload = api.ok(CREATE, {"input": input_})["createSizeLocalization"]
    assert payload["sizeLocalization"] is None
    assert [e["path"] for e in payload["userErrors"]] == [path]
    assert snapshot(api.database) == before


def test_bad_updates_and_sets_change_nothing(api: Api) -> None:
    chart = create_size_chart(api, "Shirts", ("S", "M"))
    _create(api, name="EU", addCountries=[{"code": "SE"}])
    us = _create(api, name="US")
    api.ok(
        SET,
        {"ref": {"id": us["id"]}, "input": [{"size": {"id": chart["S"]}, "localizedName": "4"}]},
    )
    before = snapshot(api.database)
    for ref, input_, path in (
        ({"id": 999}, {"name": "X"}, ["sizeLocalization"]),
        ({"id": us["id"], "name": "US"}, {"name": "X"}, ["sizeLocalization"]),
        ({"id": us["id"]}, {"name": "EU"}, ["input", "name"]),
        ({"id": us["id"]}, {"addCountries": [{"code": "SE"}]}, ["input", "addCountries", "0"]),
        (
            {"id": us["id"]},
            {"removeCountries": [{"code": "DE"}]},
            ["input", "removeCountries", "0"],
        ),
        (
            {"id": us["id"]},
            {"addCountries": [{"code": "US"}, {"code": "XX"}]},
            ["input", "addCountries", "1"],
        ),
    ):
        payload = api.ok(UPDATE, {"ref": ref, "input": input_})["updateSizeLocalization"]
        assert [e["path"] for e in payload["userErrors"]] == [path], payload
        assert payload["sizeLocalization"] is None
    for input_, path in (
        ([{"size": {"id": 99999}, "localizedName": "1"}], ["input", "0", "size"]),
        ([{"size": {"name": "S"}, "localizedName": "1"}], ["input", "0", "size"]),
        (
            [
                {"size": {"id": chart["M"]}, "localizedName": "1"},
                {"size": {"externalId": "Shirts|M"}, "localizedName": "2"},
            ],
            ["input", "1", "size"],
        ),
        (
            [{"size": {"id": chart["M"]}, "localizedName": "x" * 256}],
            ["input", "0", "localizedName"],
        ),
    ):
        payload = api.ok(SET, {"ref": {"id": us["id"]}, "input": input_})["setLocalizedSizes"]
        assert [e["path"] for e in payload["userErrors"]] == [path], payload
    assert snapshot(api.database) == before


def test_the_list_costs_the_same_statements_however_many(
    api: Api, statements: StatementLog
) -> None:
    query = """{ sizeLocalizations {
      id name countries { code } localizedSizes { localizedName size { name sizeChart { name } } }
    } }"""
    chart = create_size_chart(api, "Shirts", ("S", "M", "L"))

    def grow(names: tuple[str, ...]) -> None:
        for name in names:
            localization = _create(api, name=name)
            api.ok(
                SET,
                {
                    "ref": {"id": localization["id"]},
                    "input": [
                        {"size": {"id": chart[size]}, "localizedName": f"{name}-{size}"}
                        for size in ("S", "M", "L")
                    ],
                },
            )

    grow(("A",))
    api.ok(query)
    statements.reset()
    api.ok(query)
    few = statements.count
    grow(("B", "C", "D"))
    api.ok(query)
    statements.reset()
    assert len(api.ok(query)["sizeLocalizations"]) == 4
    assert statements.count == few
