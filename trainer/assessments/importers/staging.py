"""Uploaded question files waiting for an admin's confirmation, kept on the server.

The confirm step reads the file again from here, so the browser never resends item content and
cannot change what was previewed. Tokens are random; files older than a day are swept away.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import time
from dataclasses import asdict, dataclass
from pathlib import Path

TOKEN = re.compile(r"[A-Za-z0-9_-]{22}")  # secrets.token_urlsafe(16)
MAX_AGE_SECONDS = 24 * 60 * 60


@dataclass(frozen=True)
class Staged:
    """An upload and the choices made with it."""

    data: bytes
    format: str
    filename: str
    competency: str
    level: int
    owner: int  # the user id of the admin who uploaded it


def stage(folder: Path, staged: Staged) -> str:
    """Keep an upload under a new random token, and return the token."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    folder.chmod(0o700)  # uploads are admins' drafts: readable by the server's user only
    _sweep(folder, time.time() - MAX_AGE_SECONDS)
    token = secrets.token_urlsafe(16)
    meta = {name: value for name, value in asdict(staged).items() if name != "data"}
    _write_private(folder / f"{token}.upload", staged.data)
    _write_private(folder / f"{token}.json", json.dumps(meta).encode("utf-8"))
    return token


def _write_private(path: Path, data: bytes) -> None:
    """Write a file only the server's user can read, whatever the process umask."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(data)


def unstage(folder: Path, token: str) -> Staged | None:
    """The upload kept under `token`, or None when there is none (or the token is malformed)."""
    if not TOKEN.fullmatch(token):
        return None  # never let a token reach the file system as a path
    try:
        meta = json.loads((folder / f"{token}.json").read_text(encoding="utf-8"))
        data = (folder / f"{token}.upload").read_bytes()
    except (OSError, ValueError):
        return None
    return Staged(data=data, **meta)


def discard(folder: Path, token: str) -> None:
    """Remove an upload once it has been imported."""
    if TOKEN.fullmatch(token):
        for suffix in (".upload", ".json"):
            (folder / f"{token}{suffix}").unlink(missing_ok=True)


def _sweep(folder: Path, older_than: float) -> None:
    """Remove uploads nobody confirmed, so the folder does not grow without end."""
    for path in folder.iterdir():
        try:
            stale = path.suffix in (".upload", ".json") and path.stat().st_mtime < older_than
        except FileNotFoundError:
            continue  # another request swept or confirmed it just now
        if stale:
            path.unlink(missing_ok=True)
