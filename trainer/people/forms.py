"""Forms for admins managing people and teams."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional

from trainer.auth.forms import GoodPassword
from trainer.auth.models import Role

ROLE_CHOICES = [SelectChoice(role.value, role.label) for role in Role]


class UserForm(FlaskForm):
    name = StringField("Full name", validators=[DataRequired(), Length(max=120)])
    email = EmailField("Email", validators=[DataRequired(), Email(), Length(max=254)])
    role = SelectField("Role", choices=ROLE_CHOICES)
    team = SelectField("Team", coerce=int, validators=[Optional()])
    profile = SelectField("Measured against role profile", validators=[Optional()])
    password = PasswordField(
        "Initial password",
        validators=[DataRequired(), GoodPassword("email")],
        description="Share it with the person; they can change it after signing in.",
    )


class TeamForm(FlaskForm):
    name = StringField("Team name", validators=[DataRequired(), Length(max=120)])
    manager = SelectField("Manager", coerce=int)


class ToggleForm(FlaskForm):
    """A CSRF-protected button that activates or deactivates a person."""
