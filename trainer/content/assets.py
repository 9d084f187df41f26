"""Pictures that come with imported questions, named by their content.

Pure: bytes in, a media type and an id out. Only raster formats a browser shows without running
anything are taken (PNG, JPEG, GIF, WebP); SVG can carry script, so it is not.
"""

from __future__ import annotations

import hashlib

MAX_ASSET_BYTES = 2_000_000  # a question's picture; more is not a picture for a phone
SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)


def media_type(data: bytes) -> str | None:
    """The picture's type from its first bytes (never from a file name), or None."""
    for signature, kind in SIGNATURES:
        if data.startswith(signature):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def asset_id(data: bytes) -> str:
    """The SHA-256 of the bytes: the same picture is stored once, and its URL never changes."""
    return hashlib.sha256(data).hexdigest()
