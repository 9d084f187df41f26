"""The audit as text an author reads: limits first, then each group of figures."""

from __future__ import annotations

LEVEL_COLUMNS = ("1", "2", "3", "4")


def _strategies(strategies: dict) -> list[str]:
    chance = strategies.get("chance")
    return [
        f"    {name:34} {score:5.1f}%" + ("" if name == "chance" else f"  ({score - chance:+.1f})")
        for name, score in strategies.items()
    ]


def _cues(title: str, cues: dict) -> list[str]:
    positions, length, shares = cues["key_positions"], cues["length"], cues["justifying"]
    return [
        f"{title}: {cues['questions']}",
        f"  key positions {positions['observed']} against {positions['expected']}: "
        f"chi-square {positions['chi_square']} (dof {positions['dof']}, p {positions['p_value']})",
        f"  key longest in {length['key_longest']}%; key/median alternative length: median "
        f"{length['key_ratio_median']}, max {length['key_ratio_max']}, "
        f"{length['over_ratio']} over 1.3x",
        f"  self-justifying clauses: keys {shares['keys']}%, distractors {shares['distractors']}%",
        "  test-wise strategies (expected score, points over chance):",
        *_strategies(cues["strategies"]),
    ]


def _reach(report: dict) -> list[str]:
    lines = ["Reach (drawable items / live items, calls in forms / calls) by level:"]
    for competency, levels in report["reach"].items():
        cells = [
            f"{c['drawable']}/{c['items']} {c['calls_in_forms']}/{c['calls']}c"
            for c in (levels[lv] for lv in LEVEL_COLUMNS)
        ]
        lines.append(f"  {competency:26} " + "  ".join(f"{cell:12}" for cell in cells))
    unreachable = report["unreachable"]
    lines.append(f"  unreachable: {', '.join(unreachable) if unreachable else 'none'}")
    return lines


def _coverage(report: dict) -> list[str]:
    lines = ["Profile coverage by its assessments and screenings:"]
    for profile, forms in report["coverage"].items():
        if not forms:
            lines.append(f"  {profile}: no assessment or screening names it")
        for form in forms:
            short = [r["competency"] for r in form["requirements"] if not r["covered"]]
            lines.append(
                f"  {profile} by {form['form']} ({form['mode']}): {form['coverage']}%"
                + (f"; short of evidence: {', '.join(short)}" if short else "")
                + (
                    f"; not required: {', '.join(form['not_required'])}"
                    if form["not_required"]
                    else ""
                )
            )
    return lines


def render(report: dict) -> list[str]:
    """The report's lines."""
    sjt, multiple = report["sjt"], report["items"]["multiple_response"]
    lines = [f"Content audit of {report['pack']}", "Limits:"]
    for name, row in report["limits"].items():
        lines.append(
            f"  [{'ok' if row['ok'] else 'FAIL'}] {name}: {row['value']} (limit {row['limit']})"
        )
    lines += _cues("Items (single and multiple response)", report["items"])
    lines.append(
        f"  multiple response: {multiple['items']} items, key counts "
        f"{multiple['key_counts']}, every distractor longer than every key in "
        f"{multiple['distractors_longest']}"
    )
    lines += _cues("Call decisions", report["calls"])
    lines.append(
        f"  decisions with a partly right alternative: "
        f"{report['calls']['with_partly_right']} of {report['calls']['decisions']}"
    )
    if sjt.get("items"):
        lines.append(
            f"Situational judgement: {sjt['items']} items; Kendall tau length-effectiveness "
            f"{sjt['tau_length_effectiveness']}; longest rated best in {sjt['longest_rated_best']}%"
            f"; chance {sjt['chance']}%, flat {sjt['flat_rating']}s {sjt['flat']}%, "
            f"rated by length {sjt['by_length']}%"
        )
    return lines + _reach(report) + _coverage(report)
