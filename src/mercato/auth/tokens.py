"""The access-token format: ``mrc_`` + 30 random base62 characters + a 6-character checksum.

The prefix makes a leaked token recognisable to secret scanners and to people reading logs;
``_`` is not a base62 character, so a double-click selects the whole token. The checksum is
CRC32 over the prefix and the random part, so a typo or a look-alike string is rejected
offline, before any database query (and cannot be used to probe the token table).

30 base62 characters carry 30 * log2(62) ~ 178 bits of entropy from ``secrets``: far beyond
guessing. The first 12 random characters form the ``lookup_id``, stored in clear and indexed
to find the row; what proves possession is the hash of the whole token.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import string
import zlib
from dataclasses import dataclass

PREFIX = "mrc_"
RANDOM_LENGTH = 30
CHECKSUM_LENGTH = 6
LOOKUP_ID_LENGTH = 12
TOKEN_LENGTH = len(PREFIX) + RANDOM_LENGTH + CHECKSUM_LENGTH

BASE62_ALPHABET = string.digits + string.ascii_uppercase + string.ascii_lowercase
_BASE62_CHARACTERS = frozenset(BASE62_ALPHABET)


@dataclass(frozen=True)
class ParsedToken:
    """A token whose prefix, length, alphabet and checksum are right (it may still be unknown)."""

    text: str
    lookup_id: str

    def __repr__(self) -> str:
        # Keep the secret out of logs and tracebacks that print locals.
        return f"ParsedToken(lookup_id={self.lookup_id!r})"


def generate_token() -> str:
    """A new random access token; shown once to its creator and never stored."""
    body = PREFIX + "".join(secrets.choice(BASE62_ALPHABET) for _ in range(RANDOM_LENGTH))
    return body + _checksum(body)


def parse_token(text: str) -> ParsedToken | None:
    """The token's parts, or None when it cannot be a Mercato token (no database needed)."""
    if len(text) != TOKEN_LENGTH or not text.startswith(PREFIX):
        return None
    random_part = text[len(PREFIX) : len(PREFIX) + RANDOM_LENGTH]
    checksum = text[len(PREFIX) + RANDOM_LENGTH :]
    if not _BASE62_CHARACTERS.issuperset(random_part + checksum):
        return None
    # compare_digest is not needed for secrecy here (the checksum is public information),
    # but it costs nothing and keeps every token comparison in one style.
    if not hmac.compare_digest(checksum, _checksum(PREFIX + random_part)):
        return None
    return ParsedToken(text=text, lookup_id=lookup_id(text))


def lookup_id(token: str) -> str:
    """The non-secret part of a well-formed token that finds its row: 12 random characters.

    Knowing it proves nothing (the hash of the whole token does), so it is stored in clear.
    """
    return token[len(PREFIX) : len(PREFIX) + LOOKUP_ID_LENGTH]


def hash_secret(token: str) -> str:
    """The hex SHA-256 of the whole token: what the database stores instead of the token.

    A fast, unsalted hash is the right tool here, unlike for passwords. Password hashing is
    slow and salted because passwords are low-entropy and guessable, so an attacker with the
    hashes can try likely candidates. A token has ~178 random bits: no dictionary exists, and
    brute-forcing 2**178 candidates is impossible at any hash speed, so a salt or a slow KDF
    adds nothing except ~100 ms per authenticated request. The stored hash is still useless
    to someone who reads the table: it cannot be turned back into a working token.
    """
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def secret_matches(token: str, stored_hash: str) -> bool:
    """Whether ``token`` hashes to ``stored_hash``, compared in constant time."""
    return hmac.compare_digest(hash_secret(token), stored_hash)


def _checksum(body: str) -> str:
    value = zlib.crc32(body.encode("ascii"))
    digits: list[str] = []
    for _ in range(CHECKSUM_LENGTH):
        value, remainder = divmod(value, 62)
        digits.append(BASE62_ALPHABET[remainder])
    # 62**6 > 2**32, so six digits always hold a CRC32 value exactly.
    return "".join(reversed(digits))
