"""Progress reports: a person against their role profile, a team heatmap, and the evidence."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select

from trainer.assessments.models import Attempt
from trainer.auditlog.store import record
from trainer.auth.access import allow
from trainer.auth.models import Team, User
from trainer.auth.scope import person_or_404, visible_people_query
from trainer.charts.heatmap import LEGEND, Cell
from trainer.charts.radar import Series, radar_svg
from trainer.competencies.levels import estimates_for, profiles, readiness_for
from trainer.competencies.models import competency_names
from trainer.competencies.readiness import Readiness
from trainer.content.store import latest_versions
from trainer.db import db, now_utc
from trainer.evidence.models import Evidence
from trainer.evidence.store import current_evidence
from trainer.reports.exports import export, people_query
from trainer.reports.records import details, effective_weight, source_url
from trainer.rubrics.calibration import calibration
from trainer.scenarios.models import ScenarioRun

bp = Blueprint("reports", __name__, url_prefix="/progress")
VIEWERS = ("learner", "manager", "admin")
SOURCE_LABELS = {
    "item": "Quiz answer",
    "scenario": "Call choice",
    "free_response": "Written answer in a call",
    "rubric": "Manager's rating",
    "self": "Self-rating",
}


def practice_for(competencies: list[str]) -> dict[str, list[tuple[str, str, str]]]:
    """Calls and quizzes that exercise each competency: (kind, title, url)."""
    found: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    wanted = set(competencies)
    for version in latest_versions(db.session, ["scenario", "form"]):
        title = version.body["title"]
        if version.kind == "scenario":
            entry = ("Call", title, url_for("scenarios.start", key=version.key))
        else:
            entry = ("Quiz", title, url_for("assessments.start", key=version.key))
        for competency in set(version.competencies) & wanted:
            found[competency].append(entry)
    return {key: sorted(entries)[:3] for key, entries in found.items()}


def radar_for(report: Readiness, names: dict[str, str], person: User) -> Markup:
    if len(report.rows) < 3:
        return Markup("")
    rows = report.rows
    return Markup(
        radar_svg(
            f"{person.name}: attained against required levels",
            [names.get(r.requirement.competency, r.requirement.competency) for r in rows],
            [
                Series("Required", tuple(r.requirement.level for r in rows), "series-required"),
                Series("Attained", tuple(r.attained for r in rows), "series-attained"),
            ],
        )
    )


@bp.get("/")
@allow(*VIEWERS)
def home():
    if current_user.role == "learner":
        return redirect(url_for("reports.person", person_id=current_user.id))
    return redirect(url_for("reports.team"))


@bp.get("/people/<int:person_id>")
@allow(*VIEWERS)
def person(person_id: int):
    """Levels against the role profile, readiness, calibration, what to practise, history."""
    someone = person_or_404(current_user, person_id)
    all_profiles = profiles(db.session)
    profile = all_profiles.get(request.args.get("profile") or someone.profile_key or "")
    now = now_utc()
    estimates = estimates_for(db.session, [someone.id], now).get(someone.id, {})
    names = competency_names()
    report = readiness_for(profile, estimates) if profile else None
    rows = report.rows if report else ()
    to_practise = [r.requirement.competency for r in rows if r.status != "meets"]
    runs = db.session.scalars(
        select(ScenarioRun)
        .where(ScenarioRun.person_id == someone.id, ScenarioRun.status == "finished")
        .order_by(ScenarioRun.finished_at.desc())
    ).all()
    attempts = db.session.scalars(
        select(Attempt)
        .where(Attempt.person_id == someone.id, Attempt.status == "submitted")
        .order_by(Attempt.submitted_at.desc())
    ).all()
    return render_template(
        "reports/person.html",
        person=someone,
        profile=profile,
        profiles=all_profiles,
        report=report,
        estimates=estimates,
        names=names,
        chart=radar_for(report, names, someone) if report else Markup(""),
        practice=practice_for(to_practise),
        calibration=calibration(db.session, someone.id, now),
        runs=runs,
        attempts=attempts,
        months=_monthly(someone.id),
    )


def _monthly(person_id: int) -> list[tuple[date, int, int]]:
    """(month, records, mean score %) of the person's current evidence, newest first."""
    rows = db.session.execute(
        select(Evidence.recorded_at, Evidence.score, Evidence.weight).where(
            Evidence.person_id == person_id, current_evidence()
        )
    )
    months: dict[date, list[float]] = defaultdict(lambda: [0, 0.0, 0.0])
    for recorded_at, score, weight in rows:
        month = months[recorded_at.date().replace(day=1)]
        month[0] += 1
        month[1] += score * weight
        month[2] += weight
    return [
        (key, int(count), round(100 * scored / weight) if weight else 0)
        for key, (count, scored, weight) in sorted(months.items(), reverse=True)
    ]


@bp.get("/people/<int:person_id>/why/<competency>")
@allow(*VIEWERS)
def why(person_id: int, competency: str):
    """Why this level: the rule at each level, met or missed, and the records behind it."""
    someone = person_or_404(current_user, person_id)
    names = competency_names()
    if competency not in names:
        abort(404)
    now = now_utc()
    estimate = estimates_for(db.session, [someone.id], now).get(someone.id, {}).get(competency)
    records = db.session.scalars(
        select(Evidence)
        .where(
            Evidence.person_id == someone.id,
            Evidence.competency_key == competency,
            current_evidence(),
        )
        .order_by(Evidence.recorded_at.desc(), Evidence.id.desc())
    ).all()
    return render_template(
        "reports/why.html",
        person=someone,
        competency=competency,
        name=names[competency],
        estimate=estimate,
        records=records,
        source_labels=SOURCE_LABELS,
        source_url=source_url,
        effective=lambda record: effective_weight(record, now),
        details=details(records),
    )


def _download(body: str, filename: str, fmt: str) -> Response:
    mimetype = "text/csv" if fmt == "csv" else "application/json"
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{filename}.{fmt}"'},
    )


def _export(people, what: str, fmt: str, filename: str, profile_key: str | None):
    if fmt not in ("csv", "json") or what not in ("levels", "evidence"):
        abort(404)
    body = export(db.session, people, what, fmt, now_utc(), profile_key)
    record(db.session, "export", actor=current_user, subject=filename, detail=f"{what}.{fmt}")
    db.session.commit()
    return _download(body, f"{filename}-{what}", fmt)


@bp.get("/people/<int:person_id>/<what>.<fmt>")
@allow(*VIEWERS)
def person_export(person_id: int, what: str, fmt: str):
    someone = person_or_404(current_user, person_id)
    people = people_query().where(User.id == someone.id)
    return _export(people, what, fmt, f"person-{someone.id}", request.args.get("profile"))


def _teams() -> list[Team]:
    query = select(Team).order_by(Team.name)
    if current_user.role != "admin":
        query = query.where(Team.manager_id == current_user.id)
    return list(db.session.scalars(query))


def _team_people(teams: list[Team]):
    chosen = request.args.get("team", type=int)
    ids = [t.id for t in teams if chosen in (None, t.id)]
    return people_query(within=visible_people_query(current_user)).where(User.team_id.in_(ids))


@bp.get("/team")
@allow("manager", "admin")
def team():
    """People x competencies, coloured by gap; every cell links to the evidence behind it."""
    teams = _teams()
    people = db.session.scalars(_team_people(teams)).all()
    all_profiles = profiles(db.session)
    chosen = all_profiles.get(request.args.get("profile", ""))
    estimates = estimates_for(db.session, [p.id for p in people], now_utc())
    names = competency_names()
    reports = {}
    for someone in people:
        profile = chosen or all_profiles.get(someone.profile_key or "")
        if profile:
            reports[someone.id] = readiness_for(profile, estimates.get(someone.id, {}))
    columns = _columns(reports.values())
    cells = [_row(someone, reports.get(someone.id), columns) for someone in people]
    return render_template(
        "reports/team.html",
        teams=teams,
        people=people,
        profiles=all_profiles,
        chosen=chosen,
        reports=reports,
        columns=columns,
        names=names,
        cells=cells,
        legend=LEGEND,
    )


def _columns(reports) -> list[str]:
    columns: list[str] = []
    for report in reports:
        for row in report.rows:
            if row.requirement.competency not in columns:
                columns.append(row.requirement.competency)
    return columns


def _row(someone: User, report: Readiness | None, columns: list[str]) -> list[Cell]:
    rows = {r.requirement.competency: r for r in report.rows} if report else {}
    cells = []
    for key in columns:
        row = rows.get(key)
        href = url_for("reports.why", person_id=someone.id, competency=key)
        if row is None:
            cells.append(Cell("not_required"))
        else:
            cells.append(Cell(row.status, row.attained, row.requirement.level, href))
    return cells


@bp.get("/team/<what>.<fmt>")
@allow("manager", "admin")
def team_export(what: str, fmt: str):
    people = _team_people(_teams())
    return _export(people, what, fmt, "team", request.args.get("profile"))
