"""Response files from other systems: read exactly, or refused with line and column."""

from __future__ import annotations

import math

import numpy as np
import pytest
from click.testing import CliRunner

from trainer.analysis.matrix import MatrixError, read_responses, write_responses
from trainer.cli import main


def test_blanks_are_unanswered_and_partial_scores_are_kept():
    matrix = read_responses("a,b,c\n1,,0.5\n0,1,\n")
    assert matrix.items == ("a", "b", "c")
    assert math.isnan(matrix.scores[0, 1]) and matrix.scores[0, 2] == 0.5
    again = read_responses(write_responses(matrix)).scores
    assert np.array_equal(again, matrix.scores, equal_nan=True)


@pytest.mark.parametrize(
    ("text", "where", "says"),
    [
        ("a,b\n1,x\n", (2, 2), "'x' is not a number"),
        ("a,b\n1,2\n", (2, 2), "not a score from 0 to 1"),
        ("a,b\n1,-0.5\n", (2, 2), "not a score from 0 to 1"),
        ("a,b\n1,nan\n", (2, 2), "not a score"),
        ("a,b\n1,0\n1\n", (3, 1), "expected 2 columns, found 1"),
        ("a,a\n1,0\n", (1, 2), "already column 1"),
        ("a,\n1,0\n", (1, 2), "names no item"),
        ("", (1, 1), "header row"),
        ("a,b\n", (2, 1), "no takers"),
    ],
)
def test_malformed_files_name_line_and_column(text, where, says):
    with pytest.raises(MatrixError) as caught:
        read_responses(text)
    line, col, message = caught.value.problems[0]
    assert (line, col) == where and says in message


def test_a_malformed_file_prints_problems_and_no_analysis(tmp_path):
    path = tmp_path / "bank.csv"
    path.write_text("q1,q2\n1,0\n0,yes\n")
    result = CliRunner().invoke(main, ["analyze", "--responses", str(path)])
    assert result.exit_code == 1
    assert "line 3, column 2: 'yes' is not a number" in result.output
    assert "takers" not in result.output


def test_analyze_needs_a_target_or_a_file():
    result = CliRunner().invoke(main, ["analyze"])
    assert result.exit_code == 2 and "--responses" in result.output


def test_csv_output_has_a_row_per_item(tmp_path):
    path = tmp_path / "bank.csv"
    path.write_text("q1,q2,q3\n" + "1,0,1\n0,0,1\n1,1,0\n" * 5)
    result = CliRunner().invoke(main, ["analyze", "--responses", str(path), "--csv"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("item,level") and [ln.split(",")[0] for ln in lines[1:]] == [
        "q1",
        "q2",
        "q3",
    ]
