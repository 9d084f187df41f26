"""The review queue over time: sizes derived from when answers were queued and reviewed."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from trainer.charts.line import line_svg
from trainer.db import db, now_utc
from trainer.evidence.sources import SourceRef
from trainer.rubrics.models import RatingSession
from trainer.rubrics.queue import days_to, queue_sizes
from trainer.rubrics.store import request_review


def at(day: int, hour: int = 12) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=UTC)


def test_an_answer_waits_from_the_day_it_is_queued_until_the_day_it_is_reviewed():
    days = [date(2026, 11, d) for d in (1, 2, 3, 4)]
    answers = [(at(1), at(3)), (at(2), None), (at(3, 23), at(3, 23)), (at(4), None)]
    assert queue_sizes(answers, days) == [1, 2, 1, 2]


def test_an_answer_queued_at_midnight_counts_on_the_day_it_arrived():
    midnight = datetime(2026, 11, 2, tzinfo=UTC)
    assert queue_sizes([(midnight, None)], [date(2026, 11, 1), date(2026, 11, 2)]) == [0, 1]


def test_days_end_on_today_oldest_first():
    assert days_to(date(2026, 12, 3), 3) == [
        date(2026, 12, 1),
        date(2026, 12, 2),
        date(2026, 12, 3),
    ]


def test_the_chart_names_every_point_for_screen_readers_and_escapes_labels():
    svg = line_svg("Queue <by day>", [("1 Nov", 2), ("2 Nov", 0)], "waiting")
    assert 'role="img"' in svg and "Queue &lt;by day&gt;" in svg
    assert "<desc" in svg and "1 Nov: 2 waiting; 2 Nov: 0 waiting" in svg
    assert svg.count("<circle") == 2
    assert line_svg("Empty", [], "waiting").count("<circle") == 0


def test_the_reviews_page_shows_the_queue_by_day_for_the_managers_people_only(
    client, make_user, login
):
    from trainer.auth.models import Team

    manager = make_user("manager")
    team = Team(name="Inside", manager_id=manager.id)
    db.session.add(team)
    db.session.flush()
    mine, other = make_user(team_id=team.id), make_user()
    yesterday = now_utc() - timedelta(days=1)
    for n, person in enumerate([mine, mine, other], 1):
        request_review(
            db.session,
            person_id=person.id,
            source_ref=SourceRef.run_step(n, "ask"),
            title="Call",
            response="An answer",
            competencies=["active-listening"],
            created_at=yesterday,
        )
    db.session.add(
        RatingSession(person_id=mine.id, context="review", source_ref="scenario-run:1/step:ask")
    )
    db.session.commit()
    login(manager)
    page = client.get("/rubrics/reviews").get_data(as_text=True)
    assert 'class="line-chart"' in page
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th><td>(\d+)</td></tr>', page)
    assert len(rows) == 28
    assert rows[-1] == (now_utc().strftime("%d %b"), "1")  # reviewed today: one still waits
    assert rows[-2][1] == "2"  # at the end of yesterday both of mine waited; not the other's


def test_an_answer_reviewed_before_the_chart_begins_never_counts_and_an_old_one_waiting_does(
    client, make_user, login
):
    admin = make_user("admin")
    long_ago = now_utc() - timedelta(days=90)
    for n in (1, 2):
        request_review(
            db.session,
            person_id=make_user().id,
            source_ref=SourceRef.run_step(n, "ask"),
            title="Call",
            response="An answer",
            competencies=["active-listening"],
            created_at=long_ago,
        )
    db.session.add(
        RatingSession(
            person_id=admin.id,
            context="review",
            source_ref="scenario-run:1/step:ask",
            created_at=long_ago + timedelta(days=1),
        )
    )
    db.session.commit()
    login(admin)  # an admin sees everyone's answers
    page = client.get("/rubrics/reviews").get_data(as_text=True)
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th><td>(\d+)</td></tr>', page)
    assert [n for _, n in rows] == ["1"] * 28  # the one never reviewed; not the one done long ago
