"""``mercato serve`` for real: several worker processes share one rate-limit budget per
token, and no token reaches the server's log."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx2 as httpx
import pytest


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _mercato(*arguments: str, environment: dict[str, str]) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "mercato.cli.main", *arguments],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=True,
    )
    return result.stdout.strip()


@pytest.mark.slow
def test_workers_share_one_budget_and_logs_hold_no_token(tmp_path: Path) -> None:
    environment = {
        **os.environ,
        "MERCATO_DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite3'}",
        # The hourly bucket refills too slowly to let a 21st request through however
        # slow the machine is; the ten-second one is opened up so it does not interfere.
        "MERCATO_RATE_LIMIT_REQUEST_COUNT_TEN_SECONDS": "1000",
        "MERCATO_RATE_LIMIT_REQUEST_COUNT_ONE_HOUR": "20",
        "MERCATO_LOG_FORMAT": "json",
    }
    _mercato("db", "upgrade", environment=environment)
    token = _mercato(
        "token", "create", "--name", "load", "--permission", "Store:read", environment=environment
    )
    port = _free_port()
    log = tmp_path / "server.log"
    with log.open("w") as log_file:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "mercato.cli.main",
                "serve",
                "--port",
                str(port),
                "--workers",
                "2",
            ],
            env=environment,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        statuses = []
        for _ in range(22):
            # A new connection each time, so the requests spread over both workers.
            response = httpx.post(
                f"{url}/graphql",
                json={"query": "{ stores { id } }"},
                headers={"Authorization": f"Bearer {token}", "Connection": "close"},
                timeout=10,
            )
            statuses.append(response.status_code)
        httpx.post(
            f"{url}/graphql",
            json={"query": "{"},
            headers={"Authorization": f"Bearer {token}x"},
            timeout=10,
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert statuses.count(200) == 20
    assert statuses[20:] == [429, 429]
    assert log.read_text().count("Started server process") == 2
    assert token not in log.read_text()
    assert token[4:20] not in log.read_text()
    requests = [
        entry
        for entry in map(json.loads, log.read_text().splitlines())
        if entry["logger"] == "mercato.request" and entry["path"] == "/graphql"
    ]
    assert [entry["status"] for entry in requests].count(200) == 20
    assert {entry["operation"] for entry in requests if entry["status"] == 200} == {"query"}
    assert all(len(entry["request_id"]) == 16 for entry in requests)
