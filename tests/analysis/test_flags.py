"""Flags fire on a synthetic bank's known bad items and on none of its good ones."""

from __future__ import annotations

import numpy as np
import pytest

from trainer.analysis.distractors import picks_from
from trainer.analysis.matrix import ResponseMatrix
from trainer.analysis.report import ItemMeta, analyse

from .conftest import simulate

GOOD = np.linspace(-1.3, 1.3, 20)
LEVEL = {b: min(4, 1 + int((b + 1.3) / 0.65)) for b in GOOD}  # levels that agree with difficulty
OPTIONS = tuple((f"option {i + 1}", i == 0) for i in range(4))


def _chosen(rng, right: np.ndarray, distractors=(1, 2, 3), key=0):
    return [[key] if r else [int(rng.choice(distractors))] for r in right]


@pytest.fixture(scope="module")
def bank():
    rng = np.random.default_rng(11)
    theta, scores = simulate(np.append(GOOD, [0.0, 0.0, -3.6, 0.0]), takers=2000, seed=3)
    meta = {}
    keys = [f"good-{j}" for j in range(len(GOOD))] + ["miskeyed", "dead", "easy", "noise"]
    for j, key in enumerate(keys[: len(GOOD)]):
        meta[key] = ItemMeta(
            level=LEVEL[GOOD[j]],
            options=OPTIONS,
            picks=picks_from(_chosen(rng, scores[:, j] == 1), 4),
        )
    # Miskeyed: the taker who knows it picks option 2, but the key says option 1.
    knows = scores[:, 20] == 1
    scores[:, 20] = (~knows & (rng.random(len(knows)) < 0.3)).astype(float)
    chosen = [
        [1] if k else ([0] if s else [int(rng.choice((2, 3)))])
        for k, s in zip(knows, scores[:, 20], strict=True)
    ]
    meta["miskeyed"] = ItemMeta(level=2, options=OPTIONS, picks=picks_from(chosen, 4))
    # A dead distractor: option 4 is never chosen.
    meta["dead"] = ItemMeta(
        level=2, options=OPTIONS, picks=picks_from(_chosen(rng, scores[:, 21] == 1, (1, 2)), 4)
    )
    meta["easy"] = ItemMeta(
        level=1, options=OPTIONS, picks=picks_from(_chosen(rng, scores[:, 22] == 1), 4)
    )
    # Misfit: right or wrong at random, whatever the ability.
    scores[:, 23] = (rng.random(len(theta)) < 0.5).astype(float)
    meta["noise"] = ItemMeta(
        level=2, options=OPTIONS, picks=picks_from(_chosen(rng, scores[:, 23] == 1), 4)
    )
    analysis = analyse(ResponseMatrix(tuple(keys), scores), meta)
    return {row.key: {f.code for f in row.flags} for row in analysis.rows}


def test_no_good_item_is_flagged(bank):
    assert {k: v for k, v in bank.items() if k.startswith("good") and v} == {}


def test_a_miskeyed_item_is_called_a_likely_miskey(bank):
    assert "miskey" in bank["miskeyed"]
    assert "attractive-distractor" in bank["miskeyed"]


def test_a_distractor_nobody_chooses_is_flagged(bank):
    assert "dead-distractor" in bank["dead"]


def test_a_too_easy_item_is_flagged(bank):
    assert "too-easy" in bank["easy"]


def test_a_misfitting_item_is_flagged(bank):
    assert "misfit" in bank["noise"]


def test_an_expert_item_easier_than_most_basic_ones_is_flagged():
    theta, scores = simulate([-1.0, -0.8, -1.2, 1.0, -2.0], takers=1500, seed=5)
    levels = {"b1": 1, "b2": 1, "b3": 1, "w": 3, "expert": 4}
    meta = {k: ItemMeta(level=v) for k, v in levels.items()}
    analysis = analyse(ResponseMatrix(tuple(levels), scores), meta)
    reasons = {row.key: [f.reason for f in row.flags if f.code == "level"] for row in analysis.rows}
    assert reasons["expert"] and "level 4" in reasons["expert"][0]
    assert not any(reasons[k] for k in ("b1", "b2", "b3", "w"))


def test_too_hard_and_too_easy_use_the_issue_thresholds():
    from trainer.analysis.classical import ItemStats
    from trainer.analysis.flags import classical_flags

    def codes(p):
        return {f.code for f in classical_flags(ItemStats("i", 100, p, 0.4, 0.4, 0.4, None))}

    assert codes(0.91) == {"too-easy"} and codes(0.90) == set()
    assert codes(0.19) == {"too-hard"} and codes(0.20) == set()
