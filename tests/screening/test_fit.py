"""Fit over what the screening measured; duplicates by email or phone."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

from trainer.competencies.readiness import Requirement
from trainer.screening.fit import ScoredAnswer, competency_results, fit_of, rank
from trainer.screening.shortlist import duplicates

AT = datetime(2026, 10, 1, tzinfo=UTC)


def test_fit_counts_only_the_requirements_the_screening_measured():
    profile = (Requirement("a", 2, 2), Requirement("b", 1, 1))
    answers = [ScoredAnswer(f"b{i}", ("b",), 1, 1.0) for i in range(2)]
    fit = fit_of(competency_results("candidate:1", answers, profile, AT))
    assert (fit.score, fit.high, fit.coverage) == (100, 100, 33)
    assert [r.measured for r in fit.results] == [False, True]


def test_nothing_measured_gives_no_fit_and_ranks_last():
    profile = (Requirement("a", 2, 1),)
    empty = fit_of(competency_results("candidate:1", [], profile, AT))
    some = fit_of(
        competency_results("candidate:2", [ScoredAnswer("x", ("a",), 1, 1.0)], profile, AT)
    )
    assert empty.score is None and empty.coverage == 0
    ranked = rank([("empty", empty), ("some", some)], cut=0)
    assert [r.key for r in ranked] == ["some", "empty"]


def test_a_multi_competency_item_counts_for_each_competency():
    profile = (Requirement("a", 1, 1), Requirement("b", 1, 1))
    answers = [ScoredAnswer(f"ab{i}", ("a", "b"), 1, 1.0) for i in range(2)]
    fit = fit_of(competency_results("candidate:1", answers, profile, AT))
    assert [r.estimate.level for r in fit.results] == [1, 1]


def person(id, email=None, phone=None):
    return SimpleNamespace(id=id, email=email, phone=phone)


def test_duplicates_match_email_case_and_phone_digits_not_blanks():
    people = [
        person(1, "Ann@Example.edu"),
        person(2, "ann@example.edu "),
        person(3, None, "+1 (555) 010-2030"),
        person(4, "other@example.edu", "555.010.2030"),
        person(5, None, None),
        person(6, None, None),
    ]
    assert duplicates(people) == {1, 2, 3, 4}
