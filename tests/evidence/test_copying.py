"""Copied written answers: pure overlap checks, and what a call writes for them (issue 9)."""

from __future__ import annotations

from sqlalchemy import select

from tests.scenarios.test_views import begin, bundled_call, fresh, post_move
from trainer.db import db
from trainer.evidence.copying import copying, words
from trainer.evidence.models import Evidence
from trainer.rubrics.models import ReviewRequest
from trainer.scenarios import store
from trainer.scenarios.engine import best_move
from trainer.scenarios.state import Move
from trainer.scenarios.views import MAX_CALL_TEXT

BRIEF = (
    "Dana runs IT for a 40-person firm and wants to replace laptops before the fiscal year ends."
)


def test_a_pasted_brief_is_copied_and_names_its_source():
    found = copying(f"Sure. {BRIEF}", [("brief", BRIEF), ("prompt", "What do you ask?")])
    assert found.copied and found.source == "brief" and found.share >= 0.9
    assert "repeat the brief" in found.reason


def test_an_answer_in_ones_own_words_is_not_copied():
    mine = "What would a delay past March cost your team, and who signs off on the budget?"
    assert not copying(mine, [("brief", BRIEF)]).copied


def test_pieces_from_several_sources_add_up():
    transcript = "We had three outages last quarter and my boss wants a fix by June."
    answer = f"{BRIEF} {transcript}"
    found = copying(answer, [("brief", BRIEF), ("transcript", transcript)])
    assert found.copied and found.share >= 0.9


def test_short_answers_and_punctuation_do_not_fool_it():
    assert not copying("Yes.", [("brief", BRIEF)]).copied
    assert words("What's the BUDGET?") == ["whats", "the", "budget"]
    shouted = BRIEF.upper().replace(" ", "  ")
    assert copying(shouted, [("brief", BRIEF)]).copied


def _play_with(client, text_for):
    scenario = bundled_call(with_free_response=True)
    run = begin(client, scenario.key, "assessment")
    while not (run := fresh(run)).finished:
        state = store.state_of(run)
        move = best_move(scenario, state)
        if move.text is not None:
            move = Move(move.step, text=text_for(scenario, state, move), turn=move.turn)
        assert post_move(client, run, move).status_code == 303
    return scenario, run


def _free_rows(person):
    return db.session.scalars(
        select(Evidence).where(
            Evidence.person_id == person.id, Evidence.source_kind == "free_response"
        )
    ).all()


def test_a_copied_answer_earns_nothing_and_goes_to_review_with_the_reason(client, make_user, login):
    person = login(make_user())

    def paste(scenario, state, move):
        said = " ".join(t.text for t in state.transcript if t.speaker != "learner")
        room = MAX_CALL_TEXT - len(move.text) - 1  # as much of it as the answer box takes
        return (
            f"{said[-room:]} {move.text}"  # the transcript, with every expected phrase stuffed in
        )

    _play_with(client, paste)
    assert _free_rows(person) == []
    reviews = db.session.scalars(
        select(ReviewRequest).where(ReviewRequest.person_id == person.id)
    ).all()
    assert reviews and all(r.guidance.startswith("Copied: ") for r in reviews)


def test_an_unreviewed_miss_is_never_written_as_zero(client, make_user, login):
    person = login(make_user())
    _play_with(client, lambda scenario, state, move: "I would like to understand your situation.")
    assert _free_rows(person) == []  # nothing found, and a miss is not a score of 0
    reviews = db.session.scalars(
        select(ReviewRequest).where(ReviewRequest.person_id == person.id)
    ).all()
    assert reviews and all("It did not find: " in r.guidance for r in reviews)
    client.post("/logout")
    own = login(make_user())
    _play_with(client, lambda scenario, state, move: move.text)
    rows = _free_rows(own)
    assert rows and all(row.score == 1 for row in rows)
