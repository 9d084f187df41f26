"""How item analysis scales: a 60-item form with 20,000 takers (1.2 million responses) against
one with 2,000 takers, built in the same database and timed in the same run.

    python -m benchmarks.analysis                       # SQLite in a temporary folder
    python -m benchmarks.analysis --database postgresql+psycopg://postgres@127.0.0.1:5432/bench
    python -m benchmarks.analysis --takers 5000 --baseline 500   # a quicker look

For each form: the analysis from the database on a cold cache (one query for the responses,
then classical statistics, distractors, Rasch calibration and flags), the same on a warm cache
(what a second visit to the page costs), and the analysis of the same matrix read from CSV text
(`trainer analyze --responses`). Prints seconds and the ratio of the large form to the small.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from sqlalchemy import insert

from trainer import create_app
from trainer.analysis import load
from trainer.analysis.matrix import read_responses, write_responses
from trainer.analysis.report import analyse
from trainer.assessments.models import Attempt, Response
from trainer.content.models import ContentVersion
from trainer.content.pack import body_hash
from trainer.db import db, now_utc
from trainer.people.store import create_user

CHUNK = 50_000


REPEATS = 3


def seconds(action: Callable[[], object], repeats: int) -> tuple[float, float]:
    """Median wall-clock and CPU seconds: on a shared machine the CPU time is the steadier."""
    walls, cpus = [], []
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        action()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def _version(kind: str, key: str, body: dict) -> dict:
    return dict(
        kind=kind,
        key=key,
        version=1,
        content_hash=body_hash(body),
        body=body,
        competencies=body.get("competencies", []),
        pack="benchmark",
        created_at=now_utc(),
    )


def _item(key: str, level: int) -> dict:
    options = [
        {"text": f"Option {i + 1} of {key}", "correct": i == 0, "feedback": "Because."}
        for i in range(4)
    ]
    return {
        "key": key,
        "type": "single",
        "level": level,
        "competencies": ["negotiating"],
        "status": "live",
        "stem": f"Question {key}?",
        "explanation": "As taught.",
        "source": "",
        "options": options,
    }


def build_form(session, name: str, items: int, takers: int, person_id: int, seed: int) -> None:
    """A form of `items` single-choice items and `takers` submitted attempts, in bulk."""
    rng = np.random.default_rng(seed)
    keys = [f"{name}-q{j:02d}" for j in range(items)]
    session.execute(
        insert(ContentVersion),
        [_version("item", k, _item(k, 1 + j % 4)) for j, k in enumerate(keys)],
    )
    form = {
        "key": name,
        "title": name,
        "mode": "practice",
        "description": "Benchmark form.",
        "sections": [{"title": "All", "items": keys}],
    }
    session.execute(insert(ContentVersion), [_version("form", name, form)])
    ids = {v.key: v.id for v in session.query(ContentVersion).filter(ContentVersion.key.in_(keys))}
    form_id = session.query(ContentVersion.id).filter_by(kind="form", key=name).scalar()
    now = now_utc()
    session.execute(
        insert(Attempt),
        [
            dict(
                person_id=person_id,
                form_key=name,
                content_version_id=form_id,
                mode="practice",
                seed=i,
                number=i + 1,  # one benchmark person sits the form `takers` times
                plan=[],
                status="submitted",
                started_at=now,
                submitted_at=now,
                submitted_by="taker",
                revision=1,
            )
            for i in range(takers)
        ],
    )
    attempt_ids = [a for (a,) in session.query(Attempt.id).filter_by(form_key=name)]
    theta = rng.standard_normal(takers)
    b = np.linspace(-2, 2, items)
    right = rng.random((takers, items)) < 1 / (1 + np.exp(-(theta[:, None] - b)))
    wrong = rng.integers(1, 4, (takers, items))
    rows = []
    for i, attempt in enumerate(attempt_ids):
        for j, key in enumerate(keys):
            ok = bool(right[i, j])
            rows.append(
                dict(
                    attempt_id=attempt,
                    position=j,
                    item_key=key,
                    item_version_id=ids[key],
                    answer=0 if ok else int(wrong[i, j]),
                    points=float(ok),
                    correct=ok,
                    flagged=False,
                    checked=False,
                    tries=1,
                )
            )
            if len(rows) == CHUNK:
                session.execute(insert(Response), rows)
                rows = []
    if rows:
        session.execute(insert(Response), rows)
    session.commit()


def measure(name: str) -> dict[str, tuple[float, float]]:
    def cold():
        load._cache.clear()
        assert load.form_analysis(db.session, name).takers > 0

    # Both sizes take the median of the same number of runs: one cold run against a median of
    # three would charge the large form alone with first-touch memory costs.
    timings = {"database, cold cache": seconds(cold, REPEATS)}
    timings["database, warm cache"] = seconds(lambda: load.form_analysis(db.session, name), 3)
    versions = load._form_versions(db.session, name)

    def fetch():
        return load._matrix(db.session, versions, Attempt.form_key == name)

    timings["of which query + matrix"] = seconds(fetch, REPEATS)
    analysis_matrix, _ = fetch()
    text = write_responses(analysis_matrix)
    timings["CSV text"] = seconds(lambda: analyse(read_responses(text)), REPEATS)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--takers", type=int, default=20_000)
    parser.add_argument("--baseline", type=int, default=2_000)
    parser.add_argument("--items", type=int, default=60)
    parser.add_argument("--database", default="", help="SQLAlchemy URL; default a SQLite file")
    options = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="trainer-bench-"))
    url = options.database or f"sqlite:///{folder / 'bench.db'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "DEMO_COHORT": False})
    app.instance_path = str(folder)
    with app.app_context():
        from trainer.cli import initialise

        initialise(demo=False)
        person = create_user(
            db.session,
            email="bench@example.com",
            name="Bench",
            role="learner",
            password="benchmark-password",
        )
        db.session.commit()
        started = time.perf_counter()
        build_form(db.session, "bench-small", options.items, options.baseline, person.id, 1)
        build_form(db.session, "bench-large", options.items, options.takers, person.id, 2)
        print(
            f"database {db.engine.url.get_backend_name()}: built in "
            f"{time.perf_counter() - started:.0f} s"
        )
        small, large = measure("bench-small"), measure("bench-large")
    n_small, n_large = options.baseline, options.takers
    print(
        f"{'measurement':<22}{n_small:>8,} takers (wall / CPU){n_large:>8,} takers (wall / CPU)"
        f"   ratio (wall / CPU)"
    )
    for what in small:
        (ws, cs), (wl, cl) = small[what], large[what]
        print(
            f"{what:<22}{ws:>12.2f} s / {cs:>6.2f} s{wl:>15.2f} s / {cl:>6.2f} s"
            f"{wl / ws:>10.1f}x / {cl / cs:.1f}x"
        )
    print(f"takers ratio {n_large / n_small:.0f}x; linear growth is a ratio near it (limit 11x)")


if __name__ == "__main__":
    main()
