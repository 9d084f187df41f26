"""Importing question files into the bank: preview first, then all or nothing, versioned."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from trainer.assessments.importers.store import (
    ImportRefused,
    import_items,
    newest_items,
    read_import,
    with_status,
)
from trainer.content.models import ContentVersion
from trainer.content.problems import Problem
from trainer.db import db

DATA = Path(__file__).parent / "data"
KNOWN = {"negotiating", "value-selling", "active-listening"}
MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" identifier="pack">
  <resources>
    <resource identifier="r1" type="imsqti_item_xmlv2p1" href="items/choice.xml"/>
    <resource identifier="r2" type="imsqti_item_xmlv2p1" href="items/order.xml"/>
  </resources>
</manifest>
"""
TWO_OPTIONS = b"""<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="multichoice">
    <name><text>Too few</text></name>
    <questiontext format="html"><text>Pick one.</text></questiontext>
    <single>true</single>
    <answer fraction="100"><text>Yes</text><feedback><text>Right.</text></feedback></answer>
    <answer fraction="0"><text>No</text><feedback><text>Wrong.</text></feedback></answer>
  </question>
</quiz>
"""


def data(name: str) -> bytes:
    return (DATA / name).read_bytes()


def data_moodle() -> bytes:
    return data("moodle-every-type.xml")


def moodle_without_description() -> bytes:
    """The every-type export less its description question, which is a problem on its own."""
    description = rb'\s*<question type="description">.*?</question>'
    return re.sub(description, b"", data_moodle(), flags=re.S)


def qti_package() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("imsmanifest.xml", MANIFEST)
        archive.writestr("items/choice.xml", data("qti21-choice.xml"))
        archive.writestr("items/order.xml", data("qti21-order.xml"))
    return buffer.getvalue()


def preview(fmt: str, content: bytes, filename: str = "bank.gift", competency="negotiating"):
    return read_import(db.session, fmt, content, filename, competency, 2, KNOWN)


def item_versions() -> int:
    query = select(func.count()).where(ContentVersion.kind == "item")
    return db.session.scalar(query)


@pytest.mark.parametrize(
    ("fmt", "content", "filename", "keys"),
    [
        ("gift", lambda: data("sample.gift"), "sample.gift", 14),
        ("moodle-xml", moodle_without_description, "moodle.xml", 7),
        ("qti", lambda: data("qti21-choice.xml"), "choice.xml", 1),
        ("qti", qti_package, "package.zip", 2),
    ],
)
def test_each_format_imports_its_items_as_new_versions(app, fmt, content, filename, keys):
    before = item_versions()
    result = preview(fmt, content(), filename)
    assert result.problems == []
    assert len(result.items) == keys and set(result.changes.values()) == {"new"}

    counts = import_items(db.session, result)
    db.session.commit()

    assert (counts.added, counts.changed, counts.unchanged) == (keys, 0, 0)
    assert item_versions() == before + keys
    stored = newest_items(db.session, [item.key for item in result.items])
    assert {v.version for v in stored.values()} == {1}
    assert {v.pack for v in stored.values()} == {f"import:{filename}"}
    assert all(v.body["competencies"] == ["negotiating"] for v in stored.values())


def test_a_zip_is_read_as_a_qti_package_and_xml_as_one_item(app):
    package = preview("qti", qti_package(), "package.zip")
    assert [item.key for item in package.items] == ["qti-discovery-question-01", "qti-call-order"]


def test_malformed_file_names_its_line_and_nothing_is_written(app):
    before = item_versions()
    result = preview("moodle-xml", data("moodle-malformed.xml"), "broken.xml")
    assert [(p.file, p.line) for p in result.problems] == [("broken.xml", 5)]
    with pytest.raises(ImportRefused):
        import_items(db.session, result)
    assert item_versions() == before


def test_one_problem_refuses_the_whole_file(app):
    result = preview("moodle-xml", data_moodle(), "moodle.xml")
    assert len(result.items) == 7
    assert [p.line for p in result.problems] == [192]
    with pytest.raises(ImportRefused):
        import_items(db.session, result)
    assert newest_items(db.session, [item.key for item in result.items]) == {}


def test_an_item_failing_its_model_is_a_problem_naming_the_question_and_line(app):
    result = preview("moodle-xml", TWO_OPTIONS, "few.xml")
    assert result.items == []
    assert [str(problem) for problem in result.problems] == [
        "few.xml:3: question 'Too few': <question type=\"multichoice\"> as a single item, "
        "options: needs 3-5 options, not 2"
    ]


def test_an_unknown_competency_is_refused(app):
    result = preview("gift", data("sample.gift"), competency="juggling")
    assert Problem("bank.gift", None, "competency 'juggling' is not in the framework") in (
        result.problems
    )


def test_gift_that_is_not_utf8_names_the_line(app):
    result = preview("gift", b"::Q:: Fine {T}\n\n::R:: Caf\xe9 {T}\n")
    assert result.problems == [Problem("bank.gift", 3, "not UTF-8 text; save the file as UTF-8")]


def test_a_file_without_questions_is_a_problem(app):
    result = preview("gift", b"// only a comment\n")
    assert result.problems == [Problem("bank.gift", None, "no questions found in the file")]


def test_reimporting_an_unchanged_file_writes_no_version(app):
    import_items(db.session, preview("gift", data("sample.gift")))
    db.session.commit()
    before = item_versions()

    again = preview("gift", data("sample.gift"))
    counts = import_items(db.session, again)

    assert set(again.changes.values()) == {"unchanged"}
    assert (counts.added, counts.changed, counts.unchanged) == (0, 0, 14)
    assert item_versions() == before


def test_reimporting_a_changed_file_writes_a_new_version_of_what_changed(app):
    import_items(db.session, preview("gift", data("sample.gift")))
    db.session.commit()
    edited = data("sample.gift").replace(b"Agree the next step", b"Book the next meeting")

    result = preview("gift", edited)
    counts = import_items(db.session, result)
    db.session.commit()

    assert result.changes["gift-call-stages"] == "changed"
    assert (counts.added, counts.changed, counts.unchanged) == (0, 1, 13)
    stored = newest_items(db.session, ["gift-call-stages"])["gift-call-stages"]
    assert stored.version == 2
    assert stored.body["pairs"][2]["match"] == "Book the next meeting"


def test_a_key_from_another_file_with_other_content_is_refused(app):
    import_items(db.session, preview("gift", data("sample.gift"), "first.gift"))
    db.session.commit()
    edited = data("sample.gift").replace(b"Agree the next step", b"Book the next meeting")

    result = preview("gift", edited, "second.gift")

    assert result.problems == [
        Problem(
            "second.gift",
            None,
            "gift-call-stages: the bank has a different item with this key, from import:first.gift",
        )
    ]


def test_reimporting_keeps_the_status_an_admin_set(app):
    import_items(db.session, preview("gift", data("sample.gift")))
    db.session.commit()
    latest = newest_items(db.session, ["gift-batna"])["gift-batna"]
    db.session.add(with_status(latest, "live"))
    db.session.commit()

    again = preview("gift", data("sample.gift"))

    assert again.changes["gift-batna"] == "unchanged"
    assert {item.key: item.status for item in again.items}["gift-batna"] == "live"


def test_a_status_change_is_a_new_version_and_the_old_one_stays(app):
    import_items(db.session, preview("gift", data("sample.gift")))
    db.session.commit()
    first = newest_items(db.session, ["gift-batna"])["gift-batna"]

    second = with_status(first, "retired")
    db.session.add(second)
    db.session.commit()

    assert (first.version, first.body["status"]) == (1, "draft")
    assert (second.version, second.body["status"], second.pack) == (2, "retired", first.pack)
    assert with_status(second, "retired") is None


def test_preview_rows_show_the_stem_cut_to_60_characters(app):
    rows = preview("gift", data("sample.gift")).rows()
    anchor = next(row for row in rows if row.key == "gift-anchor-first")
    assert (anchor.type, anchor.level, anchor.change) == ("single", 2, "new")
    assert anchor.stem == "When the buyer asks for a discount, which move protects your…"
