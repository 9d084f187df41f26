"""Reading packs: every problem listed with file and line, nothing half-read."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from trainer.content.pack import content_hash
from trainer.content.problems import ContentError
from trainer.kinds import read_pack

MINI = Path(__file__).parent / "data" / "mini"


@pytest.fixture
def pack_dir(tmp_path) -> Path:
    target = tmp_path / "pack"
    shutil.copytree(MINI, target)
    return target


def problems_of(directory: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        read_pack(directory)
    return [str(problem) for problem in caught.value.problems]


def test_mini_pack_reads_in_file_order():
    pack = read_pack(MINI)
    assert list(pack.records_of("competency")) == [
        "active-listening",
        "negotiating",
        "value-selling",
    ]
    assert pack.records_of("profile")["inside-rep"].requirements[0].competency == "negotiating"


def test_broken_reference_names_file_and_line(pack_dir):
    profile = pack_dir / "profiles" / "inside-rep.yaml"
    profile.write_text(profile.read_text().replace("value-selling, level", "value-sellin, level"))
    assert problems_of(pack_dir) == [
        "profiles/inside-rep.yaml:8: requirements.1.competency: unknown competency 'value-sellin'"
    ]


def test_missing_level_is_refused(pack_dir):
    path = pack_dir / "competencies" / "negotiating.yaml"
    text = path.read_text()
    path.write_text(text[: text.index("  4:")])
    assert problems_of(pack_dir) == [
        "competencies/negotiating.yaml:5: levels: indicators are missing for level 4"
    ]


def test_bad_yaml_line_is_named(pack_dir):
    path = pack_dir / "competencies" / "value-selling.yaml"
    path.write_text(path.read_text().replace("category: Selling", "category: [Selling"))
    (problem,) = problems_of(pack_dir)  # the profile's reference to it is not reported again
    assert problem.startswith("competencies/value-selling.yaml:")
    assert "not valid YAML" in problem


def test_every_problem_is_listed_at_once(pack_dir):
    (pack_dir / "competencies" / "negotiating.yaml").write_text("key: negotiating\nname: N\n")
    profile = pack_dir / "profiles" / "inside-rep.yaml"
    profile.write_text(profile.read_text().replace("weight: 3", "weight: 9"))
    (pack_dir / "pack.yaml").unlink()
    problems = problems_of(pack_dir)
    assert problems == [
        "competencies/negotiating.yaml:1: category: Field required",
        "competencies/negotiating.yaml:1: description: Field required",
        "competencies/negotiating.yaml:1: levels: Field required",
        "pack.yaml: file is missing",
        "profiles/inside-rep.yaml:7: requirements.0.weight: "
        "Input should be less than or equal to 5",
    ]


def test_key_must_match_file_name(pack_dir):
    source = pack_dir / "competencies" / "negotiating.yaml"
    (pack_dir / "competencies" / "bargaining.yaml").write_text(source.read_text())
    assert problems_of(pack_dir) == [
        "competencies/bargaining.yaml:1: key 'negotiating' must be 'bargaining', the file's name"
    ]


def test_unknown_field_is_a_typo_error(pack_dir):
    path = pack_dir / "competencies" / "negotiating.yaml"
    path.write_text(path.read_text().replace("category:", "categroy: x\ncategory:"))
    assert "competencies/negotiating.yaml:3: categroy: Extra inputs are not permitted" in (
        problems_of(pack_dir)
    )


def test_content_hash_changes_only_with_content():
    first, second = read_pack(MINI), read_pack(MINI)
    assert content_hash(first.records_of("competency")["negotiating"]) == content_hash(
        second.records_of("competency")["negotiating"]
    )
    assert content_hash(first.records_of("competency")["negotiating"]) != content_hash(
        first.records_of("competency")["value-selling"]
    )
