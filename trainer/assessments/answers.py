"""Answers during an attempt: each saved as given, under a lock on the open attempt.

The quiz's hot path (every autosave) lives here; begin, submit and regrade are in store.py.
Each function changes one attempt in the caller's transaction; the caller commits once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session, joinedload, object_session
from sqlalchemy.orm.attributes import set_committed_value

from trainer.assessments.clock import GRACE, is_due
from trainer.assessments.delivery import UnclearAnswer, from_json, read_answer, read_certainty
from trainer.assessments.items import ItemBase
from trainer.assessments.kinds import form_of, item_of
from trainer.assessments.models import Attempt, Response
from trainer.assessments.scoring import Score, score
from trainer.errors import Refused


class AttemptClosed(Refused):
    """The attempt or the answer can no longer change; the message says why."""


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
