"""The bundled pack against the issue's done-when limits.

The item and call rewrites of issue 10 brought every limit within bounds; `content validate`
enforces the hard ones on every load.
"""

from __future__ import annotations

import pytest

from trainer.content_audit.audit import audit, hard_limit_problems
from trainer.content_audit.reach import form_items
from trainer.kinds import read_pack

pytestmark = pytest.mark.no_database  # tests/conftest.py: run once, in the SQLite run


@pytest.fixture(scope="module")
def pack():
    return read_pack()


@pytest.fixture(scope="module")
def report(pack):
    return audit(pack)


def test_every_competency_and_level_is_reachable_by_a_form(report):
    assert report["unreachable"] == []


def test_every_profile_is_coverable_to_100_percent_by_an_assessment(report):
    best = {
        key: max((f["coverage"] for f in forms if f["mode"] == "assessment"), default=0)
        for key, forms in report["coverage"].items()
    }
    assert best == dict.fromkeys(best, 100)


def test_every_live_item_including_essays_and_sjt_is_drawable_by_some_form(pack):
    live = [i for i in pack.records_of("item").values() if i.status == "live"]
    drawable = set().union(*(form_items(f, live) for f in pack.records_of("form").values()))
    assert sorted(i.key for i in live if i.key not in drawable) == []


def test_the_hp_screening_is_built_from_the_hp_profile(pack, report):
    screening = pack.records_of("form")["inside-sales-screening"]
    profile = pack.records_of("profile")[screening.profile]
    required = {r.competency for r in profile.requirements}
    draws = [s.draw for s in screening.sections]
    per_competency = {d.competency: d.count for d in draws if d.max_level <= 2}
    assert per_competency == dict.fromkeys(required, 3)
    [call] = screening.calls
    assert pack.records_of("scenario")[call].profile == profile.key
    [coverage] = [f for f in report["coverage"][profile.key] if f["form"] == screening.key]
    assert coverage["coverage"] == 100
    assert coverage["not_required"] == []


def test_hard_limits_other_than_call_length_hold(pack):
    problems = [p for p in hard_limit_problems(pack) if "median alternative" not in p.message]
    assert problems == []


def _limit(report, name):
    return report["limits"][name]


def test_every_best_call_choice_is_within_1_3x_the_median_alternative(pack):
    assert hard_limit_problems(pack) == []


def test_no_test_wise_strategy_beats_chance_by_10_points_on_calls(report):
    assert _limit(report, "call strategies over chance")["ok"]


def test_no_test_wise_strategy_beats_chance_by_10_points_on_items(report):
    assert _limit(report, "item strategies over chance")["ok"]


def test_self_justifying_clauses_are_no_commoner_in_distractors(report):
    assert _limit(report, "items: justifying gap (distractors - keys)")["ok"]


def test_sjt_length_and_effectiveness_are_unrelated(report):
    assert _limit(report, "SJT |tau| length-effectiveness")["ok"]


def test_flat_or_length_sjt_ratings_do_not_beat_chance_by_10_points(report):
    assert _limit(report, "SJT strategies over chance")["ok"]
