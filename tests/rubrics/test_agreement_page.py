"""The agreement page compares blind double ratings and names a lenient rater."""

from __future__ import annotations

from trainer.auth.models import Team
from trainer.db import db
from trainer.rubrics.models import RatingSession
from trainer.rubrics.store import record_rating


def rate(person, rater, levels, original=None):
    context = "double" if original else "observed"
    session = RatingSession(
        person_id=person.id,
        rater_id=rater.id,
        context=context,
        original_id=original.id if original else None,
    )
    return record_rating(db.session, session, [(k, level, "") for k, level in levels.items()])


def test_two_raters_get_a_kappa_and_the_lenient_one_shows(client, make_user, login):
    first, second = make_user("manager", name="Mo"), make_user("manager", name="Ana")
    team = Team(name="Floor", manager_id=first.id)
    db.session.add(team)
    db.session.flush()
    people = [make_user(team_id=team.id) for _ in range(3)]
    keys = ["telesales", "active-listening", "negotiating"]
    for i, person in enumerate(people):
        original = rate(person, first, {k: 1 + (i + j) % 3 for j, k in enumerate(keys)})
        rate(person, second, {k: min(4, 2 + (i + j) % 3) for j, k in enumerate(keys)}, original)
    db.session.commit()
    login(first)
    page = client.get("/rubrics/agreement").get_data(as_text=True)
    assert "weighted kappa" in page and "9</span> competency ratings compared" in page
    assert "Lenient" in page and "Harsh" in page


def test_without_double_ratings_the_page_says_how_to_get_them(client, make_user, login):
    login(make_user("admin"))
    assert "No double ratings yet" in client.get("/rubrics/agreement").get_data(as_text=True)
