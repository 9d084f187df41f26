"""The one writer of the evidence ledger: record observations, supersede them, say what is current.

Rows are never edited: a correction is a new row naming the one it replaces, so the ledger keeps
what was believed before. Each function adds to the caller's session; the caller commits.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, select
from sqlalchemy.orm import Session, aliased

from trainer.evidence.models import Evidence
from trainer.evidence.sources import SOURCE_KINDS, SourceRef, weight_for

DETAIL_LENGTH = 500  # Evidence.detail


@dataclass(frozen=True)
class Observation:
    """One scored observation of one competency, before its mode's weight is applied."""

    competency: str
    level: int
    score: float
    weight: float = 1.0  # the observation's own weight, e.g. a call choice's 1-3
    detail: str = ""
    content_version_id: int | None = None


def record(
    session: Session,
    person_id: int,
    source: SourceRef,
    source_kind: str,
    observations: Iterable[Observation],
    *,
    at: datetime,
    mode: str | None = None,
    recorded_by_id: int | None = None,
) -> list[Evidence]:
    """Add one ledger row per observation of `person_id`, weighted by `mode`."""
    if source_kind not in SOURCE_KINDS[source.origin]:
        raise ValueError(f"a {source.origin} cannot record {source_kind!r} evidence")
    factor = weight_for(mode)
    rows = [
        Evidence(
            person_id=person_id,
            competency_key=seen.competency,
            level=seen.level,
            score=seen.score,
            weight=seen.weight * factor,
            source_kind=source_kind,
            source_id=source.format(),
            mode=mode,
            detail=seen.detail[:DETAIL_LENGTH],
            content_version_id=seen.content_version_id,
            recorded_by_id=recorded_by_id,
            recorded_at=at,
        )
        for seen in observations
    ]
    session.add_all(rows)
    return rows


def supersede(
    session: Session,
    source: SourceRef,
    *,
    score: float,
    at: datetime,
    content_version_id: int | None = None,
    note: str = "regraded",
) -> list[Evidence]:
    """Correct every current row of `source` to `score` by new rows that name the ones replaced.

    The weight, level and kind stay as recorded; `content_version_id` (if given) is the version
    the new score was reached on.
    """
    return correct(
        session,
        current_rows(session, source),
        score=score,
        at=at,
        content_version_id=content_version_id,
        note=note,
    )


def correct(
    session: Session,
    current: Iterable[Evidence],
    *,
    score: float,
    at: datetime,
    content_version_id: int | None = None,
    note: str = "regraded",
) -> list[Evidence]:
    """Correct these current rows (some of a source's, or all) to `score`, as `supersede` does."""
    rows = [
        Evidence(
            person_id=old.person_id,
            competency_key=old.competency_key,
            level=old.level,
            score=score,
            weight=old.weight,
            source_kind=old.source_kind,
            source_id=old.source_id,
            mode=old.mode,
            detail=f"{old.detail} ({note})"[:DETAIL_LENGTH],
            content_version_id=(
                old.content_version_id if content_version_id is None else content_version_id
            ),
            supersedes_id=old.id,
            recorded_at=at,
        )
        for old in current
    ]
    session.add_all(rows)
    return rows


def current_evidence():
    """A condition: the row has not been corrected by a later one."""
    newer = aliased(Evidence)
    return ~exists(select(newer.id).where(newer.supersedes_id == Evidence.id))


def current_rows(session: Session, source: SourceRef) -> list[Evidence]:
    """The rows of `source` nobody has superseded, oldest first."""
    query = select(Evidence).where(Evidence.source_id == source.format(), current_evidence())
    return list(session.scalars(query.order_by(Evidence.id)))
