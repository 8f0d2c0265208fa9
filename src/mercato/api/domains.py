"""The API's domains. Each module lists its table-backed types (``OBJECTS``), its root
query fields (``ROOTS``) and its mutation handlers (``MUTATIONS``); the registries in
``objects.py``, ``roots.py`` and ``mutations.py`` merge them."""

from __future__ import annotations

from collections.abc import Mapping
from types import ModuleType
from typing import Any

from mercato.api import (
    attributes,
    classification,
    display_relations,
    displays,
    measurements,
    pricing,
    products,
    size_localizations,
    stock,
    stock_changes,
    supply,
)
from mercato.api import counters as counters
from mercato.api import media_uploads as media_uploads
from mercato.api import outlets as outlets
from mercato.api import permission_migration as permission_migration
from mercato.api import store_links as store_links

#: The domains' API modules (the foundation's own types live in objects/roots/mutations).
DOMAINS: tuple[ModuleType, ...] = (
    classification,
    products,
    attributes,
    displays,
    pricing,
    supply,
    measurements,
    size_localizations,
    display_relations,
    stock,
    stock_changes,
)

# -- issue 17: fields and roots for existing Centra integrations --------------------------
DOMAINS += (store_links, counters, permission_migration, outlets, media_uploads)


def merged(attribute: str) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for module in DOMAINS:
        part: Mapping[str, Any] = getattr(module, attribute, {})
        overlap = set(part) & set(result)
        if overlap:
            raise RuntimeError(f"{module.__name__} redefines {', '.join(sorted(overlap))}.")
        result.update(part)
    return result


def merged_extensions() -> dict[str, dict[str, Any]]:
    """``EXTENSIONS`` of every domain: type name -> extra fields for that type's map."""
    result: dict[str, dict[str, Any]] = {}
    for module in DOMAINS:
        for type_name, fields in getattr(module, "EXTENSIONS", {}).items():
            target = result.setdefault(type_name, {})
            overlap = set(fields) & set(target)
            if overlap:
                raise RuntimeError(
                    f"{module.__name__} redefines {type_name}.{', '.join(sorted(overlap))}."
                )
            target.update(fields)
    return result
