"""The committed schema export and API reference match the SDL in the package."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from mercato.api.build import export_schema

ROOT = Path(__file__).resolve().parents[1]


def test_the_committed_schema_export_matches() -> None:
    committed = (ROOT / "docs" / "schema.graphql").read_text(encoding="utf-8")
    assert export_schema() == committed, "The schema changed: run `make schema` and commit."


def test_the_committed_api_reference_matches() -> None:
    generated = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "api_reference.py"),
            str(ROOT / "docs" / "schema.graphql"),
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    committed = (ROOT / "docs" / "api-reference.md").read_text(encoding="utf-8")
    assert generated == committed, "The API reference is stale: run `make schema` and commit."
