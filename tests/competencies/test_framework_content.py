"""The bundled framework: observable behaviours that progress, one home for each behaviour."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from trainer.kinds import read_pack

SEEDS = Path("/work/shared/seeds")
CORPORATE = "004_9ee9936b2ffd965a.txt"
BANT = re.compile(r"budget, authority, need and timing", re.IGNORECASE)
RESTATING = re.compile(
    r"\b(restates the customer|repeats back|paraphrases|summari[sz]es what the customer)"
)


@pytest.fixture(scope="module")
def competencies():
    return read_pack().records_of("competency")


def _indicators(competency):
    return [line for level in (1, 2, 3, 4) for line in competency.levels[level]]


def test_bant_qualification_has_one_home(competencies):
    homes = {key for key, c in competencies.items() if any(map(BANT.search, _indicators(c)))}
    assert homes == {"prospecting"}


def test_restating_what_the_customer_said_has_one_home(competencies):
    homes = {
        key
        for key, c in competencies.items()
        if any(RESTATING.search(line.lower()) for line in _indicators(c))
    }
    assert homes == {"active-listening"}


def test_no_level_defers_to_others_above_a_level_that_works_alone(competencies):
    # Level 2 works alone; "participates", "assists" or "with guidance" belong to level 1 only.
    dependent = re.compile(r"\b(participates in|assists in|with guidance|with a manager's help)")
    found = [
        (key, level, line)
        for key, c in competencies.items()
        for level in (2, 3, 4)
        for line in c.levels[level]
        if dependent.search(line.lower())
    ]
    assert found == []


def test_every_indicator_starts_with_a_verb_in_the_third_person(competencies):
    found = [
        line
        for c in competencies.values()
        for line in _indicators(c)
        if not line.split()[0].rstrip(",").endswith("s")
    ]
    assert found == []


@pytest.mark.skipif(not (SEEDS / CORPORATE).is_file(), reason="the postings are not here")
def test_no_indicator_copies_the_corporate_postings_descriptors(competencies):
    text = html.unescape((SEEDS / CORPORATE).read_text(encoding="utf-8")).lower()
    posting = {" ".join(line.strip(" 61\t").split()).rstrip(".") for line in text.splitlines()}
    copied = [
        line
        for c in competencies.values()
        for line in _indicators(c)
        if line.lower().rstrip(".") in posting
    ]
    assert copied == []
