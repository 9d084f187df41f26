"""Progress pages, the team heatmap (with a query count that does not grow), exports."""

from __future__ import annotations

import csv
import io
import json
from contextlib import contextmanager

from click.testing import CliRunner
from flask.cli import ScriptInfo
from sqlalchemy import event

from tests.competencies.test_scoring_example import build_example, record
from trainer.auth.models import Team
from trainer.cli import main
from trainer.competencies.levels import estimates_for
from trainer.db import db, now_utc


@contextmanager
def counted_queries():
    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def team_of(make_user, size: int, name: str = "Floor"):
    manager = make_user("manager")
    team = Team(name=name, manager_id=manager.id)
    db.session.add(team)
    db.session.flush()
    members = [
        make_user(team_id=team.id, profile_key="hp-inside-account-manager", name=f"Rep {i}")
        for i in range(size)
    ]
    for member in members:
        build_example(member)
    return manager, members


def test_a_learner_sees_their_radar_readiness_and_why(client, make_user, login):
    person = login(make_user(profile_key="hp-inside-account-manager"))
    build_example(person)
    page = client.get(f"/progress/people/{person.id}").get_data(as_text=True)
    assert 'class="radar"' in page and "readiness index" in page
    assert "Not enough evidence" in page  # persuasion: a state of its own, not a gap
    why = client.get(f"/progress/people/{person.id}/why/active-listening").get_data(as_text=True)
    assert "below 50%, from 2 independent sources" in why and "Manager&#39;s rating" in why
    assert "high (0." in why or "medium (0." in why or "low (0." in why
    assert client.get("/progress/").headers["Location"].endswith(f"/people/{person.id}")
    other = make_user()
    assert client.get(f"/progress/people/{other.id}").status_code == 404
    assert client.get(f"/progress/people/{person.id}/why/no-such").status_code == 404


def test_the_team_heatmap_makes_the_same_queries_for_a_bigger_team(client, make_user, login):
    manager, _ = team_of(make_user, 2)
    login(manager)
    db.session.expire_all()
    with counted_queries() as small:
        assert client.get("/progress/team").status_code == 200
    team_id = db.session.query(Team).one().id
    for i in range(6):
        build_example(
            make_user(team_id=team_id, profile_key="hp-inside-account-manager", name=f"New {i}")
        )
    db.session.expire_all()
    with counted_queries() as big:
        page = client.get("/progress/team").get_data(as_text=True)
    assert 'class="heatmap"' in page and "New 5" in page
    assert len(big) == len(small)


def test_a_manager_drills_into_a_member_but_not_a_stranger(client, make_user, login):
    manager, members = team_of(make_user, 1)
    stranger = make_user()
    login(manager)
    assert client.get(f"/progress/people/{members[0].id}").status_code == 200
    assert client.get(f"/progress/people/{stranger.id}").status_code == 404


def test_exports_from_the_page_and_the_command_agree(client, make_user, login, app):
    manager, members = team_of(make_user, 2)
    login(manager)
    page_csv = client.get("/progress/team/levels.csv").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(page_csv)))
    assert {r["name"] for r in rows} == {"Rep 0", "Rep 1"}
    telesales = next(r for r in rows if r["competency"] == "telesales")
    assert (telesales["attained_level"], telesales["status"]) == ("2", "meets")
    evidence = client.get("/progress/team/evidence.json").get_json()
    assert any(not r["current"] for r in evidence)  # the regraded answer is kept, marked

    result = CliRunner().invoke(
        main,
        ["export", "levels", "--format", "json", "--team", "Floor"],
        obj=ScriptInfo(create_app=lambda: app),
    )
    assert result.exit_code == 0, result.output
    exported = json.loads(result.output)
    assert {(r["name"], r["competency"], r["attained_level"]) for r in exported} == {
        (r["name"], r["competency"], int(r["attained_level"]) if r["attained_level"] else None)
        for r in rows
    }


def test_old_evidence_counts_less(make_user):
    person = make_user()
    for _ in range(3):
        record(person, "negotiating", 1, 1, days_ago=400)  # 3 x 0.1 = 0.3: not enough
    record(person, "negotiating", 2, 1, kind="rubric", days_ago=10)
    db.session.commit()
    estimate = estimates_for(db.session, [person.id], now_utc())[person.id]["negotiating"]
    assert estimate.level == 2 and estimate.checks[0].weight < 3.5


def test_the_item_bank_exports_as_gift_that_imports_back(app):
    from trainer.assessments.importers.gift_read import parse_gift

    result = CliRunner().invoke(
        main,
        ["export", "items", "--competency", "negotiating"],
        obj=ScriptInfo(create_app=lambda: app),
    )
    assert result.exit_code == 0, result.output
    items, problems = parse_gift(result.output, "bank.gift", "negotiating", 2)
    assert problems == [] and len(items) >= 50
    refused = CliRunner().invoke(
        main, ["export", "levels", "--format", "gift"], obj=ScriptInfo(create_app=lambda: app)
    )
    assert refused.exit_code == 2
