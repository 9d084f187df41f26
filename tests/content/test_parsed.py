"""Parsed content is cached by what a version holds, never by its row id."""

from __future__ import annotations

from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from trainer.assessments.kinds import form_of
from trainer.content.models import ContentVersion
from trainer.content.pack import body_hash


def form_body(title: str) -> dict:
    return {
        "key": "quiz",
        "title": title,
        "mode": "practice",
        "description": "A short quiz.",
        "sections": [{"title": "All", "draw": {"count": 1, "competency": "negotiating"}}],
    }


def stored_form(path, title: str) -> ContentVersion:
    """Version 1 of the form `quiz` as row 1 of its own SQLite database at `path`."""
    engine = create_engine(f"sqlite:///{path}")
    ContentVersion.__table__.create(engine)
    body = form_body(title)
    with Session(engine, expire_on_commit=False) as session:
        version = ContentVersion(
            kind="form", key="quiz", version=1, content_hash=body_hash(body), body=body, pack="t"
        )
        session.add(version)
        session.commit()
    engine.dispose()
    return version


def test_same_row_id_in_two_databases_gives_each_its_own_form(tmp_path):
    first = stored_form(tmp_path / "one.db", "Quiz one")
    second = stored_form(tmp_path / "two.db", "Quiz two")
    assert first.id == second.id
    assert (form_of(first).title, form_of(second).title) == ("Quiz one", "Quiz two")


def test_the_same_content_is_parsed_once(tmp_path):
    first = stored_form(tmp_path / "one.db", "Same quiz")
    second = stored_form(tmp_path / "two.db", "Same quiz")
    assert form_of(first) is form_of(second)
