"""Displays: createDisplay/updateDisplay with their rules, and reading displays and items."""

from __future__ import annotations

from typing import Any

import pytest

from tests.displays.conftest import AMAZON, RETAIL, SWEDEN, USA, WHOLESALE, Catalog
from tests.displays.requests import CREATE, EVERYTHING, UPDATE, create, created, update
from tests.factories import make_product
from tests.support import Api


def sweater_display(api: Api, catalog: Catalog, **extra: Any) -> dict[str, Any]:
    return created(
        api,
        store={"id": RETAIL},
        product={"id": catalog.sweater},
        name="Sweater",
        status="ACTIVE",
        **extra,
    )


def test_creating_a_display_with_everything(api: Api, catalog: Catalog) -> None:
    result = create(
        api,
        store={"id": RETAIL},
        product={"id": catalog.sweater},
        name="Tröja Röd & Blå",
        status="ACTIVE",
        minimumOrderQuantity=2,
        orderQuantityDenominator=2,
        description="Warm",
        shortDescription="Wool",
        metaTitle="Sweater",
        metaDescription="A sweater",
        metaKeywords="wool, knit",
        comment="Internal",
        tags=["knit", " wool ", "knit"],
        addCategories=[{"id": catalog.women}],
        canonicalCategory={"id": catalog.men},
        addMarkets=[{"id": SWEDEN}, {"id": USA}],
        addProductVariants=[
            {"productVariant": {"id": catalog.blue}},
            {"productVariant": {"id": catalog.red}},
        ],
    )
    assert result["userErrors"] == []
    assert result["userWarnings"] == [
        {"message": 'Duplicate tag "knit" skipped.', "path": ["input", "tags", "2"]},
        {
            "message": f"Category ID {catalog.men} was added to the display's categories: the "
            "canonical category is one of them.",
            "path": ["input", "canonicalCategory"],
        },
    ]
    display = result["display"]
    items = display.pop("displayItems")
    for member in ("createdAt", "updatedAt"):
        assert display.pop(member).endswith("+00:00")
    assert display == {
        "id": display["id"],
        "name": "Tröja Röd & Blå",
        "status": "ACTIVE",
        "uri": "troja-rod-bla",
        "minimumOrderQuantity": 2,
        "orderQuantityDenominator": 2,
        "description": "Warm",
        "shortDescription": "Wool",
        "metaTitle": "Sweater",
        "metaDescription": "A sweater",
        "metaKeywords": "wool, knit",
        "comment": "Internal",
        "tags": ["knit", "wool"],
        "store": {"id": RETAIL},
        "product": {"id": catalog.sweater},
        "productVariants": [{"id": catalog.blue}, {"id": catalog.red}],
        "markets": [{"id": SWEDEN}, {"id": USA}],
        "categories": [{"id": catalog.women}, {"id": catalog.men}],
        "canonicalCategory": {"id": catalog.men},
    }
    assert [(i["customOrder"], i["productVariant"]["id"], i["display"]["id"]) for i in items] == [
        (1, catalog.blue, display["id"]),
        (2, catalog.red, display["id"]),
    ]


def test_a_minimal_display_has_defaults(api: Api, catalog: Catalog) -> None:
    display = created(
        api, store={"id": RETAIL}, product={"id": catalog.chair}, name="Chair", status="INACTIVE"
    )
    assert display["uri"] == "chair"
    assert display["minimumOrderQuantity"] == 1
    assert display["orderQuantityDenominator"] == 1
    assert display["tags"] == []
    assert display["description"] is None
    assert display["canonicalCategory"] is None
    assert display["displayItems"] == []
    assert display["productVariants"] == []


def test_generated_uris_are_made_unique_in_the_store(api: Api, catalog: Catalog) -> None:
    third = make_product(api.database, "Lamp", product_number="LA1").product_id
    first = created(
        api, store={"id": RETAIL}, product={"id": catalog.sweater}, name="Classic", status="ACTIVE"
    )
    second = created(
        api, store={"id": RETAIL}, product={"id": catalog.chair}, name="Classic!", status="ACTIVE"
    )
    other_store = created(
        api, store={"id": WHOLESALE}, product={"id": catalog.chair}, name="Classic", status="ACTIVE"
    )
    last = created(
        api, store={"id": RETAIL}, product={"id": third}, name="classic", status="ACTIVE"
    )
    assert [first["uri"], second["uri"], other_store["uri"], last["uri"]] == [
        "classic",
        "classic-2",
        "classic",
        "classic-3",
    ]


def _must_fail(
    api: Api, mutation: str, variables: dict[str, Any], message: str, path: list[str]
) -> None:
    """The mutation answers exactly one userError and a null object, and changes nothing."""
    before = api.ok(EVERYTHING)
    response = api.ok(mutation, variables)
    (payload,) = response.values()
    assert payload["display"] is None, payload
    assert len(payload["userErrors"]) == 1, payload["userErrors"]
    (error,) = payload["userErrors"]
    assert message in error["message"], error
    assert error["path"] == path
    assert api.ok(EVERYTHING) == before


BAD_CREATES: list[tuple[dict[str, Any], str, list[str]]] = [
    ({"name": " "}, "needs a name", ["input", "name"]),
    ({"name": "x" * 256}, "at most 255 characters", ["input", "name"]),
    ({"store": {"id": 99}}, "Could not find Store with ID 99", ["input", "store"]),
    ({"product": {"id": 999}}, "Could not find Product with ID 999", ["input", "product"]),
    (
        {"product": {"externalId": "nope"}},
        'Could not find Product with externalId "nope"',
        ["input", "product"],
    ),
    ({"uri": "Has Spaces"}, '"Has Spaces" is not a valid uri', ["input", "uri"]),
    ({"uri": "åäö"}, "is not a valid uri", ["input", "uri"]),
    ({"uri": "---"}, "is not a valid uri", ["input", "uri"]),
    ({"uri": "a" * 256}, "at most 255 characters", ["input", "uri"]),
    ({"name": "!!!"}, 'No uri can be generated from the name "!!!"', ["input", "name"]),
    (
        {"minimumOrderQuantity": 0},
        "minimumOrderQuantity must be at least 1",
        ["input", "minimumOrderQuantity"],
    ),
    (
        {"orderQuantityDenominator": -2},
        "orderQuantityDenominator must be at least 1",
        ["input", "orderQuantityDenominator"],
    ),
    ({"metaTitle": "m" * 256}, "At most 255 characters", ["input", "metaTitle"]),
    ({"tags": ["ok", "  "]}, "A tag cannot be empty", ["input", "tags", "1"]),
    (
        {"addMarkets": [{"id": 99}]},
        "Could not find Market with ID 99",
        ["input", "addMarkets", "0"],
    ),
    (
        {"addCategories": [{"id": 999}]},
        "Could not find Category with ID 999",
        ["input", "addCategories", "0"],
    ),
    ({"canonicalCategory": {"id": 999}}, "Could not find Category", ["input", "canonicalCategory"]),
    (
        {"addProductVariants": [{"productVariant": {"id": 999}}]},
        "Could not find ProductVariant with ID 999",
        ["input", "addProductVariants", "0", "productVariant"],
    ),
    (
        {"addMarkets": [{"id": 1, "externalId": "x"}]},
        "Give exactly one of id, externalId or code",
        ["input", "addMarkets", "0"],
    ),
]


@pytest.mark.parametrize(("input_", "message", "path"), BAD_CREATES)
def test_bad_create_input_gives_a_user_error_and_changes_nothing(
    api: Api, catalog: Catalog, input_: dict[str, Any], message: str, path: list[str]
) -> None:
    sweater_display(api, catalog, uri="taken")
    base = {
        "store": {"id": RETAIL},
        "product": {"id": catalog.chair},
        "name": "Chair",
        "status": "ACTIVE",
    }
    _must_fail(api, CREATE, {"input": {**base, **input_}}, message, path)


def test_create_rules_that_need_the_catalog(api: Api, catalog: Catalog) -> None:
    sweater_display(api, catalog, uri="taken")
    base = {
        "store": {"id": RETAIL},
        "product": {"id": catalog.chair},
        "name": "Chair",
        "status": "ACTIVE",
    }
    cases: list[tuple[dict[str, Any], str, list[str]]] = [
        (
            {"product": {"id": catalog.sweater}},
            f"Product {catalog.sweater} already has a display in store 1",
            ["input", "product"],
        ),
        ({"uri": "taken"}, 'Another display of store 1 has the uri "taken"', ["input", "uri"]),
        (
            {"addProductVariants": [{"productVariant": {"id": catalog.red}}]},
            f"belongs to product {catalog.sweater}, not to the display's product {catalog.chair}",
            ["input", "addProductVariants", "0"],
        ),
        (
            {"addMarkets": [{"id": catalog.wholesale_market}]},
            f"Market ID {catalog.wholesale_market} belongs to store 2, the display to store 1",
            ["input", "addMarkets", "0"],
        ),
        (
            {"addCategories": [{"id": catalog.wholesale_category}]},
            "only categories of the display's own store can be added",
            ["input", "addCategories", "0"],
        ),
        (
            {"canonicalCategory": {"id": catalog.wholesale_category}},
            "belongs to store 2",
            ["input", "canonicalCategory"],
        ),
    ]
    for input_, message, path in cases:
        _must_fail(api, CREATE, {"input": {**base, **input_}}, message, path)


def test_every_problem_is_reported_at_once(api: Api, catalog: Catalog) -> None:
    result = create(
        api,
        store={"id": RETAIL},
        product={"id": catalog.chair},
        name="Chair",
        status="ACTIVE",
        addMarkets=[{"id": SWEDEN}, {"id": catalog.wholesale_market}, {"id": 99}],
        addProductVariants=[
            {"productVariant": {"id": catalog.oak}},
            {"productVariant": {"id": catalog.red}},
        ],
    )
    assert result["display"] is None
    assert [e["path"] for e in result["userErrors"]] == [
        ["input", "addMarkets", "2"],
        ["input", "addMarkets", "1"],
        ["input", "addProductVariants", "1"],
    ]


def test_repeated_and_present_links_are_warnings(api: Api, catalog: Catalog) -> None:
    display = sweater_display(api, catalog, addMarkets=[{"id": SWEDEN}])
    result = update(
        api,
        display["id"],
        addMarkets=[{"id": SWEDEN}, {"id": USA}, {"id": USA}],
        removeMarkets=[{"id": AMAZON}],
        addProductVariants=[
            {"productVariant": {"id": catalog.red}},
            {"productVariant": {"id": catalog.red}},
        ],
        removeProductVariants=[{"id": catalog.blue}],
        removeCategories=[{"id": catalog.women}],
    )
    assert result["userErrors"] == []
    assert result["userWarnings"] == [
        {
            "message": f"Category ID {catalog.women} is not on this display.",
            "path": ["input", "removeCategories", "0"],
        },
        {"message": "Market ID 4 is not on this display.", "path": ["input", "removeMarkets", "0"]},
        {
            "message": "Market ID 1 is already on this display.",
            "path": ["input", "addMarkets", "0"],
        },
        {"message": "Duplicate market ID 2 skipped.", "path": ["input", "addMarkets", "2"]},
        {
            "message": f"Product variant ID {catalog.blue} is not on this display.",
            "path": ["input", "removeProductVariants", "0"],
        },
        {
            "message": f"Duplicate product variant ID {catalog.red} skipped.",
            "path": ["input", "addProductVariants", "1"],
        },
    ]
    assert result["display"]["markets"] == [{"id": SWEDEN}, {"id": USA}]
    assert result["display"]["productVariants"] == [{"id": catalog.red}]


def test_updating_members_and_clearing_texts(api: Api, catalog: Catalog) -> None:
    display = sweater_display(
        api, catalog, description="Warm", comment="Note", metaTitle="T", tags=["a", "b"], uri="kept"
    )
    result = update(
        api,
        display["id"],
        name="Cardigan",
        status="INACTIVE",
        description="",
        comment=None,
        metaKeywords="knit",
        tags=["c"],
        minimumOrderQuantity=6,
    )
    assert result["userErrors"] == []
    changed = result["display"]
    assert changed["name"] == "Cardigan"
    assert changed["uri"] == "kept"  # a new name keeps the uri
    assert changed["status"] == "INACTIVE"
    assert changed["description"] is None
    assert changed["comment"] is None
    assert changed["metaTitle"] == "T"  # left out: unchanged
    assert changed["metaKeywords"] == "knit"
    assert changed["tags"] == ["c"]
    assert changed["minimumOrderQuantity"] == 6
    assert changed["updatedAt"] >= display["updatedAt"]
    regenerated = update(api, display["id"], uri="", tags=None)["display"]
    assert regenerated["uri"] == "cardigan"
    assert regenerated["tags"] == []
    assert update(api, display["id"], uri="my_uri-1")["display"]["uri"] == "my_uri-1"


def test_an_empty_uri_regenerates_a_free_one(api: Api, catalog: Catalog) -> None:
    sweater_display(api, catalog)  # uri "sweater"
    chair = created(
        api, store={"id": RETAIL}, product={"id": catalog.chair}, name="Chair", status="ACTIVE"
    )
    result = update(api, chair["id"], name="Sweater", uri="")
    assert result["display"]["uri"] == "sweater-2"
    assert update(api, chair["id"], uri="")["display"]["uri"] == "sweater-2"  # its own is free


BAD_UPDATES: list[tuple[dict[str, Any], str, list[str]]] = [
    ({"name": ""}, "needs a name", ["input", "name"]),
    ({"uri": "Bad/Uri"}, "is not a valid uri", ["input", "uri"]),
    ({"uri": "chair"}, 'Another display of store 1 has the uri "chair"', ["input", "uri"]),
    ({"minimumOrderQuantity": 0}, "at least 1", ["input", "minimumOrderQuantity"]),
    ({"tags": [""]}, "A tag cannot be empty", ["input", "tags", "0"]),
    (
        {"removeMarkets": [{"id": 99}]},
        "Could not find Market with ID 99",
        ["input", "removeMarkets", "0"],
    ),
    (
        {"removeCategories": [{"id": 999}]},
        "Could not find Category with ID 999",
        ["input", "removeCategories", "0"],
    ),
    (
        {"removeProductVariants": [{"externalId": "nope"}]},
        'Could not find ProductVariant with externalId "nope"',
        ["input", "removeProductVariants", "0"],
    ),
    (
        {"removeMarkets": [{"id": SWEDEN}], "addMarkets": [{"id": 5}]},
        "belongs to store 2",
        ["input", "addMarkets", "0"],
    ),
    (
        {
            "removeProductVariants": [{"id": 1}],
            "addProductVariants": [{"productVariant": {"id": 3}}],
        },
        "only variants of the display's own product can be added",
        ["input", "addProductVariants", "0"],
    ),
    (
        {"removeCategories": [{"id": 2}]},
        "is the display's canonical category",
        ["input", "removeCategories", "0"],
    ),
]


@pytest.mark.parametrize(("input_", "message", "path"), BAD_UPDATES)
def test_bad_update_input_gives_a_user_error_and_changes_nothing(
    api: Api, catalog: Catalog, input_: dict[str, Any], message: str, path: list[str]
) -> None:
    # The ids in BAD_UPDATES are the catalog's: red 1, women 1, men 2, wholesale market 5,
    # chair's oak variant 3.
    assert (catalog.red, catalog.women, catalog.men, catalog.wholesale_market, catalog.oak) == (
        1,
        1,
        2,
        5,
        3,
    )
    created(api, store={"id": RETAIL}, product={"id": catalog.chair}, name="Chair", status="ACTIVE")
    display = sweater_display(
        api,
        catalog,
        addMarkets=[{"id": SWEDEN}],
        addProductVariants=[{"productVariant": {"id": catalog.red}}],
        addCategories=[{"id": catalog.women}],
        canonicalCategory={"id": catalog.men},
    )
    _must_fail(api, UPDATE, {"id": display["id"], "input": input_}, message, path)


def test_updating_an_unknown_display(api: Api, catalog: Catalog) -> None:
    result = update(api, 999, name="x")
    assert result == {
        "display": None,
        "userErrors": [{"message": "Could not find Display with ID 999.", "path": ["id"]}],
        "userWarnings": [],
    }


def test_the_canonical_category_moves_with_the_categories(api: Api, catalog: Catalog) -> None:
    display = sweater_display(api, catalog, addCategories=[{"id": catalog.women}])
    assert display["canonicalCategory"] is None
    set_ = update(api, display["id"], canonicalCategory={"id": catalog.women})
    assert set_["userWarnings"] == []
    assert set_["display"]["canonicalCategory"] == {"id": catalog.women}
    swapped = update(
        api,
        display["id"],
        removeCategories=[{"id": catalog.women}],
        addCategories=[{"id": catalog.men}],
        canonicalCategory={"id": catalog.men},
    )
    assert swapped["userErrors"] == []
    assert swapped["display"]["categories"] == [{"id": catalog.men}]
    assert swapped["display"]["canonicalCategory"] == {"id": catalog.men}
    cleared = update(
        api, display["id"], removeCategories=[{"id": catalog.men}], canonicalCategory=None
    )
    assert cleared["userErrors"] == []
    assert cleared["display"]["categories"] == []
    assert cleared["display"]["canonicalCategory"] is None


def test_removing_then_adding_a_variant_makes_a_new_display_item(
    api: Api, catalog: Catalog
) -> None:
    display = sweater_display(
        api,
        catalog,
        addProductVariants=[
            {"productVariant": {"id": catalog.red}},
            {"productVariant": {"id": catalog.blue}},
        ],
    )
    red_item = display["displayItems"][0]["id"]
    again = update(
        api,
        display["id"],
        removeProductVariants=[{"id": catalog.red}],
        addProductVariants=[{"productVariant": {"id": catalog.red}}],
    )["display"]
    assert again["productVariants"] == [{"id": catalog.blue}, {"id": catalog.red}]
    assert [i["customOrder"] for i in again["displayItems"]] == [2, 3]
    assert red_item not in [i["id"] for i in again["displayItems"]]


def test_a_failing_update_changes_nothing_even_after_removals(api: Api, catalog: Catalog) -> None:
    display = sweater_display(
        api,
        catalog,
        addMarkets=[{"id": SWEDEN}],
        addProductVariants=[{"productVariant": {"id": catalog.red}}],
    )
    _must_fail(
        api,
        UPDATE,
        {
            "id": display["id"],
            "input": {
                "name": "Renamed",
                "tags": ["x"],
                "removeMarkets": [{"id": SWEDEN}],
                "removeProductVariants": [{"id": catalog.red}],
                "addCategories": [{"id": catalog.wholesale_category}],
            },
        },
        "belongs to store 2",
        ["input", "addCategories", "0"],
    )


def test_references_by_external_id(api: Api, catalog: Catalog) -> None:
    api.ok(
        """mutation($product: Int!, $variant: Int!) {
          setIdConversions(input: [
            {objectType: Product, internalId: $product, externalId: "ERP-SW"},
            {objectType: ProductVariant, internalId: $variant, externalId: "ERP-SW-RED"},
            {objectType: Market, internalId: 2, externalId: "ERP-US"}
          ]) { userErrors { message } }
        }""",
        {"product": catalog.sweater, "variant": catalog.red},
    )
    display = created(
        api,
        store={"id": RETAIL},
        product={"externalId": "ERP-SW"},
        name="Sweater",
        status="ACTIVE",
        addMarkets=[{"externalId": "ERP-US"}],
        addProductVariants=[{"productVariant": {"externalId": "ERP-SW-RED"}}],
    )
    assert display["product"] == {"id": catalog.sweater}
    assert display["markets"] == [{"id": USA}]
    assert display["productVariants"] == [{"id": catalog.red}]
    removed = update(api, display["id"], removeProductVariants=[{"externalId": "ERP-SW-RED"}])
    assert removed["display"]["productVariants"] == []


def test_a_store_restricted_token_writes_its_stores_displays_only(
    api: Api, catalog: Catalog
) -> None:
    retail = sweater_display(api, catalog)
    token = api.token("Display:write", "Display:read", store_id=WHOLESALE)
    before = api.ok(EVERYTHING)
    refused = api.ok(
        CREATE,
        {
            "input": {
                "store": {"id": RETAIL},
                "product": {"id": catalog.chair},
                "name": "Chair",
                "status": "ACTIVE",
            }
        },
        token=token,
    )["createDisplay"]
    assert refused["userErrors"] == [
        {
            "message": "Could not find Store with ID 1.",
            "path": ["input", "store"],
        }
    ]
    hidden = api.ok(UPDATE, {"id": retail["id"], "input": {"name": "x"}}, token=token)
    assert hidden["updateDisplay"]["userErrors"] == [
        {"message": f"Could not find Display with ID {retail['id']}.", "path": ["id"]}
    ]
    assert api.ok(EVERYTHING) == before
    own = api.ok(
        "mutation($input: DisplayCreateInput!) { createDisplay(input: $input) "
        "{ display { id store { id } } userErrors { message } } }",
        {
            "input": {
                "store": {"id": WHOLESALE},
                "product": {"id": catalog.chair},
                "name": "Chair",
                "status": "ACTIVE",
            }
        },
        token=api.token("Display:write", "Display:read", "Store:read", store_id=WHOLESALE),
    )["createDisplay"]
    assert own["userErrors"] == []
    assert own["display"]["store"] == {"id": WHOLESALE}
