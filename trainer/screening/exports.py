"""The shortlist as rows an applicant tracking system imports (CSV-injection safe)."""

from __future__ import annotations

from trainer.screening.models import ScreeningEvent
from trainer.spreadsheet import to_csv

ATS_FIELDS = [
    "first_name",
    "last_name",
    "email",
    "phone",
    "source",
    "applied_at",
    "job",
    "stage",
    "notes",
    "rank",
    "fit",
    "fit_band_high",
    "above_cut",
    "duplicate",
    "candidate_id",
]
STAGES = {"new": "New", "advance": "Advance", "hold": "On hold", "decline": "Rejected"}


def ats_row(event: ScreeningEvent, row) -> dict:
    person = row.candidate
    first, _, last = (person.name or "").strip().partition(" ")
    fit = row.place.fit
    return {
        "first_name": first,
        "last_name": last,
        "email": person.email or "",
        "phone": person.phone or "",
        "source": f"Job fair: {event.name} ({event.held_on.isoformat()})",
        "applied_at": person.started_at.isoformat(timespec="seconds"),
        "job": event.profile_key,
        "stage": STAGES[person.status],
        "notes": person.note or "",
        "rank": row.place.rank,
        "fit": "" if fit.score is None else fit.score,
        "fit_band_high": "" if fit.high is None else fit.high,
        "above_cut": "yes" if row.place.passes else "no",
        "duplicate": "yes" if row.duplicate else "no",
        "candidate_id": person.id,
    }


def shortlist_csv(event: ScreeningEvent, rows) -> str:
    """Ranked rows of people who still have personal data; `inert` cells against formulas."""
    return to_csv([ats_row(event, r) for r in rows if not r.candidate.erased], ATS_FIELDS)
