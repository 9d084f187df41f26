"""The migration numbers existing attempts in order and gives existing runs a secret seed."""

from __future__ import annotations

from flask import current_app
from flask_migrate import downgrade, upgrade
from sqlalchemy import select

from trainer.assessments import store
from trainer.assessments.models import Attempt
from trainer.content.store import current_version
from trainer.db import db, now_utc
from trainer.scenarios import store as run_store
from trainer.scenarios.models import ScenarioRun

BEFORE = "analysis0001"  # the revision before attempt.number and scenario_run.seed


def test_the_migration_numbers_attempts_and_seeds_runs(app, make_user):
    people = [make_user(), make_user()]
    form = current_version(db.session, "form", "key-account-readiness")
    call = "hp-inbound-upsell"
    for person in people:
        for _ in range(3):
            store.submit(db.session, store.begin(db.session, person, form, now_utc()), now_utc())
        version = current_version(db.session, "scenario", call)
        run_store.begin(db.session, person.id, version, "practice")
    db.session.commit()
    ids = [person.id for person in people]
    db.session.remove()  # the migration needs the tables unlocked
    directory = current_app.extensions["migrate"].directory
    downgrade(directory=directory, revision=BEFORE)
    upgrade(directory=directory)
    attempts = db.session.scalars(select(Attempt).order_by(Attempt.id)).all()
    numbers = [(a.person_id, a.number) for a in attempts]
    assert numbers == [(i, n) for i in ids for n in (1, 2, 3)]
    seeds = db.session.scalars(select(ScenarioRun.seed)).all()
    assert len(seeds) == 2 and len(set(seeds)) == 2 and 0 not in seeds
