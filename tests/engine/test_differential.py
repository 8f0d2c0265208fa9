"""Differential tests: the compiled engine (over HTTP) against the reference executor (plain
graphql-core resolvers from the same field map) on a seeded database. Data, member order
and errors (message, path, locations, category) must be identical; where the engine refuses
a document for its paging arguments (HTTP 400) the reference must report the same problems.

Generated documents come from hypothesis-graphql over the table-backed root fields, as
generated and with aliases, ``__typename``, repeated (merged) fields, ``@skip``/``@include``
and inline and named fragments folded in. The hand-written ones add directives driven by
variables, deep relations, every filter kind, sorts, paging, refused documents and other
tokens (few permissions, deprecated names, a store restriction, no integration).
"""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from graphql import (
    ArgumentNode,
    BooleanValueNode,
    DirectiveNode,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLCompositeType,
    GraphQLUnionType,
    InlineFragmentNode,
    IntValueNode,
    NamedTypeNode,
    NameNode,
    OperationDefinitionNode,
    SelectionNode,
    SelectionSetNode,
    Visitor,
    get_named_type,
    is_composite_type,
    print_ast,
    visit,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import nodes, queries

from mercato.api.build import build_schema
from mercato.api.objects import OBJECT_MAPS
from mercato.graphql.fieldmap import Column, FieldSource, ToMany
from tests.engine.differential import CATALOG_ROOTS, TABLE_ROOTS, Differential
from tests.engine.reference_executor import ReferenceExecutor

# -- generated documents ------------------------------------------------------------------

SMALL_INTS = st.integers(1, 10)
#: Mostly ints near the seeded ids (and valid pages and limits), sometimes any id of the
#: reference data, an out-of-range paging value, or the largest Int.
INTS = st.one_of(SMALL_INTS, SMALL_INTS, SMALL_INTS, st.integers(-1, 260), st.just(2**31 - 1)).map(
    nodes.Int
)
#: Strings that match something (names, codes, external ids, filter member names for
#: negate/notNull, LIKE wildcards), or short arbitrary text.
STRINGS = st.one_of(
    st.sampled_from(
        [
            *("", "a", "e", "S", "SE", "US", "DE", "se", "sv", "en", "EUR"),
            *("Sweden", "Nordics", "Retail", "retail store", "Wholesale", "allocation"),
            *("%", "_", "50%", "\\"),
            *("NORDICS", "B2B", "WH-OAK", "EURO", "outlet", "qa", "erp"),
            *("id", "name", "storeId", "comment", "createdAt", "countryId", "status"),
        ]
    ),
    # No NUL: the engine fails on it on PostgreSQL (test_engine_bugs.py).
    st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=4),
).map(nodes.String)
#: Timestamps anywhere in the calendar, with offsets up to its ends (those that leave the
#: calendar in UTC are refused by the DateTimeTz scalar, on both sides).
OFFSETS = st.sampled_from([UTC, *(timezone(timedelta(hours=h)) for h in (14, -12, 5.5))])
TIMESTAMPS = st.one_of(
    st.datetimes(timezones=OFFSETS).map(lambda moment: nodes.String(moment.isoformat())),
    st.datetimes(datetime(2026, 1, 1), datetime(2027, 1, 1), timezones=OFFSETS).map(
        lambda moment: nodes.String(moment.isoformat())
    ),
    st.sampled_from(["2000-01-01T00:00:00+00:00", "2999-12-31T23:59:59+02:00"]).map(nodes.String),
)

MAX_PAGE_SIZE = 200
#: Out-of-range paging values kept as generated (the engine refuses them with HTTP 400);
#: every other out-of-range value is moved into range, so most documents get answered.
REFUSED_LIMITS = frozenset({0, MAX_PAGE_SIZE + 1})
REFUSED_PAGES = frozenset({0, -1})


class _MostlyValidPaging(Visitor):
    def enter_argument(self, node: ArgumentNode, *_: Any) -> ArgumentNode | None:
        if not isinstance(node.value, IntValueNode) or node.name.value not in ("limit", "page"):
            return None
        value = int(node.value.value)
        if node.name.value == "limit":
            in_range = 1 <= value <= MAX_PAGE_SIZE or value in REFUSED_LIMITS
            valid = value if in_range else (value - 1) % MAX_PAGE_SIZE + 1
        else:
            valid = value if value >= 1 or value in REFUSED_PAGES else 1
        if valid == value:
            return None
        return ArgumentNode(name=node.name, value=IntValueNode(value=str(valid)))


def _mostly_valid_paging(document: DocumentNode) -> DocumentNode:
    fixed: DocumentNode = visit(document, _MostlyValidPaging())
    return fixed


SCHEMA = build_schema()
DATES = st.dates().map(lambda day: nodes.String(day.isoformat()))
SCALARS = {"Int": INTS, "String": STRINGS, "DateTimeTz": TIMESTAMPS, "Date": DATES}
DOCUMENTS: st.SearchStrategy[DocumentNode] = queries(
    SCHEMA, fields=TABLE_ROOTS, custom_scalars=SCALARS, print_ast=_mostly_valid_paging
)
QUERIES = DOCUMENTS.map(print_ast)
CATALOG_DOCUMENTS: st.SearchStrategy[DocumentNode] = queries(
    SCHEMA, fields=CATALOG_ROOTS, custom_scalars=SCALARS, print_ast=_mostly_valid_paging
)


def _name(value: str) -> NameNode:
    return NameNode(value=value)


def _directive(name: str, value: bool) -> tuple[DirectiveNode, ...]:
    argument = ArgumentNode(name=_name("if"), value=BooleanValueNode(value=value))
    return (DirectiveNode(name=_name(name), arguments=(argument,)),)


#: Directives put on a field: mostly none; skipped fields leave the response.
DIRECTIVES_ON_FIELDS = st.sampled_from(
    [
        *([()] * 8),
        _directive("include", True),
        _directive("skip", False),
        _directive("skip", True),
        _directive("include", False),
    ]
)


class _Decorator:
    """Folds what hypothesis-graphql never writes into a generated document: aliases,
    ``__typename``, a field repeated with part of its selection (merged), ``@skip`` and
    ``@include``, inline fragments with and without a type condition, named fragments."""

    def __init__(self, draw: st.DrawFn) -> None:
        self.draw = draw
        self.fragments: list[FragmentDefinitionNode] = []

    def document(self, document: DocumentNode) -> DocumentNode:
        (operation,) = document.definitions
        assert isinstance(operation, OperationDefinitionNode)
        assert SCHEMA.query_type is not None
        selection_set = self.selection_set(SCHEMA.query_type, operation.selection_set)
        decorated = OperationDefinitionNode(
            operation=operation.operation, selection_set=selection_set
        )
        return DocumentNode(definitions=(decorated, *self.fragments))

    def selection_set(
        self, parent: GraphQLCompositeType, selection_set: SelectionSetNode
    ) -> SelectionSetNode:
        draw = self.draw
        selections: list[SelectionNode] = []
        for node in selection_set.selections:
            if isinstance(node, InlineFragmentNode):  # generated for abstract types
                condition = node.type_condition
                concrete = SCHEMA.get_type(condition.name.value) if condition else parent
                assert is_composite_type(concrete)
                decorated = self.selection_set(concrete, node.selection_set)
                selections.append(
                    InlineFragmentNode(type_condition=condition, selection_set=decorated)
                )
            else:
                assert isinstance(node, FieldNode)
                selections.append(self.field(parent, node))
        if draw(st.integers(0, 9)) == 0:
            selections.append(FieldNode(name=_name("__typename")))
        objects = [s for s in selections if isinstance(s, FieldNode) and s.selection_set]
        if objects and draw(st.integers(0, 4)) == 0:
            first = objects[0]
            assert first.selection_set is not None
            part = SelectionSetNode(selections=first.selection_set.selections[:1])
            selections.append(
                FieldNode(
                    alias=first.alias,
                    name=first.name,
                    arguments=first.arguments,
                    directives=draw(DIRECTIVES_ON_FIELDS),
                    selection_set=part,
                )
            )
        kept = draw(st.integers(0, len(selections)))
        inner = SelectionSetNode(selections=tuple(selections[kept:]))
        wrap = draw(st.sampled_from(["none", "none", "none", "inline", "typed", "named"]))
        if wrap == "none" or kept == len(selections):
            return SelectionSetNode(selections=tuple(selections))
        condition = NamedTypeNode(name=_name(parent.name))
        wrapper: SelectionNode
        if wrap == "named":
            name = _name(f"F{len(self.fragments)}")
            self.fragments.append(
                FragmentDefinitionNode(name=name, type_condition=condition, selection_set=inner)
            )
            wrapper = FragmentSpreadNode(name=name, directives=draw(DIRECTIVES_ON_FIELDS))
        else:
            wrapper = InlineFragmentNode(
                type_condition=condition if wrap == "typed" else None,
                directives=draw(DIRECTIVES_ON_FIELDS),
                selection_set=inner,
            )
        return SelectionSetNode(selections=(*selections[:kept], wrapper))

    def field(self, parent: GraphQLCompositeType, node: FieldNode) -> FieldNode:
        draw = self.draw
        selection_set = node.selection_set
        if selection_set is not None:
            assert not isinstance(parent, GraphQLUnionType)  # unions select fragments only
            child = get_named_type(parent.fields[node.name.value].type)
            assert is_composite_type(child)
            selection_set = self.selection_set(child, selection_set)
        alias = node.alias
        if alias is None and draw(st.integers(0, 6)) == 0:
            alias = _name(f"x_{node.name.value}")
        return FieldNode(
            alias=alias,
            name=node.name,
            arguments=node.arguments,
            directives=draw(DIRECTIVES_ON_FIELDS),
            selection_set=selection_set,
        )


@st.composite
def decorated_queries(
    draw: st.DrawFn, documents: st.SearchStrategy[DocumentNode] = DOCUMENTS
) -> str:
    return print_ast(_Decorator(draw).document(draw(documents)))


@pytest.mark.slow
@pytest.mark.parametrize("who", ["all", "few"])
def test_generated_queries_answer_like_the_reference(differential: Differential, who: str) -> None:
    differential.caller(who)

    @settings(
        max_examples=60,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(query=QUERIES)
    def check(query: str) -> None:
        differential.check(query, who=who)

    check()


@pytest.mark.slow
@pytest.mark.parametrize("who", ["all", "few"])
def test_generated_queries_with_aliases_fragments_and_directives(
    differential: Differential, who: str
) -> None:
    differential.caller(who)

    @settings(
        max_examples=60,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(query=decorated_queries())
    def check(query: str) -> None:
        differential.check(query, who=who)

    check()


@pytest.mark.slow
@pytest.mark.parametrize("who", ["all", "wholesale"])
def test_generated_catalog_queries_answer_like_the_reference(
    differential: Differential, who: str
) -> None:
    """The other table-backed roots (catalog, pricing...), plain and decorated, on the
    generated demo catalog; ``wholesale`` is restricted to a store."""
    differential.caller(who)

    @settings(
        max_examples=60,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(query=st.one_of(CATALOG_DOCUMENTS.map(print_ast), decorated_queries(CATALOG_DOCUMENTS)))
    def check(query: str) -> None:
        differential.check(query, who=who)

    check()


# -- hand-written documents ---------------------------------------------------------------

ALIASES_AND_FRAGMENTS = """
query Aliases {
  __typename
  kind: __typename
  first: markets(limit: 2) { key: id label: name __typename }
  second: markets(limit: 2, page: 2) { id name again: name }
  retail: store(id: 1) { id }
  wholesale: store(id: 2) { ...StoreParts }
  ...Geography
}
fragment StoreParts on Store {
  id name type __typename
  markets { ...MarketParts }
}
fragment MarketParts on Market {
  id comment
  ... on Market { store { id } }
  ... { allocationRule { name } }
}
fragment Geography on Query {
  countries(where: {code: ["SE", "NO"]}) { code ...CountryParts }
}
fragment CountryParts on Country { name continent { code __typename } }
"""

MERGED_SELECTIONS = """
{
  markets(where: {id: [1, 5]}) {
    id
    store { id }
    ...MoreStore
    store { markets { id } }
    allocationRule { id }
    rule: allocationRule { name warehouses { id } }
    ... on Market { allocationRule { isActive } }
  }
}
fragment MoreStore on Market { store { name type } }
"""

DIRECTIVES = """
query Directives($with: Boolean!, $without: Boolean!, $limit: Int, $code: [String!]) {
  markets(limit: $limit) {
    id
    name @include(if: $with)
    comment @skip(if: $without)
    store @include(if: $with) { id name @skip(if: $with) type }
    ...Rule @skip(if: $without)
    ... @include(if: $without) { assignedToCountries { code } }
  }
  countries(where: {code: $code}) @include(if: $with) { code }
  stores @skip(if: true) { id }
  currencies @include(if: false) { id }
}
fragment Rule on Market { allocationRule { name } }
"""

NESTED = [
    "{ markets { id store { id markets { id name store { name markets { id } } } } } }",
    """{ allocationRules(where: null) {
         id name isActive
         store { id }
         markets { id name }
         warehouses { id name allocationRules { id name warehouses { id name } } }
       } }""",
    """{ countries(where: {code: ["SE", "US"]}) {
         code
         continent { code countries { code continent { code } } }
         states { code name country { code } }
       } }""",
    """{ warehouses {
         id name status stockOwnership allocationPolicy stockMaster isHiddenFromStockView
         isConsignation threshold address city zipCode customSort createdAt updatedAt
         state { id name code country { code } }
         country { code states { code } }
         allocationRules { id markets { id } }
       } }""",
    "{ continents { code name countries { code states { name } } } }",
    """{ graphQLAccess {
         id name integrationName permissions storeId tokenPrefix createdAt expiresAt
         revokedAt lastUsedAt isValid
       } }""",
    "{ idConversions { id internalId externalId objectType integrationName } }",
    "{ languages { id name code languageCode countryCode isActive } }",
    "{ currencies { id code name isBase isoNumber decimalDigits } }",
]

FILTERS = [
    '{ markets(where: {name: {contains: "or"}}) { name } }',
    '{ markets(where: {name: {equals: "World"}}) { id name } }',
    '{ warehouses(where: {name: {contains: "50%"}}) { name } }',
    '{ warehouses(where: {name: {contains: "_"}}) { name } }',
    '{ warehouses(where: {name: {contains: "RETAIL"}}) { name } }',
    '{ stores(where: {name: {contains: "store"}}) { name } }',
    "{ markets(where: {id: 3}) { id } }",
    '{ countries(where: {code: "SE"}) { code } }',
    "{ markets(where: {id: []}) { id } }",
    '{ markets(where: {storeId: 1, negate: ["storeId"]}) { id store { id } } }',
    '{ warehouses(where: {name: {contains: "Warehouse"}, negate: ["name"]}) { name } }',
    '{ warehouses(where: {notNull: ["countryId"], status: ACTIVE}) { name } }',
    '{ markets(where: {notNull: ["name", "allocationRuleId"], negate: []}) { id } }',
    '{ markets(where: {createdAt: {from: "2000-01-01T00:00:00Z"}, updatedAt: {to: "2999-01-01T00:00:00+02:00"}}) { id } }',
    '{ markets(where: {createdAt: {from: "2999-01-01T00:00:00Z"}, negate: ["createdAt"]}) { id } }',
    "{ markets(where: {createdAt: {}}) { id } }",
    "{ languages(where: {isAvailableForLocalization: false}) { code } }",
    '{ languages(where: {isActive: true, code: ["sv", "de"]}) { code } }',
    '{ graphQLAccess(where: {isValid: true, integrationName: {equals: "qa"}}) { id } }',
    "{ graphQLAccess(where: {isValid: false}) { id } }",
    "{ allocationRules { id } inactive: allocationRules(where: {isActive: false}) { id } }",
    "{ idConversions(where: {objectType: Market}) { externalId internalId } }",
    '{ idConversions(where: {externalId: {contains: "o"}, internalId: [1, 2, 5]}) { id } }',
    "{ currencies(where: {isBase: true}) { code } }",
    "{ stores(where: {type: WHOLESALE}) { id } }",
    "{ countries(where: {isEU: true, continentId: [1, 2, 3, 4]}, limit: 5) { code } }",
    '{ continents(where: {code: ["EU", "NA"], id: [1, 2, 3, 4, 5, 6, 7]}) { code } }',
    # Filter errors null the field and keep the rest of the response.
    "{ markets(where: {name: {}}) { id } stores { id } }",
    '{ markets(where: {name: {equals: "a", contains: "b"}}) { id } }',
    '{ markets(where: {negate: ["comment"]}) { id } }',
    '{ warehouses(where: {notNull: ["nothing"]}) { id } }',
    '{ warehouses(where: {negate: ["status"]}) { id } }',
]

SORTS_AND_PAGING = [
    "{ countries(sort: [code_DESC], limit: 5, page: 2) { code } }",
    "{ countries(sort: [], limit: 3) { code } }",
    "{ countries(sort: null, limit: 3) { code } }",
    "{ countries(page: 3) { code } }",
    "{ countries(limit: 200, page: 2) { code } }",
    "{ warehouses(sort: [customSort_DESC, id_ASC]) { id customSort } }",
    "{ warehouses(sort: [name_ASC, name_DESC]) { name } }",
    "{ warehouses(sort: [id_DESC, customSort_ASC]) { id } }",
    "{ warehouses(limit: null, page: null) { id } }",
    "{ markets(sort: [updatedAt_DESC, name_ASC]) { name } }",
    "{ markets(limit: 3, page: 3) { id } }",
    "{ markets(limit: 3, page: 100) { id } }",
    "{ languages { code } }",
    "{ graphQLAccess(sort: [expiresAt_ASC, id_ASC], limit: 2) { id } }",
    "{ idConversions(sort: [id_DESC], limit: 2, page: 2) { id } }",
    "{ allocationRules(sort: [name_DESC], where: null, limit: 1, page: 2) { name } }",
    "{ continents(sort: [id_DESC]) { code } currencies(sort: [code_DESC]) { code } }",
    # Refused before execution (HTTP 400); the reference names the same problems.
    "{ markets(limit: 0) { id } }",
    "{ markets(limit: 201) { id } }",
    "{ warehouses(page: 0) { id } }",
    "{ warehouses(page: -5, limit: 500) { id } countries(limit: -1) { code } }",
]

ROOT_ONE = [
    "{ market(id: 5) { id name } }",
    '{ market(externalId: "NORDICS") { id name } }',
    '{ market(id: 1, externalId: "NORDICS") { id } }',
    "{ market { id } stores { id } }",
    '{ market(externalId: "nope") { id } }',
    '{ currency(externalId: "EURO") { code } currency2: currency(id: 3) { code } }',
    '{ warehouse(externalId: "WH-OAK") { name state { name country { code } } } }',
    "{ warehouse(id: 1) { name state { name } } }",
    "{ store(id: 99) { id } warehouse(id: -1) { id } market(id: 2147483647) { id } }",
]

#: One document touching every root and permission-guarded relation, for the token kinds.
EVERYTHING = """
{
  stores { id markets { id } allocationRules { id } }
  store(id: 2) { id name markets { id comment } }
  markets {
    id comment
    store { id }
    allocationRule { id warehouses { id allocationRules { id } } markets { id } store { id } }
    assignedToCountries { code }
  }
  market(externalId: "NORDICS") { id store { id } }
  countries(where: {code: ["SE", "DE"]}) { code }
  continents(limit: 2) { code }
  currency(id: 1) { code }
  currencies { code }
  languages { code }
  warehouse(id: 1) { id allocationRules { id } }
  warehouses { id }
  allocationRules(where: null) { id store { id } markets { id comment } }
  idConversions { externalId }
  graphQLAccess { id }
}
"""


def test_aliases_fragments_and_typename(differential: Differential) -> None:
    differential.check(ALIASES_AND_FRAGMENTS)
    differential.check(ALIASES_AND_FRAGMENTS, who="few")
    differential.check(MERGED_SELECTIONS)
    differential.check(MERGED_SELECTIONS, who="deprecated")


def test_skip_and_include_with_variables(differential: Differential) -> None:
    # The same document again and again: plans are cached per directive-variable values.
    for with_, without, limit, who in itertools.product(
        (True, False), (True, False), (None, 2), ("all", "few")
    ):
        variables = {"with": with_, "without": without, "limit": limit, "code": ["SE", "US"]}
        differential.check(DIRECTIVES, variables, who=who)


def test_nested_relations(differential: Differential) -> None:
    for query in NESTED:
        differential.check(query)


def test_filters(differential: Differential) -> None:
    for query in FILTERS:
        differential.check(query)


def test_sorts_and_paging(differential: Differential) -> None:
    for query in SORTS_AND_PAGING:
        differential.check(query)


#: Lists paged per parent: the engine reads them plainly when no parent can have more than
#: the limit, caps each parent in Python when one does, and numbers the rows (a window
#: function) when the plain read overflows or a later page is asked for.
NESTED_PAGING = [
    "{ products(limit: 30) { id variants(limit: 1) { id name } } }",
    "{ products(limit: 30) { id variants(limit: 2, page: 2) { id } } }",
    "{ products(limit: 30) { id variants(limit: 3) { id productSizes { id } } } }",
    "{ products(limit: 30) { id variants { id } } }",
    "{ products(where: {id: [1, 2, 3, 4, 5, 6]}) { id variants(limit: 2) { id } } }",
    # Fewer rows than parents x limit, but more than the limit under one parent.
    "{ products(limit: 30) { variants(where: {id: [1, 2, 3, 4, 5, 6, 7]}, limit: 2) { id } } }",
    "{ pricelists { id prices(limit: 30) { id } } }",
    "{ products(sort: [id_DESC], limit: 4) { variants(sort: [id_DESC], limit: 2) { id } } }",
    "{ pricelists { id prices(limit: 2) { id } more: prices(limit: 200) { id } } }",
    "{ pricelists { id prices(limit: 5, page: 3) { id productVariant { id } } } }",
    "{ markets { id displays(limit: 1) { id } all: displays(limit: 50) { id } } }",
    "{ markets { id displays(limit: 2, page: 2) { id } } }",
    "{ productVariants(limit: 50) { id prices(limit: 1) { id } all: prices(limit: 200) { id } } }",
    "{ productVariants(limit: 50) { id prices(sort: [pricelistId_DESC], limit: 1, page: 2) { id } } }",
    "{ displays(limit: 50) { id prices(limit: 2) { id pricelist { id } } } }",
    "{ displays(limit: 50) { id prices(where: {pricelistId: [1, 3]}, limit: 2, page: 2) { id } } }",
]


def test_lists_paged_per_parent(differential: Differential) -> None:
    for query in NESTED_PAGING:
        differential.check(query)


def test_one_object_by_id_or_external_id(differential: Differential) -> None:
    for query in ROOT_ONE:
        differential.check(query)


@pytest.mark.parametrize("who", ["all", "few", "deprecated", "wholesale", "no-integration"])
def test_permissions_and_restrictions(differential: Differential, who: str) -> None:
    differential.check(EVERYTHING, who=who)
    for query in ROOT_ONE:
        differential.check(query, who=who)


def test_denied_fields_merged_aliased_and_repeated(differential: Differential) -> None:
    query = """
    {
      markets(limit: 3) {
        id comment c2: comment ...Comment
        allocationRule { id } ... on Market { allocationRule { name } }
      }
      m: markets(limit: 1) { ...Comment }
    }
    fragment Comment on Market { comment }
    """
    differential.check(query, who="few")
    differential.check(query, who="all")
    differential.check(query, who="few")  # cached programs are per denied set


def test_variables_operation_names_and_introspection(differential: Differential) -> None:
    query = """
    query Stores($where: StoreFilter, $sort: [StoreSort!]) { stores(where: $where, sort: $sort) { id } }
    query Markets($id: Int, $ext: String) { market(id: $id, externalId: $ext) { id } }
    """
    differential.check(query, {"sort": ["name_DESC"]}, operation_name="Stores")
    differential.check(query, {"where": {"name": {"contains": "sale"}}}, operation_name="Stores")
    differential.check(query, {"ext": "NORDICS"}, operation_name="Markets")
    differential.check(query, {"id": 2}, operation_name="Markets")
    differential.check(
        """
        {
          __schema { queryType { name } }
          stores { id }
          t: __type(name: "Market") { name kind }
        }
        """
    )


def test_refused_documents(differential: Differential) -> None:
    differential.check("{ stores { id }")
    differential.check("{ stores { id nope } }")
    differential.check("query($id: Int!) { store(id: $id) { id } }", {"id": "one"})
    differential.check("query($id: Int!) { store(id: $id) { id } }")
    differential.check("query A { stores { id } } query B { markets { id } }")
    differential.check("query A { stores { id } }", operation_name="B")


def test_the_comparison_notices_a_different_field_map(differential: Differential) -> None:
    """The oracle has teeth: a reference whose field map orders a relation differently, or
    reads another column, disagrees with the engine."""
    rule = OBJECT_MAPS["AllocationRule"]
    market = OBJECT_MAPS["Market"]
    tampered = {
        **OBJECT_MAPS,
        "AllocationRule": replace(
            rule,
            fields={
                **rule.fields,
                "warehouses": replace(_to_many(rule.fields["warehouses"]), order_by=("id",)),
            },
        ),
        "Market": replace(market, fields={**market.fields, "comment": Column("name")}),
    }
    differential.reference = ReferenceExecutor(object_maps=tampered)
    with pytest.raises(AssertionError, match="data differs"):
        differential.check("{ allocationRules { id warehouses { id } } }")
    with pytest.raises(AssertionError, match="data differs"):
        differential.check("{ markets { comment } }")
    differential.check("{ markets { name } }")


def _to_many(source: FieldSource) -> ToMany:
    assert isinstance(source, ToMany)
    return source


def test_the_reference_has_a_schema_of_its_own(reference: ReferenceExecutor) -> None:
    # It installs resolvers on its schema; the engine's (build_schema's) is shared.
    assert reference.schema is not build_schema()
    assert reference.schema.query_type is not build_schema().query_type
