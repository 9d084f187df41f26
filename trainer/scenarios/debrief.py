"""The debrief after a call: the path against the best one, evidence per competency, coaching.

Built from the replayed state, so it is the same whenever it is shown and needs nothing stored
beyond the moves.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from trainer.scenarios.engine import best_path
from trainer.scenarios.schema import Scenario
from trainer.scenarios.state import CallState, EvidenceRecord

NEXT_PRACTICE = 3  # how many competencies to suggest


@dataclass(frozen=True)
class CompetencyEvidence:
    competency: str
    net_weight: int
    level: int | None  # the highest level with net positive evidence; None when net <= 0
    records: tuple[EvidenceRecord, ...]


@dataclass(frozen=True)
class Tip:
    step: str
    said: str
    feedback: str
    better: str  # the best choice at that step


@dataclass(frozen=True)
class BehaviourResult:
    step: str
    key: str
    label: str
    competency: str
    found: bool
    phrase: str | None


@dataclass(frozen=True)
class AnswerPart:
    """A run of a written answer, and the behaviours it was credited with (none: plain text)."""

    text: str
    shows: tuple[str, ...] = ()


@dataclass(frozen=True)
class WrittenAnswer:
    step: str
    parts: tuple[AnswerPart, ...]


def highlighted(text: str, spans: list[tuple[tuple[int, int], str]]) -> tuple[AnswerPart, ...]:
    """`text` cut at the credited spans, each part naming the behaviours it shows."""
    cuts = sorted({0, len(text), *(i for span, _ in spans for i in span)})
    parts = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        labels = tuple(label for (a, b), label in spans if a <= start and end <= b)
        if parts and parts[-1].shows == labels:
            parts[-1] = AnswerPart(parts[-1].text + text[start:end], labels)
        else:
            parts.append(AnswerPart(text[start:end], labels))
    return tuple(parts)


@dataclass(frozen=True)
class Debrief:
    outcome: str | None
    ending: str | None
    ending_title: str
    ending_text: str
    timed_out: bool
    path: tuple[str, ...]
    best_path: tuple[str, ...]
    best_outcome: str | None
    best_choices: int  # decisions that matched the best choice
    choice_decisions: int
    competencies: tuple[CompetencyEvidence, ...]
    tips: tuple[Tip, ...]
    behaviours: tuple[BehaviourResult, ...]
    next_practice: tuple[str, ...]
    needs_review: bool  # free responses were matched by phrase; a person should confirm
    answers: tuple[WrittenAnswer, ...] = ()  # each written answer, its credited words marked

    @property
    def found(self) -> tuple[BehaviourResult, ...]:
        return tuple(b for b in self.behaviours if b.found)

    @property
    def missing(self) -> tuple[BehaviourResult, ...]:
        return tuple(b for b in self.behaviours if not b.found)


def summarise(records: tuple[EvidenceRecord, ...]) -> tuple[CompetencyEvidence, ...]:
    """Net weight and supported level per competency, in the order they were first evidenced."""
    grouped: dict[str, list[EvidenceRecord]] = defaultdict(list)
    for record in records:
        grouped[record.competency].append(record)
    result = []
    for competency, group in grouped.items():
        by_level: dict[int, int] = defaultdict(int)
        for record in group:
            by_level[record.level] += record.weight
        net = sum(by_level.values())
        supported = [level for level, weight in by_level.items() if weight > 0]
        level = max(supported) if net > 0 and supported else None
        result.append(CompetencyEvidence(competency, net, level, tuple(group)))
    return tuple(result)


def _tips(scenario: Scenario, state: CallState) -> tuple[Tip, ...]:
    tips = []
    for decision in state.decisions:
        if decision.best is False:
            choices = scenario.steps[decision.step].choices
            chosen, best = choices[decision.choice], next(c for c in choices if c.best)
            tips.append(Tip(decision.step, chosen.text, chosen.feedback, best.text))
    return tuple(tips)


def _behaviours(scenario: Scenario, state: CallState) -> tuple[BehaviourResult, ...]:
    results = []
    for decision in state.decisions:
        behaviours = getattr(scenario.steps[decision.step], "behaviours", [])
        for behaviour, match in zip(behaviours, decision.matches, strict=True):
            results.append(
                BehaviourResult(
                    decision.step,
                    behaviour.key,
                    behaviour.label,
                    behaviour.competency,
                    match.found,
                    _said(decision.text, match),
                )
            )
    return tuple(results)


def _said(text: str | None, match) -> str | None:
    """The learner's own words that showed the behaviour (the authored phrasing if none)."""
    if match.found and text and match.span:
        return text[match.span[0] : match.span[1]]
    return match.phrase if match.found else None


def _answers(scenario: Scenario, state: CallState) -> tuple[WrittenAnswer, ...]:
    answers = []
    for decision in state.decisions:
        behaviours = getattr(scenario.steps[decision.step], "behaviours", [])
        if decision.text is None or not behaviours:
            continue
        spans = [
            (match.span, behaviour.label)
            for behaviour, match in zip(behaviours, decision.matches, strict=True)
            if match.found and match.span
        ]
        answers.append(WrittenAnswer(decision.step, highlighted(decision.text, spans)))
    return tuple(answers)


def _next_practice(competencies: tuple[CompetencyEvidence, ...]) -> tuple[str, ...]:
    """Competencies the call showed weakness in: net <= 0, a choice against, or a gap."""
    weak = [
        c
        for c in competencies
        if c.net_weight <= 0 or any(r.weight < 0 or r.missing for r in c.records)
    ]
    weak.sort(key=lambda c: (c.net_weight, c.competency))
    return tuple(c.competency for c in weak[:NEXT_PRACTICE])


def debrief(scenario: Scenario, state: CallState) -> Debrief:
    """Connect the path taken to the competencies: what went well, what to try next."""
    ending = scenario.steps[state.ending] if state.ending else None
    best = best_path(scenario)
    competencies = summarise(state.evidence)
    return Debrief(
        outcome=state.outcome,
        ending=state.ending,
        ending_title=getattr(ending, "title", ""),
        ending_text=getattr(ending, "debrief", ""),
        timed_out=state.timed_out,
        path=state.path,
        best_path=best.path,
        best_outcome=best.outcome,
        best_choices=sum(d.best is True for d in state.decisions),
        choice_decisions=sum(d.best is not None for d in state.decisions),
        competencies=competencies,
        tips=_tips(scenario, state),
        behaviours=_behaviours(scenario, state),
        answers=_answers(scenario, state),
        next_practice=_next_practice(competencies),
        needs_review=any(record.needs_review for record in state.evidence),
    )
