"""Generates Mercato's typed Python client with ariadne-codegen.

From the committed schema (docs/schema.graphql, written by `make schema`) and the
operations in clients/python/operations.graphql, into OUTPUT/mercato_client: a package with
one typed method per operation and pydantic models of every answer. Nothing generated is
committed, so the client cannot drift from the schema; tests/client generates it afresh.

    .venv/bin/python scripts/client.py build/client      # make client

ariadne-codegen runs in its own environment (.venv/codegen, requirements/codegen.txt):
it needs an older graphql-core than Mercato's.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = ROOT / ".venv" / "codegen" / "bin" / "ariadne-codegen"
SCHEMA = ROOT / "docs" / "schema.graphql"
OPERATIONS = ROOT / "clients" / "python" / "operations.graphql"
PACKAGE = "mercato_client"


def generate(output: Path) -> Path:
    """Writes the client into ``output``/mercato_client and returns that directory."""
    if not GENERATOR.exists():
        raise SystemExit(
            f"{GENERATOR.relative_to(ROOT)} is missing: `make client` (or `make test`) installs it"
        )
    output.mkdir(parents=True, exist_ok=True)
    config = (
        "[tool.ariadne-codegen]\n"
        f'schema_path = "{SCHEMA.as_posix()}"\n'
        f'queries_path = "{OPERATIONS.as_posix()}"\n'
        f'target_package_name = "{PACKAGE}"\n'
        f'target_package_path = "{output.resolve().as_posix()}"\n'
        'client_name = "MercatoClient"\n'
        "async_client = false\n"
    )
    with tempfile.TemporaryDirectory() as scratch:
        config_file = Path(scratch) / "pyproject.toml"
        config_file.write_text(config, encoding="utf-8")
        subprocess.run(
            [str(GENERATOR), "--config", str(config_file), "client"],
            check=True,
            cwd=scratch,
            stdout=subprocess.DEVNULL,
        )
    return output / PACKAGE


def main() -> None:
    if len(sys.argv) != 2:
        raise SystemExit("usage: client.py OUTPUT_DIRECTORY")
    package = generate(Path(sys.argv[1]))
    print(f"Generated {package.relative_to(Path.cwd()) if package.is_relative_to(Path.cwd()) else package}")


if __name__ == "__main__":
    main()
