"""The form a manager assigns work with."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional


class AssignForm(FlaskForm):
    work = SelectField("Call or quiz", validators=[DataRequired()])
    assignee = SelectField(
        "Assign to",
        validators=[DataRequired()],
        description="A person, or everyone in one of your teams.",
    )
    due_on = DateField("Due on", validators=[DataRequired(message="Choose a due date.")])
    note = StringField("Note for them", validators=[Optional(), Length(max=500)])
