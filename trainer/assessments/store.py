"""Quiz attempts in the database: begin, save each answer as given, submit once, regrade.

Each function changes one attempt in the caller's transaction; the caller commits once. Answers
are saved exactly as read from the page (in the YAML's indices), so a restart, a closed tab or a
second device finds them all.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload, object_session
from sqlalchemy.orm.attributes import set_committed_value

from trainer.assessments.clock import GRACE, is_due, time_limit
from trainer.assessments.delivery import (
    UnclearAnswer,
    assemble,
    from_json,
    read_answer,
    read_certainty,
)
from trainer.assessments.items import ItemBase
from trainer.assessments.kinds import form_of, item_of
from trainer.assessments.models import Attempt, Regrade, Response
from trainer.assessments.regrade import DryRun
from trainer.assessments.scoring import Score, cbm_mark, score
from trainer.assessments.types.essay import EssayItem
from trainer.auth.models import User
from trainer.content.models import ContentVersion
from trainer.content.store import latest_versions
from trainer.errors import Refused
from trainer.evidence.sources import SourceRef
from trainer.evidence.store import Observation, record, supersede
from trainer.rubrics.store import request_review


class AttemptClosed(Refused):
    """The attempt or the answer can no longer change; the message says why."""


class BeganElsewhere(AttemptClosed):
    """Another request began the same attempt first (a double click, a second tab)."""


def attempts_used(session: Session, person_id: int, form_key: str) -> int:
    return session.scalar(
        select(func.count(Attempt.id)).where(
            Attempt.person_id == person_id, Attempt.form_key == form_key
        )
    )


def open_attempt(session: Session, person_id: int, form_key: str) -> Attempt | None:
    return session.scalar(
        select(Attempt)
        .where(
            Attempt.person_id == person_id,
            Attempt.form_key == form_key,
            Attempt.status == "in_progress",
        )
        .order_by(Attempt.id.desc())
        .limit(1)
    )


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


def items_seen(session: Session, person_id: int) -> frozenset[str]:
    """The keys of every item the person has been shown in any attempt."""
    rows = session.scalars(
        select(Response.item_key).join(Attempt).where(Attempt.person_id == person_id)
    )
    return frozenset(rows)


def hold_open(session: Session, attempt: Attempt) -> None:
    """Lock the attempt while it is in progress, and read its answers afresh; else refuse.

    A conditional UPDATE: PostgreSQL holds the row until commit and re-checks the status after
    a concurrent submit commits; SQLite takes its single write lock. So a save racing a submit
    either lands before the scoring (and is scored) or is refused, never stored after it.
    """
    held = session.execute(
        update(Attempt)
        .where(Attempt.id == attempt.id, Attempt.status == "in_progress")
        .values(status="in_progress")
        .execution_options(synchronize_session=False)
    )
    if held.rowcount != 1:
        raise AttemptClosed("this attempt is submitted; its answers can no longer change")
    session.expire(attempt)
    for response in attempt.responses:
        session.expire(response)


def save_answers(
    session: Session,
    attempt: Attempt,
    posted: Mapping[int, Mapping[str, Sequence[str]]],
    now: datetime,
    *,
    check: bool = False,
) -> list[str]:
    """Save a page's answers under one lock; return the problems of answers too unclear to save.

    The quiz's hot path (every autosave): the lock's UPDATE returns the deadline, and the posted
    responses are read once, after it, with their item versions, so a save costs five statements
    with the sign-in. A checked practice answer is left as it is (Try again reopens it).
    """
    if attempt.submitted:
        raise AttemptClosed("this attempt is submitted; its answers can no longer change")
    deadline = session.execute(
        update(Attempt)
        .where(Attempt.id == attempt.id, Attempt.status == "in_progress")
        .values(status="in_progress")
        .returning(Attempt.deadline_at)
        .execution_options(synchronize_session=False)
    ).first()
    if deadline is None:
        raise AttemptClosed("this attempt is submitted; its answers can no longer change")
    set_committed_value(attempt, "deadline_at", deadline[0])  # extra time granted meanwhile
    if is_due(attempt, now, GRACE):
        raise AttemptClosed("time ran out before this answer arrived")
    responses = session.scalars(
        select(Response)
        .where(Response.attempt_id == attempt.id, Response.position.in_(list(posted)))
        .options(joinedload(Response.item_version))
        .order_by(Response.position)
        .execution_options(populate_existing=True)
    ).all()
    problems = []
    for response in responses:
        if response.checked:
            continue
        try:
            _store_answer(attempt, response, posted[response.position], now, check)
        except UnclearAnswer as exc:
            problems.append(f"Question {response.position + 1}: {exc}")
    return problems


def save(
    attempt: Attempt,
    response: Response,
    posted: Mapping[str, Sequence[str]],
    now: datetime,
    *,
    check: bool = False,
) -> Response:
    """Save one answer as given (TamperedAnswer/UnclearAnswer from `delivery` save nothing).

    `check` (practice) makes the answer final and scores it, so its feedback can be shown.
    """
    if attempt.submitted:
        raise AttemptClosed("this attempt is submitted; its answers can no longer change")
    hold_open(object_session(attempt), attempt)
    if is_due(attempt, now, GRACE):
        raise AttemptClosed("time ran out before this answer arrived")
    if response.checked:
        raise AttemptClosed("this answer is checked; choose Try again to answer it afresh")
    return _store_answer(attempt, response, posted, now, check)


def _store_answer(
    attempt: Attempt,
    response: Response,
    posted: Mapping[str, Sequence[str]],
    now: datetime,
    check: bool,
) -> Response:
    item = item_of(response.item_version)
    order = attempt.plan[response.position]["order"]
    answer = read_answer(item, order, posted)
    certainty = read_certainty(posted)
    form = form_of(attempt.content_version)
    response.answer = answer
    response.certainty = certainty if form.certainty_based else None
    response.flagged = bool(posted.get("flag"))
    response.saved_at = now
    if check and attempt.mode == "practice" and answer is not None:
        result = _score(item, answer)
        response.points, response.correct = result.points, result.correct
        if response.tries == 0:
            response.first_points = result.points  # only a first try is evidence
        response.checked, response.tries = True, response.tries + 1
    return response


def try_again(attempt: Attempt, response: Response) -> None:
    """Practice: clear a checked answer so the item can be answered again."""
    if attempt.mode != "practice" or attempt.submitted:
        raise AttemptClosed("only an open practice attempt lets you try an item again")
    hold_open(object_session(attempt), attempt)
    response.answer, response.points, response.correct = None, None, None
    response.checked = False


def _score(item: ItemBase, answer: Any) -> Score:
    if answer is None:
        return Score(0.0, False, [])
    return score(item, from_json(item, answer))


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
