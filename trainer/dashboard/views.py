"""The home page: what each role should look at and do next."""

from __future__ import annotations

from datetime import date, timedelta

from flask import Blueprint, render_template
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import aliased, selectinload

from trainer.assessments.models import Attempt
from trainer.assignments.models import Assignment
from trainer.assignments.status import due_for, statuses
from trainer.auth.access import ANY_USER, allow
from trainer.auth.models import Team, User
from trainer.auth.scope import visible_people_query
from trainer.competencies.estimate import estimate_all
from trainer.competencies.levels import profiles, readiness_for, records
from trainer.competencies.models import Competency, RoleProfile, competency_names
from trainer.competencies.scale import LEVEL_NAMES
from trainer.content.models import ContentVersion
from trainer.content.store import latest_versions
from trainer.dashboard.nextsteps import Practice, at_risk, lookback, suggest, top_gaps
from trainer.db import db, now_utc
from trainer.evidence.models import Evidence
from trainer.rubrics.models import RatingSession
from trainer.rubrics.views import pending_reviews
from trainer.scenarios.models import ScenarioRun

bp = Blueprint("dashboard", __name__)
RECENT = 5
RATING_DUE_DAYS = 30  # a learner not observed for this long is due a rated role-play
SHOWN = 5


def _practice() -> list[Practice]:
    """Calls and practice quizzes a learner may start (screenings are for candidates)."""
    found = []
    for version in latest_versions(db.session, ["scenario", "form"]):
        if version.kind == "form" and version.body.get("mode") == "screening":
            continue
        body = version.body
        competencies = tuple(version.competencies)
        found.append(
            Practice(version.kind, version.key, body["title"], competencies, body.get("profile"))
        )
    return found


def _recent_results(person_id: int) -> list[tuple]:
    """(when, kind, record) of the newest finished calls and submitted quizzes."""
    runs = db.session.scalars(
        select(ScenarioRun)
        .where(ScenarioRun.person_id == person_id, ScenarioRun.status == "finished")
        .order_by(ScenarioRun.finished_at.desc())
        .limit(RECENT)
        .options(selectinload(ScenarioRun.content_version))
    ).all()
    attempts = db.session.scalars(
        select(Attempt)
        .where(Attempt.person_id == person_id, Attempt.status == "submitted")
        .order_by(Attempt.submitted_at.desc())
        .limit(RECENT)
        .options(selectinload(Attempt.content_version))
    ).all()
    merged = [(r.finished_at, "call", r) for r in runs] + [
        (a.submitted_at, "quiz", a) for a in attempts
    ]
    return sorted(merged, key=lambda entry: entry[0], reverse=True)[:RECENT]


def _learner() -> dict:
    profile = profiles(db.session).get(current_user.profile_key or "")
    now = now_utc()
    estimates = estimate_all(records(db.session, [current_user.id]).get(current_user.id, []), now)
    report = readiness_for(profile, estimates) if profile else None
    results = _recent_results(current_user.id)
    names = competency_names()
    open_calls = db.session.scalars(
        select(ScenarioRun)
        .where(ScenarioRun.person_id == current_user.id, ScenarioRun.status != "finished")
        .order_by(ScenarioRun.updated_at.desc())
        .limit(2)
        .options(selectinload(ScenarioRun.content_version))
    ).all()
    recent_keys = [r.scenario_key if kind == "call" else r.form_key for _, kind, r in results]
    return {
        "profile": profile,
        "report": report,
        "gaps": top_gaps(report) if report else [],
        "suggestion": suggest(
            report, _practice(), recent_keys, names, LEVEL_NAMES, current_user.profile_key
        ),
        "assigned": [pair for pair in due_for(current_user.id) if pair[1].state != "done"],
        "results": results,
        "open_calls": open_calls,
        "names": names,
    }


def _last_active(ids: list[int]) -> dict[int, object]:
    rows = db.session.execute(
        select(Evidence.person_id, func.max(Evidence.recorded_at))
        .where(Evidence.person_id.in_(ids), Evidence.source_kind != "self")
        .group_by(Evidence.person_id)
    )
    return dict(rows.all())


def _risks(people: list[User]) -> list[tuple[User, object]]:
    """People whose readiness fell over the last weeks, or who have gone quiet."""
    now = now_utc()
    before = lookback(now)
    ledger = records(db.session, [p.id for p in people])
    known = profiles(db.session)
    active = _last_active([p.id for p in people])
    found = []
    for person in people:
        profile = known.get(person.profile_key or "")
        rows = ledger.get(person.id, [])
        index_now = index_before = None
        if profile:
            index_now = readiness_for(profile, estimate_all(rows, now)).index
            earlier = [r for r in rows if r.recorded_at <= before]
            index_before = readiness_for(profile, estimate_all(earlier, before)).index
        risk = at_risk(
            person.id, index_now, index_before, active.get(person.id), person.created_at, now
        )
        if risk:
            found.append((person, risk))
    return found


def _ratings_due(people: list[User]) -> list[tuple[User, object]]:
    """Learners with no observed rating in RATING_DUE_DAYS: (person, last observed or None)."""
    last = dict(
        db.session.execute(
            select(RatingSession.person_id, func.max(RatingSession.created_at))
            .where(
                RatingSession.person_id.in_([p.id for p in people]),
                RatingSession.context == "observed",
            )
            .group_by(RatingSession.person_id)
        ).all()
    )
    cutoff = now_utc() - timedelta(days=RATING_DUE_DAYS)
    due = [(p, last.get(p.id)) for p in people if last.get(p.id) is None or last[p.id] < cutoff]
    return sorted(due, key=lambda pair: (pair[1] is not None, pair[1] or now_utc()))


def _double_ratable(people: list[User]) -> list[RatingSession]:
    """Observed ratings by someone else that this manager has not yet rated blind."""
    mine = aliased(RatingSession)
    return db.session.scalars(
        select(RatingSession)
        .where(
            RatingSession.person_id.in_([p.id for p in people]),
            RatingSession.context == "observed",
            RatingSession.rater_id != current_user.id,
            ~select(mine.id)
            .where(mine.original_id == RatingSession.id, mine.rater_id == current_user.id)
            .exists(),
        )
        .order_by(RatingSession.created_at.desc())
        .limit(3)
        .options(selectinload(RatingSession.person), selectinload(RatingSession.rater))
    ).all()


def _overdue(people: list[User]) -> list[Assignment]:
    assigned = db.session.scalars(
        select(Assignment)
        .where(Assignment.person_id.in_([p.id for p in people]), Assignment.due_on < date.today())
        .order_by(Assignment.due_on)
        .options(selectinload(Assignment.person))
    ).all()
    state = statuses(assigned, date.today())
    return [a for a in assigned if state[a.id].state == "overdue"]


def _manager() -> dict:
    teams = db.session.scalars(
        select(Team).where(Team.manager_id == current_user.id).order_by(Team.name)
    ).all()
    people = db.session.scalars(visible_people_query(current_user).order_by(User.name)).all()
    reviews = db.session.scalars(pending_reviews()).all()
    return {
        "teams": teams,
        "people": people,
        "reviews": reviews,
        "ratings_due": _ratings_due(people),
        "doubles": _double_ratable(people),
        "overdue": _overdue(people),
        "risks": _risks(people),
        "shown": SHOWN,
    }


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _admin() -> dict:
    content = db.session.execute(
        select(ContentVersion.kind, func.count(func.distinct(ContentVersion.key))).group_by(
            ContentVersion.kind
        )
    ).all()
    return {
        "users": _count(User),
        "teams": _count(Team),
        "competencies": _count(Competency),
        "profiles": _count(RoleProfile),
        "content": dict(content),
    }


SECTIONS = {"learner": _learner, "manager": _manager, "admin": _admin, "recruiter": dict}


@bp.get("/")
@allow(ANY_USER)
def home():
    """Show the dashboard for the signed-in person's role."""
    context = SECTIONS[current_user.role]()
    return render_template(f"dashboard/{current_user.role}.html", **context)
