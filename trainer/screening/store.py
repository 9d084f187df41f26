"""Every change screening makes to the database but the answers (answers.py); the caller
commits once."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from trainer.assessments.delivery import assemble
from trainer.assessments.kinds import form_of, item_of
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


def by_token(session: Session, token: str, now: datetime) -> Candidate | None:
    """The candidate a live resume token belongs to; None for unknown, expired or erased."""
    candidate = session.scalar(select(Candidate).where(Candidate.token_hash == token_hash(token)))
    if candidate is None or candidate.token_expires_at is None:
        return None
    return candidate if now < candidate.token_expires_at else None


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
