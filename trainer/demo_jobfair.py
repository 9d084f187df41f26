"""A past job fair with a few dozen finished candidates, so a recruiter's first look is real.

Candidates answer through the same store functions as the pages: each answer is right with the
Rasch probability of the candidate's ability against the item's level (as the past cohort's), so
the shortlist spreads out, bands overlap where the evidence is thin, and a couple of people
signed up twice. About two thirds answer the voluntary self-identification step.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from trainer.assessments.kinds import item_of
from trainer.auth.models import User
from trainer.content.store import current_version
from trainer.db import now_utc
from trainer.demo_cohort import _right
from trainer.demo_history import answer_fields
from trainer.screening import answers, store
from trainer.screening.forms import QUESTIONS

SEED = 1618
SIZE = 32
FIRST = ["Ava", "Ben", "Chloe", "Dev", "Elena", "Femi", "Grace", "Hiro", "Isla", "Jamal", "Kate"]
LAST = ["Nguyen", "Okafor", "Patel", "Quinn", "Rossi", "Silva", "Turner", "Umar", "Varga"]


def build_job_fair(
    session: Session, recruiter: User, manager: User | None, now: datetime | None = None
) -> None:
    """Add a job fair held a month ago and its finished candidates, in the caller's transaction."""
    version = current_version(session, "form", "inside-sales-screening")
    if version is None:
        return
    now = now or now_utc()
    rng = random.Random(SEED)
    event = store.create_event(
        session,
        recruiter,
        version,
        name="Spring career fair (demo)",
        held_on=(now - timedelta(days=30)).date(),
        place="State University, Student Union hall B",
        profile_key="hp-inside-account-manager",
        cut_score=50,
        retention_days=90,
        kiosk_idle_seconds=120,
        show_result=False,
    )
    if manager is not None:
        store.share(session, event, manager)
    at = now - timedelta(days=30, hours=6)
    versions = store.item_versions(session)
    for number in range(SIZE):
        at += timedelta(minutes=rng.randint(3, 12))
        twice = number == 7  # the same student signs up again: flagged as a duplicate
        name = f"{FIRST[number % len(FIRST)]} {LAST[(number * 5) % len(LAST)]}"
        if twice:
            name = f"{FIRST[6]} {LAST[30 % len(LAST)]}"
        email = f"{name.lower().replace(' ', '.')}@students.example.edu"
        _take(session, rng, event, name, email, at, versions)


def _take(session, rng, event, name: str, email: str, at: datetime, versions) -> None:
    seed = rng.randrange(2**31)
    candidate, _ = store.sign_up(session, event, name, email, None, at, seed, versions)
    ability = rng.gauss(0.2, 1.0)
    if rng.random() < 0.65:
        store.self_identify(
            session,
            candidate,
            {key: rng.choice(options) for key, (_, options) in QUESTIONS.items()},
        )
    posted = {}
    for answer in candidate.answers:
        item = item_of(answer.item_version)
        right = _right(rng, ability, item.key, item.level)
        posted[answer.position] = answer_fields(
            rng, item, candidate.plan[answer.position]["order"], right
        )
    at += timedelta(minutes=rng.randint(8, 15))
    answers.save_many(session, candidate, posted, at)
    answers.submit(session, candidate, at + timedelta(seconds=20))
