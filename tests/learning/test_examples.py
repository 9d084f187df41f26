"""What a learned example decides, and what it must never decide (pure, no database)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from trainer.scenarios.learning.examples import (
    CONFIRMED,
    REJECTED,
    Example,
    LearnedMatcher,
    StepMatcher,
    near_identical,
    settled,
    verdict,
    words,
)
from trainer.scenarios.matcher import PhraseMatcher


@dataclass(frozen=True)
class B:
    key: str
    phrasings: list[str] = field(default_factory=list)


ANSWER = "What would a day of downtime cost your team, and who signs off on the budget?"
COST = B("cost", ["(cost|costs) your team"])
SIGNER = B("signer", ["who signs off"])


def same(a: str, b: str) -> bool:
    return near_identical(words(a), words(b))


@pytest.mark.parametrize(
    "other",
    [
        ANSWER,
        ANSWER.upper(),
        "what would a day of downtime cost your team and who signs off on the budget",
        "What would a day of downtime costs your team, and who signed off on the budget?",
        "What would a day of downtime cost your team, and who sings off on the budget?",  # typo
        "What would one day of downtime cost your team, and who signs off on the budget?",
    ],
)
def test_case_punctuation_inflections_a_typo_or_one_word_are_near_identical(other):
    assert same(ANSWER, other)


@pytest.mark.parametrize(
    "other",
    [
        "I would not ask what a day of downtime cost your team, or who signs off on the budget?",
        "What wouldn't a day of downtime cost your team, and who signs off on the budget?",
        "I won't ask: " + ANSWER,
        ANSWER + " Just kidding, I never ask customers that, it is none of my business.",
        "Before I quote, tell me: " + ANSWER + " And when does the current contract end?",
        "What would a week of lost sales cost your company, and who approves the spend?",
    ],
)
def test_added_negation_stuffing_or_other_words_are_not_near_identical(other):
    assert not same(ANSWER, other)


def test_a_short_reply_tolerates_a_typo_but_not_a_changed_word():
    assert same("I'll send the invite today", "I'll send the invtie today")
    assert not same("I'll send the invite today", "I'll send the invite tomorrow")
    assert not same("I'll send the invite", "I'll not send the invite")


def test_now_and_not_differ_by_a_letter_but_a_negation_is_never_a_typo():
    assert not same("I can confirm the date now", "I can confirm the date not")


def test_a_rejection_wins_a_tie_and_the_closest_example_wins_otherwise():
    yes = Example("s", "cost", ANSWER, True)
    no = Example("s", "cost", ANSWER.lower(), False)
    assert verdict(words(ANSWER), [yes, no]) is no
    close = Example("s", "cost", ANSWER.replace("budget", "budgets"), True)
    far = Example("s", "cost", ANSWER.replace("downtime", "outage"), False)
    assert verdict(words(ANSWER), [far, close]) is close
    assert verdict(words("Something else entirely"), [yes, no]) is None


def test_a_learned_rejection_suppresses_credit_the_phrasings_give():
    matcher = StepMatcher(PhraseMatcher(), [Example("s", "signer", ANSWER, False)])
    cost, signer = matcher.match(ANSWER + " ", [COST, SIGNER])
    assert cost.found and cost.phrase != CONFIRMED  # the phrasings still decide the other one
    assert not signer.found and signer.blocked == REJECTED


def test_a_learned_positive_credits_the_whole_reply_the_phrasings_miss():
    reply = "  How much does it hurt when the line is down for a day?  "
    matcher = StepMatcher(PhraseMatcher(), [Example("s", "cost", reply.strip(), True)])
    (cost,) = matcher.match(reply, [COST])
    assert cost.found and cost.phrase == CONFIRMED
    assert reply[cost.span[0] : cost.span[1]] == reply.strip()


def test_a_learned_positive_stuffed_into_a_longer_negated_answer_earns_nothing():
    positive = "How much does it hurt when the line is down for a day?"
    matcher = StepMatcher(PhraseMatcher(), [Example("s", "cost", positive, True)])
    for stuffed in (
        f"I'm not going to ask you this: {positive}",
        f"{positive} No, forget it, I won't ask how much it hurts.",
        f"{positive} {positive}",
    ):
        (cost,) = matcher.match(stuffed, [COST])
        assert not cost.found, stuffed


def test_examples_apply_only_to_their_own_step_and_behaviour():
    learned = LearnedMatcher(PhraseMatcher(), [Example("close", "signer", ANSWER, False)])
    assert learned.at_step("close").match(ANSWER, [SIGNER])[0].blocked == REJECTED
    assert learned.at_step("open").match(ANSWER, [SIGNER])[0].found
    assert learned.at_step("close").match(ANSWER, [B("signer-2", ["who signs off"])])[0].found


def test_a_reply_is_settled_only_when_every_behaviour_was_decided_by_an_example():
    examples = [Example("s", "cost", ANSWER, True), Example("s", "signer", ANSWER, False)]
    assert settled(StepMatcher(PhraseMatcher(), examples).match(ANSWER, [COST, SIGNER]))
    assert not settled(StepMatcher(PhraseMatcher(), examples[:1]).match(ANSWER, [COST, SIGNER]))
    assert not settled([])


def test_the_banded_distance_agrees_with_the_full_one_within_its_limit():
    import random

    from trainer.scenarios.learning.examples import distance

    rng = random.Random(7)
    vocabulary = ["ask", "cost", "costs", "team", "budget", "when", "who", "sign", "off", "the"]
    for _ in range(300):
        a = [rng.choice(vocabulary) for _ in range(rng.randint(0, 12))]
        b = [rng.choice(vocabulary) for _ in range(rng.randint(0, 12))]
        full = distance(a, b)
        for limit in (0.5, 1, 1.5, 3):
            banded = distance(a, b, limit)
            assert banded == (full if full <= limit else float("inf")), (a, b, limit)


def test_a_long_reply_against_many_examples_is_judged_without_a_full_comparison():
    from trainer.scenarios.learning import examples as module

    reply = words(" ".join(f"word{i}" for i in range(400)))
    learned = [Example("s", "b", " ".join(f"other{i}" for i in range(400)), True)] * 20
    calls = []
    original = module._typo
    module._typo = lambda a, b: calls.append(1) or original(a, b)
    try:
        assert verdict(reply, learned) is None
    finally:
        module._typo = original
    assert len(calls) < 20 * 400 * 400 / 20  # a full comparison: 20 x 400 x 400
