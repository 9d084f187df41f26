"""Response matrices from the database, in one query each, cached by the data they were built on.

A form's matrix is every submitted attempt at any version of the form; a bank's is every
submitted attempt that answered one of the bank's items (its competency). Analyses are cached
per process keyed by a cheap fingerprint of the attempts and regrades, so a second visit to a
20,000-taker form costs one small query.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from functools import lru_cache
from typing import Any

import numpy as np
from sqlalchemy import Text, cast, func, select
from sqlalchemy.orm import Session

from trainer.analysis.matrix import ResponseMatrix
from trainer.analysis.meta import item_meta, options_of, picked
from trainer.analysis.report import Analysis, analyse
from trainer.assessments.kinds import form_of, item_of
from trainer.assessments.models import Attempt, Regrade, Response
from trainer.content.models import ContentVersion
from trainer.content.store import current_version, latest_versions

CACHE_SIZE = 32
_cache: OrderedDict[tuple, Analysis] = OrderedDict()


@lru_cache(maxsize=4096)
def _answer(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def bank_items(session: Session, competency: str) -> list[ContentVersion]:
    """The newest version of every item that exercises `competency`, in key order."""
    items = [v for v in latest_versions(session, ["item"]) if competency in v.competencies]
    return sorted(items, key=lambda v: v.key)


def _fingerprint(session: Session, condition) -> tuple:
    attempts = session.execute(
        select(func.count(Attempt.id), func.max(Attempt.id), func.max(Attempt.submitted_at)).where(
            Attempt.status == "submitted", condition
        )
    ).one()
    return (*attempts, session.scalar(select(func.max(Regrade.id))))


def _matrix(session: Session, versions: list[ContentVersion], condition):
    keys = [v.key for v in versions]
    column = {key: j for j, key in enumerate(keys)}
    rows = session.execute(
        select(Response.attempt_id, Response.item_key, Response.points, cast(Response.answer, Text))
        .join(Attempt, Attempt.id == Response.attempt_id)
        .where(Attempt.status == "submitted", condition, Response.item_key.in_(keys))
    ).all()
    attempt_ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
    takers, row = np.unique(attempt_ids, return_inverse=True)
    col = np.fromiter((column[r[1]] for r in rows), dtype=np.int64, count=len(rows))
    points = np.fromiter(
        (np.nan if r[2] is None else r[2] for r in rows), dtype=float, count=len(rows)
    )
    scores = np.full((len(takers), len(keys)), np.nan)
    scores[row, col] = points
    # Items nobody answered (a draw's pool is wider than what was drawn) have nothing to show.
    answered = set(np.unique(col).tolist())
    versions = [v for v in versions if column[v.key] in answered]
    codes: dict[str | None, int] = {}
    code = np.fromiter((codes.setdefault(r[3], len(codes)) for r in rows), np.int64, len(rows))
    texts = list(codes)
    meta = {}
    for version in versions:
        item = item_of(version)
        options = options_of(item)
        mask = col == column[version.key]
        picks = np.zeros((len(takers), len(options) + 1), dtype=bool)
        item_rows, item_codes = row[mask], code[mask]
        for c in np.unique(item_codes) if options else ():
            chosen = picked(item, _answer(texts[c]))
            if chosen is not None:
                who = item_rows[item_codes == c]
                picks[who, -1] = True
                for index in chosen:
                    if 0 <= index < len(options):
                        picks[who, index] = True
        meta[version.key] = item_meta(item, picks)
    kept = [column[v.key] for v in versions]
    matrix = ResponseMatrix(
        tuple(v.key for v in versions), scores[:, kept], tuple(map(str, takers))
    )
    return matrix, meta


def _cached(
    session: Session, name: tuple, versions, condition
) -> tuple[Analysis, ResponseMatrix | None]:
    key = (*name, tuple((v.key, v.id) for v in versions), *_fingerprint(session, condition))
    if key in _cache:
        _cache.move_to_end(key)
        return _cache[key], None
    matrix, meta = _matrix(session, versions, condition)
    analysis = analyse(matrix, meta)
    _cache[key] = analysis
    while len(_cache) > CACHE_SIZE:
        _cache.popitem(last=False)
    return analysis, matrix


def form_analysis(session: Session, form_key: str) -> Analysis | None:
    """The analysis of a form's submitted attempts; None if there is no such form."""
    version = current_version(session, "form", form_key)
    if version is None:
        return None
    form = form_of(version)
    keys = form.fixed_items()
    for section in form.sections:
        if section.draw is not None:
            keys += [v.key for v in bank_items(session, section.draw.competency)]
    wanted = list(dict.fromkeys(keys))
    versions = [v for v in latest_versions(session, ["item"]) if v.key in set(wanted)]
    versions.sort(key=lambda v: wanted.index(v.key))
    return _cached(session, ("form", form_key), versions, Attempt.form_key == form_key)[0]


def bank_analysis(session: Session, competency: str) -> Analysis | None:
    """The analysis of a bank's items (those exercising `competency`) across every form."""
    versions = bank_items(session, competency)
    if not versions:
        return None
    return _cached(session, ("bank", competency), versions, Attempt.id.isnot(None))[0]
