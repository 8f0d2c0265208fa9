"""``mercato``: serve the API, migrate, load demo data, manage tokens, export the schema.

Every failure the user can fix (a setting, a database that is not migrated or not reachable,
a port in use, bad input) is one line on stderr and a non-zero exit: 2 for what the user
asked or configured, 1 for a database that cannot be used. Never a traceback.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from mercato import __version__
from mercato.api.build import export_schema
from mercato.auth import services as tokens
from mercato.auth.permissions import ALL_PERMISSIONS
from mercato.classification.sizecharts import sync_size_entries
from mercato.cli import dev, permissions
from mercato.cli.catalog_demo import generate_catalog
from mercato.cli.database_checks import (
    DATABASE_ERRORS,
    DatabaseNotReadyError,
    explain,
    require_current,
)
from mercato.cli.demo import load_demo
from mercato.clock import utc_now
from mercato.db.database import Database
from mercato.db.migrate import upgrade
from mercato.db.unit_of_work import Writer
from mercato.errors import ConfigurationError, UserInputError
from mercato.http.logs import logging_config
from mercato.settings import Settings, describe, markdown_table, unknown_variables
from mercato.supply.demo import load_supply_demo

DURATION = re.compile(r"^(\d+)([dhm])$")
DURATION_FORMAT = "a number and a unit: d (days), h (hours) or m (minutes), e.g. 30d, 12h, 90m"
DESCRIPTION = (
    "Mercato, a commerce back office with a Centra-compatible GraphQL Integration API. "
    "`make run` is `mercato dev`; production runs `mercato db upgrade` then `mercato serve`."
)
EPILOG = (
    "Settings come from MERCATO_* environment variables; `mercato settings` shows each one, "
    "its value and where it came from."
)


def _duration(text: str) -> timedelta:
    match = DURATION.match(text)
    if match is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not a duration: use {DURATION_FORMAT}")
    amount, unit = int(match.group(1)), match.group(2)
    return {
        "d": timedelta(days=amount),
        "h": timedelta(hours=amount),
        "m": timedelta(minutes=amount),
    }[unit]


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is negative")
    return value


def _positive(text: str) -> int:
    value = _count(text)
    if value == 0:
        raise argparse.ArgumentTypeError("0 is not a positive number")
    return value


def _port(text: str) -> int:
    value = _count(text)
    if not 0 < value < 65536:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port (1-65535)")
    return value


class _Help(argparse.RawDescriptionHelpFormatter):
    """Shows each option's default after its help, when it has one worth showing."""

    def _get_help_string(self, action: argparse.Action) -> str:
        text = action.help or ""
        default = action.default
        if (
            default not in (None, False, argparse.SUPPRESS)
            and "%(default)" not in text
            and action.option_strings
        ):
            shown = "30d" if isinstance(default, timedelta) else "%(default)s"
            text += f" (default: {shown})"
        return text


def _command(commands: Any, name: str, help_text: str) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = commands.add_parser(
        name, help=help_text, description=help_text, formatter_class=_Help, epilog=EPILOG
    )
    return parser


def _listen_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=_port, default=8000, help="port to listen on")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mercato", description=DESCRIPTION, formatter_class=_Help, epilog=EPILOG
    )
    parser.add_argument("--version", action="version", version=f"mercato {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = _command(commands, "serve", "serve the GraphQL API (the database must be migrated)")
    _listen_options(serve)
    serve.add_argument(
        "--workers",
        type=_positive,
        default=1,
        help="worker processes; they share one rate-limit budget per token",
    )

    db = _command(commands, "db", "database maintenance")
    db_commands = db.add_subparsers(dest="db_command", required=True, metavar="COMMAND")
    _command(db_commands, "upgrade", "apply the migrations this version ships (idempotent)")

    demo = _command(commands, "demo", "migrate the database and load the demo data (idempotent)")
    demo.add_argument(
        "--products",
        type=_count,
        default=0,
        metavar="N",
        help="also generate N products with variants, sizes, displays, prices and attributes",
    )
    demo.add_argument("--seed", type=int, default=1, help="random seed of the generated catalog")

    dev_command = _command(
        commands,
        "dev",
        "development server: migrate, load the demo data, print a QA token (kept in "
        f"{dev.TOKEN_FILE} and reused), serve",
    )
    _listen_options(dev_command)

    token = _command(commands, "token", "manage access tokens")
    token_commands = token.add_subparsers(dest="token_command", required=True, metavar="COMMAND")
    create = _command(token_commands, "create", "create a token and print it (shown only once)")
    create.add_argument(
        "--name", required=True, help="what the token is for, e.g. 'ERP stock sync'"
    )
    create.add_argument(
        "--integration",
        help="integration name: the namespace of the external ids this token reads and writes",
    )
    create.add_argument("--store", type=int, metavar="ID", help="restrict the token to one store")
    create.add_argument(
        "--expires-in",
        type=_duration,
        default=timedelta(days=30),
        metavar="DURATION",
        help=f"lifetime: {DURATION_FORMAT}",
    )
    grant = create.add_mutually_exclusive_group(required=True)
    grant.add_argument(
        "--all", action="store_true", help="every permission (development and QA only)"
    )
    grant.add_argument(
        "--permission",
        action="append",
        metavar="PERMISSION",
        help="a permission such as Market:read; repeat for each (`mercato permissions` lists them)",
    )
    _command(token_commands, "list", "list the tokens (never their secrets)")
    revoke = _command(token_commands, "revoke", "revoke a token; it fails on its next request")
    revoke.add_argument("id", type=int, help="the token's id, as `mercato token list` shows it")

    schema = _command(commands, "schema", "the API schema")
    schema_commands = schema.add_subparsers(dest="schema_command", required=True, metavar="COMMAND")
    _command(schema_commands, "export", "print the schema as SDL (docs/schema.graphql)")

    settings = _command(
        commands, "settings", "show every setting, its value and where it came from"
    )
    settings.add_argument(
        "--markdown",
        action="store_true",
        help="print the table of settings, defaults and meanings instead (the README's)",
    )
    _command(commands, "permissions", "list every permission and the fields it guards")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    for warning in unknown_variables():
        print(f"mercato: warning: {warning}", file=sys.stderr)
    url = "MERCATO_DATABASE_URL"
    try:
        settings = Settings.from_environment()
        url = settings.database_url
        return _run(arguments, settings)
    except (ConfigurationError, UserInputError) as error:
        return _fail(str(error), 2)
    except DatabaseNotReadyError as error:
        return _fail(str(error), 1)
    except DATABASE_ERRORS as error:
        return _fail(explain(error, url), 1)
    except OSError as error:
        return _fail(f"{error.strerror or error}: {error.filename or ''}".rstrip(": "), 1)
    except KeyboardInterrupt:
        return 130


def _fail(message: str, status: int) -> int:
    print(f"mercato: {message}", file=sys.stderr)
    return status


def _run(arguments: argparse.Namespace, settings: Settings) -> int:
    if arguments.command == "schema":
        sys.stdout.write(export_schema())
        return 0
    if arguments.command == "permissions":
        sys.stdout.write(permissions.listing())
        return 0
    if arguments.command == "settings":
        sys.stdout.write(markdown_table() if arguments.markdown else _settings(settings))
        return 0
    if arguments.command in ("serve", "dev"):
        dev.require_free_port(arguments.host, arguments.port)
    database = Database(settings.database_url)
    try:
        if arguments.command == "serve":
            require_current(database, settings.database_url)
            database.dispose()
            return _serve(settings, arguments.host, arguments.port, arguments.workers)
        if arguments.command == "db":
            upgrade(database)
            print("Database is up to date.", file=sys.stderr)
        elif arguments.command == "demo":
            _demo(database, arguments.products, arguments.seed)
        elif arguments.command == "dev":
            dev.prepare(database, settings, arguments.host, arguments.port)
            database.dispose()
            return _serve(settings, arguments.host, arguments.port, 1)
        elif arguments.command == "token":
            require_current(database, settings.database_url)
            return _token(arguments, database, settings)
    finally:
        database.dispose()
    return 0


def _demo(database: Database, products: int, seed: int) -> None:
    upgrade(database)
    loaded = load_demo(database)
    print("Demo data loaded." if loaded else "Demo data already present.", file=sys.stderr)
    if products:
        written = generate_catalog(database, products, seed=seed)
        print(f"Generated {written:,} products.", file=sys.stderr)
        if load_supply_demo(database):
            print("Suppliers and purchase orders loaded.", file=sys.stderr)


def _settings(settings: Settings) -> str:
    rows = describe(settings)
    variable_width = max(len(row.variable) for row in rows)
    value_width = max(len(row.value) for row in rows)
    lines = [f"{'SETTING':<{variable_width}}  {'VALUE':<{value_width}}  FROM"]
    lines.extend(
        f"{row.variable:<{variable_width}}  {row.value:<{value_width}}  {row.source}"
        for row in rows
    )
    lines.append("")
    lines.append("What each one means: `mercato settings --markdown` (the README's table).")
    return "\n".join(lines) + "\n"


def _token(arguments: argparse.Namespace, database: Database, settings: Settings) -> int:
    if arguments.token_command == "create":  # noqa: S105 - a subcommand name
        permissions_granted = [ALL_PERMISSIONS] if arguments.all else arguments.permission
        created = tokens.create_token(
            Writer.system(database),
            name=arguments.name,
            permissions=permissions_granted,
            integration_name=arguments.integration,
            store_id=arguments.store,
            expires_at=utc_now() + arguments.expires_in,
            environment=settings.environment,
        )
        sync_size_entries(Writer.system(database))
        print(created.token)
    elif arguments.token_command == "list":  # noqa: S105 - a subcommand name
        for info in tokens.list_tokens(database):
            state = "valid" if info.is_valid else ("revoked" if info.revoked_at else "expired")
            print(
                f"{info.id}\t{info.token_prefix}\t{info.name}\t{info.integration_name or '-'}\t"
                f"{state}\texpires {info.expires_at:%Y-%m-%d}\t{','.join(info.permissions)}"
            )
    else:
        tokens.revoke_token(Writer.system(database), arguments.id)
        print(f"Token {arguments.id} revoked.", file=sys.stderr)
    return 0


def _serve(settings: Settings, host: str, port: int, workers: int) -> int:
    import uvicorn

    uvicorn.run(
        "mercato.app:asgi_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_config=logging_config(settings.log_format),
        access_log=False,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
