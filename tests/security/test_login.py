"""Signing in: no redirect off-site, no account enumeration by timing, limits per account."""

from __future__ import annotations

import pytest
import werkzeug.security

from tests.conftest import PASSWORD
from trainer import create_app
from trainer.auth import views
from trainer.db import db
from trainer.people.store import create_user


@pytest.mark.parametrize(
    "target",
    [
        "////evil.example",
        "//evil.example",
        "/\\evil.example",
        "/\t/evil.example",
        "/\n/evil.example",
        "https://evil.example/",
        "javascript:alert(1)",
        "evil.example",
    ],
)
def test_next_never_leads_off_site(client, make_user, target):
    user = make_user()
    response = client.post(
        "/login", query_string={"next": target}, data={"email": user.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.headers["Location"] in ("/", "http://trainer.test/")


def test_next_within_the_site_is_followed(client, make_user):
    user = make_user()
    response = client.post(
        "/login",
        query_string={"next": "/quizzes/?page=2"},
        data={"email": user.email, "password": PASSWORD},
    )
    assert response.headers["Location"] == "/quizzes/?page=2"


def test_an_unknown_email_costs_a_password_check_like_a_real_account(
    client, make_user, monkeypatch
):
    user = make_user()
    checks = []
    real_check = werkzeug.security.check_password_hash

    def counting(stored: str, password: str) -> bool:
        checks.append(stored)
        return real_check(stored, password)

    monkeypatch.setattr(views, "check_password_hash", counting, raising=False)
    monkeypatch.setattr("trainer.auth.models.check_password_hash", counting)
    for email in (user.email, "nobody@example.com"):
        client.post("/login", data={"email": email, "password": "wrong-password-here"})
    assert len(checks) == 2  # one hash check each: the unknown address is not faster
    assert checks[0].split("$")[0] == checks[1].split("$")[0]  # with the same method and cost


def test_a_deactivated_account_is_refused_after_the_same_check(client, make_user):
    user = make_user()
    user.active = False
    db.session.commit()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 200 and "do not match an active account" in response.text


def limited_app(database_url, tmp_path, **config):
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": True,
            "RATELIMIT_STORAGE_URI": "memory://",
            **config,
        }
    )
    app.instance_path = str(tmp_path / "instance")
    return app


def test_guesses_at_one_account_from_many_addresses_are_limited(database_url, tmp_path):
    app = limited_app(
        database_url,
        tmp_path,
        LOGIN_RATE_LIMIT="100 per minute",
        LOGIN_ACCOUNT_RATE_LIMIT="3 per hour",
    )
    with app.app_context():
        create_user(
            db.session, email="target@example.com", name="T", role="learner", password=PASSWORD
        )
        db.session.commit()
        client = app.test_client()
        statuses = []
        for n in range(5):
            address = {"REMOTE_ADDR": f"10.0.0.{n + 1}"}  # a new address every guess
            data = {"email": "Target@Example.com ", "password": f"guess-{n}-guess"}
            statuses.append(client.post("/login", data=data, environ_base=address).status_code)
        assert statuses == [200, 200, 200, 429, 429]
        other = {"email": "someone@example.com", "password": "guess-guess-guess"}
        assert client.post("/login", data=other).status_code == 200  # other accounts unaffected
        db.session.remove()
        db.engine.dispose()
