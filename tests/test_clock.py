"""Timestamps are written in UTC with their offset, whatever form the database returns."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from mercato.clock import to_iso


@pytest.mark.parametrize(
    ("stored", "written"),
    [
        ("2026-01-02 03:04:05.678901", "2026-01-02T03:04:05+00:00"),
        ("2026-01-02 03:04:05", "2026-01-02T03:04:05+00:00"),
        ("2026-01-02T03:04:05+01:00", "2026-01-02T02:04:05+00:00"),
        (
            datetime(2026, 1, 2, 4, 4, 5, tzinfo=timezone(timedelta(hours=1))),
            "2026-01-02T03:04:05+00:00",
        ),
        (datetime(2026, 1, 2, 3, 4, 5), "2026-01-02T03:04:05+00:00"),
        (None, None),
    ],
)
def test_to_iso(stored: datetime | str | None, written: str | None) -> None:
    assert to_iso(stored) == written
