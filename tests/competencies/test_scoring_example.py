"""A history in the database scored by the pages, and the same history exported and audited."""

from __future__ import annotations

import json
from datetime import timedelta
from itertools import count

from click.testing import CliRunner
from flask.cli import ScriptInfo

from trainer.cli import main
from trainer.competencies.levels import estimates_for, profiles, readiness_for
from trainer.db import db, now_utc
from trainer.evidence import store as evidence
from trainer.evidence.sources import SourceRef

NOW = now_utc()
_IDS = count(1)
SOURCES = {
    "item": lambda n, part: SourceRef.attempt_item(n, part),
    "scenario": lambda n, part: SourceRef.run_step(n, part),
    "rubric": lambda n, part: SourceRef.rating(n),
    "self": lambda n, part: SourceRef.rating(n),
}


def record(person, competency, level, score, *, kind="item", weight=1.0, days_ago=1, unit=None):
    """One ledger row; rows given the same `unit` belong to one attempt, call or rating."""
    source = SOURCES[kind](unit or next(_IDS), f"{competency}-{level}-{next(_IDS)}")
    seen = evidence.Observation(competency, level, score, weight)
    mode = "assessment" if kind in ("item", "scenario") else None
    evidence.record(
        db.session, person.id, source, kind, [seen], at=NOW - timedelta(days=days_ago), mode=mode
    )
    return source


def build_example(person) -> None:
    """Ana's telesales (docs/scoring.md) and Cleo's active listening, with a regrade."""
    quiz, call, later = 9000 + next(_IDS), 9000 + next(_IDS), 9000 + next(_IDS)
    for level, score in ((1, 1), (1, 1), (2, 1), (2, 0)):
        record(person, "telesales", level, score, unit=quiz, days_ago=2)
    record(person, "telesales", 2, 1, kind="scenario", weight=2, unit=call, days_ago=12)
    record(person, "telesales", 2, 1, kind="scenario", weight=3, unit=call, days_ago=12)
    record(person, "telesales", 3, 0, kind="scenario", weight=2, unit=call, days_ago=12)
    record(person, "active-listening", 1, 1, kind="rubric", days_ago=17)
    for level, score in ((2, 1), (2, 1)):
        record(person, "active-listening", level, score, unit=later, days_ago=4)
    record(person, "active-listening", 2, 0, unit=quiz, days_ago=2)
    # A wrong answer later regraded to right: only the correction counts.
    wrong = record(person, "active-listening", 2, 0, unit=quiz, days_ago=2)
    db.session.flush()
    evidence.supersede(db.session, wrong, score=1, at=NOW - timedelta(days=1))
    record(person, "persuasion", 4, 1, kind="self")
    db.session.commit()


def test_the_pages_rule_gives_the_example_levels(make_user):
    person = make_user()
    build_example(person)
    estimates = estimates_for(db.session, [person.id], NOW)[person.id]
    assert (estimates["telesales"].level, estimates["telesales"].confidence_label) == (2, "medium")
    listening = estimates["active-listening"]
    # the rating says "not yet" at level 2; the quizzes (one of them regraded) say 3 of 4
    assert listening.level == 1 and listening.checks[1].units == 3
    assert estimates["persuasion"].level is None and estimates["persuasion"].self_level == 4
    report = readiness_for(profiles(db.session)["hp-inside-account-manager"], estimates)
    statuses = {row.requirement.competency: row.status for row in report.rows}
    assert statuses["telesales"] == "meets" and statuses["persuasion"] == "not_assessed"


def test_an_exported_ledger_audits_to_the_levels_the_pages_show(make_user, app, tmp_path):
    person = make_user(profile_key="hp-inside-account-manager")
    build_example(person)
    run = CliRunner()
    info = ScriptInfo(create_app=lambda: app)
    exported = run.invoke(main, ["export", "evidence", "--out", str(tmp_path / "e.csv")], obj=info)
    assert exported.exit_code == 0, exported.output
    audit = run.invoke(
        main,
        [
            "levels",
            "--evidence",
            str(tmp_path / "e.csv"),
            "--json",
            "--profile",
            person.profile_key,
        ],
        obj=info,
    )
    assert audit.exit_code == 0, audit.output
    (mine,) = json.loads(audit.output)
    pages = estimates_for(db.session, [person.id], now_utc())[person.id]
    for row in mine["competencies"]:
        shown = pages.get(row["competency"])
        assert row["level"] == (shown.level if shown else None), row
        if shown and shown.assessed:
            assert abs(row["confidence"] - shown.confidence) <= 0.01
    assert mine["readiness"]["coverage"] > 0


BAD = """person_id,competency,level,score,weight,source_kind,source_id,recorded_at,mode
1,telesales,2,1,1,item,attempt:1/item:a,2026-05-01,assessment
1,telesales,5,1,1,item,attempt:1/item:b,2026-05-01,assessment
1,telesales,2,1.5,1,item,attempt:1/item:c,2026-05-01,assessment
x,telesales,2,1,1,item,attempt:1/item:d,2026-05-01,assessment
1,telesales,2,1,1,gossip,attempt:1/item:e,2026-05-01,assessment
1,telesales,2,1,1,item,attempt:1/item:f,last tuesday,assessment
1,telesales,2,1,1,item,attempt:1/item:g,2026-05-01,exam
"""


def test_bad_rows_are_named_by_line_and_nothing_is_computed(app, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(BAD, encoding="utf-8")
    info = ScriptInfo(create_app=lambda: app)
    result = CliRunner().invoke(main, ["levels", "--evidence", str(path)], obj=info)
    assert result.exit_code == 1
    for line, words in [
        (3, "level '5'"),
        (4, "score 1.5"),
        (5, "person_id 'x'"),
        (6, "source_kind 'gossip'"),
        (7, "recorded_at 'last tuesday'"),
        (8, "mode 'exam'"),
    ]:
        assert f"line {line}: {words}" in result.output
    assert "line 2" not in result.output and "telesales  " not in result.output
    assert "Nothing computed" in result.output


def test_missing_columns_unknown_profile_and_bad_date_are_refused(app, tmp_path):
    info = ScriptInfo(create_app=lambda: app)
    path = tmp_path / "short.csv"
    path.write_text("person_id,competency\n1,telesales\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["levels", "--evidence", str(path)], obj=info)
    assert result.exit_code == 1 and "line 1: missing column(s) level" in result.output
    good = tmp_path / "good.csv"
    good.write_text(BAD.splitlines()[0] + "\n" + BAD.splitlines()[1] + "\n", encoding="utf-8")
    for extra, words in [
        (["--profile", "no-such"], "no role profile 'no-such'"),
        (["--as-of", "soon"], "'soon' is not an ISO date"),
    ]:
        result = CliRunner().invoke(main, ["levels", "--evidence", str(good), *extra], obj=info)
        assert result.exit_code == 2 and words in result.output
