"""The framework browser and role profile pages, for everyone signed in."""

from __future__ import annotations

from itertools import groupby

from flask import Blueprint, abort, render_template
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from trainer.auth.access import ANY_USER, allow
from trainer.charts.radar import Series, radar_svg
from trainer.competencies.kinds import profile_of
from trainer.competencies.models import Competency, ProfileRequirement, RoleProfile
from trainer.content.models import ContentVersion
from trainer.db import db

bp = Blueprint("competencies", __name__)


def _by_key(model, key: str):
    return db.session.scalar(select(model).where(model.key == key)) or abort(404)


@bp.get("/framework/")
@allow(ANY_USER)
def framework():
    """List the competencies, grouped by category."""
    rows = db.session.scalars(
        select(Competency).order_by(Competency.category, Competency.position)
    ).all()
    groups = [(category, list(items)) for category, items in groupby(rows, lambda c: c.category)]
    return render_template("competencies/framework.html", groups=groups)


@bp.get("/framework/<key>")
@allow(ANY_USER)
def competency(key: str):
    """One competency: what it means and what each level looks like."""
    row = _by_key(Competency, key)
    levels = [(int(level), indicators) for level, indicators in sorted(row.indicators.items())]
    profiles = db.session.execute(
        select(RoleProfile.key, RoleProfile.title, ProfileRequirement.level)
        .join(ProfileRequirement)
        .where(ProfileRequirement.competency_id == row.id)
        .order_by(RoleProfile.title)
    ).all()
    return render_template(
        "competencies/competency.html", competency=row, levels=levels, profiles=profiles
    )


@bp.get("/profiles/")
@allow(ANY_USER)
def profiles():
    """List the role profiles."""
    rows = db.session.scalars(
        select(RoleProfile)
        .options(selectinload(RoleProfile.requirements))
        .order_by(RoleProfile.title)
    ).all()
    return render_template("competencies/profiles.html", profiles=rows)


def requirement_rows(profile: RoleProfile) -> list[tuple[Competency, int, int]]:
    """(competency, level, weight) per requirement, in framework order."""
    rows = db.session.execute(
        select(Competency, ProfileRequirement.level, ProfileRequirement.weight)
        .join(ProfileRequirement, ProfileRequirement.competency_id == Competency.id)
        .where(ProfileRequirement.profile_id == profile.id)
        .order_by(Competency.category, Competency.position)
    ).all()
    return [tuple(row) for row in rows]


@bp.get("/profiles/<key>")
@allow(ANY_USER)
def profile(key: str):
    """A role profile: the level each competency requires, as a table and a radar."""
    row = _by_key(RoleProfile, key)
    requirements = requirement_rows(row)
    chart = (
        radar_svg(
            f"Required levels for {row.title}",
            [competency.name for competency, _, _ in requirements],
            [
                Series(
                    "Required level",
                    tuple(level for _, level, _ in requirements),
                    "series-required",
                )
            ],
        )
        if len(requirements) >= 3
        else ""
    )
    definition = profile_of(db.session.get(ContentVersion, row.version_id))
    quotes = {r.competency: r.quote for r in definition.requirements}
    return render_template(
        "competencies/profile.html",
        profile=row,
        requirements=requirements,
        quotes=quotes,
        chart=Markup(chart),
    )
