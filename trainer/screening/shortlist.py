"""The shortlist and the fairness figures of an event, read from the database.

Loads an event's candidates and answers in a few queries, turns each finished candidate's scored
answers into `fit.ScoredAnswer`s and lets the pure modules (`fit.py`, `impact.py`) do the rest.
Which events a person may see lives here too: their own, those shared with them, all (admins).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from flask import abort
from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session, selectinload

from trainer.assessments.kinds import item_of
from trainer.auth.models import User
from trainer.competencies.levels import profiles, requirements_of
from trainer.competencies.readiness import Requirement
from trainer.db import db
from trainer.screening.fit import Ranked, ScoredAnswer, competency_results, fit_of, rank
from trainer.screening.models import (
    Candidate,
    CandidateAnswer,
    EventShare,
    ScreeningEvent,
    SelfIdentification,
)


def visible_events(viewer: User) -> Select:
    """The events `viewer` may open: owned, shared with them, or any (admins)."""
    query = select(ScreeningEvent).order_by(ScreeningEvent.held_on.desc(), ScreeningEvent.id)
    if viewer.role == "admin":
        return query
    shared = select(EventShare.event_id).where(EventShare.user_id == viewer.id)
    return query.where(or_(ScreeningEvent.owner_id == viewer.id, ScreeningEvent.id.in_(shared)))


def event_or_404(viewer: User, event_id: int) -> ScreeningEvent:
    """The event, if `viewer` may see it; anyone else's is 404, so ids reveal nothing."""
    event = db.session.scalar(visible_events(viewer).where(ScreeningEvent.id == event_id))
    if event is None:
        abort(404)
    return event


def candidate_or_404(event: ScreeningEvent, candidate_id: int) -> Candidate:
    candidate = db.session.get(Candidate, candidate_id)
    if candidate is None or candidate.event_id != event.id:
        abort(404)
    return candidate


@dataclass(frozen=True)
class Row:
    candidate: Candidate
    place: Ranked
    duplicate: bool


@dataclass(frozen=True)
class Shortlist:
    event: ScreeningEvent
    requirements: list[Requirement]
    rows: list[Row]  # finished candidates, ranked
    unfinished: list[Candidate]

    @property
    def above_cut(self) -> int:
        return next((i for i, r in enumerate(self.rows) if not r.place.passes), len(self.rows))


def requirements_for(session: Session, profile_key: str) -> list[Requirement]:
    profile = profiles(session).get(profile_key)
    return requirements_of(profile) if profile else []


def scored(candidate: Candidate) -> list[ScoredAnswer]:
    """The candidate's scored answers in the shape the level rule reads."""
    found = []
    for answer in candidate.answers:
        if answer.points is None:
            continue
        item = item_of(answer.item_version)
        found.append(ScoredAnswer(item.key, tuple(item.competencies), item.level, answer.points))
    return found


def duplicates(candidates: list[Candidate]) -> set[int]:
    """Ids of candidates who share an email or a phone number with another sign-up."""
    seen: dict[str, list[int]] = defaultdict(list)
    for c in candidates:
        if c.email:
            seen["e:" + c.email.strip().lower()].append(c.id)
        digits = "".join(ch for ch in c.phone or "" if ch.isdigit())
        if len(digits) >= 6:
            seen["p:" + digits[-9:]].append(c.id)
    return {cid for ids in seen.values() if len(ids) > 1 for cid in ids}


def candidates_of(session: Session, event_id: int) -> list[Candidate]:
    query = (
        select(Candidate)
        .where(Candidate.event_id == event_id)
        .options(selectinload(Candidate.answers).selectinload(CandidateAnswer.item_version))
        .order_by(Candidate.id)
    )
    return list(session.scalars(query))


def shortlist(session: Session, event: ScreeningEvent) -> Shortlist:
    """Finished candidates ranked by fit with bands and the cut; the unfinished apart."""
    requirements = requirements_for(session, event.profile_key)
    everyone = candidates_of(session, event.id)
    finished = [c for c in everyone if c.finished]
    fits = [
        (
            c,
            fit_of(
                competency_results(f"candidate:{c.id}", scored(c), requirements, c.submitted_at)
            ),
        )
        for c in finished
    ]
    dupes = duplicates(everyone)
    rows = [Row(r.key, r, r.key.id in dupes) for r in rank(fits, event.cut_score)]
    return Shortlist(event, requirements, rows, [c for c in everyone if not c.finished])


def self_identified(session: Session, event_ids: list[int]) -> dict[int, dict[str, str]]:
    """Candidate id -> question -> answer, for the fairness report only."""
    found: dict[int, dict[str, str]] = defaultdict(dict)
    query = select(SelfIdentification).where(SelfIdentification.event_id.in_(event_ids))
    for row in session.scalars(query):
        found[row.candidate_id][row.question] = row.answer
    return found
