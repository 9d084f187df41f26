"""Each cue planted in a small pack is reported by the audit."""

from __future__ import annotations

from tests.content_audit.conftest import call, multiple, single, sjt
from trainer.content_audit.audit import audit

PLAIN = ("Offer the standard terms", "Quote the list price", "Send the brochure", "Hold the line")


def rotating(n=8):
    return [single(f"plain-{i}", PLAIN, correct=i % 4) for i in range(n)]


def test_keys_always_first_are_reported_with_their_chi_square(make_pack):
    report = audit(make_pack(items=[single(f"i-{i}", PLAIN, correct=0) for i in range(8)]))
    positions = report["items"]["key_positions"]
    assert positions["observed"] == [8, 0, 0, 0]
    assert positions["p_value"] < 0.001
    assert report["items"]["strategies"]["always first"] == 100


def test_balanced_keys_give_no_strategy_an_edge(make_pack):
    report = audit(make_pack(items=rotating()))
    items = report["items"]
    assert items["key_positions"]["observed"] == [2, 2, 2, 2]
    assert items["key_positions"]["p_value"] == 1.0
    assert items["strategies"]["always first"] == items["strategies"]["chance"] == 25
    assert report["limits"]["item strategies over chance"]["ok"]


def test_a_longest_key_is_reported(make_pack):
    long = ("Offer the standard terms and ask for a longer commitment in return", *PLAIN[1:])
    report = audit(make_pack(items=[single(f"i-{i}", long) for i in range(4)] + rotating(4)))
    items = report["items"]
    assert items["length"]["key_longest"] == 62.5  # 4 planted + 1 of the 4 plain ones tie
    assert items["strategies"]["always longest"] > items["strategies"]["chance"] + 10
    assert not report["limits"]["item strategies over chance"]["ok"]


def test_self_justifying_distractors_are_counted_and_break_the_limit(make_pack):
    options = ("Hold the price", "Cut it, since they asked", "Cut it because they may leave")
    report = audit(make_pack(items=[single(f"i-{i}", options) for i in range(4)]))
    assert report["items"]["justifying"] == {"keys": 0.0, "distractors": 100.0}
    assert report["items"]["strategies"]["drop self-justifying, then ask"] == 100
    assert not report["limits"]["items: justifying gap (distractors - keys)"]["ok"]


def test_an_asking_key_is_found_by_the_ask_first_rule(make_pack):
    options = ("Send the brochure", "Ask what the discount must achieve", "Quote list price")
    report = audit(make_pack(items=[single(f"i-{i}", options, correct=1) for i in range(4)]))
    assert report["items"]["strategies"]["always asks or confirms"] == 100


def test_multiple_response_key_counts_and_long_distractors(make_pack):
    options = ("Trade", "Anchor", "Recap", "Concede the whole discount now", "Quote list again")
    items = [multiple(f"m-{i}", options, keyed={0, 1, 2}) for i in range(3)]
    items.append(multiple("m-two", options, keyed={0, 3}))
    report = audit(make_pack(items=items))["items"]["multiple_response"]
    assert report["key_counts"] == {"2 of 5": 1, "3 of 5": 3}
    assert report["distractors_longest"] == 3


def test_sjt_ratings_that_follow_length_are_reported(make_pack):
    responses = [("No.", 1), ("Let me check.", 2), ("Tell me what the budget is for.", 3)]
    responses.append(("Walk me through what the ten percent has to achieve for you.", 4))
    report = audit(make_pack(items=[sjt(f"s-{i}", responses) for i in range(3)]))
    assert report["sjt"]["tau_length_effectiveness"] == 1
    assert report["sjt"]["longest_rated_best"] == 100
    assert report["sjt"]["by_length"] == 100
    assert not report["limits"]["SJT |tau| length-effectiveness"]["ok"]


def test_flat_sjt_ratings_are_scored_against_chance(make_pack):
    responses = [("Ask why.", 3), ("Hold firm.", 2), ("Offer 5%.", 2), ("Refuse.", 3)]
    report = audit(make_pack(items=[sjt("s-flat", responses)]))["sjt"]
    # Rating all four 2 (or 3) is off by one on half of them: 1 - 0.5 / 3.
    assert report["flat"] == 83.3
    assert report["chance"] == 66.7


def test_a_long_best_choice_in_a_call_is_reported(make_pack):
    choices = ("Before we talk numbers, may I ask what the ten percent has to achieve?", "Sure.")
    report = audit(make_pack(calls=[call("long-best", (*choices, "No discounts."))]))
    calls = report["calls"]
    assert calls["length"]["key_longest"] == 100
    assert calls["length"]["over_ratio"] == 1
    assert calls["strategies"]["always longest"] == 100
    assert calls["with_partly_right"] == 0
    assert not report["limits"]["calls: best over 1.3x median alternative"]["ok"]


def test_a_partly_right_alternative_is_counted(make_pack):
    choices = ("Ask why", "Offer 5%", "Hold")
    report = audit(make_pack(calls=[call("partial", choices, partly_right=[2])]))
    assert report["calls"]["with_partly_right"] == 1
