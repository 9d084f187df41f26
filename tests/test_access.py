"""Every route x every role (and anonymous) gets the answer its access rule promises."""

from __future__ import annotations

import pytest
from flask import Flask

from trainer.auth.access import ANY_USER, PUBLIC

ROLES = ("learner", "manager", "recruiter", "admin")
# Values that match no record, per URL converter: an allowed role then gets a 404, not a 403.
PLACEHOLDERS = {
    "BoundedInt": 999999,
    "IntegerConverter": 999999,
    "UUIDConverter": "00000000-0000-0000-0000-000000000000",
}


def undeclared_routes(app: Flask) -> list[str]:
    """Endpoints whose view declares no access rule (they are refused for everyone)."""
    return sorted(
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static"
        and getattr(app.view_functions[rule.endpoint], "allowed_roles", None) is None
    )


def concrete_urls(app: Flask) -> list[tuple[str, str, frozenset[str]]]:
    """(method, url, allowed roles) for every route, with placeholder ids that match nothing."""
    adapter = app.url_map.bind("trainer.test")
    urls = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        values = {
            name: PLACEHOLDERS.get(type(converter).__name__, "no-such-key")
            for name, converter in rule._converters.items()
        }
        allowed = app.view_functions[rule.endpoint].allowed_roles
        for method in sorted(rule.methods & {"GET", "POST"}):
            urls.append((method, adapter.build(rule.endpoint, values, method=method), allowed))
    return urls


def expected(allowed: frozenset[str], identity: str | None) -> str:
    if PUBLIC in allowed:
        return "served"
    if identity is None:
        return "login"
    if ANY_USER in allowed or identity in allowed:
        return "served"
    return "forbidden"


def answer(response) -> str:
    if response.status_code == 403:
        return "forbidden"
    if response.status_code == 302 and "/login" in response.headers["Location"]:
        return "login"
    if response.status_code >= 500:
        return f"error {response.status_code}"
    return "served"  # 200, 302 elsewhere, 400 for a form without data, 404 for a missing id


def test_every_route_declares_who_may_use_it(app):
    assert undeclared_routes(app) == []


def test_a_route_without_a_rule_is_caught_and_refused(app):
    @app.get("/forgotten")
    def forgotten():
        return "secret"

    assert undeclared_routes(app) == ["forgotten"]
    assert app.test_client().get("/forgotten").status_code == 403


@pytest.mark.parametrize("identity", [None, *ROLES])
def test_every_route_answers_each_role_as_its_rule_says(app, make_user, identity):
    client = app.test_client()
    if identity:
        user = make_user(identity)
        client.post("/login", data={"email": user.email, "password": "correct-horse-battery"})
    wrong = []
    for method, url, allowed in concrete_urls(app):
        if url == "/logout":
            continue  # signing out mid-walk would make the rest anonymous; tested on its own
        response = client.open(url, method=method)
        if answer(response) != expected(allowed, identity):
            wrong.append(
                f"{method} {url}: {answer(response)} ({response.status_code}), "
                f"expected {expected(allowed, identity)}"
            )
    assert wrong == []
