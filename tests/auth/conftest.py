"""The auth tests use the shared ``database`` fixture (tests/conftest.py): a fresh migrated
database per test, on SQLite and on PostgreSQL, whose store 1 is the demo's retail store."""

from __future__ import annotations

STORE_ID = 1
