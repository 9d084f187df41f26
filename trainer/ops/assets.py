"""Static files under versioned URLs (`?v=<content hash>`), cached for a year by browsers.

A changed file gets a new hash and so a new URL, so a long cache never serves an old stylesheet;
a request without the current hash (an old page, a typed URL) is revalidated as before.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import Flask, current_app, request

YEAR = 365 * 24 * 3600
_hashes: dict[tuple[str, int], str] = {}


def file_version(path: Path) -> str | None:
    """The first 12 hex digits of the file's SHA-256, or None when there is no such file."""
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return None
    key = (str(path), stamp)
    if key not in _hashes:
        _hashes[key] = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    return _hashes[key]


def _static_file(filename: str) -> Path | None:
    folder = Path(current_app.static_folder or "").resolve()
    path = (folder / filename).resolve()
    return path if path.is_relative_to(folder) and path.is_file() else None


def _add_version(endpoint: str, values: dict) -> None:
    if endpoint == "static" and "v" not in values:
        path = _static_file(values.get("filename", ""))
        if path is not None:
            values["v"] = file_version(path)


def _cache_versioned(response):
    if request.endpoint == "static" and response.status_code == 200:
        path = _static_file((request.view_args or {}).get("filename", ""))
        if path is not None and request.args.get("v") == file_version(path):
            response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    return response


def init_app(app: Flask) -> None:
    """Every url_for('static', ...) carries its file's hash; those URLs are cached for a year."""
    app.url_defaults(_add_version)
    app.after_request(_cache_versioned)
