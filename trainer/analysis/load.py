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

from trainer.analysis.matrix import ResponseMatrix, no_collection
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


def _fetch(session: Session, statement) -> list[tuple]:
    """Plain tuples from the driver's cursor: no Row objects for a million answers."""
    connection = session.connection()
    compiled = statement.compile(
        dialect=connection.dialect, compile_kwargs={"render_postcompile": True}
    )
    params = compiled.params
    if compiled.positional:
        params = tuple(params[name] for name in compiled.positiontup)
    cursor = connection.connection.dbapi_connection.cursor()
    try:
        cursor.execute(str(compiled), params)
        return cursor.fetchall()
    finally:
        cursor.close()


def _responses(session: Session, keys: list[str], condition):
    """(attempt ids, item columns, points, answers as JSON text) of every submitted answer.

    Driver tuples and integer version ids rather than ORM rows and key strings: at 1.2 million
    answers the fetch is most of the cost of a first visit.
    """
    column_of = {
        version_id: keys.index(key)
        for version_id, key in session.execute(
            select(ContentVersion.id, ContentVersion.key).where(
                ContentVersion.kind == "item", ContentVersion.key.in_(keys)
            )
        )
    }
    statement = (
        select(
            Response.attempt_id,
            Response.item_version_id,
            Response.points,
            cast(Response.answer, Text),
        )
        .join(Attempt, Attempt.id == Response.attempt_id)
        .where(Attempt.status == "submitted", condition, Response.item_key.in_(keys))
    )
    rows = _fetch(session, statement)
    if not rows:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0), ()
    attempts, versions, points, answers = zip(*rows, strict=True)
    columns = np.fromiter(map(column_of.__getitem__, versions), np.int64, len(rows))
    return np.array(attempts, np.int64), columns, np.array(points, dtype=float), answers


def _matrix(session: Session, versions: list[ContentVersion], condition):
    keys = [v.key for v in versions]
    column = {key: j for j, key in enumerate(keys)}
    with no_collection():
        attempt_ids, col, points, answers = _responses(session, keys, condition)
    takers, row = np.unique(attempt_ids, return_inverse=True)
    scores = np.full((len(takers), len(keys)), np.nan)
    scores[row, col] = points
    # Items nobody answered (a draw's pool is wider than what was drawn) have nothing to show.
    answered = set(np.unique(col).tolist())
    versions = [v for v in versions if column[v.key] in answered]
    codes: dict[str | None, int] = {}
    code = np.fromiter((codes.setdefault(a, len(codes)) for a in answers), np.int64, len(answers))
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
    versions = _form_versions(session, form_key)
    return _cached(session, ("form", form_key), versions, Attempt.form_key == form_key)[0]


def _form_versions(session: Session, form_key: str) -> list[ContentVersion]:
    """The newest version of every item the form names or may draw, in the form's order."""
    form = form_of(current_version(session, "form", form_key))
    keys = form.fixed_items()
    for section in form.sections:
        if section.draw is not None:
            keys += [v.key for v in bank_items(session, section.draw.competency)]
    order = {key: i for i, key in enumerate(dict.fromkeys(keys))}
    versions = [v for v in latest_versions(session, ["item"]) if v.key in order]
    return sorted(versions, key=lambda v: order[v.key])


def bank_analysis(session: Session, competency: str) -> Analysis | None:
    """The analysis of a bank's items (those exercising `competency`) across every form."""
    versions = bank_items(session, competency)
    if not versions:
        return None
    return _cached(session, ("bank", competency), versions, Attempt.id.isnot(None))[0]
