"""How the team and cohort reports scale: 10,000 people and 1,000,000 evidence records against a
100-person baseline built in the same database, in the same run.

    python -m benchmarks.reports                       # SQLite in a temporary folder
    python -m benchmarks.reports --database postgresql+psycopg://postgres@127.0.0.1:5432/bench
    python -m benchmarks.reports --people 1000 --evidence 50   # a quicker look

Prints the median of several runs of each measurement and its ratio to the baseline. A bare
endpoint (the sign-in page) is timed too, so the figures can be read against the machine.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select

from benchmarks.population import AS_OF, build
from trainer import create_app
from trainer.auth.models import User
from trainer.competencies.levels import estimates_for
from trainer.db import db
from trainer.reports.exports import level_rows

BASELINE_PEOPLE, TEAM_SIZE, REPEATS = 100, 25, 5
PASSWORD = "benchmark-password"


def median_seconds(action: Callable[[], object], repeats: int = REPEATS) -> float:
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def cohort(seed: int):
    """Every learner of one population, as the levels export selects them."""
    return select(User).where(User.email.like(f"bench-{seed}-%")).order_by(User.id)


def measure(app, client, population: dict, seed: int) -> dict[str, float]:
    team = population["teams"][0]
    manager = db.session.get(User, population["manager"])
    manager.set_password(PASSWORD)
    db.session.commit()
    client.post("/logout")
    signed_in = client.post("/login", data={"email": manager.email, "password": PASSWORD})
    assert signed_in.status_code == 302, "the benchmark manager could not sign in"
    people = cohort(seed)

    def team_page() -> None:
        response = client.get(f"/progress/team?team={team}")
        assert response.status_code == 200 and b"heatmap" in response.data

    return {
        "team page (25 people, HTTP)": median_seconds(team_page),
        "team estimates (SQL + rule)": median_seconds(
            lambda: estimates_for(db.session, population["people"][:TEAM_SIZE], AS_OF)
        ),
        "cohort levels export": median_seconds(
            lambda: level_rows(db.session, people, AS_OF), repeats=3
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--evidence", type=int, default=100, help="records per person")
    parser.add_argument("--database", default="", help="SQLAlchemy URL; default a SQLite file")
    options = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="trainer-bench-"))
    url = options.database or f"sqlite:///{folder / 'bench.db'}"
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": url, "RATELIMIT_ENABLED": False, "WTF_CSRF_ENABLED": False}
    )
    app.instance_path = str(folder)
    with app.app_context():
        from trainer.cli import initialise

        initialise(demo=False)
        started = time.perf_counter()
        baseline = build(db.session, BASELINE_PEOPLE, options.evidence, TEAM_SIZE, seed=1)
        large = build(db.session, options.people, options.evidence, TEAM_SIZE, seed=2)
        db.session.commit()
        records = BASELINE_PEOPLE * options.evidence + options.people * options.evidence
        print(f"built {records:,} evidence records in {time.perf_counter() - started:.1f} s on "
              f"{db.engine.dialect.name}")
        client = app.test_client()
        bare = median_seconds(lambda: client.get("/login").status_code)
        small = measure(app, client, baseline, seed=1)
        big = measure(app, client, large, seed=2)
        print(f"\nbare endpoint (GET /login): {bare * 1000:.1f} ms")
        print(f"{'measurement':32} {BASELINE_PEOPLE:>10,} {options.people:>10,}   ratio")
        for name in small:
            print(f"{name:32} {small[name] * 1000:>8.1f}ms {big[name] * 1000:>8.1f}ms "
                  f"{big[name] / small[name]:>7.1f}x")
        people_ratio = options.people / BASELINE_PEOPLE
        print(f"\npeople ratio {people_ratio:.0f}x; a team report should stay near 1x, the "
              f"cohort export near {people_ratio:.0f}x (linear).")
        db.session.remove()
        db.engine.dispose()


if __name__ == "__main__":
    main()
