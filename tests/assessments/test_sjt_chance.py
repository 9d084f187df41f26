"""Situational-judgement scoring cannot be gamed: flat, random or length-blind ratings earn ~0."""

from __future__ import annotations

import random
from itertools import product

import pytest

from trainer.assessments.scoring import score
from trainer.assessments.types.sjt import SjtItem, concordance
from trainer.kinds import read_pack


@pytest.fixture(scope="module")
def sjt_items() -> list[SjtItem]:
    items = [i for i in read_pack().records_of("item").values() if isinstance(i, SjtItem)]
    assert len(items) >= 20  # the bundled banks: the claim is about all of them
    return items


@pytest.mark.parametrize("rating", [1, 2, 3, 4])
def test_rating_every_response_the_same_scores_nothing(sjt_items, rating):
    points = [score(item, [rating] * 4).points for item in sjt_items]
    assert max(points) == 0.0  # the done-when asks below 0.3; flat ratings rank nothing


def test_random_ratings_score_near_zero(sjt_items):
    rng = random.Random(9)
    points = [
        score(item, [rng.randint(1, 4) for _ in range(4)]).points
        for item in sjt_items
        for _ in range(200)
    ]
    mean = sum(points) / len(points)
    # Clipping at 0 leaves chance a small positive mean (about 0.19, docs/content/item-types.md);
    # the old distance score gave random ratings 0.58.
    assert mean < 0.25


def test_the_key_scores_full_marks_on_every_bundled_item(sjt_items):
    for item in sjt_items:
        result = score(item, [r.effectiveness for r in item.responses])
        assert (result.points, result.correct) == (1.0, True), item.key


def test_concordance_averages_zero_over_every_possible_rating():
    key = [4, 1, 3, 2]
    values = [concordance(r, key) for r in product(range(1, 5), repeat=4)]
    assert sum(values) == pytest.approx(0.0, abs=1e-12)
    assert min(values) == -1.0 and max(values) == 1.0
