"""An autosave racing a submit or an erasure is scored or refused: never stored after the
scoring read the answers, never bringing back written text the candidate erased.

The stale reads are staged with a second database session (on both databases); the parallel
posts run against a real server process, each request on its own connection.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.assessments.answering import right_fields, wrong_fields
from tests.assessments.test_races import all_at_once
from tests.server import Browserless, ServerProcess
from trainer.assessments.delivery import from_json
from trainer.assessments.kinds import item_of
from trainer.assessments.scoring import score
from trainer.db import db, now_utc
from trainer.screening import answers, store
from trainer.screening.models import Candidate, CandidateAnswer

WRITTEN = ("essay", "short_text")


def written_candidate(event) -> tuple[Candidate, CandidateAnswer, str]:
    """A candidate drawn a written question (the lowest seed that draws one), that answer and
    the candidate's resume token."""
    for seed in range(50):
        email = f"sam{seed}@example.edu"
        candidate, token = store.sign_up(db.session, event, "Sam Lee", email, None, now_utc(), seed)
        written = [a for a in candidate.answers if item_of(a.item_version).type in WRITTEN]
        if written:
            db.session.commit()
            return candidate, written[0], token
        db.session.rollback()
    pytest.fail("no seed below 50 draws a written question")


def at(answer: CandidateAnswer) -> answers.AnswerAt:
    version = answer.item_version
    return answers.AnswerAt(answer.position, answer.id, version.id, version.content_hash)


def text(answer: CandidateAnswer, words: str) -> dict[str, list[str]]:
    item = item_of(answer.item_version)
    return {"answer": [item.accepted[0] if item.type == "short_text" else words]}


def stored(answer: CandidateAnswer):
    return db.session.scalar(select(CandidateAnswer.answer).where(CandidateAnswer.id == answer.id))


def test_a_save_that_read_the_candidate_before_an_erasure_writes_nothing(make_user, make_event):
    candidate, answer, _ = written_candidate(make_event(make_user("recruiter")))
    # The autosave has read the candidate, open, when the candidate erases on another device.
    with Session(db.engine) as other:
        store.erase(other, other.get(Candidate, candidate.id), now_utc(), by="candidate")
        other.commit()
    with pytest.raises(store.ScreeningClosed):
        answers.save(db.session, candidate, at(answer), text(answer, "I am Sam Lee"), now_utc())
    db.session.rollback()
    assert stored(answer) is None


def test_an_erasure_clears_text_saved_after_it_read_the_answers(make_user, make_event):
    candidate, answer, _ = written_candidate(make_event(make_user("recruiter")))
    with Session(db.engine) as other:
        erasing = other.get(Candidate, candidate.id)
        assert erasing.answers[answer.position].answer is None  # the erasure has read them
        answers.save(db.session, candidate, at(answer), text(answer, "I am Sam Lee"), now_utc())
        db.session.commit()  # when the autosave of a written answer lands
        store.erase(other, erasing, now_utc(), by="candidate")
        other.commit()
    db.session.expire_all()
    assert stored(answer) is None
    assert db.session.get(Candidate, candidate.id).erased


def test_a_save_that_read_the_candidate_before_a_submit_writes_nothing(make_user, make_event):
    candidate, answer, _ = written_candidate(make_event(make_user("recruiter")))
    with Session(db.engine) as other:
        assert answers.submit(other, other.get(Candidate, candidate.id), now_utc())
        other.commit()
    with pytest.raises(store.ScreeningClosed):
        answers.save(db.session, candidate, at(answer), text(answer, "late words"), now_utc())
    db.session.rollback()
    assert stored(answer) is None


def test_a_position_past_the_screening_is_not_found(client, make_user, make_event):
    event = make_event(make_user("recruiter"))
    client.post(
        f"/e/{event.slug}", data={"name": "Sam Lee", "email": "sam@example.edu", "consent": "y"}
    )
    candidate = db.session.scalar(select(Candidate))
    for n in (0, len(candidate.answers) + 1):
        assert client.post(f"/s/q/{n}", data={f"q{n - 1}-answer": "1"}).status_code == 404
    assert client.get(f"/s/q/{len(candidate.answers)}").status_code == 200


# --- parallel posts against a server ----------------------------------------------------------

PARALLEL = 12


@pytest.fixture
def server(app, database_url):
    server = ServerProcess(database_url, threads=PARALLEL)
    with server:
        yield server


def devices(server, token: str, count: int) -> list[Browserless]:
    """`count` browsers holding one candidate's session, each opened by the resume link."""
    browsers = []
    for _ in range(count):
        browser = Browserless(server.url)
        browser.get(f"/c/{token}")
        browser.get("/s/q/1")  # a page with its CSRF token
        assert browser.status == 200, browser.page
        browsers.append(browser)
    return browsers


def posted(candidate: Candidate, position: int, fields) -> dict:
    answer = candidate.answers[position]
    raw = fields(item_of(answer.item_version), candidate.plan[position]["order"])
    return {**{f"q{position}-{k}": v for k, v in raw.items()}, "go": "stay"}


def test_saves_racing_a_submit_are_scored_or_refused(server, make_user, make_event):
    candidate, _, token = written_candidate(make_event(make_user("recruiter")))
    browsers = devices(server, token, PARALLEL + 1)
    positions = range(PARALLEL)
    for p in positions:  # every answer starts wrong
        browsers[0].post(f"/s/q/{p + 1}", posted(candidate, p, wrong_fields))
    calls = [  # each device saves the right answer at its position; one submits
        lambda b=b, p=p: b.post(f"/s/q/{p + 1}", posted(candidate, p, right_fields))
        for b, p in zip(browsers, positions, strict=False)
    ]
    calls.insert(len(calls) // 2, lambda: browsers[-1].post("/s/submit", {}))
    all_at_once(calls)
    db.session.expire_all()
    candidate = db.session.get(Candidate, candidate.id)
    assert candidate.finished
    for answer in candidate.answers:
        item = item_of(answer.item_version)
        if item.type != "essay" and answer.answer is not None:
            # a save that won the lock was scored with the rest; one that lost it changed nothing
            assert answer.points == pytest.approx(
                score(item, from_json(item, answer.answer)).points
            )


def test_written_saves_racing_an_erasure_leave_no_text(server, make_user, make_event):
    candidate, answer, token = written_candidate(make_event(make_user("recruiter")))
    browsers = devices(server, token, PARALLEL + 1)
    path = f"/s/q/{answer.position + 1}"
    texts = [
        {f"q{answer.position}-{k}": v for k, v in text(answer, f"Sam Lee, {i}").items()}
        for i in range(PARALLEL)
    ]
    calls = [lambda b=b, t=t: b.post(path, t) for b, t in zip(browsers, texts, strict=False)]
    calls.insert(len(calls) // 2, lambda: browsers[-1].post("/s/erase", {}))
    all_at_once(calls)
    db.session.expire_all()
    assert db.session.get(Candidate, candidate.id).erased
    assert stored(answer) is None
