"""The scenario validator: each rule refused with file, line and step; every problem at once."""

from __future__ import annotations

from trainer.content.source import parse_yaml
from trainer.content.validation import PackKeys
from trainer.scenarios.schema import read_scenario

FILE = "scenarios/printer-call.yaml"


def test_valid_call_reads_with_step_kinds_from_fields(scenario):
    kinds = {key: step.kind for key, step in scenario.steps.items()}
    assert kinds["opening"] == "customer"
    assert kinds["first-response"] == "choice"
    assert kinds["discover"] == "free"
    assert kinds["check"] == "branch"
    assert kinds["end-won"] == "ending"
    assert scenario.steps["first-response"].choices[0].best


def test_defaults_fill_prompt_and_state(load, call_text):
    text = call_text.replace("    prompt: How do you respond?\n", "")
    text = text.replace("state:\n  rapport: 50\n  sentiment: 0\n  deal_value: 0\n", "")
    scenario = load(text)
    assert scenario.steps["first-response"].prompt == "What do you say?"
    assert (scenario.state.rapport, scenario.state.sentiment) == (50, 0)


def test_scenario_survives_a_round_trip_through_json(scenario):
    again = type(scenario).model_validate(scenario.model_dump(mode="json"))
    assert again == scenario


def test_key_must_be_the_file_name(problems_of, call_text):
    text = call_text.replace("key: printer-call", "key: other")
    assert problems_of(text) == [
        f"{FILE}:1: key: key 'other' must be 'printer-call', the file's name"
    ]


def test_unknown_competency_names_file_line_and_step(problems_of, call_text, line):
    text = call_text.replace(
        "{competency: value-selling, level: 1", "{competency: value-sellin, level: 1"
    )
    at = line(text, "value-sellin")
    assert problems_of(text) == [
        f"{FILE}:{at}: steps.first-response.choices.1.evidence.1.competency: "
        "unknown competency 'value-sellin'"
    ]


def test_unknown_evidence_level_is_refused(problems_of, call_text, line):
    text = call_text.replace("level: 2, weight: 2}", "level: 5, weight: 2}")
    assert problems_of(text) == [
        f"{FILE}:{line(text, 'level: 5')}: "
        "steps.propose.choices.0.evidence.0.level: unknown level 5"
    ]


def test_unknown_behaviour_competency_is_refused(problems_of, call_text, line):
    text = call_text.replace(
        "competency: value-selling\n        level: 2", "competency: closing\n        level: 2"
    )
    assert problems_of(text) == [
        f"{FILE}:{line(text, 'competency: closing')}: steps.discover.behaviours.1.competency: "
        "unknown competency 'closing'"
    ]


def test_unknown_profile_and_scenario_level_are_refused(problems_of, call_text):
    text = call_text.replace("profile: inside-rep", "profile: outside-rep").replace(
        "level: 2\nminutes", "level: 7\nminutes"
    )
    assert problems_of(text) == [
        f"{FILE}:4: profile: unknown profile 'outside-rep'",
        f"{FILE}:5: level: unknown level 7",
    ]


def test_choice_without_feedback_is_refused(problems_of, call_text, line):
    text = call_text.replace("        feedback: One precise question closes the gap.\n", "")
    at = line(text, '- text: "Just the printer models')
    assert problems_of(text) == [
        f"{FILE}:{at}: steps.clarify.choices.1.feedback: a choice needs coaching feedback"
    ]


def test_choice_without_evidence_is_refused(problems_of, call_text, line):
    text = call_text.replace(
        "        evidence:\n          - {competency: active-listening, level: 2, weight: 1}\n", ""
    )
    at = line(text, '- text: "Just the printer models')
    assert problems_of(text) == [
        f"{FILE}:{at}: steps.clarify.choices.1.evidence: a choice needs at least one evidence entry"
    ]


def _propose_without_second_choice(text: str) -> str:
    start = text.index('      - text: "I can take 20% off')
    return text[:start] + text[text.index("  end-won:") :]


def test_a_single_choice_is_refused(problems_of, call_text, line):
    text = _propose_without_second_choice(call_text)
    problems = problems_of(text)
    assert problems[0] == (
        f"{FILE}:{line(text, 'choices:', after='propose:')}: "
        "steps.propose.choices: a choice step needs 2-4 choices, not 1"
    )


def test_five_choices_are_refused(problems_of, call_text):
    extra = call_text[
        call_text.index('      - text: "I can take 20% off') : call_text.index("  end-won:")
    ]
    text = call_text.replace(extra, extra * 4)
    assert "steps.propose.choices: a choice step needs 2-4 choices, not 5" in problems_of(text)[0]


def test_exactly_one_best_choice(problems_of, call_text):
    none = call_text.replace(
        "        best: true\n        evidence:\n          - {competency: value-selling",
        "        evidence:\n          - {competency: value-selling",
    )
    assert problems_of(none)[0].endswith(
        "steps.propose.choices: exactly one choice must have best: true, not 0"
    )
    two = call_text.replace(
        'next: end-won\n      - text: "I can take 20% off if you order a service plan today."',
        'next: end-won\n      - text: "I can take 20% off if you order a service plan today."'
        "\n        best: true",
    )
    assert problems_of(two)[0].endswith("not 2")


def test_evidence_weight_must_be_nonzero_and_within_three(problems_of, call_text):
    zero = call_text.replace("level: 2, weight: 2}", "level: 2, weight: 0}")
    assert problems_of(zero)[0].endswith(
        "steps.propose.choices.0.evidence.0.weight: "
        "weight must not be 0 (use 1..3 for, -1..-3 against)"
    )
    four = call_text.replace("level: 2, weight: 2}", "level: 2, weight: 4}")
    assert (
        "steps.propose.choices.0.evidence.0.weight: Input should be less than or equal to 3"
        in problems_of(four)[0]
    )


def test_unknown_next_names_the_choice(problems_of, call_text, line):
    text = call_text.replace("next: end-advanced", "next: end-advancd")
    assert problems_of(text) == [
        f"{FILE}:{line(text, 'next: end-advancd')}: "
        "steps.propose.choices.1.next: unknown step 'end-advancd'",
        f"{FILE}:{line(text, '  end-advanced:')}: steps.end-advanced: unreachable from the start",
    ]


def test_unknown_start_and_branch_target(problems_of, call_text, line):
    text = call_text.replace("start: opening", "start: hello").replace(
        "next: propose}", "next: pitch}"
    )
    problems = problems_of(text)
    assert f"{FILE}:{line(text, 'start: hello')}: start: unknown step 'hello'" in problems
    assert (
        f"{FILE}:{line(text, 'next: pitch')}: steps.check.when.1.next: unknown step 'pitch'"
        in problems
    )


def test_unreachable_step_is_named(problems_of, call_text, line):
    text = call_text + "  spare:\n    say: Hello?\n    next: end-won\n"
    assert problems_of(text) == [
        f"{FILE}:{line(text, '  spare:')}: steps.spare: unreachable from the start"
    ]


def test_loop_with_no_exit_never_reaches_an_ending(problems_of, call_text, line):
    text = call_text.replace(
        "        effects: {deal_value: 400, minutes: 1}\n        next: propose",
        "        effects: {deal_value: 400, minutes: 1}\n        next: clarify",
    )
    assert problems_of(text) == [
        f"{FILE}:{line(text, '  clarify:')}: steps.clarify: no path from here reaches an ending"
    ]


def test_loop_choice_without_minutes_is_unbounded(problems_of, call_text, line):
    text = call_text.replace("effects: {rapport: -5, minutes: 3}", "effects: {rapport: -5}")
    assert problems_of(text) == [
        f"{FILE}:{line(text, 'effects: {rapport: -5}')}: steps.clarify.choices.0.effects.minutes: "
        "this move stays on the loop (clarify), so it must cost minutes"
    ]


def test_loop_needs_a_timeout_ending(problems_of, call_text, line):
    text = call_text.replace("timeout: end-out-of-time\n", "")
    problems = problems_of(text)
    assert (
        f"{FILE}:{line(text, '  clarify:')}: steps.clarify: is on a loop (clarify); "
        "a scenario with a loop needs a top-level timeout ending" in problems
    )
    assert any("end-out-of-time: unreachable" in p for p in problems)


def test_loop_of_customer_lines_never_ends(problems_of, call_text, line):
    text = call_text.replace(
        '  opening:\n    say: "Hi, this is Dana from Ortiz Dental. I need toner, and fast."'
        "\n    next: first-response",
        "  opening:\n    say: Hi.\n    next: echo\n  echo:\n    say: Hello?\n    next: opening",
    )
    problems = problems_of(text)
    assert (
        f"{FILE}:{line(text, '  opening:')}: steps.opening: the loop (opening, echo) "
        "has no learner move that costs minutes, so it never ends" in problems
    )
    assert (
        f"{FILE}:{line(text, '  opening:')}: steps.opening: no path from here reaches an ending"
        in problems
    )


def test_timeout_must_be_an_ending(problems_of, call_text, line):
    text = call_text.replace("timeout: end-out-of-time", "timeout: propose")
    assert (
        f"{FILE}:{line(text, 'timeout: propose')}: timeout: 'propose' is not an ending"
        in problems_of(text)
    )


def test_step_of_two_kinds_is_refused(problems_of, call_text, line):
    text = call_text.replace(
        "    title: Order and a service trial\n",
        "    title: Order and a service trial\n    when: []\n",
    )
    assert problems_of(text) == [
        f"{FILE}:{line(text, '  end-won:')}: "
        "steps.end-won: a step is exactly one kind, but this one has outcome and when"
    ]


def test_branch_rule_needs_exactly_one_test(problems_of, call_text, line):
    text = call_text.replace(
        "{stat: rapport, below: 30, next: end-cut-short}",
        "{stat: rapport, below: 30, at_least: 5, next: end-cut-short}",
    )
    text = text.replace("{stat: deal_value, at_least: 400", "{stat: mood, at_least: 400")
    assert problems_of(text) == [
        f"{FILE}:{line(text, 'at_least: 5')}: "
        "steps.check.when.0: a rule needs exactly one of below or at_least",
        f"{FILE}:{line(text, 'stat: mood')}: steps.check.when.1.stat: "
        "Input should be 'rapport', 'sentiment', 'deal_value' or 'minutes'",
    ]


def test_behaviour_needs_a_phrasing(problems_of, call_text, line):
    text = call_text.replace('phrasings: ["shall i", "let me send"]', "phrasings: []")
    assert problems_of(text) == [
        f"{FILE}:{line(text, 'phrasings: []')}: steps.discover.behaviours.1.phrasings: "
        "List should have at least 1 item after validation, not 0"
    ]


def test_typo_in_a_field_is_refused(problems_of, call_text, line):
    text = call_text.replace(
        '        reply: "I just need toner."', '        replay: "I just need toner."'
    )
    assert problems_of(text) == [
        f"{FILE}:{line(text, 'replay:')}: "
        "steps.first-response.choices.1.replay: Extra inputs are not permitted"
    ]


def test_every_problem_is_reported_at_once(problems_of, call_text):
    text = (
        call_text.replace("profile: inside-rep", "profile: nobody")
        .replace("        feedback: One precise question closes the gap.\n", "")
        .replace("{competency: negotiating,", "{competency: haggling,")
        .replace("call_type: inbound", "call_type: walk_in")
    )
    problems = problems_of(text)
    assert len(problems) == 4
    assert [problem.split(": ")[1] for problem in problems] == [
        "call_type",
        "steps.clarify.choices.1.feedback",
        "profile",
        "steps.propose.choices.1.evidence.0.competency",
    ]


def test_top_level_must_be_a_mapping():
    scenario, problems = read_scenario(parse_yaml("- just a list\n", "x.yaml"), PackKeys())
    assert scenario is None
    assert [str(p) for p in problems] == ["x.yaml:1: expected a mapping of fields at the top"]
