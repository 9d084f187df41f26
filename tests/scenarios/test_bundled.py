"""The bundled role-play calls: valid, playable to each ending, big enough, covering profiles."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from trainer.content.problems import ContentError
from trainer.content.source import read_yaml
from trainer.content.validation import PackKeys
from trainer.scenarios.checks import evidence_sources
from trainer.scenarios.engine import replay
from trainer.scenarios.explore import paths_to_endings
from trainer.scenarios.schema import Scenario, read_scenario

pytestmark = pytest.mark.no_database  # tests/conftest.py: run once, in the SQLite run

BUNDLED = Path(__file__).parents[2] / "trainer" / "content" / "bundled"
SCENARIOS = sorted((BUNDLED / "scenarios").glob("*.yaml"))
MIN_DECISIONS, MIN_ENDINGS, MIN_SCENARIOS_PER_COMPETENCY = 8, 3, 2
# docs/content/keys.md, used until the pack's own competency and profile files exist.
DOCUMENTED_COMPETENCIES = frozenset(
    "customer-focus industry-knowledge decision-making effective-communication negotiating "
    "relationship-management account-management value-selling telesales active-listening "
    "prospecting pipeline-management presentation product-knowledge drive-for-results "
    "persuasion organising-work".split()
)
DOCUMENTED_PROFILES = frozenset(
    "hp-inside-account-manager microsoft-store-smb-advocate enterprise-senior-account-manager "
    "key-account-manager corporate-account-manager".split()
)


def stems(folder: str) -> frozenset[str]:
    return frozenset(path.stem for path in (BUNDLED / folder).glob("*.yaml"))


KEYS = PackKeys(
    competencies=stems("competencies") or DOCUMENTED_COMPETENCIES,
    profiles=stems("profiles") or DOCUMENTED_PROFILES,
)


def read(path: Path) -> tuple[Scenario | None, list[str]]:
    try:
        scenario, problems = read_scenario(read_yaml(path, BUNDLED), KEYS)
    except ContentError as exc:
        return None, [str(problem) for problem in exc.problems]
    return scenario, [str(problem) for problem in problems]


def valid(path: Path) -> Scenario:
    scenario, problems = read(path)
    if scenario is None:
        pytest.fail("\n".join(problems))
    return scenario


def test_bundled_scenarios_exist():
    assert SCENARIOS, f"no scenarios in {BUNDLED / 'scenarios'}"


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda path: path.stem)
def test_bundled_scenario_validates(path):
    scenario, problems = read(path)
    assert problems == []


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda path: path.stem)
def test_bundled_scenario_plays_to_each_ending(path):
    scenario = valid(path)
    endings = {key for key, step in scenario.steps.items() if step.kind == "ending"}
    paths = paths_to_endings(scenario)
    assert sorted(endings - set(paths)) == []  # endings no sequence of moves reaches
    for ending, moves in paths.items():
        assert replay(scenario, moves).ending == ending


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda path: path.stem)
def test_bundled_scenario_is_big_enough(path):
    kinds = [step.kind for step in valid(path).steps.values()]
    assert sum(kind in ("choice", "free") for kind in kinds) >= MIN_DECISIONS
    assert kinds.count("ending") >= MIN_ENDINGS


def required_competencies() -> set[str]:
    required = set()
    for path in (BUNDLED / "profiles").glob("*.yaml"):
        profile = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        required |= {r["competency"] for r in profile.get("requirements", []) if "competency" in r}
    return required


def test_every_required_competency_is_exercised_by_two_scenarios():
    required = required_competencies()
    assert required, f"no role profile requirements in {BUNDLED / 'profiles'}"
    exercised: dict[str, set[str]] = {competency: set() for competency in required}
    for path in SCENARIOS:
        scenario, _ = read(path)
        for _, competency, _ in evidence_sources(scenario.steps if scenario else {}):
            exercised.setdefault(competency, set()).add(path.stem)
    thin = {c: sorted(exercised[c]) for c in sorted(required)
            if len(exercised[c]) < MIN_SCENARIOS_PER_COMPETENCY}  # fmt: skip
    assert thin == {}
