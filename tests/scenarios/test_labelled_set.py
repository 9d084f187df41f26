"""The default matcher on the labelled set: replies to ten bundled free-response steps, labelled
with the behaviours a sales manager says each shows (tests/scenarios/labelled, docs/content/
matching.md). It must read them well and resist negated and keyword-stuffed replies."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from trainer.kinds import read_pack
from trainer.scenarios.engine import answer_showing
from trainer.scenarios.matcher import PhraseMatcher
from trainer.scenarios.matcher_check import LabelledSet, check, combine, pool, with_behaviours

pytestmark = pytest.mark.no_database  # tests/conftest.py: run once, in the SQLite run

LABELLED = Path(__file__).parent / "labelled"
PARTS = ("tune", "held-out", "held-out-2")


@pytest.fixture(scope="module")
def scenarios():
    return read_pack().records_of("scenario")


def labelled(scenarios, parts=PARTS) -> dict[str, LabelledSet]:
    named = []
    for part in parts:
        for path in sorted((LABELLED / part).glob("*.yaml")):
            found = LabelledSet.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
            step = scenarios[found.scenario].steps[found.step]
            named.append((path.stem, with_behaviours(found, step.behaviours)))
    return pool(named)


def test_the_set_is_big_varied_and_names_real_behaviours(scenarios):
    sets = labelled(scenarios)
    replies = [reply for one in sets.values() for reply in one.replies]
    kinds = {reply.kind for reply in replies}
    assert len(replies) >= 300 and len(sets) == 10
    assert {"negated", "stuffed", "typo", "short", "long", "brief"} <= kinds
    for one in sets.values():  # every behaviour has replies that show it and some that do not
        for behaviour in one.behaviours:
            shown = sum(behaviour.key in reply.shows for reply in one.replies)
            assert 3 <= shown < len(one.replies), (one.step, behaviour.key)
    texts = [reply.text for reply in replies]
    assert len(set(texts)) == len(texts), "a reply appears twice"


def test_the_default_matcher_meets_the_thresholds_on_the_whole_set(scenarios):
    report = combine({name: check(one) for name, one in labelled(scenarios).items()})
    assert report.macro_f1 >= 0.80
    for kind in ("negated", "stuffed"):
        wrongly, total = report.credited_by_kind[kind]
        assert wrongly <= 0.10 * total, f"{kind}: {wrongly} of {total} credited wrongly"


def test_the_held_out_part_scores_near_the_tuned_part(scenarios):
    """Guard against rules and phrasings fitted to the replies they were tuned on."""
    tuned = combine({n: check(s) for n, s in labelled(scenarios, ["tune"]).items()})
    held = combine({n: check(s) for n, s in labelled(scenarios, ["held-out"]).items()})
    assert held.macro_f1 >= 0.85 and tuned.macro_f1 - held.macro_f1 <= 0.10


def test_the_engines_best_answer_shows_every_behaviour_of_every_bundled_step(scenarios):
    matcher = PhraseMatcher()
    for key, scenario in scenarios.items():
        for name, step in scenario.steps.items():
            if step.kind != "free":
                continue
            credited = {
                m.key
                for m in matcher.match(answer_showing(step.behaviours), step.behaviours)
                if m.found
            }
            assert credited == {b.key for b in step.behaviours}, (key, name)
