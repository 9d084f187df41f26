"""Measure the cues a test-wise taker could use in an items folder, straight from its YAML.

Self-contained on purpose (plain YAML, no app): `python -m tests.content.item_cues [DIR]`
prints the figures, and tests/content/test_item_cues.py asserts their limits on the bundled
pack. The audit command measures a pack more widely; this module only guards the items.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from dataclasses import dataclass
from itertools import combinations
from math import comb
from pathlib import Path

import yaml

BUNDLED = Path(__file__).parents[2] / "trainer" / "content" / "bundled" / "items"

# A clause that argues for its own option: the reasoning belongs in the feedback.
JUSTIFIES = re.compile(
    r"\b(because|since (?!then\b)(?=\S+ \S)|so that|in order to|to make sure|to ensure|"
    r"so (?:it|they|he|she|we|you|i|the|your)\b)"
    r"|[,;] as (?!(?:well|soon|much|far|long|agreed|planned|promised|asked|discussed|measured|"
    r"in|a|an)\b)\w+ \w",
    re.IGNORECASE,
)
# The option a taker who knows only "ask first" would pick.
ASKS = re.compile(r"\?|^\s*(ask|confirm|check|clarify|find out|agree)\b", re.IGNORECASE)


# A novice who knows only "ask first" picks any option that asks, probes or checks.
ASK_FIRST = re.compile(
    r"\?|\b(ask|asks|asking|question|questions|explore|probe|find out|discover|understand|"
    r"check|confirm|clarify|listen)\b",
    re.IGNORECASE,
)


def justifies(text: str) -> bool:
    return bool(JUSTIFIES.search(text))


def asks(text: str) -> bool:
    return bool(ASKS.search(text))


@dataclass(frozen=True)
class Choice:
    """A single-answer item as a taker sees it: option texts and the key's index."""

    key: str
    level: int
    texts: tuple[str, ...]
    answer: int


def load(folder: Path = BUNDLED) -> list[dict]:
    items = []
    for path in sorted(folder.glob("*.yaml")):
        for item in yaml.safe_load(path.read_text())["items"]:
            items.append({**item, "file": path.name})
    return items


def choices(items: list[dict]) -> list[Choice]:
    found = []
    for item in items:
        if item["type"] == "single":
            texts = tuple(o["text"] for o in item["options"])
            answer = next(i for i, o in enumerate(item["options"]) if o.get("correct"))
            found.append(Choice(item["key"], item["level"], texts, answer))
    return found


def split(candidates: list[int], choice: Choice) -> float:
    """The chance of hitting the key when picking at random among the candidates."""
    return (choice.answer in candidates) / len(candidates)


def longest(choice: Choice) -> float:
    size = max(len(t) for t in choice.texts)
    return split([i for i, t in enumerate(choice.texts) if len(t) == size], choice)


def shortest(choice: Choice) -> float:
    size = min(len(t) for t in choice.texts)
    return split([i for i, t in enumerate(choice.texts) if len(t) == size], choice)


def first(choice: Choice) -> float:
    return float(choice.answer == 0)


def test_wise(choice: Choice) -> float:
    """Drop self-justifying options, then prefer the ones that ask or confirm."""
    kept = [i for i, t in enumerate(choice.texts) if not justifies(t)] or list(
        range(len(choice.texts))
    )
    asking = [i for i in kept if asks(choice.texts[i])]
    return split(asking or kept, choice)


def ask_first(choice: Choice) -> float:
    asking = [i for i, t in enumerate(choice.texts) if ASK_FIRST.search(t)]
    return split(asking or list(range(len(choice.texts))), choice)


def chance(found: list[Choice]) -> float:
    return mean([1 / len(c.texts) for c in found])


def mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def justified_shares(items: list[dict]) -> tuple[float, float]:
    """The share of keys and of distractors (single and multiple) carrying a justifying clause."""
    keys, wrong = [], []
    for item in items:
        if item["type"] in ("single", "multiple"):
            for option in item["options"]:
                (keys if option.get("correct") else wrong).append(justifies(option["text"]))
    return mean(keys), mean(wrong)


def kendall_tau_b(xs: list[float], ys: list[float]) -> float:
    concordant = discordant = tied_x = tied_y = 0
    for (x1, y1), (x2, y2) in combinations(zip(xs, ys, strict=True), 2):
        dx, dy = x1 - x2, y1 - y2
        if dx == 0 and dy == 0:
            continue
        if dx == 0:
            tied_x += 1
        elif dy == 0:
            tied_y += 1
        elif (dx > 0) == (dy > 0):
            concordant += 1
        else:
            discordant += 1
    pairs = concordant + discordant
    denominator = ((pairs + tied_x) * (pairs + tied_y)) ** 0.5
    return (concordant - discordant) / denominator if denominator else 0.0


def sjt_figures(items: list[dict]) -> dict[str, float]:
    """Length against effectiveness, pooled; how often the best response is the longest."""
    lengths, ratings, best_longest, worst_longest, taus, sjts = [], [], [], [], [], 0
    for item in items:
        if item["type"] != "sjt":
            continue
        sjts += 1
        responses = item["responses"]
        lengths += [len(r["text"]) for r in responses]
        ratings += [r["effectiveness"] for r in responses]
        top = max(r["effectiveness"] for r in responses)
        size = max(len(r["text"]) for r in responses)
        longest = [r["effectiveness"] for r in responses if len(r["text"]) == size]
        best_longest.append(top in longest)
        worst_longest.append(min(r["effectiveness"] for r in responses) in longest)
        taus.append(kendall_tau_b([len(r["text"]) for r in responses], ratings[-4:]))
    return {
        "sjt_items": sjts,
        "sjt_tau": kendall_tau_b(lengths, ratings),
        "sjt_mean_item_tau": mean(taus),
        "sjt_best_is_longest": mean(best_longest),
        "sjt_worst_is_longest": mean(worst_longest),
    }


def rating_score(responses: list[dict], ratings: list[int]) -> float:
    """The SJT score: 1 - mean distance between the ratings and the key, over 3."""
    keyed = [r["effectiveness"] for r in responses]
    return 1 - sum(abs(a - b) for a, b in zip(ratings, keyed, strict=True)) / len(keyed) / 3


def by_length(responses: list[dict]) -> list[int]:
    """Ratings 1-4 by length: the longest response rated 4."""
    order = sorted(range(len(responses)), key=lambda i: len(responses[i]["text"]))
    ratings = [0] * len(responses)
    for place, i in enumerate(order):
        ratings[i] = place + 1
    return ratings


def sjt_strategies(items: list[dict]) -> dict[str, float]:
    """Test-wise SJT ratings against the best flat rating (every response the same)."""
    sjts = [item["responses"] for item in items if item["type"] == "sjt"]
    flat = max(mean([rating_score(r, [level] * len(r)) for r in sjts]) for level in (1, 2, 3, 4))
    return {
        "sjt_flat": flat,
        "sjt_asks_rated_4": mean(
            [rating_score(r, [4 if asks(x["text"]) else 2 for x in r]) for r in sjts]
        ),
        "sjt_longest_rated_4": mean([rating_score(r, by_length(r)) for r in sjts]),
    }


def multiple_figures(items: list[dict]) -> dict[str, float]:
    """Key counts, and how often the keys (or the distractors) are exactly the longest options."""
    counts, keys_longest, wrong_longest, keys_first, odds = Counter(), [], [], [], []
    for item in items:
        if item["type"] != "multiple":
            continue
        options = item["options"]
        keys = sum(bool(o.get("correct")) for o in options)
        counts[f"{keys} of {len(options)}"] += 1
        by_length = sorted(options, key=lambda o: len(o["text"]), reverse=True)
        keys_longest.append(all(o.get("correct") for o in by_length[:keys]))
        wrong_longest.append(not any(o.get("correct") for o in by_length[: len(options) - keys]))
        keys_first.append(all(o.get("correct") for o in options[:keys]))
        odds.append(1 / comb(len(options), keys))
    top = counts.most_common(1)[0][1] if counts else 0
    return {
        "multiple_items": sum(counts.values()),
        "multiple_commonest_share": top / max(1, sum(counts.values())),
        "multiple_chance": mean(odds),
        "multiple_keys_longest": mean(keys_longest),
        "multiple_distractors_longest": mean(wrong_longest),
        "multiple_keys_first": mean(keys_first),
        "multiple_counts": dict(sorted(counts.items())),
    }


def position_chi_square(found: list[Choice]) -> float:
    """Chi-square of the key's position against even use of the positions each item offers."""
    observed, expected = Counter(), Counter()
    for choice in found:
        observed[choice.answer] += 1
        for i in range(len(choice.texts)):
            expected[i] += 1 / len(choice.texts)
    return sum((observed[i] - e) ** 2 / e for i, e in expected.items())


def figures(folder: Path = BUNDLED) -> dict:
    items = load(folder)
    found = choices(items)
    expert = [c for c in found if c.level == 4]
    keys, wrong = justified_shares(items)
    return {
        "items": len(items),
        "single_items": len(found),
        "chance": chance(found),
        "always_longest": mean([longest(c) for c in found]),
        "always_shortest": mean([shortest(c) for c in found]),
        "always_first": mean([first(c) for c in found]),
        "test_wise": mean([test_wise(c) for c in found]),
        "ask_first": mean([ask_first(c) for c in found]),
        "expert_chance": chance(expert),
        "expert_ask_first": mean([ask_first(c) for c in expert]),
        "expert_test_wise": mean([test_wise(c) for c in expert]),
        "keys_justified": keys,
        "distractors_justified": wrong,
        "key_position_chi_square": position_chi_square(found),
        "key_positions": dict(sorted(Counter(c.answer for c in found).items())),
        "true_false_share_true": mean(
            [float(i["answer"]) for i in items if i["type"] == "true_false"]
        ),
        **sjt_figures(items),
        **sjt_strategies(items),
        **multiple_figures(items),
    }


def main(argv: list[str]) -> None:
    folder = Path(argv[0]) if argv else BUNDLED
    for name, value in figures(folder).items():
        shown = f"{value:.3f}" if isinstance(value, float) else value
        print(f"{name:32} {shown}")


if __name__ == "__main__":
    main(sys.argv[1:])
