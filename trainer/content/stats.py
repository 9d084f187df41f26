"""What a pack holds, per competency and level, so an author sees coverage at a glance."""

from __future__ import annotations

from collections import Counter

from trainer.content.pack import Pack


def _evidenced_competencies(scenario) -> set[str]:
    found: set[str] = set()
    for step in scenario.model_dump(mode="json")["steps"].values():
        for choice in step.get("choices") or []:
            found.update(e["competency"] for e in choice.get("evidence") or [])
        found.update(b["competency"] for b in step.get("behaviours") or [])
    return found


def pack_stats(pack: Pack) -> dict:
    """Counts per competency: indicators per level, profiles, scenarios, items per level."""
    competencies, profiles = pack.records_of("competency"), pack.records_of("profile")
    items = Counter()
    for item in pack.records_of("item").values():
        for competency in item.competencies:
            items[(competency, item.level)] += 1
    calls = pack.records_of("scenario").values()
    scenarios = Counter(c for s in calls for c in _evidenced_competencies(s))
    required = Counter(r.competency for p in profiles.values() for r in p.requirements)
    rows = [
        {
            "key": key,
            "name": competency.name,
            "indicators": [len(competency.levels[level]) for level in (1, 2, 3, 4)],
            "profiles": required[key],
            "scenarios": scenarios[key],
            "items_by_level": [items[(key, level)] for level in (1, 2, 3, 4)],
        }
        for key, competency in competencies.items()
    ]
    return {
        "pack": pack.info.key,
        "totals": {
            "competencies": len(competencies),
            "indicators": sum(sum(row["indicators"]) for row in rows),
            "profiles": len(profiles),
            "scenarios": len(pack.records_of("scenario")),
            "items": len(pack.records_of("item")),
            "forms": len(pack.records_of("form")),
        },
        "competencies": rows,
        "profiles": [
            {
                "key": p.key,
                "title": p.title,
                "requirements": len(p.requirements),
                "readiness_threshold": p.readiness_threshold,
            }
            for p in profiles.values()
        ],
    }
