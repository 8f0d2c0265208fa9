"""Checks on access-token input, shared by create and update.

Each check returns every problem it finds as a ``UserError`` whose path points into the
mutation's ``input`` argument, so the edge can answer all of them in one ``userErrors`` list
instead of making the integrator fix one mistake per round trip.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from mercato.auth.permissions import (
    ALL_PERMISSIONS,
    current_name,
    grants_everything,
    unknown_permission_message,
)
from mercato.clock import to_iso
from mercato.errors import PathElement, UserError

MAX_NAME_LENGTH = 255
#: Like GitHub's cap on fine-grained tokens: long enough for yearly rotation, never "forever".
MAX_LIFETIME = timedelta(days=366)

PRODUCTION = "production"
MESSAGE_ALL_PERMISSIONS_IN_PRODUCTION = (
    "All-permission tokens are only for development/QA. In production, give each token only "
    "the permissions its integration uses (every response lists them in permissionsUsed)."
)


def input_error(message: str, *path: PathElement) -> UserError:
    return UserError(message, ("input", *path))


def name_errors(name: str) -> list[UserError]:
    name = name.strip()
    if not name:
        return [input_error("A token needs a name that says who or what uses it.", "name")]
    if len(name) > MAX_NAME_LENGTH:
        message = f"The name may be at most {MAX_NAME_LENGTH} characters, not {len(name)}."
        return [input_error(message, "name")]
    return []


def integration_name_errors(integration_name: str | None) -> list[UserError]:
    if integration_name is None:
        return []
    integration_name = integration_name.strip()
    if not integration_name:
        message = "integrationName must not be blank; leave it out instead."
        return [input_error(message, "integrationName")]
    if len(integration_name) > MAX_NAME_LENGTH:
        message = (
            f"integrationName may be at most {MAX_NAME_LENGTH} characters, "
            f"not {len(integration_name)}."
        )
        return [input_error(message, "integrationName")]
    return []


def permission_errors(permissions: Sequence[str], environment: str) -> list[UserError]:
    """Unknown names (each once, at its index); then, in production, least privilege."""
    if not permissions:
        return [input_error("Grant at least one permission.", "permissions")]
    errors: list[UserError] = []
    reported: set[str] = set()
    for index, name in enumerate(permissions):
        if name != ALL_PERMISSIONS and current_name(name) is None and name not in reported:
            reported.add(name)
            errors.append(input_error(unknown_permission_message(name), "permissions", index))
    if not errors and environment == PRODUCTION and grants_everything(permissions):
        errors.append(input_error(MESSAGE_ALL_PERMISSIONS_IN_PRODUCTION, "permissions"))
    return errors


def expiry_errors(expires_at: datetime, now: datetime) -> list[UserError]:
    if expires_at <= now:
        message = f"expiresAt must be in the future, not {to_iso(expires_at)}."
        return [input_error(message, "expiresAt")]
    if expires_at > now + MAX_LIFETIME:
        message = (
            f"expiresAt may be at most {MAX_LIFETIME.days} days ahead "
            f"(until {to_iso(now + MAX_LIFETIME)}); create a new token when it runs out."
        )
        return [input_error(message, "expiresAt")]
    return []
