"""What a quiz page shows: each question with its choices in display order and its answer so far.

Built from the attempt's stored plan, so the choices keep the order the taker first saw, and with
the feedback only once an answer is final.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from werkzeug.datastructures import MultiDict

from trainer.assessments import store
from trainer.assessments.delivery import choices_of, displayed
from trainer.assessments.items import ItemBase
from trainer.assessments.kinds import item_of
from trainer.assessments.models import Attempt, Response
from trainer.assessments.scoring import Score
from trainer.assessments.types import type_of
from trainer.assessments.types.base import ItemType


def field_prefix(position: int) -> str:
    """The prefix of the form fields of the question at `position` ("q3-choice")."""
    return f"q{position}-"


def fields_at(form: MultiDict[str, str], position: int) -> dict[str, list[str]]:
    """The posted fields of the question at `position`, by their names without the prefix."""
    prefix = field_prefix(position)
    return {name[len(prefix) :]: form.getlist(name) for name in form if name.startswith(prefix)}


@dataclass(frozen=True)
class Question:
    """One item as a page shows it: its choices in display order, the answer saved so far."""

    position: int
    number: int
    section: str
    item: ItemBase
    shown: list[Any]
    values: dict[str, list[str]]
    response: Response
    feedback: Score | None  # only once the answer is final

    @property
    def prefix(self) -> str:
        return field_prefix(self.position)

    @property
    def item_type(self) -> ItemType:
        """The item's type: which partial draws it, whether certainty is asked."""
        return type_of(self.item)

    def value(self, name: str) -> str:
        return (self.values.get(name) or [""])[0]

    def chosen(self, name: str, value: str) -> bool:
        return value in (self.values.get(name) or [])


def question_of(attempt: Attempt, response: Response, reveal: bool) -> Question:
    """The question at `response`'s place, with feedback once final or when `reveal` asks."""
    planned = attempt.plan[response.position]
    item = item_of(response.item_version)
    choices = choices_of(item)
    final = reveal or response.checked
    return Question(
        position=response.position,
        number=response.position + 1,
        section=planned["section"],
        item=item,
        shown=[choices[i] for i in planned["order"]],
        values=displayed(response.answer, item, planned["order"]),
        response=response,
        feedback=store.feedback_for(response) if final else None,
    )


def by_competency(questions: list[Question]) -> dict[str, tuple[float, int]]:
    """Points and scored answers per competency, for the result page's summary."""
    totals: dict[str, tuple[float, int]] = {}
    for q in questions:
        if q.response.points is None:
            continue
        for competency in q.item.competencies:
            points, count = totals.get(competency, (0.0, 0))
            totals[competency] = (points + q.response.points, count + 1)
    return totals
