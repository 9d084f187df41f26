"""Banks and forms inside a whole pack: read after competencies and profiles, forms after items."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from trainer.content.pack import content_hash
from trainer.content.problems import ContentError
from trainer.kinds import read_pack

MINI = Path(__file__).parents[1] / "content" / "data" / "mini"
DATA = Path(__file__).parent / "data"


@pytest.fixture
def pack_dir(tmp_path) -> Path:
    target = tmp_path / "pack"
    shutil.copytree(MINI, target)
    (target / "items").mkdir()
    (target / "forms").mkdir()
    shutil.copy(DATA / "negotiating.yaml", target / "items" / "negotiating.yaml")
    shutil.copy(DATA / "negotiating-practice.yaml", target / "forms" / "negotiating-practice.yaml")
    return target


def test_pack_reads_items_and_forms(pack_dir):
    pack = read_pack(pack_dir)
    assert len(pack.records_of("item")) == 10
    assert list(pack.records_of("form")) == ["negotiating-practice"]
    assert pack.records_of("item")["neg-multiple-01"].competencies == [
        "negotiating",
        "value-selling",
    ]
    assert len(content_hash(pack.records_of("item")["neg-sjt-01"])) == 64


def test_item_key_used_in_two_banks_is_refused(pack_dir):
    text = (DATA / "negotiating.yaml").read_text(encoding="utf-8")
    (pack_dir / "items" / "more.yaml").write_text(text.split("\n\n")[0] + "\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        read_pack(pack_dir)
    assert [str(p) for p in caught.value.problems] == [
        "items/negotiating.yaml:1: 'neg-single-01' is defined twice"
    ]
