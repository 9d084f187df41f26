"""The scenarios' content kind: role-play calls (docs/content/scenarios.md)."""

from __future__ import annotations

from trainer.content.kinds import ContentKind, Records
from trainer.content.models import ContentVersion
from trainer.content.parsed import parsed
from trainer.content.problems import Problem
from trainer.content.source import Document
from trainer.content.validation import PackKeys
from trainer.scenarios.explore import exercised_competencies
from trainer.scenarios.schema import Scenario, read_scenario


def read_scenarios(
    doc: Document, keys: PackKeys, records: Records
) -> tuple[list[Scenario], list[Problem]]:
    """A scenario file holds one call."""
    scenario, problems = read_scenario(doc, keys)
    return ([scenario] if scenario is not None else []), problems


def scenario_of(version: ContentVersion) -> Scenario:
    """The validated scenario of a stored version, parsed once per distinct content."""
    return parsed(version, Scenario.model_validate)


SCENARIO = ContentKind("scenario", "scenarios", read_scenarios, exercises=exercised_competencies)
