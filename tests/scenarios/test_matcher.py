"""Free-response matching: whole words, forgiving about case, punctuation and spacing."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from trainer.scenarios.engine import apply, replay
from trainer.scenarios.matcher import BehaviourMatch, Matcher, PhraseMatcher, normalise, stem
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
    assert match == BehaviourMatch("open", True, "Tell me about", (0, 13))


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


# The reviewer's findings (issue 15): real wording caught, stuffing and negation resisted.


@pytest.mark.parametrize(
    ("text", "phrasing"),
    [
        ("Could you tell me more about the rollout?", "tell me about"),
        ("I asked Dana which sites were affected", "ask which"),
        ("I'll call her back this afternoon", "call (Carla|her) back (today|this afternoon)"),
        (
            "Carla, I'll ring you back today.",
            "(call|ring) (Carla|her|you) back (today|this afternoon)",
        ),
        ("We're asking about the budgets", "ask about budget"),
    ],
)
def test_real_wording_is_caught(text, phrasing):
    assert found(text, phrasing)


@pytest.mark.parametrize(
    ("text", "phrasing"),
    [
        ("I'm not going to talk about term or volume.", "talk about term"),
        ("I can't join calls on Fridays.", "join"),
        ("No need to confirm the date now.", "confirm the date"),
        ("We won't offer a discount.", "offer a discount"),
        ("I never promised a delivery date", "promise a delivery date"),
    ],
)
def test_a_negated_phrasing_does_not_count(text, phrasing):
    (match,) = PhraseMatcher().match(text, [Expected("b", [phrasing])])
    assert not match.found and match.blocked


def test_a_negation_in_an_earlier_clause_does_not_block_a_later_one():
    assert found("I won't rush you, but could you tell me what matters most?", "tell me what")
    assert found("No problem. Let me confirm the date.", "confirm the date")


def test_the_span_cites_the_words_that_show_the_behaviour():
    text = "Thanks Dana. Could you tell me more about the rollout?"
    (match,) = PhraseMatcher().match(text, [Expected("b", ["tell me about"])])
    assert text[slice(*match.span)] == "tell me more about"


@pytest.mark.parametrize(
    ("text", "phrasing"),
    [
        ("How do so many teams print?", "how many"),  # two words between: not one phrase
        ("Come and visit our showroom", "how"),
        ("tell me. About the rollout", "tell me about"),  # a clause boundary between
    ],
)
def test_words_far_apart_or_across_clauses_do_not_make_a_phrase(text, phrasing):
    assert not found(text, phrasing)


@pytest.mark.parametrize(
    ("word", "stemmed"),
    [("asked", "ask"), ("asking", "ask"), ("asks", "ask"), ("budgets", "budget"),
     ("stopped", "stop"), ("companies", "company"), ("business", "business"), ("was", "was")],
)  # fmt: skip
def test_stems_meet_across_inflections_without_collisions(word, stemmed):
    assert stem(word) == stem(stemmed)


def test_a_written_answer_is_cut_at_the_spans_it_was_credited_for():
    from trainer.scenarios.debrief import AnswerPart, highlighted

    text = "Thanks. Could you tell me more about it, and when do you need it?"
    tell, when = text.index("tell me"), text.index("when")
    spans = [((tell, tell + 18), "Open question"), ((when, when + 18), "Asks timing")]
    parts = highlighted(text, spans)
    assert "".join(p.text for p in parts) == text
    assert [p for p in parts if p.shows] == [
        AnswerPart("tell me more about", ("Open question",)),
        AnswerPart("when do you need i", ("Asks timing",)),  # the span, not the word's end
    ]
