"""Every kind of content a pack may hold, in load order, and the pack functions that use them.

This is the one place that knows all the features' kinds; content/ takes the table as a value.
Competencies come before the profiles that require them, items and calls before the forms that
use them.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from trainer.assessments.kinds import FORM, ITEM
from trainer.competencies.kinds import COMPETENCY, PROFILE
from trainer.content import pack, store
from trainer.content.kinds import ContentKind
from trainer.content.pack import BUNDLED, Pack
from trainer.scenarios.kinds import SCENARIO

CONTENT_KINDS: tuple[ContentKind, ...] = (COMPETENCY, PROFILE, ITEM, SCENARIO, FORM)


def read_pack(root: Path | str = BUNDLED) -> Pack:
    """Read and validate the pack at `root` (the bundled pack by default)."""
    return pack.read_pack(root, CONTENT_KINDS)


def load_pack(session: Session, content: Pack) -> store.LoadReport:
    """Add a read pack's records to the session; the caller commits once, or rolls back."""
    return store.load_pack(session, content, CONTENT_KINDS)


__all__ = ["BUNDLED", "CONTENT_KINDS", "load_pack", "read_pack"]
