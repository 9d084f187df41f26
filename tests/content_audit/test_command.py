"""`trainer content audit DIR [--json]`: a report an author reads, JSON for tools, exit 1 when
a done-when limit fails."""

from __future__ import annotations

import json

from click.testing import CliRunner

from tests.content_audit.conftest import COMPETENCIES, call, draw, every_level, form, single
from trainer.cli import main

CHOICES = ("Hold the price firm", "Trade for a longer term", "Offer five percent off now")


def clean_parts():
    forms = [form(f"{c}-practice", [draw(c, count=4)]) for c in COMPETENCIES]
    forms.append(form("check", [draw(c, 2) for c in COMPETENCIES], "assessment", "inside-rep"))
    return {"items": every_level(), "forms": forms, "calls": [call("even", CHOICES, best=1)]}


def invoke(*args: str):
    return CliRunner().invoke(main, ["content", "audit", *args])


def test_a_clean_pack_passes_every_limit(write_pack):
    result = invoke(str(write_pack(**clean_parts())))
    assert result.exit_code == 0, result.output
    assert "[FAIL]" not in result.output
    assert "[ok] unreachable competency levels: 0 (limit 0)" in result.output
    assert "inside-rep by check (assessment): 100%" in result.output


def test_a_planted_cue_fails_the_command_and_is_named(write_pack):
    parts = clean_parts()
    long = ("Anchor on the value delivered, since it shows the price is earned", "Quote", "Wait")
    parts["items"] += [single(f"long-{i}", long) for i in range(12)]
    result = invoke(str(write_pack(**parts)))
    assert result.exit_code == 1
    assert "[FAIL] item strategies over chance" in result.output
    assert "always longest" in result.output


def test_json_holds_the_figures_and_the_limits(write_pack):
    result = invoke(str(write_pack(**clean_parts())), "--json")
    report = json.loads(result.output)
    assert report["pack"] == "mini"
    assert report["calls"]["questions"] == 1
    assert report["reach"]["negotiating"]["4"] == {
        "items": 2,
        "drawable": 2,
        "calls": 0,
        "calls_in_forms": 0,
    }
    assert all(row["ok"] for row in report["limits"].values())


def test_an_invalid_pack_is_refused_with_its_problems(write_pack):
    root = write_pack(**clean_parts())
    (root / "forms" / "check.yaml").write_text("key: [\n")
    result = invoke(str(root))
    assert result.exit_code == 1
    assert "forms/check.yaml" in result.output
