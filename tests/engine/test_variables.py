"""The compiled variable coercer (mercato.graphql.variables) against graphql-core's
``get_variable_values``: on generated values for every input type of the API (valid ones,
and valid ones with a mistake somewhere), the fast path either declines or returns exactly
what graphql-core returns (the same values of the same Python types, in the same order, and
the same sources). Valid input of the stock writes must take the fast path. No database."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLScalarType,
    GraphQLSchema,
    build_schema,
    parse,
)
from graphql.execution.values import VariableValues, get_variable_values
from graphql.language import OperationDefinitionNode
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mercato.api.build import build_schema as build_api_schema
from mercato.graphql.variables import compile_variables

pytestmark = pytest.mark.one_backend

SCHEMA = build_api_schema()
INPUT_TYPES = sorted(
    name
    for name, type_ in SCHEMA.type_map.items()
    if not name.startswith("__")
    and isinstance(type_, GraphQLInputObjectType | GraphQLEnumType | GraphQLScalarType)
)

JSON_LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**40), max_value=2**40),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([0.0, 1.0, -3.0, 2.5, 2**31, -(2**31), 2**31 - 1, -(2**31) - 1]),
    st.text(max_size=8),
    st.sampled_from(["", "1", "2026-11-26", "2026-11-26T12:00:00+01:00", "PHYSICAL", "x\x00"]),
)
JSON = st.recursive(
    JSON_LEAVES,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)


def _scalar_values(type_: GraphQLScalarType | GraphQLEnumType) -> st.SearchStrategy[Any]:
    if isinstance(type_, GraphQLEnumType):
        return st.sampled_from(sorted(type_.values))
    return {
        "Int": st.integers(min_value=-(2**31), max_value=2**31 - 1),
        "Float": st.one_of(st.floats(allow_nan=False, allow_infinity=False), st.integers()),
        "String": st.text(max_size=10),
        "ID": st.one_of(st.text(max_size=6), st.integers(min_value=0, max_value=10**6)),
        "Boolean": st.booleans(),
        "Date": st.dates().map(lambda d: d.isoformat()),
        "DateTimeTz": st.datetimes(timezones=st.timezones()).map(lambda d: d.isoformat()),
    }.get(type_.name, JSON_LEAVES)


def values(type_: GraphQLInputType, depth: int = 0) -> st.SearchStrategy[Any]:
    """Mostly valid values of ``type_``, sometimes with a mistake (any JSON value instead)."""
    valid = _valid(type_, depth)
    return st.one_of(valid, valid, valid, valid, valid, valid, JSON)


def _valid(type_: GraphQLInputType, depth: int) -> st.SearchStrategy[Any]:
    if isinstance(type_, GraphQLNonNull):
        return _valid_nullable(type_.of_type, depth)
    return st.one_of(st.none(), _valid_nullable(type_, depth))


def _valid_nullable(type_: GraphQLInputType, depth: int) -> st.SearchStrategy[Any]:
    if depth > 4:
        return JSON_LEAVES
    if isinstance(type_, GraphQLList):
        item = values(type_.of_type, depth + 1)
        return st.one_of(st.lists(item, max_size=3), item)  # a single value is a list of one
    if isinstance(type_, GraphQLInputObjectType):
        fields = {
            name: values(field.type, depth + 1) for name, field in sorted(type_.fields.items())
        }
        required = {
            name: strategy
            for name, strategy in fields.items()
            if isinstance(type_.fields[name].type, GraphQLNonNull)
        }
        optional = {name: s for name, s in fields.items() if name not in required}
        valid = st.fixed_dictionaries(required, optional=optional)
        extra = st.builds(lambda v, k: {**v, k: 1}, valid, st.sampled_from(["unknown", "id"]))
        dropped = valid.map(lambda v: dict(list(v.items())[1:]))
        return st.one_of(valid, valid, valid, extra, dropped)
    assert isinstance(type_, GraphQLScalarType | GraphQLEnumType)
    return _scalar_values(type_)


def _operation(schema: GraphQLSchema, text: str) -> OperationDefinitionNode:
    operation = parse(text).definitions[0]
    assert isinstance(operation, OperationDefinitionNode)
    return operation


def same(fast: Any, slow: Any) -> bool:
    """Equal values of the same Python types, dict members in the same order."""
    if type(fast) is not type(slow):
        return False
    if isinstance(fast, dict):
        return list(fast) == list(slow) and all(same(fast[k], slow[k]) for k in fast)
    if isinstance(fast, list):
        return len(fast) == len(slow) and all(same(a, b) for a, b in zip(fast, slow, strict=True))
    return bool(fast == slow)


def assert_equivalent(schema: GraphQLSchema, text: str, inputs: dict[str, Any]) -> bool:
    """Whether the fast path took the input; fails when it disagrees with graphql-core."""
    definitions = _operation(schema, text).variable_definitions or ()
    coercer = compile_variables(schema, definitions)
    slow = get_variable_values(schema, definitions, dict(inputs))
    if coercer is None:
        return False
    fast = coercer.coerce(inputs)
    if fast is None:
        return False
    assert isinstance(slow, VariableValues), (inputs, [e.message for e in slow])
    assert same(fast.coerced, slow.coerced), (inputs, fast.coerced, slow.coerced)
    assert list(fast.sources) == list(slow.sources)
    for name, source in fast.sources.items():
        other = slow.sources[name]
        assert source.value is other.value
        assert source.signature.name == other.signature.name
        assert str(source.signature.type) == str(other.signature.type)
    return True


@pytest.mark.parametrize("type_name", INPUT_TYPES)
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_input_type_agrees_with_graphql_core(type_name: str, data: st.DataObject) -> None:
    type_ = SCHEMA.type_map[type_name]
    assert isinstance(type_, GraphQLInputObjectType | GraphQLEnumType | GraphQLScalarType)
    text = f"query Q($a: {type_name}, $b: {type_name}!, $c: [{type_name}!]) {{ __typename }}"
    inputs: dict[str, Any] = {}
    for name, wrapped in (
        ("a", type_),
        ("b", GraphQLNonNull(type_)),
        ("c", GraphQLList(GraphQLNonNull(type_))),
    ):
        if data.draw(st.integers(min_value=0, max_value=9), label=f"{name} given") > 0:
            inputs[name] = data.draw(values(wrapped), label=name)
    assert_equivalent(SCHEMA, text, inputs)


SET_STOCK = "mutation S($input: StockSetInput!) { __typename }"


def test_valid_stock_input_takes_the_fast_path() -> None:
    levels = [
        {"size": {"name": "M"}, "quantity": 3, "expectedQuantity": None},
        {"size": {"id": 4}, "quantity": 0},
        {"size": {"externalId": "x"}, "quantity": 2**31 - 1, "expectedQuantity": 1},
    ]
    inputs = {
        "input": {
            "warehouse": {"id": 1},
            "productVariants": [{"productVariant": {"id": 7}, "sizeStockLevels": levels}],
            "stockQuantityType": "FREE_TO_ALLOCATE",
            "reason": "count",
        }
    }
    assert assert_equivalent(SCHEMA, SET_STOCK, inputs)
    # A single value where a list is expected is a list of one, on both paths.
    single = {
        "input": {**inputs["input"], "productVariants": inputs["input"]["productVariants"][0]}
    }
    assert assert_equivalent(SCHEMA, SET_STOCK, single)


@pytest.mark.parametrize(
    "mistake",
    [
        {"quantity": 2**31},
        {"quantity": 1.0},
        {"quantity": "1"},
        {"quantity": None},
        {"size": None},
        {"unknown": 1},
    ],
)
def test_invalid_stock_input_is_left_to_graphql_core(mistake: dict[str, Any]) -> None:
    level = {"size": {"name": "M"}, "quantity": 3, **mistake}
    inputs = {
        "input": {
            "warehouse": {"id": 1},
            "productVariants": [{"productVariant": {"id": 7}, "sizeStockLevels": [level]}],
        }
    }
    definitions = _operation(SCHEMA, SET_STOCK).variable_definitions or ()
    coercer = compile_variables(SCHEMA, definitions)
    assert coercer is not None
    assert coercer.coerce(inputs) is None


def test_left_out_variables() -> None:
    """A left-out nullable variable without a default is omitted; one with a default or a
    non-null one is left to graphql-core."""
    schema = build_schema("type Query { a(x: Int): Int }")
    text = "query Q($x: Int, $y: Int = 3, $z: Int!) { a(x: $x) }"
    definitions = _operation(schema, text).variable_definitions or ()
    coercer = compile_variables(schema, definitions)
    assert coercer is not None
    assert coercer.coerce({"y": 1, "z": 2}) is not None
    assert assert_equivalent(schema, text, {"y": 1, "z": 2})
    assert coercer.coerce({"z": 2}) is None
    assert coercer.coerce({"x": 1, "y": 1}) is None


def test_input_field_defaults_agree() -> None:
    schema = build_schema(
        """
        input Page { size: Int = 10, tags: [String!] = ["a"], kind: Kind! = B, after: ID }
        enum Kind { A B }
        type Query { a(page: Page): Int }
        """
    )
    text = "query Q($page: Page, $pages: [Page]) { a(page: $page) }"
    for inputs in ({"page": {}}, {"page": {"size": 3}, "pages": [{}, None, {"kind": "A"}]}):
        assert assert_equivalent(schema, text, inputs)


def _chain(prefix: str, levels: int) -> str:
    """Input objects nested ``levels`` deep: ``{next: {next: ... {value: 1}}}``."""
    lines = [f"input {prefix}{i} {{ next: {prefix}{i + 1} }}" for i in range(levels - 1)]
    return "\n".join([*lines, f"input {prefix}{levels - 1} {{ value: Int }}"])


def _nested(levels: int) -> dict[str, Any]:
    value: dict[str, Any] = {"value": 1}
    for _ in range(levels - 1):
        value = {"next": value}
    return value


def test_recursive_and_too_deep_types_are_not_compiled() -> None:
    """graphql-core refuses values nested over its limit (200); the fast path knows
    statically that a type cannot nest that deep, and compiles no other type."""
    schema = build_schema(
        f"""
        input Tree {{ children: [Tree!], value: Int }}
        {_chain("Deep", 201)}
        {_chain("Shallow", 200)}
        type Query {{ a(tree: Tree, deep: Deep0, shallow: Shallow0): Int }}
        """
    )
    for text in ("query Q($t: Tree) { a(tree: $t) }", "query Q($d: Deep0) { a(deep: $d) }"):
        assert (
            compile_variables(schema, _operation(schema, text).variable_definitions or ()) is None
        )
    text = "query Q($s: Shallow0) { a(shallow: $s) }"
    assert compile_variables(schema, _operation(schema, text).variable_definitions or ())
    assert assert_equivalent(schema, text, {"s": _nested(200)})
    # graphql-core refuses the same shape one level deeper, as nested too deeply.
    deep = get_variable_values(
        schema,
        _operation(schema, "query Q($d: Deep0) { a(deep: $d) }").variable_definitions or (),
        {"d": _nested(201)},
    )
    assert isinstance(deep, list)
    assert [e.message for e in deep] == ["Variable values are nested too deeply."]


def test_input_already_coerced_is_returned_itself_and_anything_else_copied() -> None:
    """The fast path returns the input's own dicts and lists only when they are exactly
    graphql-core's answer (keys in the type's field order, nothing to add or convert)."""
    definitions = _operation(SCHEMA, SET_STOCK).variable_definitions or ()
    coercer = compile_variables(SCHEMA, definitions)
    assert coercer is not None
    in_order = {"size": {"name": "M"}, "quantity": 3}
    swapped = {"quantity": 3, "size": {"name": "M"}}  # not the type's field order
    levels = [in_order, swapped]
    variant = {"productVariant": {"id": 7}, "sizeStockLevels": levels}
    inputs = {"input": {"warehouse": {"id": 1}, "productVariants": [variant]}}
    assert assert_equivalent(SCHEMA, SET_STOCK, inputs)
    result = coercer.coerce(inputs)
    assert result is not None
    data = result.coerced["input"]
    assert data is not inputs["input"]  # stockQuantityType's default is added
    assert list(data) == ["warehouse", "stockQuantityType", "productVariants"]
    coerced_levels = data["productVariants"][0]["sizeStockLevels"]
    assert coerced_levels is not levels  # the second row is a copy
    assert coerced_levels[0] is in_order
    assert coerced_levels[1] is not swapped
    assert list(coerced_levels[1]) == ["size", "quantity"]
    assert list(swapped) == ["quantity", "size"]  # the input is not changed
    only_in_order = [in_order, {"size": {"id": 4}, "quantity": 0, "expectedQuantity": None}]
    variant["sizeStockLevels"] = only_in_order
    result = coercer.coerce(inputs)
    assert result is not None
    assert result.coerced["input"]["productVariants"][0]["sizeStockLevels"] is only_in_order


# -- the checks inlined into a parent's coercer ---------------------------------------------

#: Types exercising what an input object's coercer inlines: lists of input objects and of
#: lists, nullable items, leaves of every kind, defaults below the top, a non-null field
#: with a default, two required members (their order checked from the first), a type too
#: wide to inline (over the line limit) and a chain deeper than the inlining levels.
INLINE_SCHEMA = build_schema(
    f"""
    enum Kind {{ A B }}
    input Leaf {{ i: Int, f: Float, s: String, id: ID, b: Boolean, k: Kind, n: Int! }}
    input Defaults {{ size: Int = 10, kind: Kind! = B, tags: [String!] = ["a"], x: Int }}
    input Wide {{ {" ".join(f"w{i}: Int" for i in range(80))} }}
    input Pair {{ b: Int!, c: Int, a: Int! }}
    input Row {{
      leaf: Leaf!, leaves: [Leaf], grid: [[Int!]], defaults: Defaults, wide: [Wide!], chain: C0
      pairs: [Pair!]
    }}
    {_chain("C", 9)}
    input Top {{ rows: [Row!]!, row: Row, name: String }}
    type Query {{ a(top: Top): Int }}
    """
)
INLINE_QUERY = "query Q($top: Top, $tops: [Top!]) { a(top: $top) }"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_inlined_checks_agree_with_graphql_core(data: st.DataObject) -> None:
    top = INLINE_SCHEMA.type_map["Top"]
    assert isinstance(top, GraphQLInputObjectType)
    inputs = {
        "top": data.draw(values(GraphQLNonNull(top)), label="top"),
        "tops": data.draw(values(GraphQLList(GraphQLNonNull(top))), label="tops"),
    }
    assert_equivalent(INLINE_SCHEMA, INLINE_QUERY, inputs)


def _row(**members: Any) -> dict[str, Any]:
    return {"leaf": {"i": 1, "f": 1.5, "s": "s", "id": "7", "b": True, "k": "A", "n": 2}, **members}


@pytest.mark.parametrize(
    ("row", "itself"),
    [
        (_row(), True),
        (_row(leaves=[None, {"n": 1}], grid=[[1, 2], [], None]), True),
        (_row(defaults={"size": None, "tags": ["x"], "x": 1}), False),  # kind's default added
        (_row(defaults={"kind": "B", "size": 1}), False),  # not in the type's order
        (_row(leaf={"n": 1, "i": 2}), False),  # not in the type's order
        (_row(leaf={"n": 1, "id": 7}), False),  # an ID given as a number becomes a string
        (_row(leaf={"n": 1, "f": 2}), False),  # a Float given as an integer becomes a float
        (_row(wide=[{"w0": 1, "w79": 2}]), True),  # Wide is too wide to inline: called
        (_row(pairs=[{"b": 1, "a": 2}, {"b": 1, "c": None, "a": 2}]), True),
        (_row(pairs=[{"b": 1, "a": 2}, {"a": 2, "b": 1}]), False),  # not in the type's order
        (_row(pairs=[{"b": 1, "a": 2, "c": 3}]), False),  # c is not where the type has it
        (_row(chain=_nested(9)), True),  # deeper than the inlined levels: C0's coercer
    ],
)
def test_inlined_checks_return_the_input_itself_only_when_graphql_core_would_equal_it(
    row: dict[str, Any], itself: bool
) -> None:
    """``row`` comes last, after valid rows: it decides whether the list is returned
    itself; the answer equals graphql-core's either way."""
    rows = [_row(), _row(grid=[[3]]), row]
    inputs = {"top": {"rows": rows, "name": "n"}}
    assert assert_equivalent(INLINE_SCHEMA, INLINE_QUERY, inputs)
    coercer = compile_variables(
        INLINE_SCHEMA, _operation(INLINE_SCHEMA, INLINE_QUERY).variable_definitions or ()
    )
    assert coercer is not None
    result = coercer.coerce(inputs)
    assert result is not None
    assert (result.coerced["top"] is inputs["top"]) is itself
    assert (result.coerced["top"]["rows"] is rows) is itself
    assert result.coerced["top"]["rows"][0] is rows[0]  # a copy copies only what differs


_UNCHANGED: Any = object()


def _stock_input(level: Any = _UNCHANGED, variant: Any = _UNCHANGED) -> dict[str, Any]:
    """A setStock input of three variants of three rows; ``level`` replaces the last row of
    the last variant, ``variant`` the last variant (after valid ones: the inlined loops run
    before they meet the mistake)."""
    variants = [
        {
            "productVariant": {"id": v},
            "sizeStockLevels": [{"size": {"name": n}, "quantity": 1} for n in "SML"],
        }
        for v in (1, 2, 3)
    ]
    if level is not _UNCHANGED:
        variants[-1]["sizeStockLevels"][-1] = level
    if variant is not _UNCHANGED:
        variants[-1] = variant
    return {"input": {"warehouse": {"id": 1}, "productVariants": variants}}


NESTED_MISTAKES = [
    pytest.param({"level": {"size": {"name": "L"}, "quantity": "1"}}, id="quantity-string"),
    pytest.param({"level": {"size": {"name": "L"}, "quantity": 1.5}}, id="quantity-float"),
    pytest.param({"level": {"size": {"name": "L"}, "quantity": 2**31}}, id="quantity-range"),
    pytest.param({"level": {"size": {"name": "L"}, "quantity": None}}, id="quantity-null"),
    pytest.param({"level": {"size": {"name": "L"}}}, id="quantity-missing"),
    pytest.param({"level": {"size": None, "quantity": 1}}, id="size-null"),
    pytest.param({"level": {"quantity": 1}}, id="size-missing"),
    pytest.param({"level": {"size": "L", "quantity": 1}}, id="size-string"),
    pytest.param({"level": {"size": {"name": 1}, "quantity": 1}}, id="size-name-number"),
    pytest.param({"level": {"size": {"id": "4"}, "quantity": 1}}, id="size-id-string"),
    pytest.param({"level": {"size": {"name": "L", "x": 1}, "quantity": 1}}, id="size-unknown"),
    pytest.param({"level": {"size": {"name": "L"}, "quantity": 1, "x": 1}}, id="level-unknown"),
    pytest.param({"level": None}, id="level-null-last"),
    pytest.param(
        {"level": {"size": {"name": "L"}, "quantity": 1, "expectedQuantity": "2"}},
        id="expected-string",
    ),
    pytest.param({"level": "L"}, id="level-string"),
    pytest.param({"level": [1]}, id="level-list"),
    pytest.param({"variant": None}, id="variant-null"),
    pytest.param({"variant": {"productVariant": None, "sizeStockLevels": []}}, id="pv-null"),
    pytest.param(
        {"variant": {"productVariant": {"id": 1.5}, "sizeStockLevels": []}}, id="pv-id-float"
    ),
    pytest.param({"variant": {"productVariant": {"id": 1}}}, id="levels-missing"),
    pytest.param(
        {"variant": {"productVariant": {"id": 1}, "sizeStockLevels": None}}, id="levels-null"
    ),
    pytest.param(
        {"variant": {"productVariant": {"id": 1}, "sizeStockLevels": [None]}}, id="level-null"
    ),
    pytest.param(
        {"variant": {"productVariant": {"id": 1}, "sizeStockLevels": [], "x": 1}},
        id="variant-unknown",
    ),
]


@pytest.mark.parametrize("mistake", NESTED_MISTAKES)
def test_nested_mistakes_are_left_to_graphql_core(mistake: dict[str, Any]) -> None:
    """A mistake deep in a list the parent's coercer checks inline: it declines, so the
    errors are graphql-core's (and graphql-core does refuse the input)."""
    inputs = _stock_input(**mistake)
    definitions = _operation(SCHEMA, SET_STOCK).variable_definitions or ()
    coercer = compile_variables(SCHEMA, definitions)
    assert coercer is not None
    assert coercer.coerce(inputs) is None
    errors = get_variable_values(SCHEMA, definitions, inputs)
    assert isinstance(errors, list)
    assert errors
    assert coercer.coerce(_stock_input()) is not None  # the same input without the mistake
