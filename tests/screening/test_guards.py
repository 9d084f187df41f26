"""Sign-up limits, the kiosk's idle clearing, and candidates kept out of new-hire reports."""

from __future__ import annotations

from sqlalchemy import select

from trainer import create_app
from trainer.db import db
from trainer.screening.models import Candidate


def sign_up(client, event, n=0):
    return client.post(
        f"/e/{event.slug}",
        data={"name": f"P {n}", "email": f"p{n}@example.edu", "consent": "y"},
    )


def test_sign_up_is_rate_limited_per_address_but_not_on_the_kiosk(database_url, tmp_path):
    from datetime import date

    from trainer.content.store import current_version
    from trainer.people.store import create_user
    from trainer.screening import store

    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": True,
            "RATELIMIT_STORAGE_URI": "memory://",
            "SIGNUP_RATE_LIMIT": "2 per hour",
        }
    )
    app.instance_path = str(tmp_path / "limited")
    with app.app_context():
        owner = create_user(
            db.session,
            email="r@example.com",
            name="R",
            role="recruiter",
            password="correct-horse-battery",
        )
        event = store.create_event(
            db.session,
            owner,
            current_version(db.session, "form", "inside-sales-screening"),
            name="Fair",
            held_on=date.today(),
            profile_key="hp-inside-account-manager",
            cut_score=50,
            retention_days=30,
        )
        db.session.commit()
        client = app.test_client()
        assert [sign_up(client, event, n).status_code for n in range(3)] == [303, 303, 429]
        kiosk = app.test_client()
        with kiosk.session_transaction() as session:
            session["kiosk"] = event.slug
        assert [sign_up(kiosk, event, n).status_code for n in range(3, 6)] == [303] * 3
        db.session.remove()
        db.engine.dispose()


def test_an_idle_kiosk_forgets_the_candidate(client, make_user, make_event):
    event = make_event(make_user("recruiter"), kiosk_idle_seconds=60)
    with client.session_transaction() as session:
        session["kiosk"] = event.slug
    sign_up(client, event)
    assert client.get("/s/q/1").status_code == 200
    with client.session_transaction() as session:
        session["seen"] -= 61
    response = client.get("/s/q/1")
    assert response.headers["Location"].endswith(f"/e/{event.slug}")
    with client.session_transaction() as session:
        assert "candidate" not in session and session["kiosk"] == event.slug
    assert "P 0" not in client.get(f"/e/{event.slug}").get_data(as_text=True)


def test_a_kiosk_never_shows_a_resume_link(client, make_user, make_event):
    event = make_event(make_user("recruiter"))
    with client.session_transaction() as session:
        session["kiosk"] = event.slug
    sign_up(client, event)
    assert "/c/" not in client.get("/s/about-you").get_data(as_text=True)


def test_candidates_are_not_in_new_hire_reports_or_exports(
    client, make_user, login, make_event, finished_candidate
):
    event = make_event(make_user("recruiter"))
    finished_candidate(event, "Cand Idate", "cand@example.edu")
    assert db.session.scalar(select(Candidate.id)) is not None
    admin = make_user("admin")
    login(admin)
    for url in ("/progress/team", "/admin/people/", "/progress/team/levels.csv"):
        body = client.get(url, follow_redirects=True).get_data(as_text=True)
        assert "Cand Idate" not in body and "cand@example.edu" not in body, url
