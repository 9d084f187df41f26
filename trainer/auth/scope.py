"""Whose records a person may see: their own, their teams' (managers), everyone's (admins)."""

from __future__ import annotations

from flask import abort
from sqlalchemy import Select, select

from trainer.auth.models import Team, User
from trainer.db import db


def visible_people_query(viewer: User) -> Select:
    """A query of the people whose progress `viewer` may see."""
    query = select(User).where(User.role == "learner")
    if viewer.role == "admin":
        return query
    if viewer.role == "manager":
        managed = select(Team.id).where(Team.manager_id == viewer.id)
        return query.where(User.team_id.in_(managed))
    return query.where(User.id == viewer.id)


def person_or_404(viewer: User, person_id: int) -> User:
    """The person, if `viewer` may see them; otherwise 404, so ids reveal nothing."""
    person = db.session.scalar(visible_people_query(viewer).where(User.id == person_id))
    if person is None:
        abort(404)
    return person


def may_see(viewer: User, person_id: int) -> bool:
    """Whether `viewer` may read this person's records: their own, or someone in scope."""
    if person_id == viewer.id:
        return True
    visible = visible_people_query(viewer).where(User.id == person_id)
    return db.session.scalar(visible) is not None


def own_or_404(model, record_id: int, viewer: User, *options):
    """A record of `model` (with a `person_id`) that belongs to `viewer`; anyone else's is 404.

    `options` (loader options such as `joinedload`) load what the view reads in the same query.
    """
    record = db.session.get(model, record_id, options=options)
    if record is None or record.person_id != viewer.id:
        abort(404)
    return record
