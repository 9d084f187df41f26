"""Small packs with planted cues: the mini pack plus the items, forms and calls a test writes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from trainer.kinds import read_pack

MINI = Path(__file__).parent.parent / "content" / "data" / "mini"
COMPETENCIES = ("active-listening", "negotiating", "value-selling")


def single(key, options, correct=0, level=1, competency="negotiating"):
    """A single-choice item whose option `correct` is the key."""
    return {
        "key": key,
        "type": "single",
        "level": level,
        "competencies": [competency],
        "stem": f"What do you do in case {key}?",
        "explanation": "Trade, do not concede.",
        "options": [
            {"text": text, "correct": i == correct, "feedback": "Why this is weaker or stronger."}
            for i, text in enumerate(options)
        ],
    }


def multiple(key, options, keyed, level=1, competency="negotiating"):
    item = single(key, options, level=level, competency=competency)
    item["type"] = "multiple"
    for i, option in enumerate(item["options"]):
        option["correct"] = i in keyed
    return item


def sjt(key, responses, level=3, competency="negotiating"):
    """An SJT item from (text, effectiveness) pairs."""
    return {
        "key": key,
        "type": "sjt",
        "level": level,
        "competencies": [competency],
        "stem": "A procurement lead asks for ten percent off. Rate each response.",
        "explanation": "Anchor on value, then trade.",
        "responses": [
            {"text": text, "effectiveness": rating, "reason": "Because of what it does."}
            for text, rating in responses
        ],
    }


def every_level(competencies=COMPETENCIES, prefix="fill"):
    """Plain items, two per competency and level (one sitting needs two at a level before the
    estimate judges it), with the key in rotating positions."""
    words = ("Offer the standard terms", "Quote the list price", "Send the brochure", "Call back")
    return [
        single(
            f"{prefix}-{c}-{level}{twin}",
            words,
            correct=(level + n + len(twin)) % 4,
            level=level,
            competency=c,
        )
        for n, c in enumerate(competencies)
        for level in (1, 2, 3, 4)
        for twin in ("", "-b")
    ]


def form(key, sections, mode="practice", profile=None, calls=()):
    data = {"key": key, "title": key, "mode": mode, "description": "A form.", "sections": sections}
    if profile:
        data["profile"] = profile
    if calls:
        data["calls"] = list(calls)
    return data


def draw(competency, count=1, low=1, high=4, kind=None):
    rule = {"count": count, "competency": competency, "min_level": low, "max_level": high}
    if kind:
        rule["type"] = kind
    return {"title": f"{competency} {low}-{high}", "draw": rule}


def call(key, choices, best=0, evidence=None, partly_right=()):
    """A call with one decision between `choices`; `best` is the best one's position, the
    others count against unless their position is in `partly_right`."""
    tags = evidence or [{"competency": "negotiating", "level": 2, "weight": 1}]
    against = [{**tag, "weight": -1} for tag in tags]
    return {
        "key": key,
        "title": "A discount request",
        "call_type": "price_negotiation",
        "profile": "inside-rep",
        "level": 2,
        "minutes": 5,
        "summary": "A buyer wants ten percent off.",
        "persona": {"name": "Dana Ruiz", "role": "Buyer", "company": "Ruiz Dental"},
        "brief": {"objective": "Keep the margin."},
        "start": "ask",
        "steps": {
            "ask": {
                "say": "Can you do ten percent off?",
                "choices": [
                    {
                        "text": text,
                        "best": i == best,
                        "evidence": tags if i == best or i in partly_right else against,
                        "feedback": "What happened and what to try.",
                        "next": "end",
                    }
                    for i, text in enumerate(choices)
                ],
            },
            "end": {"outcome": "won", "title": "Done", "debrief": "You kept the margin."},
        },
    }


@pytest.fixture
def write_pack(tmp_path):
    """Write the mini pack with `items`, `forms` and `calls`; return its folder."""

    def write(items=(), forms=(), calls=()) -> Path:
        root = tmp_path / "pack"
        shutil.rmtree(root, ignore_errors=True)
        shutil.copytree(MINI, root)
        if items:
            (root / "items").mkdir()
            bank = {"competency": "negotiating", "items": list(items)}
            (root / "items" / "bank.yaml").write_text(yaml.safe_dump(bank, sort_keys=False))
        for folder, records in (("forms", forms), ("scenarios", calls)):
            (root / folder).mkdir(exist_ok=True)
            for record in records:
                text = yaml.safe_dump(record, sort_keys=False)
                (root / folder / f"{record['key']}.yaml").write_text(text)
        return root

    return write


@pytest.fixture
def make_pack(write_pack):
    """Write and read a mini pack."""
    return lambda **parts: read_pack(write_pack(**parts))
