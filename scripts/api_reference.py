"""Generate docs/api-reference.md from the schema (``make schema``).

One section per root field (arguments, result, permission, notes), then every type, input
and enum with its fields and the permission each needs.
"""

from __future__ import annotations

import sys
from pathlib import Path

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    GraphQLUnionType,
    build_schema,
    print_ast,
)

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from mercato.graphql.schema import field_meta


def _arguments(field: object) -> str:
    args = getattr(field, "args", {})
    parts = []
    for name, arg in args.items():
        default = ""
        if arg.ast_node is not None and arg.ast_node.default_value is not None:
            default = f" = {print_ast(arg.ast_node.default_value)}"
        parts.append(f"{name}: {arg.type}{default}")
    return ", ".join(parts)


def _description(text: str | None) -> str:
    return (text or "").replace("\n", " ").replace("|", "\\|")


def render(schema: GraphQLSchema) -> str:
    out = [
        "# Mercato GraphQL API reference\n",
        "Generated from the SDL by `make schema` (`scripts/api_reference.py`); do not edit by hand. "
        "The SDL itself is `docs/schema.graphql`. A field with a permission is null, with an "
        "authorization error, when the token lacks it.\n",
    ]
    for title, root in (("Queries", schema.query_type), ("Mutations", schema.mutation_type)):
        assert root is not None
        out.append(
            f"\n## {title}\n\n| field | arguments | returns | permission | notes |\n|---|---|---|---|---|"
        )
        for name, field in sorted(root.fields.items()):
            meta = field_meta(field)
            out.append(
                f"| `{name}` | `{_arguments(field)}` | `{field.type}` | {meta.permission or 'none'} | "
                f"{_description(field.description)} |"
            )
    out.append("\n## Types\n")
    for name, type_ in sorted(schema.type_map.items()):
        if name.startswith("__") or name in ("Query", "Mutation"):
            continue
        if isinstance(type_, GraphQLObjectType | GraphQLInterfaceType):
            kind = "interface" if isinstance(type_, GraphQLInterfaceType) else "type"
            out.append(f"\n### {name} ({kind})\n\n{_description(type_.description)}\n")
            out.append("| field | type | permission | description |\n|---|---|---|---|")
            for field_name, field in type_.fields.items():
                meta = field_meta(field)
                arguments = _arguments(field)
                shown = f"{field_name}({arguments})" if arguments else field_name
                out.append(
                    f"| `{shown}` | `{field.type}` | {meta.permission or ''} | {_description(field.description)} |"
                )
        elif isinstance(type_, GraphQLInputObjectType):
            out.append(f"\n### {name} (input)\n\n{_description(type_.description)}\n")
            out.append("| field | type | description |\n|---|---|---|")
            for field_name, input_field in type_.fields.items():
                out.append(
                    f"| `{field_name}` | `{input_field.type}` | {_description(input_field.description)} |"
                )
        elif isinstance(type_, GraphQLEnumType):
            values = ", ".join(f"`{v}`" for v in type_.values)
            out.append(f"\n### {name} (enum)\n\n{_description(type_.description)}\n\n{values}")
        elif isinstance(type_, GraphQLUnionType):
            members = ", ".join(f"`{t.name}`" for t in type_.types)
            out.append(f"\n### {name} (union)\n\n{members}")
        elif isinstance(type_, GraphQLScalarType) and name not in (
            "String",
            "Int",
            "Float",
            "Boolean",
            "ID",
        ):
            out.append(f"\n### {name} (scalar)\n\n{_description(type_.description)}")
    return "\n".join(out) + "\n"


def main() -> None:
    sdl = Path(sys.argv[1]).read_text(encoding="utf-8")
    sys.stdout.write(render(build_schema(sdl)))


if __name__ == "__main__":
    main()
