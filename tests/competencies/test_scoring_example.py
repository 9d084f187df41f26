"""The worked example of docs/scoring.md, built as evidence records and scored through SQL."""

from __future__ import annotations

from datetime import timedelta
from itertools import count

from trainer.competencies.estimate import Requirement, Tally, estimate, readiness
from trainer.competencies.levels import estimates_for
from trainer.db import db, now_utc
from trainer.evidence import store as evidence
from trainer.evidence.sources import SourceRef

NOW = now_utc()
_IDS = count(1)
# A made-up source of each kind; the ledger refuses a kind its source cannot produce.
SOURCES = {
    "item": lambda n: SourceRef.attempt_item(n, "example"),
    "scenario": lambda n: SourceRef.run_step(n, "example"),
    "rubric": SourceRef.rating,
    "self": SourceRef.rating,
}


def record(person, competency, level, score, *, kind="item", weight=1.0, days_ago=1) -> SourceRef:
    source = SOURCES[kind](next(_IDS))
    seen = evidence.Observation(competency, level, score, weight)
    evidence.record(db.session, person.id, source, kind, [seen], at=NOW - timedelta(days=days_ago))
    return source


def build_example(person) -> None:
    for score in (1, 1, 1, 0):
        record(person, "telesales", 1, score)
    for score in (1, 1):
        record(person, "telesales", 2, score)
    record(person, "telesales", 2, 1, kind="scenario", weight=2)
    record(person, "active-listening", 1, 1, kind="rubric")
    for score in (1, 0, 0):
        record(person, "active-listening", 2, score)
    record(person, "active-listening", 3, 1, kind="self")
    record(person, "value-selling", 2, 1)
    record(person, "value-selling", 2, 1, days_ago=200)
    # A wrong answer later regraded to right: only the correction counts.
    wrong = record(person, "telesales", 2, 0)
    db.session.flush()
    evidence.supersede(db.session, wrong, score=1, at=NOW - timedelta(days=1))
    db.session.commit()


def test_the_worked_example_gives_the_documented_levels_and_readiness(make_user):
    person = make_user()
    build_example(person)
    estimates = estimates_for(db.session, [person.id], NOW)[person.id]

    telesales = estimates["telesales"]
    assert telesales.level == 2 and telesales.confidence_label == "medium"
    # the regrade's correction is in: one more right answer at level 2 than the document's table
    assert [round(c.mean, 2) for c in telesales.checks[:2]] == [0.75, 0.9]

    listening = estimates["active-listening"]
    assert (listening.level, listening.confidence, listening.confidence_label) == (1, 0.43, "low")
    assert [c.met for c in listening.checks] == [True, False, False, False]
    assert "67% is below the 70% mastery threshold" in listening.checks[1].reason
    assert "not enough evidence at this level" in listening.checks[2].reason

    assert estimates["value-selling"].level is None  # 1.25 of 2.0: not enough evidence
    assert "persuasion" not in estimates

    profile = [
        Requirement("telesales", 2, 3),
        Requirement("active-listening", 2, 2),
        Requirement("value-selling", 2, 1),
        Requirement("persuasion", 1, 1),
    ]
    result = readiness(profile, estimates, threshold=70)
    assert [row.status for row in result.rows] == [
        "meets",
        "developing",
        "not_assessed",
        "not_assessed",
    ]
    assert [row.gap for row in result.rows] == [0, 1, None, None]
    assert (result.index, result.coverage, result.ready) == (80, 71, False)


def test_the_documented_telesales_table_without_the_regrade():
    tallies = [
        Tally("telesales", 1, "item", 0, 4, 3, 4),
        Tally("telesales", 2, "item", 0, 2, 2, 2),
        Tally("telesales", 2, "scenario", 0, 2, 2, 1),
    ]
    result = estimate("telesales", tallies)
    assert [(c.weight, c.weight_at_level) for c in result.checks[:2]] == [(4, 4), (9, 5)]
    assert round(result.checks[1].mean, 2) == 0.89
    assert (result.level, result.confidence) == (2, 0.69)


def test_evidence_below_level_one_is_a_gap_not_missing():
    result = estimate("negotiating", [Tally("negotiating", 1, "item", 0, 3, 0, 3)])
    assert result.level == 0 and result.assessed
