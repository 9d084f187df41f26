"""Fixtures: an event of the bundled screening, and candidates who sign up and answer."""

from __future__ import annotations

from datetime import date

import pytest

from tests.assessments.answering import right_fields, wrong_fields
from trainer.assessments.kinds import item_of
from trainer.content.store import current_version
from trainer.db import db, now_utc
from trainer.screening import answers, store


@pytest.fixture
def make_event(app):
    """make_event(owner, **fields) -> a ScreeningEvent of the bundled inside-sales screening."""

    def make(owner, **fields):
        values = {
            "name": "Campus fair",
            "held_on": date.today(),
            "place": "Hall B",
            "profile_key": "hp-inside-account-manager",
            "cut_score": 50,
            "retention_days": 90,
            "kiosk_idle_seconds": 120,
            "show_result": False,
        }
        values.update(fields)
        version = current_version(db.session, "form", "inside-sales-screening")
        event = store.create_event(db.session, owner, version, **values)
        db.session.commit()
        return event

    return make


def fields_for(candidate, answer, right=True):
    """The posted fields (with the page's prefix) of a right or wrong answer."""
    item = item_of(answer.item_version)
    order = candidate.plan[answer.position]["order"]
    raw = (right_fields if right else wrong_fields)(item, order)
    return {f"q{answer.position}-{name}": values for name, values in raw.items()}


@pytest.fixture
def finished_candidate(app):
    """finished_candidate(event, name, email, right=share of right answers) -> Candidate."""

    def make(event, name="Sam Lee", email=None, right=1.0, phone=None):
        candidate, _ = store.sign_up(
            db.session,
            event,
            name,
            email or f"{name.split()[0].lower()}@example.edu",
            phone,
            now_utc(),
        )
        cutoff = round(right * len(candidate.answers))
        posted = {
            answer.position: {
                k.split("-", 1)[1]: v
                for k, v in fields_for(candidate, answer, answer.position < cutoff).items()
            }
            for answer in candidate.answers
        }
        answers.save_many(db.session, candidate, posted, now_utc())
        answers.submit(db.session, candidate, now_utc())
        db.session.commit()
        return candidate

    return make
