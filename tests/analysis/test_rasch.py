"""Rasch calibration recovers known difficulties, tolerates missing answers, refuses extremes."""

from __future__ import annotations

import numpy as np
import pytest

from trainer.analysis.rasch import CalibrationError, calibrate

from .conftest import simulate

TRUE = np.array([-1.5, -0.5, 0.0, 0.5, 1.5, 1.0, -1.0, 0.25])


def test_difficulties_are_recovered_within_their_standard_errors():
    _, scores = simulate(TRUE, takers=4000, seed=1)
    fit = calibrate([f"i{j}" for j in range(len(TRUE))], scores)
    assert np.all(np.abs(fit.difficulty - TRUE) < 3.5 * fit.se)
    assert np.all((fit.se > 0.02) & (fit.se < 0.1))


def test_missing_answers_drop_out_of_the_likelihood():
    _, scores = simulate(TRUE, takers=4000, seed=2, missing=0.4)
    fit = calibrate([f"i{j}" for j in range(len(TRUE))], scores)
    assert np.all(np.abs(fit.difficulty - TRUE) < 3.5 * fit.se)
    full = calibrate([f"i{j}" for j in range(len(TRUE))], simulate(TRUE, 4000, seed=2)[1])
    assert np.all(fit.se > full.se)  # fewer answers, less information


def test_fit_is_near_one_for_rasch_items_and_off_for_noisy_or_steep_ones():
    b = np.append(np.linspace(-1.3, 1.3, 20), [0.0, 0.0])
    slopes = np.append(np.ones(20), [0.0, 4.0])  # an item of pure noise; a near-Guttman one
    _, scores = simulate(b, takers=3000, seed=3, discrimination=slopes)
    fit = calibrate([f"i{j}" for j in range(len(b))], scores)
    assert fit.outfit[20] > 1.3 and fit.infit[20] > 1.2
    assert fit.infit[21] < 0.8 and fit.outfit[21] < 0.75
    assert np.all(np.abs(fit.infit[:20] - 1) < 0.1) and np.all(np.abs(fit.outfit[:20] - 1) < 0.15)


def test_eap_abilities_follow_the_true_ones():
    theta, scores = simulate(TRUE, takers=2000, seed=4)
    fit = calibrate([f"i{j}" for j in range(len(TRUE))], scores)
    assert np.corrcoef(theta, fit.ability)[0, 1] > 0.6
    assert np.all((fit.ability_se > 0.3) & (fit.ability_se < 1))


def test_an_item_everyone_got_right_is_named_not_estimated():
    _, scores = simulate(TRUE[:3], takers=200, seed=5)
    scores[:, 1] = 1
    with pytest.raises(CalibrationError, match="i1"):
        calibrate(["i0", "i1", "i2"], scores)


def test_partial_scores_count_as_right_only_at_full_credit():
    _, scores = simulate(TRUE[:4], takers=1000, seed=6)
    half = np.where(scores == 0, 0.5, scores)
    assert calibrate(list("abcd"), half).difficulty == pytest.approx(
        calibrate(list("abcd"), scores).difficulty
    )
