"""The form that retires an item, sends it back to draft or makes it live again."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

STATUS_CHOICES = [
    SelectChoice("retired", "Retire it: no new attempt draws it"),
    SelectChoice("draft", "Send it back to draft for its author"),
    SelectChoice("live", "Make it live again"),
]


class StatusForm(FlaskForm):
    status = SelectField("New status", choices=STATUS_CHOICES)
    reason = TextAreaField(
        "Why",
        validators=[DataRequired("Say why: the reason is kept in the audit."), Length(max=500)],
        description="Kept with the change in the audit of content changes.",
    )
