"""Twine import: Twee 3 headers per the spec, the passage convention, and problems by passage."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import yaml

from trainer.content.source import parse_yaml
from trainer.scenarios.engine import replay
from trainer.scenarios.explore import paths_to_endings
from trainer.scenarios.schema import read_scenario
from trainer.scenarios.twine.html import import_twine_html
from trainer.scenarios.twine.twee import import_twee, parse_twee

DATA = Path(__file__).parent / "data"
PACKAGE = Path(__file__).parents[3] / "trainer" / "scenarios"

HEADER = """:: Scenario [scenario]
key: mini
call_type: inbound
profile: inside-rep
level: 1
minutes: 5
summary: A tiny call.

:: Persona [persona]
name: Sam
role: Buyer
company: Sam's Shop

:: Brief [brief]
objective: Close it.
"""
GOOD_CHOICE = """
```yaml
choices:
  - best: true
    evidence: [{competency: active-listening, level: 1, weight: 1}]
    feedback: Good.
  - evidence: [{competency: active-listening, level: 1, weight: -1}]
    feedback: Weaker.
```
"""


def imported(name: str):
    text = (DATA / name).read_text(encoding="utf-8")
    return (import_twee if name.endswith(".twee") else import_twine_html)(text, name)


def validated(data: dict, keys):
    doc = parse_yaml(yaml.safe_dump(data, sort_keys=False), f"{data['key']}.yaml")
    scenario, problems = read_scenario(doc, keys)
    assert problems == []
    return scenario


def messages(text: str) -> list[str]:
    return [str(problem) for problem in import_twee(text, "call.twee")[1]]


def test_header_reads_escaped_name_tags_and_skips_metadata():
    text = ':: Price \\[list\\] and \\{net\\} \\\\ more [a  b] {"position":"1,2"}\nHello\n'
    (passage,), problems = parse_twee(text, "x.twee")
    assert problems == []
    assert passage.name == "Price [list] and {net} \\ more"
    assert (passage.tags, passage.text, passage.line) == (("a", "b"), "Hello", 1)


def test_content_runs_to_the_next_header_without_trailing_blank_lines():
    text = "::One\nfirst\n\\:: not a header\n\n\n:: Two\nsecond\n\n"
    one, two = parse_twee(text, "x.twee")[0]
    assert (one.name, one.text) == ("One", "first\n:: not a header")
    assert (two.name, two.text, two.line) == ("Two", "second", 6)


def test_unreadable_header_is_a_problem_and_stray_text_a_note():
    notes = []
    passages, problems = parse_twee("stray\n:: Broken [tag\nbody\n:: Fine\n", "x.twee", notes)
    assert [p.name for p in passages] == ["Fine"]
    assert [str(p) for p in problems] == ["x.twee:2: passage header: unclosed tag block"]
    assert [str(p) for p in notes] == ["x.twee:1: text before the first passage is ignored"]


@pytest.mark.parametrize("name", ["renewal-call.twee", "dealer-delay.html"])
def test_example_imports_validates_and_plays_to_every_ending(name, request):
    keys = request.getfixturevalue("keys")
    data, problems, notes = imported(name)
    assert problems == [] and notes == []
    scenario = validated(data, keys)
    endings = {k for k, step in scenario.steps.items() if step.kind == "ending"}
    paths = paths_to_endings(scenario)
    assert set(paths) == endings and len(endings) >= 3
    for ending, moves in paths.items():
        assert replay(scenario, moves).ending == ending


@pytest.fixture
def keys():
    from trainer.content.validation import PackKeys

    return PackKeys(
        competencies=frozenset({"active-listening", "value-selling", "negotiating"}),
        profiles=frozenset({"inside-rep"}),
    )


def test_twee_story_title_start_and_escaped_link_targets():
    data, _, _ = imported("renewal-call.twee")
    assert (data["title"], data["start"], data["timeout"]) == (
        "A renewal with a price increase",
        "opening",
        "out-of-time",
    )
    offer = data["steps"]["think-it-over"]["choices"][1]
    assert offer["next"] == "price-final-offer"
    assert data["steps"]["mood-check"]["when"][1]["next"] == "price-final-offer"
    assert list(data)[:3] == ["key", "title", "call_type"]


def test_html_start_node_and_entities():
    data, _, _ = imported("dealer-delay.html")
    assert data["start"] == "call-comes-in"
    assert data["steps"]["call-comes-in"]["say"].startswith("It's Marco from Reyes Office & Print.")
    assert data["steps"]["ask"]["choices"][0]["reply"] == "PO 4471."
    assert data["summary"] == "A dealer's order is late and his customer is waiting."


def test_start_defaults_to_the_passage_named_start():
    data, problems, _ = import_twee(HEADER + ":: Start\nHi.\n[[End]]\n:: End [ending]\n", "x.twee")
    assert data["start"] == "start"
    assert not [p for p in problems if "start" in p.message]


def test_missing_start_is_a_problem():
    assert messages(HEADER + ":: Opening [ending]\nBye.\n") == [
        "call.twee: start passage 'Start' is missing",
    ]
    assert messages(":: Opening\nBye.\n") == [
        "call.twee: the start passage 'Start' is not in the story",
    ]


@pytest.mark.parametrize(
    ("passage", "message"),
    [
        (
            ":: Start\nHi.\n[[Nowhere]]\n",
            "passage 'Start': links to 'Nowhere', which is not a passage",
        ),
        (":: Start\n<<set $x to 1>>\n[[End]]\n", "passage 'Start': uses story-format macros"),
        (":: Start\n(set: $x to 1)\n[[End]]\n", "passage 'Start': uses story-format macros"),
        (":: Start [mood]\nHi.\n[[End]]\n", "passage 'Start': unknown tag 'mood'"),
        (":: Start\nHi.\n", "passage 'Start': needs exactly one link, not 0 (or tag it ending)"),
        (":: Start\nHi, see [[End]] now.\n", "passage 'Start': put each link on its own line"),
        (":: Start\nHi.\n[[End]][$x = 1]\n", "link 'End' has a setter, which cannot be mapped"),
        (":: Start [ending free]\nHi.\n", "passage 'Start': has tags ending and free"),
        (
            ":: Start\nHi.\n[[End]]\n```yaml\nnext: End\n```\n",
            "`next` comes from the passage's links",
        ),
        (
            ":: Start\nHi.\n[[End]]\n```yaml\nprompt: [oops\n```\n",
            "passage 'Start': not valid YAML",
        ),
        (
            ":: Start\nHi.\n[[A->End]]\n[[B->End]]\n[[C->End]]\n" + GOOD_CHOICE,
            "passage 'Start': has 3 links but 2 entries under choices",
        ),
        (
            ":: Start\nHi.\n[[A->End]]\n[[B->End]]\n"
            "```yaml\nchoices:\n  - {text: X}\n  - {}\n```\n",
            "each entry under choices is a mapping without text or next",
        ),
    ],
)
def test_unmappable_passage_is_a_problem_naming_it(passage, message):
    text = HEADER + passage + ":: End [ending]\nBye.\n"
    found = messages(text)
    assert any(message in problem for problem in found), found
    assert all(problem.startswith("call.twee:") for problem in found)


def test_ending_with_a_link_and_clashing_step_keys_are_problems():
    text = (
        HEADER + ":: Start\nHi.\n[[End]]\n:: End [ending]\nBye.\n[[Start]]\n:: END\nHi.\n[[End]]\n"
    )
    assert messages(text) == [
        "call.twee:19: passage 'End': an ending has no links",
        "call.twee:22: passage 'END': becomes step 'end', like passage 'End'",
    ]


def test_scenario_passage_cannot_set_start_or_steps():
    text = (
        HEADER.replace("summary:", "start: Elsewhere\nsummary:")
        + ":: Start\nHi.\n[[End]]\n:: End [ending]\n"
    )
    assert messages(text) == [
        "call.twee:1: passage 'Scenario': `start` is set by the story, not the YAML"
    ]


def test_not_a_twine_story_is_a_problem():
    assert import_twine_html("<html><body>Hello</body></html>", "page.html") == (
        {},
        [import_twine_html("<p></p>", "page.html")[1][0]],
        [],
    )
    assert "no <tw-storydata>" in import_twine_html("<p></p>", "page.html")[1][0].message


PURE = [
    "schema",
    "steps",
    "checks",
    "graph",
    "state",
    "engine",
    "matcher",
    "debrief",
    "page",
    "explore",
    "twine/__init__",
    "twine/twee",
    "twine/html",
    "twine/story",
    "twine/passages",
]


@pytest.mark.parametrize("module", PURE)
def test_pure_core_imports_no_web_or_database(module):
    tree = ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))
    imported_names = [
        name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for name in (
            [node.module or ""]
            if isinstance(node, ast.ImportFrom)
            else [a.name for a in node.names]
        )
    ]
    forbidden = ("flask", "sqlalchemy", "werkzeug", "trainer.db", "trainer.extensions")
    assert not [name for name in imported_names if name.startswith(forbidden)]
