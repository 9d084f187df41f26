"""Random and malformed posts to every POST route as every role (hypothesis): never a 500, and a
refused post leaves every table as it was. On SQLite, and on PostgreSQL with
TRAINER_TEST_DATABASE_URL. Bounded: one shared demo database, a modest number of examples."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from trainer.db import db
from trainer.demo import ACCOUNTS

IDENTITIES = [None, *(role for role, *_ in ACCOUNTS)]
# Field names the trainer's forms read, and some it never does.
NAMES = [
    "email",
    "password",
    "name",
    "role",
    "team",
    "team_id",
    "profile",
    "profile_key",
    "mode",
    "positions",
    "go",
    "q0-answer",
    "q1-answer",
    "q0-certainty",
    "q0-flag",
    "q0-rank-0",
    "q0-match-0",
    "q0-rating-0",
    "step",
    "turn",
    "choice",
    "text",
    "comment",
    "score",
    "level",
    "competency",
    "person",
    "person_id",
    "due",
    "due_on",
    "key",
    "factor",
    "minutes",
    "once",
    "remember",
    "next",
    "new_password",
    "current_password",
    "format",
    "confirm",
    "reason",
    "file",
    "status",
    "active",
    "rating",
    "csrf_token",
    "\u00a0",
    "q99999999999-answer",
]
HOSTILE = st.sampled_from(
    [
        "",
        " ",
        "0",
        "-1",
        "1",
        "2",
        "3",
        "999999",
        "2147483648",
        "1e309",
        "nan",
        "inf",
        "-0",
        "\u00b2",
        "\u0661\u0662",
        "9" * 400,
        "a" * 5000,
        "\x00",
        "x\x00y",
        "<script>",
        "=1+1",
        "../../etc/passwd",
        "null",
        "[]",
        "{}",
        "true",
        "next",
        "review",
        "check",
        "practice",
        "screening",
        "admin",
        "learner",
        "0,1,2",
        "1,1",
        ",",
        "\ud7ff",
        "\u202e",
        "\r\n",
    ]
)
VALUES = st.one_of(HOSTILE, st.text(max_size=60), st.integers().map(str))
FIELDS = st.dictionaries(
    st.sampled_from(NAMES), st.lists(VALUES, min_size=1, max_size=3), max_size=6
)
URL_IDS = st.sampled_from([1, 2, 3, 7, 40, 999999])
URL_KEYS = st.sampled_from(
    [
        "negotiation-assessment",
        "inside-sales-screening",
        "no-such-key",
        "hp-inside-account-manager",
        "x" * 200,
    ]
)


def post_routes(app) -> list:
    return sorted(
        (
            rule
            for rule in app.url_map.iter_rules()
            if "POST" in rule.methods and rule.endpoint != "static"
        ),
        key=lambda rule: rule.rule,
    )


_clients: dict = {}


def signed_in(app, identity: str | None):
    """A test client signed in as the demo account of `identity`, signed in once per app."""
    if _clients.get("app") is not app:  # a new test's app: no client of the last one is reused
        _clients.clear()
        _clients["app"] = app
    key = identity or "anonymous"
    if key not in _clients:
        client = app.test_client()
        if identity is not None:
            email, password = next((a[1], a[3]) for a in ACCOUNTS if a[0] == identity)
            response = client.post("/login", data={"email": email, "password": password})
            assert response.status_code == 302
        _clients[key] = client
    return _clients[key]


def table_counts() -> tuple[int, ...]:
    tables = [t.name for t in db.metadata.sorted_tables]
    query = ", ".join(f'(SELECT count(*) FROM "{name}")' for name in tables)
    counts = db.session.execute(text(f"SELECT {query}")).one()
    db.session.rollback()
    return tuple(counts)


@settings(
    max_examples=80,
    deadline=None,
    derandomize=True,  # the same examples every run: a failure is reproducible in CI
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_malformed_posts_never_fail_and_a_refusal_writes_nothing(demo_app, data):
    demo_app.config.update(WTF_CSRF_ENABLED=False, TESTING=True)
    routes = post_routes(demo_app)
    identity = data.draw(st.sampled_from(IDENTITIES), label="identity")
    rule = data.draw(st.sampled_from(routes), label="route")
    values = {}
    for name, converter in rule._converters.items():
        kind = type(converter).__name__
        values[name] = data.draw(URL_IDS if "Int" in kind else URL_KEYS, label=name)
    fields = data.draw(FIELDS, label="fields")
    as_json = data.draw(st.booleans(), label="as_json")

    client = signed_in(demo_app, identity)
    url = demo_app.url_map.bind("trainer.test").build(rule.endpoint, values, method="POST")
    before = table_counts()
    if as_json:
        response = client.post(
            url,
            data=json.dumps(fields),
            content_type="application/json",
            headers={"X-Requested-With": "fetch"},
        )
    else:
        response = client.post(url, data=fields)

    if any(word in rule.endpoint for word in ("logout", "sign_out", "password", "active")):
        _clients.pop(identity or "anonymous", None)  # it may have ended its own sign-in
    assert response.status_code < 500, (rule.rule, identity, fields, response.get_data()[:500])
    if response.status_code >= 400:
        assert table_counts() == before, (rule.rule, identity, fields)
