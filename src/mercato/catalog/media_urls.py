"""What a media URL must look like (reference 3.31): Mercato stores URLs and serves them back
without downloading anything, so the only checks are the scheme and, for images, the file
extension (png, jpg or gif, as the reference allows)."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit

from mercato.errors import PathElement, UserInputError

MAX_URL_LENGTH = 2048

#: Image file extensions the reference accepts, and the MIME type each is served as.
IMAGE_TYPES: Mapping[str, str] = {
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
}


def valid_url(url: str, path: tuple[PathElement, ...], what: str = "A URL") -> str:
    """An absolute http(s) URL of at most 2048 characters, without blanks."""
    cleaned = url.strip()
    if len(cleaned) > MAX_URL_LENGTH:
        raise UserInputError.single(f"{what} has at most {MAX_URL_LENGTH} characters.", *path)
    parts = urlsplit(cleaned)
    if (
        parts.scheme.lower() not in ("http", "https")
        or not parts.netloc
        or any(c.isspace() for c in cleaned)
    ):
        raise UserInputError.single(
            f"{what} must be an absolute http or https URL without blanks, "
            f"e.g. https://example.com/image.jpg; got {url!r}.",
            *path,
        )
    return cleaned


def valid_image_url(url: str, path: tuple[PathElement, ...], what: str = "An image URL") -> str:
    cleaned = valid_url(url, path, what)
    if image_mime_type(cleaned) is None:
        raise UserInputError.single(
            f"{what} must point at a png, jpg or gif file (by its extension); got {url!r}.",
            *path,
        )
    return cleaned


def image_mime_type(url: str) -> str | None:
    """The MIME type the URL's file extension names, if it is an accepted image."""
    name = urlsplit(url).path.rsplit("/", 1)[-1]
    _, dot, extension = name.rpartition(".")
    return IMAGE_TYPES.get(extension.lower()) if dot else None
