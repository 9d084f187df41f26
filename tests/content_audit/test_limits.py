"""Reach, coverage and the hard limits `hard_limit_problems` reports with file and line."""

from __future__ import annotations

import pytest

from tests.content_audit.conftest import COMPETENCIES, call, draw, every_level, form, single
from trainer.content.problems import ContentError
from trainer.content_audit.audit import audit, hard_limit_problems
from trainer.kinds import read_pack

# inside-rep requires negotiating 2, value-selling 2 and active-listening 3.
COVERING = form(
    "rep-check",
    [draw(c, count=2) for c in COMPETENCIES],
    mode="assessment",
    profile="inside-rep",
)


def practice_everything(count=4):
    return [form(f"{c}-practice", [draw(c, count=count)]) for c in COMPETENCIES]


def test_a_pack_whose_forms_reach_and_cover_everything_has_no_problems(make_pack):
    pack = make_pack(items=every_level(), forms=[*practice_everything(), COVERING])
    assert hard_limit_problems(pack) == []
    report = audit(pack)
    assert report["unreachable"] == []
    assert report["coverage"]["inside-rep"][0]["coverage"] == 100


def test_levels_no_form_draws_are_named_in_the_competencys_file(make_pack):
    low = form("low", [draw(c, count=2, high=2) for c in COMPETENCIES], "assessment", "inside-rep")
    forms = [low]
    pack = make_pack(items=every_level(), forms=forms)
    problems = [p for p in hard_limit_problems(pack) if "no form" in p.message]
    assert [(p.file, p.message) for p in problems[:2]] == [
        (
            "competencies/active-listening.yaml",
            "active-listening level 3: no form can draw an item or hold a call for it",
        ),
        (
            "competencies/active-listening.yaml",
            "active-listening level 4: no form can draw an item or hold a call for it",
        ),
    ]
    assert problems[0].line == 10 and len(problems) == 6  # the line of "3:" under levels


def test_a_drawn_item_counts_only_when_live(make_pack):
    items = every_level()
    for item in items:
        item["status"] = "draft" if item["level"] == 4 else "live"
    pack = make_pack(items=items, forms=practice_everything(count=3))
    assert {cell for cell in audit(pack)["unreachable"]} == {f"{c} level 4" for c in COMPETENCIES}


def test_a_profile_without_an_assessment_is_a_problem(make_pack):
    pack = make_pack(items=every_level(), forms=practice_everything())
    [problem] = hard_limit_problems(pack)
    assert problem.file == "profiles/inside-rep.yaml" and problem.line == 6
    assert problem.message == "inside-rep: no assessment form names this profile"


def test_one_item_of_a_competency_cannot_cover_it(make_pack):
    # The HP screening's old flaw: one persuasion item never reaches enough evidence.
    thin = form(
        "thin",
        [draw("negotiating", 2), draw("value-selling", 2), draw("active-listening", 1)],
        mode="assessment",
        profile="inside-rep",
    )
    pack = make_pack(items=every_level(), forms=[*practice_everything(), thin])
    [problem] = hard_limit_problems(pack)
    assert problem.message == (
        "inside-rep: its best assessment (thin) covers 83%; "
        "not enough evidence possible for active-listening"
    )


def test_practice_counts_half_so_two_practice_items_do_not_cover(make_pack):
    practice = form("rep-practice", [draw(c, count=2) for c in COMPETENCIES], profile="inside-rep")
    practice["mode"] = "screening"
    pack = make_pack(items=every_level(), forms=[practice])
    assert audit(pack)["coverage"]["inside-rep"][0]["coverage"] == 100
    practice["mode"] = "practice"
    pack = make_pack(items=every_level(), forms=[practice])
    assert audit(pack)["coverage"]["inside-rep"] == []  # practice is not an assessment
    from trainer.content_audit.reach import coverage

    profile = pack.records_of("profile")["inside-rep"]
    assert coverage(profile, pack.records_of("form")["rep-practice"], pack)["coverage"] == 0


def test_a_draw_of_two_gives_two_however_its_pool_spreads_over_levels(make_pack):
    one_draw = form("one", [draw("negotiating", count=1)], mode="assessment", profile="inside-rep")
    pack = make_pack(items=every_level(), forms=[one_draw])
    row = audit(pack)["coverage"]["inside-rep"][0]["requirements"][0]
    assert (row["competency"], row["evidence"], row["covered"]) == ("negotiating", 1.0, False)


def test_a_screening_reports_competencies_the_profile_does_not_require(write_pack):
    extra = single("persuade", ("Ask", "Tell", "Sell"), competency="negotiating")
    extra["competencies"].append("value-selling")
    screening = form(
        "screen",
        [draw(c, 2) for c in COMPETENCIES[:2]] + [draw("negotiating", 1)],
        mode="screening",
        profile="inside-rep",
    )
    root = write_pack(items=[*every_level(), extra], forms=[screening])
    profile = root / "profiles" / "inside-rep.yaml"
    profile.write_text(profile.read_text().replace("  - {competency: value-selling", "  # "))
    pack = read_pack(root)
    # The extra item is drawable by the negotiating draw and also exercises value-selling.
    assert audit(pack)["coverage"]["inside-rep"][0]["not_required"] == ["value-selling"]


def test_a_call_in_a_form_reaches_and_covers_its_evidence(make_pack):
    tags = [{"competency": "active-listening", "level": 3, "weight": 2}]
    listening_call = call("listen", ("Ask", "Tell", "Sell"), evidence=tags)
    items = [i for i in every_level() if i["competencies"] != ["active-listening"]]
    with_call = form(
        "rep-call",
        [draw("negotiating", 2), draw("value-selling", 2)],
        mode="assessment",
        profile="inside-rep",
        calls=["listen"],
    )
    pack = make_pack(items=items, forms=[with_call], calls=[listening_call])
    report = audit(pack)
    assert report["reach"]["active-listening"]["3"]["calls_in_forms"] == 1
    assert report["coverage"]["inside-rep"][0]["coverage"] == 100


def test_a_best_choice_far_longer_than_the_others_is_a_problem_at_its_line(make_pack):
    choices = ("Hold.", "Before we talk numbers, what does the ten percent need to do?", "No.")
    pack = make_pack(
        items=every_level(),
        forms=[*practice_everything(), COVERING],
        calls=[call("long", choices, best=1)],
    )
    [problem] = hard_limit_problems(pack)
    assert problem.file == "scenarios/long.yaml"
    assert problem.line == 27  # the best choice's "- text:" line
    assert problem.message.startswith("long/ask: the best choice is 15.25x the median")


def test_a_best_choice_within_the_ratio_passes(make_pack):
    choices = ("Hold the price firm", "Ask what ten percent buys", "Offer five percent off")
    pack = make_pack(
        items=every_level(),
        forms=[*practice_everything(), COVERING],
        calls=[call("even", choices, best=1)],
    )
    assert hard_limit_problems(pack) == []


def test_a_form_naming_an_unknown_or_repeated_call_is_refused(write_pack):
    bad = form("bad", [draw("negotiating")], calls=["nowhere", "even", "even"])
    even = call("even", ("Hold the price", "Ask why", "Offer 5%"))
    with pytest.raises(ContentError) as caught:
        read_pack(write_pack(items=every_level(), forms=[bad], calls=[even]))
    assert [str(p) for p in caught.value.problems] == [
        "forms/bad.yaml:13: calls.0: unknown call 'nowhere'",
        "forms/bad.yaml:15: calls.2: call 'even' is named twice",
    ]
