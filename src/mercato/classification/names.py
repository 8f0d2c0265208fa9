"""Name rules shared by the classification objects."""

from __future__ import annotations

from mercato.errors import PathElement, UserInputError

MAX_NAME_LENGTH = 255


def valid_name(name: str, kind: str, path: tuple[PathElement, ...]) -> str:
    """The name without surrounding blanks; a userError when empty or too long."""
    cleaned = name.strip()
    if not cleaned:
        raise UserInputError.single(f"A {kind} needs a name.", *path)
    if len(cleaned) > MAX_NAME_LENGTH:
        raise UserInputError.single(
            f"A {kind} name has at most {MAX_NAME_LENGTH} characters.", *path
        )
    return cleaned


def optional_text(value: str | None) -> str | None:
    """Free text as stored: an empty (or blank) string clears the field."""
    if value is None or not value.strip():
        return None
    return value
