"""Free-response matching: whole words, forgiving about case, punctuation and spacing."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from trainer.scenarios.engine import apply, replay
from trainer.scenarios.matcher import BehaviourMatch, Matcher, PhraseMatcher, normalise
from trainer.scenarios.state import Move


@dataclass
class Expected:
    key: str
    phrasings: list[str]


def found(text: str, *phrasings: str) -> bool:
    (match,) = PhraseMatcher().match(text, [Expected("b", list(phrasings))])
    return match.found


def test_whole_word_matches_at_the_start_of_a_sentence():
    assert found("How many printers do you run?", "how")


def test_word_inside_another_word_does_not_match():
    assert not found("Come and visit our showroom", "how")


@pytest.mark.parametrize(
    "text",
    ["HOW   many pages?", "how\nmany pages", "So... how-many pages", "  How many, roughly?"],
)
def test_case_punctuation_and_whitespace_are_ignored(text):
    assert found(text, "how many")


def test_apostrophes_do_not_matter():
    assert found("Whats your budget?", "what's your")
    assert found("What\u2019s your budget?", "what's your")


def test_phrase_must_be_contiguous():
    assert not found("How do so many teams print?", "how many")


def test_first_matching_phrasing_is_reported_as_written():
    (match,) = PhraseMatcher().match(
        "Tell me about your week. How often?",
        [Expected("open", ["how many", "Tell me about", "how often"])],
    )
    assert match == BehaviourMatch("open", True, "Tell me about")


def test_missing_behaviour_has_no_phrase():
    assert PhraseMatcher().match("Okay.", [Expected("x", ["can i"])]) == [
        BehaviourMatch("x", False, None)
    ]


def test_normalise_collapses_to_plain_words():
    assert normalise("  Let's   TALK: budget_cycle!") == "lets talk budget cycle"


class EverythingMatcher:
    """A stand-in matcher: the engine accepts anything with `match`."""

    def match(self, text, behaviours):
        return [BehaviourMatch(b.key, True, "(reviewed)") for b in behaviours]


def test_engine_takes_another_matcher(scenario):
    matcher: Matcher = EverythingMatcher()
    state = replay(scenario, [Move("first-response", choice=0)])
    after = apply(scenario, state, Move("discover", text="Okay."), matcher)
    assert all(m.found for m in after.decisions[-1].matches)
    assert not any(e.missing for e in after.evidence)
