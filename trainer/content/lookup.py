"""Content lookups for views: a key the pack does not have is a 404, not a crash."""

from __future__ import annotations

from flask import abort

from trainer.content.models import ContentVersion
from trainer.content.store import current_version
from trainer.db import db


def version_or_404(kind: str, key: str) -> ContentVersion:
    """The newest version of a content record, or 404 for a key the pack does not have."""
    version = current_version(db.session, kind, key)
    if version is None:
        abort(404)
    return version
