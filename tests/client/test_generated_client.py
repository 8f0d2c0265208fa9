"""The typed Python client generated from docs/schema.graphql (scripts/client.py, ariadne-
codegen) type-checks and runs the cookbook's first steps with the cookbook's answers."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mercato.db.database import Database
from tests.cookbook_format import parse_cookbook, truncate
from tests.live_server import Server

ROOT = Path(__file__).resolve().parents[2]
CLIENTS = ROOT / "clients" / "python"
FIRST_STEPS = 6  # stores, markets, a refused createMarket, updateMarket, createMarket, warehouses


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    output = tmp_path_factory.mktemp("client")
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "client.py"), str(output)], check=True, cwd=ROOT
    )
    sys.path[:0] = [str(output), str(CLIENTS)]
    yield output
    sys.path.remove(str(output))
    sys.path.remove(str(CLIENTS))
    for name in [
        name for name in sys.modules if name.startswith(("mercato_client", "first_steps"))
    ]:
        del sys.modules[name]


@pytest.mark.one_backend
def test_the_first_steps_type_check_against_the_generated_client(generated: Path) -> None:
    checked = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            str(CLIENTS / "first_steps.py"),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "MYPYPATH": str(generated)},
        check=False,
    )
    assert checked.returncode == 0, checked.stdout


@pytest.mark.one_backend
def test_the_client_runs_the_cookbook_s_first_steps(generated: Path, database: Database) -> None:
    from mercato_client import MercatoClient  # type: ignore[import-not-found]

    first_steps: Any = importlib.import_module("first_steps").first_steps
    cookbook = parse_cookbook((ROOT / "docs" / "cookbook.md").read_text(encoding="utf-8"))
    with (
        Server.start(database) as server,
        MercatoClient(
            url=f"{server.url}/graphql", headers={"Authorization": f"Bearer {server.token}"}
        ) as client,
    ):
        answers = first_steps(client)
    assert [truncate(answer) for answer in answers] == [
        example.response["data"] for example in cookbook[:FIRST_STEPS]
    ]
