"""Learned examples in the database: record a manager's verdicts, load what a run may use.

Each function adds to the caller's session; the caller commits once.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from trainer.db import now_utc
from trainer.evidence.sources import SourceRef
from trainer.evidence.store import correct, current_rows
from trainer.scenarios.learning.examples import Example, LearnedMatcher, words
from trainer.scenarios.learning.models import LearnedExample
from trainer.scenarios.matcher import Matcher, PhraseMatcher


def digest(text: str) -> str:
    """The key of an answer's normalised words: answers that differ only in case, punctuation
    or inflection share it."""
    return hashlib.sha256(" ".join(words(text)).encode()).hexdigest()


def learn(
    session: Session,
    *,
    scenario_key: str,
    step_key: str,
    text: str,
    verdicts: dict[str, bool],
    source_ref: str,
    reviewer_id: int | None,
    at: datetime | None = None,
) -> list[LearnedExample]:
    """Store each verdict (behaviour key -> shown) on `text`; a verdict on the same words replaces
    the one before."""
    at, key = at or now_utc(), digest(text)
    existing = {
        row.behaviour_key: row
        for row in session.scalars(
            select(LearnedExample).where(
                LearnedExample.scenario_key == scenario_key,
                LearnedExample.step_key == step_key,
                LearnedExample.digest == key,
                LearnedExample.behaviour_key.in_(list(verdicts)),
            )
        )
    }
    rows = []
    for behaviour, shown in verdicts.items():
        row = existing.get(behaviour) or LearnedExample(
            scenario_key=scenario_key, step_key=step_key, behaviour_key=behaviour, digest=key
        )
        row.text, row.shown, row.source_ref = text, shown, source_ref
        row.reviewer_id, row.learned_at = reviewer_id, at
        session.add(row)
        rows.append(row)
    session.flush()
    return rows


def examples_for(
    session: Session, scenario_key: str, as_of: datetime | None = None, step: str | None = None
) -> list[Example]:
    """The call's learned examples, only those learned by `as_of` when it is given."""
    query = select(LearnedExample).where(LearnedExample.scenario_key == scenario_key)
    if as_of is not None:
        query = query.where(LearnedExample.learned_at <= as_of)
    if step is not None:
        query = query.where(LearnedExample.step_key == step)
    return [
        Example(row.step_key, row.behaviour_key, row.text, row.shown)
        for row in session.scalars(query.order_by(LearnedExample.id))
    ]


def matcher_for(
    session: Session, scenario_key: str, started_at: datetime, base: Matcher | None = None
) -> LearnedMatcher:
    """The matcher of a run started at `started_at`: the examples learned before it began, so
    replaying a run gives the same answer however the trainer learns later."""
    return LearnedMatcher(base or PhraseMatcher(), examples_for(session, scenario_key, started_at))


def withdraw(
    session: Session, run_id: int, step_key: str, rejected: list, at: datetime | None = None
) -> list:
    """Correct to 0 the reviewed run's credit for each rejected behaviour (steps.Behaviour).

    The engine writes a credited behaviour's detail as "<label>: said '<words>'"; that, with its
    competency and level, picks the behaviour's row among the step's.
    """
    rows = [
        row
        for row in current_rows(session, SourceRef.run_step(run_id, step_key))
        for b in rejected
        if row.source_kind == "free_response"
        and row.score > 0
        and (row.competency_key, row.level) == (b.competency, b.level)
        and row.detail.startswith(f"{b.label}: said ")
    ]
    return correct(session, rows, score=0.0, at=at or now_utc(), note="rejected in review")


def settle(
    session: Session,
    *,
    run,
    step_key: str,
    behaviours: list,
    matches: dict,
    text: str,
    verdicts: dict[str, bool],
    source_ref: str,
    reviewer_id: int | None,
) -> None:
    """A manager's verdicts on a reviewed answer: learn them, and withdraw the run's credit for
    each behaviour the matcher found and the manager rejected."""
    learn(
        session,
        scenario_key=run.scenario_key,
        step_key=step_key,
        text=text,
        verdicts=verdicts,
        source_ref=source_ref,
        reviewer_id=reviewer_id,
    )
    wrong = [b for b in behaviours if verdicts.get(b.key) is False and matches[b.key].found]
    withdraw(session, run.id, step_key, wrong)


def forget_example(session: Session, example: LearnedExample) -> None:
    """Drop one learned verdict: the phrasings judge that answer again, and it is queued."""
    session.delete(example)
