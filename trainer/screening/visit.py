"""Who the candidate on this device is: the session's candidate, checked on every request.

The session holds the candidate's id and token hash (never an id in a URL); an erased or expired
link, a kiosk left idle past the event's time, or "leave" drop the candidate, and a page without
one goes to the kiosk's sign-up or to "your session ended".
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from flask import abort, g, redirect, session, url_for
from sqlalchemy import bindparam, select
from sqlalchemy.orm.exc import StaleDataError

from trainer.assessments.delivery import TamperedAnswer, UnclearAnswer, choices_of, displayed
from trainer.assessments.kinds import item_of
from trainer.assessments.page import Question
from trainer.content.models import ContentVersion
from trainer.db import db, now_utc
from trainer.screening import answers, sheets
from trainer.screening.models import Candidate, CandidateAnswer, ScreeningEvent


def event_by_slug(slug: str) -> ScreeningEvent:
    event = db.session.scalar(select(ScreeningEvent).where(ScreeningEvent.slug == slug))
    if event is None:
        abort(404)
    return event


def drop() -> None:
    """Forget the candidate on this device; a kiosk keeps only which event it serves."""
    for key in ("candidate", "token_hash", "resume", "seen"):
        session.pop(key, None)
    g.pop("candidate", None)


def _idle(candidate: Candidate, now: datetime) -> bool:
    seen = session.get("seen")
    return seen is not None and now.timestamp() - seen > candidate.event.kiosk_idle_seconds


def current() -> Candidate | None:
    """The candidate of this session, if their link is still good and the kiosk not idle."""
    return _admitted(db.session.get(Candidate, session.get("candidate") or 0))


# Built once, not per request: building a statement costs as much CPU as running it on SQLite.
_CANDIDATE_AND_ANSWER = (
    select(
        Candidate, CandidateAnswer.id, CandidateAnswer.item_version_id, ContentVersion.content_hash
    )
    .outerjoin(
        CandidateAnswer,
        (CandidateAnswer.candidate_id == Candidate.id)
        & (CandidateAnswer.position == bindparam("position")),
    )
    .outerjoin(ContentVersion, ContentVersion.id == CandidateAnswer.item_version_id)
    .where(Candidate.id == bindparam("candidate_id"))
)


def current_at(position: int) -> tuple[Candidate | None, answers.AnswerAt | None]:
    """The session's candidate (as `current`) and the answer at `position`, in one query.

    For the autosave, the busiest request of a job fair: one statement instead of two.
    """
    params = {"position": position, "candidate_id": session.get("candidate") or 0}
    row = db.session.execute(_CANDIDATE_AND_ANSWER, params).first()
    if row is None or _admitted(row[0]) is None:
        return None, None
    candidate, answer_id, version_id, content_hash = row
    at = answers.AnswerAt(position, answer_id, version_id, content_hash) if answer_id else None
    return candidate, at


def save_from_sheet(position: int, posted: Mapping) -> int | None:
    """Most autosaves: the answer written in one statement from the candidate's cached sheet.

    The number of questions once saved; None when the full path (`current_at`, then
    `answers.save`) must decide: a kiosk (its idle timer is in the session), no or another
    candidate, a position off the sheet, an answer that does not read, or a refused write.
    """
    candidate_id, token_hash = session.get("candidate"), session.get("token_hash")
    if session.get("kiosk") or not candidate_id or not token_hash:
        return None
    sheet = sheets.sheet_of(db.session, candidate_id, token_hash)
    if sheet is None or not 0 <= position < len(sheet.slots):
        return None
    try:
        saved = answers.save_on_sheet(
            db.session, candidate_id, token_hash, sheet, position, posted, now_utc()
        )
    except (TamperedAnswer, UnclearAnswer):
        return None
    return len(sheet.slots) if saved else None


def _admitted(candidate: Candidate | None) -> Candidate | None:
    """The candidate if this session may still act for them, else None (and forgotten)."""
    now = now_utc()
    if (
        candidate is None
        or candidate.token_hash is None
        or candidate.token_hash != session.get("token_hash")
        or candidate.token_expires_at <= now
        or (session.get("kiosk") and _idle(candidate, now))
    ):
        drop()
        return None
    if session.get("kiosk"):
        session["seen"] = now.timestamp()  # only a kiosk goes idle: a phone's cookie stays as is
    g.candidate = candidate
    return candidate


def away():
    """Where a page without a candidate goes: the kiosk's sign-up, or 'your session ended'."""
    if session.get("kiosk"):
        return redirect(url_for("candidate.sign_up", slug=session["kiosk"]), code=303)
    return redirect(url_for("candidate.ended"), code=303)


def expire_if_due(candidate: Candidate) -> None:
    if answers.is_due(candidate, now_utc()):
        try:
            answers.submit(db.session, candidate, now_utc(), by="timer")
            db.session.commit()
        except StaleDataError:
            db.session.rollback()


def question_at(candidate: Candidate, n: int) -> Question:
    if not 1 <= n <= len(candidate.answers):
        abort(404)
    answer = candidate.answers[n - 1]
    planned = candidate.plan[answer.position]
    item = item_of(answer.item_version)
    choices = choices_of(item)
    return Question(
        position=answer.position,
        number=n,
        section=planned["section"],
        item=item,
        shown=[choices[i] for i in planned["order"]],
        values=displayed(answer.answer, item, planned["order"]),
        response=answer,
        feedback=None,  # a screening never shows feedback
    )
