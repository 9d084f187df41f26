"""The records behind a level, as the why-this-level page shows them: in words, with links."""

from __future__ import annotations

from textwrap import shorten

from flask import url_for
from sqlalchemy import select

from trainer.competencies.observe import HALF_LIFE_DAYS, SOURCE_WEIGHTS
from trainer.content.models import ContentVersion
from trainer.db import db
from trainer.evidence.models import Evidence
from trainer.evidence.sources import SourceRef


def effective_weight(record: Evidence, now) -> float:
    """The record's weight as docs/scoring.md counts it: source x mode x recency (before caps)."""
    age = max(0.0, (now - record.recorded_at).total_seconds() / 86400)
    recency = 0.5 ** (age / HALF_LIFE_DAYS)
    return SOURCE_WEIGHTS.get(record.source_kind, 0.0) * record.weight * recency


def source_url(record: Evidence) -> str | None:
    """Where the record came from: the quiz result, the call's debrief, the rating history."""
    try:
        source = SourceRef.parse(record.source_id)
    except ValueError:
        return None  # not written by the ledger (an imported or hand-made record)
    if source.origin == "attempt":
        return url_for("assessments.result", attempt_id=source.id)
    if source.origin == "scenario-run":
        return url_for("scenarios.debrief_page", run_id=source.id)
    return url_for("rubrics.history", person_id=record.person_id)


def details(records) -> dict[int, str]:
    """What each record was about in words: a quiz answer names its question, not its key."""
    ids = {r.content_version_id for r in records if r.source_kind == "item"}
    stems = dict(
        db.session.execute(
            select(ContentVersion.id, ContentVersion.body).where(ContentVersion.id.in_(ids))
        ).all()
    )
    found = {}
    for record in records:
        body = stems.get(record.content_version_id)
        if body is None or not body.get("stem"):
            found[record.id] = record.detail or ""
            continue
        form = (record.detail or "").rsplit(": ", 1)[0]
        found[record.id] = (
            f"{form}: “{shorten(' '.join(body['stem'].split()), 90, placeholder='…')}”"
        )
    return found
