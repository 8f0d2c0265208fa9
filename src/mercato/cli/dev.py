"""``mercato dev`` (``make run``): check the port, migrate, load the demo, print a QA token, serve.

The QA token is kept in ``var/qa-token`` (readable by its owner only) and printed again on the
next run while the database still accepts it, so repeated runs do not pile up all-permission
tokens; a new one is made only when the old one is gone, revoked or about to expire.
"""

from __future__ import annotations

import errno
import os
import socket
import sys
from datetime import timedelta
from pathlib import Path

from mercato.auth import services as tokens
from mercato.auth.permissions import ALL_PERMISSIONS
from mercato.classification.sizecharts import sync_size_entries
from mercato.cli.demo import load_demo
from mercato.clock import utc_now
from mercato.db.database import Database
from mercato.db.migrate import upgrade
from mercato.db.unit_of_work import Writer
from mercato.errors import AuthenticationError, ConfigurationError
from mercato.settings import Settings

TOKEN_FILE = Path("var") / "qa-token"
QA_TOKEN_NAME = "QA token (mercato dev)"  # noqa: S105 - a name, not a secret
#: A kept token closer than this to its expiry is replaced rather than printed again.
RENEW_BEFORE = timedelta(days=1)


def require_free_port(host: str, port: int) -> None:
    """Refuse at once when something already listens on ``host:port``."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        try:
            probe.bind((host, port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise ConfigurationError(
                    f"Port {port} on {host} is already in use (is another `make run` or "
                    "`mercato serve` running?): stop it, or choose another port with --port."
                ) from None
            raise ConfigurationError(f"Cannot listen on {host}:{port}: {error.strerror}.") from None


def qa_token(database: Database, settings: Settings, token_file: Path = TOKEN_FILE) -> str:
    """The kept QA token when the database still accepts it, else a new one (kept)."""
    kept = token_file.read_text(encoding="utf-8").strip() if token_file.exists() else ""
    if kept:
        try:
            identity = tokens.authenticate(database, kept, environment=settings.environment)
        except AuthenticationError:
            identity = None
        if (
            identity is not None
            and identity.permissions == (ALL_PERMISSIONS,)
            and identity.expires_at - utc_now() > RENEW_BEFORE
        ):
            return kept
    created = tokens.create_token(
        Writer.system(database),
        name=QA_TOKEN_NAME,
        permissions=[ALL_PERMISSIONS],
        integration_name="qa",
        environment=settings.environment,
    )
    sync_size_entries(Writer.system(database))  # the token's integration gets its size entries
    token_file.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(token_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as written:
        written.write(created.token + "\n")
    return created.token


def prepare(database: Database, settings: Settings, host: str, port: int) -> str:
    """Everything ``mercato dev`` does before serving; prints the token and the URL."""
    upgrade(database)
    loaded = load_demo(database)
    print("Demo data loaded." if loaded else "Demo data already present.", file=sys.stderr)
    token = qa_token(database, settings)
    url = f"http://{host}:{port}/graphql"
    print(
        f"\nQA token with all permissions (development only; kept in {TOKEN_FILE}):\n\n"
        f"    {token}\n\n"
        f"Explorer: open {url} in a browser and paste the token.\n"
        f'API: curl {url} -H "Authorization: Bearer {token}" '
        "-H 'Content-Type: application/json' -d '{\"query\": \"{ stores { id name } }\"}'\n",
        file=sys.stderr,
    )
    return token
