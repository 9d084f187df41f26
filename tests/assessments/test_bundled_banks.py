"""The bundled item banks against the item-writing rules that can be measured."""

from __future__ import annotations

from collections import Counter

import pytest
import yaml

from trainer.kinds import BUNDLED, read_pack

# Chi-square critical values at the 5% level, by degrees of freedom.
CHI_SQUARE_5_PERCENT = {2: 5.991, 3: 7.815, 4: 9.488}
LONGEST_KEY_SHARE = 0.35


@pytest.fixture(scope="module")
def pack():
    return read_pack()


def required_competencies() -> set[str]:
    required = set()
    for path in (BUNDLED / "profiles").glob("*.yaml"):
        required |= {r["competency"] for r in yaml.safe_load(path.read_text())["requirements"]}
    return required


def test_negotiation_and_value_selling_have_sixty_items_ten_per_level(pack):
    for competency in ("negotiating", "value-selling"):
        items = [i for i in pack.records_of("item").values() if competency in i.competencies]
        levels = Counter(item.level for item in items)
        assert len(items) >= 60, competency
        assert all(levels[level] >= 10 for level in (1, 2, 3, 4)), (competency, levels)


def test_every_required_competency_has_fifteen_items(pack):
    counts = Counter(c for item in pack.records_of("item").values() for c in item.competencies)
    thin = {c: counts[c] for c in sorted(required_competencies()) if counts[c] < 15}
    assert thin == {}


def test_every_item_explains_and_every_option_teaches(pack):
    for item in pack.records_of("item").values():
        assert item.explanation.strip(), item.key
        for option in getattr(item, "options", []):
            assert option.feedback.strip(), item.key


def chi_square(counts: list[int]) -> float:
    expected = sum(counts) / len(counts)
    return sum((observed - expected) ** 2 / expected for observed in counts)


def test_the_keys_position_is_balanced(pack):
    by_size: dict[int, Counter] = {}
    for item in pack.records_of("item").values():
        if item.type == "single":
            size = len(item.options)
            key = next(i for i, option in enumerate(item.options) if option.correct)
            by_size.setdefault(size, Counter())[key] += 1
    for size, positions in by_size.items():
        counts = [positions[i] for i in range(size)]
        if sum(counts) >= 5 * size:  # chi-square needs about five expected per cell
            assert chi_square(counts) < CHI_SQUARE_5_PERCENT[size - 1], (size, counts)


def test_the_key_is_rarely_the_longest_option(pack):
    choice_items = [i for i in pack.records_of("item").values() if i.type in ("single", "multiple")]
    longest = 0
    for item in choice_items:
        length = max(len(option.text) for option in item.options)
        longest += any(o.correct and len(o.text) == length for o in item.options)
    assert longest / len(choice_items) <= LONGEST_KEY_SHARE
