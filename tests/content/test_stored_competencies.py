"""Each content version stores the competencies it exercises, at load and by the migration."""

from __future__ import annotations

from flask import current_app
from flask_migrate import downgrade, upgrade
from sqlalchemy import select

from trainer.assessments.importers.store import import_items, read_import
from trainer.assessments.kinds import form_exercises, form_of, item_exercises, item_of
from trainer.content.models import ContentVersion
from trainer.content.store import current_version, latest_versions
from trainer.db import db
from trainer.kinds import load_pack, read_pack
from trainer.scenarios.explore import exercised_competencies
from trainer.scenarios.kinds import scenario_of

BEFORE = "cd1d2c15786a"  # the revision before content_version.competencies
EXERCISES = {
    "scenario": lambda v: exercised_competencies(scenario_of(v)),
    "item": lambda v: item_exercises(item_of(v)),
    "form": lambda v: form_exercises(form_of(v)),
}


def mismatches() -> list[str]:
    """Labels of the versions whose stored list differs from what their kind computes."""
    versions = latest_versions(db.session, list(EXERCISES))
    assert len(versions) > 100
    return [v.label for v in versions if v.competencies != EXERCISES[v.kind](v)]


def test_a_bundled_call_stores_the_competencies_it_exercises(app):
    version = current_version(db.session, "scenario", "upset-customer-escalation")
    assert version.competencies
    assert version.competencies == exercised_competencies(scenario_of(version))


def test_items_forms_and_calls_store_what_their_kind_computes(app):
    assert mismatches() == []
    competency = current_version(db.session, "competency", "negotiating")
    assert competency.competencies == []


def test_loading_again_refreshes_a_stale_list_without_a_new_version(app):
    version = current_version(db.session, "scenario", "upset-customer-escalation")
    wanted, version.competencies = version.competencies, []
    db.session.commit()
    report = load_pack(db.session, read_pack())
    db.session.commit()
    assert not report.touched
    assert current_version(db.session, "scenario", "upset-customer-escalation").competencies == (
        wanted
    )


def test_the_migration_fills_the_competencies_of_existing_versions(app):
    db.session.remove()  # the migration needs the tables unlocked
    directory = current_app.extensions["migrate"].directory
    downgrade(directory=directory, revision=BEFORE)
    upgrade(directory=directory)
    assert db.session.scalar(select(ContentVersion).where(ContentVersion.kind == "item"))
    assert mismatches() == []


def test_an_imported_item_stores_the_competencies_it_names(app):
    gift = b"::neg-import-01:: Which concession comes first? {=The smallest ~The largest ~None}"
    preview = read_import(db.session, "gift", gift, "bank.gift", "negotiating", 2, {"negotiating"})
    import_items(db.session, preview)
    db.session.commit()
    version = current_version(db.session, "item", preview.items[0].key)
    assert version.competencies == ["negotiating"] == item_exercises(item_of(version))
