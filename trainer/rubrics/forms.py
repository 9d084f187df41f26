"""The rubric form: built from the competencies being rated, saved as a rating session."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from wtforms import RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from trainer.auditlog.store import record
from trainer.auth.models import User
from trainer.competencies.models import Competency, ProfileRequirement, RoleProfile
from trainer.competencies.scale import LEVEL_NAMES
from trainer.db import db
from trainer.rubrics.models import RatingSession
from trainer.rubrics.store import record_rating
from trainer.submissions.forms import OnceForm
from trainer.submissions.store import claim

NOT_OBSERVED = "0"

# A rating of someone else is audited; a learner's self-rating is their own business.
AUDITED_CONTEXTS = {"observed": "rating", "review": "review", "double": "double-rating"}


@dataclass(frozen=True)
class RubricRow:
    """One competency on the rubric, with its behavioural anchors per level."""

    key: str
    name: str
    anchors: dict[int, list[str]]


def rubric_form(rows: list[RubricRow], allow_skip: bool = True, extra=None) -> OnceForm:
    """A form with a level choice and a comment for each competency on the rubric, and the
    `extra` fields (name -> unbound field) a feature reviews beside it."""

    class RubricForm(OnceForm):
        overall = TextAreaField("Overall comment", validators=[Optional(), Length(max=4000)])

    for name, field in (extra or {}).items():
        setattr(RubricForm, name, field)

    for row in rows:
        choices = [
            SelectChoice(str(level), f"L{level} {name}") for level, name in LEVEL_NAMES.items()
        ]
        if allow_skip:
            choices.insert(0, SelectChoice(NOT_OBSERVED, "Not observed"))
        setattr(
            RubricForm,
            f"level_{row.key}",
            RadioField(row.name, choices=choices, default=NOT_OBSERVED if allow_skip else None),
        )
        setattr(
            RubricForm,
            f"comment_{row.key}",
            TextAreaField(f"Comment on {row.name}", validators=[Optional(), Length(max=2000)]),
        )
    return RubricForm()


def rated_levels(form, rows: list[RubricRow]) -> list[tuple[str, int, str]]:
    """(competency key, level, comment) for each competency given a level."""
    rated = []
    for row in rows:
        value = form[f"level_{row.key}"].data
        if value and value != NOT_OBSERVED:
            rated.append((row.key, int(value), form[f"comment_{row.key}"].data or ""))
    return rated


def rubric_rows(profile_key: str | None) -> list[RubricRow]:
    """The rubric for a role profile's competencies, or the whole framework without one."""
    query = select(Competency).order_by(Competency.category, Competency.position)
    if profile_key:
        query = (
            query.join(ProfileRequirement, ProfileRequirement.competency_id == Competency.id)
            .join(RoleProfile)
            .where(RoleProfile.key == profile_key)
        )
    return [
        RubricRow(c.key, c.name, {int(k): v for k, v in c.indicators.items()})
        for c in db.session.scalars(query)
    ]


def save_rating(
    person: User, rater: User, context: str, rows: list[RubricRow], form, **fields
) -> RatingSession | None:
    """Add the rating the form gives (the caller commits), or None and an error on the form."""
    levels = rated_levels(form, rows)
    if not levels:
        form.overall.errors.append("Give a level for at least one competency.")
        return None
    claim(db.session, rater.id, form.once.data)  # a second send of this form stops here
    rating = RatingSession(
        person_id=person.id,
        rater_id=rater.id,
        context=context,
        comment=form.overall.data or "",
        **fields,
    )
    record_rating(db.session, rating, levels)
    if context in AUDITED_CONTEXTS:
        db.session.flush()
        record(
            db.session,
            AUDITED_CONTEXTS[context],
            actor=rater,
            subject=f"rating:{rating.id}",
            detail=f"{person.name}: {len(levels)} competencies",
        )
    return rating
