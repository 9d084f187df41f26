"""The screening's forms: an event, sharing, a status, extra time, sign-up, self-identification."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    IntegerField,
    SelectField,
    StringField,
    TelField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional

from trainer.screening.models import STATUSES
from trainer.submissions.forms import OnceForm

# Voluntary self-identification: stored apart, counted only in the fairness report.
QUESTIONS = {
    "gender": ("Gender", ("Woman", "Man", "Non-binary", "Another identity")),
    "age": ("Age", ("Under 40", "40 or over")),
    "ethnicity": (
        "Race or ethnicity",
        (
            "Asian",
            "Black or African American",
            "Hispanic or Latino",
            "White",
            "Two or more",
            "Another",
        ),
    ),
}


class EventForm(FlaskForm):
    name = StringField("Event name", validators=[DataRequired(), Length(max=200)])
    held_on = DateField("Date", validators=[DataRequired(message="Choose the event's date.")])
    place = StringField("Place", validators=[Optional(), Length(max=200)])
    profile_key = SelectField("Role profile screened for", validators=[DataRequired()])
    form_key = SelectField("Screening", validators=[DataRequired()])
    cut_score = IntegerField(
        "Cut score (fit, 0-100)",
        default=50,
        validators=[InputRequired(), NumberRange(0, 100)],
        description="Candidates at or above it stand above the shortlist's cut line.",
    )
    retention_days = IntegerField(
        "Keep candidates' data for (days after the event)",
        default=90,
        validators=[InputRequired(), NumberRange(1, 730)],
    )
    kiosk_idle_seconds = IntegerField(
        "Kiosk: clear after this many idle seconds",
        default=120,
        validators=[InputRequired(), NumberRange(30, 1800)],
    )
    show_result = BooleanField("Show candidates their fit on the thank-you page")


class ShareForm(FlaskForm):
    email = EmailField(
        "Share with (email of a recruiter or hiring manager)",
        validators=[DataRequired(), Email(), Length(max=254)],
    )


class StatusForm(OnceForm):
    status = SelectField("Status", choices=[SelectChoice(s, s.title()) for s in STATUSES])
    note = TextAreaField("Note", validators=[Optional(), Length(max=2000)])


class ExtraTimeForm(OnceForm):
    minutes = IntegerField(
        "Extra minutes", validators=[InputRequired(), NumberRange(0, 240)], default=15
    )


class SignUpForm(FlaskForm):
    name = StringField(
        "Your name", validators=[DataRequired(), Length(max=200)], render_kw={"autocomplete": "off"}
    )
    email = EmailField(
        "Email",
        validators=[DataRequired(), Email(), Length(max=254)],
        render_kw={"autocomplete": "off"},
    )
    phone = TelField(
        "Phone (optional)",
        validators=[Optional(), Length(max=40)],
        render_kw={"autocomplete": "off"},
    )
    consent = BooleanField(
        "I have read the privacy notice and agree to my answers going to the recruiter",
        validators=[DataRequired(message="Tick the box to take part.")],
    )


class SelfIdForm(FlaskForm):
    """Built with a select per question; blank means 'prefer not to say'."""


for _key, (_label, _answers) in QUESTIONS.items():
    setattr(
        SelfIdForm,
        _key,
        SelectField(
            _label,
            choices=[
                SelectChoice("", "Prefer not to say"),
                *(SelectChoice(a, a) for a in _answers),
            ],
            validators=[Optional()],
        ),
    )
