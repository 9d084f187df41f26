"""Open steps: the customer's reply a model wrote is part of the move, within the turn limit."""

from __future__ import annotations

import pytest

from trainer.scenarios.customer import clean_reply, customer_messages, system_prompt
from trainer.scenarios.engine import apply, may_talk, replay, start
from trainer.scenarios.page import visible_step
from trainer.scenarios.state import MAX_REPLY, Move, ScenarioError

OPEN = "    prompt: Write what you would say to learn how they use their printers.\n"
FIRST = Move("first-response", choice=0, turn=0)
ASKED = "Could you tell me about a normal week with the printers?"
REPLY = "Mostly X-rays and invoices; the front desk prints all day."


@pytest.fixture
def open_call(load, call_text):
    """The printer call with its free step `discover` marked open for `turns` turns."""

    def make(turns: int = 2):
        return load(call_text.replace(OPEN, OPEN + f"    open: {{turns: {turns}}}\n"))

    return make


def at_discover(scenario):
    return apply(scenario, start(scenario), FIRST)


def test_open_step_reads_from_yaml_and_refuses_a_bad_turn_limit(open_call, problems_of, call_text):
    assert open_call(3).steps["discover"].open.turns == 3
    for turns in (1, 6, "many"):
        text = call_text.replace(OPEN, OPEN + f"    open: {{turns: {turns}}}\n")
        assert any("open" in problem for problem in problems_of(text)), turns


def test_open_on_a_choice_step_is_a_content_error(problems_of, call_text):
    text = call_text.replace(
        "    prompt: How do you respond?\n",
        "    prompt: How do you respond?\n    open: {turns: 2}\n",
    )
    assert any("open" in problem for problem in problems_of(text))


def test_without_a_reply_an_open_step_plays_as_an_ordinary_free_step(open_call, scenario):
    moves = [FIRST, Move("discover", text=ASKED, turn=1)]
    opened, plain = replay(open_call(), moves), replay(scenario, moves)
    assert opened == plain
    assert opened.step != "discover"


def test_a_reply_keeps_the_call_on_the_step_and_is_shown_as_the_customers(open_call):
    scenario = open_call()
    state = apply(
        scenario, at_discover(scenario), Move("discover", text=ASKED, turn=1, reply=REPLY)
    )
    assert state.step == "discover" and state.turn == 2 and len(state.decisions) == 1
    assert [(t.speaker, t.text, t.generated) for t in state.transcript[-2:]] == [
        ("learner", ASKED, False),
        ("customer", REPLY, True),
    ]
    assert not any(e.step == "discover" for e in state.evidence)


def test_the_matcher_reads_every_turn_the_learner_wrote_at_the_open_step(open_call):
    scenario = open_call()
    state = apply(
        scenario, at_discover(scenario), Move("discover", text=ASKED, turn=1, reply=REPLY)
    )
    state = apply(scenario, state, Move("discover", text="Shall I send a quote today?", turn=2))
    decision = state.decisions[-1]
    assert decision.text == f"{ASKED}\nShall I send a quote today?"
    found = {m.key for m in decision.matches if m.found}
    assert found == {"open-question", "next-step"}  # the first from turn one, the second from two
    assert state.step != "discover" and state.said == ()


def test_a_phrasing_or_a_question_does_not_run_on_from_one_turn_into_the_next(open_call):
    scenario = open_call()
    state = at_discover(scenario)
    state = apply(scenario, state, Move("discover", text="Could you tell me", turn=1, reply=REPLY))
    state = apply(scenario, state, Move("discover", text="about your week?", turn=2))
    assert state.decisions[-1].text == "Could you tell me.\nabout your week?"
    assert not any(m.found for m in state.decisions[-1].matches)


@pytest.mark.parametrize("turns", [2, 3])
def test_the_turn_limit_holds(open_call, turns):
    scenario = open_call(turns)
    state = at_discover(scenario)
    for turn in range(1, turns):
        assert may_talk(scenario, state)
        state = apply(scenario, state, Move("discover", text=f"Q{turn}?", turn=turn, reply=REPLY))
    assert not may_talk(scenario, state)
    with pytest.raises(ScenarioError, match="no customer reply"):
        apply(scenario, state, Move("discover", text="More?", turn=turns, reply=REPLY))


@pytest.mark.parametrize(
    ("step", "reply", "message"),
    [
        ("discover", "", "1-600 characters"),
        ("discover", "x" * (MAX_REPLY + 1), "1-600 characters"),
        ("discover", "   ", "1-600 characters"),
    ],
)
def test_a_forged_reply_is_refused(open_call, step, reply, message):
    scenario = open_call()
    with pytest.raises(ScenarioError, match=message):
        apply(scenario, at_discover(scenario), Move(step, text=ASKED, turn=1, reply=reply))


def test_a_reply_on_a_step_that_is_not_open_is_refused(scenario, open_call):
    with pytest.raises(ScenarioError, match="no customer reply"):
        apply(scenario, at_discover(scenario), Move("discover", text=ASKED, turn=1, reply=REPLY))
    opened = open_call()
    with pytest.raises(ScenarioError):
        apply(opened, start(opened), Move("first-response", choice=0, turn=0, reply=REPLY))


def test_a_stored_reply_replays_to_the_same_call(open_call):
    scenario = open_call()
    moves = [FIRST, Move("discover", text=ASKED, turn=1, reply=REPLY)]
    played = apply(scenario, at_discover(scenario), moves[1])
    stored = [move.to_dict() for move in moves]
    assert stored[1]["reply"] == REPLY
    assert replay(scenario, stored) == played


def test_the_prompt_has_persona_brief_and_conversation_but_no_answer_key(open_call):
    scenario = open_call()
    state = at_discover(scenario)
    messages = customer_messages(scenario, state, ASKED)
    prompt = "\n".join(m["content"] for m in messages)
    assert messages[0]["role"] == "system" and messages[-1] == {"role": "user", "content": ASKED}
    for shown in ("Dana Ortiz", "Office manager", "Printers jam weekly", "managed print service"):
        assert shown in prompt
    assert "Six LaserJet Pro printers bought in 2021" in prompt
    assert {"role": "assistant", "content": "Can you get it here by Friday?"} in messages
    assert {"role": "assistant", "content": "LaserJet Pro M404s, six of them."} in messages
    hidden = [
        "You met her urgency",  # the coach's feedback on the choice taken
        "Pitching before meeting her need",  # feedback on a choice not taken
        "Before that, have you heard",  # a choice not taken
        "how many",  # a behaviour's phrasing
        "Asks an open question",  # a behaviour's label
        "weight",
        "best",
    ]
    for secret in hidden:
        assert secret not in prompt, secret


def test_the_system_prompt_leaves_out_empty_persona_fields(scenario):
    prompt = system_prompt(scenario)
    assert "Budget:" not in prompt and "Mood: Rushed, two patients waiting" in prompt


@pytest.mark.parametrize(
    ("raw", "line"),
    [
        ("  Mostly X-rays.\n\nAnd invoices. ", "Mostly X-rays. And invoices."),
        ("Dana Ortiz: We print all day.", "We print all day."),
        ("Dana: We print all day.", "We print all day."),
        ('"We print all day."', "We print all day."),
        (
            "<script>alert(1)</script> Fine.",
            "<script>alert(1)</script> Fine.",
        ),  # escaped on the page
        ("Tab\tand\x00null", "Tab and null"),
        ("", None),
        ("   ", None),
        ("...?!", None),
        (None, None),
        (42, None),
        (["a"], None),
    ],
)
def test_clean_reply(raw, line):
    assert clean_reply(raw, "Dana Ortiz") == line


def test_a_long_reply_is_clipped_at_a_word():
    line = clean_reply("word " * 400, "Dana Ortiz")
    assert len(line) <= MAX_REPLY and line.endswith("word…")


def test_the_call_page_says_which_turn_of_an_open_step_the_learner_is_on(open_call):
    scenario = open_call(3)
    state = at_discover(scenario)
    assert visible_step(scenario, state, "practice", 1).open_turn == 0
    state = apply(scenario, state, Move("discover", text=ASKED, turn=1, reply=REPLY))
    view = visible_step(scenario, state, "assessment", 1)
    assert (view.open_turn, view.open_turns, view.can_retry) == (2, 3, False)
    assert visible_step(scenario, state, "practice", 1).can_retry
