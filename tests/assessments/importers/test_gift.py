"""GIFT: every question type reads into a valid item, faults name their line, round trips hold."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import TypeAdapter

from trainer.assessments.importers.gift_read import parse_gift
from trainer.assessments.importers.gift_syntax import (
    NO_EXPLANATION,
    NO_FEEDBACK,
    NO_GUIDANCE,
    NO_LOOK_FORS,
)
from trainer.assessments.importers.gift_write import export_gift
from trainer.assessments.items import ITEM_MODELS, Item

DATA = Path(__file__).parent / "data"
FILE = "import.gift"
ITEM = TypeAdapter(Item)


def read(text: str) -> tuple[list[dict], list[str]]:
    """Parse as a negotiating level-2 import: (items, problems as 'file:line: message')."""
    items, problems = parse_gift(text, FILE, "negotiating", 2)
    return items, [str(problem) for problem in problems]


def only(text: str) -> dict:
    """The one item `text` holds; it must read without problems."""
    items, problems = read(text)
    assert problems == []
    assert len(items) == 1
    return items[0]


@pytest.fixture
def sample_text() -> str:
    return (DATA / "sample.gift").read_text(encoding="utf-8")


@pytest.fixture
def sample(sample_text) -> dict[str, dict]:
    """The sample's items by key; it must read without problems."""
    items, problems = read(sample_text)
    assert problems == []
    return {item["key"]: item for item in items}


def test_sample_reads_every_question_type_in_file_order(sample):
    assert [item["type"] for item in sample.values()] == [
        "single",
        "single",
        "true_false",
        "true_false",
        "multiple",
        "short_text",
        "short_text",
        "matching",
        "numeric",
        "numeric",
        "numeric",
        "essay",
        "single",
        "true_false",
    ]


def test_every_parsed_item_validates_with_our_models(sample):
    for item in sample.values():
        assert ITEM.validate_python(item).type == item["type"]
        assert isinstance(ITEM_MODELS[item["type"]].model_validate(item), ITEM_MODELS[item["type"]])


def test_items_take_the_competency_and_level_given_and_start_as_drafts(sample):
    for item in sample.values():
        assert item["competencies"] == ["negotiating"]
        assert (item["level"], item["status"]) == (2, "draft")


def test_keys_come_from_the_title_or_the_stems_first_words_and_are_unique(sample):
    assert list(sample)[:2] == ["gift-who-names-a-number", "gift-anchor-first"]
    assert "gift-the-buyer-s-best-alternative-to-a" in sample
    assert list(sample)[-1] == "gift-anchor-first-2"


def test_category_lines_become_the_source_of_the_questions_after_them(sample):
    assert "source" not in sample["gift-who-names-a-number"]
    assert sample["gift-anchor-first"]["source"] == "GIFT category: Negotiating/Basics"
    assert sample["gift-value-drivers"]["source"] == "GIFT category: Negotiating/Basics"
    assert sample["gift-batna"]["source"] == "GIFT category: Negotiating/Terms"


def test_comment_lines_are_ignored_even_between_answers(sample):
    texts = [option["text"] for option in sample["gift-anchor-first"]["options"]]
    assert texts[2:] == ["Refer them to your manager", "Say the price is fixed by policy"]


def test_choice_answers_keep_their_feedback_and_general_feedback_is_the_explanation(sample):
    item = sample["gift-anchor-first"]
    assert item["options"][0] == {
        "text": "Trade it for something of equal value",
        "correct": True,
        "feedback": "You keep the deal's value and teach that concessions cost.",
    }
    assert [option["correct"] for option in item["options"]] == [True, False, False, False]
    assert item["explanation"] == "Every concession should buy something back: trade, never give."


def test_missing_feedback_and_explanation_get_clear_placeholders(sample):
    assert sample["gift-who-names-a-number"]["explanation"] == NO_EXPLANATION
    assert sample["gift-call-stages"]["pairs"][0]["feedback"] == NO_FEEDBACK


def test_escapes_become_the_characters_they_stand_for(sample):
    item = sample["gift-escapes"]
    assert item["stem"] == (
        "In our CRM a note tagged #urgent {P1} means reply: now.\nWhich of these = or ~ is right?"
    )
    assert item["options"][0]["text"] == "Reply within the hour = urgent"
    assert item["options"][0]["feedback"] == "Right: #urgent means now."
    assert item["options"][1]["feedback"] == "Too late for a {P1}."


def test_html_and_markdown_become_the_plain_text_learners_read(sample):
    """Our items hold plain text: a learner must never see `<p>` or `**`."""
    assert sample["gift-walk-away"]["stem"] == (
        "You should set your walk-away point before the call."
    )
    assert sample["gift-objection-reply"]["stem"] == (
        'Write how you would answer "Your price is too high".'
    )


@pytest.mark.parametrize(
    ("text", "stem", "option"),
    [
        ("[html]<p>Pick &amp; <b>choose</b></p>{=<i>a</i> ~b ~c}", "Pick & choose", "a"),
        (
            "[markdown]Pick **one** `now`{=[site](http://x.example) ~b ~c}",
            "Pick one now",
            "site (http://x.example)",
        ),
        (
            "Plain <b>bold</b> in the default format {=a ~b ~c}",
            "Plain bold in the default format",
            "a",
        ),
        ("[plain]Keep <b> as written {=a ~b ~c}", "Keep <b> as written", "a"),
    ],
)
def test_every_text_of_a_question_is_read_in_its_format(text, stem, option):
    item = only(text)
    assert (item["stem"], item["options"][0]["text"]) == (stem, option)


def test_true_false_first_feedback_is_for_a_wrong_answer_and_second_for_a_right_one(sample):
    item = sample["gift-walk-away"]
    assert item["answer"] is True
    assert item["feedback_true"] == "Right; deciding under pressure invites bad deals."
    assert item["feedback_false"] == "A limit set during the call is set by the buyer's pressure."
    assert item["explanation"] == "Prepare your walk-away before you talk."


def test_true_false_reads_false_without_feedback(sample):
    item = sample["gift-discount-myth"]
    assert (item["answer"], item["feedback_true"], item["feedback_false"]) == (
        False,
        NO_FEEDBACK,
        NO_FEEDBACK,
    )


@pytest.mark.parametrize(("word", "answer"), [("T", True), ("TRUE", True), ("F", False)])
def test_true_false_accepts_every_spelling(word, answer):
    assert only(f"Prices are set before the call. {{{word}}}")["answer"] is answer


def test_positive_weights_mark_the_correct_options_of_a_multiple_item(sample):
    item = sample["gift-value-drivers"]
    assert [option["correct"] for option in item["options"]] == [True, True, False, False]


def test_a_multiple_answer_question_with_one_key_is_refused_not_made_single():
    """Moodle lets a taker tick several here, so ticking all earns 100%: as a single choice it
    would grade differently, so it is refused with the way to write it."""
    items, problems = read("Pick one. {~%100%Ask ~Tell ~Wait}")
    assert items == []
    assert "with one correct option: write the key with =" in problems[0]


def test_short_answer_accepts_each_full_credit_answer_and_star_carries_the_rest(sample):
    item = sample["gift-batna"]
    assert item["accepted"] == ["Best", "best alternative"]
    assert item["feedback_correct"] == (
        "Yes: Best Alternative To a Negotiated Agreement. Yes, that is it."
    )
    assert item["feedback_incorrect"] == "It is Best, as in the best alternative you have."


def test_missing_word_question_puts_a_blank_where_the_answers_were(sample):
    item = sample["gift-the-buyer-s-best-alternative-to-a"]
    assert item["stem"] == (
        "The buyer's best alternative to a deal with you is their _____ in the negotiation."
    )
    assert item["accepted"] == ["BATNA"]


def test_matching_reads_each_pair(sample):
    pairs = sample["gift-call-stages"]["pairs"]
    assert [(pair["prompt"], pair["match"]) for pair in pairs] == [
        ("Opening", "Earn the right to ask questions"),
        ("Discovery", "Find the buyer's problem and its cost"),
        ("Close", "Agree the next step"),
    ]


def test_gift_numeric_reads_value_tolerance_and_feedback(sample):
    item = sample["gift-payback"]
    assert (item["answer"], item["tolerance"]) == (12.0, 0.5)
    assert item["feedback_correct"] == "Right: 12000 / 1000 = 12 months."


def test_gift_numeric_range_is_its_midpoint_with_half_width_tolerance(sample):
    item = sample["gift-first-concession"]
    assert (item["answer"], item["tolerance"]) == (3.0, 2.0)


def test_gift_numeric_partial_and_zero_answers_become_common_errors(sample):
    item = sample["gift-roi"]
    assert (item["answer"], item["tolerance"]) == (50.0, 1.0)
    assert item["common_errors"] == [  # their own tolerances kept, as Moodle grades them
        {
            "value": 150.0,
            "feedback": "That is return over cost; subtract the cost first.",
            "tolerance": 0.0,
        },
        {
            "value": 1.5,
            "feedback": "That is the ratio; give it as a percentage.",
            "tolerance": 0.0,
        },
    ]
    assert item["explanation"] == "ROI = (gain - cost) / cost."


def test_numeric_partial_credit_keeps_its_weight_and_tolerance():
    item = only("Seats times price? {#=%100%1200:10 =%50%120:0#One seat short of a zero.}")
    assert item["common_errors"] == [
        {"value": 120.0, "feedback": "One seat short of a zero.", "credit": 0.5, "tolerance": 0.0}
    ]


def test_essay_takes_general_feedback_and_placeholder_guidance(sample):
    item = sample["gift-objection-reply"]
    assert item["explanation"] == "A strong answer asks what the price is being compared with."
    assert (item["guidance"], item["look_fors"]) == (NO_GUIDANCE, [NO_LOOK_FORS])


def test_windows_line_endings_read_the_same(sample_text, sample):
    items, problems = read(sample_text.replace("\n", "\r\n"))
    assert problems == []
    assert items == list(sample.values())


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("::Q1:: Fine {T}\n\n::Q2:: Broken {\n=a\n~b\n~c\n", 3, "missing closing brace }"),
        ("// header\nPick one. {~a ~b ~c}", 2, "no correct answer"),
        ("Pick one. {=%0%a =%0%b}", 1, "no correct answer"),
        ("Seats? {#=%50%3 ~4}", 1, "no correct answer"),
        ("Which? {=a =b ~c ~d}", 1, "2 answers earn 100%; our single choice has one key"),
        ("Which? {~%50%a ~%40%b ~c ~d}", 1, "the positive weights add up to 90%, not 100%"),
        ("What? {=a =%-50%b}", 1, "-50% for 'b': a short answer earns 0-100%"),
        ("Just some text about what follows.", 1, "a description (text with no answer block)"),
        ("How many? {#=5 ~#one ~#two}", 1, "one ~#feedback for any other answer, not two"),
        ("How many? {#=5 =%-50%6}", 1, "-50%: a numeric answer earns 0-100%"),
        ("Match. {=a -> 1 =b -> 2 =c -> 3 = -> 1}", 1, "match '1' appears twice"),
        ("Which? {=a ~%150%b ~c}", 1, "weight 150% is outside -100 to 100"),
        ("Which? {=a#b#c ~d ~e}", 1, "an answer has one #feedback"),
        ("Which? {=a ~ ~c}", 1, "an answer has no text"),
        ("How many? {#twelve}", 1, "'twelve' is not a number"),
        ("How many? {#5..1}", 1, "the range 5..1 runs backwards"),
        ("How many? {#}", 1, "a numeric answer block has no number"),
        ("How many? {#=12 =%100%12.0:1}", 1, "one full-credit answer, not two"),
        ("Is it? {T} or {F}", 1, "a question has one answer block"),
        ("Is it } really? {T}", 1, "closing brace } without an opening {"),
        ("Which? {=a {b} ~c ~d}", 1, "a { inside an answer block"),
        ("::Q1 Is it? {T}", 1, "the title has no closing ::"),
        ("::Q1:: {T}", 1, "the question has no text"),
        ("Is it? {T#a#b#c}", 1, "at most #wrong#right feedback"),
        ("Which?\n{=a\n~b}", 1, "single item: options: needs 3-5 options, not 2"),
        ("Match. {=a -> 1 =b -> 2 =c}", 1, "only =prompt -> match answers"),
        ("Match. {=%50%a -> 1 =b -> 2 =c -> 3}", 1, "only =prompt -> match answers"),
    ],
)
def test_malformed_gift_is_a_problem_named_with_its_line(text, line, message):
    items, problems = read(text)
    assert all(item["key"] == "gift-q1" for item in items)  # only the good question
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{FILE}:{line}: ")
    assert message in problems[0]


def test_one_bad_question_is_reported_and_the_good_ones_still_read(sample_text, sample):
    """The preview shows each question's status; the store refuses the file as a whole."""
    text = f"{sample_text}\nBroken {{\n=a\n\nDescription only.\n"
    lines = text.splitlines()
    broken, description = lines.index("Broken {") + 1, lines.index("Description only.") + 1
    items, problems = read(text)
    assert items == list(sample.values())
    assert [problem.split(": ")[0] for problem in problems] == [
        f"{FILE}:{broken}",
        f"{FILE}:{description}",
    ]


def test_twenty_thousand_questions_of_one_title_get_keys_in_linear_time():
    """Each key is found in one or two tries, not by walking every earlier suffix."""
    from trainer.assessments.importers.xml_source import Keys

    keys, tries = Keys(), 0
    original = Keys.__contains__

    def counting(self, key):
        nonlocal tries
        tries += 1
        return original(self, key)

    Keys.__contains__ = counting
    try:
        made = [keys.claim("gift-same") for _ in range(20_000)]
    finally:
        Keys.__contains__ = original
    assert len(set(made)) == 20_000 and made[1] == "gift-same-2"
    assert tries <= 2 * 20_000


def test_round_trip_of_the_sample_keeps_every_item(sample):
    items, problems = read(export_gift(list(sample.values())))
    assert problems == []
    assert items == list(sample.values())


def test_round_trip_from_a_bank_keeps_what_gift_can_hold(items):
    text = export_gift(list(items.values()))
    assert "// skipped: neg-ordering-01 (ordering)" in text
    assert "// skipped: neg-sjt-01 (sjt)" in text
    back, problems = read(text)
    assert problems == []
    kept = {key: item for key, item in items.items() if item.type not in ("ordering", "sjt")}
    assert [item["key"] for item in back] == [f"gift-{key}" for key in kept]
    for before, after in zip(kept.values(), back, strict=True):
        assert_same_content(before.model_dump(), after)


def assert_same_content(before: dict, after: dict) -> None:
    """Stems, options, correctness, weights, feedback and tolerances survive; GIFT has no place
    for more. Both sides go through the item model, so unset fields compare as their defaults."""
    after = ITEM_MODELS[after["type"]].model_validate(after).model_dump()
    lost = {"key", "level", "competencies", "status", "source", "unit", "guidance", "look_fors"}
    if before["type"] == "matching":  # GIFT pairs carry no feedback
        before["pairs"] = [{**pair, "feedback": NO_FEEDBACK} for pair in before["pairs"]]
    assert {k: v for k, v in after.items() if k not in lost} == {
        k: v for k, v in before.items() if k not in lost
    }


def test_export_takes_dicts_as_well_as_models(items):
    dicts = [item.model_dump() for item in items.values()]
    assert export_gift(dicts) == export_gift(list(items.values()))


def test_export_shares_multiple_weights_equally_with_the_same_penalty():
    options = [{"text": f"Option {n}", "correct": n < 3, "feedback": f"Why {n}."} for n in range(5)]
    item = {
        "key": "three-keys",
        "type": "multiple",
        "stem": "Which three?",
        "options": options,
        "explanation": "Three of five.",
    }
    text = export_gift([item])
    assert "~%33.33333%Option 0#Why 0." in text
    assert "~%-33.33333%Option 4#Why 4." in text
    back = only(text)
    assert back["type"] == "multiple"
    assert [option["correct"] for option in back["options"]] == [True, True, True, False, False]


def test_export_writes_each_category_once_and_leaves_placeholders_out(sample):
    text = export_gift(list(sample.values()))
    assert text.count("$CATEGORY: Negotiating/Basics") == 1
    assert text.count("$CATEGORY: Negotiating/Terms") == 1
    assert NO_FEEDBACK not in text
    assert NO_EXPLANATION not in text


def test_export_escapes_special_characters_so_they_read_back_as_text():
    stem = "Reply: {now} = #1 ~ soon\\later\nor tomorrow?"
    item = {
        "key": "escapes",
        "type": "true_false",
        "stem": stem,
        "answer": False,
        "feedback_true": "No: {P1} means now.",
        "feedback_false": NO_FEEDBACK,
        "explanation": "Speed = trust.",
    }
    text = export_gift([item])
    assert "\\{now\\} \\= \\#1 \\~ soon\\\\later\\nor" in text
    back = only(text)
    assert (back["stem"], back["feedback_true"], back["feedback_false"]) == (
        stem,
        "No: {P1} means now.",
        NO_FEEDBACK,
    )
    assert back["explanation"] == "Speed = trust."


def test_export_of_nothing_is_empty():
    assert export_gift([]) == ""
