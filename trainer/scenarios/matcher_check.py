"""How well a matcher reads a labelled set of replies: precision, recall and F1 per behaviour.

Pure: behaviours and labelled replies in, figures and every disagreement out. `trainer matcher
check FILE` prints them; the tests hold the bundled steps to them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import Field, model_validator

from trainer.content.schema import Key, Text
from trainer.content.validation import ContentModel
from trainer.scenarios.matcher import Matcher, PhraseMatcher


class CheckedBehaviour(ContentModel):
    key: Key
    label: Text
    phrasings: list[Text] = Field(min_length=1)
    examples: list[Text] = []
    near_misses: list[Text] = []


class LabelledReply(ContentModel):
    text: Text
    shows: list[Key] = []  # the behaviours a person reading it says it shows
    kind: str = ""  # optional: "negated", "stuffed", "typo" ..., to report by kind


class LabelledSet(ContentModel):
    """Behaviours and the replies to read against them; or, instead of behaviours, the scenario
    and step of a pack whose behaviours to use, so the set follows the content as it changes."""

    scenario: Key | None = None
    step: Key | None = None
    behaviours: list[CheckedBehaviour] = []
    replies: list[LabelledReply] = Field(min_length=1)

    @model_validator(mode="after")
    def _behaviours_or_step(self) -> LabelledSet:
        if not self.behaviours and not (self.scenario and self.step):
            raise ValueError("give behaviours, or the scenario and step whose behaviours to use")
        return self


def with_behaviours(labelled: LabelledSet, behaviours: Sequence[Any]) -> LabelledSet:
    """The set read against `behaviours` (a step's, say); anything with key, label, phrasings."""
    checked = [
        CheckedBehaviour(
            key=b.key,
            label=b.label,
            phrasings=list(b.phrasings),
            examples=list(getattr(b, "examples", [])),
            near_misses=list(getattr(b, "near_misses", [])),
        )
        for b in behaviours
    ]
    return labelled.model_copy(update={"behaviours": checked})


@dataclass
class Tally:
    true_pos: int = 0
    false_pos: int = 0
    false_neg: int = 0

    @property
    def precision(self) -> float:
        credited = self.true_pos + self.false_pos
        return self.true_pos / credited if credited else 1.0

    @property
    def recall(self) -> float:
        shown = self.true_pos + self.false_neg
        return self.true_pos / shown if shown else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    tallies: dict[str, Tally]
    misses: list[tuple[int, str, str]] = field(default_factory=list)  # reply, behaviour, text
    false_credits: list[tuple[int, str, str]] = field(default_factory=list)
    credited_by_kind: dict[str, tuple[int, int]] = field(default_factory=dict)  # credited, all

    @property
    def macro_f1(self) -> float:
        return sum(t.f1 for t in self.tallies.values()) / len(self.tallies)

    @property
    def macro_precision(self) -> float:
        return sum(t.precision for t in self.tallies.values()) / len(self.tallies)

    @property
    def macro_recall(self) -> float:
        return sum(t.recall for t in self.tallies.values()) / len(self.tallies)


def check(labelled: LabelledSet, matcher: Matcher | None = None) -> Report:
    """Run every reply through the matcher against every behaviour and compare with its labels."""
    matcher = matcher or PhraseMatcher()
    behaviours: Sequence[CheckedBehaviour] = labelled.behaviours
    unknown = {k for r in labelled.replies for k in r.shows} - {b.key for b in behaviours}
    if unknown:
        raise ValueError(f"replies name behaviours the file does not define: {sorted(unknown)}")
    report = Report({b.key: Tally() for b in behaviours})
    for n, reply in enumerate(labelled.replies):
        credited = {m.key for m in matcher.match(reply.text, behaviours) if m.found}
        for behaviour in behaviours:
            tally, shown = report.tallies[behaviour.key], behaviour.key in reply.shows
            if shown and behaviour.key in credited:
                tally.true_pos += 1
            elif shown:
                tally.false_neg += 1
                report.misses.append((n, behaviour.key, reply.text))
            elif behaviour.key in credited:
                tally.false_pos += 1
                report.false_credits.append((n, behaviour.key, reply.text))
        if reply.kind:
            wrongly = bool(credited - set(reply.shows))
            hit, total = report.credited_by_kind.get(reply.kind, (0, 0))
            report.credited_by_kind[reply.kind] = (hit + wrongly, total + 1)
    return report


def pool(named: Sequence[tuple[str, LabelledSet]]) -> dict[str, LabelledSet]:
    """Sets by name; sets for the same scenario step (a tuning part and a held-out part, say)
    pool their replies, so each behaviour is scored once on all of them."""
    pooled: dict[str, LabelledSet] = {}
    for name, labelled in named:
        if labelled.scenario and labelled.step:
            name = f"{labelled.scenario}.{labelled.step}"
        if name in pooled:
            replies = pooled[name].replies + labelled.replies
            labelled = pooled[name].model_copy(update={"replies": replies})
        pooled[name] = labelled
    return pooled


def combine(reports: dict[str, Report]) -> Report:
    """One report over several sets: behaviours named `set/key`, replies numbered per set."""
    combined = Report({})
    for name, report in reports.items():
        for key, tally in report.tallies.items():
            combined.tallies[f"{name}/{key}"] = tally
        combined.misses += [(n, f"{name}/{key}", text) for n, key, text in report.misses]
        combined.false_credits += [
            (n, f"{name}/{key}", text) for n, key, text in report.false_credits
        ]
        for kind, (wrongly, total) in report.credited_by_kind.items():
            hit, seen = combined.credited_by_kind.get(kind, (0, 0))
            combined.credited_by_kind[kind] = (hit + wrongly, seen + total)
    return combined
