"""Regrading past answers after an item changes: dry run first, applied once, recorded."""

from __future__ import annotations

from sqlalchemy import select

from tests.assessments.answering import right_fields
from tests.assessments.test_taking import begin, fresh, item_at, order_at, post
from trainer.assessments.models import Regrade
from trainer.content.models import ContentVersion
from trainer.content.pack import body_hash
from trainer.db import db
from trainer.evidence.models import Evidence


def new_version_keying_another_option(version: ContentVersion) -> ContentVersion:
    """A corrected item: the key moves to the first distractor."""
    body = dict(version.body)
    options = [dict(o) for o in body["options"]]
    right = next(i for i, o in enumerate(options) if o["correct"])
    wrong = next(i for i, o in enumerate(options) if not o["correct"])
    options[right]["correct"], options[wrong]["correct"] = False, True
    body["options"] = options
    newer = ContentVersion(
        kind="item",
        key=version.key,
        version=version.version + 1,
        content_hash=body_hash(body),  # parsed content is cached by hash, so it must be real
        body=body,
        pack=version.pack,
    )
    db.session.add(newer)
    db.session.commit()
    return newer


def test_a_regrade_shows_a_dry_run_then_rescores_and_supersedes_evidence(client, make_user, login):
    login(make_user())
    attempt = begin(client, "negotiation-practice")
    item, order = item_at(attempt, 0), order_at(attempt, 0)
    post(client, attempt, 0, right_fields(item, order))
    client.post(f"/quizzes/attempts/{attempt.id}/submit")
    before = fresh(attempt).points
    old_version = fresh(attempt).responses[0].item_version
    newer = new_version_keying_another_option(old_version)
    client.post("/logout")
    admin = login(make_user("admin"))

    page = client.get(f"/quizzes/regrade/{item.key}").get_data(as_text=True)
    assert "1 of 1 scores would change" in page
    assert fresh(attempt).points == before  # a dry run changes nothing

    response = client.post(f"/quizzes/regrade/{item.key}", data={"target": newer.id})
    assert response.status_code == 303
    attempt = fresh(attempt)
    assert attempt.points == before - 1 and attempt.responses[0].item_version_id == newer.id
    regrade = db.session.scalars(select(Regrade)).one()
    assert regrade.started_by_id == admin.id and regrade.changes[0]["changed"] is True
    rows = db.session.scalars(
        select(Evidence).where(Evidence.source_id == f"attempt:{attempt.id}/item:{item.key}")
    ).all()
    corrected = [r for r in rows if r.supersedes_id is not None]
    assert corrected and all(r.score == 0 and r.content_version_id == newer.id for r in corrected)
    again = client.get(f"/quizzes/regrade/{item.key}").get_data(as_text=True)
    assert "Nothing to regrade" in again and "1 scores changed" in again


def test_only_admins_regrade_and_a_stale_dry_run_is_refused(client, make_user, login):
    login(make_user("manager"))
    assert client.get("/quizzes/regrade/neg-anything").status_code == 403
    client.post("/logout")
    login(make_user("admin"))
    assert client.get("/quizzes/regrade/no-such-item").status_code == 404
