"""Every create mutation takes an ``idempotencyKey`` (a Mercato extension): a retry with the
same key and input answers with the first result and creates nothing, another input with
the key is refused with nothing changed, and 10 concurrent retries against a real server
create one object and all get the same answer.

The creates are the schema's: a new ``create*`` mutation fails here until it takes a key and
has an input below."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx2 as httpx
import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLObjectType,
    GraphQLScalarType,
    get_named_type,
    is_required_argument,
)
from sqlalchemy import func, select, text

from mercato.api.build import build_schema
from mercato.api.objects import OBJECT_MAPS
from mercato.db import kernel_tables, tables
from mercato.db.database import Database
from tests.factories import make_product, make_size_chart
from tests.servers import all_at_once, load_token, running_server
from tests.support import Api, StatementLog

SCHEMA = build_schema()
MUTATION = SCHEMA.mutation_type
assert MUTATION is not None

#: Creates without a key, and why.
WITHOUT_KEY = {
    "createAccessToken": "a token's secret is shown once and never stored, so a retry could "
    "not be answered with it again",
}

#: A valid input of each create, made by a function of the test's API client (which may set
#: up what the input refers to first), for the n-th call in a test (distinct names).
Input = Callable[[Api, int], dict[str, Any]]


def _product(api: Api, n: int) -> int:
    return make_product(api.database, f"Base {n}", product_number=f"BASE{n}").product_id


def _variant_with_a_free_size(api: Api, n: int) -> dict[str, Any]:
    chart = api.ok(
        "mutation($n: String!) { createSizeChart(input: {name: $n, horizontalLabels: "
        '["S", "M"]}) { sizeChart { id } userErrors { message } } }',
        {"n": f"Sized {n}"},
    )["createSizeChart"]["sizeChart"]["id"]
    variant = api.ok(
        "mutation($product: Int!, $chart: Int!) { createProductVariant(input: {product: "
        '{id: $product}, name: "Sized", sizeChart: {id: $chart}, productSizes: '
        '[{size: {name: "S"}}]}) { productVariant { id } userErrors { message } } }',
        {"product": _product(api, n), "chart": chart},
    )["createProductVariant"]["productVariant"]["id"]
    return {"productVariant": {"id": variant}, "size": {"name": "M"}}


INPUTS: dict[str, Input] = {
    "createMarket": lambda api, n: {"name": f"Outlet {n}", "store": {"id": 1}},
    "createWarehouse": lambda api, n: {"name": f"Depot {n}"},
    "createSizeChart": lambda api, n: {"name": f"Chart {n}", "horizontalLabels": ["S", "M"]},
    "createBrand": lambda api, n: {"name": f"Brand {n}", "addToStores": [{"id": 1}]},
    "createCollection": lambda api, n: {"name": f"Collection {n}"},
    "createFolder": lambda api, n: {"name": f"Folder {n}"},
    "createCategory": lambda api, n: {"store": {"id": 1}, "name": f"Category {n}"},
    "createSizeLocalization": lambda api, n: {"name": f"Localization {n}"},
    "createProduct": lambda api, n: {"name": f"Product {n}", "productNumber": f"PN{n}"},
    "createProductVariant": lambda api, n: {
        "product": {"id": _product(api, n)},
        "name": f"Green {n}",
        "sizeChart": {"id": make_size_chart(api.database, f"Green chart {n}")[0]},
    },
    "createProductSize": _variant_with_a_free_size,
    "createMeasurementChart": lambda api, n: {
        "name": f"Measures {n}",
        "horizontalLabels": ["S"],
        "verticalLabels": ["Chest"],
    },
    "createAttribute": lambda api, n: {
        "name": f"Linen {n}",
        "attributeTypeName": "pr_materials",
        "stringElements": [{"key": "text", "value": "Linen"}],
    },
    "createMediaBatch": lambda api, n: {
        "productMedia": [{"productId": _product(api, n), "url": f"https://x.com/{n}.png"}]
    },
    "createDisplay": lambda api, n: {
        "store": {"id": 1},
        "product": {"id": _product(api, n)},
        "name": f"Display {n}",
        "status": "ACTIVE",
    },
    "createBundle": lambda api, n: {
        "product": {"name": f"Bundle {n}", "productNumber": f"BN{n}"},
        "type": "FIXED",
        "priceType": "STATIC",
        "sizeChart": {"id": make_size_chart(api.database, f"Bundle chart {n}")[0]},
    },
    "createPricelist": lambda api, n: {
        "name": f"Pricelist {n}",
        "status": "ACTIVE",
        "store": {"id": 1},
        "currencyIsoCode": "SEK",
    },
    "createStorePlugin": lambda api, n: {
        "store": {"id": 1},
        "name": f"Plugin {n}",
        "type": "FEED",
    },
    "createBrickAndMortar": lambda api, n: {"name": f"Shop {n}"},
    "createMediaUpload": lambda api, n: {"mediaType": "IMAGE"},
    "createPriceAlteration": lambda api, n: {
        "name": f"Alteration {n}",
        "status": "ACTIVE",
        "store": {"id": 2},
        "startDate": "2027-03-01",
    },
}

CREATES = sorted(name for name in MUTATION.fields if name.startswith("create"))
KEYED = [name for name in CREATES if name not in WITHOUT_KEY]


def _input_type(name: str) -> GraphQLInputObjectType:
    input_type = get_named_type(MUTATION.fields[name].args["input"].type)
    assert isinstance(input_type, GraphQLInputObjectType)
    return input_type


def _leaves(object_type: GraphQLObjectType) -> str:
    """Every scalar field of the type that takes no required argument."""
    return " ".join(
        field_name
        for field_name, field in object_type.fields.items()
        if isinstance(get_named_type(field.type), GraphQLScalarType | GraphQLEnumType)
        and not any(is_required_argument(a) for a in field.args.values())
    )


def _document(name: str) -> str:
    """The create with its payload's object read back whole (every scalar field)."""
    payload = get_named_type(MUTATION.fields[name].type)
    assert isinstance(payload, GraphQLObjectType)
    members = []
    for member, field in payload.fields.items():
        target = get_named_type(field.type)
        if member in ("userErrors", "userWarnings"):
            members.append(f"{member} {{ message path }}")
        elif isinstance(target, GraphQLObjectType):
            members.append(f"{member} {{ __typename {_leaves(target)} }}")
        else:
            members.append(member)
    return (
        f"mutation($input: {_input_type(name).name}!) "
        f"{{ {name}(input: $input) {{ {' '.join(members)} }} }}"
    )


#: Creates whose payload holds no object of a table-backed type: the table they write.
CREATED_TABLES = {"createMediaUpload": "media_uploads"}


def _created_type(name: str) -> str:
    """The type of the object the create makes (ProductMedia for a media batch), or the table
    it writes (``CREATED_TABLES``)."""
    if name in CREATED_TABLES:
        return CREATED_TABLES[name]
    if name == "createMediaBatch":
        return "ProductMedia"
    payload = get_named_type(MUTATION.fields[name].type)
    assert isinstance(payload, GraphQLObjectType)
    [target] = [
        get_named_type(f.type)
        for f in payload.fields.values()
        if isinstance(get_named_type(f.type), GraphQLObjectType)
        and get_named_type(f.type).name not in ("UserError", "UserWarning")
    ]
    return target.name


def _count(database: Database, type_name: str) -> int:
    table = OBJECT_MAPS[type_name].table if type_name in OBJECT_MAPS else type_name
    with database.engine.connect() as connection:
        return int(connection.execute(text(f"SELECT count(*) FROM {table} t")).scalar_one())


def _snapshot(database: Database) -> dict[str, Any]:
    """Every row of every table a request can change (rate limits and token use aside)."""
    with database.engine.connect() as connection:
        return {
            table.name: connection.execute(select(table).order_by(*table.primary_key)).all()
            for table in tables.metadata.sorted_tables
            if table.name not in ("rate_limit_buckets", "access_tokens")
        }


def _keys(database: Database) -> int:
    with database.engine.connect() as connection:
        return int(
            connection.execute(
                select(func.count()).select_from(kernel_tables.idempotency_keys)
            ).scalar_one()
        )


def _changed(data: Any) -> Any:
    """The same input with its (first) name or URL changed, wherever it is."""
    if isinstance(data, list):
        return [_changed(data[0]), *data[1:]]
    for member in ("name", "url"):
        if isinstance(data.get(member), str):
            return {**data, member: data[member] + " (changed)"}
    for member, value in data.items():
        if isinstance(value, dict) or (
            isinstance(value, list) and value and isinstance(value[0], dict)
        ):
            try:
                return {**data, member: _changed(value)}
            except LookupError:
                continue
    raise LookupError(f"no name to change in {data}")


@pytest.mark.one_backend
def test_every_create_takes_an_idempotency_key_described_as_an_extension() -> None:
    assert set(KEYED) == set(INPUTS), "a create mutation needs an input here (and a key)"
    for name in KEYED:
        key = _input_type(name).fields.get("idempotencyKey")
        assert key is not None, f"{name} takes no idempotencyKey"
        assert str(key.type) == "String"
        assert (key.description or "").startswith("Mercato extension:"), name
    for name in WITHOUT_KEY:
        assert "idempotencyKey" not in _input_type(name).fields


@pytest.mark.parametrize("name", KEYED)
def test_a_retried_key_creates_one_object_and_answers_the_same(api: Api, name: str) -> None:
    data = {**INPUTS[name](api, 1), "idempotencyKey": f"{name}-1"}
    document = _document(name)
    objects = _count(api.database, _created_type(name))

    first = api.query(document, {"input": data})
    assert first.status == 200, first.body
    assert not first.errors, first.errors
    assert first.data[name]["userErrors"] == [], first.data
    assert _count(api.database, _created_type(name)) == objects + 1
    after_first = _snapshot(api.database)

    # The retry: the same answer (the payload read again), nothing new.
    again = api.query(document, {"input": data})
    assert again.body == first.body
    assert _snapshot(api.database) == after_first

    # Another input with the key: refused, nothing changed. (An upload's only member, its
    # media type, has one value: no other input exists.)
    if name in CREATED_TABLES:
        assert _keys(api.database) == 1
        return
    refused = api.query(document, {"input": _changed(data)})
    assert refused.status == 200, refused.body
    payload = refused.data[name]
    assert payload["userErrors"] == [
        {
            "message": "This idempotencyKey was used for a different request: send a new key "
            "for a new change (nothing was changed).",
            "path": ["input", "idempotencyKey"],
        }
    ]
    assert payload["userWarnings"] == []
    assert all(v is None for m, v in payload.items() if m not in ("userErrors", "userWarnings"))
    assert _snapshot(api.database) == after_first

    # Without a key the same use case still creates (a second object, or a userError when
    # the first holds a unique name): the key, not the input, made the retry a replay.
    plain = {k: v for k, v in data.items() if k != "idempotencyKey"}
    api.query(document, {"input": plain})
    assert _keys(api.database) == 1


@pytest.mark.parametrize("name", ["createBrand", "createProduct"])
def test_a_refused_create_stores_no_key(api: Api, name: str) -> None:
    """The first attempt ends in userErrors (the name is taken): the key is not stored, so
    the corrected retry with the same key creates."""
    data = {**INPUTS[name](api, 1), "idempotencyKey": "first-try"}
    api.ok(_document(name), {"input": {k: v for k, v in data.items() if k != "idempotencyKey"}})
    before = _snapshot(api.database)
    refused = api.ok(_document(name), {"input": data})[name]
    assert refused["userErrors"]
    assert _snapshot(api.database) == before
    corrected = _changed(data)
    if name == "createProduct":
        corrected["productNumber"] = "PN-other"
    created = api.ok(_document(name), {"input": corrected})[name]
    assert created["userErrors"] == []
    assert _keys(api.database) == 1


def test_keys_belong_to_the_integration(api: Api) -> None:
    """Another integration's key of the same name is another key: its request creates."""
    data = {"name": "Depot", "idempotencyKey": "k"}
    first = api.ok(_document("createWarehouse"), {"input": data})["createWarehouse"]
    other = api.token("Warehouse:write", "Warehouse:read", integration="shop")
    second = api.ok(
        _document("createWarehouse"), {"input": {**data, "name": "Depot 2"}}, token=other
    )["createWarehouse"]
    assert second["userErrors"] == []
    assert second["warehouse"]["id"] != first["warehouse"]["id"]


@pytest.mark.slow
def test_ten_concurrent_retries_create_one_object_and_get_one_answer(
    api: Api, tmp_path: Path
) -> None:
    """Against ``mercato serve`` with two worker processes, every create in turn."""
    database = api.database
    inputs = {name: INPUTS[name](api, n) for n, name in enumerate(KEYED, start=100)}
    token = load_token(database)
    headers = {"Authorization": f"Bearer {token}"}
    with running_server(database, tmp_path, workers=2) as (base, _):
        for name in KEYED:
            body = {
                "query": _document(name),
                "variables": {"input": {**inputs[name], "idempotencyKey": f"{name}-concurrent"}},
            }

            def retry(client: httpx.Client, body: dict[str, Any] = body) -> bytes:
                response = client.post(f"{base}/graphql", json=body, headers=headers)
                assert response.status_code == 200, response.text
                return response.content

            objects = _count(database, _created_type(name))
            answers = all_at_once(10, retry)
            assert len(set(answers)) == 1, (name, answers)
            assert b'"userErrors":[]' in answers[0], (name, answers[0])
            assert b'"errors"' not in answers[0], (name, answers[0])
            assert _count(database, _created_type(name)) == objects + 1, name


@pytest.mark.parametrize("name", ["createMarket", "createProduct"])
def test_a_key_adds_only_its_own_statements(api: Api, statements: StatementLog, name: str) -> None:
    """With a key a create runs the same statements plus the key's three (expired keys
    deleted, the claim, the result stored); a replay runs the claim's and reads the payload."""
    document = _document(name)
    api.ok(document, {"input": INPUTS[name](api, 1)})  # warm: plans, lookups
    statements.reset()
    api.ok(document, {"input": INPUTS[name](api, 2)})
    plain = statements.count
    statements.reset()
    keyed = {**INPUTS[name](api, 3), "idempotencyKey": "budget"}
    api.ok(document, {"input": keyed})
    assert statements.count == plain + 3
    statements.reset()
    api.ok(document, {"input": keyed})
    replay = statements.count
    assert replay <= plain + 3
