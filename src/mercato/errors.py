"""Mercato's error vocabulary.

Every error the application raises on purpose is a ``MercatoError``; the HTTP/GraphQL edge
translates each kind once:

    MercatoError
    ├── ConfigurationError   bad settings or environment; refuses to start
    ├── AuthenticationError  missing/unknown/revoked/expired token        -> HTTP 403
    ├── RateLimitedError     a rate-limit bucket is empty                  -> HTTP 429
    ├── RequestError         malformed request, GraphQL syntax/validation  -> HTTP 400
    └── UserInputError       business-rule violation in a mutation         -> userErrors entry

Anything else is a bug: it is logged with its traceback and answered with a generic
message and a request id, never with a stack trace or SQL.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

PathElement = str | int


class MercatoError(Exception):
    """Base class of the errors Mercato raises deliberately."""


class ConfigurationError(MercatoError):
    """Settings or environment that make it unsafe or impossible to run."""


class AuthenticationError(MercatoError):
    """The request carries no valid access token."""


class RateLimitedError(MercatoError):
    """The calling token has spent a rate-limit bucket."""

    def __init__(self, message: str, retry_at_epoch: float) -> None:
        super().__init__(message)
        self.retry_at_epoch = retry_at_epoch


class RequestError(MercatoError):
    """The request itself is malformed (bad JSON, bad GraphQL, over a limit)."""


@dataclass(frozen=True)
class UserError:
    """One business-rule violation, pointing into the mutation's arguments."""

    message: str
    path: tuple[PathElement, ...] = ()


@dataclass(frozen=True)
class MutationWarning:
    """A non-fatal remark on a mutation that succeeded."""

    message: str
    path: tuple[PathElement, ...] = ()


@dataclass
class UserInputError(MercatoError):
    """One or more business-rule violations; the transaction is rolled back."""

    errors: Sequence[UserError] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        super().__init__("; ".join(error.message for error in self.errors))

    @classmethod
    def single(cls, message: str, *path: PathElement) -> UserInputError:
        return cls((UserError(message, tuple(path)),))
