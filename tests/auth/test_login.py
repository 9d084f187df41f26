"""Signing in and out, passwords, and where a sign-in leads."""

from __future__ import annotations

from trainer.auth.models import User
from trainer.db import db
from trainer.extensions import limiter


def test_password_is_stored_hashed(make_user):
    user = make_user("learner")
    assert "correct-horse-battery" not in user.password_hash
    assert user.check_password("correct-horse-battery")


def test_sign_in_leads_to_the_role_dashboard(client, make_user, login):
    login(make_user("manager", name="Marcus Reyes"))
    page = client.get("/").get_data(as_text=True)
    assert "What needs you today" in page and "Marcus Reyes" in page


def test_wrong_password_gets_a_form_message(client, make_user):
    user = make_user()
    response = client.post("/login", data={"email": user.email, "password": "nope-nope-nope"})
    assert response.status_code == 200
    assert "do not match an active account" in response.get_data(as_text=True)


def test_email_is_case_insensitive(client, make_user):
    user = make_user(email="Lena@Example.com")
    response = client.post(
        "/login", data={"email": "LENA@example.COM", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302 and user.email == "lena@example.com"


def test_deactivated_person_cannot_sign_in(client, make_user):
    user = make_user()
    user.active = False
    db.session.commit()
    response = client.post(
        "/login", data={"email": user.email, "password": "correct-horse-battery"}
    )
    assert response.status_code == 200


def test_next_stays_on_this_site(client, make_user):
    user = make_user()
    data = {"email": user.email, "password": "correct-horse-battery"}
    assert client.post("/login?next=/framework/", data=data).headers["Location"] == "/framework/"
    client.post("/logout")
    for hostile in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        location = client.post(f"/login?next={hostile}", data=data).headers["Location"]
        assert location == "/", hostile
        client.post("/logout")


def test_logout_ends_the_session(client, make_user, login):
    login(make_user())
    assert client.post("/logout").status_code == 302
    assert "/login" in client.get("/").headers["Location"]


def test_change_password(client, make_user, login):
    user = login(make_user())
    bad = client.post(
        "/account/password",
        data={"current": "wrong", "new": "a-new-password-1", "confirm": "a-new-password-1"},
    )
    assert "not your current password" in bad.get_data(as_text=True)
    short = client.post(
        "/account/password",
        data={"current": "correct-horse-battery", "new": "short", "confirm": "short"},
    )
    assert "at least 10 characters" in short.get_data(as_text=True)
    good = client.post(
        "/account/password",
        data={
            "current": "correct-horse-battery",
            "new": "a-new-password-1",
            "confirm": "a-new-password-1",
        },
    )
    assert good.status_code == 302
    assert db.session.get(User, user.id).check_password("a-new-password-1")


def test_login_is_rate_limited(app, make_user):
    app.config.update(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute")
    limiter.enabled = True
    limiter.reset()
    try:
        client = app.test_client()
        user = make_user()
        codes = [
            client.post(
                "/login", data={"email": user.email, "password": "wrong-password"}
            ).status_code
            for _ in range(4)
        ]
    finally:
        limiter.enabled = False
    assert codes == [200, 200, 200, 429]


def test_forms_refuse_a_post_without_csrf_token(app, make_user):
    app.config["WTF_CSRF_ENABLED"] = True
    user = make_user()
    response = app.test_client().post(
        "/login", data={"email": user.email, "password": "correct-horse-battery"}
    )
    assert response.status_code == 400


def test_pages_carry_a_strict_content_security_policy(client):
    policy = client.get("/login").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
