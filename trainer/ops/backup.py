"""Back up and restore the database: SQLite's online backup, or pg_dump and pg_restore.

Both take a consistent copy while the trainer keeps serving; a restore replaces everything the
database holds, so the app servers are taken out of the balancer first (docs/deploy.md).
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import URL, make_url


class BackupError(Exception):
    """A backup or restore that could not be made; the message says why."""


def _sqlite_file(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("an in-memory SQLite database has nothing to back up")
    return Path(url.database)


def _copy_sqlite(source: Path, target: Path) -> None:
    """Copy page by page through SQLite's backup API: consistent even while others write."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    except sqlite3.Error as exc:
        raise BackupError(f"SQLite backup failed: {exc}") from exc
    finally:
        dst.close()
        src.close()


def _pg_environment(url: URL) -> dict[str, str]:
    """libpq's variables for the URL's server, so no password appears on a command line."""
    env = {**os.environ, "PGDATABASE": url.database or ""}
    for name, value in (
        ("PGHOST", url.host),
        ("PGPORT", url.port),
        ("PGUSER", url.username),
        ("PGPASSWORD", url.password),
    ):
        if value is not None:
            env[name] = str(value)
    return env


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError as exc:
        raise BackupError(
            f"{command[0]} is not installed (apt-get install postgresql-client)"
        ) from exc
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()}")


def backup(database_url: str, target: Path) -> Path:
    """Write a backup of the database to `target` (a SQLite file, or pg_dump's custom format)."""
    url = make_url(database_url)
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        raise BackupError(f"{target} exists; choose a new file name")
    if url.get_backend_name() == "sqlite":
        _copy_sqlite(_sqlite_file(url), target)
    elif url.get_backend_name() == "postgresql":
        _run(
            ["pg_dump", "--format=custom", "--no-owner", "--file", str(target)],
            _pg_environment(url),
        )
    else:
        raise BackupError(f"no backup for {url.get_backend_name()} databases")
    target.chmod(0o600)  # it holds people's results and password hashes
    return target


def restore(database_url: str, source: Path) -> None:
    """Replace the database's contents with the backup in `source`, in one transaction."""
    url = make_url(database_url)
    if not source.is_file():
        raise BackupError(f"{source} is not a backup file")
    if url.get_backend_name() == "sqlite":
        _restore_sqlite(source, _sqlite_file(url))
    elif url.get_backend_name() == "postgresql":
        command = ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction"]
        _run([*command, "--dbname", url.database or "", str(source)], _pg_environment(url))
    else:
        raise BackupError(f"no restore for {url.get_backend_name()} databases")


def _restore_sqlite(source: Path, target: Path) -> None:
    try:
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as check:
            if check.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError(f"{source} is damaged: SQLite's integrity check failed")
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{source} is not a SQLite backup: {exc}") from exc
    _copy_sqlite(source, target)
