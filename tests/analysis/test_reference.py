"""LSAT-6 (Bock & Lieberman, 1970) through `trainer analyze --responses`, against the values
published with it (shared/data/psychometrics/README.md), within the README's tolerances."""

from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner

from trainer.analysis.matrix import read_responses
from trainer.analysis.rasch import calibrate
from trainer.cli import main

TOL = 0.01  # the README: optimiser and quadrature differences are of the order of 0.001


@pytest.fixture
def reference(lsat6_file):
    result = CliRunner().invoke(main, ["analyze", "--responses", str(lsat6_file), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def column(report, name):
    return [item[name] for item in report["items"]]


def test_proportions_correct_match_the_published_ones(reference):
    assert column(reference, "facility") == pytest.approx(
        [0.924, 0.709, 0.553, 0.763, 0.870], abs=5e-4
    )


def test_total_score_frequencies_match(reference):
    assert [d["takers"] for d in reference["distribution"]] == [3, 20, 85, 237, 357, 298]


def test_rasch_difficulties_and_log_likelihood_match_ltm(reference):
    expected = [-2.872, -1.063, -0.258, -1.388, -2.219]
    assert column(reference, "difficulty") == pytest.approx(expected, abs=TOL)
    assert reference["log_likelihood"] == pytest.approx(-2473.054, abs=TOL)


def test_alpha_kr20_and_item_deleted_match(reference):
    r = reference["reliability"]
    assert r["alpha"] == pytest.approx(0.2950, abs=5e-5)
    assert r["kr20"] == pytest.approx(0.2950, abs=5e-5)
    expected = [0.2754, 0.2376, 0.2168, 0.2459, 0.2663]
    assert column(reference, "alpha_if_deleted") == pytest.approx(expected, abs=5e-5)


def test_item_total_correlations_match(reference):
    included = [0.3620, 0.5668, 0.6184, 0.5344, 0.4354]
    corrected = [0.1128, 0.1532, 0.1728, 0.1444, 0.1216]
    assert column(reference, "point_biserial") == pytest.approx(included, abs=5e-5)
    assert column(reference, "corrected") == pytest.approx(corrected, abs=5e-5)


def test_mean_variance_and_sem(reference):
    r = reference["reliability"]
    assert r["mean"] == pytest.approx(3.819, abs=5e-4)
    assert r["variance"] == pytest.approx(1.0713, abs=5e-5)
    assert r["sem"] == pytest.approx(np.sqrt(1.0713 * (1 - 0.2950)), abs=5e-4)


def test_common_discrimination_model_matches_ltm(lsat6_file):
    matrix = read_responses(lsat6_file.read_text())
    fit = calibrate(matrix.items, matrix.scores, common=True)
    assert fit.discrimination == pytest.approx(0.755, abs=TOL)
    assert fit.difficulty == pytest.approx([-3.615, -1.322, -0.318, -1.730, -2.780], abs=TOL)
    assert fit.log_likelihood == pytest.approx(-2466.938, abs=TOL)


def test_the_low_reliability_is_reported_as_it_is(reference):
    """A deliberately unreliable test: the flags say so rather than hiding it."""
    codes = {f["code"] for item in reference["items"] for f in item["flags"]}
    assert "low-discrimination" in codes
