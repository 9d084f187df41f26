"""Scenarios inside a pack: the pack reader finds them and reports their problems by file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from trainer.content.pack import content_hash
from trainer.content.problems import ContentError
from trainer.kinds import read_pack
from trainer.scenarios.schema import Scenario

MINI = Path(__file__).parents[1] / "content" / "data" / "mini"
CALL = Path(__file__).parent / "data" / "printer-call.yaml"


@pytest.fixture
def pack_dir(tmp_path) -> Path:
    target = tmp_path / "pack"
    shutil.copytree(MINI, target)
    (target / "scenarios").mkdir()
    shutil.copy(CALL, target / "scenarios" / CALL.name)
    return target


def test_pack_reads_the_scenario(pack_dir):
    scenario = read_pack(pack_dir).records_of("scenario")["printer-call"]
    assert scenario.persona.name == "Dana Ortiz"
    stored = scenario.model_dump(mode="json")  # what the content store keeps
    assert Scenario.model_validate(stored) == scenario
    assert content_hash(Scenario.model_validate(stored)) == content_hash(scenario)


def test_pack_reports_scenario_problems_with_file_and_line(pack_dir):
    path = pack_dir / "scenarios" / "printer-call.yaml"
    path.write_text(path.read_text().replace("profile: inside-rep", "profile: outside-rep"))
    with pytest.raises(ContentError) as caught:
        read_pack(pack_dir)
    assert [str(p) for p in caught.value.problems] == [
        "scenarios/printer-call.yaml:4: profile: unknown profile 'outside-rep'"
    ]
