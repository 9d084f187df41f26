"""Every change screening makes to the database; the caller commits once.

Candidates are drawn a screening as the assessments draw an attempt (`delivery.assemble` from a
seed), save each answer as given (`delivery.read_answer`) and are scored by the item types'
scorers at submit, once: `Candidate.revision` is a version counter, so two submits racing each
other (a double click, the timer) score once and the second finds it done.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from datetime import UTC, datetime, time, timedelta
from typing import NamedTuple

from sqlalchemy import bindparam, delete, func, select, update
from sqlalchemy.orm import Session

from trainer.assessments.delivery import assemble, from_json, read_answer
from trainer.assessments.kinds import form_of, item_by_hash, item_of
from trainer.assessments.scoring import score
from trainer.assessments.types.essay import EssayItem
from trainer.auth.models import User
from trainer.content.models import ContentVersion
from trainer.content.store import latest_versions
from trainer.errors import Refused
from trainer.screening.models import (
    STATUSES,
    Candidate,
    CandidateAnswer,
    EventShare,
    ScreeningEvent,
    SelfIdentification,
)

RESUME_DAYS = 14  # a resume link lasts this long, and never past the event's retention
GRACE = timedelta(seconds=15)  # an answer posted as the clock runs out still counts


class ScreeningClosed(Refused):
    """The screening can no longer change (submitted, erased or out of time)."""


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_slug() -> str:
    return secrets.token_urlsafe(6)  # 8 characters, 48 random bits: a short link to type


def create_event(session: Session, owner: User, form_version: ContentVersion, **fields):
    event = ScreeningEvent(owner_id=owner.id, slug=new_slug(), form_version=form_version, **fields)
    event.form_key = form_version.key
    session.add(event)
    session.flush()
    return event


def share(session: Session, event: ScreeningEvent, user: User) -> None:
    if user.id != event.owner_id and all(s.user_id != user.id for s in event.shares):
        event.shares.append(EventShare(user_id=user.id))


def unshare(event: ScreeningEvent, user_id: int) -> None:
    event.shares[:] = [s for s in event.shares if s.user_id != user_id]


def retention_ends(event: ScreeningEvent) -> datetime:
    """When the event's candidates' personal data is due for erasure."""
    held = datetime.combine(event.held_on, time.min, tzinfo=UTC)
    return held + timedelta(days=event.retention_days)


def sign_up(
    session: Session,
    event: ScreeningEvent,
    name: str,
    email: str,
    phone: str | None,
    now: datetime,
    seed: int | None = None,
    versions: dict[str, ContentVersion] | None = None,
) -> tuple[Candidate, str]:
    """The candidate with their screening drawn, and their resume token (only its hash is kept).

    `seed` draws the items; without one it is random. `versions`: the live item versions by
    key, when the caller signs up many people at once (the demo).
    """
    versions = versions or item_versions(session)
    items = {key: item_of(v) for key, v in versions.items()}
    form = form_of(event.form_version)
    seed = secrets.randbelow(2**31) if seed is None else seed
    plan = assemble(form, items, seed)
    token = secrets.token_urlsafe(24)  # 192 random bits
    candidate = Candidate(
        event=event,
        name=name,
        email=email.strip().lower(),
        phone=phone or None,
        token_hash=token_hash(token),
        token_expires_at=min(now + timedelta(days=RESUME_DAYS), retention_ends(event)),
        consented_at=now,
        seed=seed,
        plan=[{"section": p.section, "key": p.key, "order": list(p.order)} for p in plan],
        started_at=now,
        time_limit_minutes=form.time_limit_minutes,
    )
    candidate.answers = [
        CandidateAnswer(position=i, item_key=p.key, item_version_id=versions[p.key].id)
        for i, p in enumerate(plan)
    ]
    session.add(candidate)
    session.flush()
    return candidate, token


def item_versions(session: Session) -> dict[str, ContentVersion]:
    return {v.key: v for v in latest_versions(session, ["item"])}


def _load_items(session: Session, candidate: Candidate) -> None:
    """Every item version the candidate was drawn, in one query (not one per answer).

    The answers themselves are not loaded, so this may run before a lock: what is read after
    it (the answers) is read fresh, and the item versions are already in the session.
    """
    drawn = select(CandidateAnswer.item_version_id).where(
        CandidateAnswer.candidate_id == candidate.id
    )
    session.scalars(select(ContentVersion).where(ContentVersion.id.in_(drawn))).all()


def by_token(session: Session, token: str, now: datetime) -> Candidate | None:
    """The candidate a live resume token belongs to; None for unknown, expired or erased."""
    candidate = session.scalar(select(Candidate).where(Candidate.token_hash == token_hash(token)))
    if candidate is None or candidate.token_expires_at is None:
        return None
    return candidate if now < candidate.token_expires_at else None


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
        .where(
            Candidate.id == candidate.id,
            Candidate.submitted_at.is_(None),
            Candidate.erased_at.is_(None),
        )
        .values(submitted_at=None)
        .execution_options(synchronize_session=False)
    )
    if held.rowcount != 1:
        raise ScreeningClosed("this screening is finished; its answers can no longer change")
    session.expire(candidate)


def _refuse_if_closed(candidate: Candidate, now: datetime) -> None:
    if candidate.finished or candidate.erased:
        raise ScreeningClosed("this screening is finished; its answers can no longer change")
    if is_due(candidate, now, GRACE):
        raise ScreeningClosed("time ran out before this answer arrived")


class AnswerAt(NamedTuple):
    """Which answer row a save writes, and its item version's id and content hash."""

    position: int
    answer_id: int
    item_version_id: int
    content_hash: str


# Writes the answer only while the candidate is open, locking the candidate's row as it checks:
# `FOR UPDATE` on PostgreSQL waits for a submit or an erasure in flight and then sees it, and
# SQLite's single writer sees it anyway. So an answer can neither land after the scoring read
# the answers nor bring back erased free text. Built once: the autosave runs it on every answer.
_WRITE_WHILE_OPEN = (
    update(CandidateAnswer)
    .where(
        CandidateAnswer.id == bindparam("answer_id"),
        CandidateAnswer.candidate_id.in_(
            select(Candidate.id)
            .where(
                Candidate.id == bindparam("open_candidate_id"),
                Candidate.submitted_at.is_(None),
                Candidate.erased_at.is_(None),
            )
            .with_for_update()
        ),
    )
    .values(answer=bindparam("value"), saved_at=bindparam("now"))
    .execution_options(synchronize_session=False)
)


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
        raise ScreeningClosed("this screening is finished; its answers can no longer change")


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


def self_identify(
    session: Session, candidate: Candidate, answers: Mapping[str, str | None]
) -> None:
    """Replace the candidate's voluntary answers; a blank answer stores nothing."""
    session.execute(
        delete(SelfIdentification).where(SelfIdentification.candidate_id == candidate.id)
    )
    for question, answer in answers.items():
        if answer:
            session.add(
                SelfIdentification(
                    candidate_id=candidate.id,
                    event_id=candidate.event_id,
                    question=question,
                    answer=answer,
                )
            )


def set_status(candidate: Candidate, status: str, note: str | None) -> None:
    if status not in STATUSES:
        raise Refused(f"{status!r} is not a status")
    if candidate.erased:
        raise Refused("this candidate's data was erased")
    candidate.status, candidate.note = status, note or None


def give_extra_time(candidate: Candidate, minutes: int) -> None:
    if candidate.finished or candidate.erased:
        raise Refused("extra time can only be given before the candidate finishes")
    candidate.extra_minutes = minutes


def erase(session: Session, candidate: Candidate, now: datetime, by: str) -> None:
    """Personal data and written answers go; the anonymous scored row stays for statistics.

    The row is marked erased first, by an UPDATE that waits for an autosave in flight (whose
    guarded write then finds it erased), and the answers are read after it: a written answer
    saved a moment before is read and cleared, never left behind by a stale read.
    """
    session.execute(
        update(Candidate)
        .where(Candidate.id == candidate.id)
        .values(erased_at=func.coalesce(Candidate.erased_at, now))
        .execution_options(synchronize_session=False)
    )
    session.expire(candidate)
    candidate.name = candidate.email = candidate.phone = candidate.note = None
    candidate.token_hash = candidate.token_expires_at = None
    candidate.erased_at = candidate.erased_at or now
    candidate.erased_by = candidate.erased_by or by
    answers = session.scalars(
        select(CandidateAnswer)
        .where(CandidateAnswer.candidate_id == candidate.id)
        .execution_options(populate_existing=True)  # as stored now, not as read before
    )
    for answer in answers:
        if isinstance(answer.answer, str):
            answer.answer = None  # free text may name the person; choices do not
    if by == "candidate":
        session.execute(
            delete(SelfIdentification).where(SelfIdentification.candidate_id == candidate.id)
        )


def purge(session: Session, now: datetime) -> int:
    """Erase every candidate past their event's retention; 0 the second time (idempotent)."""
    due = session.scalars(select(Candidate).where(Candidate.erased_at.is_(None))).all()
    count = 0
    for candidate in due:
        if now >= retention_ends(candidate.event):
            erase(session, candidate, now, "retention")
            count += 1
    return count
