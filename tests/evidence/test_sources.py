"""Source references format to exactly the strings stored so far and parse back; modes weigh."""

from __future__ import annotations

import pytest

from trainer.evidence.sources import SourceRef, weight_for

STORED = [
    (SourceRef.attempt_item(12, "neg-anchor-1"), "attempt:12/item:neg-anchor-1"),
    (SourceRef.run_step(4, "close"), "scenario-run:4/step:close"),
    (SourceRef.rating(7), "rating:7"),
]


@pytest.mark.parametrize(("ref", "text"), STORED, ids=[text for _, text in STORED])
def test_a_source_formats_to_its_stored_string_and_parses_back(ref, text):
    assert ref.format() == str(ref) == text
    assert SourceRef.parse(text) == ref


def test_a_source_knows_its_origin_id_and_part():
    ref = SourceRef.parse("scenario-run:4/step:close")
    assert (ref.origin, ref.id, ref.part) == ("scenario-run", 4, "close")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "example",
        "attempt:12",
        "attempt:x/item:k",
        "attempt:12/step:k",
        "attempt:12/item:",
        "scenario-run:-3/step:close",
        "call:3/step:close",
        "rating:",
        "rating:7/item:k",
        "rating:0",
    ],
)
def test_a_malformed_source_is_refused(text):
    with pytest.raises(ValueError, match="evidence source|positive integer"):
        SourceRef.parse(text)


@pytest.mark.parametrize(
    ("origin", "ident", "part"),
    [("attempt", 1, None), ("rating", 1, "extra"), ("scenario-run", 1, ""), ("quiz", 1, "k")],
)
def test_a_source_without_the_part_its_origin_needs_cannot_be_made(origin, ident, part):
    with pytest.raises(ValueError):
        SourceRef(origin, ident, part)


def test_practice_counts_half_of_an_assessment_and_a_rating_in_full():
    assert weight_for("practice") == weight_for("assessment") / 2
    assert weight_for("screening") == weight_for("assessment") == weight_for(None) == 1.0


def test_an_unknown_mode_has_no_weight():
    with pytest.raises(ValueError, match="unknown mode 'rehearsal'"):
        weight_for("rehearsal")
