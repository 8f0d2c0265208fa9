"""Per-token rate limits: six token buckets shared by every worker process and host.

Three dimensions (requests, query complexity, mutations) times two windows (10 s, 1 h), as
in the reference (section 1.5). A bucket holds at most its quota and refills at a constant
``quota / interval`` per second; a request takes its cost from all six at once or from none.

The buckets live in ``rate_limit_buckets`` rather than in process memory because Mercato
runs several workers, possibly on several hosts: in-memory buckets would multiply the budget
by the number of processes. A bucket row stores its level at ``refreshed_at``; the level at
any later time follows from the refill rate, so a bucket is only written when it is spent.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection, bindparam, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from mercato.clock import utc_now
from mercato.db.database import Database
from mercato.db.tables import rate_limit_buckets
from mercato.db.unit_of_work import Caller, Writer
from mercato.errors import RateLimitedError
from mercato.settings import RateLimitQuotas

#: Slack for float rounding in the refill arithmetic (a bucket at 0.9999999999 holds 1).
_EPSILON = 1e-9

#: Who writes the buckets.
RATE_LIMITING = Caller.system("rate limiting")


class RateLimitType(StrEnum):
    REQUEST_COUNT = "REQUEST_COUNT"
    QUERY_COMPLEXITY = "QUERY_COMPLEXITY"
    MUTATION_COUNT = "MUTATION_COUNT"


class RateLimitInterval(StrEnum):
    TEN_SECONDS = "TEN_SECONDS"
    ONE_HOUR = "ONE_HOUR"

    @property
    def seconds(self) -> int:
        return 10 if self is RateLimitInterval.TEN_SECONDS else 3600


@dataclass(frozen=True)
class Bucket:
    type: RateLimitType
    interval: RateLimitInterval

    @property
    def key(self) -> str:
        """The bucket's name in ``rate_limit_buckets.bucket``."""
        return f"{self.type}:{self.interval}"

    def quota(self, quotas: RateLimitQuotas) -> int:
        return _QUOTA_FIELDS[self.key](quotas)


BUCKETS: tuple[Bucket, ...] = tuple(
    Bucket(type_, interval) for type_ in RateLimitType for interval in RateLimitInterval
)

_QUOTA_FIELDS: Mapping[str, Callable[[RateLimitQuotas], int]] = {
    "REQUEST_COUNT:TEN_SECONDS": lambda q: q.request_count_ten_seconds,
    "REQUEST_COUNT:ONE_HOUR": lambda q: q.request_count_one_hour,
    "QUERY_COMPLEXITY:TEN_SECONDS": lambda q: q.query_complexity_ten_seconds,
    "QUERY_COMPLEXITY:ONE_HOUR": lambda q: q.query_complexity_one_hour,
    "MUTATION_COUNT:TEN_SECONDS": lambda q: q.mutation_count_ten_seconds,
    "MUTATION_COUNT:ONE_HOUR": lambda q: q.mutation_count_one_hour,
}


@dataclass(frozen=True)
class RateLimitStatus:
    """One bucket as ``rateLimits`` reports it; ``quota == used_quota + remaining_quota``."""

    type: RateLimitType
    interval: RateLimitInterval
    quota: int
    used_quota: int
    remaining_quota: int


@dataclass(frozen=True)
class _Level:
    level: float
    refreshed_at: float


def consume(
    database: Database,
    token_id: int,
    quotas: RateLimitQuotas,
    *,
    requests: int = 1,
    complexity: int = 0,
    mutations: int = 0,
    now: float | None = None,
) -> None:
    """Take one request's cost from all six buckets, or raise ``RateLimitedError`` and take
    nothing. ``now`` is in epoch seconds (the wall clock when not given).

    Safe under concurrent workers: the whole check-and-take runs in one write transaction, in
    which the token's bucket rows are locked (``SELECT ... FOR UPDATE`` on PostgreSQL; on
    SQLite the write transaction is ``BEGIN IMMEDIATE``, which already excludes other writers).
    """
    now = _now(now)
    costs = _costs(requests, complexity, mutations)
    for bucket in BUCKETS:
        cost, quota = costs[bucket.type], bucket.quota(quotas)
        if cost > quota:
            # Waiting does not help, so no database work either. The retry time is when the
            # bucket would be full again, the best it ever gets, so a client that retries
            # blindly does not spin.
            raise RateLimitedError(
                f"This request costs {cost} {bucket.type} and can never pass: the "
                f"{bucket.interval} quota is {quota}. Split it into smaller requests.",
                now + bucket.interval.seconds,
            )
    # Bookkeeping, not a change anyone follows: nothing is emitted.
    with Writer(database, RATE_LIMITING).begin("RateLimit") as work:
        connection = work.connection
        levels = _lock_levels(connection, database.dialect, token_id, quotas, now)
        refilled = {bucket: _refill(levels[bucket.key], bucket, quotas, now) for bucket in BUCKETS}
        short = [b for b in BUCKETS if refilled[b] + _EPSILON < costs[b.type]]
        if short:
            # Raising rolls the transaction back, so no bucket is touched.
            raise _limited(short, refilled, costs, quotas, now)
        spent = [
            {
                "b_token_id": token_id,
                "b_bucket": bucket.key,
                "b_level": max(0.0, refilled[bucket] - costs[bucket.type]),
                "b_refreshed_at": max(now, levels[bucket.key].refreshed_at),
            }
            for bucket in BUCKETS
            if costs[bucket.type] > 0
        ]
        if spent:
            # Buckets of zero cost are left alone: their level follows from the refill rate.
            connection.execute(
                update(rate_limit_buckets)
                .where(
                    rate_limit_buckets.c.token_id == bindparam("b_token_id"),
                    rate_limit_buckets.c.bucket == bindparam("b_bucket"),
                )
                .values(level=bindparam("b_level"), refreshed_at=bindparam("b_refreshed_at")),
                spent,
            )


def status(
    database: Database,
    token_id: int,
    quotas: RateLimitQuotas,
    now: float | None = None,
) -> list[RateLimitStatus]:
    """The six buckets as they stand at ``now`` (epoch seconds), refill included. Read-only."""
    now = _now(now)
    placeholder = database.sql.placeholder
    with database.read() as reader:
        rows = reader.fetch_all(
            f"SELECT bucket, level, refreshed_at FROM {rate_limit_buckets.name} "
            f"WHERE token_id = {placeholder}",
            (token_id,),
        )
    levels = _levels_from_rows(rows, quotas, now)
    report: list[RateLimitStatus] = []
    for bucket in BUCKETS:
        quota = bucket.quota(quotas)
        # Whole units, rounded down: "remaining 3" must mean three more requests do pass.
        level = _refill(levels[bucket.key], bucket, quotas, now)
        remaining = min(quota, max(0, math.floor(level + _EPSILON)))
        report.append(
            RateLimitStatus(bucket.type, bucket.interval, quota, quota - remaining, remaining)
        )
    return report


def _lock_levels(
    connection: Connection, dialect: str, token_id: int, quotas: RateLimitQuotas, now: float
) -> dict[str, _Level]:
    query = select(
        rate_limit_buckets.c.bucket, rate_limit_buckets.c.level, rate_limit_buckets.c.refreshed_at
    ).where(rate_limit_buckets.c.token_id == token_id)
    if dialect == "postgresql":
        query = query.with_for_update()
    rows = connection.execute(query).all()
    if len(rows) < len(BUCKETS):
        # A token's first request (or a new bucket): create the missing rows full. FOR UPDATE
        # cannot lock rows that do not exist yet, so concurrent first requests may both get
        # here; ON CONFLICT DO NOTHING lets the second wait for and keep the first's rows,
        # and the select below then locks them all.
        present = {str(row[0]) for row in rows}
        missing = [
            {
                "token_id": token_id,
                "bucket": b.key,
                "level": float(b.quota(quotas)),
                "refreshed_at": now,
            }
            for b in BUCKETS
            if b.key not in present
        ]
        insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
        connection.execute(insert(rate_limit_buckets).values(missing).on_conflict_do_nothing())
        rows = connection.execute(query).all()
    return _levels_from_rows(rows, quotas, now)


def _levels_from_rows(
    rows: Sequence[Sequence[Any]], quotas: RateLimitQuotas, now: float
) -> dict[str, _Level]:
    """Stored levels by bucket key; a bucket without a row is full (never used)."""
    levels = {b.key: _Level(float(b.quota(quotas)), now) for b in BUCKETS}
    for key, level, refreshed_at in rows:
        if key in levels:
            levels[key] = _Level(float(level), float(refreshed_at))
    return levels


def _refill(stored: _Level, bucket: Bucket, quotas: RateLimitQuotas, now: float) -> float:
    quota = bucket.quota(quotas)
    # Hosts' clocks may disagree a little: a refresh "in the future" refills nothing.
    elapsed = max(0.0, now - stored.refreshed_at)
    return min(float(quota), stored.level + elapsed * quota / bucket.interval.seconds)


def _limited(
    short: Sequence[Bucket],
    refilled: Mapping[Bucket, float],
    costs: Mapping[RateLimitType, int],
    quotas: RateLimitQuotas,
    now: float,
) -> RateLimitedError:
    def ready_at(bucket: Bucket) -> float:
        rate = bucket.quota(quotas) / bucket.interval.seconds
        return now + (costs[bucket.type] - refilled[bucket]) / rate

    # The request can pass only once every bucket holds its cost: wait for the slowest.
    slowest = max(short, key=ready_at)
    retry_at = ready_at(slowest)
    moment = datetime.fromtimestamp(retry_at, UTC).isoformat(timespec="seconds")
    return RateLimitedError(
        f"Rate limit reached: the {slowest.type} bucket for {slowest.interval} "
        f"(quota {slowest.quota(quotas)}) is spent. Retry at {moment}.",
        retry_at,
    )


def _costs(requests: int, complexity: int, mutations: int) -> dict[RateLimitType, int]:
    costs = {
        RateLimitType.REQUEST_COUNT: requests,
        RateLimitType.QUERY_COMPLEXITY: complexity,
        RateLimitType.MUTATION_COUNT: mutations,
    }
    for type_, cost in costs.items():
        if cost < 0:
            raise ValueError(f"A {type_} cost cannot be negative, not {cost}.")
    return costs


def _now(now: float | None) -> float:
    return utc_now().timestamp() if now is None else now
