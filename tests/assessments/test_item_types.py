"""The item-type registry: every type is a whole bundle, and models, registry and partials agree."""

from __future__ import annotations

import random
from dataclasses import fields
from typing import get_args

import pytest

from trainer.assessments.items import ITEM_MODELS, Item, TypeName
from trainer.assessments.types import ITEM_TYPES
from trainer.assessments.types.base import ItemType

PARTIALS = "assessments/items/"
FLAGS = {"always_shuffled", "manager_rated"}


def test_every_type_has_every_function():
    functions = [f.name for f in fields(ItemType) if f.name not in FLAGS | {"model"}]
    assert len(functions) >= 8
    for name, kind in ITEM_TYPES.items():
        missing = [f for f in functions if not callable(getattr(kind, f, None))]
        assert not missing, f"{name} lacks {missing}"
        assert all(isinstance(getattr(kind, flag), bool) for flag in FLAGS), name
        assert kind.name == name


def test_the_union_the_registry_and_the_partials_cover_the_same_types(app):
    union = {
        get_args(model.model_fields["type"].annotation)[0] for model in get_args(get_args(Item)[0])
    }
    partials = {
        name.removeprefix(f"{PARTIALS}_").removesuffix(".html")
        for name in app.jinja_env.list_templates()
        if name.startswith(PARTIALS)
    }
    assert set(ITEM_TYPES) == set(ITEM_MODELS) == union == set(get_args(TypeName)) == partials
    for kind in ITEM_TYPES.values():
        assert app.jinja_env.get_template(kind.template)


@pytest.mark.parametrize("right", [True, False])
def test_each_type_reads_back_the_answer_it_posts(items, right):
    """The bank holds one item of each type; a sample post reads, shows, describes and scores."""
    rng = random.Random(3)
    seen = set()
    for item in items.values():
        kind = ITEM_TYPES[item.type]
        order = list(range(len(kind.choices(item))))[::-1]
        posted = kind.sample(rng, item, order, right)
        answer = kind.read(item, order, posted)
        seen.add(item.type)
        assert answer is not None, item.key
        assert kind.read(item, order, kind.fields(item, answer, order)) == answer, item.key
        assert kind.describe(item, answer) and kind.describe_key(item), item.key
        points = kind.score(item, kind.from_json(item, answer)).points
        if not kind.manager_rated:
            assert (points == 1) == right, item.key
    assert seen == set(ITEM_TYPES)
