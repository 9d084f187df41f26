"""The audit's statistics against values from published tables."""

from __future__ import annotations

import pytest

from trainer.content_audit.stats import chi2_sf, chi_square, kendall_tau_within, median


@pytest.mark.parametrize(
    ("x", "dof", "p"),
    [(3.841, 1, 0.05), (5.991, 2, 0.05), (7.815, 3, 0.05), (9.488, 4, 0.05), (11.345, 3, 0.01)],
)
def test_chi_square_tail_matches_the_tables_critical_values(x, dof, p):
    assert chi2_sf(x, dof) == pytest.approx(p, abs=5e-4)


def test_counts_that_match_expectation_have_no_evidence_against_it():
    test = chi_square([10, 10, 10, 10], [10, 10, 10, 10])
    assert (test.statistic, test.dof, test.p_value) == (0, 3, 1.0)


def test_keys_all_in_one_position_are_improbable():
    test = chi_square([40, 0, 0, 0], [10, 10, 10, 10])
    assert test.statistic == 120 and test.p_value < 1e-6


def test_tau_is_one_when_the_longer_response_is_always_rated_higher():
    assert kendall_tau_within([[(1, 1), (2, 2), (3, 3), (4, 4)]]) == 1


def test_tau_is_minus_one_when_the_shorter_is_always_rated_higher():
    assert kendall_tau_within([[(1, 4), (2, 3), (3, 2), (4, 1)]]) == -1


def test_tau_compares_responses_only_within_their_item():
    # Every response of the long item outranks every short one: pooled, tau would be high.
    short, long = [(1, 1), (2, 4)], [(100, 4), (101, 1)]
    assert kendall_tau_within([short, long]) == 0


def test_tau_with_no_comparable_pairs_is_none():
    assert kendall_tau_within([[(1, 2), (1, 2)]]) is None


def test_median_of_even_and_odd_counts():
    assert (median([3, 1, 2]), median([4, 1, 3, 2])) == (2, 2.5)
