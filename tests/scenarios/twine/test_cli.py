"""`trainer import twee`: a Twine story becomes a scenario file that the pack validator accepts."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from trainer.cli import main

DATA = Path(__file__).parent / "data"
MINI = Path(__file__).parents[2] / "content" / "data" / "mini"


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


def test_a_twee_file_imports_into_a_pack_that_then_validates(tmp_path):
    pack = tmp_path / "pack"
    shutil.copytree(MINI, pack)
    result = invoke("import", "twee", str(DATA / "renewal-call.twee"), "--out", str(pack))
    assert result.exit_code == 0, result.output
    assert (pack / "scenarios" / "renewal-call.yaml").is_file()
    checked = invoke("content", "validate", str(pack))
    assert checked.exit_code == 0, checked.output
    assert "valid" in checked.output


def test_a_published_twine_html_story_imports(tmp_path):
    result = invoke("import", "twee", str(DATA / "dealer-delay.html"), "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert list((tmp_path / "scenarios").glob("*.yaml"))


def test_what_cannot_be_mapped_is_named_by_passage_and_nothing_is_written(tmp_path):
    source = (DATA / "renewal-call.twee").read_text(encoding="utf-8")
    broken = tmp_path / "broken.twee"
    broken.write_text(source + "\n\n:: Stray macro\n(set: $mood to 3)\n[[Opening]]\n")
    result = invoke("import", "twee", str(broken), "--out", str(tmp_path / "pack"))
    assert result.exit_code == 1
    assert "Stray macro" in result.output
    assert not (tmp_path / "pack").exists()
