"""Assembling an attempt and reading posted answers: pure, reproducible, key-free."""

from __future__ import annotations

import random

import pytest

from tests.assessments.answering import right_fields
from trainer.assessments.delivery import (
    TamperedAnswer,
    UnclearAnswer,
    assemble,
    display_order,
    displayed,
    from_json,
    read_answer,
)
from trainer.assessments.scoring import cbm_mark, score
from trainer.kinds import read_pack


@pytest.fixture(scope="module")
def pack():
    return read_pack()


def test_the_same_seed_draws_the_same_items_in_the_same_order(pack):
    form = pack.records_of("form")["negotiation-assessment"]
    first = assemble(form, pack.records_of("item"), seed=42)
    assert first == assemble(form, pack.records_of("item"), seed=42)
    assert first != assemble(form, pack.records_of("item"), seed=43)
    assert len({p.key for p in first}) == 12
    levels = [pack.records_of("item")[p.key].level for p in first]
    assert sorted(levels[8:]) == [4, 4, 4, 4]  # sections keep their place; items shuffle within


def test_ordering_and_matching_are_never_shown_in_key_order(pack):
    rng = random.Random(7)
    for item in pack.records_of("item").values():
        if item.type in ("ordering", "matching"):
            for _ in range(20):
                order = display_order(item, rng, shuffle_options=False)
                assert list(order) != sorted(order), item.key


@pytest.mark.parametrize("seed", range(5))
def test_every_bundled_item_reads_back_its_right_answer_through_a_shuffled_order(pack, seed):
    rng = random.Random(seed)
    for item in pack.records_of("item").values():
        order = list(display_order(item, rng, shuffle_options=True))
        fields = right_fields(item, order)
        answer = read_answer(item, order, fields)
        if item.type != "essay":
            assert score(item, answer).points == 1, item.key
        if item.type != "numeric":  # a number is shown back as written, "1250" for "1250.0"
            assert displayed(answer, item, order) == fields, item.key


def test_a_forged_option_is_tampering_and_a_half_ranked_list_is_unclear(pack):
    single = next(i for i in pack.records_of("item").values() if i.type == "single")
    with pytest.raises(TamperedAnswer):
        read_answer(single, [0, 1, 2, 3], {"answer": ["7"]})
    with pytest.raises(TamperedAnswer):
        read_answer(single, [0, 1, 2, 3], {"answer": ["-1"]})
    ordering = next(i for i in pack.records_of("item").values() if i.type == "ordering")
    size = len(ordering.sequence)
    with pytest.raises(UnclearAnswer):
        read_answer(ordering, list(range(size)), {"rank-0": ["1"]})
    with pytest.raises(UnclearAnswer):
        read_answer(ordering, list(range(size)), {f"rank-{i}": ["1"] for i in range(size)})
    numeric = next(i for i in pack.records_of("item").values() if i.type == "numeric")
    assert read_answer(numeric, [], {"answer": ["$1,250.50"]}) == 1250.5
    with pytest.raises(UnclearAnswer):
        read_answer(numeric, [], {"answer": ["about twelve"]})


def test_a_blank_answer_is_none(pack):
    for item in pack.records_of("item").values():
        assert read_answer(item, list(range(8)), {}) is None


def test_matching_answers_survive_json(pack):
    matching = next(i for i in pack.records_of("item").values() if i.type == "matching")
    order = list(range(len(matching.pairs)))
    answer = read_answer(matching, order, right_fields(matching, order))
    stored = {str(k): v for k, v in answer.items()}  # what a JSON column gives back
    assert score(matching, from_json(matching, stored)).points == 1


def test_a_confident_wrong_answer_costs_more_than_a_hesitant_one():
    assert cbm_mark(0, 3) < cbm_mark(0, 2) < cbm_mark(0, 1) == 0
    assert cbm_mark(1, 3) > cbm_mark(1, 2) > cbm_mark(1, 1) > 0
    assert cbm_mark(0.5, 1) == 0.5
