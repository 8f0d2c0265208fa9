"""``mercato permissions``: every permission a token can hold, and what it guards here.

What a permission guards is read from the schema's ``@permission(name:)`` directives, so the
list follows the API as it grows. Permissions of the reference that no field of Mercato
uses yet are listed too (a token may hold them), marked as such.
"""

from __future__ import annotations

import textwrap
from collections import defaultdict

from graphql import (
    FieldDefinitionNode,
    ObjectTypeDefinitionNode,
    ObjectTypeExtensionNode,
    StringValueNode,
    parse,
)

from mercato.api.build import sdl_sources
from mercato.auth.permissions import CURRENT_PERMISSIONS, DEPRECATED_ALIASES


def guarded_fields() -> dict[str, list[str]]:
    """Permission name -> the fields (``Type.field``) that carry it, in schema order."""
    guarded: defaultdict[str, list[str]] = defaultdict(list)
    for definition in parse("\n".join(sdl_sources())).definitions:
        if not isinstance(definition, ObjectTypeDefinitionNode | ObjectTypeExtensionNode):
            continue
        for field in definition.fields or ():
            for name in _permissions_of(field):
                guarded[name].append(f"{definition.name.value}.{field.name.value}")
    return dict(guarded)


def _permissions_of(field: FieldDefinitionNode) -> list[str]:
    names = []
    for directive in field.directives or ():
        if directive.name.value != "permission":
            continue
        for argument in directive.arguments or ():
            if argument.name.value == "name" and isinstance(argument.value, StringValueNode):
                names.append(argument.value.value)
    return names


def listing(width: int = 100) -> str:
    guarded = guarded_fields()
    lines = []
    for name in sorted(CURRENT_PERMISSIONS, key=str.lower):
        fields = guarded.get(name, [])
        what = ", ".join(fields) if fields else "(no field of Mercato yet)"
        lines.append(
            textwrap.fill(
                what, width=width, initial_indent=f"{name:<34} ", subsequent_indent=" " * 35
            )
        )
    lines.append("")
    lines.append("Older names still accepted (reported in extensions.deprecatedPermissionsUsed):")
    lines.extend(f"{old:<34} now {current}" for old, current in sorted(DEPRECATED_ALIASES.items()))
    lines.append("")
    lines.append("`*` grants every permission (development and QA tokens; refused in production).")
    return "\n".join(lines) + "\n"
