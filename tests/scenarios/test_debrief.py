"""The debrief: outcome, path against the best one, evidence per competency, coaching."""

from __future__ import annotations

from trainer.scenarios.debrief import debrief, summarise
from trainer.scenarios.engine import best_path, replay
from trainer.scenarios.state import EvidenceRecord, Move

ANSWER = Move("discover", text="How many pages a week?")


def test_best_play_has_no_tips_and_follows_the_best_path(scenario):
    state = best_path(scenario)
    report = debrief(scenario, state)
    assert (report.outcome, report.ending_title) == ("won", "Order and a service trial")
    assert report.path == report.best_path
    assert report.best_choices == report.choice_decisions == 2
    assert report.tips == ()
    assert report.next_practice == ()


def test_weak_choices_become_tips_with_the_better_line(scenario):
    state = replay(scenario, [Move("first-response", choice=1), ANSWER])
    report = debrief(scenario, state)
    (tip,) = report.tips
    assert tip.step == "first-response"
    assert tip.feedback.startswith("Pitching before meeting her need")
    assert tip.better.startswith("Yes. Which printer models")
    assert (report.outcome, report.best_outcome) == ("lost", "won")
    assert report.path != report.best_path
    assert report.ending_text == "Pitching early lost her attention."


def test_evidence_is_summed_per_competency(scenario):
    state = replay(scenario, [Move("first-response", choice=1), ANSWER])
    by_key = {c.competency: c for c in debrief(scenario, state).competencies}
    listening, selling = by_key["active-listening"], by_key["value-selling"]
    assert (listening.net_weight, listening.level) == (0, None)  # -1 at level 1, +1 at level 2
    assert (selling.net_weight, selling.level) == (-1, None)
    assert debrief(scenario, state).next_practice == ("value-selling", "active-listening")


def test_supported_level_is_the_highest_with_net_positive_evidence():
    def record(level: int, weight: int) -> EvidenceRecord:
        return EvidenceRecord("negotiating", level, weight, "s", "test")

    (summary,) = summarise((record(1, 1), record(2, 2), record(3, -1), record(3, 0)))
    assert (summary.net_weight, summary.level) == (2, 2)
    (against,) = summarise((record(1, 1), record(2, -2)))
    assert against.level is None


def test_behaviours_found_and_missing_are_listed_for_review(scenario):
    state = replay(scenario, [Move("first-response", choice=0), ANSWER])
    report = debrief(scenario, state)
    assert [b.key for b in report.found] == ["open-question"]
    assert [b.key for b in report.missing] == ["next-step"]
    assert report.found[0].phrase == "How many"  # the learner's own words, as written
    assert report.needs_review
    assert "value-selling" in report.next_practice


def test_timeout_is_flagged(scenario):
    loop = Move("clarify", choice=0)
    state = replay(scenario, [Move("first-response", choice=2), ANSWER, loop, loop, loop])
    report = debrief(scenario, state)
    assert report.timed_out and report.outcome == "stalled"
    assert len(report.tips) == 4


def test_unfinished_call_still_has_a_debrief(scenario):
    report = debrief(scenario, replay(scenario, [Move("first-response", choice=0)]))
    assert (report.outcome, report.ending, report.ending_title) == (None, None, "")
