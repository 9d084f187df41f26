"""Reference data and synthetic banks for the analysis tests."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pytest

REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "data" / "psychometrics"
LSAT6 = REFERENCE / "lsat6_patterns.csv"


def lsat6_csv() -> str:
    """The LSAT-6 patterns expanded to the 1000 x 5 matrix, as a --responses file."""
    rows = list(csv.reader(io.StringIO(LSAT6.read_text())))
    lines = [",".join(rows[0][:5])]
    for row in rows[1:]:
        lines += [",".join(row[:5])] * int(row[5])
    return "\n".join(lines) + "\n"


@pytest.fixture
def lsat6_file(tmp_path) -> Path:
    if not LSAT6.exists():
        pytest.skip(f"reference data not found at {LSAT6}")
    path = tmp_path / "lsat6.csv"
    path.write_text(lsat6_csv())
    return path


def simulate(difficulty, takers=1500, seed=7, discrimination=None, missing=0.0):
    """Rasch (or 2PL, with `discrimination`) responses for N(0, 1) takers; NaN where missing."""
    rng = np.random.default_rng(seed)
    theta = rng.standard_normal(takers)
    b = np.asarray(difficulty, dtype=float)
    a = np.ones_like(b) if discrimination is None else np.asarray(discrimination, dtype=float)
    p = 1 / (1 + np.exp(-a * (theta[:, None] - b)))
    scores = (rng.random(p.shape) < p).astype(float)
    scores[rng.random(p.shape) < missing] = np.nan
    return theta, scores
