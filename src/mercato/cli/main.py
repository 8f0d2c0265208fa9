"""``mercato``: serve the API, migrate, load demo data, manage tokens, export the schema."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from datetime import timedelta

from mercato.api.build import export_schema
from mercato.auth import services as tokens
from mercato.auth.permissions import ALL_PERMISSIONS
from mercato.classification.sizecharts import give_integration_size_entries
from mercato.cli.catalog_demo import generate_catalog
from mercato.cli.demo import load_demo
from mercato.clock import utc_now
from mercato.db.database import Database
from mercato.db.migrate import upgrade
from mercato.db.unit_of_work import Writer
from mercato.errors import ConfigurationError, UserInputError
from mercato.settings import Settings
from mercato.supply.demo import load_supply_demo

DURATION = re.compile(r"^(\d+)([dhm])$")


def _duration(text: str) -> timedelta:
    match = DURATION.match(text)
    if match is None:
        raise argparse.ArgumentTypeError(f"use a duration such as 30d, 12h or 90m, not {text!r}")
    amount, unit = int(match.group(1)), match.group(2)
    return {
        "d": timedelta(days=amount),
        "h": timedelta(hours=amount),
        "m": timedelta(minutes=amount),
    }[unit]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="mercato", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="serve the GraphQL API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument(
        "--workers", type=int, default=1, help="worker processes (share one rate-limit budget)"
    )

    db = commands.add_parser("db", help="database maintenance")
    db_commands = db.add_subparsers(dest="db_command", required=True)
    db_commands.add_parser("upgrade", help="apply the migrations")

    demo = commands.add_parser(
        "demo", help="upgrade the database and load the demo data (idempotent)"
    )
    demo.add_argument(
        "--products",
        type=int,
        default=0,
        metavar="N",
        help="also generate N products with variants, sizes, displays, prices and attributes",
    )
    demo.add_argument("--seed", type=int, default=1, help="random seed of the generated catalog")

    dev = commands.add_parser("dev", help="upgrade, load demo data, print a QA token, serve")
    dev.add_argument("--host", default="127.0.0.1")
    dev.add_argument("--port", type=int, default=8000)

    token = commands.add_parser("token", help="manage access tokens")
    token_commands = token.add_subparsers(dest="token_command", required=True)
    create = token_commands.add_parser("create", help="create a token and print it (shown once)")
    create.add_argument("--name", required=True)
    create.add_argument("--integration")
    create.add_argument("--store", type=int)
    create.add_argument("--expires-in", type=_duration, default=timedelta(days=30))
    grant = create.add_mutually_exclusive_group(required=True)
    grant.add_argument(
        "--all", action="store_true", help="every permission (development and QA only)"
    )
    grant.add_argument(
        "--permission", action="append", metavar="PERM", help="repeat for each permission"
    )
    token_commands.add_parser("list", help="list tokens (never the secrets)")
    revoke = token_commands.add_parser("revoke", help="revoke a token at once")
    revoke.add_argument("id", type=int)

    schema = commands.add_parser("schema", help="the API schema")
    schema_commands = schema.add_subparsers(dest="schema_command", required=True)
    schema_commands.add_parser("export", help="print the schema as SDL")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    try:
        return _run(arguments)
    except (ConfigurationError, UserInputError) as error:
        print(f"mercato: {error}", file=sys.stderr)
        return 2


def _run(arguments: argparse.Namespace) -> int:
    if arguments.command == "schema":
        sys.stdout.write(export_schema())
        return 0
    settings = Settings.from_environment()
    if arguments.command == "serve":
        return _serve(arguments.host, arguments.port, arguments.workers)
    database = Database(settings.database_url)
    try:
        if arguments.command == "db":
            upgrade(database)
            print("Database is up to date.", file=sys.stderr)
        elif arguments.command == "demo":
            upgrade(database)
            loaded = load_demo(database)
            print("Demo data loaded." if loaded else "Demo data already present.", file=sys.stderr)
            if arguments.products < 0:
                raise ConfigurationError("--products takes a count of 0 or more.")
            if arguments.products:
                written = generate_catalog(database, arguments.products, seed=arguments.seed)
                print(f"Generated {written:,} products.", file=sys.stderr)
                if load_supply_demo(database):
                    print("Suppliers and purchase orders loaded.", file=sys.stderr)
        elif arguments.command == "dev":
            upgrade(database)
            loaded = load_demo(database)
            print("Demo data loaded." if loaded else "Demo data already present.", file=sys.stderr)
            created = tokens.create_token(
                Writer.system(database),
                name="QA token (mercato dev)",
                permissions=[ALL_PERMISSIONS],
                integration_name="qa",
                environment=settings.environment,
                set_up_integration=give_integration_size_entries,
            )
            url = f"http://{arguments.host}:{arguments.port}/graphql"
            print(
                f"\nQA token with all permissions (development only, expires in 30 days):\n\n"
                f"    {created.token}\n\nExplorer and API: {url}\n"
                f'Try: curl {url} -H "Authorization: Bearer {created.token}" '
                "-H 'Content-Type: application/json' -d '{\"query\": \"{ stores { id name } }\"}'\n",
                file=sys.stderr,
            )
            database.dispose()
            return _serve(arguments.host, arguments.port, 1)
        elif arguments.command == "token":
            return _token(arguments, database, settings)
    finally:
        database.dispose()
    return 0


def _token(arguments: argparse.Namespace, database: Database, settings: Settings) -> int:
    if arguments.token_command == "create":  # noqa: S105 - a subcommand name
        permissions = [ALL_PERMISSIONS] if arguments.all else arguments.permission
        created = tokens.create_token(
            Writer.system(database),
            name=arguments.name,
            permissions=permissions,
            integration_name=arguments.integration,
            store_id=arguments.store,
            expires_at=utc_now() + arguments.expires_in,
            environment=settings.environment,
            set_up_integration=give_integration_size_entries,
        )
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


def _serve(host: str, port: int, workers: int) -> int:
    import uvicorn

    uvicorn.run(
        "mercato.app:asgi_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        access_log=False,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
