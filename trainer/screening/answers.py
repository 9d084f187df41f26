"""A candidate's answers: saved as given while the screening is open, scored once at submit.

Candidates are drawn a screening as the assessments draw an attempt (`delivery.assemble` from a
seed, in `store.sign_up`), save each answer as given (`delivery.read_answer`) and are scored by
the item types' scorers at submit, once: `Candidate.revision` is a version counter, so two
submits racing each other (a double click, the timer) score once and the second finds it done.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import NamedTuple

from sqlalchemy import Float, bindparam, or_, select, update
from sqlalchemy.orm import Session

from trainer.assessments.delivery import from_json, read_answer
from trainer.assessments.kinds import item_by_hash, item_of
from trainer.assessments.scoring import score
from trainer.assessments.types.essay import EssayItem
from trainer.content.models import ContentVersion
from trainer.screening.models import Candidate, CandidateAnswer
from trainer.screening.sheets import Sheet
from trainer.screening.store import ScreeningClosed

GRACE = timedelta(seconds=15)  # an answer posted as the clock runs out still counts
FINISHED = "this screening is finished; its answers can no longer change"
LATE = "time ran out before this answer arrived"
# The row-level test of "open", for the UPDATEs that lock the candidate as they check it. On the
# table's columns, so the autosave's UPDATE stays a Core statement (no ORM bulk-update pass).
_candidates, _answers = Candidate.__table__, CandidateAnswer.__table__
_OPEN = (_candidates.c.submitted_at.is_(None), _candidates.c.erased_at.is_(None))


def _load_items(session: Session, candidate: Candidate) -> None:
    """Every item version the candidate was drawn, in one query (not one per answer).

    The answers themselves are not loaded, so this may run before a lock: what is read after
    it (the answers) is read fresh, and the item versions are already in the session.
    """
    drawn = select(CandidateAnswer.item_version_id).where(
        CandidateAnswer.candidate_id == candidate.id
    )
    session.scalars(select(ContentVersion).where(ContentVersion.id.in_(drawn))).all()


def deadline(candidate: Candidate) -> datetime | None:
    if candidate.time_limit_minutes is None:
        return None
    minutes = candidate.time_limit_minutes + candidate.extra_minutes
    return candidate.started_at + timedelta(minutes=minutes)


def is_due(candidate: Candidate, now: datetime, grace: timedelta = timedelta(0)) -> bool:
    end = deadline(candidate)
    return end is not None and not candidate.finished and now >= end + grace


def _hold_open(session: Session, candidate: Candidate) -> None:
    """Lock the row while it is neither submitted nor erased, as the assessments' `hold_open`.

    The conditional UPDATE waits for a submit or an erasure in flight and then sees it; the
    candidate is expired, so what is read next (its answers) is read after the other change.
    """
    held = session.execute(
        update(Candidate)
        .where(Candidate.id == candidate.id, *_OPEN)
        .values(submitted_at=None)
        .execution_options(synchronize_session=False)
    )
    if held.rowcount != 1:
        raise ScreeningClosed(FINISHED)
    session.expire(candidate)


def _refuse_if_closed(candidate: Candidate, now: datetime) -> None:
    if candidate.finished or candidate.erased:
        raise ScreeningClosed(FINISHED)
    if is_due(candidate, now, GRACE):
        raise ScreeningClosed(LATE)


class AnswerAt(NamedTuple):
    """Which answer row a save writes, and its item version's id and content hash."""

    position: int
    answer_id: int
    item_version_id: int
    content_hash: str


def _write_answer_if(answer_tests=(), candidate_tests=()):
    """An UPDATE of one answer that writes only while the candidate is open (and `*_tests`).

    It locks the candidate's row as it checks: `FOR UPDATE` on PostgreSQL waits for a submit or
    an erasure in flight and then sees it, and SQLite's single writer sees it anyway. So an
    answer can neither land after the scoring read the answers nor bring back erased free text.
    Built once, not per request: the autosave runs it on every answer.
    """
    open_candidate = (
        select(_candidates.c.id)
        .where(_candidates.c.id == bindparam("open_candidate_id"), *_OPEN, *candidate_tests)
        .with_for_update()
    )
    return (
        update(_answers)
        .where(
            _answers.c.id == bindparam("answer_id"),
            *answer_tests,
            _answers.c.candidate_id.in_(open_candidate),
        )
        .values(answer=bindparam("value"), saved_at=bindparam("now"))
    )


_WRITE_WHILE_OPEN = _write_answer_if()


def save(
    session: Session, candidate: Candidate, at: AnswerAt, posted: Mapping, now: datetime
) -> None:
    """Save the answer at one position as given: an autosave, the job fair's busiest request.

    One statement, after the one that read the candidate and `at` (`visit.current_at`); the
    item is parsed once per process, so its body is read only on a first save. `delivery`
    raises TamperedAnswer or UnclearAnswer before anything is written.
    """
    _refuse_if_closed(candidate, now)
    item = item_by_hash(session, at.item_version_id, at.content_hash)
    value = read_answer(item, candidate.plan[at.position]["order"], posted)
    params = {
        "answer_id": at.answer_id,
        "open_candidate_id": candidate.id,
        "value": value,
        "now": now,
    }
    if session.execute(_WRITE_WHILE_OPEN, params).rowcount != 1:
        raise ScreeningClosed(FINISHED)


# The same write for a save from a cached sheet (`sheets`), which read nothing first: it also
# checks what the read would have (the session's link, its expiry, the clock with extra time),
# and that the row still holds the item the answer was read against.
_WRITE_IF_ADMITTED = _write_answer_if(
    answer_tests=(_answers.c.item_version_id == bindparam("drawn_version_id"),),
    candidate_tests=(
        _candidates.c.token_hash == bindparam("token_hash"),
        _candidates.c.token_expires_at > bindparam("checked_at"),
        or_(
            _candidates.c.time_limit_minutes.is_(None),
            _candidates.c.time_limit_minutes + _candidates.c.extra_minutes
            > bindparam("minutes_used", type_=Float),
        ),
    ),
)


def save_on_sheet(
    session: Session,
    candidate_id: int,
    token_hash: str,
    sheet: Sheet,
    position: int,
    posted: Mapping,
    now: datetime,
) -> bool:
    """Save as `save` does, in one statement and no read; False if the write was refused.

    A refusal does not say why (session ended, finished, out of time): the caller's full path,
    `save` after `visit.current_at`, finds out and answers as it always has.
    """
    slot = sheet.slots[position]
    item = item_by_hash(session, slot.item_version_id, slot.content_hash)
    params = {
        "answer_id": slot.answer_id,
        "drawn_version_id": slot.item_version_id,
        "open_candidate_id": candidate_id,
        "token_hash": token_hash,
        "checked_at": now,
        # `is_due` with GRACE, counted from the fixed start: open while the limit is not used up
        "minutes_used": (now - sheet.started_at - GRACE).total_seconds() / 60,
        "value": read_answer(item, slot.order, posted),
        "now": now,
    }
    return session.execute(_WRITE_IF_ADMITTED, params).rowcount == 1


def save_many(
    session: Session, candidate: Candidate, posted: Mapping[int, Mapping], now: datetime
) -> None:
    """Save the answers at these positions as given, under one lock of the candidate's row."""
    _refuse_if_closed(candidate, now)
    values = {}
    _load_items(session, candidate)
    for position, fields in posted.items():
        answer = candidate.answers[position]
        item = item_of(answer.item_version)
        values[position] = read_answer(item, candidate.plan[position]["order"], fields)
    _hold_open(session, candidate)
    for position, value in values.items():
        answer = candidate.answers[position]
        answer.answer, answer.saved_at = value, now


def submit(session: Session, candidate: Candidate, now: datetime, by: str = "candidate") -> bool:
    """Score every answer once; False when it was already submitted (a second click, the timer)."""
    if candidate.finished:
        return False
    _load_items(session, candidate)  # before the lock: every submit at the bell queues on it
    try:
        _hold_open(session, candidate)
    except ScreeningClosed:
        return False
    for answer in candidate.answers:
        item = item_of(answer.item_version)
        if isinstance(item, EssayItem):
            continue  # a written answer needs a person to rate it; it is kept, not scored
        if answer.answer is None:
            answer.points = 0.0
        else:
            answer.points = score(item, from_json(item, answer.answer)).points
    candidate.submitted_at, candidate.submitted_by = now, by
    return True
