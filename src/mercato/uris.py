"""URIs of displays, brands, collections and categories (reference 2.7): generated from the
name when omitted (or given empty on update), validated and never sanitized when given.

Shared by the domains below the API, so it depends on nothing but the error vocabulary."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from mercato.errors import PathElement, UserInputError

MAX_URI_LENGTH = 255

_VALID = re.compile(r"[a-z0-9_-]*[a-z0-9][a-z0-9_-]*")
_SEPARATORS = re.compile(r"[^a-z0-9]+")


def valid_uri(uri: str, path: tuple[PathElement, ...]) -> str:
    """The given uri, or a userError saying which characters a uri may hold."""
    if len(uri) > MAX_URI_LENGTH:
        raise UserInputError.single(f"A uri has at most {MAX_URI_LENGTH} characters.", *path)
    if _VALID.fullmatch(uri) is None:
        raise UserInputError.single(
            f'"{uri}" is not a valid uri: use lowercase letters a-z, digits, "-" and "_" '
            "(or leave uri out to generate it from the name).",
            *path,
        )
    return uri


def uri_from_name(name: str, path: tuple[PathElement, ...]) -> str:
    """``"Tröja Röd"`` -> ``"troja-rod"``: ascii, lowercase, words joined by dashes."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    uri = _SEPARATORS.sub("-", ascii_name.lower()).strip("-")[:MAX_URI_LENGTH].rstrip("-")
    if not uri:
        raise UserInputError.single(
            f'No uri can be generated from the name "{name}": give a uri.', *path
        )
    return uri


def first_free(uri: str, taken: Callable[[str], bool]) -> str:
    """``uri``, or ``uri-2``, ``uri-3``...: the first one ``taken`` says is free."""
    candidate = uri
    number = 1
    while taken(candidate):
        number += 1
        suffix = f"-{number}"
        candidate = uri[: MAX_URI_LENGTH - len(suffix)].rstrip("-") + suffix
    return candidate
