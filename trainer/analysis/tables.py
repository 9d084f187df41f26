"""An analysis as plain tables: one JSON document, CSV and text for `trainer analyze` and pages."""

from __future__ import annotations

import csv
import io
import math
from dataclasses import asdict
from typing import Any

from trainer.analysis.calls import CallAnalysis
from trainer.analysis.report import Analysis

ITEM_COLUMNS = [
    "item",
    "level",
    "status",
    "takers",
    "facility",
    "point_biserial",
    "corrected",
    "upper_lower",
    "alpha_if_deleted",
    "difficulty",
    "se",
    "infit",
    "outfit",
    "flags",
]


def _num(value: float | None, digits: int = 4) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return round(float(value), digits)


def item_rows(analysis: Analysis) -> list[dict[str, Any]]:
    """One mapping per item, in ITEM_COLUMNS; numbers rounded, None where there is none."""
    return [
        {
            "item": row.key,
            "level": row.meta.level,
            "status": row.meta.status,
            "takers": row.stats.takers,
            "facility": _num(row.stats.facility),
            "point_biserial": _num(row.stats.point_biserial),
            "corrected": _num(row.stats.corrected),
            "upper_lower": _num(row.stats.upper_lower),
            "alpha_if_deleted": _num(row.stats.alpha_if_deleted),
            "difficulty": _num(row.difficulty),
            "se": _num(row.se),
            "infit": _num(row.infit),
            "outfit": _num(row.outfit),
            "flags": [asdict(flag) for flag in row.flags],
        }
        for row in analysis.rows
    ]


def as_json(analysis: Analysis) -> dict[str, Any]:
    reliability = {
        k: _num(v) if isinstance(v, float) else v for k, v in asdict(analysis.reliability).items()
    }
    items = item_rows(analysis)
    for item, row in zip(items, analysis.rows, strict=True):
        item["options"] = [asdict(option) for option in row.options]
    return {
        "takers": analysis.takers,
        "reliability": reliability,
        "distribution": [{"score": s, "takers": n} for s, n in analysis.distribution],
        "log_likelihood": _num(analysis.log_likelihood),
        "rasch_note": analysis.rasch_note,
        "items": items,
    }


def as_csv(analysis: Analysis) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(ITEM_COLUMNS)
    for row in item_rows(analysis):
        flags = "; ".join(f"{f['code']}: {f['reason']}" for f in row["flags"])
        writer.writerow(["" if row[c] is None else row[c] for c in ITEM_COLUMNS[:-1]] + [flags])
    return out.getvalue()


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def as_text(analysis: Analysis) -> str:
    r = analysis.reliability
    lines = [
        f"takers: {analysis.takers}   complete: {r.complete}   alpha: {_cell(r.alpha)}   "
        f"KR-20: {_cell(r.kr20)}   SEM: {_cell(r.sem)}   mean: {_cell(r.mean)}   "
        f"variance: {_cell(r.variance)}   log-likelihood: {_cell(analysis.log_likelihood)}",
        "scores: " + ", ".join(f"{s}: {n}" for s, n in analysis.distribution),
    ]
    if analysis.rasch_note:
        lines.append(f"Rasch: {analysis.rasch_note}")
    columns = ITEM_COLUMNS[:-1]
    lines.append("  ".join(columns))
    for row in item_rows(analysis):
        lines.append("  ".join(_cell(row[c]) for c in columns))
        lines += [f"    flag {f['code']}: {f['reason']}" for f in row["flags"]]
    return "\n".join(lines)


def call_json(analysis: CallAnalysis) -> dict[str, Any]:
    return {
        "runs": analysis.runs,
        "finished": analysis.finished,
        "unreadable": analysis.unreadable,
        "outcomes": analysis.outcomes,
        "endings": [{"ending": e, "outcome": o, "runs": n} for e, o, n in analysis.endings],
        "paths": [{"path": p, "runs": n} for p, n in analysis.paths],
        "decisions": [asdict(row) for row in analysis.decisions],
    }


def call_csv(analysis: CallAnalysis) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            "step",
            "reached",
            "abandoned",
            "choice",
            "best",
            "picked",
            "share",
            "good_outcomes",
            "strong",
            "weak",
            "flags",
        ]
    )
    for row in analysis.decisions:
        flags = "; ".join(f"{f.code}: {f.reason}" for f in row.flags)
        for c in row.choices or [None]:
            cells = (
                [
                    c.index + 1,
                    c.best,
                    c.picked,
                    _num(c.share),
                    _num(c.good_outcomes),
                    _num(c.strong),
                    _num(c.weak),
                ]
                if c
                else [""] * 7
            )
            writer.writerow([row.step, row.reached, row.abandoned, *cells, flags])
    return out.getvalue()


def call_text(analysis: CallAnalysis) -> str:
    lines = [
        f"runs: {analysis.runs}   finished: {analysis.finished}   outcomes: "
        + ", ".join(f"{k} {v}" for k, v in sorted(analysis.outcomes.items()))
    ]
    for row in analysis.decisions:
        lines.append(f"{row.step}: reached {row.reached}, abandoned {row.abandoned}")
        for c in row.choices:
            lines.append(
                f"    choice {c.index + 1}{' (best)' if c.best else ''}: {c.picked} "
                f"({c.share:.0%}), good outcomes {_cell(c.good_outcomes)}"
            )
        lines += [f"    flag {f.code}: {f.reason}" for f in row.flags]
    lines += [f"path ({n} runs): {p}" for p, n in analysis.paths]
    return "\n".join(lines)


SORTABLE = [
    "item",
    "level",
    "takers",
    "facility",
    "corrected",
    "upper_lower",
    "difficulty",
    "infit",
    "outfit",
    "flags",
]


def sorted_rows(rows: list[dict[str, Any]], column: str, descending: bool) -> list[dict[str, Any]]:
    """Rows sorted on a column, blanks last whichever the direction; flags by how many."""
    if column not in SORTABLE:
        column = "item"

    def key(row):
        value = len(row["flags"]) if column == "flags" else row[column]
        return value is None, value if value is not None else 0

    present = sorted((r for r in rows if key(r)[0] is False), key=key, reverse=descending)
    return present + [r for r in rows if key(r)[0] is True]
