"""What imports from other tools need of our item types: weights, partial credit, wildcards,
extra wrong matches; each checked through the type's own functions, as delivery uses them."""

from __future__ import annotations

import random

import pytest
from pydantic import ValidationError

from trainer.assessments.delivery import display_order
from trainer.assessments.items import ITEM_MODELS
from trainer.assessments.scoring import score
from trainer.assessments.types import ITEM_TYPES

BASE = {"key": "k", "level": 2, "competencies": ["negotiating"], "stem": "S?", "explanation": "E."}


def make(**fields):
    return ITEM_MODELS[fields["type"]].model_validate({**BASE, **fields})


def option(text, correct=False, weight=None):
    data = {"text": text, "correct": correct, "feedback": f"On {text}."}
    return data if weight is None else {**data, "weight": weight}


def test_a_matching_items_extra_wrong_matches_are_shown_and_read_back():
    pairs = [{"prompt": f"P{i}", "match": f"M{i}", "feedback": "F."} for i in range(3)]
    item = make(type="matching", pairs=pairs, distractors=["Decoy"])
    kind = ITEM_TYPES["matching"]
    order = display_order(item, random.Random(4), shuffle_options=True)
    assert len(order) == 4 and "Decoy" in [c.match for c in kind.choices(item)]
    decoy_at = str(order.index(3))
    answer = kind.read(item, order, {"match-0": [decoy_at], "match-1": [str(order.index(1))]})
    assert answer == {0: 3, 1: 1}
    assert kind.fields(item, answer, order) == {
        "match-0": [decoy_at],
        "match-1": [str(order.index(1))],
    }
    assert score(item, answer).points == pytest.approx(1 / 3)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {
                "type": "single",
                "options": [option("a", True, 1.0), option("b", False, 0.5), option("c")],
            },
            "give every option a weight, or none",
        ),
        (
            {
                "type": "single",
                "options": [
                    option("a", True, 0.5),
                    option("b", False, 0.0),
                    option("c", False, 0.0),
                ],
            },
            "does not agree with its weight",
        ),
        (
            {
                "type": "multiple",
                "options": [
                    option("a", True, 0.3),
                    option("b", True, 0.3),
                    option("c", False, 0.0),
                    option("d", False, -1.0),
                ],
            },
            "the positive weights add up to 0.6, less than 1",
        ),
        (
            {
                "type": "matching",
                "pairs": [
                    {"prompt": f"P{i}", "match": f"M{i}", "feedback": "F."} for i in range(3)
                ],
                "distractors": ["M1"],
            },
            "match 'M1' appears twice",
        ),
        (
            {
                "type": "numeric",
                "answer": 10,
                "tolerance": 1,
                "feedback_correct": "Yes.",
                "common_errors": [
                    {"value": 10.5, "feedback": "No.", "credit": 0.5, "tolerance": 0.2}
                ],
            },
            "within the tolerance of the answer",
        ),
    ],
)
def test_careless_weights_are_refused_with_a_reason(fields, message):
    with pytest.raises(ValidationError, match=message):
        make(**fields)


def test_a_partial_answer_whose_own_range_reaches_past_the_key_is_kept():
    item = make(
        type="numeric",
        answer=10,
        tolerance=1,
        feedback_correct="Yes.",
        common_errors=[{"value": 10.5, "feedback": "Close.", "credit": 0.5, "tolerance": 2}],
    )
    assert (score(item, 10.9).points, score(item, 12).points, score(item, 13).points) == (
        1.0,
        0.5,
        0.0,
    )


def test_a_literal_star_in_a_short_answer_is_a_wildcard_only_where_written():
    item = make(
        type="short_text", accepted=["net*"], feedback_correct="Y.", feedback_incorrect="N."
    )
    assert score(item, "Net 30").correct and not score(item, "a net").correct
