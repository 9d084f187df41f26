"""The bundled calls measure judgement, not test-wiseness: no length or position cue, no strawmen.

Every decision's best choice is within 1.3x the median alternative's length and at least one
alternative is partly right (carries some positive evidence). Strategies that read cues instead of
the customer (always the longest, always the first, always a question) are played over every
decision the engine can reach and must not beat chance by more than 10 points. The facts the
issue corrected stay corrected.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from statistics import median

import pytest

from trainer.content.source import read_yaml
from trainer.scenarios.engine import apply, start
from trainer.scenarios.explore import _moves
from trainer.scenarios.schema import Choice, ChoiceStep, Scenario, read_scenario
from trainer.scenarios.state import CallState

from .test_bundled import BUNDLED, KEYS, SCENARIOS

pytestmark = pytest.mark.no_database  # tests/conftest.py: run once, in the SQLite run
MAX_BEST_RATIO = 1.3
MAX_ABOVE_CHANCE = 0.10
SEARCH_LIMIT = 20_000  # distinct (step, stats) positions per call


def load(path: Path) -> Scenario:
    scenario, problems = read_scenario(read_yaml(path, BUNDLED), KEYS)
    assert scenario is not None, problems
    return scenario


CALLS = {path.stem: load(path) for path in SCENARIOS}


def choice_steps(scenario: Scenario) -> Iterator[tuple[str, ChoiceStep]]:
    for key, step in scenario.steps.items():
        if step.kind == "choice":
            yield key, step


def best_ratio(step: ChoiceStep) -> float:
    best = next(c for c in step.choices if c.best)
    others = [len(c.text) for c in step.choices if not c.best]
    return len(best.text) / median(others)


def partly_right(choice: Choice) -> bool:
    return not choice.best and any(e.weight > 0 for e in choice.evidence)


def reached(scenario: Scenario) -> tuple[dict[str, ChoiceStep], list[CallState]]:
    """Every choice step and every state the engine reaches from the start, by any moves."""
    steps: dict[str, ChoiceStep] = {}
    states: list[CallState] = []
    seen: set[tuple[str, object]] = set()
    todo = [start(scenario)]
    while todo and len(seen) < SEARCH_LIMIT:
        state = todo.pop()
        if state.ended or (state.step, state.stats) in seen:
            continue
        seen.add((state.step, state.stats))
        states.append(state)
        step = scenario.steps[state.step]
        if step.kind == "choice":
            steps[state.step] = step
        todo.extend(apply(scenario, state, move) for move in _moves(scenario, state))
    return steps, states


class Reached(dict):
    """Each call's reach, searched when a test first asks: searched at import, every worker of
    every run paid for all of them while collecting, whether it ran these tests or not."""

    def __missing__(self, key: str) -> tuple[dict[str, ChoiceStep], list[CallState]]:
        self[key] = reached(CALLS[key])
        return self[key]


REACHED = Reached()


def longest(step: ChoiceStep) -> list[int]:
    """The longest choice (a tie is a coin toss between the longest)."""
    top = max(len(c.text) for c in step.choices)
    return [i for i, c in enumerate(step.choices) if len(c.text) == top]


def first(step: ChoiceStep) -> list[int]:
    return [0]


def asks(step: ChoiceStep) -> list[int]:
    """The choices that ask a question (a test-wise learner picks among them), else all."""
    asking = [i for i, c in enumerate(step.choices) if "?" in c.text]
    return asking or list(range(len(step.choices)))


@dataclass(frozen=True)
class Score:
    hits: float
    chance: float
    decisions: int

    @property
    def above_chance(self) -> float:
        return (self.hits - self.chance) / self.decisions


def strategy_score(pick: Callable[[ChoiceStep], list[int]], calls=None) -> Score:
    """Over every decision the engine can reach in `calls`: the expected number of best choices
    a learner finds by picking at random among the choices `pick` prefers."""
    hits = chance = decisions = 0.0
    for key in calls or CALLS:
        for step in REACHED[key][0].values():
            picked = pick(step)
            hits += sum(step.choices[i].best for i in picked) / len(picked)
            chance += 1 / len(step.choices)
            decisions += 1
    return Score(hits, chance, int(decisions))


def test_every_call_is_walked_to_its_decisions():
    for key, scenario in CALLS.items():
        assert set(REACHED[key][0]) == {k for k, _ in choice_steps(scenario)}, key


@pytest.mark.parametrize("key", sorted(CALLS))
def test_best_choice_is_no_longer_than_1_3_times_the_median_alternative(key):
    long = {
        step_key: round(best_ratio(step), 2)
        for step_key, step in choice_steps(CALLS[key])
        if best_ratio(step) > MAX_BEST_RATIO
    }
    assert long == {}


@pytest.mark.parametrize("key", sorted(CALLS))
def test_every_decision_has_a_partly_right_alternative(key):
    strawmen_only = [
        step_key
        for step_key, step in choice_steps(CALLS[key])
        if not any(partly_right(c) for c in step.choices)
    ]
    assert strawmen_only == []


@pytest.mark.parametrize("pick", [longest, first, asks], ids=lambda f: f.__name__)
def test_test_wise_strategies_do_not_beat_chance_by_more_than_ten_points(pick):
    score = strategy_score(pick)
    assert score.decisions >= 100
    assert score.above_chance <= MAX_ABOVE_CHANCE, score


def test_the_best_choice_is_not_always_first_in_any_call():
    for key, scenario in CALLS.items():
        positions = {
            next(i for i, c in enumerate(s.choices) if c.best) for _, s in choice_steps(scenario)
        }
        assert len(positions) > 1, key


def test_the_strategy_score_sees_a_planted_length_cue():
    """The measure can fail: make every best choice the longest and it is reported."""
    scenario = CALLS["key-account-renewal"]
    steps = REACHED["key-account-renewal"][0]
    padded = {
        key: step.model_copy(
            update={
                "choices": [
                    c.model_copy(update={"text": c.text + " " + "x" * 400}) if c.best else c
                    for c in step.choices
                ]
            }
        )
        for key, step in steps.items()
    }
    REACHED["planted"] = (padded, [])
    try:
        score = strategy_score(longest, ["planted"])
        assert score.hits == score.decisions
        assert score.above_chance > MAX_ABOVE_CHANCE
    finally:
        del REACHED["planted"]
    assert any(best_ratio(s) > MAX_BEST_RATIO for s in padded.values())
    assert scenario.key == "key-account-renewal"


# The facts the issue found wrong.


def spoken(scenario: Scenario) -> str:
    """Every line of the call, customer's and learner's, with feedback and debriefs."""
    texts: list[str] = []
    for step in scenario.steps.values():
        texts += [getattr(step, f, "") or "" for f in ("say", "prompt", "debrief", "title")]
        for c in getattr(step, "choices", ()):
            texts += [c.text, c.reply or "", c.feedback]
    return " ".join(" ".join(texts).split())


def test_renewal_fill_rate_arithmetic_is_right():
    """97% fill against RapidCrew's 90% guarantee is seven points, not five: $336k, not $240k."""
    text = spoken(CALLS["key-account-renewal"]).lower()
    assert "five points" not in text and "five-point" not in text
    assert "$240" not in text and "two hundred and forty thousand" not in text
    assert "seven points" in text and "$336,000" in text
    assert "three hundred and thirty-six thousand" in text
    shifts = 30_000  # "about thirty thousand shifts a year": 120 associates, 250 shifts each
    assert round(shifts * (0.97 - 0.90) * 160) == 336_000


APPROVAL_LIMITS = {"hp-inbound-upsell": 1500, "ms-smb-repeat-business": 12000}
PERCENT_OFF = re.compile(r"\b(five|ten|fifteen|\d+)(?: percent|%) off\b", re.I)
WORDS = {"five": 5, "ten": 10, "fifteen": 15}


def discount_claims(scenario: Scenario) -> Iterator[tuple[str, Choice, int]]:
    """Choices that offer a percentage off and say, or are answered, that it gets under a limit."""
    for key, step in choice_steps(scenario):
        for choice in step.choices:
            offer = PERCENT_OFF.search(choice.text)
            said = f"{choice.text} {choice.reply or ''}".lower()
            if offer and " under" in said:
                word = offer.group(1).lower()
                yield key, choice, WORDS.get(word) or int(word)


@pytest.mark.parametrize("key", sorted(APPROVAL_LIMITS))
def test_a_discount_said_to_get_under_the_limit_does_so_on_every_path(key):
    limit, scenario = APPROVAL_LIMITS[key], CALLS[key]
    wrong = [
        (step, state.stats.deal_value, percent)
        for step, _, percent in discount_claims(scenario)
        for state in REACHED[key][1]
        if state.step == step and state.stats.deal_value * (100 - percent) / 100 >= limit
    ]
    assert wrong == []


def test_hp_ten_percent_line_claims_nothing_it_cannot_keep():
    """At the approval limit, ten percent off leaves the order above $1,500 on most paths."""
    step = CALLS["hp-inbound-upsell"].steps["over-limit"]
    offers = [c for c in step.choices if PERCENT_OFF.search(c.text)]
    assert offers, "the over-limit step should still tempt the learner with a discount"
    for choice in offers:
        assert " under" not in f"{choice.text} {choice.reply}".lower()
    values = {s.stats.deal_value for s in REACHED["hp-inbound-upsell"][1] if s.step == "over-limit"}
    assert sum(v * 0.9 >= HP_LIMIT for v in values) > len(values) / 2


HP_LIMIT = 1500
REP_NAMED = re.compile(
    r"(?:it's|this is|I'm|,)\s+[A-Z][a-z]+(?: [A-Z][a-z]+)?"
    r" from (?:the )?(?:HP|Microsoft|Northline)"
)


@pytest.mark.parametrize("key", sorted(CALLS))
def test_the_learner_is_never_given_someone_elses_name(key):
    """The debrief shows the learner's own name beside their lines, so the script names nobody."""
    scenario = CALLS[key]
    lines = [c.text for _, step in choice_steps(scenario) for c in step.choices]
    assert [line for line in lines if REP_NAMED.search(line)] == []
    said = spoken(scenario) + " " + " ".join(scenario.brief.known_before_call)
    assert "Alex" not in said and "Jordan" not in said
