"""Six token buckets per access token, shared through the database, all-or-nothing."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from mercato.auth.rate_limits import (
    BUCKETS,
    RateLimitInterval,
    RateLimitStatus,
    RateLimitType,
    consume,
    status,
)
from mercato.auth.services import create_token
from mercato.db.database import Database
from mercato.db.tables import rate_limit_buckets
from mercato.db.unit_of_work import Writer
from mercato.errors import RateLimitedError
from mercato.settings import RateLimitQuotas

T0 = 1_800_000_000.0
QUOTAS = RateLimitQuotas(
    request_count_ten_seconds=3,
    request_count_one_hour=100,
    query_complexity_ten_seconds=50,
    query_complexity_one_hour=1_000,
    mutation_count_ten_seconds=2,
    mutation_count_one_hour=3,
)


@pytest.fixture
def token_id(database: Database) -> int:
    return create_token(Writer.system(database), name="rate-limited", permissions=["Store:read"]).id


def _remaining(database: Database, token_id: int, now: float) -> dict[str, int]:
    return {
        f"{s.type}:{s.interval}": s.remaining_quota
        for s in status(database, token_id, QUOTAS, now=now)
    }


def _bucket_rows(database: Database) -> int:
    with database.engine.connect() as connection:
        return int(
            connection.execute(select(func.count()).select_from(rate_limit_buckets)).scalar_one()
        )


def test_requests_pass_until_the_ten_second_bucket_is_spent(
    database: Database, token_id: int
) -> None:
    for _ in range(3):
        consume(database, token_id, QUOTAS, now=T0)

    with pytest.raises(RateLimitedError) as raised:
        consume(database, token_id, QUOTAS, now=T0)

    # 3 per 10 s refills one request every 10/3 s.
    assert raised.value.retry_at_epoch == pytest.approx(T0 + 10 / 3)
    assert "REQUEST_COUNT" in str(raised.value)
    assert "TEN_SECONDS" in str(raised.value)


def test_a_bucket_refills_at_quota_per_interval(database: Database, token_id: int) -> None:
    for _ in range(3):
        consume(database, token_id, QUOTAS, now=T0)

    with pytest.raises(RateLimitedError):
        consume(database, token_id, QUOTAS, now=T0 + 3.3)
    consume(database, token_id, QUOTAS, now=T0 + 3.34)

    assert _remaining(database, token_id, T0 + 3.34)["REQUEST_COUNT:TEN_SECONDS"] == 0
    assert _remaining(database, token_id, T0 + 10)["REQUEST_COUNT:TEN_SECONDS"] == 2


def test_a_bucket_never_holds_more_than_its_quota(database: Database, token_id: int) -> None:
    consume(database, token_id, QUOTAS, now=T0)

    assert _remaining(database, token_id, T0 + 86_400)["REQUEST_COUNT:TEN_SECONDS"] == 3
    for _ in range(3):
        consume(database, token_id, QUOTAS, now=T0 + 86_400)
    with pytest.raises(RateLimitedError):
        consume(database, token_id, QUOTAS, now=T0 + 86_400)


def test_the_hour_bucket_limits_independently_of_the_ten_second_one(
    database: Database, token_id: int
) -> None:
    for minute in range(3):
        consume(database, token_id, QUOTAS, mutations=1, now=T0 + 60 * minute)

    with pytest.raises(RateLimitedError) as raised:
        consume(database, token_id, QUOTAS, mutations=1, now=T0 + 180)

    assert "MUTATION_COUNT bucket for ONE_HOUR" in str(raised.value)
    # 3 per hour refills one every 1200 s; the first was taken at T0.
    assert raised.value.retry_at_epoch == pytest.approx(T0 + 180 + (1 - 180 / 1200) * 1200)


def test_a_refused_request_takes_nothing_from_any_bucket(database: Database, token_id: int) -> None:
    consume(database, token_id, QUOTAS, complexity=40, now=T0)
    before = _remaining(database, token_id, T0)

    with pytest.raises(RateLimitedError, match="QUERY_COMPLEXITY"):
        consume(database, token_id, QUOTAS, complexity=20, mutations=1, now=T0)

    assert _remaining(database, token_id, T0) == before
    assert before["REQUEST_COUNT:TEN_SECONDS"] == 2
    assert before["MUTATION_COUNT:TEN_SECONDS"] == 2


def test_the_retry_time_waits_for_the_slowest_short_bucket(
    database: Database, token_id: int
) -> None:
    for _ in range(3):
        consume(database, token_id, QUOTAS, complexity=0, now=T0)
    consume(database, token_id, QUOTAS, requests=0, complexity=50, now=T0)

    with pytest.raises(RateLimitedError) as raised:
        consume(database, token_id, QUOTAS, complexity=50, now=T0)

    # The request bucket is back in 3.3 s; 50 complexity points take the full 10 s.
    assert raised.value.retry_at_epoch == pytest.approx(T0 + 10)


def test_a_request_costing_more_than_a_whole_quota_can_never_pass(
    database: Database, token_id: int
) -> None:
    with pytest.raises(RateLimitedError, match="can never pass") as raised:
        consume(database, token_id, QUOTAS, complexity=51, now=T0)

    assert "QUERY_COMPLEXITY" in str(raised.value)
    assert raised.value.retry_at_epoch == T0 + 10
    assert _bucket_rows(database) == 0


def test_status_reports_quota_as_used_plus_remaining(database: Database, token_id: int) -> None:
    consume(database, token_id, QUOTAS, complexity=25, mutations=1, now=T0)
    consume(database, token_id, QUOTAS, complexity=10, now=T0 + 1)

    report = status(database, token_id, QUOTAS, now=T0 + 2)

    assert [(s.type, s.interval) for s in report] == [(b.type, b.interval) for b in BUCKETS]
    by_bucket = {(s.type, s.interval): s for s in report}
    # Requests: 3 - 2 + 0.3/s * 2 s and 1 s = 1.9 -> 1 whole request left.
    assert by_bucket[RateLimitType.REQUEST_COUNT, RateLimitInterval.TEN_SECONDS] == (
        RateLimitStatus(RateLimitType.REQUEST_COUNT, RateLimitInterval.TEN_SECONDS, 3, 2, 1)
    )
    # Complexity: 50 - 25 + 5/s * 1 s - 10 + 5/s * 1 s = 25.
    assert by_bucket[RateLimitType.QUERY_COMPLEXITY, RateLimitInterval.TEN_SECONDS] == (
        RateLimitStatus(RateLimitType.QUERY_COMPLEXITY, RateLimitInterval.TEN_SECONDS, 50, 25, 25)
    )
    assert by_bucket[RateLimitType.MUTATION_COUNT, RateLimitInterval.ONE_HOUR] == (
        RateLimitStatus(RateLimitType.MUTATION_COUNT, RateLimitInterval.ONE_HOUR, 3, 1, 2)
    )
    assert all(s.quota == s.used_quota + s.remaining_quota for s in report)


def test_status_of_an_unused_token_is_all_full_and_writes_nothing(
    database: Database, token_id: int
) -> None:
    report = status(database, token_id, QUOTAS, now=T0)

    assert [s.used_quota for s in report] == [0] * 6
    assert [s.remaining_quota for s in report] == [3, 100, 50, 1_000, 2, 3]
    assert _bucket_rows(database) == 0


def test_each_token_has_its_own_buckets(database: Database, token_id: int) -> None:
    other = create_token(Writer.system(database), name="other", permissions=["Store:read"]).id
    for _ in range(3):
        consume(database, token_id, QUOTAS, now=T0)

    consume(database, other, QUOTAS, now=T0)

    assert _remaining(database, other, T0)["REQUEST_COUNT:TEN_SECONDS"] == 2


def test_a_negative_cost_is_a_programming_error(database: Database, token_id: int) -> None:
    with pytest.raises(ValueError, match="cannot be negative"):
        consume(database, token_id, QUOTAS, complexity=-1, now=T0)


def test_concurrent_workers_share_one_budget(database: Database, token_id: int) -> None:
    quotas = RateLimitQuotas(request_count_ten_seconds=20)
    passed: list[int] = []
    refused: list[int] = []
    start = threading.Barrier(4)

    def worker() -> None:
        start.wait()
        for _ in range(10):
            try:
                consume(database, token_id, quotas, now=T0)
            except RateLimitedError:
                refused.append(1)
            else:
                passed.append(1)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(passed) == 20
    assert len(refused) == 20
    assert _bucket_rows(database) == 6
