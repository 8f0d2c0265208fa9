"""A real server on a free port (uvicorn in a thread), and Debian's Chromium under Playwright.

Playwright's own browser download is not used: the tests drive the system's ``chromium``
(``scripts/test-browser.sh`` installs it, as root, for ``make test`` and CI). Where no such
browser exists the tests are skipped, saying so.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
import uvicorn

from mercato.app import create_app
from mercato.auth.permissions import ALL_PERMISSIONS
from mercato.auth.services import create_token
from mercato.db.database import Database
from mercato.db.unit_of_work import Writer
from mercato.settings import Settings

Browser = Any  # playwright.sync_api.Browser, imported only when a browser exists
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    return os.environ.get("MERCATO_TEST_CHROMIUM") or shutil.which("chromium")


@contextmanager
def launch_chromium() -> Iterator[Browser]:
    executable = chromium_path()
    if executable is None:
        pytest.skip(
            "no Chromium here: `make test` installs Debian's chromium when run as root "
            "(scripts/test-browser.sh); elsewhere install it or set MERCATO_TEST_CHROMIUM"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


def console_problems(page: Any) -> list[str]:
    """Console errors and uncaught exceptions of ``page``, as they come."""
    problems: list[str] = []
    page.on(
        "console",
        lambda message: problems.append(message.text) if message.type == "error" else None,
    )
    page.on("pageerror", lambda error: problems.append(f"uncaught: {error}"))
    return problems


@dataclass
class Server:
    url: str
    token: str

    @classmethod
    @contextmanager
    def start(cls, database: Database) -> Iterator[Server]:
        settings = Settings(environment="test", rate_limits_enabled=False)
        token = create_token(
            Writer.system(database),
            name="browser",
            permissions=[ALL_PERMISSIONS],
            environment="test",
        ).token
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        config = uvicorn.Config(
            create_app(settings, database), host="127.0.0.1", port=port, log_level="warning"
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 30
        while not server.started:
            assert time.monotonic() < deadline, "the test server did not start"
            time.sleep(0.02)
        try:
            yield cls(f"http://127.0.0.1:{port}", token)
        finally:
            server.should_exit = True
            thread.join(timeout=10)
