"""Most autosaves write from the candidate's cached sheet, with no read first: the one UPDATE
checks all that the full path reads (the session's link, its expiry, submit, erasure, the time
limit with extra time given later, the item drawn). Each change is staged after the sheet was
read, as on another device or a recruiter's screen, on both databases.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session

from tests.screening.test_races import stored, text, written_candidate
from trainer.db import db, now_utc
from trainer.screening import answers, sheets, store
from trainer.screening.models import Candidate, CandidateAnswer


@pytest.fixture
def drawn(make_user, make_event):
    """A signed-up candidate with a written question, that answer and the sheet, read now."""
    candidate, answer, _ = written_candidate(make_event(make_user("recruiter")))
    sheet = sheets.sheet_of(db.session, candidate.id, candidate.token_hash)
    assert sheet is not None and len(sheet.slots) == len(candidate.answers)
    return candidate, answer, sheet


def save(drawn, words, now=None, token_hash=None, sheet=None) -> bool:
    candidate, answer, read = drawn
    saved = answers.save_on_sheet(
        db.session,
        candidate.id,
        token_hash or candidate.token_hash,
        sheet or read,
        answer.position,
        text(answer, words),
        now or now_utc(),
    )
    db.session.commit()
    return saved


def elsewhere(change) -> None:
    """A change made by another session (another device, a recruiter), committed."""
    with Session(db.engine) as other:
        change(other)
        other.commit()


def test_a_save_from_the_sheet_writes_the_answer_as_given(drawn):
    words = "I would ask what the delay costs them"
    assert save(drawn, words)
    assert stored(drawn[1]) == text(drawn[1], words)["answer"][0]


def test_an_erasure_after_the_sheet_was_read_refuses_the_save(drawn):
    candidate = drawn[0]
    elsewhere(lambda s: store.erase(s, s.get(Candidate, candidate.id), now_utc(), "candidate"))
    assert not save(drawn, "I am Sam Lee")
    assert stored(drawn[1]) is None


def test_a_submit_after_the_sheet_was_read_refuses_the_save(drawn):
    candidate = drawn[0]
    elsewhere(lambda s: answers.submit(s, s.get(Candidate, candidate.id), now_utc()))
    assert not save(drawn, "late words")
    assert stored(drawn[1]) is None


def test_an_expired_link_and_another_links_token_are_refused(drawn):
    candidate = drawn[0]
    assert not save(drawn, "words", token_hash="0" * 64)
    assert sheets.sheet_of(db.session, candidate.id, "0" * 64) is None
    expire = update(Candidate).where(Candidate.id == candidate.id)
    elsewhere(lambda s: s.execute(expire.values(token_expires_at=now_utc())))
    assert not save(drawn, "words")
    assert stored(drawn[1]) is None


def test_a_sheet_kept_under_an_old_token_cannot_write(drawn):
    """SQLite can give a purged candidate's id to a new one: the sheet is kept by id *and* token."""
    candidate = drawn[0]
    renew = update(Candidate).where(Candidate.id == candidate.id).values(token_hash="1" * 64)
    elsewhere(lambda s: s.execute(renew))
    assert not save(drawn, "words")  # the sheet in hand, with the session's old token
    assert sheets.sheet_of(db.session, candidate.id, "1" * 64) is not None  # read afresh


def test_a_sheet_that_no_longer_matches_the_row_writes_nothing(drawn):
    candidate, answer, sheet = drawn
    other = next(s for s in sheet.slots if s.item_version_id != sheet.slots[answer.position][1])
    wrong = sheet.slots[answer.position]._replace(item_version_id=other.item_version_id)
    slots = list(sheet.slots)
    slots[answer.position] = wrong
    assert not save(drawn, "words", sheet=sheet._replace(slots=tuple(slots)))
    assert stored(answer) is None


@pytest.mark.parametrize(
    ("past_grace", "saved"), [(timedelta(seconds=-2), True), (timedelta(0), False)]
)
def test_the_time_limit_counts_the_grace_and_extra_time_given_later(drawn, past_grace, saved):
    candidate, answer, sheet = drawn
    minutes = candidate.time_limit_minutes
    assert minutes  # the bundled screening is timed
    at = sheet.started_at + timedelta(minutes=minutes) + answers.GRACE + past_grace
    assert save(drawn, "in time", now=at) is saved
    assert answers.is_due(candidate, at, answers.GRACE) is not saved  # the full path agrees
    give = update(Candidate).where(Candidate.id == candidate.id).values(extra_minutes=5)
    elsewhere(lambda s: s.execute(give))
    assert save(drawn, "with extra time", now=at)


def test_a_sheet_lists_every_position_in_order(drawn):
    candidate, _, sheet = drawn
    rows = sorted(candidate.answers, key=lambda a: a.position)
    assert [s.answer_id for s in sheet.slots] == [a.id for a in rows]
    assert [list(s.order) for s in sheet.slots] == [p["order"] for p in candidate.plan]
    gap = update(CandidateAnswer).where(CandidateAnswer.id == rows[-1].id).values(position=99)
    elsewhere(lambda s: s.execute(gap))
    sheets.forget_all()
    assert sheets.sheet_of(db.session, candidate.id, candidate.token_hash) is None
