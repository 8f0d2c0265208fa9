"""Relay connections: cursors and the window a ``first/after/last/before`` request selects.

Cursors are opaque to clients; Mercato's are base64 of ``offset:<n>``, the position in the
filtered, sorted list. (Keyset cursors, stable under concurrent inserts, can replace them
without any client change.)
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Any

from mercato.graphql.limits import DEFAULT_PAGE_SIZE


class CursorError(ValueError):
    pass


def encode_cursor(offset: int) -> str:
    return base64.b64encode(f"offset:{offset}".encode()).decode()


def decode_cursor(cursor: str) -> int:
    try:
        kind, _, value = base64.b64decode(cursor, validate=True).decode().partition(":")
        offset = int(value)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise CursorError(f"{cursor!r} is not a cursor this list gave out.") from None
    if kind != "offset" or offset < 0:
        raise CursorError(f"{cursor!r} is not a cursor this list gave out.")
    return offset


@dataclass(frozen=True)
class Window:
    offset: int
    limit: int
    #: Whether the caller must know the total to place the window (``last`` without ``before``).
    needs_total: bool
    from_end: bool


def window(arguments: dict[str, Any]) -> Window:
    first, last = arguments.get("first"), arguments.get("last")
    if first is not None and last is not None:
        raise CursorError("Give first or last, not both.")
    start = decode_cursor(arguments["after"]) + 1 if arguments.get("after") else 0
    end = decode_cursor(arguments["before"]) if arguments.get("before") else None
    if last is None:
        size = first if first is not None else DEFAULT_PAGE_SIZE
        if end is not None:
            size = max(0, min(size, end - start))
        return Window(start, size, needs_total=False, from_end=False)
    if end is None:
        return Window(start, last, needs_total=True, from_end=True)
    offset = max(start, end - last)
    return Window(offset, max(0, end - offset), needs_total=False, from_end=False)
