"""The ledger records observations weighted by mode, supersedes them, and says what is current."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from trainer.content.models import ContentVersion
from trainer.db import db, now_utc
from trainer.evidence.models import Evidence
from trainer.evidence.sources import SourceRef
from trainer.evidence.store import Observation, current_evidence, current_rows, record, supersede

NOW = now_utc()


def all_rows() -> list[Evidence]:
    return list(db.session.scalars(select(Evidence).order_by(Evidence.id)))


def test_record_writes_one_row_per_observation_weighted_by_mode(make_user):
    person, rater = make_user(), make_user("manager")
    seen = [
        Observation("telesales", 2, 1.0, weight=3, detail="Asked about budget"),
        Observation("active-listening", 1, 0.0, detail="x" * 600),
    ]
    source = SourceRef.run_step(5, "discover")
    record(db.session, person.id, source, "scenario", seen, at=NOW, mode="practice")
    record(
        db.session,
        person.id,
        SourceRef.rating(9),
        "rubric",
        seen[:1],
        at=NOW,
        recorded_by_id=rater.id,
    )
    db.session.commit()

    first, second, rating = all_rows()
    assert (first.competency_key, first.level, first.score, first.weight) == (
        "telesales",
        2,
        1,
        1.5,
    )
    assert (first.source_kind, first.source_id) == ("scenario", "scenario-run:5/step:discover")
    assert second.weight == 0.5 and len(second.detail) == 500  # the column's length
    assert (rating.weight, rating.source_id, rating.recorded_by_id) == (3.0, "rating:9", rater.id)
    assert all(row.person_id == person.id for row in (first, second, rating))


def test_record_refuses_a_kind_its_source_cannot_produce(make_user):
    person = make_user()
    with pytest.raises(ValueError, match="a rating cannot record 'item' evidence"):
        record(db.session, person.id, SourceRef.rating(1), "item", [], at=NOW)
    with pytest.raises(ValueError, match="unknown mode"):
        record(db.session, person.id, SourceRef.rating(1), "self", [], at=NOW, mode="rehearsal")
    assert all_rows() == []


def test_supersede_leaves_one_current_row_per_source_and_competency(make_user):
    person = make_user()
    regraded, other = SourceRef.attempt_item(3, "neg-1"), SourceRef.attempt_item(3, "neg-2")
    old, new = db.session.scalars(select(ContentVersion.id).limit(2)).all()
    both = [
        Observation("telesales", 2, 1.0, content_version_id=old),
        Observation("value-selling", 2, 1.0, content_version_id=old),
    ]
    record(db.session, person.id, regraded, "item", both, at=NOW, mode="practice")
    record(db.session, person.id, other, "item", both[:1], at=NOW, mode="assessment")
    db.session.flush()

    later = NOW + timedelta(days=1)
    supersede(db.session, regraded, score=0.0, at=later, content_version_id=new)
    supersede(db.session, regraded, score=0.5, at=later, note="regraded again")
    db.session.commit()

    current = current_rows(db.session, regraded)
    assert sorted(row.competency_key for row in current) == ["telesales", "value-selling"]
    assert all(row.score == 0.5 and row.weight == 0.5 for row in current)  # practice weight kept
    assert all(row.detail.endswith("(regraded again)") for row in current)
    assert all(row.content_version_id == new for row in current)  # kept when not given
    assert len(all_rows()) == 7
    assert [row.score for row in current_rows(db.session, other)] == [1.0]


def test_current_evidence_excludes_superseded_rows(make_user):
    person = make_user()
    source = SourceRef.attempt_item(8, "neg-1")
    (original,) = record(
        db.session, person.id, source, "item", [Observation("telesales", 1, 0.0)], at=NOW
    )
    db.session.flush()
    (correction,) = supersede(db.session, source, score=1.0, at=NOW)
    db.session.commit()

    current = db.session.scalars(select(Evidence.id).where(current_evidence())).all()
    assert current == [correction.id] and correction.supersedes_id == original.id
