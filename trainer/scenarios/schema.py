"""The YAML shape of a role-play call (docs/content/scenarios.md) and `read_scenario`.

Each step is validated on its own (trainer/scenarios/steps.py), so one broken step does not hide
the problems of the others; the graph is checked once every step reads.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field

from trainer.content.problems import Problem
from trainer.content.schema import Key, Text
from trainer.content.source import Document
from trainer.content.validation import ContentModel, PackKeys, validate
from trainer.scenarios.checks import check_examples, check_references, problem_at
from trainer.scenarios.graph import check_graph
from trainer.scenarios.steps import (
    MARKERS,
    STEP_MODELS,
    Behaviour,
    BranchRule,
    BranchStep,
    Choice,
    ChoiceStep,
    CustomerStep,
    Effects,
    EndingStep,
    Evidence,
    FreeStep,
    Step,
    StepKey,
    step_kinds,
)

__all__ = [
    "Behaviour",
    "Brief",
    "BranchRule",
    "BranchStep",
    "Choice",
    "ChoiceStep",
    "CustomerStep",
    "EndingStep",
    "Effects",
    "Evidence",
    "FreeStep",
    "InitialState",
    "Persona",
    "Scenario",
    "Step",
    "read_scenario",
]
CallType = Literal[
    "inbound",
    "cold_call",
    "lead_follow_up",
    "renewal",
    "price_negotiation",
    "escalation",
    "executive_review",
    "pipeline_review",
]


class Persona(ContentModel):
    name: Text
    role: Text
    company: Text
    industry: str = ""
    personality: str = ""
    mood: str = ""
    goals: list[Text] = []
    pain_points: list[Text] = []
    budget: str = ""
    authority: str = ""
    owns: list[Text] = []


class Brief(ContentModel):
    objective: Text
    known_before_call: list[Text] = []


class InitialState(ContentModel):
    rapport: Annotated[int, Field(ge=0, le=100)] = 50
    sentiment: Annotated[int, Field(ge=-100, le=100)] = 0
    deal_value: Annotated[int, Field(ge=0)] = 0


class ScenarioHeader(ContentModel):
    """Every top-level field; steps are only checked to be mappings here."""

    key: Key
    title: Text
    call_type: CallType
    profile: Key
    level: int
    minutes: Annotated[int, Field(gt=0)]
    summary: Text
    persona: Persona
    brief: Brief
    state: InitialState = InitialState()
    start: StepKey
    timeout: StepKey | None = None
    steps: dict[StepKey, dict[str, Any]] = Field(min_length=1)


class Scenario(ScenarioHeader):
    steps: dict[StepKey, Step] = Field(min_length=1)  # type: ignore[assignment]


def _read_steps(doc: Document) -> tuple[dict[str, Any], list[Problem]]:
    raw_steps = doc.data.get("steps")
    steps: dict[str, Any] = {}
    problems: list[Problem] = []
    for key, raw in raw_steps.items() if isinstance(raw_steps, dict) else ():
        if not isinstance(raw, dict):
            continue  # the header reports it
        kinds = step_kinds(raw)
        if len(kinds) > 1:
            fields = " and ".join(f for f in MARKERS if f in raw)
            message = f"a step is exactly one kind, but this one has {fields}"
            problems.append(problem_at(doc, ("steps", key), message))
            continue
        step, step_problems = validate(STEP_MODELS[kinds[0]], doc, ("steps", key))
        problems.extend(step_problems)
        if step is not None:
            steps[key] = step
    return steps, problems


def read_scenario(doc: Document, keys: PackKeys) -> tuple[Scenario | None, list[Problem]]:
    """Validate a scenario's fields, references and graph; report every problem found."""
    if not isinstance(doc.data, dict):
        return None, [doc.problem((), "expected a mapping of fields at the top")]
    header, problems = validate(ScenarioHeader, doc)
    steps, step_problems = _read_steps(doc)
    problems += step_problems
    problems += check_references(doc, steps, keys, Path(doc.file).stem)
    problems += check_examples(doc, steps)
    if header is None or step_problems:
        return None, problems  # the graph of a half-read scenario would report false problems
    problems += check_graph(doc, header.start, header.timeout, steps)
    if problems:
        return None, problems
    scenario, problems = validate(Scenario, doc)
    return scenario, problems
