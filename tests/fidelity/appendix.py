"""Mercato's exported schema (docs/schema.graphql) against the reference's Appendix A
(tests/fidelity/appendix_a.md): every root field's name, argument names, types and defaults,
return type (nullability aside: guarded fields are nullable, docs/adr/0002) and permission.

Each difference is one line of text, e.g. ``Query.orders: missing`` or
``Query.priceAlterations(sort): default [id_ASC], Appendix A none``; docs/compatibility.md
lists every difference that stays, with its reason, in the table under "Differences from
Appendix A"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from graphql import (
    DocumentNode,
    FieldDefinitionNode,
    ObjectTypeDefinitionNode,
    ObjectTypeExtensionNode,
    StringValueNode,
    parse,
    parse_value,
    print_ast,
)

ROOT = Path(__file__).resolve().parents[2]
APPENDIX = Path(__file__).with_name("appendix_a.md")
SCHEMA = ROOT / "docs" / "schema.graphql"
COMPATIBILITY = ROOT / "docs" / "compatibility.md"
TABLE_HEADING = "## Differences from Appendix A"

_ROW = re.compile(
    r"^\| `(?P<name>\w+)` \| (?P<arguments>.*?) \| `(?P<returns>[^`]+)` \| (?P<permission>[^|]*?) \|"
)


@dataclass(frozen=True)
class Argument:
    type: str
    #: The default as GraphQL prints it, or None.
    default: str | None


@dataclass(frozen=True)
class RootField:
    arguments: dict[str, Argument]
    returns: str
    #: "none" when the field needs no permission.
    permission: str


def _split_top_level(text: str) -> list[str]:
    parts, depth, current = [], 0, ""
    for char in text:
        if char in "[{(":
            depth += 1
        elif char in "]})":
            depth -= 1
        if char == "," and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += char
    if current.strip():
        parts.append(current.strip())
    return parts


def _printed_default(text: str) -> str:
    return print_ast(parse_value(text))


def appendix_fields() -> dict[str, RootField]:
    """``Query.<name>`` / ``Mutation.<name>`` -> the field as Appendix A gives it."""
    fields: dict[str, RootField] = {}
    root = ""
    for line in APPENDIX.read_text(encoding="utf-8").splitlines():
        if line.startswith("#### Query fields"):
            root = "Query"
        elif line.startswith("#### Mutation fields"):
            root = "Mutation"
        match = _ROW.match(line)
        if match is None or not root:
            continue
        arguments: dict[str, Argument] = {}
        given = match["arguments"].strip()
        if given != "—":
            for part in _split_top_level(given.strip("`")):
                name, _, rest = part.partition(":")
                type_text, _, default = rest.partition("=")
                arguments[name.strip()] = Argument(
                    type_text.strip(), _printed_default(default.strip()) if default else None
                )
        fields[f"{root}.{match['name']}"] = RootField(
            arguments, match["returns"], match["permission"].strip()
        )
    return fields


def _root_definitions(document: DocumentNode) -> dict[str, FieldDefinitionNode]:
    found: dict[str, FieldDefinitionNode] = {}
    for definition in document.definitions:
        if isinstance(definition, ObjectTypeDefinitionNode | ObjectTypeExtensionNode) and (
            definition.name.value in ("Query", "Mutation")
        ):
            for field in definition.fields or ():
                found[f"{definition.name.value}.{field.name.value}"] = field
    return found


def _permission(field: FieldDefinitionNode) -> str:
    for directive in field.directives or ():
        if directive.name.value == "permission":
            value = directive.arguments[0].value
            assert isinstance(value, StringValueNode)
            return value.value
    return "none"


def schema_fields() -> dict[str, RootField]:
    document = parse(SCHEMA.read_text(encoding="utf-8"))
    fields: dict[str, RootField] = {}
    for name, field in _root_definitions(document).items():
        fields[name] = RootField(
            {
                argument.name.value: Argument(
                    print_ast(argument.type),
                    None if argument.default_value is None else print_ast(argument.default_value),
                )
                for argument in field.arguments or ()
            },
            print_ast(field.type),
            _permission(field),
        )
    return fields


def _nullable(type_text: str) -> str:
    return type_text.replace("!", "")


def differences() -> list[str]:
    """Every difference between the exported schema and Appendix A, sorted."""
    appendix, schema = appendix_fields(), schema_fields()
    found: list[str] = []
    for name, wanted in appendix.items():
        field = schema.get(name)
        if field is None:
            found.append(f"{name}: missing")
            continue
        for argument, given in wanted.arguments.items():
            ours = field.arguments.get(argument)
            where = f"{name}({argument})"
            if ours is None:
                found.append(f"{where}: missing")
                continue
            if ours.type != given.type:
                found.append(f"{where}: type {ours.type}, Appendix A {given.type}")
            if ours.default != given.default:
                found.append(
                    f"{where}: default {ours.default or 'none'}, Appendix A {given.default or 'none'}"
                )
        for argument in field.arguments.keys() - wanted.arguments.keys():
            found.append(f"{name}({argument}): not in Appendix A")
        if _nullable(field.returns) != _nullable(wanted.returns):
            found.append(f"{name}: returns {field.returns}, Appendix A {wanted.returns}")
        if field.permission != wanted.permission:
            found.append(f"{name}: permission {field.permission}, Appendix A {wanted.permission}")
    for name in schema.keys() - appendix.keys():
        found.append(f"{name}: not in Appendix A")
    return sorted(found)


def listed_differences() -> dict[str, str]:
    """The table under "Differences from Appendix A" in docs/compatibility.md:
    difference -> reason."""
    text = COMPATIBILITY.read_text(encoding="utf-8")
    section = text.split(TABLE_HEADING, 1)[1].split("\n## ", 1)[0]
    listed: dict[str, str] = {}
    for line in section.splitlines():
        match = re.match(r"^\| `(?P<difference>[^`]+)` \| (?P<reason>.*) \|$", line)
        if match is not None:
            listed[match["difference"]] = match["reason"].strip()
    return listed
