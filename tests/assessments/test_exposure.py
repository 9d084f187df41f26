"""Retakes draw items the person has not seen; a pool too small for the attempts is reported."""

from __future__ import annotations

import pytest

from trainer.assessments.delivery import assemble

ASSESSMENT = "mode: practice\n", "mode: assessment\n"


def drawn(plan) -> set[str]:
    return {p.key for p in plan if p.section == "Drawn"}


@pytest.fixture
def form(read_form_text, form_text):
    form, problems = read_form_text(form_text.replace("attempts_allowed: 3", "attempts_allowed: 2"))
    assert not problems
    return form


@pytest.mark.parametrize("seed", range(20))
def test_a_retake_draws_only_items_not_seen_while_the_pool_allows(form, items, seed):
    first = assemble(form, items, seed)
    second = assemble(form, items, seed + 1000, seen=frozenset(p.key for p in first))
    assert drawn(first) and not drawn(first) & drawn(second)
    assert len(drawn(second)) == 3


@pytest.mark.parametrize("seed", range(20))
def test_when_fresh_items_run_short_every_fresh_one_is_drawn_first(form, items, seed):
    pool = {"neg-multiple-01", "neg-ordering-01", "neg-matching-01", "neg-numeric-01"}
    pool |= {"neg-sjt-01", "neg-essay-01"}
    seen = frozenset(pool - {"neg-numeric-01"})
    plan = assemble(form, items, seed, seen=seen)
    assert "neg-numeric-01" in drawn(plan) and len(drawn(plan)) == 3


def test_without_a_history_the_draw_is_what_it_always_was(form, items):
    assert assemble(form, items, 7) == assemble(form, items, 7, seen=frozenset())


def test_an_assessment_pool_too_small_for_its_attempts_is_reported(read_form_text, form_text, line):
    text = form_text.replace(*ASSESSMENT)
    form, problems = read_form_text(text)  # three attempts of three draws from six items
    at = line(text, "draw:")
    assert problems == [
        f"forms/negotiating-practice.yaml:{at}: sections.1.draw: 3 attempts draw 9 items here"
        " but only 6 live items match: a retake would repeat items; add items or allow fewer"
        " attempts"
    ]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("attempts_allowed: 3", "attempts_allowed: 2"),  # six items for two attempts of three
        ("attempts_allowed: 3", "attempts_allowed: 1"),
        ("mode: assessment", "mode: practice"),  # practice repeats by design
    ],
)
def test_a_pool_that_covers_every_attempt_is_fine(read_form_text, form_text, old, new):
    _, problems = read_form_text(form_text.replace(*ASSESSMENT).replace(old, new))
    assert problems == []
