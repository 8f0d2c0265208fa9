"""Relay connections: cursors and the window a ``first/after/last/before`` request selects.

Cursors are opaque to clients. Mercato's are base64 of ``offset:<n>``, the position in the
filtered, sorted list, or of ``offset:<n>:key:<id>`` when the list is sorted by its key
alone (the default ``[id_ASC]``): ``after`` such a cursor the next page starts at the
key (``WHERE id > <id>``), which an index finds at once, where an offset walks over every
row before it. Both forms are accepted: the position still answers ``hasPreviousPage`` and
numbers the next cursors.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Any

from mercato.graphql.limits import DEFAULT_PAGE_SIZE


class CursorError(ValueError):
    pass


def encode_cursor(offset: int, key: int | None = None) -> str:
    text = f"offset:{offset}" if key is None else f"offset:{offset}:key:{key}"
    return base64.b64encode(text.encode()).decode()


def decode_cursor(cursor: str) -> int:
    return decode_cursor_key(cursor)[0]


def decode_cursor_key(cursor: str) -> tuple[int, int | None]:
    """The position a cursor names, and the key of its row when it carries one."""
    try:
        kind, _, value = base64.b64decode(cursor, validate=True).decode().partition(":")
        position, _, keyed = value.partition(":key:")
        offset = int(position)
        key = int(keyed) if keyed else None
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise CursorError(f"{cursor!r} is not a cursor this list gave out.") from None
    if kind != "offset" or offset < 0:
        raise CursorError(f"{cursor!r} is not a cursor this list gave out.")
    return offset, key


@dataclass(frozen=True)
class Window:
    offset: int
    limit: int
    #: Whether the caller must know the total to place the window (``last`` without ``before``).
    needs_total: bool
    from_end: bool
    #: The key of the ``after`` cursor's row, when it carries one and the window starts
    #: right after it (forward paging).
    after_key: int | None = None


def window(arguments: dict[str, Any]) -> Window:
    first, last = arguments.get("first"), arguments.get("last")
    if first is not None and last is not None:
        raise CursorError("Give first or last, not both.")
    start, after_key = 0, None
    if arguments.get("after"):
        after, after_key = decode_cursor_key(arguments["after"])
        start = after + 1
    end = decode_cursor(arguments["before"]) if arguments.get("before") else None
    if last is None:
        size = first if first is not None else DEFAULT_PAGE_SIZE
        if end is not None:
            size = max(0, min(size, end - start))
        return Window(start, size, needs_total=False, from_end=False, after_key=after_key)
    if end is None:
        return Window(start, last, needs_total=True, from_end=True)
    offset = max(start, end - last)
    return Window(offset, max(0, end - offset), needs_total=False, from_end=False)
