"""Forms for admins importing items and setting their status."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired, FileSize
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice

from trainer.assessments.importers import FORMATS
from trainer.competencies.scale import LEVEL_NAMES

MAX_UPLOAD_BYTES = 5_000_000
FORMAT_CHOICES = [SelectChoice(fmt.name, fmt.title) for fmt in FORMATS.values()]
LEVEL_CHOICES = [SelectChoice(level, f"L{level} {name}") for level, name in LEVEL_NAMES.items()]
STATUS_CHOICES = [
    SelectChoice("draft", "Draft"),
    SelectChoice("live", "Live"),
    SelectChoice("retired", "Retired"),
]


class ImportForm(FlaskForm):
    file = FileField(
        "Question file",
        validators=[
            FileRequired("Choose the file to import."),
            FileSize(MAX_UPLOAD_BYTES, message="The file is larger than 5 MB."),
        ],
        description="GIFT text, a Moodle XML export, or a QTI item (.xml) or package (.zip).",
    )
    format = SelectField("Format", choices=FORMAT_CHOICES)
    competency = SelectField("Competency the questions give evidence for")
    level = SelectField("Level the questions assess", coerce=int, choices=LEVEL_CHOICES)


class ConfirmForm(FlaskForm):
    """A CSRF-protected button that imports an upload kept on the server."""


class StatusForm(FlaskForm):
    status = SelectField("Status", choices=STATUS_CHOICES)


class FilterForm(FlaskForm):
    """The bank's filters, read from the query string."""

    class Meta:
        csrf = False  # a GET form that changes nothing

    competency = SelectField("Competency")
    status = SelectField("Status", choices=[SelectChoice("", "Any status"), *STATUS_CHOICES])
