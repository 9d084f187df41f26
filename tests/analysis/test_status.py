"""A status change from the analysis pages survives a reload of the unchanged pack."""

from __future__ import annotations

import pytest

from trainer.analysis.store import StatusRefused, change_status
from trainer.assessments.kinds import item_of
from trainer.content.store import current_version
from trainer.db import db
from trainer.kinds import BUNDLED, load_pack, read_pack

KEY = "neg-anchor-definition-01"


def test_a_retired_item_stays_retired_when_the_server_reloads_its_pack(app, make_user):
    admin = make_user("admin")
    change = change_status(db.session, KEY, "retired", "Too easy for everyone.", admin)
    db.session.commit()
    report = load_pack(db.session, read_pack(BUNDLED))
    db.session.commit()
    latest = current_version(db.session, "item", KEY)
    assert latest.id == change.to_version_id and item_of(latest).status == "retired"
    assert report.changed["item"] == 0


def test_a_changed_pack_wins_over_an_older_status_change(app, make_user, tmp_path):
    import shutil

    admin = make_user("admin")
    change_status(db.session, KEY, "retired", "Miskeyed.", admin)
    db.session.commit()
    pack = tmp_path / "pack"
    shutil.copytree(BUNDLED, pack)
    bank = pack / "items" / "negotiating.yaml"
    text = bank.read_text()
    assert "key: neg-anchor-definition-01" in text
    bank.write_text(
        text.replace(
            "key: neg-anchor-definition-01",
            "key: neg-anchor-definition-01\n    source: rewritten",
            1,
        )
    )
    load_pack(db.session, read_pack(pack))
    db.session.commit()
    latest = current_version(db.session, "item", KEY)
    assert item_of(latest).status == "live" and item_of(latest).source == "rewritten"


def test_status_changes_are_refused_with_a_reason(app, make_user):
    admin = make_user("admin")
    with pytest.raises(StatusRefused, match="no item"):
        change_status(db.session, "no-such-item", "retired", "x", admin)
    with pytest.raises(StatusRefused, match="under 500"):
        change_status(db.session, KEY, "retired", "x" * 501, admin)
