"""Whose idempotency keys a caller's are."""

from __future__ import annotations

from mercato.db.unit_of_work import Caller


def test_an_integrations_tokens_share_keys_within_a_store_and_never_across_stores() -> None:
    def scope(token_id: int, store_id: int | None) -> str:
        return Caller(token_id, "erp", store_id).idempotency_scope

    assert scope(1, None) == scope(2, None) == "integration:erp"
    assert scope(1, 1) == scope(2, 1) == "integration:erp:store:1"
    assert scope(3, 2) == "integration:erp:store:2"


def test_a_token_without_an_integration_and_the_command_line_have_their_own() -> None:
    assert Caller(7, None, None).idempotency_scope == "token:7"
    assert Caller(7, None, 1).idempotency_scope == "token:7:store:1"
    assert Caller.system("demo").idempotency_scope == "system:demo"
