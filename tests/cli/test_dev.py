"""``mercato dev`` (``make run``) keeps its QA token across runs instead of minting another."""

from __future__ import annotations

import stat
from pathlib import Path

from sqlalchemy import func, select

from mercato.auth import services as tokens
from mercato.cli import dev
from mercato.db import tables
from mercato.db.database import Database
from mercato.db.unit_of_work import Writer
from mercato.settings import Settings

SETTINGS = Settings(environment="development")


def _count(database: Database) -> int:
    with database.engine.connect() as connection:
        return int(
            connection.execute(select(func.count()).select_from(tables.access_tokens)).scalar_one()
        )


def test_the_qa_token_is_reused_across_runs(database: Database, tmp_path: Path) -> None:
    kept = tmp_path / "var" / "qa-token"
    before = _count(database)
    first = dev.qa_token(database, SETTINGS, kept)
    second = dev.qa_token(database, SETTINGS, kept)
    assert first == second
    assert _count(database) == before + 1
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600


def test_a_revoked_or_foreign_token_is_replaced(database: Database, tmp_path: Path) -> None:
    kept = tmp_path / "qa-token"
    first = dev.qa_token(database, SETTINGS, kept)
    identity = tokens.authenticate(database, first, environment="development")
    tokens.revoke_token(Writer.system(database), identity.token_id)
    second = dev.qa_token(database, SETTINGS, kept)
    assert second != first
    kept.write_text("mrc_not-a-token-of-this-database\n")
    assert dev.qa_token(database, SETTINGS, kept) not in (first, second)
    assert kept.read_text().strip() == dev.qa_token(database, SETTINGS, kept)
