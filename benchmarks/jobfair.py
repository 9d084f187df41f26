"""The job fair under load: concurrent candidates answer a screening against gunicorn.

    python -m benchmarks.jobfair [--candidates 50] [--paced 200] [--database URL] [--json]

Each simulated candidate signs in, begins the screening (the learner quiz flow: the job-fair
candidate pages are built elsewhere), saves every answer as the quiz page's autosave does and
submits. In the same run, with the same client and concurrency, it measures a bare endpoint and
a one-row insert (registered only with TRAINER_BENCH_ENDPOINTS=1), then counts the answers in the
database: every save the server acknowledged must be there. Two measures:

- throughput: `--candidates` clients, each sending its requests back to back;
- paced: `--paced` clients, each sending one request every `--interval` seconds (a job fair's
  candidates answering every 2 s), for p95 under a realistic load rather than saturation.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from tests.assessments.answering import right_fields
from tests.server import free_port

FORM = "inside-sales-screening"
PASSWORD = "jobfair-bench-password"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@dataclass
class Candidate:
    email: str
    client: httpx.AsyncClient | None = None
    token: str = ""
    attempt_id: int = 0
    answers: list[dict[str, list[str]]] = field(default_factory=list)
    saved: set[int] = field(default_factory=set)


@dataclass
class Timings:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0

    def summary(self) -> dict:
        ms = sorted(x * 1000 for x in self.latencies)
        cut = statistics.quantiles(ms, n=100, method="inclusive") if len(ms) > 1 else ms * 99
        return {
            "requests": len(ms),
            "errors": self.errors,
            "per_second": round(len(ms) / self.seconds, 1) if self.seconds else 0.0,
            "p50_ms": round(cut[49], 1),
            "p95_ms": round(cut[94], 1),
            "p99_ms": round(cut[98], 1),
        }


# --- the database and the server -------------------------------------------------------------


def fresh_database(url: str | None, folder: Path) -> tuple[str, callable]:
    """A new database URL and a function that drops it."""
    if not url or url.startswith("sqlite"):
        return f"sqlite:///{folder / 'jobfair.db'}", lambda: None
    name = f"trainer_jobfair_{uuid.uuid4().hex[:8]}"
    admin = create_engine(make_url(url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return make_url(url).set(database=name).render_as_string(False), drop


def prepare(url: str, count: int, folder: Path) -> list[Candidate]:
    """Migrate, load the bundled content and create `count` candidates sharing one password."""
    from trainer import create_app
    from trainer.auth.models import User
    from trainer.cli import initialise
    from trainer.db import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "DEMO_COHORT": False})
    app.instance_path = str(folder)
    with app.app_context():
        initialise(demo=False)
        template = User(email="x@example.com", name="x", role="learner")
        template.set_password(PASSWORD)  # one hash: hashing 200 passwords would dominate set-up
        emails = [f"candidate{i}@jobfair.example" for i in range(count)]
        db.session.add_all(
            User(
                email=e, name=f"Candidate {i}", role="learner", password_hash=template.password_hash
            )
            for i, e in enumerate(emails)
        )
        db.session.commit()
        db.engine.dispose()
    return [Candidate(email) for email in emails]


def answers_for(url: str, candidates: list[Candidate]) -> None:
    """The posted fields of every answer of every candidate's attempt, from its stored plan."""
    from trainer import create_app
    from trainer.assessments.kinds import item_of
    from trainer.assessments.models import Attempt
    from trainer.db import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        for candidate in candidates:
            attempt = db.session.get(Attempt, candidate.attempt_id)
            for r in attempt.responses:
                fields = right_fields(item_of(r.item_version), attempt.plan[r.position]["order"])
                data = {f"q{r.position}-{name}": v for name, v in fields.items()}
                candidate.answers.append({**data, "positions": [str(r.position)]})
        db.engine.dispose()


def count_answers(url: str, attempt_ids: list[int]) -> int:
    from trainer.assessments.models import Response

    engine = create_engine(url)
    with engine.connect() as conn:
        total = conn.scalar(
            select(func.count())
            .select_from(Response)
            .where(Response.attempt_id.in_(attempt_ids), Response.answer.is_not(None))
        )
    engine.dispose()
    return total


def start_server(url: str, port: int, workers: int, threads: int, log: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "TRAINER_DATABASE_URL": url,
        "TRAINER_SECRET_KEY": "jobfair-bench",
        "TRAINER_BENCH_ENDPOINTS": "1",
        "TRAINER_LOGIN_RATE_LIMIT": "100000 per minute",  # every candidate is 127.0.0.1 here
        "TRAINER_INSTANCE_PATH": str(log.parent),
    }
    command = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", str(workers), "--threads", str(threads), "--backlog", "2048"]
    command += ["--keep-alive", "75"]  # as behind a load balancer; gunicorn's 2 s races the pace
    server = subprocess.Popen(
        [*command, "--no-control-socket", "trainer.wsgi:app"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("wb"),
        start_new_session=True,
    )
    for _ in range(300):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=1).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError(f"the server did not start: see {log}")


# --- the candidates --------------------------------------------------------------------------


def _token(page: str) -> str:
    found = CSRF.search(page)
    return found.group(1) if found else ""


async def sign_in_and_begin(base: str, candidate: Candidate, limits: httpx.Limits) -> None:
    client = httpx.AsyncClient(base_url=base, timeout=120, limits=limits)
    candidate.client = client
    page = (await client.get("/login")).text
    data = {"csrf_token": _token(page), "email": candidate.email, "password": PASSWORD}
    response = await client.post("/login", data=data)
    if response.status_code != 302:
        raise RuntimeError(f"sign-in failed for {candidate.email}: {response.status_code}")
    page = (await client.get(f"/quizzes/{FORM}")).text
    response = await client.post(f"/quizzes/{FORM}/begin", data={"csrf_token": _token(page)})
    location = response.headers["location"]
    candidate.attempt_id = int(re.search(r"/attempts/(\d+)", location).group(1))
    candidate.token = _token((await client.get(location)).text)


async def save(candidate: Candidate, position: int, timings: Timings) -> None:
    """One autosave, as quiz.js sends it."""
    data = {**candidate.answers[position], "csrf_token": candidate.token, "go": "stay"}
    started = time.perf_counter()
    response = await candidate.client.post(
        f"/quizzes/attempts/{candidate.attempt_id}",
        data=data,
        headers={"X-Requested-With": "fetch", "Accept": "application/json"},
    )
    timings.latencies.append(time.perf_counter() - started)
    if response.status_code == 200 and response.json().get("saved"):
        candidate.saved.add(position)
    else:
        timings.errors += 1


async def baseline(candidate: Candidate, kind: str, timings: Timings) -> None:
    started = time.perf_counter()
    if kind == "bare":
        response = await candidate.client.get("/bench/bare")
    else:
        response = await candidate.client.post("/bench/insert")
    timings.latencies.append(time.perf_counter() - started)
    if response.status_code != 200:
        timings.errors += 1


async def request(candidate: Candidate, kind: str, position: int, timings: Timings) -> None:
    try:
        if kind == "save":
            await save(candidate, position % len(candidate.answers), timings)
        else:
            await baseline(candidate, kind, timings)
    except httpx.TransportError:  # a dropped connection is an error of the run, not a crash
        timings.errors += 1


async def flat_out(candidates: list[Candidate], kind: str, each: int) -> Timings:
    """Every client sends `each` requests back to back."""
    timings = Timings()

    async def run(candidate: Candidate) -> None:
        for position in range(each):
            await request(candidate, kind, position, timings)

    started = time.perf_counter()
    await asyncio.gather(*(run(c) for c in candidates))
    timings.seconds = time.perf_counter() - started
    return timings


async def paced(candidates: list[Candidate], kind: str, each: int, interval: float) -> Timings:
    """Every client sends one request every `interval` seconds, starting at a random moment."""
    timings = Timings()
    rng = random.Random(14)

    async def run(candidate: Candidate, offset: float) -> None:
        await asyncio.sleep(offset)
        for position in range(each):
            tick = time.perf_counter()
            await request(candidate, kind, position, timings)
            await asyncio.sleep(max(0.0, interval - (time.perf_counter() - tick)))

    started = time.perf_counter()
    await asyncio.gather(*(run(c, rng.uniform(0, interval)) for c in candidates))
    timings.seconds = time.perf_counter() - started
    return timings


async def submit_all(candidates: list[Candidate]) -> int:
    async def one(candidate: Candidate) -> bool:
        url = f"/quizzes/attempts/{candidate.attempt_id}/submit"
        response = await candidate.client.post(url, data={"csrf_token": candidate.token})
        return response.status_code == 303 and response.headers["location"].endswith("/result")

    return sum(await asyncio.gather(*(one(c) for c in candidates)))


async def drive(base: str, url: str, candidates: list[Candidate], args) -> dict:
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    for batch in range(0, len(candidates), 50):  # sign-ins hash a password: not all at once
        group = candidates[batch : batch + 50]
        await asyncio.gather(*(sign_in_and_begin(base, c, limits) for c in group))
    answers_for(url, candidates)
    each = len(candidates[0].answers)
    crowd = candidates[: args.candidates]
    results: dict = {"throughput": {}, "paced": {}}
    for kind in ("bare", "insert", "save"):
        results["throughput"][kind] = (await flat_out(crowd, kind, each)).summary()
    for kind in ("bare", "insert", "save"):
        timed = await paced(candidates[: args.paced], kind, args.rounds, args.interval)
        results["paced"][kind] = timed.summary()
    results["submitted"] = await submit_all(candidates)
    acknowledged = sum(len(c.saved) for c in candidates)
    stored = count_answers(url, [c.attempt_id for c in candidates])
    results["answers"] = {"acknowledged": acknowledged, "in_database": stored}
    for candidate in candidates:
        await candidate.client.aclose()
    return results


def ratios(results: dict) -> dict:
    flat, slow = results["throughput"], results["paced"]
    return {
        "save/insert throughput": round(
            flat["save"]["per_second"] / flat["insert"]["per_second"], 2
        ),
        "save/bare throughput": round(flat["save"]["per_second"] / flat["bare"]["per_second"], 2),
        "save/insert p95 (paced)": round(slow["save"]["p95_ms"] / slow["insert"]["p95_ms"], 2),
        "save/insert p95 (flat out)": round(flat["save"]["p95_ms"] / flat["insert"]["p95_ms"], 2),
    }


def report(results: dict, args, database: str) -> str:
    lines = [
        f"job fair on {database}: gunicorn {args.workers} workers x {args.threads} threads; "
        f"{args.candidates} clients flat out, {args.paced} paced every {args.interval:g} s",
        f"{'measure':<11}{'endpoint':<8}{'req':>6}{'err':>5}{'req/s':>8}"
        f"{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}",
    ]
    for measure in ("throughput", "paced"):
        for kind, row in results[measure].items():
            lines.append(
                f"{measure:<11}{kind:<8}{row['requests']:>6}{row['errors']:>5}"
                f"{row['per_second']:>8}{row['p50_ms']:>9}{row['p95_ms']:>9}{row['p99_ms']:>9}"
            )
    lines += [f"{name}: {value}" for name, value in results["ratios"].items()]
    answers = results["answers"]
    lines.append(
        f"answers acknowledged {answers['acknowledged']}, in the database {answers['in_database']};"
        f" attempts submitted {results['submitted']}"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=50, help="clients sending flat out")
    parser.add_argument("--paced", type=int, default=200, help="clients answering every interval")
    parser.add_argument("--interval", type=float, default=2.0)
    parser.add_argument("--rounds", type=int, default=8, help="requests per paced client")
    parser.add_argument("--database", default=os.environ.get("TRAINER_BENCH_DATABASE_URL"))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        url, drop = fresh_database(args.database, Path(folder))
        try:
            candidates = prepare(url, max(args.candidates, args.paced), Path(folder))
            results_for = len(candidates)
            port = free_port()
            server = start_server(url, port, args.workers, args.threads, Path(folder) / "log")
            try:
                results = asyncio.run(drive(f"http://127.0.0.1:{port}", url, candidates, args))
            finally:
                os.killpg(server.pid, signal.SIGTERM)  # the master and its workers
                server.wait()
        finally:
            drop()
    results["ratios"] = ratios(results)
    database = make_url(url).get_backend_name()
    print(json.dumps(results, indent=2) if args.json else report(results, args, database))
    answers = results["answers"]
    lost = answers["acknowledged"] != answers["in_database"]
    errors = any(row["errors"] for m in ("throughput", "paced") for row in results[m].values())
    unsubmitted = results["submitted"] != results_for  # a submit refused under load
    return 1 if lost or errors or unsubmitted else 0


if __name__ == "__main__":
    sys.exit(main())
