"""The content kinds table: the pack reads exactly the folders its table names, in its order."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from trainer.assessments.kinds import form_exercises
from trainer.content import pack as content_pack
from trainer.content.kinds import ContentKind, read_one
from trainer.content.problems import ContentError
from trainer.content.schema import Key, Text
from trainer.content.validation import ContentModel
from trainer.kinds import CONTENT_KINDS, read_pack

MINI = Path(__file__).parent / "data" / "mini"


class Note(ContentModel):
    key: Key
    text: Text


NOTE = ContentKind("note", "notes", read_one(Note), one_per_file=True)


@pytest.fixture
def pack_dir(tmp_path) -> Path:
    target = tmp_path / "pack"
    shutil.copytree(MINI, target)
    (target / "notes").mkdir()
    (target / "notes" / "hello.yaml").write_text("key: hello\ntext: Hi\n")
    return target


def test_a_folder_no_kind_names_is_ignored(pack_dir):
    (pack_dir / "notes" / "broken.yaml").write_text("key: [\n")
    pack = read_pack(pack_dir)
    assert "note" not in {kind for kind, _, _ in pack.records()}
    assert pack.records_of("note") == {}


def test_a_kind_in_the_table_is_read_from_its_folder(pack_dir):
    pack = content_pack.read_pack(pack_dir, (*CONTENT_KINDS, NOTE))
    assert pack.records_of("note")["hello"].text == "Hi"
    assert list(pack.by_kind) == [kind.name for kind in (*CONTENT_KINDS, NOTE)]


def test_a_one_per_file_kind_needs_the_files_name_as_key(pack_dir):
    (pack_dir / "notes" / "bye.yaml").write_text("key: hello\ntext: Bye\n")
    with pytest.raises(ContentError) as caught:
        content_pack.read_pack(pack_dir, (NOTE,))
    assert [str(p) for p in caught.value.problems] == [
        "notes/bye.yaml:1: key 'hello' must be 'bye', the file's name"
    ]


@pytest.fixture(scope="module")
def bundled():
    return read_pack()


def test_every_kind_of_the_bundled_pack_is_read_in_table_order(bundled):
    assert list(bundled.by_kind) == ["competency", "profile", "item", "scenario", "form"]
    assert all(bundled.records_of(kind.name) for kind in CONTENT_KINDS)


def test_a_form_exercises_the_competencies_its_draws_pick_once_each(bundled):
    for form in bundled.records_of("form").values():
        drawn = [section.draw.competency for section in form.sections if section.draw]
        assert form_exercises(form) == list(dict.fromkeys(drawn))
    assert any(form_exercises(form) for form in bundled.records_of("form").values())
