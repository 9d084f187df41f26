"""Rubric ratings in the database with their evidence, and the queue of answers awaiting a rating.

Each function adds to the caller's session; the caller commits once.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from trainer.db import now_utc
from trainer.evidence.sources import SourceRef
from trainer.evidence.store import Observation, record
from trainer.rubrics.models import CompetencyRating, RatingSession, ReviewRequest

TITLE_LENGTH = 200  # ReviewRequest.title


def shorten(text: str, limit: int) -> str:
    """The text, cut at a word with an ellipsis when it is longer than the column allows."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"


SOURCE_KIND = {"observed": "rubric", "review": "rubric", "self": "self"}


def record_rating(
    session: Session, rating: RatingSession, levels: list[tuple[str, int, str]]
) -> RatingSession:
    """Add the rating with its levels, and its evidence unless it is a blind double rating."""
    rating.ratings = [
        CompetencyRating(competency_key=key, level=level, comment=comment)
        for key, level, comment in levels
    ]
    session.add(rating)
    session.flush()
    kind = SOURCE_KIND.get(rating.context)
    if kind is None:  # a double rating measures the raters, not the person
        return rating
    record(
        session,
        rating.person_id,
        SourceRef.rating(rating.id),
        kind,
        [Observation(key, level, 1.0, detail=comment) for key, level, comment in levels],
        at=rating.created_at,
        recorded_by_id=rating.rater_id,
    )
    return rating


def request_review(
    session: Session,
    *,
    person_id: int,
    source_ref: SourceRef,
    title: str,
    response: str,
    competencies: list[str],
    prompt: str = "",
    guidance: str = "",
    created_at: datetime | None = None,
) -> ReviewRequest:
    """Queue a free response or essay for a manager's rating; asking twice queues it once."""
    ref = source_ref.format()
    existing = session.scalar(select(ReviewRequest).where(ReviewRequest.source_ref == ref))
    if existing is not None:
        return existing
    request = ReviewRequest(
        person_id=person_id,
        source_ref=ref,
        title=shorten(title, TITLE_LENGTH),
        prompt=prompt,
        response=response,
        competencies=competencies,
        guidance=guidance,
        created_at=created_at or now_utc(),
    )
    session.add(request)
    session.flush()
    return request
