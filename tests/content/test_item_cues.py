"""The bundled items carry no cue a test-wise taker could score on, and the measures catch cues."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tests.content.item_cues import (
    BUNDLED,
    figures,
    justifies,
    kendall_tau_b,
    load,
)

pytestmark = pytest.mark.no_database  # tests/conftest.py: run once, in the SQLite run

MARGIN = 0.10  # no strategy may beat chance by more than ten points

# Chi-square, 3 degrees of freedom, p = 0.05: the key's position over four-option items.
CHI_SQUARE_4 = 7.815


@pytest.fixture(scope="module")
def bundled() -> dict:
    return figures(BUNDLED)


def test_distractors_justify_themselves_no_more_than_keys(bundled):
    assert bundled["distractors_justified"] - bundled["keys_justified"] <= 0.05


@pytest.mark.parametrize("strategy", ["always_longest", "always_shortest", "always_first"])
def test_simple_strategies_stay_near_chance(bundled, strategy):
    assert bundled[strategy] <= bundled["chance"] + MARGIN


def test_dropping_reasons_and_preferring_questions_stays_near_chance(bundled):
    assert bundled["test_wise"] <= bundled["chance"] + MARGIN


def test_expert_items_cannot_be_answered_by_asking_first(bundled):
    assert bundled["expert_test_wise"] <= bundled["expert_chance"] + MARGIN
    assert bundled["expert_ask_first"] <= bundled["expert_chance"] + MARGIN


def test_a_novice_who_only_asks_first_stays_near_chance(bundled):
    assert bundled["ask_first"] <= bundled["chance"] + MARGIN


def test_always_true_or_always_false_stays_near_chance(bundled):
    assert abs(bundled["true_false_share_true"] - 0.5) <= MARGIN


def test_key_position_is_balanced(bundled):
    assert bundled["key_position_chi_square"] < CHI_SQUARE_4


def test_multiple_response_key_counts_vary(bundled):
    assert bundled["multiple_commonest_share"] <= 0.5
    assert len(bundled["multiple_counts"]) >= 3


def test_multiple_response_lengths_do_not_give_the_keys_away(bundled):
    assert bundled["multiple_keys_longest"] <= bundled["multiple_chance"] + MARGIN
    assert bundled["multiple_distractors_longest"] <= bundled["multiple_chance"] + MARGIN


def test_multiple_response_keys_are_not_the_first_options(bundled):
    assert bundled["multiple_keys_first"] <= bundled["multiple_chance"] + MARGIN


def test_sjt_length_does_not_track_effectiveness(bundled):
    assert abs(bundled["sjt_tau"]) <= 0.2
    assert abs(bundled["sjt_mean_item_tau"]) <= 0.2


@pytest.mark.parametrize("strategy", ["sjt_asks_rated_4", "sjt_longest_rated_4"])
def test_sjt_rating_strategies_stay_near_flat_ratings(bundled, strategy):
    assert bundled[strategy] <= bundled["sjt_flat"] + MARGIN


def test_sjt_best_and_worst_responses_are_not_the_longest(bundled):
    # With four responses and some tied ratings, chance is a little over a quarter.
    assert bundled["sjt_best_is_longest"] <= 0.25 + MARGIN
    assert bundled["sjt_worst_is_longest"] <= 0.30 + MARGIN


def _words(item: dict) -> str:
    return " ".join(str(item.get(field, "")) for field in ("stem", "explanation"))


def test_time_saved_at_loaded_cost_is_called_an_upper_bound():
    valued = [
        item
        for item in load()
        if re.search(r"\bloaded (labour|hourly)|\$\d+ an hour", _words(item))
        and re.search(r"\bsav(e|es|ed|ing)\b", _words(item))
    ]
    assert valued, "the bundle values time saved somewhere"
    assert [i["key"] for i in valued if "upper bound" not in _words(i)] == []


def test_numeric_items_asking_for_a_month_expect_a_whole_month():
    for item in load():
        if item["type"] == "numeric" and re.search(r"\bwhich month\b", item["stem"], re.I):
            assert float(item["answer"]).is_integer(), item["key"]


# ---------------------------------------------------------------- the measures catch planted cues


def _option(text: str, correct: bool = False) -> dict:
    return {"text": text, "correct": correct, "feedback": "Because."}


def _single(key: str, options: list[dict], level: int = 2) -> dict:
    return {"key": key, "type": "single", "level": level, "stem": "?", "options": options}


def _write(folder: Path, items: list[dict]) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "planted.yaml").write_text(yaml.safe_dump({"competency": "x", "items": items}))
    return folder


def test_planted_self_justifying_distractors_are_counted(tmp_path):
    items = [
        _single(
            "a",
            [
                _option("Ask what she needs", True),
                _option("Quote now, since she is in a hurry"),
                _option("Send a brochure so that she can read it"),
                _option("Call back tomorrow"),
            ],
        )
    ]
    found = figures(_write(tmp_path / "pack", items))
    assert found["keys_justified"] == 0
    assert found["distractors_justified"] == pytest.approx(2 / 3)
    assert found["test_wise"] == 1.0


def test_planted_longest_first_key_is_caught(tmp_path):
    items = [
        _single(
            f"k{n}",
            [_option("The long and detailed right answer", True)]
            + [_option(f"Short {w}") for w in "abc"],
        )
        for n in range(4)
    ]
    found = figures(_write(tmp_path / "pack", items))
    assert found["always_longest"] == 1.0
    assert found["always_first"] == 1.0
    assert found["key_position_chi_square"] > CHI_SQUARE_4


def test_planted_sjt_length_ladder_is_caught(tmp_path):
    responses = [
        {"text": "x" * (10 * rating), "effectiveness": rating, "reason": "r"}
        for rating in (1, 2, 3, 4)
    ]
    items = [{"key": "s", "type": "sjt", "level": 2, "stem": "?", "responses": responses}]
    found = figures(_write(tmp_path / "pack", items))
    assert found["sjt_tau"] == 1.0
    assert found["sjt_best_is_longest"] == 1.0
    assert found["sjt_longest_rated_4"] == 1.0


def test_planted_multiple_with_longest_distractors_is_caught(tmp_path):
    options = [_option(f"Key {n}", True) for n in range(3)] + [
        _option("A much longer wrong option"),
        _option("Another much longer wrong option"),
    ]
    items = [{"key": "m", "type": "multiple", "level": 2, "stem": "?", "options": options}]
    found = figures(_write(tmp_path / "pack", items))
    assert found["multiple_distractors_longest"] == 1.0
    assert found["multiple_counts"] == {"3 of 5": 1}
    assert found["multiple_commonest_share"] == 1.0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hold the price, since it is fair", True),
        ("Call her so she hears it first", True),
        ("Because they asked", True),
        ("Wait for her, as she knows best", True),
        ("Quote a refresh, since three-year-old laptops are due one", True),
        ("Talks less than half the time, as measured by the system", False),
        ("Nothing has updated since", False),
        ("Ask what changed since Monday", False),
        ("Call her today with the date", False),
    ],
)
def test_justifying_clauses_are_recognised(text, expected):
    assert justifies(text) is expected


def test_kendall_tau_b_known_values():
    assert kendall_tau_b([1, 2, 3, 4], [1, 2, 3, 4]) == 1.0
    assert kendall_tau_b([1, 2, 3, 4], [4, 3, 2, 1]) == -1.0
    assert kendall_tau_b([1, 1, 1, 1], [1, 2, 3, 4]) == 0.0
    # Ties in one variable: tau-b = (5 - 0) / sqrt(6 * 5).
    assert kendall_tau_b([1, 2, 3, 4], [1, 1, 2, 3]) == pytest.approx(5 / 30**0.5)
