"""A candidate signs up without an account, answers, resumes, finishes once, and sees no score."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from tests.screening.conftest import fields_for
from trainer.auth.models import User
from trainer.db import db
from trainer.evidence.models import Evidence
from trainer.screening.models import Candidate, SelfIdentification


def sign_up(client, event, name="Sam Lee", email="sam@example.edu"):
    return client.post(
        f"/e/{event.slug}",
        data={"name": name, "email": email, "phone": "", "consent": "y"},
    )


def the_candidate(email="sam@example.edu") -> Candidate:
    db.session.expire_all()
    return db.session.scalar(select(Candidate).where(Candidate.email == email))


def answer_all(client, candidate, right=True):
    for answer in candidate.answers:
        data = fields_for(candidate, answer, right)
        response = client.post(f"/s/q/{answer.position + 1}", data={**data, "go": "next"})
        assert response.status_code == 303


def test_sign_up_needs_consent_and_makes_no_account(client, make_user, make_event):
    event = make_event(make_user("recruiter"))
    users = db.session.scalar(select(func.count(User.id)))
    refused = client.post(f"/e/{event.slug}", data={"name": "Sam", "email": "sam@example.edu"})
    assert refused.status_code == 200 and "Tick the box" in refused.get_data(as_text=True)
    assert the_candidate() is None
    response = sign_up(client, event)
    assert response.headers["Location"].endswith("/s/about-you")
    assert db.session.scalar(select(func.count(User.id))) == users
    page = client.get(f"/e/{event.slug}")
    assert "Privacy notice" in page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store"


def test_answers_are_saved_as_given_and_a_new_device_resumes_them(app, make_user, make_event):
    event = make_event(make_user("recruiter"))
    phone = app.test_client()
    sign_up(phone, event)
    about = phone.get("/s/about-you").get_data(as_text=True)
    link = re.search(r'href="(http://trainer\.test/c/[^"]+)"', about).group(1)
    candidate = the_candidate()
    assert candidate.token_hash not in link  # only the hash is stored, never the token
    first = candidate.answers[0]
    phone.post("/s/q/1", data={**fields_for(candidate, first), "go": "stay"})
    laptop = app.test_client()
    assert laptop.get("/s/q/1").headers["Location"].endswith("/s/ended")
    assert laptop.get(link.replace("http://trainer.test", "")).status_code == 303
    assert laptop.get("/s/").headers["Location"].endswith("/s/q/2")  # first unanswered
    assert the_candidate().answers[0].answer is not None


def test_a_double_submit_counts_once_and_nothing_shows_a_score(client, make_user, make_event):
    event = make_event(make_user("recruiter"))
    sign_up(client, event)
    client.post("/s/about-you", data={"gender": "Woman", "age": "", "go": "save"})
    candidate = the_candidate()
    answer_all(client, candidate)
    assert client.post("/s/submit").headers["Location"].endswith("/s/thanks")
    finished = the_candidate().submitted_at
    assert client.post("/s/submit").status_code == 303
    assert the_candidate().submitted_at == finished
    assert client.post("/s/q/1", data={"go": "next"}).headers["Location"].endswith("/s/thanks")
    for url in ("/s/thanks", "/s/finish", "/s/q/1", "/s/", "/s/about-you", "/s/erase"):
        body = client.get(url, follow_redirects=True).get_data(as_text=True)
        body = re.sub(r"[\w.-]{20,}", "", body)  # a CSRF token or the resume link may hold "L2"
        for secret in ("Right.", "Strongest answer", "of 100", "Level", "L1", "L2", "fit"):
            assert secret not in body, (url, secret)
    # Staff pages ask a candidate to sign in; their answers are not evidence of anyone.
    assert "/login" in client.get(f"/screening/events/{event.id}").headers["Location"]
    assert (
        db.session.scalar(select(func.count(Evidence.id)).where(Evidence.mode == "screening")) == 0
    )


def test_the_thank_you_page_shows_the_fit_only_when_the_event_says_so(
    client, make_user, make_event
):
    event = make_event(make_user("recruiter"), show_result=True)
    sign_up(client, event)
    answer_all(client, the_candidate())
    client.post("/s/submit")
    assert "of 100" in client.get("/s/thanks").get_data(as_text=True)


def test_self_identification_is_optional_and_kept_apart(client, make_user, make_event):
    event = make_event(make_user("recruiter"))
    sign_up(client, event)
    client.post("/s/about-you", data={"gender": "Woman", "go": "skip"})
    assert db.session.scalar(select(func.count(SelfIdentification.id))) == 0
    client.post("/s/about-you", data={"gender": "Woman", "age": "40 or over", "go": "save"})
    stored = db.session.scalars(select(SelfIdentification.answer)).all()
    assert sorted(stored) == ["40 or over", "Woman"]
    refused = client.post("/s/about-you", data={"gender": "Martian", "go": "save"})
    assert refused.status_code == 200  # not one of the choices: the form is shown again


def test_erasing_ends_the_link_and_leaves_an_anonymous_row(client, make_user, make_event, login):
    recruiter = make_user("recruiter")
    event = make_event(recruiter)
    sign_up(client, event)
    client.post("/s/about-you", data={"gender": "Man", "go": "save"})
    link = re.search(r"/c/[\w-]+", client.get("/s/about-you").get_data(as_text=True)).group(0)
    answer_all(client, the_candidate())
    client.post("/s/submit")
    assert "Your data was deleted" in client.post("/s/erase").get_data(as_text=True)
    row = db.session.scalar(select(Candidate))
    assert (row.name, row.email, row.token_hash) == (None, None, None)
    assert row.submitted_at is not None  # the anonymous result stays
    assert db.session.scalar(select(func.count(SelfIdentification.id))) == 0
    assert client.get(link).status_code == 404
    login(recruiter)
    page = client.get(f"/screening/events/{event.id}").get_data(as_text=True)
    assert "Anonymous (data erased)" in page and "Sam Lee" not in page


def test_unguessable_tokens_and_tampered_answers_are_refused(client, make_user, make_event):
    event = make_event(make_user("recruiter"))
    assert client.get("/c/" + "A" * 32).status_code == 404
    assert client.get("/e/nosuchev").status_code == 404
    sign_up(client, event)
    response = client.post("/s/q/1", data={"q0-answer": "99", "q0-rating-0": "99", "go": "stay"})
    assert response.status_code in (303, 400)
    assert the_candidate().answers[0].answer is None


def test_extra_time_given_during_the_screening_moves_the_deadline(
    client, app, make_user, make_event, login
):
    recruiter = make_user("recruiter")
    event = make_event(recruiter)
    sign_up(client, event)
    candidate = the_candidate()
    staff = app.test_client()
    staff.post("/login", data={"email": recruiter.email, "password": "correct-horse-battery"})
    url = f"/screening/events/{event.id}/candidates/{candidate.id}/extra-time"
    assert staff.post(url, data={"minutes": "30"}).status_code == 303
    assert the_candidate().extra_minutes == 30
