"""Item banks: every type reads, each rule is refused with file, line and item, all at once."""

from __future__ import annotations

from trainer.assessments.schema import ItemBank, read_item_bank
from trainer.content.source import parse_yaml
from trainer.content.validation import PackKeys

FILE = "items/negotiating.yaml"


def test_valid_bank_reads_every_type_in_file_order(items):
    assert [item.type for item in items.values()] == [
        "single",
        "multiple",
        "true_false",
        "ordering",
        "matching",
        "numeric",
        "sjt",
        "short_text",
        "essay",
        "single",
    ]


def test_competencies_default_to_the_bank_competency(items):
    assert items["neg-single-01"].competencies == ["negotiating"]
    assert items["neg-multiple-01"].competencies == ["negotiating", "value-selling"]


def test_status_defaults_to_live_and_source_to_empty(items):
    assert items["neg-single-01"].status == "live"
    assert items["neg-true-false-01"].status == "draft"
    assert items["neg-multiple-01"].source == ""
    assert items["neg-single-01"].source == "Fisher and Ury, Getting to Yes"


def test_bank_survives_a_round_trip_through_json(items):
    body = {
        "competency": "negotiating",
        "items": [i.model_dump(mode="json") for i in items.values()],
    }
    bank = ItemBank.model_validate(body)
    assert bank.items == list(items.values())


def test_single_needs_exactly_one_key(read_bank, bank_text, line):
    text = bank_text.replace(
        "        feedback: Splitting the difference",
        "        correct: true\n        feedback: Splitting the difference",
        1,
    )
    assert read_bank(text)[1] == [
        f"{FILE}:{line(text, 'options:')}: "
        "items.0.options: exactly one option must have correct: true, not 2"
    ]


def test_single_needs_three_to_five_options(read_bank, bank_text, line):
    text = bank_text.replace(
        "      - text: Refuse any discount\n"
        "        feedback: A flat no ends the conversation before you know what matters.\n",
        "",
    )
    assert read_bank(text)[1] == [
        f"{FILE}:{line(text, 'options:')}: items.0.options: needs 3-5 options, not 2"
    ]


def test_every_option_needs_feedback(read_bank, bank_text, line):
    text = bank_text.replace(
        "        feedback: A flat no ends the conversation before you know what matters.\n", ""
    )
    assert read_bank(text)[1] == [
        f"{FILE}:{line(text, '- text: Refuse any discount')}: "
        "items.0.options.2.feedback: Field required"
    ]


def test_multiple_needs_two_keys_and_one_wrong_option(read_bank, bank_text, line):
    one = bank_text.replace(
        "      - text: A case study the customer agrees to\n        correct: true\n",
        "      - text: A case study the customer agrees to\n",
    )
    at = line(one, "options:", after="neg-multiple-01")
    assert read_bank(one)[1] == [
        f"{FILE}:{at}: items.1.options: two or more options must have correct: true, not 1"
    ]
    every = bank_text.replace(
        "      - text: An unconditional discount\n",
        "      - text: An unconditional discount\n        correct: true\n",
    ).replace(
        "      - text: A lower price with nothing in return\n",
        "      - text: A lower price with nothing in return\n        correct: true\n",
    )
    assert read_bank(every)[1] == [
        f"{FILE}:{at}: items.1.options: "
        "at least one option must be wrong, or choosing all scores full marks"
    ]


def test_multiple_needs_four_to_six_options(read_bank, bank_text):
    text = bank_text.replace(
        "      - text: A lower price with nothing in return\n"
        "        feedback: Same as above; trade, never give.\n",
        "",
    )
    assert read_bank(text)[1][0].endswith("items.1.options: needs 4-6 options, not 3")


def test_true_false_answer_must_be_a_boolean(read_bank, bank_text, line):
    text = bank_text.replace("answer: true", 'answer: "yes"')
    assert read_bank(text)[1] == [
        f"{FILE}:{line(text, 'answer:')}: items.2.answer: Input should be a valid boolean"
    ]


def test_true_false_needs_feedback_for_both_answers(read_bank, bank_text, line):
    text = bank_text.replace(
        "    feedback_false: Not so; a limit set during the call is set by the buyer's pressure.\n",
        "",
    )
    assert read_bank(text)[1] == [
        f"{FILE}:{line(text, '- key: neg-true-false-01')}: items.2.feedback_false: Field required"
    ]


def test_ordering_needs_three_distinct_entries(read_bank, bank_text, line):
    short = bank_text.replace(
        "      - text: Handle the reaction\n        feedback: Ask what is behind the reaction.\n"
        "      - text: Trade any concession\n        feedback: Give only in exchange.\n",
        "",
    )
    assert read_bank(short)[1] == [
        f"{FILE}:{line(short, 'sequence:')}: items.3.sequence: needs 3-6 entries, not 2"
    ]
    twice = bank_text.replace("- text: Handle the reaction", "- text: State the price")
    assert read_bank(twice)[1] == [
        f"{FILE}:{line(twice, 'sequence:')}: "
        "items.3.sequence: entry 'State the price' appears twice"
    ]


def test_matching_matches_must_differ(read_bank, bank_text, line):
    text = bank_text.replace("match: Name the tactic calmly", "match: Ask for something in return")
    assert read_bank(text)[1] == [
        f"{FILE}:{line(text, 'pairs:')}: "
        "items.4.pairs: match 'Ask for something in return' appears twice"
    ]


def test_matching_needs_three_to_six_pairs(read_bank, bank_text):
    pair = (
        "      - prompt: Deadline pressure\n        match: Test whether the deadline is real\n"
        "        feedback: Most deadlines move.\n"
    )
    extra = "".join(pair.replace("Deadline", f"Deadline {n}") for n in range(4))
    text = bank_text.replace(pair, pair + extra)
    assert read_bank(text)[1][0].endswith("items.4.pairs: needs 3-6 pairs, not 7")


def test_numeric_tolerance_must_not_be_negative(read_bank, bank_text, line):
    text = bank_text.replace("tolerance: 1", "tolerance: -1")
    assert read_bank(text)[1] == [
        f"{FILE}:{line(text, 'tolerance:')}: "
        "items.5.tolerance: Input should be greater than or equal to 0"
    ]


def test_numeric_answer_must_be_a_number_not_text(read_bank, bank_text, line):
    text = bank_text.replace("answer: 12960", 'answer: "12960"')
    assert read_bank(text)[1] == [
        f"{FILE}:{line(text, '12960', after='neg-numeric-01')}: "
        "items.5.answer: Input should be a valid number"
    ]


def test_numeric_common_error_within_tolerance_is_refused(read_bank, bank_text, line):
    text = bank_text.replace("value: 14400", "value: 12960.5")
    assert read_bank(text)[1] == [
        f"{FILE}:{line(text, '- key: neg-numeric-01')}: items.5: common error 12960.5 "
        "is within the tolerance of the answer, so it would be scored right"
    ]


def test_sjt_needs_exactly_four_responses(read_bank, bank_text, line):
    text = bank_text.replace(
        "      - text: Ask for the competitor's name\n        effectiveness: 2\n"
        "        reason: Fine to know, but it does not move the conversation.\n",
        "",
    )
    assert read_bank(text)[1] == [
        f"{FILE}:{line(text, 'responses:')}: items.6.responses: needs exactly 4 responses, not 3"
    ]


def test_sjt_effectiveness_is_one_to_four(read_bank, bank_text, line):
    text = bank_text.replace("effectiveness: 1", "effectiveness: 5")
    assert read_bank(text)[1] == [
        f"{FILE}:{line(text, 'effectiveness: 5')}: "
        "items.6.responses.1.effectiveness: Input should be less than or equal to 4"
    ]


def test_short_text_needs_an_accepted_answer(read_bank, bank_text, line):
    text = bank_text.replace("accepted: [BATNA]", "accepted: []")
    assert read_bank(text)[1] == [
        f"{FILE}:{line(text, 'accepted:')}: "
        "items.7.accepted: List should have at least 1 item after validation, not 0"
    ]


def test_essay_needs_guidance_and_look_fors(read_bank, bank_text, line):
    text = bank_text.replace(
        "    guidance: Cover interests, concessions and your walk-away.\n", ""
    ).replace("    look_fors:\n", "    look_for:\n")
    at = line(text, "- key: neg-essay-01")
    assert read_bank(text)[1] == [
        f"{FILE}:{at}: items.8.guidance: Field required",
        f"{FILE}:{at}: items.8.look_fors: Field required",
        f"{FILE}:{line(text, 'look_for:')}: items.8.look_for: Extra inputs are not permitted",
    ]


def test_common_fields_are_checked_on_every_type(read_bank, bank_text, line):
    text = (
        bank_text.replace("    level: 2\n    stem: A buyer", "    level: 5\n    stem: A buyer")
        .replace("status: draft", "status: published")
        .replace("    explanation: Value, price, silence, then trade.\n", "")
    )
    assert read_bank(text)[1] == [
        f"{FILE}:{line(text, 'level: 5')}: items.0.level: Input should be less than or equal to 4",
        f"{FILE}:{line(text, 'status: published')}: "
        "items.2.status: Input should be 'draft', 'live' or 'retired'",
        f"{FILE}:{line(text, '- key: neg-ordering-01')}: items.3.explanation: Field required",
    ]


def test_unknown_or_missing_type_is_refused(read_bank, bank_text, line):
    text = bank_text.replace("type: single\n    level: 2", "type: dropdown\n    level: 2").replace(
        "    type: multiple\n", ""
    )
    assert read_bank(text)[1] == [
        f"{FILE}:{line(text, 'type: dropdown')}: items.0.type: unknown type 'dropdown'; use one "
        "of single, multiple, true_false, ordering, matching, numeric, sjt, short_text, essay",
        f"{FILE}:{line(text, '- key: neg-multiple-01')}: items.1.type: Field required",
    ]


def test_item_key_defined_twice_is_refused_and_read_once(read_bank, bank_text, line):
    text = bank_text.replace("key: neg-single-02", "key: neg-single-01")
    items, problems = read_bank(text)
    assert problems == [
        f"{FILE}:{line(text, 'key: neg-single-01', after='neg-essay-01')}: "
        "items.9.key: 'neg-single-01' is already the key of items.0"
    ]
    assert [item.key for item in items].count("neg-single-01") == 1


def test_unknown_competency_is_named_once(read_bank, bank_text, line):
    text = bank_text.replace("competency: negotiating", "competency: haggling").replace(
        "[negotiating, value-selling]", "[haggling, value-sellin]"
    )
    assert read_bank(text)[1] == [
        f"{FILE}:1: competency: unknown competency 'haggling'",
        f"{FILE}:{line(text, '[haggling')}: items.1.competencies.0: unknown competency 'haggling'",
        f"{FILE}:{line(text, '[haggling')}: items.1.competencies.1: "
        "unknown competency 'value-sellin'",
    ]


def test_competency_listed_twice_is_refused(read_bank, bank_text, line):
    text = bank_text.replace("[negotiating, value-selling]", "[negotiating, negotiating]")
    assert read_bank(text)[1] == [
        f"{FILE}:{line(text, '[negotiating, negotiating]')}: "
        "items.1.competencies: competency 'negotiating' appears twice"
    ]


def test_one_broken_item_does_not_hide_the_others(read_bank, bank_text):
    text = bank_text.replace("tolerance: 1", "tolerance: -1").replace(
        "accepted: [BATNA]", "accepted: []"
    )
    items, problems = read_bank(text)
    assert [problem.split(": ")[1] for problem in problems] == [
        "items.5.tolerance",
        "items.7.accepted",
    ]
    assert len(items) == 8


def test_bank_needs_a_competency_and_items(read_bank):
    items, problems = read_bank("items: []\n")
    assert items == []
    assert problems == [
        f"{FILE}:1: competency: Field required",
        f"{FILE}:1: items: List should have at least 1 item after validation, not 0",
    ]


def test_top_level_must_be_a_mapping():
    items, problems = read_item_bank(parse_yaml("- just a list\n", "x.yaml"), PackKeys())
    assert items == []
    assert [str(p) for p in problems] == ["x.yaml:1: expected a mapping of fields at the top"]
