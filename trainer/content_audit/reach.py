"""What forms can reach: items and calls per competency and level, and how much of each
profile a form's evidence can cover (the estimate's rule, at its most generous).

A requirement at level L is covered when one sitting can give evidence at L or above with the
effective weight the level estimate needs before it judges a level (MIN_WEIGHT): one per item
answered, a call step's evidence weight, times the form's mode weight (practice counts half),
each attempt or call capped as one observation (UNIT_CAP), as competencies/observe.py counts it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from trainer.assessments.draws import candidates
from trainer.competencies.estimate import MIN_WEIGHT
from trainer.competencies.observe import UNIT_CAP
from trainer.content.pack import Pack
from trainer.evidence.sources import MODE_WEIGHTS

LEVELS = (1, 2, 3, 4)
Weights = dict[tuple[str, int], float]  # (competency, level) -> effective evidence weight


def form_items(form: Any, items: list[Any]) -> set[str]:
    """Keys of the items a form holds or may draw."""
    fixed = frozenset(form.fixed_items())
    drawn = {i.key for s in form.sections if s.draw for i in candidates(s.draw, items, fixed)}
    return set(fixed) | drawn


def call_weights(scenario: Any) -> Weights:
    """The most evidence a call can give per competency and level: every decision's heaviest."""
    found: Weights = defaultdict(float)
    for step in scenario.steps.values():
        heaviest: Weights = defaultdict(float)
        for choice in getattr(step, "choices", None) or ():
            for e in choice.evidence:
                heaviest[(e.competency, e.level)] = max(
                    heaviest[(e.competency, e.level)], abs(e.weight)
                )
        for behaviour in getattr(step, "behaviours", None) or ():
            heaviest[(behaviour.competency, behaviour.level)] = 1
        for where, weight in heaviest.items():
            found[where] += weight
    return found


def call_levels(scenario: Any) -> set[tuple[str, int]]:
    """(competency, level) pairs a call gives positive evidence for."""
    found = set()
    for step in scenario.steps.values():
        for choice in getattr(step, "choices", None) or ():
            found.update((e.competency, e.level) for e in choice.evidence if e.weight > 0)
        found.update((b.competency, b.level) for b in getattr(step, "behaviours", None) or ())
    return found


def form_weights(form: Any, pack: Pack) -> tuple[Weights, dict[str, float]]:
    """The most evidence one sitting of `form` can give: per competency and level, and per
    competency in all (a draw of 3 gives at most 3, however its pool spreads over levels)."""
    items = list(pack.records_of("item").values())
    by_key = pack.records_of("item")
    factor = MODE_WEIGHTS.get(form.mode, 1.0)
    levels: Weights = defaultdict(float)
    totals: dict[str, float] = defaultdict(float)
    fixed = frozenset(form.fixed_items())
    for key in fixed:
        for competency in by_key[key].competencies:
            levels[(competency, by_key[key].level)] += factor
            totals[competency] += factor
    for section in form.sections:
        if section.draw is None:
            continue
        pool = candidates(section.draw, items, fixed)
        count = section.draw.count
        at_level = Counter((c, i.level) for i in pool for c in i.competencies)
        anywhere = Counter(c for i in pool for c in i.competencies)
        for where, available in at_level.items():
            levels[where] += factor * min(count, available)
        for competency, available in anywhere.items():
            totals[competency] += factor * min(count, available)
    scenarios = pack.records_of("scenario")
    for key in getattr(form, "calls", ()):
        for (competency, level), weight in call_weights(scenarios[key]).items():
            levels[(competency, level)] += factor * weight
            totals[competency] += factor * weight
    return levels, totals


def reach(pack: Pack) -> dict[str, dict[int, dict[str, int]]]:
    """Per competency and level: live items, items some form may draw, calls, calls in forms."""
    items = [i for i in pack.records_of("item").values() if i.status == "live"]
    forms = list(pack.records_of("form").values())
    drawable = set().union(*(form_items(f, items) for f in forms)) if forms else set()
    in_forms = {key for f in forms for key in getattr(f, "calls", ())}
    table = {
        c: {lv: dict.fromkeys(("items", "drawable", "calls", "calls_in_forms"), 0) for lv in LEVELS}
        for c in pack.records_of("competency")
    }
    for item in items:
        for competency in item.competencies:
            cell = table.setdefault(competency, {})[item.level]
            cell["items"] += 1
            cell["drawable"] += item.key in drawable
    for key, scenario in pack.records_of("scenario").items():
        for competency, level in call_levels(scenario):
            if competency in table and level in table[competency]:
                table[competency][level]["calls"] += 1
                table[competency][level]["calls_in_forms"] += key in in_forms
    return table


def unreachable(table: dict[str, dict[int, dict[str, int]]]) -> list[tuple[str, int]]:
    """(competency, level) cells no form reaches with an item or a call."""
    return [
        (competency, level)
        for competency, levels in table.items()
        for level, cell in levels.items()
        if not cell["drawable"] and not cell["calls_in_forms"]
    ]


def coverage(profile: Any, form: Any, pack: Pack) -> dict:
    """How much of `profile`'s requirement weight one sitting of `form` can cover."""
    weights, totals = form_weights(form, pack)
    units = 1 + len(getattr(form, "calls", ()))  # the attempt, and each call: one observation
    cap = UNIT_CAP * MODE_WEIGHTS.get(form.mode, 1.0) * units
    rows, covered, total = [], 0, 0
    for requirement in profile.requirements:
        own = {lv: min(weights.get((requirement.competency, lv), 0.0), cap) for lv in LEVELS}
        evidence = totals.get(requirement.competency, 0.0)
        top = max((lv for lv in LEVELS if own[lv] >= MIN_WEIGHT), default=0)
        ok = any(own[lv] >= MIN_WEIGHT for lv in LEVELS if lv >= requirement.level)
        total += requirement.weight
        covered += requirement.weight * ok
        rows.append(
            {
                "competency": requirement.competency,
                "level": requirement.level,
                "weight": requirement.weight,
                "evidence": round(evidence, 2),
                "top_level": top,
                "covered": ok,
            }
        )
    required = {r.competency for r in profile.requirements}
    extra = sorted(c for c, w in totals.items() if w and c not in required)
    return {
        "form": form.key,
        "mode": form.mode,
        "coverage": round(100 * covered / total),
        "requirements": rows,
        "not_required": extra,
    }


def profile_coverage(pack: Pack) -> dict[str, list[dict]]:
    """Each profile's assessments and screenings (forms naming it) with their coverage."""
    forms = list(pack.records_of("form").values())
    return {
        key: [
            coverage(profile, f, pack)
            for f in forms
            if f.profile == key and f.mode in ("assessment", "screening")
        ]
        for key, profile in pack.records_of("profile").items()
    }
