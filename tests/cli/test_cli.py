"""The ``mercato`` command line, run in a subprocess like a user would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from mercato.auth.tokens import parse_token


def _mercato(
    *arguments: str, database: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "MERCATO_DATABASE_URL": f"sqlite:///{database}", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "mercato.cli.main", *arguments],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )


@pytest.fixture
def database_file(tmp_path: Path) -> Path:
    path = tmp_path / "cli.sqlite3"
    assert _mercato("db", "upgrade", database=path).returncode == 0
    return path


def test_demo_is_idempotent(database_file: Path) -> None:
    first = _mercato("demo", database=database_file)
    second = _mercato("demo", database=database_file)
    assert "Demo data loaded." in first.stderr
    assert "already present" in second.stderr


def test_token_create_prints_only_the_token_then_list_and_revoke(database_file: Path) -> None:
    created = _mercato(
        "token",
        "create",
        "--name",
        "ERP",
        "--integration",
        "erp",
        "--permission",
        "Store:read",
        "--permission",
        "Market:read",
        "--expires-in",
        "7d",
        database=database_file,
    )
    assert created.returncode == 0, created.stderr
    token = created.stdout.strip()
    assert parse_token(token) is not None
    listed = _mercato("token", "list", database=database_file).stdout
    assert "ERP" in listed
    assert token not in listed
    assert "valid" in listed
    assert _mercato("token", "revoke", "1", database=database_file).returncode == 0
    assert "revoked" in _mercato("token", "list", database=database_file).stdout


def test_production_refuses_all_permission_tokens(database_file: Path) -> None:
    result = _mercato(
        "token",
        "create",
        "--name",
        "QA",
        "--all",
        database=database_file,
        env={"MERCATO_ENV": "production"},
    )
    assert result.returncode == 2
    assert "all-permission" in result.stderr.lower()
    assert result.stdout == ""


def test_unknown_permission_names_are_refused(database_file: Path) -> None:
    result = _mercato(
        "token", "create", "--name", "x", "--permission", "Stores:read", database=database_file
    )
    assert result.returncode == 2
    assert "Unknown permission 'Stores:read'" in result.stderr


def test_bad_settings_are_explained(tmp_path: Path) -> None:
    result = _mercato(
        "demo", database=tmp_path / "x.sqlite3", env={"MERCATO_DATABASE_URL": "mysql://x"}
    )
    assert result.returncode == 2
    assert "MERCATO_DATABASE_URL" in result.stderr


def test_schema_export_prints_the_sdl(tmp_path: Path) -> None:
    result = _mercato("schema", "export", database=tmp_path / "unused.sqlite3")
    assert result.returncode == 0
    assert "type Query" in result.stdout
    assert '@permission(name: "Market:read")' in result.stdout
