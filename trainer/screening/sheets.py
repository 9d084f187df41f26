"""A candidate's answer sheet: the row, item version and choice order at each position.

Drawn at sign-up (`store.sign_up`) and never changed after, so each process keeps a candidate's
sheet from their first save on, and most autosaves write with one statement and no read
(`answers.save_on_sheet`). Only this fixed part is kept: whether the candidate may still save
(link, expiry, submit, erasure, time and extra time) is checked by the write itself, every time.
Keyed by the candidate's id *and* token hash, because SQLite can give a purged candidate's id to
a new sign-up, whose token differs.
"""

from __future__ import annotations

import sys
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from trainer.content.models import ContentVersion
from trainer.screening.models import Candidate, CandidateAnswer

# About 7 KB a sheet of 39 questions: a bound on memory, far above a day's job fair per process.
MAX_SHEETS = 2_000


class Slot(NamedTuple):
    answer_id: int
    item_version_id: int
    content_hash: str
    order: tuple[int, ...]  # the choices' order as drawn for this candidate


class Sheet(NamedTuple):
    started_at: datetime
    slots: tuple[Slot, ...]  # by position


_sheets: dict[tuple[int, str], Sheet] = {}


def sheet_of(session: Session, candidate_id: int, token_hash: str) -> Sheet | None:
    """The candidate's sheet, read once per process; None if no candidate has this link."""
    key = (candidate_id, token_hash)
    sheet = _sheets.get(key)
    if sheet is None:
        sheet = _read(session, candidate_id, token_hash)
        if sheet is not None:
            if len(_sheets) >= MAX_SHEETS:
                _sheets.clear()  # a bound, not an LRU: refilling costs one read per candidate
            _sheets[key] = sheet
    return sheet


def forget_all() -> None:
    _sheets.clear()


def _read(session: Session, candidate_id: int, token_hash: str) -> Sheet | None:
    candidate = session.execute(
        select(Candidate.started_at, Candidate.plan).where(
            Candidate.id == candidate_id, Candidate.token_hash == token_hash
        )
    ).first()
    if candidate is None:
        return None
    rows = session.execute(
        select(
            CandidateAnswer.position,
            CandidateAnswer.id,
            CandidateAnswer.item_version_id,
            ContentVersion.content_hash,
        )
        .join(ContentVersion, ContentVersion.id == CandidateAnswer.item_version_id)
        .where(CandidateAnswer.candidate_id == candidate_id)
        .order_by(CandidateAnswer.position)
    ).all()
    if [row.position for row in rows] != list(range(len(candidate.plan))):
        return None  # not a sheet as sign-up draws it: the full path decides
    slots = tuple(
        Slot(answer_id, version_id, sys.intern(content_hash), tuple(candidate.plan[p]["order"]))
        for p, answer_id, version_id, content_hash in rows
    )
    return Sheet(candidate.started_at, slots)
