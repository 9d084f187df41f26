"""200 simulated candidates: ranking order, bands and adverse impact, against figures by hand.

Profile: A required at level 2 (weight 2), B at level 1 (weight 1). Four answer patterns, each
worked through the level rule of docs/scoring.md (one unit, screening weight 1 per answer, a
unit's size capped at 2, so each level's observation weighs at most 2):

* strong: A L1 right x2, L2 right x2; B L1 right x2. A: L1 and L2 each W=2, S=2, Beta(3, 1),
  P(mastery) = 1 - 0.7^3 = 0.657, met; attained 2, L3-L4 untested (P = 0.3), band L2-L4.
  B: attained 1, band L1-L4. Fit = (2 x 2/2 + 1 x 1/1) / 3 = 100; top of bands 100.
* basic: A L1 right x2, L2 wrong x2; B L1 right x2. A L2: W=2, S=0, P = 0.3^3 = 0.027, one
  source against: undecided, below 20% so out of the band: attained 1, band L1-L1.
  Fit = (2 x 1/2 + 1) / 3 = 67; top 67.
* undecided: A L1 right x1 (W=1, under 1.5: not enough evidence, band L0-L4); B L1 right x2.
  Fit = (0 + 1) / 3 = 33; top (2 x 2/2 + 1) / 3 = 100.
* weak: every answer wrong: W=2, S=0 at L1, one source: undecided, P = 0.027 < 0.2: band L0-L0
  for both. Fit 0, top 0.
"""

from __future__ import annotations

from datetime import UTC, datetime
from math import comb

import pytest

from trainer.competencies.readiness import Requirement
from trainer.screening.fit import ScoredAnswer, competency_results, cut_line, fit_of, rank
from trainer.screening.impact import POOLED, adverse_impact, simulate

AT = datetime(2026, 10, 1, 12, tzinfo=UTC)
PROFILE = (Requirement("a", 2, 2), Requirement("b", 1, 1))


def answers(*spec: tuple[str, int, float]) -> list[ScoredAnswer]:
    return [ScoredAnswer(f"{c}{i}", (c,), level, pts) for i, (c, level, pts) in enumerate(spec)]


PATTERNS = {
    "strong": answers(("a", 1, 1), ("a", 1, 1), ("a", 2, 1), ("a", 2, 1), ("b", 1, 1), ("b", 1, 1)),
    "basic": answers(("a", 1, 1), ("a", 1, 1), ("a", 2, 0), ("a", 2, 0), ("b", 1, 1), ("b", 1, 1)),
    "undecided": answers(("a", 1, 1), ("b", 1, 1), ("b", 1, 1)),
    "weak": answers(("a", 1, 0), ("a", 1, 0), ("a", 2, 0), ("a", 2, 0), ("b", 1, 0), ("b", 1, 0)),
}
# (pattern, self-identified group, how many); None: chose not to answer.
POPULATION = [
    ("strong", "woman", 20), ("basic", "woman", 20),
    ("undecided", "woman", 20), ("weak", "woman", 20),
    ("strong", "man", 25), ("basic", "man", 35), ("undecided", "man", 15), ("weak", "man", 15),
    ("strong", "non-binary", 2), ("undecided", "non-binary", 2),
    ("strong", "another", 1), ("basic", "another", 1), ("weak", "another", 1),
    ("strong", None, 2), ("basic", None, 4), ("undecided", None, 3), ("weak", None, 14),
]  # fmt: skip


def population():
    """200 candidates in an interleaved order, so ranking cannot lean on the input order."""
    people = [(p, g) for p, g, n in POPULATION for _ in range(n)]
    assert len(people) == 200
    return people[::2] + people[1::2]


def fit_for(pattern: str, unit: str):
    return fit_of(competency_results(unit, PATTERNS[pattern], PROFILE, AT))


@pytest.mark.parametrize(
    ("pattern", "bands", "fit", "high"),
    [
        ("strong", [(2, 2, 4), (1, 1, 4)], 100, 100),
        ("basic", [(1, 1, 1), (1, 1, 4)], 67, 67),
        ("undecided", [(None, 0, 4), (1, 1, 4)], 33, 100),
        ("weak", [(None, 0, 0), (None, 0, 0)], 0, 0),
    ],
)
def test_each_pattern_gets_the_level_rules_levels_and_bands(pattern, bands, fit, high):
    result = fit_for(pattern, "candidate:1")
    got = [(r.estimate.level, r.low, r.high) for r in result.results]
    assert got == bands
    assert (result.score, result.high, result.coverage) == (fit, high, 100)


def test_strong_confidence_is_the_level_rules():
    a = fit_for("strong", "candidate:1").results[0].estimate
    # P(mastery at 2) x (1 - P(mastery at 3)) = 0.657 x 0.7
    assert a.confidence == pytest.approx(round((1 - 0.7**3) * 0.7, 2))


def test_200_candidates_rank_by_fit_with_overlaps_and_the_cut_line():
    people = population()
    fits = [(i, fit_for(pattern, f"candidate:{i}")) for i, (pattern, _) in enumerate(people)]
    ranked = rank(fits, cut=50)
    patterns = [people[r.key][0] for r in ranked]
    assert patterns == ["strong"] * 50 + ["basic"] * 60 + ["undecided"] * 40 + ["weak"] * 50
    # Within a pattern, sign-up order breaks the tie.
    assert [r.key for r in ranked[:50]] == sorted(r.key for r in ranked[:50])
    tied = [r.tied_with_next for r in ranked]
    # strong/basic: 67 < 100, clearly ordered; basic/undecided: undecided's top 100 >= 67, not.
    assert tied[49] is False and tied[109] is True and tied[149] is False
    assert all(tied[:49]) and all(tied[50:109]) and all(tied[110:149]) and all(tied[150:199])
    assert tied[199] is False
    assert cut_line(ranked) == 110
    assert [r.rank for r in ranked] == list(range(1, 201))


def fisher_two_sided(a: int, b: int, c: int, d: int) -> float:
    """By hand: the hypergeometric tables with the margins of [[a, b], [c, d]] no likelier."""
    row, col, n = a + b, a + c, a + b + c + d

    def p(x):
        return comb(col, x) * comb(n - col, row - x) / comb(n, row)

    observed = p(a)
    xs = range(max(0, row + col - n), min(row, col) + 1)
    return sum(p(x) for x in xs if p(x) <= observed * (1 + 1e-7))


def identified(cut_fits):
    people = population()
    return [(group, cut_fits[pattern]) for pattern, group in people if group is not None]


FITS = {"strong": 100, "basic": 67, "undecided": 33, "weak": 0}


def test_adverse_impact_at_the_cut_matches_the_hand_figures():
    impact = adverse_impact(identified(FITS), cut=50)
    rows = {g.group: g for g in impact.groups}
    assert list(rows) == ["man", "woman", POOLED]  # non-binary (4) and another (3) pooled: 7
    assert (rows["woman"].count, rows["woman"].passed) == (80, 40)
    assert (rows["man"].count, rows["man"].passed) == (90, 60)
    assert (rows[POOLED].count, rows[POOLED].passed) == (7, 4)
    assert rows["man"].ratio == 1.0 and rows["man"].highest
    assert rows["woman"].ratio == pytest.approx(0.5 / (60 / 90))  # 0.75
    assert rows["woman"].adverse  # below four fifths
    assert rows[POOLED].ratio == pytest.approx((4 / 7) / (60 / 90))  # 0.857
    assert not rows[POOLED].adverse
    assert rows["woman"].p_value is None  # 80 and 90: large enough for the ratio alone
    assert rows[POOLED].p_value == pytest.approx(fisher_two_sided(4, 3, 60, 30))
    assert (impact.total, impact.passed, impact.hidden) == (177, 104, 0)


def test_the_simulator_moves_the_highest_group_with_the_cut():
    low, high = simulate(identified(FITS), cuts=(30, 70))
    rows = {g.group: g for g in low.groups}
    # At 30, "undecided" (33) passes too: pooled 6/7 is now the highest rate.
    assert rows[POOLED].highest
    assert rows["man"].ratio == pytest.approx((75 / 90) / (6 / 7))
    assert rows["woman"].ratio == pytest.approx((60 / 80) / (6 / 7))
    rows = {g.group: g for g in high.groups}
    assert rows["woman"].ratio == pytest.approx((20 / 80) / (3 / 7))
    assert rows["man"].ratio == pytest.approx((25 / 90) / (3 / 7))
    assert high.lowest_ratio == rows["woman"].ratio  # 0.583, below 0.648 for men


def test_a_pool_still_too_small_is_hidden_not_shown():
    people = [("a", 90)] * 6 + [("b", 10)] * 5 + [("c", 90)] * 2 + [("d", 10)] * 2
    impact = adverse_impact(people, cut=50)
    assert [g.group for g in impact.groups] == ["a", "b"]
    assert impact.hidden == 4


def test_nobody_passing_gives_no_ratio_rather_than_a_division_by_zero():
    impact = adverse_impact([("a", 10)] * 5 + [("b", None)] * 5, cut=50)
    assert [g.ratio for g in impact.groups] == [None, None]
    assert impact.lowest_ratio is None
