"""Rules for the free-text members of displays and bundle products: names, optional texts,
tags and positive quantities."""

from __future__ import annotations

from collections.abc import Sequence

from mercato.errors import MutationWarning, PathElement, UserError, UserInputError

MAX_NAME_LENGTH = 255
MAX_META_TITLE_LENGTH = 255
MAX_TAG_LENGTH = 255
MAX_TAGS = 100


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


def optional_text(
    value: str | None, path: tuple[PathElement, ...], max_length: int | None = None
) -> str | None:
    """Free text as stored: an empty (or blank) string clears the field."""
    if value is None or not value.strip():
        return None
    if max_length is not None and len(value) > max_length:
        raise UserInputError.single(f"At most {max_length} characters.", *path)
    return value


def positive(value: int, what: str, path: tuple[PathElement, ...]) -> int:
    if value < 1:
        raise UserInputError.single(f"{what} must be at least 1, got {value}.", *path)
    return value


def valid_tags(
    tags: Sequence[str], path: tuple[PathElement, ...], warnings: list[MutationWarning]
) -> list[str]:
    """Tags without surrounding blanks, in the given order; duplicates are skipped with a
    warning, empty or over-long tags are userErrors."""
    if len(tags) > MAX_TAGS:
        raise UserInputError.single(f"A display has at most {MAX_TAGS} tags.", *path)
    problems: list[UserError] = []
    cleaned: list[str] = []
    for index, tag in enumerate(tags):
        text = tag.strip()
        if not text:
            problems.append(UserError("A tag cannot be empty.", (*path, index)))
        elif len(text) > MAX_TAG_LENGTH:
            problems.append(
                UserError(f"A tag has at most {MAX_TAG_LENGTH} characters.", (*path, index))
            )
        elif text in cleaned:
            warnings.append(MutationWarning(f'Duplicate tag "{text}" skipped.', (*path, index)))
        else:
            cleaned.append(text)
    if problems:
        raise UserInputError(problems)
    return cleaned
