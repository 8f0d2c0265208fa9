"""Size charts: sizes generated from labels, ID-conversion entries kept in step for every
integration, and the rules that protect sizes in use."""

from __future__ import annotations

from typing import Any

import pytest

from mercato.classification import sizecharts
from mercato.db.unit_of_work import Writer
from tests.classification import rows
from tests.support import Api

CHART_FIELDS = """
  id name horizontalLabels verticalLabels dividerSymbol displayUnit displayDividedBy isEnabled
  sizes { id name sizeChart { name } }
"""

CREATE = f"""
mutation($input: SizeChartCreateInput!) {{
  createSizeChart(input: $input) {{
    sizeChart {{ {CHART_FIELDS} }}
    userErrors {{ message path }}
    userWarnings {{ message path }}
  }}
}}"""

UPDATE = f"""
mutation($id: Int, $externalId: String, $input: SizeChartUpdateInput!) {{
  updateSizeChart(id: $id, externalId: $externalId, input: $input) {{
    sizeChart {{ {CHART_FIELDS} }}
    userErrors {{ message path }}
  }}
}}"""

RENAME = f"""
mutation($id: Int, $externalId: String, $input: SizeChartLabelsUpdateInput!) {{
  updateSizeChartLabels(id: $id, externalId: $externalId, input: $input) {{
    sizeChart {{ {CHART_FIELDS} }}
    userErrors {{ message path }}
  }}
}}"""

DELETE = """
mutation($id: Int, $externalId: String) {
  deleteSizeChart(id: $id, externalId: $externalId) { userErrors { message path } }
}"""

STATE = f"""{{
  sizeCharts {{ {CHART_FIELDS} }}
  idConversions(limit: 200) {{ objectType internalId externalId }}
}}"""


def _create(api: Api, token: str | None = None, **input_: Any) -> dict[str, Any]:
    result: dict[str, Any] = api.ok(CREATE, {"input": input_}, token=token)["createSizeChart"]
    assert result["userErrors"] == [], result
    chart: dict[str, Any] = result["sizeChart"]
    return chart


def _sizes(chart: dict[str, Any]) -> list[str]:
    return [size["name"] for size in chart["sizes"]]


def _size_ids(chart: dict[str, Any]) -> dict[str, int]:
    return {size["name"]: size["id"] for size in chart["sizes"]}


# -- creating --------------------------------------------------------------------------------


def test_a_one_dimensional_chart_has_one_size_per_label(api: Api) -> None:
    chart = _create(api, name="Tops", horizontalLabels=["XS", "S", "M"], displayUnit="cm")

    assert _sizes(chart) == ["XS", "S", "M"]
    assert chart["horizontalLabels"] == ["XS", "S", "M"]
    assert chart["verticalLabels"] is None
    assert chart["dividerSymbol"] == "x"
    assert chart["displayUnit"] == "cm"
    assert chart["displayDividedBy"] is None
    assert chart["isEnabled"] is True
    assert {s["sizeChart"]["name"] for s in chart["sizes"]} == {"Tops"}


def test_a_two_dimensional_chart_has_every_pair_horizontal_major(api: Api) -> None:
    chart = _create(
        api,
        name="Jeans",
        horizontalLabels=["28", "30"],
        verticalLabels=["32", "34"],
        dividerSymbol="/",
        displayDividedBy=10,
    )

    assert _sizes(chart) == ["28/32", "28/34", "30/32", "30/34"]
    assert chart["verticalLabels"] == ["32", "34"]
    assert chart["displayDividedBy"] == 10


def test_every_known_integration_gets_an_entry_per_size(api: Api) -> None:
    api.token("Store:read", integration="erp")
    api.token("Store:read", integration=None)
    legacy = api.token("IdConversion:write", integration="legacy")
    api.ok(
        'mutation { setIdConversions(input: {objectType: Store, internalId: 1, externalId: "R"}) '
        "{ userErrors { message } } }",
        token=legacy,
    )
    anonymous = api.token("SizeChart:write", "SizeChart:read", "Size:read", integration=None)

    chart = _create(api, token=anonymous, name="Kids", horizontalLabels=["110", "120"])

    ids = _size_ids(chart)
    assert rows.conversions(api.database, "Size") == [
        (integration, ids[size], f"Kids|{size}")
        for integration in ("erp", "legacy", "qa")
        for size in ("110", "120")
    ]
    data = api.ok("{ idConversions(where: {objectType: Size}) { internalId externalId } }")
    assert data["idConversions"] == [
        {"internalId": ids["110"], "externalId": "Kids|110"},
        {"internalId": ids["120"], "externalId": "Kids|120"},
    ]


def test_a_chart_can_be_created_with_its_external_id(api: Api) -> None:
    chart = _create(api, name="Shoes", horizontalLabels=["40", "41"], externalId="ERP-SHOES")

    found = api.ok('{ sizeChart(externalId: "ERP-SHOES") { id name } }')
    assert found == {"sizeChart": {"id": chart["id"], "name": "Shoes"}}
    assert ("qa", chart["id"], "ERP-SHOES") in rows.conversions(api.database, "SizeChart")


def test_a_generated_entry_overwrites_an_entry_the_integration_set_for_another_size(
    api: Api,
) -> None:
    api.ok(
        'mutation { setIdConversions(input: {objectType: Warehouse, internalId: 1, externalId: "W"}) '
        "{ userErrors { message } } }"
    )
    first = _create(api, name="First", horizontalLabels=["A"])
    api.ok(
        "mutation($id: Int!) { setIdConversions(input: {objectType: Size, internalId: $id, "
        'externalId: "Second|B"}) { userErrors { message } } }',
        {"id": first["sizes"][0]["id"]},
    )

    second = _create(api, name="Second", horizontalLabels=["B"])

    assert api.ok("{ idConversions(where: {objectType: Size}) { internalId externalId } }") == {
        "idConversions": [{"internalId": second["sizes"][0]["id"], "externalId": "Second|B"}]
    }


@pytest.mark.parametrize(
    ("input_", "message", "path"),
    [
        (
            {"name": "One", "horizontalLabels": ["A"]},
            'named "One" already exists',
            ["input", "name"],
        ),
        ({"name": "  ", "horizontalLabels": ["A"]}, "needs a name", ["input", "name"]),
        ({"name": "A|B", "horizontalLabels": ["A"]}, 'cannot contain "|"', ["input", "name"]),
        ({"name": "X", "horizontalLabels": []}, "at least one horizontal label", None),
        ({"name": "X", "horizontalLabels": ["S", "S"]}, 'Label "S" is given twice', None),
        ({"name": "X", "horizontalLabels": ["S", " "]}, "printable characters", None),
        (
            {"name": "X", "horizontalLabels": ["S"], "verticalLabels": ["1", "1"]},
            'Label "1" is given twice',
            ["input", "verticalLabels", "1"],
        ),
        (
            {"name": "X", "horizontalLabels": ["1x", "1"], "verticalLabels": ["x2", "2"]},
            'generate size "1xx2" twice',
            ["input"],
        ),
        (
            {"name": "X", "horizontalLabels": ["S"], "dividerSymbol": ""},
            "dividerSymbol must be",
            ["input", "dividerSymbol"],
        ),
        (
            {"name": "X", "horizontalLabels": ["S"], "dividerSymbol": "123456789"},
            "dividerSymbol must be",
            ["input", "dividerSymbol"],
        ),
        (
            {"name": "X", "horizontalLabels": ["S"], "displayDividedBy": 0},
            "displayDividedBy must be at least 1",
            ["input", "displayDividedBy"],
        ),
        (
            {"name": "N" * 200, "horizontalLabels": ["S" * 60]},
            "longer than 255 characters",
            ["input"],
        ),
        (
            {"name": "X", "horizontalLabels": ["S"], "externalId": "taken"},
            'externalId "taken" already names SizeChart',
            ["input", "externalId"],
        ),
    ],
)
def test_bad_size_chart_input_gives_user_errors_and_changes_nothing(
    api: Api, input_: dict[str, Any], message: str, path: list[str] | None
) -> None:
    _create(api, name="One", horizontalLabels=["A"], externalId="taken")
    before = api.ok(STATE)

    result = api.ok(CREATE, {"input": input_})["createSizeChart"]

    assert result["sizeChart"] is None
    (error, *_) = result["userErrors"]
    assert message in error["message"]
    if path is not None:
        assert error["path"] == path
    assert api.ok(STATE) == before


def test_an_external_id_needs_a_token_with_an_integration(api: Api) -> None:
    token = api.token("SizeChart:write", integration=None)
    before = api.ok(STATE)

    result = api.ok(
        'mutation { createSizeChart(input: {name: "X", horizontalLabels: ["S"], externalId: "X"}) '
        "{ userErrors { message path } } }",
        token=token,
    )["createSizeChart"]
    assert "no integration name" in result["userErrors"][0]["message"]
    assert result["userErrors"][0]["path"] == ["input", "externalId"]
    assert api.ok(STATE) == before


# -- updating ----------------------------------------------------------------------------------


def test_updating_labels_adds_removes_and_reorders_sizes_keeping_ids(api: Api) -> None:
    chart = _create(api, name="Tops", horizontalLabels=["S", "M", "L"])
    before = _size_ids(chart)

    result = api.ok(
        UPDATE, {"id": chart["id"], "input": {"horizontalLabels": ["XL", "L", "S", "XS"]}}
    )["updateSizeChart"]

    assert result["userErrors"] == []
    after = result["sizeChart"]
    assert _sizes(after) == ["XL", "L", "S", "XS"]
    assert _size_ids(after)["L"] == before["L"]
    assert _size_ids(after)["S"] == before["S"]
    assert after["horizontalLabels"] == ["XL", "L", "S", "XS"]
    assert {external for _, _, external in rows.conversions(api.database, "Size")} == {
        "Tops|XL",
        "Tops|L",
        "Tops|S",
        "Tops|XS",
    }


def test_renaming_a_chart_renames_the_generated_entries_of_every_integration(api: Api) -> None:
    api.token("Store:read", integration="erp")
    chart = _create(api, name="Tops", horizontalLabels=["S", "M"], externalId="ERP-TOPS")
    ids = _size_ids(chart)
    # The integration chose its own id for M: a rename leaves it alone.
    api.ok(
        "mutation($id: Int!) { setIdConversions(input: {objectType: Size, internalId: $id, "
        'externalId: "M-OWN"}) { userErrors { message } } }',
        {"id": ids["M"]},
    )

    result = api.ok(
        UPDATE,
        {"externalId": "ERP-TOPS", "input": {"name": "Shirts", "verticalLabels": []}},
    )["updateSizeChart"]

    assert result["userErrors"] == []
    assert result["sizeChart"]["name"] == "Shirts"
    assert _size_ids(result["sizeChart"]) == ids
    assert rows.conversions(api.database, "Size") == [
        ("erp", ids["S"], "Shirts|S"),
        ("erp", ids["M"], "Shirts|M"),
        ("qa", ids["S"], "Shirts|S"),
        ("qa", ids["M"], "M-OWN"),
    ]


def test_a_new_divider_renames_the_sizes_of_a_two_dimensional_chart(api: Api) -> None:
    chart = _create(api, name="Jeans", horizontalLabels=["28"], verticalLabels=["32", "34"])
    ids = _size_ids(chart)

    result = api.ok(UPDATE, {"id": chart["id"], "input": {"dividerSymbol": "/"}})["updateSizeChart"]

    assert _size_ids(result["sizeChart"]) == {"28/32": ids["28x32"], "28/34": ids["28x34"]}
    assert {e for _, _, e in rows.conversions(api.database, "Size")} == {
        "Jeans|28/32",
        "Jeans|28/34",
    }


def test_display_fields_change_and_clear(api: Api) -> None:
    chart = _create(api, name="Rings", horizontalLabels=["50"], displayUnit="mm")
    result = api.ok(
        UPDATE, {"id": chart["id"], "input": {"displayUnit": "", "displayDividedBy": 10}}
    )["updateSizeChart"]
    assert result["sizeChart"]["displayUnit"] is None
    assert result["sizeChart"]["displayDividedBy"] == 10


def test_a_size_a_product_size_uses_cannot_be_removed(api: Api) -> None:
    chart = _create(api, name="Tops", horizontalLabels=["S", "M"])
    product = rows.product(api.database)
    variant = rows.variant(api.database, product, chart["id"])
    rows.product_size(api.database, variant, _size_ids(chart)["M"])
    before = api.ok(STATE)

    result = api.ok(UPDATE, {"id": chart["id"], "input": {"horizontalLabels": ["S", "L"]}})[
        "updateSizeChart"
    ]

    assert result["sizeChart"] is None
    assert result["userErrors"] == [
        {
            "message": 'Size "M" is used by product sizes, so it cannot be removed.',
            "path": ["input", "horizontalLabels"],
        }
    ]
    assert api.ok(STATE) == before
    # Adding and reordering around a used size is fine.
    ok = api.ok(UPDATE, {"id": chart["id"], "input": {"horizontalLabels": ["M", "S", "L"]}})
    assert _sizes(ok["updateSizeChart"]["sizeChart"]) == ["M", "S", "L"]


@pytest.mark.parametrize(
    ("input_", "message"),
    [
        ({"name": "Other"}, 'named "Other" already exists'),
        ({"name": "A|B"}, 'cannot contain "|"'),
        ({"horizontalLabels": []}, "at least one horizontal label"),
        ({"horizontalLabels": ["S", "S"]}, "given twice"),
        ({"verticalLabels": ["1", "1"]}, "given twice"),
        ({"dividerSymbol": ""}, "dividerSymbol must be"),
        ({"displayDividedBy": -1}, "at least 1"),
        ({"horizontalLabels": ["1x", "1"], "verticalLabels": ["x2", "2"]}, "twice"),
    ],
)
def test_bad_size_chart_updates_change_nothing(
    api: Api, input_: dict[str, Any], message: str
) -> None:
    chart = _create(api, name="Tops", horizontalLabels=["S", "M"])
    _create(api, name="Other", horizontalLabels=["A"])
    before = api.ok(STATE)

    result = api.ok(UPDATE, {"id": chart["id"], "input": input_})["updateSizeChart"]

    assert result["sizeChart"] is None
    assert message in result["userErrors"][0]["message"]
    assert api.ok(STATE) == before


def test_updating_an_unknown_chart_is_a_user_error(api: Api) -> None:
    result = api.ok(UPDATE, {"externalId": "nope", "input": {"name": "X"}})["updateSizeChart"]
    assert result["userErrors"] == [
        {"message": 'Could not find SizeChart with externalId "nope".', "path": ["externalId"]}
    ]
    missing = api.ok(UPDATE, {"input": {"name": "X"}})["updateSizeChart"]
    assert missing["userErrors"][0]["message"] == "Give id or externalId."


# -- renaming labels ---------------------------------------------------------------------------


def test_renaming_labels_renames_sizes_and_their_entries(api: Api) -> None:
    chart = _create(api, name="Jeans", horizontalLabels=["28", "30"], verticalLabels=["32"])
    ids = _size_ids(chart)

    result = api.ok(RENAME, {"id": chart["id"], "input": {"horizontalLabels": ["W28", "W30"]}})[
        "updateSizeChartLabels"
    ]

    assert result["userErrors"] == []
    assert _size_ids(result["sizeChart"]) == {"W28x32": ids["28x32"], "W30x32": ids["30x32"]}
    assert result["sizeChart"]["horizontalLabels"] == ["W28", "W30"]
    assert rows.conversions(api.database, "Size") == [
        ("qa", ids["28x32"], "Jeans|W28x32"),
        ("qa", ids["30x32"], "Jeans|W30x32"),
    ]


def test_swapping_two_labels_swaps_the_names_of_their_sizes(api: Api) -> None:
    chart = _create(api, name="Tops", horizontalLabels=["S", "M"])
    ids = _size_ids(chart)

    result = api.ok(RENAME, {"id": chart["id"], "input": {"horizontalLabels": ["M", "S"]}})[
        "updateSizeChartLabels"
    ]

    assert result["userErrors"] == []
    assert result["sizeChart"]["sizes"][0]["id"] == ids["S"]
    assert _size_ids(result["sizeChart"]) == {"M": ids["S"], "S": ids["M"]}
    assert rows.conversions(api.database, "Size") == [
        ("qa", ids["S"], "Tops|M"),
        ("qa", ids["M"], "Tops|S"),
    ]


def test_renaming_keeps_sizes_that_product_sizes_use(api: Api) -> None:
    chart = _create(api, name="Tops", horizontalLabels=["S"], verticalLabels=["Short", "Long"])
    variant = rows.variant(api.database, rows.product(api.database), chart["id"])
    rows.product_size(api.database, variant, _size_ids(chart)["SxLong"])

    result = api.ok(RENAME, {"id": chart["id"], "input": {"verticalLabels": ["Sh", "Lo"]}})[
        "updateSizeChartLabels"
    ]

    assert result["userErrors"] == []
    assert _sizes(result["sizeChart"]) == ["SxSh", "SxLo"]


@pytest.mark.parametrize(
    ("input_", "message", "path"),
    [
        ({"horizontalLabels": ["S"]}, "give 2 label(s), got 1", ["input", "horizontalLabels"]),
        ({"horizontalLabels": ["A", "A"]}, "given twice", ["input", "horizontalLabels", "1"]),
        ({"verticalLabels": ["1"]}, "give 0 label(s), got 1", ["input", "verticalLabels"]),
        ({"horizontalLabels": []}, "at least one horizontal label", ["input", "horizontalLabels"]),
    ],
)
def test_bad_label_renames_change_nothing(
    api: Api, input_: dict[str, Any], message: str, path: list[str]
) -> None:
    chart = _create(api, name="Tops", horizontalLabels=["S", "M"])
    before = api.ok(STATE)

    result = api.ok(RENAME, {"id": chart["id"], "input": input_})["updateSizeChartLabels"]

    assert result["sizeChart"] is None
    assert message in result["userErrors"][0]["message"]
    assert result["userErrors"][0]["path"] == path
    assert api.ok(STATE) == before


# -- deleting ----------------------------------------------------------------------------------


def test_deleting_a_chart_removes_its_sizes_and_entries(api: Api) -> None:
    chart = _create(api, name="Tops", horizontalLabels=["S", "M"], externalId="T")
    kept = _create(api, name="Kept", horizontalLabels=["A"])

    result = api.ok(DELETE, {"externalId": "T"})["deleteSizeChart"]

    assert result["userErrors"] == []
    assert api.ok("{ sizeCharts { name } }") == {
        "sizeCharts": [{"name": "One Size"}, {"name": "S-M-L"}, {"name": "Kept"}]
    }
    assert rows.conversions(api.database, "SizeChart") == []
    assert rows.conversions(api.database, "Size") == [("qa", kept["sizes"][0]["id"], "Kept|A")]
    assert rows.count(api.database, "sizes") == 1 + 3 + 1
    again = api.ok(DELETE, {"id": chart["id"]})["deleteSizeChart"]
    assert again["userErrors"] == [
        {"message": f"Could not find SizeChart with ID {chart['id']}.", "path": ["id"]}
    ]


def test_a_chart_a_variant_uses_cannot_be_deleted(api: Api) -> None:
    chart = _create(api, name="Tops", horizontalLabels=["S", "M"])
    rows.variant(api.database, rows.product(api.database), chart["id"])
    before = api.ok(STATE)

    result = api.ok(DELETE, {"id": chart["id"]})["deleteSizeChart"]

    assert result["userErrors"] == [
        {
            "message": 'Size chart "Tops" is used by 1 product variant(s), so it cannot be deleted.',
            "path": [],
        }
    ]
    assert api.ok(STATE) == before


def test_a_chart_whose_sizes_product_sizes_use_cannot_be_deleted(api: Api) -> None:
    chart = _create(api, name="Tops", horizontalLabels=["S", "M"])
    other = _create(api, name="Other", horizontalLabels=["A"])
    # A variant of another chart (data from before the rule) uses size S.
    variant = rows.variant(api.database, rows.product(api.database), other["id"])
    rows.product_size(api.database, variant, _size_ids(chart)["S"])
    before = api.ok(STATE)

    result = api.ok(DELETE, {"id": chart["id"]})["deleteSizeChart"]

    assert "used by product sizes" in result["userErrors"][0]["message"]
    assert api.ok(STATE) == before


# -- reading -----------------------------------------------------------------------------------


def test_size_charts_filter_sort_and_page(api: Api) -> None:
    for name in ("Tops", "Jeans", "Shoes"):
        _create(api, name=name, horizontalLabels=["A"])

    data = api.ok(
        """{
          byName: sizeCharts(where: {name: {contains: "o"}}) { name }
          exact: sizeCharts(where: {name: {equals: "Jeans"}}) { name }
          sorted: sizeCharts(sort: [name_DESC]) { name }
          paged: sizeCharts(limit: 1, page: 2) { name }
          all: sizeCharts { name }
        }"""
    )

    names = ["One Size", "S-M-L", "Tops", "Jeans", "Shoes"]  # the demo's charts first
    assert data["byName"] == [{"name": n} for n in ("One Size", "Tops", "Shoes")]
    assert data["exact"] == [{"name": "Jeans"}]
    assert data["sorted"] == [{"name": n} for n in sorted(names, reverse=True)]
    assert data["paged"] == [{"name": "S-M-L"}]
    assert data["all"] == [{"name": n} for n in names]


def test_reading_sizes_needs_size_read(api: Api) -> None:
    _create(api, name="Tops", horizontalLabels=["S"])
    token = api.token("SizeChart:read")

    response = api.query(
        '{ sizeCharts(where: {name: {equals: "Tops"}}) { name sizes { name } } }', token=token
    )

    assert response.data == {"sizeCharts": [{"name": "Tops", "sizes": None}]}
    assert response.errors[0]["message"] == "You need Size:read permission to access sizes."


def test_an_integration_that_appears_later_gets_the_entries_from_a_sync(api: Api) -> None:
    # The demo's charts were created before any token existed: no integration has entries.
    assert api.ok("{ idConversions(where: {objectType: Size}) { externalId } }") == {
        "idConversions": []
    }
    chart = _create(api, name="Tops", horizontalLabels=["S"])
    api.token("Store:read", integration="late-erp")

    sizecharts.sync_size_entries(Writer.system(api.database))
    sizecharts.sync_size_entries(Writer.system(api.database))  # idempotent

    entries = rows.conversions(api.database, "Size")
    assert ("late-erp", chart["sizes"][0]["id"], "Tops|S") in entries
    assert {e for i, _, e in entries if i == "qa"} == {
        "One Size|One Size",
        "S-M-L|S",
        "S-M-L|M",
        "S-M-L|L",
        "Tops|S",
    }
    assert len(entries) == 2 * 5
    found = api.ok('{ s: idConversions(where: {externalId: {equals: "S-M-L|M"}}) { internalId } }')
    assert len(found["s"]) == 1
