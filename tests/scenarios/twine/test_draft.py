"""Any designer's Twine story imports as a draft call, and validation lists what to add."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from trainer.cli import main
from trainer.scenarios.twine import import_story

RING = "Do you [[apologise->Sorry]] or [[ask for the PO->PO]]?"

MINI = Path(__file__).parents[2] / "content" / "data" / "mini"

# A story as a designer writes it in Twine with Harlowe: inline links, macros, its own tags.
STORY = f""":: StoryTitle
Late Order

:: StoryData
{{"ifid": "D674C58C-DEFA-4F70-B7A2-27742230C0FC", "format": "Harlowe", "start": "Ring"}}

:: Ring [intro]
(set: $mood to 3)''Marco'' calls: the order is late. {RING}

:: Sorry
"Sorry doesn't ship printers." [[Go on->PO]]

:: PO
He reads it out: 4471. [[Check the warehouse]] [[Promise Friday][$promised to true]]

:: Check the warehouse
It left this morning. The end.

:: Promise Friday
<<if $mood > 2>>He hangs up, unconvinced.<</if>>
"""


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


def test_passages_become_steps_links_choices_and_linkless_passages_endings():
    scenario, problems, notes = import_story(STORY, "late.twee")
    assert problems == []
    assert (scenario["key"], scenario["title"], scenario["start"]) == (
        "late-order",
        "Late Order",
        "ring",
    )
    steps = scenario["steps"]
    assert (
        steps["ring"]["say"]
        == "Marco calls: the order is late. Do you apologise or ask for the PO?"
    )
    assert steps["ring"]["choices"] == [
        {"text": "apologise", "next": "sorry"},
        {"text": "ask for the PO", "next": "po"},
    ]
    assert steps["sorry"]["next"] == "po"  # one link: the customer's line moves on
    assert [c["next"] for c in steps["po"]["choices"]] == ["check-the-warehouse", "promise-friday"]
    assert steps["check-the-warehouse"] == {
        "say": "It left this morning. The end.",
        "outcome": None,
    }
    assert steps["promise-friday"]["outcome"] is None
    messages = [note.message for note in notes]
    assert "passage 'Ring': tag 'intro' kept out: the trainer has no use for it" in messages
    assert any("macro(s) left out" in m and "(set: $mood to 3)" in m for m in messages)
    assert any("setter on link" in m for m in messages)


def test_the_draft_is_written_and_validation_lists_what_an_author_must_add(tmp_path):
    pack = tmp_path / "pack"
    shutil.copytree(MINI, pack)
    story = tmp_path / "late.twee"
    story.write_text(STORY, encoding="utf-8")
    result = invoke("import", "twee", str(story), "--out", str(pack))
    assert result.exit_code == 0, result.output
    written = (pack / "scenarios" / "late-order.yaml").read_text(encoding="utf-8")
    assert written.startswith("# Draft call from late.twee")
    assert "# passage 'Ring': tag 'intro' kept out" in written
    checked = invoke("content", "validate", str(pack))
    assert checked.exit_code == 1
    for missing in ("persona", "brief", "call_type", "evidence", "outcome"):
        assert missing in checked.output, missing


def test_a_story_that_is_not_utf8_is_a_clear_error(tmp_path):
    story = tmp_path / "latin.twee"
    story.write_bytes(":: Start\ncaf\xe9\n".encode("latin-1"))
    result = invoke("import", "twee", str(story), "--out", str(tmp_path / "pack"))
    assert result.exit_code == 1
    assert "latin.twee:2: not UTF-8 text" in result.output
    assert "Traceback" not in result.output


def test_an_html_start_node_that_names_no_passage_is_reported():
    html = (
        '<tw-storydata name="S" startnode="9"><tw-passagedata pid="1" name="A">Hi [[B]]'
        '</tw-passagedata><tw-passagedata pid="2" name="B">Bye</tw-passagedata></tw-storydata>'
    )
    _, problems, _ = import_story(html, "s.html")
    assert ["startnode 9: no passage has that pid" in p.message for p in problems] == [True]
