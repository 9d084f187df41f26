"""What next, who needs attention, and how readiness and heatmap cells explain themselves."""

from __future__ import annotations

from datetime import date, timedelta

from tests.competencies.history import NOW, rating
from trainer.charts.heatmap import LEGEND, Cell
from trainer.competencies.estimate import estimate_all
from trainer.competencies.readiness import Requirement, readiness
from trainer.dashboard.nextsteps import Practice, at_risk, suggest, top_gaps
from trainer.web import day, with_titles

NAMES = {
    "neg": "Negotiating",
    "vs": "Value Selling",
    "al": "Active Listening",
    "cf": "Customer Focus",
}
LEVELS = {1: "Basic Understanding", 2: "Working Knowledge", 3: "Extensive Experience", 4: "Expert"}


def report(threshold=70, **required):
    """neg: rated 1 twice (short of level 2 on two sources); vs: rated 3; al and cf: no evidence."""
    records = rating("neg", 1) + rating("neg", 1) + rating("vs", 3)
    estimates = estimate_all(records, NOW)
    levels = {"neg": 3, "vs": 2, "al": 2, "cf": 1} | required
    weights = {"neg": 2, "vs": 1, "al": 1, "cf": 3}
    requirements = [Requirement(key, level, weights[key]) for key, level in levels.items()]
    return readiness(requirements, estimates, threshold)


def test_top_gaps_put_confirmed_gaps_first_then_weight_and_leave_out_what_is_met():
    gaps = top_gaps(report())
    assert [(row.requirement.competency, row.status) for row in gaps] == [
        ("neg", "gap"),
        ("cf", "not_assessed"),  # weight 3 before weight 1
        ("al", "not_assessed"),
    ]
    assert [row.requirement.competency for row in top_gaps(report(), 1)] == ["neg"]


def test_the_suggestion_targets_the_biggest_gap_with_a_fresh_exercise_and_says_why():
    practice = [
        Practice("form", "neg-quiz", "Negotiation quiz", ("neg",)),
        Practice("scenario", "neg-call", "A renewal call", ("neg", "vs")),
        Practice("scenario", "al-call", "A listening call", ("al",)),
    ]
    chosen = suggest(report(), practice, recent=["neg-call"], names=NAMES, level_names=LEVELS)
    assert chosen.practice.key == "neg-quiz"  # the call was just done: new evidence counts more
    assert chosen.competency == "neg"
    assert chosen.reason == "Negotiating is 2 levels below the Extensive Experience your role needs"
    fresh = suggest(report(), practice, recent=[], names=NAMES, level_names=LEVELS)
    assert fresh.practice.key == "neg-call"


def test_a_call_for_the_persons_own_profile_comes_first_and_unknowns_say_so():
    practice = [
        Practice("scenario", "other", "Another role's call", ("cf",), profile="ms"),
        Practice("scenario", "mine", "My role's call", ("cf",), profile="hp"),
    ]
    met_neg = report(neg=1)  # neg now met: the heaviest open row is cf, with no evidence
    chosen = suggest(met_neg, practice, [], NAMES, LEVELS, profile="hp")
    assert chosen.practice.key == "mine"
    assert (
        chosen.reason
        == "Customer Focus has no evidence yet, and your role needs Basic Understanding"
    )


def test_no_suggestion_without_a_profile_or_anything_that_exercises_the_gaps():
    assert suggest(None, [Practice("form", "q", "Q", ("neg",))], [], NAMES, LEVELS) is None
    unrelated = [Practice("form", "q", "Q", ("other",))]
    assert suggest(report(), unrelated, [], NAMES, LEVELS) is None


def test_readiness_falling_five_points_or_more_puts_a_person_at_risk():
    joined = NOW - timedelta(days=200)
    active = NOW - timedelta(days=2)
    assert at_risk(1, 60, 65, active, joined, NOW).reasons == (
        "readiness fell from 65 to 60 in 30 days",
    )
    assert at_risk(1, 61, 65, active, joined, NOW) is None  # four points: noise, not a fall
    assert at_risk(1, 70, 60, active, joined, NOW) is None  # rising
    assert at_risk(1, None, 60, active, joined, NOW) is None  # nothing decided now


def test_three_weeks_without_activity_puts_a_person_at_risk_new_or_not():
    joined = NOW - timedelta(days=200)
    assert at_risk(1, 80, 80, NOW - timedelta(days=20), joined, NOW) is None
    assert at_risk(1, 80, 80, NOW - timedelta(days=21), joined, NOW).reasons == (
        "no activity for 21 days",
    )
    never = at_risk(1, None, None, None, NOW - timedelta(days=30), NOW)
    assert never.reasons == ("no activity since joining 30 days ago",)
    assert at_risk(1, None, None, None, NOW - timedelta(days=3), NOW) is None  # just joined


def test_readiness_explains_itself_in_the_words_of_the_rule():
    partial = report()
    assert not partial.ready
    assert partial.explanation.startswith(f"readiness {partial.index} covers {partial.coverage}%")
    empty = readiness([Requirement("al", 2, 1)], {}, 70)
    assert empty.explanation == "no required competency has enough evidence yet"
    # Every requirement decided: below the threshold, then ready with one requirement short.
    decided = {"neg": 3, "vs": 2}
    records = rating("neg", 1) + rating("neg", 1) + rating("vs", 3)
    estimates = estimate_all(records, NOW)
    below = readiness([Requirement(k, v, 1) for k, v in decided.items()], estimates, 90)
    assert below.explanation == f"readiness {below.index} is below the profile's threshold of 90"
    ready = readiness([Requirement(k, v, 1) for k, v in decided.items()], estimates, 50)
    assert ready.ready
    assert (
        ready.explanation
        == f"readiness {ready.index} reaches 50, though 1 requirement is not yet met"
    )
    met = readiness([Requirement("vs", 2, 1)], estimates, 70)
    assert met.explanation == "readiness 100 reaches 70 and every required level is met"


def test_every_heatmap_cell_shows_a_mark_the_legend_explains():
    marks = {mark for _, mark, _ in LEGEND}
    assert "" in marks  # a blank cell is explained too
    assert Cell("meets", 3, 2).text == "✓" and Cell("meets", 3, 2).levels == "L3 of L2"
    assert Cell("developing", 1, 2).text == "−1"
    assert Cell("gap", 1, 3).text == "−2" and Cell("gap", 0, 4).text == "−4"
    assert Cell("not_assessed", None, 2).text == "?" and Cell("not_assessed", None, 2).levels == ""
    for cell in (Cell("meets", 2, 2), Cell("developing", 1, 2), Cell("not_assessed", None, 2)):
        assert cell.text in marks
    assert (
        Cell("gap", 0, 2).description
        == "below level 1 of 2 required: two or more levels to go: a gap"
    )
    assert Cell("not_required").text == "" and Cell("not_required").description == "not required"


def test_competency_keys_in_prose_read_as_names_only_when_every_key_is_known():
    prose = (
        "Each one spent trust (customer-focus) the value case (value-selling, persuasion) needed."
    )
    names = {
        "customer-focus": "Customer Focus",
        "value-selling": "Value Selling",
        "persuasion": "Persuasion",
    }
    assert with_titles(prose, names) == (
        "Each one spent trust (Customer Focus) the value case (Value Selling, Persuasion) needed."
    )
    assert with_titles("a call (see notes) and (value-selling, x)", names) == (
        "a call (see notes) and (value-selling, x)"
    )
    assert with_titles(None, names) == ""


def test_every_date_reads_the_same_way_and_carries_its_iso_form():
    assert str(day(date(2026, 12, 3))) == '<time datetime="2026-12-03">3 Dec 2026</time>'
    assert str(day(NOW)) == '<time datetime="2026-06-01">1 Jun 2026</time>'
    assert str(day(None)) == "–"
