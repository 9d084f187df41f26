"""Sessions and "keep me signed in" end on the server: sign-out, password change, deactivation,
an admin's "sign out everywhere"."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.conftest import PASSWORD
from trainer.auth.models import SignIn
from trainer.db import db

DOMAIN = "trainer.test"  # the test app's SERVER_NAME


class Browser:
    """A test client whose every request runs in an app context of its own, as a server's does
    (the `app` fixture's context would otherwise keep one request's signed-in user in `g`)."""

    def __init__(self, app):
        self.app, self.client = app, app.test_client()

    def get(self, path: str, **kwargs):
        with self.app.app_context():
            return self.client.get(path, **kwargs)

    def post(self, path: str, **kwargs):
        with self.app.app_context():
            return self.client.post(path, **kwargs)

    def get_cookie(self, name: str, **kwargs):
        return self.client.get_cookie(name, **kwargs)

    def set_cookie(self, name: str, value: str, **kwargs):
        self.client.set_cookie(name, value, **kwargs)


def sign_in(app, user, remember: bool = False):
    """A new browser signed in as `user`: (client, session cookie, remember cookie or None)."""
    browser = Browser(app)
    data = {"email": user.email, "password": PASSWORD}
    if remember:
        data["remember"] = "y"
    assert browser.post("/login", data=data).status_code == 302
    session = browser.get_cookie("session", domain=DOMAIN)
    return browser, session, browser.get_cookie("remember_token", domain=DOMAIN)


def replay(app, name: str, cookie) -> int:
    """What a stolen copy of a cookie gets on the dashboard, in a browser of its own."""
    thief = Browser(app)
    thief.set_cookie(name, cookie.value, domain=DOMAIN)
    return thief.get("/").status_code


def test_a_copied_session_cookie_stops_working_at_sign_out(app, make_user):
    user = make_user()
    browser, session, _ = sign_in(app, user)
    assert replay(app, "session", session) == 200
    browser.post("/logout")
    assert replay(app, "session", session) == 302  # to the sign-in page


def test_a_remember_cookie_is_new_per_sign_in_and_ends_at_sign_out(app, make_user):
    user = make_user()
    first, _, remember_first = sign_in(app, user, remember=True)
    _, _, remember_second = sign_in(app, user, remember=True)
    assert remember_first.value != remember_second.value
    assert replay(app, "remember_token", remember_first) == 200
    first.post("/logout")
    assert replay(app, "remember_token", remember_first) == 302
    assert replay(app, "remember_token", remember_second) == 200  # the other device stays in


def test_a_password_change_signs_out_every_other_device(app, make_user):
    user = make_user()
    changer, _, _ = sign_in(app, user)
    _, other_session, other_remember = sign_in(app, user, remember=True)
    response = changer.post(
        "/account/password",
        data={"current": PASSWORD, "new": "a-brand-new-phrase", "confirm": "a-brand-new-phrase"},
    )
    assert response.status_code == 302
    assert changer.get("/").status_code == 200  # the changer stays signed in
    assert replay(app, "session", other_session) == 302
    assert replay(app, "remember_token", other_remember) == 302


def test_deactivation_and_sign_out_everywhere_end_every_session(app, make_user):
    admin = make_user("admin")
    admin_browser, _, _ = sign_in(app, admin)
    for action in ("sign-out", "toggle"):
        user = make_user()
        _, session, remember = sign_in(app, user, remember=True)
        assert admin_browser.post(f"/admin/people/{user.id}/{action}").status_code == 302
        assert replay(app, "session", session) == 302
        assert replay(app, "remember_token", remember) == 302
        count = select(func.count()).select_from(SignIn).where(SignIn.user_id == user.id)
        assert db.session.scalar(count) == 0


def test_a_double_clicked_deactivation_stays_deactivated(app, make_user):
    admin, user = make_user("admin"), make_user()
    browser, _, _ = sign_in(app, admin)
    for _ in range(2):
        browser.post(f"/admin/people/{user.id}/toggle", data={"active": "0"})
    db.session.expire_all()
    assert user.active is False


def test_sessions_from_before_stored_sign_ins_are_signed_out(app, make_user):
    user = make_user()
    browser = app.test_client()
    with browser.session_transaction() as session:
        session["_user_id"] = str(user.id)  # what an old session cookie named: the user's id
        session["_fresh"] = True
    assert browser.get("/").status_code == 302


@pytest.mark.parametrize("secure", [False, True])
def test_the_remember_cookie_is_http_only_and_secure_when_configured(
    database_url, tmp_path, make_user, secure, monkeypatch
):
    from trainer import create_app

    monkeypatch.setenv("TRAINER_SECURE_COOKIES", "1" if secure else "0")
    app = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url, "RATELIMIT_ENABLED": False}
    )
    app.config["WTF_CSRF_ENABLED"] = False
    with app.app_context():
        from trainer.people.store import create_user

        user = create_user(
            db.session, email="keep@example.com", name="K", role="learner", password=PASSWORD
        )
        db.session.commit()
        response = app.test_client().post(
            "/login", data={"email": user.email, "password": PASSWORD, "remember": "y"}
        )
        cookie = next(c for c in response.headers.getlist("Set-Cookie") if "remember_token" in c)
        assert "HttpOnly" in cookie and ("Secure" in cookie) == secure
        db.session.remove()
        db.engine.dispose()


def test_the_csrf_token_changes_at_sign_in(database_url, tmp_path):
    from trainer import create_app
    from trainer.people.store import create_user

    app = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url, "RATELIMIT_ENABLED": False}
    )
    with app.app_context():
        user = create_user(
            db.session, email="csrf@example.com", name="C", role="learner", password=PASSWORD
        )
        db.session.commit()
        browser = app.test_client()
        browser.get("/login")
        with browser.session_transaction() as session:
            before = session["csrf_token"]
        page = browser.get("/login").get_data(as_text=True)
        token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
        signed_in = browser.post(
            "/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token}
        )
        assert signed_in.status_code == 302
        browser.get("/")
        with browser.session_transaction() as session:
            assert session.get("csrf_token") not in (None, before)
        db.session.remove()
        db.engine.dispose()
