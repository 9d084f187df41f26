"""Every worked example of docs/scoring.md, replayed through `trainer levels --evidence`."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask.cli import ScriptInfo

from trainer.cli import main

DOC = Path(__file__).parents[2] / "docs" / "scoring.md"
FILES = re.compile(r"`([\w.-]+\.csv)`:\n\n```csv\n(.*?)```", re.S)
RUNS = re.compile(r"```console\n\$ trainer (levels [^\n]*)\n(.*?)```", re.S)


def examples() -> list[tuple[str, str]]:
    return RUNS.findall(DOC.read_text(encoding="utf-8"))


def test_the_document_has_worked_examples_to_replay():
    files = {name for name, _ in FILES.findall(DOC.read_text(encoding="utf-8"))}
    assert len(examples()) >= 5 and len(files) >= 5
    for command, _ in examples():
        assert shlex.split(command)[2] in files


@pytest.mark.parametrize("command, expected", examples(), ids=lambda v: v[:60])
def test_a_worked_example_gives_the_documented_output(command, expected, app, tmp_path):
    for name, body in FILES.findall(DOC.read_text(encoding="utf-8")):
        (tmp_path / name).write_text(body, encoding="utf-8")
    args = shlex.split(command)
    args[2] = str(tmp_path / args[2])
    result = CliRunner().invoke(main, args, obj=ScriptInfo(create_app=lambda: app))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == expected.splitlines()
