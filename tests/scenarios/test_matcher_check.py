"""`trainer matcher check` and behaviour examples: a behaviour's definition gets unit tests."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from trainer.cli import main
from trainer.scenarios.matcher_check import LabelledSet, check

MINI = Path(__file__).parents[1] / "content" / "data" / "mini"
CALL = Path(__file__).parent / "data" / "printer-call.yaml"

LABELLED = {
    "behaviours": [
        {
            "key": "asks-impact",
            "label": "Asks about impact",
            "phrasings": ["what happens (when|if)"],
        },
        {"key": "offers-call", "label": "Offers a call", "phrasings": ["(set up|book) a call"]},
    ],
    "replies": [
        {"text": "What happens when the line goes down?", "shows": ["asks-impact"]},
        {"text": "Shall I book a call for Tuesday?", "shows": ["offers-call"]},
        {
            "text": "What happens if we wait? I'll set up a call.",
            "shows": ["asks-impact", "offers-call"],
        },
        {"text": "I won't book a call until you're ready.", "shows": [], "kind": "negated"},
        {"text": "What is the impact on your team?", "shows": ["asks-impact"]},
        {"text": "book a call set up a call what happens when", "shows": [], "kind": "stuffed"},
    ],
}


def test_figures_per_behaviour_and_every_disagreement():
    report = check(LabelledSet.model_validate(LABELLED))
    impact, call = report.tallies["asks-impact"], report.tallies["offers-call"]
    # "Asks ...": the stuffed reply is no question, so only offers-call credits it wrongly
    assert (impact.true_pos, impact.false_neg, impact.false_pos) == (2, 1, 0)
    assert (call.true_pos, call.false_neg, call.false_pos) == (2, 0, 1)
    assert impact.precision == 1.0 and impact.recall == pytest.approx(2 / 3)
    assert report.macro_f1 == pytest.approx(0.8)
    assert report.misses == [(4, "asks-impact", "What is the impact on your team?")]
    assert report.credited_by_kind == {"negated": (0, 1), "stuffed": (1, 1)}


def test_the_command_reads_a_file_outside_the_repository(tmp_path):
    path = tmp_path / "set.json"
    path.write_text(json.dumps(LABELLED))
    result = CliRunner().invoke(main, ["matcher", "check", str(path), "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["behaviours"]["offers-call"]["recall"] == 1.0
    assert figures["misses"] == [
        {"reply": 5, "behaviour": "asks-impact", "text": "What is the impact on your team?"}
    ]
    text = CliRunner().invoke(main, ["matcher", "check", str(path)])
    assert "macro average" in text.output and "Missed: reply 5, asks-impact" in text.output


def test_a_malformed_file_names_its_line(tmp_path):
    path = tmp_path / "set.yaml"
    path.write_text("behaviours:\n  - key: a\n    label: A\nreplies:\n  - text: Hi\n")
    result = CliRunner().invoke(main, ["matcher", "check", str(path)])
    assert result.exit_code == 1
    assert "set.yaml:2: behaviours.0.phrasings: Field required" in result.output


def test_validate_fails_when_an_example_is_missed_or_a_near_miss_credited(tmp_path):
    pack = tmp_path / "pack"
    shutil.copytree(MINI, pack)
    (pack / "scenarios").mkdir()
    path = pack / "scenarios" / "printer-call.yaml"
    shutil.copy(CALL, path)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    free = next(step for step in data["steps"].values() if "behaviours" in step)
    behaviour = free["behaviours"][0]
    phrasing = behaviour["phrasings"][0]
    behaviour["examples"] = [f"Well, {phrasing}?", "Something else entirely."]
    behaviour["near_misses"] = [f"I won't {phrasing}.", f"{phrasing}!"]
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    result = CliRunner().invoke(main, ["content", "validate", str(pack)])
    assert result.exit_code == 1
    assert "'Something else entirely.' is not credited" in result.output
    assert f"'{phrasing}!' is credited" in result.output
    assert f"Well, {phrasing}?" not in result.output and f"I won't {phrasing}." not in result.output
