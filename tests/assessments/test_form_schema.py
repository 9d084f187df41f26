"""Forms: settings, fixed items and draws checked against the pack's items, with file and line."""

from __future__ import annotations

from trainer.assessments.schema import Form, read_form
from trainer.content.source import parse_yaml
from trainer.content.validation import PackKeys

FILE = "forms/negotiating-practice.yaml"


def _draw(text: str, rule: str) -> str:
    """The form with its draw section's rule replaced."""
    return text.replace("{count: 3, competency: negotiating, min_level: 2, max_level: 4}", rule)


def test_valid_form_reads_with_defaults(read_form_text, form_text):
    form, problems = read_form_text(form_text)
    assert problems == []
    assert (form.one_per_page, form.certainty_based) == (True, False)
    assert (form.shuffle_items, form.shuffle_options) == (True, True)
    assert form.fixed_items() == ["neg-single-01", "neg-true-false-01"]
    assert form.sections[1].draw.count == 3


def test_optional_settings_may_be_left_out(read_form_text, form_text):
    text = (
        form_text.replace("profile: inside-rep\n", "")
        .replace("time_limit_minutes: 20\n", "")
        .replace("attempts_allowed: 3\n", "")
    )
    form, _ = read_form_text(text)
    assert (form.profile, form.time_limit_minutes, form.attempts_allowed) == (None, None, None)


def test_form_survives_a_round_trip_through_json(read_form_text, form_text):
    form, _ = read_form_text(form_text)
    assert Form.model_validate(form.model_dump(mode="json")) == form


def test_draw_levels_default_to_the_whole_scale(read_form_text, form_text):
    form, _ = read_form_text(_draw(form_text, "{count: 2, competency: negotiating}"))
    assert (form.sections[1].draw.min_level, form.sections[1].draw.max_level) == (1, 4)


def test_key_must_be_the_file_name(read_form_text, form_text):
    text = form_text.replace("key: negotiating-practice", "key: other")
    assert read_form_text(text)[1] == [
        f"{FILE}:1: key: key 'other' must be 'negotiating-practice', the file's name"
    ]


def test_settings_are_checked(read_form_text, form_text, line):
    text = (
        form_text.replace("mode: practice", "mode: exam")
        .replace("profile: inside-rep", "profile: outside-rep")
        .replace("time_limit_minutes: 20", "time_limit_minutes: 0")
        .replace("attempts_allowed: 3", "attempts_allowed: 0")
    )
    assert read_form_text(text)[1] == [
        f"{FILE}:3: mode: Input should be 'practice', 'assessment' or 'screening'",
        f"{FILE}:6: time_limit_minutes: Input should be greater than 0",
        f"{FILE}:7: attempts_allowed: Input should be greater than or equal to 1",
        f"{FILE}:5: profile: unknown profile 'outside-rep'",
    ]


def test_section_needs_items_or_a_draw_not_both(read_form_text, form_text, line):
    both = form_text.replace(
        "    items: [neg-single-01, neg-true-false-01]\n",
        "    items: [neg-single-01]\n    draw: {count: 1, competency: negotiating}\n",
    )
    message = "a section has either fixed items or a draw, not both or neither"
    assert read_form_text(both)[1] == [
        f"{FILE}:{line(both, 'title: Basics')}: sections.0: {message}"
    ]
    neither = form_text.replace("    items: [neg-single-01, neg-true-false-01]\n", "")
    assert read_form_text(neither)[1] == [
        f"{FILE}:{line(neither, 'title: Basics')}: sections.0: {message}"
    ]


def test_fixed_items_must_exist_and_not_be_retired(read_form_text, form_text, line):
    text = form_text.replace(
        "[neg-single-01, neg-true-false-01]", "[neg-single-01, neg-single-02, neg-single-09]"
    )
    at = line(text, "items: [")
    assert read_form_text(text)[1] == [
        f"{FILE}:{at}: sections.0.items.1: item 'neg-single-02' is retired",
        f"{FILE}:{at}: sections.0.items.2: unknown item 'neg-single-09'",
    ]


def test_draft_fixed_item_is_allowed(read_form_text, form_text, items):
    form, _ = read_form_text(form_text)
    assert items["neg-true-false-01"].status == "draft"
    assert "neg-true-false-01" in form.fixed_items()


def test_fixed_item_may_appear_once_per_form(read_form_text, form_text, line):
    text = form_text + "  - title: Again\n    items: [neg-essay-01, neg-single-01]\n"
    assert read_form_text(text)[1] == [
        f"{FILE}:{line(text, 'neg-single-01', after='Again')}: "
        "sections.2.items.1: item 'neg-single-01' is already at sections.0.items.0"
    ]


def test_draw_rule_is_checked(read_form_text, form_text, line):
    zero = _draw(form_text, "{count: 0, competency: negotiating}")
    assert read_form_text(zero)[1] == [
        f"{FILE}:{line(zero, 'count: 0')}: "
        "sections.1.draw.count: Input should be greater than or equal to 1"
    ]
    upside_down = _draw(
        form_text, "{count: 1, competency: negotiating, min_level: 3, max_level: 2}"
    )
    assert read_form_text(upside_down)[1] == [
        f"{FILE}:{line(upside_down, 'draw:')}: sections.1.draw: min_level 3 is above max_level 2"
    ]
    typed = _draw(form_text, "{count: 1, competency: negotiating, type: dropdown}")
    assert read_form_text(typed)[1][0].startswith(
        f"{FILE}:{line(typed, 'draw:')}: sections.1.draw.type: Input should be 'single'"
    )


def test_draw_of_unknown_competency_is_named_once(read_form_text, form_text, line):
    text = _draw(form_text, "{count: 1, competency: haggling}")
    assert read_form_text(text)[1] == [
        f"{FILE}:{line(text, 'draw:')}: sections.1.draw.competency: unknown competency 'haggling'"
    ]


def test_drawing_more_live_items_than_exist_is_refused(read_form_text, form_text, line):
    # Live, levels 2-4, not fixed: multiple, ordering, matching, numeric, sjt, essay.
    text = _draw(form_text, "{count: 7, competency: negotiating, min_level: 2, max_level: 4}")
    assert read_form_text(text)[1] == [
        f"{FILE}:{line(text, 'draw:')}: sections.1.draw: "
        "draws 7 items but only 6 live items match (negotiating, levels 2-4)"
    ]


def test_draft_and_retired_items_are_never_drawn(read_form_text, form_text):
    text = _draw(form_text, "{count: 1, competency: negotiating, type: true_false}")
    assert read_form_text(text)[1][0].endswith(
        "draws 1 items but only 0 live items match (negotiating, levels 1-4, type true_false)"
    )


def test_fixed_items_are_not_drawn_again(read_form_text, form_text):
    # Level 2 singles: neg-single-01 only, and the form already holds it.
    text = _draw(form_text, "{count: 1, competency: negotiating, max_level: 2, type: single}")
    assert read_form_text(text)[1][0].endswith(
        "draws 1 items but only 0 live items match (negotiating, levels 1-2, type single)"
    )


def test_draws_that_share_items_must_be_satisfiable_together(read_form_text, form_text, line):
    text = _draw(form_text, "{count: 3, competency: negotiating, min_level: 2}") + (
        "  - title: Hard\n    draw: {count: 4, competency: negotiating, min_level: 3}\n"
    )
    assert read_form_text(text)[1] == [
        f"{FILE}:{line(text, 'draw:', after='Hard')}: sections.2.draw: sections 'Drawn' and "
        "'Hard' draw 7 items together but only 6 live items match them"
    ]


def test_draw_of_an_item_in_a_second_competency(read_form_text, form_text):
    text = _draw(form_text, "{count: 1, competency: value-selling}")
    assert read_form_text(text)[1] == []
    two = _draw(form_text, "{count: 2, competency: value-selling}")
    assert read_form_text(two)[1][0].endswith(
        "draws 2 items but only 1 live items match (value-selling, levels 1-4)"
    )


def test_every_problem_is_reported_at_once(read_form_text, form_text):
    text = (
        form_text.replace('title: "Negotiating: practice quiz"', "title: ''")
        .replace("neg-true-false-01]", "neg-nothing-01]")
        .replace("count: 3", "count: 30")
        .replace("profile: inside-rep", "profile: nobody")
    )
    assert [problem.split(": ")[1] for problem in read_form_text(text)[1]] == [
        "title",
        "profile",
        "sections.0.items.1",
        "sections.1.draw",
    ]


def test_form_needs_sections(read_form_text):
    text = "key: negotiating-practice\ntitle: T\nmode: practice\ndescription: D\nsections: []\n"
    assert read_form_text(text)[1] == [
        f"{FILE}:5: sections: List should have at least 1 item after validation, not 0"
    ]


def test_top_level_must_be_a_mapping():
    form, problems = read_form(parse_yaml("- just a list\n", "x.yaml"), PackKeys(), {})
    assert form is None
    assert [str(p) for p in problems] == ["x.yaml:1: expected a mapping of fields at the top"]
