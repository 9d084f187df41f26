"""Inter-rater agreement: weighted kappa, ICC(2,1), rater severity and the combined report."""

from __future__ import annotations

import pytest

from trainer.rubrics.agreement import (
    ICC,
    KAPPA,
    agreement_band,
    agreement_report,
    icc,
    severity,
    weighted_kappa,
)

# Shrout & Fleiss (1979), "Intraclass correlations: uses in assessing rater reliability",
# Psychological Bulletin 86(2), 420-428: 6 targets rated by 4 judges, ICC(2,1) = .29
SHROUT_FLEISS = [
    [9, 2, 5, 8],
    [6, 1, 3, 2],
    [8, 4, 6, 8],
    [7, 1, 2, 6],
    [10, 5, 6, 9],
    [6, 2, 4, 7],
]


def table_to_pairs(table: list[list[int]]) -> list[tuple[int, int]]:
    return [
        (row + 1, column + 1)
        for row, counts in enumerate(table)
        for column, count in enumerate(counts)
        for _ in range(count)
    ]


# --- weighted kappa: published values ---------------------------------------------------


def test_kappa_matches_maple_essaytools_examples():
    """Maple help, EssayTools[QuadraticWeightedKappa]: 0.758620689655172 and 0.438095238095238.

    https://www.maplesoft.com/support/help/maple/view.aspx?path=EssayTools/QuadraticWeightedKappa
    Min and Max default to the data's range, here 1..10.
    """
    scores = [9, 7, 8, 7, 6, 8, 3, 5, 10]
    close = list(zip(scores, [8, 8, 6, 6, 7, 6, 1, 4, 8], strict=True))
    looser = list(zip(scores, [3, 5, 6, 6, 7, 6, 1, 4, 8], strict=True))
    assert weighted_kappa(close, range(1, 11)) == pytest.approx(0.758620689655172, abs=1e-12)
    assert weighted_kappa(looser, range(1, 11)) == pytest.approx(0.438095238095238, abs=1e-12)


def test_kappa_matches_r_metrics_score_quadratic_weighted_kappa():
    """R package Metrics, ScoreQuadraticWeightedKappa example on a 1..5 scale: 0.56.

    https://rdrr.io/cran/Metrics/man/ScoreQuadraticWeightedKappa.html
    """
    pairs = list(zip([1, 4, 5, 5, 2, 1], [2, 2, 4, 5, 3, 3], strict=True))
    assert weighted_kappa(pairs, range(1, 6)) == pytest.approx(0.56, abs=1e-12)


def test_linear_kappa_matches_kundel_polansky_mammogram_table():
    """Kundel & Polansky (2003), Radiology 228:303-308, Table A1: 110 mammograms, 2 readers.

    Counts as in R's vcdExtra::Mammograms (rows reader 2, columns reader 1: absent, minimal,
    moderate, severe); its documented output of vcd::Kappa, whose default is equal-spacing
    (linear) weights, reads "Weighted 0.5964".
    https://friendly.github.io/vcdExtra/reference/Mammograms.html
    """
    table = [[34, 10, 2, 0], [6, 8, 8, 2], [2, 5, 4, 12], [0, 1, 2, 14]]
    pairs = table_to_pairs(table)
    assert len(pairs) == 110
    assert weighted_kappa(pairs, weights="linear") == pytest.approx(0.5964, abs=5e-5)


# --- weighted kappa: hand-computed cases ------------------------------------------------


def test_perfect_agreement_gives_kappa_one():
    assert weighted_kappa([(1, 1), (2, 2), (3, 3), (4, 4)]) == 1.0
    assert weighted_kappa([(2, 2), (3, 3)], weights="linear") == 1.0


def test_mirrored_ratings_give_kappa_minus_one():
    # observed disagreement 1 + 1 per pair; chance pairings of {1,2} with {1,2} average 1/2
    assert weighted_kappa([(1, 2), (2, 1)]) == -1.0
    assert weighted_kappa([(1, 4), (4, 1), (2, 3), (3, 2)]) < 0


def test_quadratic_kappa_by_hand():
    # observed squared gaps 0+0+1 = 1; chance: {1,2,3} x {1,2,4} squared gaps sum to 21
    # kappa = 1 - n * observed / chance = 1 - 3 * 1 / 21 = 6/7
    assert weighted_kappa([(1, 1), (2, 2), (3, 4)]) == pytest.approx(6 / 7)


def test_linear_kappa_by_hand():
    # same pairs with absolute gaps: chance sum 11, so kappa = 1 - 3 / 11 = 8/11
    assert weighted_kappa([(1, 1), (2, 2), (3, 4)], weights="linear") == pytest.approx(8 / 11)


def test_kappa_weights_follow_category_positions_not_values():
    # levels 10, 20, 40 are three adjacent categories: the same table as 1, 2, 3
    spaced = weighted_kappa([(10, 10), (20, 20), (40, 20)], categories=(10, 20, 40))
    assert spaced == weighted_kappa([(1, 1), (2, 2), (3, 2)], categories=(1, 2, 3))


def test_kappa_is_symmetric_in_the_two_raters():
    pairs = [(1, 2), (2, 2), (3, 4), (4, 3), (2, 1)]
    swapped = [(b, a) for a, b in pairs]
    assert weighted_kappa(pairs) == weighted_kappa(swapped)


def test_kappa_is_undefined_for_fewer_than_two_pairs():
    assert weighted_kappa([]) is None
    assert weighted_kappa([(3, 3)]) is None


def test_kappa_is_undefined_when_both_raters_use_one_level_only():
    assert weighted_kappa([(3, 3), (3, 3), (3, 3)]) is None


def test_kappa_rejects_a_level_outside_the_categories():
    with pytest.raises(ValueError, match=r"\[5\]"):
        weighted_kappa([(1, 5), (2, 2)])


def test_kappa_rejects_unknown_weights():
    with pytest.raises(ValueError, match="cubic"):
        weighted_kappa([(1, 1), (2, 2)], weights="cubic")


# --- ICC(2,1) ---------------------------------------------------------------------------


def test_icc_matches_shrout_fleiss_example():
    assert round(icc(SHROUT_FLEISS), 2) == 0.29


def test_icc_leaves_out_subjects_with_a_missing_rating():
    assert icc([*SHROUT_FLEISS, [1, None, 9, 4]]) == icc(SHROUT_FLEISS)


def test_icc_is_one_when_raters_agree_exactly():
    assert icc([[1, 1, 1], [2, 2, 2], [4, 4, 4]]) == 1.0


def test_icc_counts_a_constant_offset_between_raters_as_disagreement():
    # rater 2 always one level higher: BMS = 2, JMS = 3/2, EMS = 0, ICC = 2 / (2 + 2*1.5/3)
    assert icc([[1, 2], [2, 3], [3, 4]]) == pytest.approx(2 / 3)


def test_icc_is_undefined_with_fewer_than_two_complete_subjects():
    assert icc([]) is None
    assert icc([[1, 2], [3, None]]) is None


def test_icc_is_undefined_with_a_single_rater():
    assert icc([[1], [2], [3]]) is None


def test_icc_is_undefined_without_variance():
    assert icc([[3, 3], [3, 3], [3, 3]]) is None


def test_icc_rejects_ragged_rows():
    with pytest.raises(ValueError, match="one entry per rater"):
        icc([[1, 2], [1, 2, 3]])


# --- severity ---------------------------------------------------------------------------


def test_rater_who_rates_a_level_higher_is_lenient_and_the_other_harsh():
    ratings = [("p1", "ann", 3), ("p1", "bob", 2), ("p2", "ann", 4), ("p2", "bob", 3)]
    result = severity(ratings)
    assert (result["ann"].label, result["ann"].mean_offset) == ("lenient", 0.5)
    assert (result["bob"].label, result["bob"].mean_offset) == ("harsh", -0.5)
    assert result["ann"].shared_subjects == 2


def test_offsets_are_taken_from_the_mean_of_all_raters_of_the_subject():
    # consensus on p1 is 3; cat +1, ann and bob -1/2 each
    ratings = [("p1", "ann", 2), ("p1", "bob", 3), ("p1", "cat", 4)]
    result = severity(ratings)
    assert result["cat"].mean_offset == 1.0
    assert result["ann"].mean_offset == -1.0
    assert (result["bob"].mean_offset, result["bob"].label) == (0.0, "in line")


def test_offsets_just_inside_the_threshold_are_in_line():
    # three raters: a one-level lead over two others is +2/3 on one subject, 0 on a tied one
    ratings = [
        ("p1", "ann", 3), ("p1", "bob", 2), ("p1", "cat", 2),
        ("p2", "ann", 2), ("p2", "bob", 2), ("p2", "cat", 2),
    ]  # fmt: skip
    assert severity(ratings)["ann"].label == "in line"  # mean offset 1/3


def test_subjects_rated_once_do_not_count():
    ratings = [("p1", "ann", 4), ("p2", "ann", 2), ("p2", "bob", 2), ("p3", "cat", 1)]
    result = severity(ratings)
    assert set(result) == {"ann", "bob"}
    assert result["ann"].shared_subjects == 1
    assert result["ann"].label == "in line"


def test_no_shared_subjects_means_no_severities():
    assert severity([("p1", "ann", 4), ("p2", "bob", 1)]) == {}


# --- report -----------------------------------------------------------------------------


def test_two_raters_are_reported_with_weighted_kappa():
    ratings = [
        ("p1", "ann", 1), ("p1", "bob", 1),
        ("p2", "ann", 2), ("p2", "bob", 2),
        ("p3", "ann", 3), ("p3", "bob", 4),
        ("p4", "cat", 2),  # rated once: not part of the statistic
    ]  # fmt: skip
    report = agreement_report(ratings)
    assert (report.statistic, report.subjects) == (KAPPA, 3)
    assert report.value == pytest.approx(6 / 7)
    assert report.band == "almost perfect"
    assert set(report.severities) == {"ann", "bob"}


def test_more_raters_are_reported_with_icc():
    judges = ["j1", "j2", "j3", "j4"]
    ratings = [
        (f"s{subject}", judge, level)
        for subject, row in enumerate(SHROUT_FLEISS)
        for judge, level in zip(judges, row, strict=True)
    ]
    report = agreement_report(ratings)
    assert (report.statistic, report.subjects) == (ICC, 6)
    assert round(report.value, 2) == 0.29
    assert report.band == "fair"
    assert report.severities["j2"].label == "harsh"
    assert report.severities["j1"].label == "lenient"


def test_icc_report_counts_only_subjects_every_rater_rated():
    ratings = [
        ("p1", "ann", 1), ("p1", "bob", 1), ("p1", "cat", 1),
        ("p2", "ann", 3), ("p2", "bob", 3), ("p2", "cat", 3),
        ("p3", "ann", 4), ("p3", "bob", 2),
    ]  # fmt: skip
    report = agreement_report(ratings)
    assert (report.statistic, report.subjects, report.value) == (ICC, 2, 1.0)
    assert report.severities["ann"].shared_subjects == 3


def test_systematic_disagreement_is_reported_as_poor():
    ratings = [("p1", "ann", 1), ("p1", "bob", 2), ("p2", "ann", 2), ("p2", "bob", 1)]
    report = agreement_report(ratings)
    assert (report.value, report.band) == (-1.0, "poor")


def test_report_without_double_ratings_has_no_statistic():
    report = agreement_report([("p1", "ann", 3), ("p2", "bob", 2)])
    assert (report.statistic, report.value, report.band, report.subjects) == (None, None, None, 0)
    assert report.severities == {}


def test_undefined_statistic_has_no_band():
    report = agreement_report([("p1", "ann", 3), ("p1", "bob", 3)])
    assert (report.statistic, report.value, report.band) == (KAPPA, None, None)


@pytest.mark.parametrize(
    ("value", "band"),
    [
        (-0.01, "poor"),
        (0.0, "slight"),
        (0.19, "slight"),
        (0.2, "fair"),
        (0.4, "moderate"),
        (0.6, "substantial"),
        (0.79, "substantial"),
        (0.8, "almost perfect"),
        (1.0, "almost perfect"),
    ],
)
def test_landis_koch_bands(value, band):
    assert agreement_band(value) == band
