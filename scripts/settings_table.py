"""Writes the README's table of settings from their declarations (``mercato.settings``).

    .venv/bin/python scripts/settings_table.py --write README.md   # make schema runs it

The table sits between the markers ``<!-- settings -->`` and ``<!-- /settings -->``;
tests/test_settings.py fails while it differs from ``mercato settings --markdown``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from mercato.settings import markdown_table

START, END = "<!-- settings -->\n", "<!-- /settings -->\n"


def with_table(text: str) -> str:
    before, _, rest = text.partition(START)
    _, _, after = rest.partition(END)
    if not rest:
        raise SystemExit(f"no {START.strip()} marker")
    return f"{before}{START}{markdown_table()}{END}{after}"


def main() -> None:
    if sys.argv[1:2] != ["--write"] or len(sys.argv) != 3:
        raise SystemExit("usage: settings_table.py --write README.md")
    path = Path(sys.argv[2])
    path.write_text(with_table(path.read_text(encoding="utf-8")), encoding="utf-8")


if __name__ == "__main__":
    main()
