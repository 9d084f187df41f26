"""The form a manager assigns work with."""

from __future__ import annotations

from wtforms import DateField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from trainer.submissions.forms import OnceForm


class AssignForm(OnceForm):
    work = SelectField("Call or quiz", validators=[DataRequired()])
    assignee = SelectField(
        "Assign to",
        validators=[DataRequired()],
        description="A person, or everyone in one of your teams.",
    )
    due_on = DateField("Due on", validators=[DataRequired(message="Choose a due date.")])
    note = StringField("Note for them", validators=[Optional(), Length(max=500)])
