"""The benchmarks still run against today's schema (at a toy size: their figures are not tested)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.no_database  # tests/conftest.py: run once, in the SQLite run

ROOT = Path(__file__).resolve().parent.parent


def test_the_analysis_benchmark_runs_at_a_small_size(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.analysis", "--takers", "40", "--baseline", "20"]
        + ["--items", "6", "--database", f"sqlite:///{tmp_path / 'bench.db'}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=280,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "takers ratio 2x" in result.stdout
