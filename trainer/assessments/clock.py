"""An attempt's clock: how long a person has, and whether their time is up."""

from __future__ import annotations

from datetime import datetime, timedelta

from trainer.assessments.models import Attempt
from trainer.assessments.schema import Form
from trainer.auth.models import User

__all__ = ["GRACE", "is_due", "time_limit"]
GRACE = timedelta(seconds=15)  # a save posted as the clock runs out still counts


def time_limit(form: Form, person: User) -> timedelta | None:
    """The person's time for this form: practice is untimed; accommodations stretch the rest."""
    if form.mode == "practice" or form.time_limit_minutes is None:
        return None
    return timedelta(minutes=form.time_limit_minutes * (person.time_factor or 1.0))


def is_due(attempt: Attempt, now: datetime, grace: timedelta = timedelta(0)) -> bool:
    return (
        not attempt.submitted
        and attempt.deadline_at is not None
        and now >= attempt.deadline_at + grace
    )
