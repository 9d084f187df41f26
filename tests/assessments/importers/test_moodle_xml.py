"""Moodle XML import: every type maps to a valid item; what cannot be mapped names its line."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from trainer.assessments.importers.moodle_xml import parse_moodle_xml
from trainer.assessments.importers.xml_source import Keys, plain_text, unique_key
from trainer.assessments.items import ITEM_MODELS
from trainer.assessments.scoring import score
from trainer.content.problems import Problem

DATA = Path(__file__).parent / "data"
FILE = "moodle-every-type.xml"


def parse(text: str, file: str = "quiz.xml") -> tuple[list[dict], list[Problem]]:
    return parse_moodle_xml(text.encode("utf-8"), file, "negotiating", 2)


def quiz(*questions: str) -> str:
    return '<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n' + "\n".join(questions) + "\n</quiz>\n"


def question(kind: str, name: str, body: str = "") -> str:
    return (
        f'<question type="{kind}">\n<name><text>{name}</text></name>\n'
        f"<questiontext><text>The stem of {name}.</text></questiontext>\n{body}\n</question>"
    )


def answer(fraction: str, text: str, feedback: str = "", extra: str = "") -> str:
    return (
        f'<answer fraction="{fraction}"><text>{text}</text>{extra}'
        f"<feedback><text>{feedback}</text></feedback></answer>"
    )


@pytest.fixture
def export() -> str:
    return (DATA / FILE).read_text(encoding="utf-8")


@pytest.fixture
def parsed(export) -> tuple[dict[str, dict], list[Problem]]:
    items, problems = parse(export, FILE)
    return {item["key"]: item for item in items}, problems


def test_every_type_maps_to_our_item_types_in_file_order(parsed):
    items, _ = parsed
    assert [item["type"] for item in items.values()] == [
        "single",
        "multiple",
        "true_false",
        "short_text",
        "matching",
        "numeric",
        "essay",
    ]


def test_every_parsed_item_validates_with_our_models(parsed):
    items, _ = parsed
    for item in items.values():
        ITEM_MODELS[item["type"]].model_validate(item)


def test_parsed_items_dumped_as_yaml_read_as_a_bank(parsed, read_bank):
    items, _ = parsed
    text = yaml.safe_dump({"competency": "negotiating", "items": list(items.values())})
    valid, problems = read_bank(text)
    assert problems == []
    assert [item.key for item in valid] == list(items)


def test_items_carry_the_callers_competency_level_and_come_as_drafts(parsed):
    items, _ = parsed
    for item in items.values():
        assert (item["competencies"], item["level"], item["status"]) == (
            ["negotiating"],
            2,
            "draft",
        )


def test_a_description_with_no_question_after_it_is_the_only_problem(parsed, export, line):
    _, problems = parsed
    assert problems == [
        Problem(
            FILE,
            line(export, '<question type="description">'),
            '<question type="description"> is shown before the next question; none follows',
        )
    ]


def test_a_description_is_shown_before_the_next_question():
    text = quiz(
        question("description", "Intro"),
        question("truefalse", "TF", answer("100", "true") + answer("0", "false")),
    )
    items, problems = parse(text)
    assert problems == []
    assert items[0]["stem"] == "The stem of Intro.\n\nThe stem of TF."


def test_keys_are_slugs_of_the_question_names(parsed):
    items, _ = parsed
    assert "mxml-anchor-a-discount" in items
    assert "mxml-handle-the-price-objection" in items


def test_category_becomes_the_source_without_moodle_context(parsed):
    items, _ = parsed
    assert {item["source"] for item in items.values()} == {"Sales/Negotiation"}


def test_single_keys_the_full_marks_answer_with_its_feedback(parsed):
    item = parsed[0]["mxml-anchor-a-discount"]
    assert [option.get("correct", False) for option in item["options"]] == [True, False, False]
    assert item["options"][0]["feedback"] == "Right: you explore a trade before moving on price."
    assert item["explanation"] == "Trade, never give: a concession should buy something."


def test_html_is_stripped_and_entities_unescaped(parsed):
    item = parsed[0]["mxml-anchor-a-discount"]
    assert item["stem"] == "A buyer asks for 15% off on the first call. What is your first move?"
    assert item["options"][2]["text"] == "Offer 10% & see what happens"


def test_missing_feedback_and_explanation_get_placeholders(parsed):
    items, _ = parsed
    assert items["mxml-anchor-a-discount"]["options"][2]["feedback"] == (
        "No feedback in the Moodle file."
    )
    assert items["mxml-signals-of-buying-intent"]["explanation"] == (
        "No general feedback in the Moodle file."
    )
    assert items["mxml-match-the-tactic"]["pairs"][0]["feedback"] == (
        "No feedback in the Moodle file."
    )


def test_multiple_keys_every_positive_fraction(parsed):
    item = parsed[0]["mxml-signals-of-buying-intent"]
    assert [option.get("correct", False) for option in item["options"]] == [
        True,
        True,
        False,
        False,
    ]


def test_truefalse_takes_the_full_marks_answer_and_both_feedbacks(parsed):
    item = parsed[0]["mxml-silence-after-the-price"]
    assert item["answer"] is False
    assert item["feedback_false"] == "Right: let the price land."
    assert item["feedback_true"] == "Filling silence invites you to discount yourself."


def test_shortanswer_accepts_full_marks_answers_and_star_feedback_is_for_wrong_ones(parsed):
    item = parsed[0]["mxml-batna"]
    assert item["accepted"] == ["BATNA", "B.A.T.N.A."]
    assert item["feedback_correct"] == "Yes."
    assert item["feedback_incorrect"] == "It is BATNA."


def test_matching_pairs_keep_prompt_and_match(parsed):
    item = parsed[0]["mxml-match-the-tactic"]
    assert [(pair["prompt"], pair["match"]) for pair in item["pairs"]] == [
        ("Anchoring", "Sets the reference point"),
        ("Nibbling", "Asks for a small extra at the end"),
        ("Flinching", "Shows surprise at the offer"),
    ]


def test_numerical_keeps_answer_tolerance_unit_and_other_answers_as_common_errors(parsed):
    item = parsed[0]["mxml-payback-in-months"]
    assert (item["answer"], item["tolerance"], item["unit"]) == (12.0, 0.5, "months")
    assert item["feedback_correct"] == "12,000 / 1,000 = 12."
    # Moodle grades each answer within its own tolerance: none written is none at all
    assert item["common_errors"] == [
        {"value": 1.0, "feedback": "That is in years.", "tolerance": 0.0}
    ]


def test_essay_grader_information_is_the_look_for(parsed):
    item = parsed[0]["mxml-handle-the-price-objection"]
    assert item["look_fors"] == ["Acknowledges the concern, asks what they compare against."]
    assert item["guidance"] == "No guidance for the taker in the Moodle file."


def test_same_names_get_distinct_keys():
    body = answer("100", "true") + answer("0", "false")
    items, problems = parse(
        quiz(question("truefalse", "Price", body), question("truefalse", "Price", body))
    )
    assert [item["key"] for item in items] == ["mxml-price", "mxml-price-2"]
    assert problems == []


def test_malformed_xml_is_one_problem_with_the_parser_line():
    data = (DATA / "moodle-malformed.xml").read_bytes()
    assert parse_moodle_xml(data, "bad.xml", "negotiating", 2) == (
        [],
        [Problem("bad.xml", 5, "not well-formed XML: mismatched tag")],
    )


def test_unknown_types_are_problems_with_their_lines():
    text = (DATA / "moodle-unknown-types.xml").read_text(encoding="utf-8")
    items, problems = parse(text, "unknown.xml")
    assert items == []
    assert [(p.line, p.message) for p in problems] == [
        (
            3,
            "question 'Commission': <question type=\"calculated\"> "
            "has no matching item type; skipped",
        ),
        (7, "question 'Cloze': <question type=\"multianswer\"> has no matching item type; skipped"),
    ]


def test_a_file_that_is_not_a_quiz_is_refused():
    assert parse("<questions/>") == (
        [],
        [Problem("quiz.xml", 1, "<questions> is not a Moodle <quiz>")],
    )


def test_entity_declarations_are_refused():
    text = '<?xml version="1.0"?>\n<!DOCTYPE quiz [\n<!ENTITY a "aaaa">\n]>\n<quiz/>\n'
    items, problems = parse(text)
    assert items == []
    assert problems == [
        Problem("quiz.xml", 3, "not well-formed XML: entity declarations are not allowed")
    ]


def test_partial_credit_in_a_single_item_is_kept_as_the_options_weight():
    body = answer("100", "Ask") + answer("50", "Wait") + answer("-33.33333", "Give in")
    items, problems = parse(
        quiz(question("multichoice", "Partial", "<single>true</single>\n" + body))
    )
    assert problems == []
    item = ITEM_MODELS["single"].model_validate(items[0])
    assert [o.correct for o in item.options] == [True, False, False]
    assert [score(item, i).points for i in range(3)] == [1.0, 0.5, 0.0]


def test_multiple_answer_fractions_are_graded_as_moodle_grades_them():
    body = (
        answer("50", "Ask")
        + answer("50", "Confirm")
        + answer("-100", "Discount")
        + answer("0", "Wait")
    )
    text = quiz(question("multichoice", "Several", "<single>false</single>\n" + body))
    items, problems = parse(text)
    assert problems == []
    item = ITEM_MODELS["multiple"].model_validate(items[0])
    assert score(item, [0, 1, 3]).points == 1.0
    assert score(item, [0, 1, 2]).points == 0.0


@pytest.mark.parametrize(
    ("single", "fractions", "message"),
    [
        ("false", ["33", "33", "34", "0"], "fraction 33 is not one of Moodle's grades"),
        ("false", ["50", "25", "0", "0"], "the positive grades add up to 75%, not 100%"),
        ("true", ["100", "100", "0"], "2 answers at 100%; our single choice has one key"),
    ],
)
def test_grades_moodle_would_refuse_are_refused(single, fractions, message):
    body = "".join(answer(f, f"option {i}") for i, f in enumerate(fractions))
    items, problems = parse(
        quiz(question("multichoice", "Odd", f"<single>{single}</single>\n{body}"))
    )
    assert items == []
    assert message in problems[0].message


def test_combined_feedback_is_kept_with_its_label():
    body = (
        "<single>false</single><generalfeedback><text>Ask first.</text></generalfeedback>"
        "<correctfeedback><text>All of them.</text></correctfeedback>"
        "<partiallycorrectfeedback><text>Some.</text></partiallycorrectfeedback>"
        "<incorrectfeedback><text>None.</text></incorrectfeedback>"
        + answer("50", "a")
        + answer("50", "b")
        + answer("-50", "c")
        + answer("-50", "d")
    )
    items, _ = parse(quiz(question("multichoice", "Fb", body)))
    assert items[0]["explanation"] == (
        "Ask first.\n\nWhen right: All of them.\n\nWhen partly right: Some.\n\nWhen wrong: None."
    )


def test_unreadable_fraction_is_a_problem_at_its_answer():
    body = answer("lots", "Ask") + answer("100", "Wait") + answer("0", "Hold") + answer("0", "Go")
    items, problems = parse(quiz(question("multichoice", "Odd", body)))
    assert [p.message for p in problems] == [
        "question 'Odd': <answer> fraction 'lots' is not a number; answer dropped"
    ]


def test_shortanswer_wildcards_and_partial_credit_are_graded_as_in_moodle():
    body = answer("100", "BATNA") + answer("100", "BAT*") + answer("50", "best alternative")
    items, problems = parse(quiz(question("shortanswer", "Acronym", body)))
    assert problems == []
    item = ITEM_MODELS["short_text"].model_validate(items[0])
    assert score(item, "batnas").points == 1.0  # BAT* as Moodle's wildcard
    assert score(item, "Best  Alternative").points == 0.5
    assert score(item, "zopa").points == 0.0


def test_shortanswer_that_matched_case_is_refused():
    body = "<usecase>1</usecase>" + answer("100", "BATNA")
    items, problems = parse(quiz(question("shortanswer", "Acronym", body)))
    assert items == []
    assert "Moodle matched case" in problems[0].message


def test_matching_extra_wrong_match_is_kept():
    pairs = "".join(
        f"<subquestion><text>{prompt}</text><answer><text>{match}</text></answer></subquestion>\n"
        for prompt, match in [("A", "1"), ("B", "2"), ("C", "3"), ("", "4")]
    )
    items, problems = parse(quiz(question("matching", "Pairs", pairs)))
    assert problems == []
    assert (len(items[0]["pairs"]), items[0]["distractors"]) == (3, ["4"])


def test_numerical_needs_exactly_one_full_marks_answer():
    body = answer("100", "12") + answer("100", "1")
    items, problems = parse(quiz(question("numerical", "Payback", body)))
    assert items == []
    assert [p.message for p in problems] == [
        "question 'Payback': <question type=\"numerical\"> "
        "needs one answer with fraction 100, not 2"
    ]


def test_numerical_text_answer_is_a_problem_not_a_guess():
    items, problems = parse(quiz(question("numerical", "Payback", answer("100", "twelve"))))
    assert items == []
    assert [p.message for p in problems] == [
        "question 'Payback': <answer> answer 'twelve' is not a number"
    ]


def test_truefalse_without_a_full_marks_answer_is_a_problem():
    body = answer("0", "true") + answer("0", "false")
    items, problems = parse(quiz(question("truefalse", "Neither", body)))
    assert items == []
    assert "needs a 'true' and a 'false' answer" in problems[0].message


def test_plain_text_keeps_words_apart_and_drops_scripts():
    html = "<p>One</p><p>two&nbsp;&amp; three<br/>four</p><script>alert(1)</script>"
    assert plain_text(html) == "One two & three four"


def test_unique_key_fits_our_key_pattern():
    taken = Keys()
    assert unique_key("mxml-", "Café: ROI (Q1)!", taken) == "mxml-cafe-roi-q1"
    assert unique_key("mxml-", "???", taken) == "mxml-item"
    assert len(unique_key("mxml-", "x" * 200, taken)) <= 80
