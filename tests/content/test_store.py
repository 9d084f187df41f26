"""Loading packs into the database: idempotent, versioned, all or nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask.cli import ScriptInfo
from sqlalchemy import func, select

from trainer.cli import main
from trainer.competencies.models import Competency, ProfileRequirement, RoleProfile
from trainer.content.models import ContentVersion
from trainer.db import db
from trainer.kinds import load_pack, read_pack

MINI = Path(__file__).parent / "data" / "mini"


@pytest.fixture
def pack_dir(tmp_path) -> Path:
    target = tmp_path / "pack"
    shutil.copytree(MINI, target)
    return target


def version_count() -> int:
    return db.session.scalar(select(func.count()).select_from(ContentVersion))


def run(app, *args: str):
    return CliRunner().invoke(main, list(args), obj=ScriptInfo(create_app=lambda: app))


def test_loading_the_same_pack_twice_changes_nothing(app, pack_dir):
    load_pack(db.session, read_pack(pack_dir))
    db.session.commit()
    before = version_count()
    report = load_pack(db.session, read_pack(pack_dir))
    db.session.commit()
    assert not report.touched
    assert version_count() == before


def test_a_changed_record_gets_a_new_version_and_keeps_the_old(app, pack_dir):
    load_pack(db.session, read_pack(pack_dir))
    db.session.commit()
    path = pack_dir / "competencies" / "negotiating.yaml"
    path.write_text(path.read_text().replace("Teaches negotiating", "Coaches negotiating"))
    report = load_pack(db.session, read_pack(pack_dir))
    db.session.commit()
    assert report.changed["competency"] == 1 and report.unchanged["competency"] == 2
    versions = db.session.scalars(
        select(ContentVersion)
        .where(ContentVersion.kind == "competency", ContentVersion.key == "negotiating")
        .order_by(ContentVersion.version)
    ).all()
    assert [v.version for v in versions][-2:] == [versions[-2].version, versions[-2].version + 1]
    assert "Teaches negotiating to other reps." in versions[-2].body["levels"]["4"]
    current = db.session.scalar(select(Competency).where(Competency.key == "negotiating"))
    assert current.version_id == versions[-1].id
    assert current.indicators["4"] == ["Coaches negotiating to other reps."]


def test_profile_requirements_follow_the_pack(app, pack_dir):
    load_pack(db.session, read_pack(pack_dir))
    db.session.commit()
    path = pack_dir / "profiles" / "inside-rep.yaml"
    text = path.read_text().replace("  - {competency: active-listening, level: 3, weight: 1}\n", "")
    path.write_text(text.replace("negotiating, level: 2", "negotiating, level: 3"))
    load_pack(db.session, read_pack(pack_dir))
    db.session.commit()
    profile = db.session.scalar(select(RoleProfile).where(RoleProfile.key == "inside-rep"))
    levels = dict(
        db.session.execute(
            select(Competency.key, ProfileRequirement.level)
            .join(ProfileRequirement)
            .where(ProfileRequirement.profile_id == profile.id)
        ).all()
    )
    assert levels == {"negotiating": 3, "value-selling": 2}


def test_validate_lists_every_problem_and_exits_1(app, pack_dir):
    (pack_dir / "competencies" / "negotiating.yaml").write_text("key: negotiating\nname: [\n")
    profile = pack_dir / "profiles" / "inside-rep.yaml"
    profile.write_text(profile.read_text().replace("value-selling, level", "valu, level"))
    result = run(app, "content", "validate", str(pack_dir))
    assert result.exit_code == 1
    assert "competencies/negotiating.yaml:3: not valid YAML" in result.output
    assert "profiles/inside-rep.yaml:8: requirements.1.competency: unknown competency 'valu'" in (
        result.output
    )
    assert "2 problem(s); nothing was imported." in result.output


def test_load_of_a_broken_pack_imports_nothing(app, pack_dir):
    before = version_count()
    path = pack_dir / "competencies" / "value-selling.yaml"
    path.write_text(path.read_text().replace("  4:\n", "  5:\n"))
    (pack_dir / "competencies" / "zz-new.yaml").write_text(
        (pack_dir / "competencies" / "negotiating.yaml")
        .read_text()
        .replace("key: negotiating", "key: zz-new")
    )
    result = run(app, "content", "load", str(pack_dir))
    assert result.exit_code == 1
    assert version_count() == before
    assert db.session.scalar(select(Competency).where(Competency.key == "zz-new")) is None


def test_stats_tell_what_a_pack_holds(app, pack_dir):
    result = run(app, "content", "stats", str(pack_dir), "--json")
    assert result.exit_code == 0, result.output
    assert '"competencies": 3' in result.output and '"profiles": 1' in result.output
    table = run(app, "content", "stats", str(pack_dir))
    assert "Negotiating" in table.output and "1/1/1/1" in table.output
    assert "{" not in table.output  # totals in words, not a printed dict
