"""The rubric form, built from the competencies being rated."""

from __future__ import annotations

from dataclasses import dataclass

from flask_wtf import FlaskForm
from wtforms import RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from trainer.levels import LEVEL_NAMES

NOT_OBSERVED = "0"


@dataclass(frozen=True)
class RubricRow:
    """One competency on the rubric, with its behavioural anchors per level."""

    key: str
    name: str
    anchors: dict[int, list[str]]


def rubric_form(rows: list[RubricRow], allow_skip: bool = True) -> FlaskForm:
    """A form with a level choice and a comment for each competency on the rubric."""

    class RubricForm(FlaskForm):
        overall = TextAreaField("Overall comment", validators=[Optional(), Length(max=4000)])

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
