"""setMarketDisplays and unsetMarketDisplays: idempotent links between a market and displays
of its store; unlike other mutations they may be sent without selecting userErrors
(reference 1.6)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.displays.conftest import RETAIL, SWEDEN, USA, WHOLESALE, Catalog
from tests.displays.requests import created
from tests.support import Api

SET = """
mutation($input: MarketDisplaysSetInput!) {
  setMarketDisplays(input: $input) {
    market { id displays { id } }
    displays { id updatedAt markets { id } }
    userErrors { message path }
    userWarnings { message path }
  }
}"""

UNSET = """
mutation($input: MarketDisplaysUnsetInput!) {
  unsetMarketDisplays(input: $input) {
    market { id displays { id } }
    displays { id markets { id } }
    userErrors { message path }
    userWarnings { message path }
  }
}"""

LINKS = "{ markets { id displays(limit: 200) { id } } displays(limit: 200) { id updatedAt } }"


@pytest.fixture
def displays(api: Api, catalog: Catalog) -> dict[str, int]:
    def make(store: int, product: int, name: str) -> int:
        display_id: int = created(
            api, store={"id": store}, product={"id": product}, name=name, status="ACTIVE"
        )["id"]
        return display_id

    return {
        "sweater": make(RETAIL, catalog.sweater, "Sweater"),
        "chair": make(RETAIL, catalog.chair, "Chair"),
        "wholesale": make(WHOLESALE, catalog.chair, "Chair B2B"),
    }


def _set(api: Api, market: dict[str, Any], *display_ids: int, token: str | None = None) -> Any:
    return api.ok(
        SET,
        {"input": {"market": market, "displays": [{"id": d} for d in display_ids]}},
        token=token,
    )["setMarketDisplays"]


def _unset(api: Api, market: dict[str, Any], *display_ids: int) -> Any:
    return api.ok(
        UNSET, {"input": {"market": market, "displays": [{"id": d} for d in display_ids]}}
    )["unsetMarketDisplays"]


def test_setting_and_unsetting_market_displays(api: Api, displays: dict[str, int]) -> None:
    sweater, chair = displays["sweater"], displays["chair"]
    before = api.ok(f"{{ display(id: {sweater}) {{ updatedAt }} }}")["display"]["updatedAt"]
    result = _set(api, {"id": SWEDEN}, sweater, chair, sweater)
    assert result["userErrors"] == []
    assert result["userWarnings"] == [
        {"message": f"Duplicate display ID {sweater} skipped.", "path": ["input", "displays", "2"]}
    ]
    assert result["market"] == {"id": SWEDEN, "displays": [{"id": sweater}, {"id": chair}]}
    assert [d["markets"] for d in result["displays"]] == [[{"id": SWEDEN}], [{"id": SWEDEN}]]
    assert result["displays"][0]["updatedAt"] >= before
    again = _set(api, {"id": SWEDEN}, chair)
    assert again["userErrors"] == []
    assert again["userWarnings"] == []
    assert again["market"]["displays"] == [{"id": sweater}, {"id": chair}]
    _set(api, {"id": USA}, chair)
    unset = _unset(api, {"id": SWEDEN}, chair)
    assert unset["userErrors"] == []
    assert unset["market"]["displays"] == [{"id": sweater}]
    assert unset["displays"][0]["markets"] == [{"id": USA}]
    # Unlinking a display that is not linked changes nothing.
    again_unset = _unset(api, {"id": SWEDEN}, chair)
    assert again_unset["userErrors"] == []
    assert again_unset["userWarnings"] == []
    assert again_unset["market"]["displays"] == [{"id": sweater}]


def test_market_displays_by_external_id(api: Api, displays: dict[str, int]) -> None:
    api.ok(
        """mutation($display: Int!) { setIdConversions(input: [
          {objectType: Display, internalId: $display, externalId: "D-1"},
          {objectType: Market, internalId: 2, externalId: "M-US"}
        ]) { userErrors { message } } }""",
        {"display": displays["chair"]},
    )
    result = api.ok(
        SET, {"input": {"market": {"externalId": "M-US"}, "displays": [{"externalId": "D-1"}]}}
    )["setMarketDisplays"]
    assert result["market"]["displays"] == [{"id": displays["chair"]}]


@pytest.mark.parametrize("mutation", ["set", "unset"])
def test_bad_market_display_input_changes_nothing(
    api: Api, catalog: Catalog, displays: dict[str, int], mutation: str
) -> None:
    _set(api, {"id": SWEDEN}, displays["sweater"])
    cases: list[tuple[dict[str, Any], list[int], str, list[str]]] = [
        (
            {"id": 99},
            [displays["sweater"]],
            "Could not find Market with ID 99",
            ["input", "market"],
        ),
        (
            {"id": SWEDEN},
            [displays["sweater"], 999],
            "Could not find Display with ID 999",
            ["input", "displays", "1"],
        ),
        (
            {"id": SWEDEN},
            [displays["sweater"], displays["wholesale"]],
            f"Display ID {displays['wholesale']} belongs to store 2, the market to store 1",
            ["input", "displays", "1"],
        ),
        (
            {"id": catalog.wholesale_market},
            [displays["chair"]],
            "a market shows displays of its own store only",
            ["input", "displays", "0"],
        ),
    ]
    document, field = (
        (SET, "setMarketDisplays") if mutation == "set" else (UNSET, "unsetMarketDisplays")
    )
    for market, ids, message, path in cases:
        before = api.ok(LINKS)
        payload = api.ok(
            document, {"input": {"market": market, "displays": [{"id": d} for d in ids]}}
        )[field]
        assert payload["market"] is None, payload
        assert payload["displays"] is None
        (error,) = payload["userErrors"]
        assert message in error["message"]
        assert error["path"] == path
        assert api.ok(LINKS) == before


def test_a_store_restricted_token_links_its_stores_displays_only(
    api: Api, catalog: Catalog, displays: dict[str, int]
) -> None:
    token = api.token("Display:write", "Display:read", "Market:read", store_id=WHOLESALE)
    foreign_market = _set(api, {"id": SWEDEN}, displays["sweater"], token=token)
    assert foreign_market["userErrors"] == [
        {"message": "Could not find Market with ID 1.", "path": ["input", "market"]}
    ]
    own = _set(api, {"id": catalog.wholesale_market}, displays["wholesale"], token=token)
    assert own["userErrors"] == []
    assert own["market"]["displays"] == [{"id": displays["wholesale"]}]
    foreign_display = _set(api, {"id": catalog.wholesale_market}, displays["chair"], token=token)
    assert foreign_display["userErrors"] == [
        {
            "message": f"Could not find Display with ID {displays['chair']}.",
            "path": ["input", "displays", "0"],
        }
    ]


def test_user_errors_need_not_be_selected(api: Api, displays: dict[str, int]) -> None:
    for field in ("setMarketDisplays", "unsetMarketDisplays"):
        data = api.ok(
            f"mutation($id: Int!) {{ {field}(input: {{market: {{id: 1}}, displays: [{{id: $id}}]}}) "
            "{ market { id displays { id } } } }",
            {"id": displays["sweater"]},
        )
        linked = [] if field == "unsetMarketDisplays" else [{"id": displays["sweater"]}]
        assert data == {field: {"market": {"id": SWEDEN, "displays": linked}}}
