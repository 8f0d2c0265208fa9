"""The attributes, translations and media part of the API."""

from __future__ import annotations

from collections.abc import Mapping

from mercato.api.common import Handler
from mercato.graphql.fieldmap import ObjectMap, RootField

OBJECTS: Mapping[str, ObjectMap] = {}
ROOTS: Mapping[str, RootField] = {}
MUTATIONS: Mapping[str, Handler] = {}
