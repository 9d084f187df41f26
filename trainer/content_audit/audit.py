"""`audit(pack)`: every measured cue and reach figure; `hard_limit_problems(pack)`: the ones a
pack may not break (docs/content/audit.md)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from trainer.content.pack import Pack
from trainer.content.problems import Problem
from trainer.content_audit import cues, reach
from trainer.content_audit.extract import (
    Places,
    call_questions,
    item_questions,
    rated_items,
)
from trainer.content_audit.sjt import sjt_report
from trainer.content_audit.stats import chi_square, median

MAX_BEST_RATIO = 1.3  # a call's best choice at most this many times the median alternative
MAX_OVER_CHANCE = 10.0  # points a test-wise strategy may score above blind guessing
MAX_JUSTIFYING_GAP = 5.0  # points self-justifying clauses may be commoner in distractors
MAX_SJT_TAU = 0.2


def key_positions(questions: Sequence[cues.Question]) -> dict:
    """Where single keys sit in the file's order, against a uniform spread."""
    single = [q for q in questions if len(q.keyed) == 1]
    width = max((len(q.options) for q in single), default=0)
    observed = [0] * width
    expected = [0.0] * width
    for q in single:
        observed[next(iter(q.keyed))] += 1
        for position in range(len(q.options)):
            expected[position] += 1 / len(q.options)
    test = chi_square(observed, expected) if single else None
    return {
        "observed": observed,
        "expected": [round(e, 1) for e in expected],
        "chi_square": test.statistic if test else None,
        "dof": test.dof if test else None,
        "p_value": test.p_value if test else None,
    }


def length_cues(questions: Sequence[cues.Question]) -> dict:
    single = [q for q in questions if len(q.keyed) == 1]
    ratios = [r for q in single if (r := cues.key_ratio(q)) is not None]
    longest = sum(cues.longest_is_key(q) for q in single)
    return {
        "key_longest": round(100 * longest / len(single), 1) if single else None,
        "key_ratio_median": round(median(ratios), 2) if ratios else None,
        "key_ratio_max": max(ratios, default=None),
        "over_ratio": sum(r > MAX_BEST_RATIO for r in ratios),
    }


def multiple_response(questions: Sequence[cues.Question]) -> dict:
    multiple = [q for q in questions if q.kind == "multiple"]
    counts = Counter(f"{len(q.keyed)} of {len(q.options)}" for q in multiple)
    return {
        "items": len(multiple),
        "key_counts": dict(sorted(counts.items())),
        "distractors_longest": sum(cues.distractors_longest(q) for q in multiple),
    }


def cue_report(questions: Sequence[cues.Question]) -> dict:
    return {
        "questions": len(questions),
        "key_positions": key_positions(questions),
        "length": length_cues(questions),
        "justifying": cues.justifying_shares(questions),
        "strategies": cues.strategy_scores(questions),
    }


def partly_right(pack: Pack) -> dict:
    """Decisions where some alternative to the best carries positive evidence."""
    total = with_partial = 0
    for scenario in pack.records_of("scenario").values():
        for step in scenario.steps.values():
            choices = getattr(step, "choices", None)
            if not choices:
                continue
            total += 1
            others = [c for c in choices if not c.best]
            with_partial += any(e.weight > 0 for c in others for e in c.evidence)
    return {"decisions": total, "with_partly_right": with_partial}


def audit(pack: Pack) -> dict:
    """Every figure the audit measures, as plain JSON-ready values."""
    places = Places(pack.root)
    items, calls = item_questions(pack, places), call_questions(pack, places)
    table = reach.reach(pack)
    report = {
        "pack": pack.info.key,
        "items": {**cue_report(items), "multiple_response": multiple_response(items)},
        "calls": {**cue_report(calls), **partly_right(pack)},
        "sjt": sjt_report(rated_items(pack, places)),
        "reach": {c: {str(lv): cell for lv, cell in levels.items()} for c, levels in table.items()},
        "unreachable": [f"{c} level {lv}" for c, lv in reach.unreachable(table)],
        "coverage": reach.profile_coverage(pack),
    }
    report["limits"] = limits(report)
    return report


def _over_chance(strategies: dict) -> float | None:
    if not strategies:
        return None
    return round(max(v for k, v in strategies.items() if k != "chance") - strategies["chance"], 1)


def limits(report: dict) -> dict[str, dict]:
    """The done-when limits: each measured value, its limit and whether it holds."""
    items, calls, sjt = report["items"], report["calls"], report["sjt"]
    gap = None
    shares = items["justifying"]
    if shares["keys"] is not None and shares["distractors"] is not None:
        gap = round(shares["distractors"] - shares["keys"], 1)
    best_flat = max(sjt.get("flat", 0), sjt.get("by_length", 0)) if sjt.get("items") else None
    sjt_over = round(best_flat - sjt["chance"], 1) if best_flat is not None else None
    tau = sjt.get("tau_length_effectiveness")
    coverage = [
        max((f["coverage"] for f in forms), default=0) for forms in report["coverage"].values()
    ]
    rows = {
        "item strategies over chance": (_over_chance(items["strategies"]), MAX_OVER_CHANCE),
        "call strategies over chance": (_over_chance(calls["strategies"]), MAX_OVER_CHANCE),
        "SJT strategies over chance": (sjt_over, MAX_OVER_CHANCE),
        "calls: best over 1.3x median alternative": (calls["length"]["over_ratio"], 0),
        "items: justifying gap (distractors - keys)": (gap, MAX_JUSTIFYING_GAP),
        "SJT |tau| length-effectiveness": (abs(tau) if tau is not None else None, MAX_SJT_TAU),
        "unreachable competency levels": (len(report["unreachable"]), 0),
        "profiles not fully coverable": (sum(c < 100 for c in coverage), 0),
    }
    return {
        name: {"value": value, "limit": limit, "ok": value is None or value <= limit}
        for name, (value, limit) in rows.items()
    }


def hard_limit_problems(pack: Pack) -> list[Problem]:
    """Problems (file, line, message) for the limits `content validate` enforces: a call's best
    choice within 1.3x its alternatives; and, in a pack that has forms, every competency level
    reachable and every profile coverable."""
    places = Places(pack.root)
    problems = []
    for q in call_questions(pack, places):
        ratio = cues.key_ratio(q)
        if ratio is not None and ratio > MAX_BEST_RATIO:
            message = (
                f"{q.key}: the best choice is {ratio}x the median alternative's length "
                f"(at most {MAX_BEST_RATIO}x); move the reasoning into the feedback"
            )
            problems.append(Problem(q.file, q.line, message))
    if not pack.records_of("form"):
        return sorted(problems, key=lambda p: (p.file, p.line or 0, p.message))  # nothing to reach
    for competency, level in reach.unreachable(reach.reach(pack)):
        file, line = places.record("competencies", competency, "levels", level)
        message = f"{competency} level {level}: no form can draw an item or hold a call for it"
        problems.append(Problem(file, line, message))
    problems += _coverage_problems(pack, places)
    return sorted(problems, key=lambda p: (p.file, p.line or 0, p.message))


def _coverage_problems(pack: Pack, places: Places) -> list[Problem]:
    problems = []
    for key, forms in reach.profile_coverage(pack).items():
        assessments = [f for f in forms if f["mode"] == "assessment"]
        file, line = places.record("profiles", key, "requirements")
        if not assessments:
            problems.append(Problem(file, line, f"{key}: no assessment form names this profile"))
            continue
        best = max(assessments, key=lambda f: f["coverage"])
        if best["coverage"] < 100:
            missing = ", ".join(r["competency"] for r in best["requirements"] if not r["covered"])
            message = (
                f"{key}: its best assessment ({best['form']}) covers {best['coverage']}%; "
                f"not enough evidence possible for {missing}"
            )
            problems.append(Problem(file, line, message))
    return problems
