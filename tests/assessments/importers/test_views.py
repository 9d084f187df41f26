"""Admins see the item bank, import question files after a preview, and set item status."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy import func, select

from trainer.assessments.importers.store import newest_items
from trainer.content.models import ContentVersion
from trainer.db import db

DATA = Path(__file__).parent / "data"


def item_versions() -> int:
    return db.session.scalar(select(func.count()).where(ContentVersion.kind == "item"))


@pytest.fixture
def admin(make_user, login):
    return login(make_user("admin"))


@pytest.fixture
def upload(client, admin):
    """Post a data file to the import form; returns the response (a redirect to the preview)."""

    def post(name, fmt: str = "gift", competency: str = "negotiating", level: str = "2"):
        path = name if isinstance(name, Path) else DATA / name
        content, name = path.read_bytes(), path.name
        return client.post(
            "/admin/items/import",
            data={
                "file": (io.BytesIO(content), name),
                "format": fmt,
                "competency": competency,
                "level": level,
            },
            content_type="multipart/form-data",
        )

    return post


@pytest.mark.parametrize("role", ["learner", "manager", "recruiter"])
def test_only_admins_reach_the_item_pages(client, make_user, login, role):
    login(make_user(role))
    assert client.get("/admin/items/").status_code == 403
    assert client.get("/admin/items/import").status_code == 403
    assert client.post("/admin/items/neg-batna-dealer-01/status").status_code == 403


def test_the_bank_lists_newest_versions_filtered_by_competency_and_status(client, admin):
    page = client.get("/admin/items/?competency=negotiating&status=live").get_data(as_text=True)
    assert "neg-batna-dealer-01" in page
    assert "vs-discover-before-pitch-01" not in page
    empty = client.get("/admin/items/?status=retired").get_data(as_text=True)
    assert "No items match these filters" in empty


def test_the_bank_is_paged_so_each_page_stays_light(client, admin):
    first = client.get("/admin/items/").get_data(as_text=True)
    assert first.count('<th scope="row">') == 50
    assert "Next page" in first


def test_upload_shows_a_preview_and_writes_nothing_until_confirmed(client, upload):
    before = item_versions()
    response = upload("sample.gift")
    assert response.status_code == 302 and "/admin/items/import/" in response.location

    page = client.get(response.location).get_data(as_text=True)

    assert "gift-call-stages" in page and "Import 14 questions" in page
    assert item_versions() == before


def test_confirm_imports_the_kept_file_in_one_go_and_flashes_counts(client, upload, app):
    preview_url = upload("sample.gift").location

    response = client.post(preview_url, data={"format": "qti", "items": "ignored"})

    assert response.status_code == 302 and response.location.endswith("/admin/items/")
    assert "14 added, 0 changed, 0 unchanged" in client.get("/admin/items/").get_data(as_text=True)
    stored = newest_items(db.session, ["gift-batna"])["gift-batna"]
    assert (stored.version, stored.body["status"]) == (1, "draft")
    assert stored.pack == "import:sample.gift"
    assert client.get(preview_url).status_code == 404  # the kept file is gone
    assert not any((Path(app.instance_path) / "item-imports").glob("*.upload"))


def test_a_file_with_problems_lists_them_and_offers_no_confirm(client, upload):
    before = item_versions()
    preview_url = upload("moodle-malformed.xml", fmt="moodle-xml").location

    page = client.get(preview_url).get_data(as_text=True)
    assert "moodle-malformed.xml, line 5" in page and "nothing can be imported" in page
    assert "Import 0" not in page and 'class="button button--primary"' not in page

    refused = client.post(preview_url, follow_redirects=True)
    assert "nothing was imported" in refused.get_data(as_text=True)
    assert item_versions() == before


def test_one_bad_question_among_good_ones_shows_each_with_its_status(client, upload, tmp_path):
    """Three good questions and one broken: the preview lists the three and names the fourth."""
    good = "\n\n".join(f"::Q{i}:: Pick {i}. {{=a ~b ~c}}" for i in range(3))
    path = tmp_path / "mixed.gift"
    path.write_text(f"{good}\n\n::Broken:: Pick. {{=a ~b\n", encoding="utf-8")
    before = item_versions()
    preview_url = upload(path).location
    page = client.get(preview_url).get_data(as_text=True)
    assert "mixed.gift, line 7" in page and "missing closing brace" in page
    assert page.count("Reads well (new)") == 3
    assert "No question in the file" not in page
    client.post(preview_url, follow_redirects=True)
    assert item_versions() == before


def test_another_admin_cannot_confirm_someone_elses_upload(client, upload, make_user, login):
    preview_url = upload("qti21-choice.xml", fmt="qti").location
    client.post("/logout")
    login(make_user("admin"))
    assert client.get(preview_url).status_code == 404
    assert client.post(preview_url).status_code == 404


def test_the_form_asks_for_a_file(client, admin):
    response = client.post(
        "/admin/items/import",
        data={"format": "gift", "competency": "negotiating", "level": "2"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    assert "Choose the file to import." in response.get_data(as_text=True)


def test_setting_status_writes_a_new_version_and_keeps_the_old(client, admin):
    before = newest_items(db.session, ["neg-batna-dealer-01"])["neg-batna-dealer-01"]

    response = client.post(
        "/admin/items/neg-batna-dealer-01/status",
        data={"status": "retired", "back_competency": "negotiating"},
    )

    assert response.status_code == 302 and "competency=negotiating" in response.location
    db.session.expire_all()
    after = newest_items(db.session, ["neg-batna-dealer-01"])["neg-batna-dealer-01"]
    assert (after.version, after.body["status"]) == (before.version + 1, "retired")
    assert db.session.get(ContentVersion, before.id).body["status"] == "live"


def test_setting_the_status_an_item_has_writes_nothing(client, admin):
    before = item_versions()
    client.post("/admin/items/neg-batna-dealer-01/status", data={"status": "live"})
    assert item_versions() == before


def test_an_unknown_status_or_item_is_refused(client, admin):
    bad = client.post("/admin/items/neg-batna-dealer-01/status", data={"status": "deleted"})
    assert bad.status_code == 400
    missing = client.post("/admin/items/no-such-item/status", data={"status": "live"})
    assert missing.status_code == 404


def test_admins_find_the_bank_in_the_navigation(client, admin):
    assert 'href="/admin/items/"' in client.get("/").get_data(as_text=True)
