"""How docs/cookbook.md writes and reads its examples.

Requests are ```graphql blocks, optionally followed by a ```json variables block; each is
answered by the next ```json response block. Lists longer than six entries are cut after
four, followed by a string "... N more", so the document stays readable; the test cuts the
live response the same way before comparing.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

LONG_LIST = 6
SHOWN = 4
BLOCK = re.compile(r"```(graphql|json variables|json response)\n(.*?)\n```", re.DOTALL)


def truncate(value: Any) -> Any:
    if isinstance(value, list):
        items = [truncate(v) for v in value]
        if len(items) > LONG_LIST:
            return [*items[:SHOWN], f"... {len(items) - SHOWN} more"]
        return items
    if isinstance(value, dict):
        return {k: truncate(v) for k, v in value.items()}
    return value


def render_response(body: dict[str, Any]) -> str:
    return json.dumps(truncate(body), indent=2, ensure_ascii=False)


@dataclass(frozen=True)
class CookbookExample:
    query: str
    variables: dict[str, Any] | None
    response: dict[str, Any]


def parse_cookbook(text: str) -> list[CookbookExample]:
    examples: list[CookbookExample] = []
    query: str | None = None
    variables: dict[str, Any] | None = None
    for kind, content in BLOCK.findall(text):
        if kind == "graphql":
            query, variables = content, None
        elif kind == "json variables":
            variables = json.loads(content)
        else:
            assert query is not None, "a response block without a request before it"
            examples.append(CookbookExample(query, variables, json.loads(content)))
            query = None
    return examples
