"""The analysis pages and `trainer analyze` on demo data, as `trainer init` leaves it."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from flask.cli import ScriptInfo
from sqlalchemy import func, select

from trainer import create_app
from trainer.analysis.load import form_analysis
from trainer.assessments.kinds import item_of
from trainer.cli import main
from trainer.content.audit import ContentChange
from trainer.content.store import current_version
from trainer.db import db


@pytest.fixture
def cohort_app(database_url, tmp_path):
    """`trainer init` with the demo team and its past cohort."""
    from trainer.cli import initialise

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "RATELIMIT_ENABLED": False,
            "WTF_CSRF_ENABLED": False,
        }
    )
    app.instance_path = str(tmp_path / "instance")
    with app.app_context():
        try:
            initialise(demo=True)
            db.session.commit()
            yield app
        finally:
            db.session.remove()
            db.engine.dispose()


def signed_in(app, role: str):
    client = app.test_client()
    client.post("/login", data={"email": f"{role}@demo.trainer", "password": f"demo-{role}-pass"})
    return client


def test_a_fresh_init_gives_every_analysis_page_real_numbers(cohort_app):
    client = signed_in(cohort_app, "manager")
    index = client.get("/analysis/").get_data(as_text=True)
    assert "/analysis/calls/hp-lead-handoff" in index and "/analysis/banks/negotiating" in index
    form = client.get("/analysis/forms/negotiation-practice?sort=difficulty").get_data(as_text=True)
    assert "<svg" in form and 'role="img"' in form and 'aria-sort="ascending"' in form
    assert "Rasch calibration needs" not in form and form.count("/items/") >= 8
    item = next(r for r in form_analysis(db.session, "negotiation-practice").rows if r.options)
    drill = client.get(f"/analysis/forms/negotiation-practice/items/{item.key}")
    assert "Upper 27%" in drill.get_data(as_text=True)
    assert "Change its status" not in drill.get_data(as_text=True)  # admins only
    call = client.get("/analysis/calls/hp-lead-handoff").get_data(as_text=True)
    assert "Paths most often taken" in call and "/decisions/opener" in call
    assert "Strong performers" in client.get(
        "/analysis/calls/hp-lead-handoff/decisions/opener"
    ).get_data(as_text=True)
    exported = client.get("/analysis/banks/negotiating/export.csv")
    assert exported.mimetype == "text/csv" and exported.get_data(as_text=True).startswith("item,")
    script = ScriptInfo(create_app=lambda: cohort_app)
    result = CliRunner().invoke(main, ["analyze", "hp-lead-handoff", "--json"], obj=script)
    assert result.exit_code == 0 and json.loads(result.output)["runs"] >= 40


def test_an_admin_retires_a_flagged_item_and_the_audit_keeps_why(demo_app):
    demo_app.config["WTF_CSRF_ENABLED"] = False
    client = signed_in(demo_app, "admin")
    key = form_analysis(db.session, "negotiation-practice").rows[0].key
    before = current_version(db.session, "item", key)
    url = f"/analysis/forms/negotiation-practice/items/{key}"
    response = client.post(f"{url}/status", data={"status": "retired", "reason": "Miskeyed."})
    assert response.status_code == 303
    after = current_version(db.session, "item", key)
    assert after.version == before.version + 1 and item_of(after).status == "retired"
    change = db.session.scalar(select(ContentChange).where(ContentChange.key == key))
    assert (change.status, change.reason, change.from_version_id) == (
        "retired",
        "Miskeyed.",
        before.id,
    )
    assert "Miskeyed." in client.get(url).get_data(as_text=True)


@pytest.mark.parametrize(
    ("data", "says"),
    [
        ({"status": "retired", "reason": "  "}, "Say why"),
        ({"status": "live", "reason": "again"}, "already live"),
        ({"status": "gone", "reason": "x"}, "Not a valid choice"),
    ],
)
def test_a_refused_status_change_changes_nothing_and_says_why(demo_app, data, says):
    demo_app.config["WTF_CSRF_ENABLED"] = False
    client = signed_in(demo_app, "admin")
    key = form_analysis(db.session, "negotiation-practice").rows[0].key
    url = f"/analysis/forms/negotiation-practice/items/{key}"
    page = client.post(f"{url}/status", data=data, follow_redirects=True).get_data(as_text=True)
    assert says in page
    assert db.session.scalar(select(func.count(ContentChange.id))) == 0
    assert current_version(db.session, "item", key).body.get("status", "live") == "live"


def test_the_analysis_is_cached_until_an_attempt_is_submitted(demo_app):
    from trainer.assessments import store as attempt_store
    from trainer.auth.models import User
    from trainer.db import now_utc

    first = form_analysis(db.session, "negotiation-practice")
    assert form_analysis(db.session, "negotiation-practice") is first
    person = db.session.scalar(select(User).where(User.email == "admin@demo.trainer"))
    version = current_version(db.session, "form", "negotiation-practice")
    attempt = attempt_store.begin(db.session, person, version, now_utc(), seed=1)
    attempt_store.submit(db.session, attempt, now_utc())
    db.session.commit()
    again = form_analysis(db.session, "negotiation-practice")
    assert again is not first  # a new fingerprint: computed afresh, not served stale
