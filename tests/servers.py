"""A real server for tests of concurrent clients: ``mercato serve`` in a process of its own on
a test's database (SQLite or PostgreSQL), and threads that send requests all at once."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx2 as httpx

from mercato.auth.permissions import ALL_PERMISSIONS
from mercato.auth.services import create_token
from mercato.db.database import Database
from mercato.db.unit_of_work import Writer


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def running_server(
    database: Database, tmp_path: Path, workers: int
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    url = database.engine.url.render_as_string(hide_password=False)
    environment = {
        **os.environ,
        "MERCATO_DATABASE_URL": url,
        "MERCATO_ENV": "test",
        "MERCATO_RATE_LIMITS": "off",
    }
    port = free_port()
    log = tmp_path / f"server-{port}.log"
    with log.open("w") as log_file:
        server = subprocess.Popen(
            [
                *(sys.executable, "-m", "mercato.cli.main", "serve"),
                *("--port", str(port), "--workers", str(workers)),
            ],
            env=environment,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert server.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.1)
        yield base, server
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()


def all_at_once(count: int, request: Callable[[httpx.Client], Any]) -> list[Any]:
    """``count`` threads, each with its own client, released together by a barrier."""
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count

    def run(index: int) -> None:
        with httpx.Client(timeout=60) as client:
            barrier.wait()
            results[index] = request(client)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def load_token(database: Database) -> str:
    return create_token(
        Writer.system(database),
        name="load",
        permissions=[ALL_PERMISSIONS],
        integration_name="erp",
        environment="test",
    ).token
