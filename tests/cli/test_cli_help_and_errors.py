"""The command line explains itself: a version, help on every option, and one line (never a
traceback) with a non-zero exit for every failure a user can fix."""

from __future__ import annotations

import argparse
import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from mercato import __version__
from mercato.cli import main as cli
from mercato.db.database import Database
from mercato.db.migrate import upgrade


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in list(os.environ):
        if name.startswith("MERCATO_") and not name.startswith("MERCATO_TEST_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MERCATO_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite3'}")


def _run(capsys: pytest.CaptureFixture[str], *arguments: str) -> tuple[int, str, str]:
    status = cli.main(list(arguments))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _commands(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield from _commands(child, (*path, name))


COMMANDS = [path for path, _ in _commands(cli._parser())]


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out.strip() == f"mercato {__version__}"


@pytest.mark.parametrize("command", COMMANDS, ids=lambda path: " ".join(path) or "mercato")
def test_every_command_has_help_for_every_option(
    command: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.main([*command, "--help"])
    assert exited.value.code == 0
    assert "usage: mercato" in capsys.readouterr().out
    parser = dict(_commands(cli._parser()))[command]
    for action in parser._actions:
        if not isinstance(action, argparse._SubParsersAction):
            assert action.help, f"{' '.join(command)} {action.option_strings or action.dest}"


def test_defaults_and_the_duration_format_are_shown(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["token", "create", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "(default: 30d)" in text
    assert "d (days), h (hours) or m (minutes)" in text
    with pytest.raises(SystemExit):
        cli.main(["serve", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "(default: 8000)" in text
    assert "(default: 127.0.0.1)" in text


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["token", "create", "--name", "x", "--all", "--expires-in", "soon"], "not a duration"),
        (["serve", "--port", "99999"], "not a port"),
        (["demo", "--products", "-3"], "is negative"),
    ],
)
def test_bad_arguments_are_explained(
    arguments: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.main(arguments)
    assert exited.value.code == 2
    assert message in capsys.readouterr().err


def _free_port() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return str(probe.getsockname()[1])


@pytest.mark.parametrize("command", [["serve", "--port", _free_port()], ["token", "list"]])
def test_an_unmigrated_database_is_refused_with_the_command_that_fixes_it(
    command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = _run(capsys, *command)
    assert status == 1
    assert err.strip().endswith("run `mercato db upgrade`.")
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_an_outdated_database_is_refused_too(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    database = Database(f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    upgrade(database, "0001")
    database.dispose()
    status, _, err = _run(capsys, "serve", "--port", _free_port())
    assert status == 1
    assert "is at migration 0001" in err
    assert "run `mercato db upgrade`" in err


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("postgresql://mercato:s3cret@127.0.0.1:9/mercato", "Cannot use the database"),
        ("sqlite+nothing:///x.db", "not a database URL Mercato can use"),
        ("mysql://x/y", "MERCATO_DATABASE_URL must start with sqlite"),
    ],
)
def test_a_database_that_cannot_be_used_is_one_line(
    url: str, message: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MERCATO_DATABASE_URL", url)
    for command in (["db", "upgrade"], ["token", "list"], ["demo"]):
        status, _, err = _run(capsys, *command)
        assert status in (1, 2)
        assert message in err
        assert "s3cret" not in err
        assert len(err.strip().splitlines()) == 1, err


def test_a_missing_table_is_explained_not_traced(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A database the version check passes but whose table is gone (dropped by hand).
    monkeypatch.setattr(cli, "require_current", lambda *_: None)
    status, _, err = _run(capsys, "token", "list")
    assert status == 1
    assert "is not migrated (no such table: access_tokens)" in err


@pytest.mark.parametrize("command", ["serve", "dev"])
def test_a_port_in_use_is_refused_before_anything_is_loaded(
    command: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        status, _, err = _run(capsys, command, "--port", port)
    assert status == 2
    assert f"Port {port} on 127.0.0.1 is already in use" in err
    assert not (tmp_path / "cli.sqlite3").exists()
    assert not (tmp_path / "var").exists()


def test_a_setting_that_does_not_parse_is_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MERCATO_RATE_LIMITS", "nope")
    status, _, err = _run(capsys, "settings")
    assert status == 2
    assert err == (
        "mercato: MERCATO_RATE_LIMITS must be true or false (or 1/0, yes/no, on/off), not 'nope'.\n"
    )


def test_settings_shows_values_and_their_sources_with_passwords_masked(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MERCATO_DATABASE_URL", "postgresql://erp:s3cret@db.example/mercato")
    monkeypatch.setenv("MERCATO_RATE_LIMITS", "0")
    monkeypatch.setenv("MERCATO_RATE_LIMIT", "off")
    status, out, err = _run(capsys, "settings")
    assert status == 0
    lines = {line.split()[0]: line.split()[1:] for line in out.splitlines() if line}
    assert lines["MERCATO_DATABASE_URL"] == [
        "postgresql://erp:***@db.example/mercato",
        "environment",
    ]
    assert lines["MERCATO_RATE_LIMITS"] == ["false", "environment"]
    assert lines["MERCATO_ENV"] == ["development", "default"]
    assert "s3cret" not in out
    assert "MERCATO_RATE_LIMIT is not a Mercato setting" in err
    assert "did you mean MERCATO_RATE_LIMITS?" in err


def test_permissions_lists_each_permission_with_the_fields_it_guards(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = _run(capsys, "permissions")
    assert status == 0
    lines = " ".join(out.split())
    assert "Market:read Store.markets," in lines
    assert "Query.markets" in lines
    assert "admin Mutation.migrateDeprecatedPermissions, Query.graphQLAccess" in lines
    assert "Voucher:read (no field of Mercato yet)" in lines
    assert "Product.Brand:read now Brand:read" in lines
