"""Quiz attempts in the database: begin, save each answer as given, submit once, regrade.

Each function changes one attempt in the caller's transaction; the caller commits once. Answers
are saved exactly as read from the page (in the YAML's indices), so a restart, a closed tab or a
second device finds them all.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from trainer.assessments.answers import (
    AttemptClosed,
    _score,
    hold_open,
    save,
    save_answers,
    try_again,
)
from trainer.assessments.attempts import attempts_used, items_seen, open_attempt
from trainer.assessments.clock import is_due, time_limit
from trainer.assessments.delivery import (
    assemble,
)
from trainer.assessments.kinds import form_of, item_of
from trainer.assessments.models import Attempt, Regrade, Response
from trainer.assessments.regrade import DryRun
from trainer.assessments.scoring import Score, cbm_mark
from trainer.assessments.types.essay import EssayItem
from trainer.auth.models import User
from trainer.content.models import ContentVersion
from trainer.content.store import latest_versions
from trainer.evidence.sources import SourceRef
from trainer.evidence.store import Observation, record, supersede
from trainer.rubrics.store import request_review

# Kept in attempts.py (reading) and answers.py (saving); named here for the feature's callers.
__all__ = ["AttemptClosed", "attempts_used", "hold_open", "items_seen", "open_attempt"]
__all__ += ["_score", "is_due", "save", "save_answers", "try_again"]


class BeganElsewhere(AttemptClosed):
    """Another request began the same attempt first (a double click, a second tab)."""


def begin(
    session: Session, person: User, version: ContentVersion, now: datetime, seed: int | None = None
) -> Attempt:
    """Resume the person's open attempt at this form, or start one if attempts remain.

    `seed` draws the items and orders; without one it is random (the demo history passes one).
    Items the person has been shown before are drawn only when the pool has no others. A begin
    racing another for the same attempt number fails on the database's unique index instead
    of making an attempt too many: `BeganElsewhere`, nothing written.
    """
    used = attempts_used(session, person.id, version.key)  # counted first: an attempt begun
    attempt = open_attempt(session, person.id, version.key)  # in between is resumed here
    if attempt is not None:
        return attempt
    form = form_of(version)
    if form.attempts_allowed and used >= form.attempts_allowed:
        raise AttemptClosed(f"you have used all {form.attempts_allowed} attempts at this form")
    versions = {v.key: v for v in latest_versions(session, ["item"])}
    items = {key: item_of(v) for key, v in versions.items()}
    seed = secrets.randbelow(2**31) if seed is None else seed
    plan = assemble(form, items, seed, seen=items_seen(session, person.id))
    limit = time_limit(form, person)
    attempt = Attempt(
        person_id=person.id,
        form_key=version.key,
        number=used + 1,
        content_version=version,
        mode=form.mode,
        seed=seed,
        plan=[{"section": p.section, "key": p.key, "order": list(p.order)} for p in plan],
        started_at=now,
        deadline_at=now + limit if limit else None,
    )
    attempt.responses = [
        Response(position=i, item_key=p.key, item_version_id=versions[p.key].id)
        for i, p in enumerate(plan)
    ]
    session.add(attempt)
    try:
        session.flush()
    except IntegrityError as exc:
        raise BeganElsewhere("this form was started at the same moment elsewhere") from exc
    return attempt


def feedback_for(response: Response) -> Score | None:
    """The feedback on a final answer; None while it may still change."""
    if response.answer is None and not response.attempt.submitted:
        return None
    item = item_of(response.item_version)
    return _score(item, response.answer)


def submit(session: Session, attempt: Attempt, now: datetime, by: str = "taker") -> None:
    """Score every answer, write the evidence and queue essays for review; once only."""
    if attempt.submitted:
        return
    try:
        hold_open(session, attempt)  # the answers scored are the last ones saved
    except AttemptClosed:
        return  # a second tab or the timer submitted it a moment ago
    form = form_of(attempt.content_version)
    marks, points, counted = [], 0.0, 0
    for response in attempt.responses:
        item = item_of(response.item_version)
        if isinstance(item, EssayItem):
            if response.answer:
                _queue_essay(session, attempt, response, item, form, now)
            continue
        result = _score(item, response.answer)
        response.points, response.correct = result.points, result.correct
        points, counted = points + result.points, counted + 1
        marks.append(cbm_mark(result.points, response.certainty))
    attempt.points, attempt.max_points = points, float(counted)
    attempt.cbm_average = sum(marks) / len(marks) if form.certainty_based and marks else None
    attempt.status, attempt.submitted_at, attempt.submitted_by = "submitted", now, by
    record_evidence(session, attempt, now)


def _queue_essay(
    session, attempt: Attempt, response: Response, item: EssayItem, form, now: datetime
) -> None:
    request_review(
        session,
        person_id=attempt.person_id,
        source_ref=SourceRef.attempt_item(attempt.id, item.key),
        title=f"{form.title}: essay",
        response=str(response.answer),
        competencies=list(item.competencies),
        prompt=item.stem,
        guidance="\n".join([item.guidance, *(f"Look for: {x}" for x in item.look_fors)]),
        created_at=now,
    )


def record_evidence(session: Session, attempt: Attempt, at: datetime) -> None:
    """One ledger row per scored answer and competency, tied to the item version answered."""
    title = form_of(attempt.content_version).title
    for response in attempt.responses:
        if response.points is None:
            continue  # essays wait for a manager's rating
        item = item_of(response.item_version)
        first = response.first_points if attempt.mode == "practice" else None
        observations = [
            Observation(
                competency,
                item.level,
                response.points if first is None else first,
                detail=f"{title}: {item.key}",
                content_version_id=response.item_version_id,
            )
            for competency in item.competencies
        ]
        source = SourceRef.attempt_item(attempt.id, item.key)
        record(session, attempt.person_id, source, "item", observations, at=at, mode=attempt.mode)


def apply_regrade(session: Session, run: DryRun, started_by_id: int, now: datetime) -> Regrade:
    """Move the answers to the new version, rescore attempts, supersede evidence; record it."""
    item = item_of(run.target)
    first_from = session.get(Response, run.changes[0].response_id).item_version_id
    for change in run.changes:
        response = session.get(Response, change.response_id)
        response.item_version_id, response.points = run.target.id, change.new_points
        response.correct = change.new_points == 1
        attempt = response.attempt
        attempt.points = (attempt.points or 0) - change.old_points + change.new_points
        if change.changes_score:
            source = SourceRef.attempt_item(attempt.id, item.key)
            supersede(
                session, source, score=change.new_points, at=now, content_version_id=run.target.id
            )
    regrade = Regrade(
        item_key=run.item_key,
        from_version_id=first_from,
        to_version_id=run.target.id,
        started_by_id=started_by_id,
        changes=[
            {
                "attempt": c.attempt_id,
                "person": c.person,
                "from_version": c.from_version,
                "old": c.old_points,
                "new": c.new_points,
                "changed": c.changes_score,
            }
            for c in run.changes
        ],
        created_at=now,
    )
    session.add(regrade)
    session.flush()
    return regrade
