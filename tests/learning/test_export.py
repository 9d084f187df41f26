"""`trainer content examples export`: learned examples back into YAML the loader reads."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner
from flask.cli import ScriptInfo

from trainer.cli import main
from trainer.content.pack import BUNDLED
from trainer.content.problems import ContentError
from trainer.content.store import current_version
from trainer.db import db
from trainer.kinds import read_pack
from trainer.scenarios.kinds import scenario_of
from trainer.scenarios.learning.examples import Example
from trainer.scenarios.learning.export import with_examples
from trainer.scenarios.learning.store import learn

CALL, STEP = "hp-inbound-upsell", "discover"


def run(app, *args):
    return CliRunner().invoke(main, list(args), obj=ScriptInfo(create_app=lambda: app))


def teach(text: str, verdicts: dict[str, bool], step: str = STEP) -> None:
    learn(
        db.session,
        scenario_key=CALL,
        step_key=step,
        text=text,
        verdicts=verdicts,
        source_ref="scenario-run:1/step:" + step,
        reviewer_id=None,
    )
    db.session.commit()


def behaviour(pack, key: str):
    scenario = pack.records_of("scenario")[CALL]
    return next(b for b in scenario.steps[STEP].behaviours if b.key == key)


def test_exported_examples_round_trip_through_the_pack_loader(app, tmp_path):
    asked = "How many pages do you print in a week, and what did it cost you today?"
    vague = "Printers are a pain, I know. We can fix that today."
    teach(asked, {"asks-usage": True, "asks-impact": True})
    teach(vague, {"asks-usage": False})
    pack = tmp_path / "pack"
    shutil.copytree(BUNDLED, pack)
    result = run(app, "content", "examples", "export", "--out", str(pack))
    assert result.exit_code == 0, result.output
    assert f"{CALL}.yaml: 3 example(s) added" in result.output
    reread = read_pack(pack)
    assert asked in behaviour(reread, "asks-usage").examples
    assert asked in behaviour(reread, "asks-impact").examples
    assert vague in behaviour(reread, "asks-usage").near_misses
    original = scenario_of(current_version(db.session, "scenario", CALL)).model_dump()
    for b in original["steps"][STEP]["behaviours"]:
        b["examples"] += [asked] if b["key"] in ("asks-usage", "asks-impact") else []
        b["near_misses"] += [vague] if b["key"] == "asks-usage" else []
    assert reread.records_of("scenario")[CALL].model_dump() == original  # nothing else changed
    assert "the phrasings disagree" not in result.output


def test_an_example_the_phrasings_judge_otherwise_is_named_by_export_and_by_the_loader(
    app, tmp_path
):
    vague = "Printers are a pain, I know. Tell me about it."  # credited by "tell me about"
    teach(vague, {"asks-usage": False})
    pack = tmp_path / "pack"
    shutil.copytree(BUNDLED, pack)
    result = run(app, "content", "examples", "export", "--out", str(pack))
    assert result.exit_code == 0 and "the phrasings disagree" in result.output
    with pytest.raises(ContentError) as caught:
        read_pack(pack)
    named = [str(p) for p in caught.value.problems if vague in str(p)]
    assert named and named[0].startswith(f"scenarios/{CALL}.yaml:")


def test_export_without_out_prints_only_the_step_asked_for(app):
    teach("How many pages do you print?", {"asks-usage": True})
    teach("When do you need it running?", {"confirms-deadline": True}, step="close")
    result = run(app, "content", "examples", "export", "--step", f"{CALL}/{STEP}")
    assert result.exit_code == 0, result.output
    assert "How many pages do you print?" in result.output
    assert "When do you need it running?" not in result.output


def test_export_with_nothing_learned_says_so_and_fails(app):
    result = run(app, "content", "examples", "export")
    assert result.exit_code == 1 and "No learned examples" in result.output


def test_an_answer_already_listed_in_the_same_words_is_not_added_twice():
    document = {
        "steps": {
            "ask": {"behaviours": [{"key": "b", "phrasings": ["x"], "examples": ["Asked it!"]}]},
            "other": {"behaviours": [{"key": "b", "phrasings": ["x"]}]},
        }
    }
    learned = [
        Example("ask", "b", "asks it", True),
        Example("ask", "b", "Something new", False),
        Example("other", "b", "Elsewhere", True),
    ]
    exported, added = with_examples(document, learned, step="ask")
    assert added == 1
    assert exported["steps"]["ask"]["behaviours"][0] == {
        "key": "b",
        "phrasings": ["x"],
        "examples": ["Asked it!"],
        "near_misses": ["Something new"],
    }
    assert "examples" not in exported["steps"]["other"]["behaviours"][0]
