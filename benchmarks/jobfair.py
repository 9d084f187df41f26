"""The job fair under load: concurrent candidates answer a screening against gunicorn.

    python -m benchmarks.jobfair [--candidates 50] [--paced 200] [--database URL] [--json]

Each simulated candidate opens the event's link, signs up (name, email, consent), skips the
voluntary questions, saves every answer of the screening as the candidate page's autosave does
(a `fetch` post, JSON back) and submits. In the same run, with the same client and concurrency,
it measures a bare endpoint and a one-row insert (registered only with TRAINER_BENCH_ENDPOINTS=1),
then counts the answers and the submitted screenings in the database: every save the server
acknowledged must be there. Two measures:

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
from datetime import date
from pathlib import Path

import httpx
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from tests.assessments.answering import right_fields
from tests.server import free_port

FORM = "inside-sales-screening"
KINDS = ("bare", "insert", "save")
PROFILE = "hp-inside-account-manager"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@dataclass
class Visitor:
    """One simulated candidate: their browser (client and CSRF token) and what they will post."""

    email: str
    client: httpx.AsyncClient | None = None
    token: str = ""
    answers: list[dict[str, list[str]]] = field(default_factory=list)  # posted fields by position
    saved: set[int] = field(default_factory=set)


@dataclass
class Timings:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0

    def add(self, other: Timings) -> None:
        self.latencies += other.latencies
        self.errors += other.errors
        self.seconds += other.seconds

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


def prepare(url: str, count: int, folder: Path) -> tuple[str, list[Visitor]]:
    """Migrate, load the bundled content and open a job-fair event; its link's slug."""
    from trainer import create_app
    from trainer.auth.models import User
    from trainer.cli import initialise
    from trainer.content.store import current_version
    from trainer.db import db
    from trainer.screening import store

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "DEMO_COHORT": False})
    app.instance_path = str(folder)
    with app.app_context():
        initialise(demo=False)
        recruiter = User(email="recruiter@jobfair.example", name="Recruiter", role="recruiter")
        recruiter.set_password(uuid.uuid4().hex)
        db.session.add(recruiter)
        event = store.create_event(
            db.session,
            recruiter,
            current_version(db.session, "form", FORM),
            name="Benchmark fair",
            held_on=date.today(),
            place="Hall B",
            profile_key=PROFILE,
            cut_score=50,
            retention_days=30,
            kiosk_idle_seconds=120,
            show_result=False,
        )
        db.session.commit()
        slug = event.slug
        db.engine.dispose()
    return slug, [Visitor(f"candidate{i}@jobfair.example") for i in range(count)]


def answers_for(url: str, visitors: list[Visitor]) -> None:
    """The posted fields of every answer of every candidate's screening, from its stored plan."""
    from trainer import create_app
    from trainer.assessments.kinds import item_of
    from trainer.db import db
    from trainer.screening.models import Candidate

    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        for visitor in visitors:
            candidate = db.session.scalar(select(Candidate).where(Candidate.email == visitor.email))
            for a in candidate.answers:
                fields = right_fields(item_of(a.item_version), candidate.plan[a.position]["order"])
                visitor.answers.append({f"q{a.position}-{n}": v for n, v in fields.items()})
        db.engine.dispose()


def count_stored(url: str, visitors: list[Visitor]) -> tuple[int, int]:
    """Answers saved and screenings submitted, as the database holds them."""
    from trainer.screening.models import Candidate, CandidateAnswer

    emails = [v.email for v in visitors]
    engine = create_engine(url)
    with engine.connect() as conn:
        answers = conn.scalar(
            select(func.count())
            .select_from(CandidateAnswer)
            .join(Candidate)
            .where(Candidate.email.in_(emails), CandidateAnswer.answer.is_not(None))
        )
        submitted = conn.scalar(
            select(func.count())
            .select_from(Candidate)
            .where(Candidate.email.in_(emails), Candidate.submitted_at.is_not(None))
        )
    engine.dispose()
    return answers, submitted


def start_server(url: str, port: int, workers: int, threads: int, log: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "TRAINER_DATABASE_URL": url,
        "TRAINER_SECRET_KEY": "jobfair-bench",
        "TRAINER_BENCH_ENDPOINTS": "1",
        "TRAINER_SIGNUP_RATE_LIMIT": "100000 per minute",  # every candidate is 127.0.0.1 here
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


async def sign_up(base: str, slug: str, visitor: Visitor, limits: httpx.Limits) -> None:
    """The event's link, the sign-up form, the voluntary questions skipped, question 1."""
    client = httpx.AsyncClient(base_url=base, timeout=120, limits=limits)
    visitor.client = client
    page = (await client.get(f"/e/{slug}")).text
    name = visitor.email.split("@")[0].title()
    data = {"csrf_token": _token(page), "name": name, "email": visitor.email, "consent": "y"}
    response = await client.post(f"/e/{slug}", data=data)
    if response.status_code != 303 or not response.headers["location"].endswith("/s/about-you"):
        raise RuntimeError(f"sign-up failed for {visitor.email}: {response.status_code}")
    response = await client.post(
        "/s/about-you", data={"csrf_token": data["csrf_token"]} | {"go": "skip"}
    )
    if response.status_code != 303:
        raise RuntimeError(f"the voluntary step failed for {visitor.email}")
    visitor.token = _token((await client.get(response.headers["location"])).text)


async def save(visitor: Visitor, position: int, timings: Timings) -> None:
    """One autosave, as the candidate page's script sends it."""
    data = {**visitor.answers[position], "csrf_token": visitor.token, "go": "stay"}
    started = time.perf_counter()
    response = await visitor.client.post(
        f"/s/q/{position + 1}",
        data=data,
        headers={"X-Requested-With": "fetch", "Accept": "application/json"},
    )
    timings.latencies.append(time.perf_counter() - started)
    if response.status_code == 200 and response.json().get("saved"):
        visitor.saved.add(position)
    else:
        timings.errors += 1


async def baseline(candidate: Visitor, kind: str, timings: Timings) -> None:
    started = time.perf_counter()
    if kind == "bare":
        response = await candidate.client.get("/bench/bare")
    else:
        response = await candidate.client.post("/bench/insert")
    timings.latencies.append(time.perf_counter() - started)
    if response.status_code != 200:
        timings.errors += 1


async def request(candidate: Visitor, kind: str, position: int, timings: Timings) -> None:
    try:
        if kind == "save":
            await save(candidate, position % len(candidate.answers), timings)
        else:
            await baseline(candidate, kind, timings)
    except httpx.TransportError:  # a dropped connection is an error of the run, not a crash
        timings.errors += 1


async def flat_out(candidates: list[Visitor], kind: str, each: int) -> Timings:
    """Every client sends `each` requests back to back."""
    timings = Timings()

    async def run(candidate: Visitor) -> None:
        for position in range(each):
            await request(candidate, kind, position, timings)

    started = time.perf_counter()
    await asyncio.gather(*(run(c) for c in candidates))
    timings.seconds = time.perf_counter() - started
    return timings


async def paced(candidates: list[Visitor], kind: str, each: int, interval: float) -> Timings:
    """Every client sends one request every `interval` seconds, starting at a random moment."""
    timings = Timings()
    rng = random.Random(14)

    async def run(candidate: Visitor, offset: float) -> None:
        await asyncio.sleep(offset)
        for position in range(each):
            tick = time.perf_counter()
            await request(candidate, kind, position, timings)
            await asyncio.sleep(max(0.0, interval - (time.perf_counter() - tick)))

    started = time.perf_counter()
    await asyncio.gather(*(run(c, rng.uniform(0, interval)) for c in candidates))
    timings.seconds = time.perf_counter() - started
    return timings


async def submit_all(visitors: list[Visitor]) -> int:
    """Every candidate submits at once (the end of a timed session); the refusals counted."""

    async def one(visitor: Visitor) -> bool:
        response = await visitor.client.post("/s/submit", data={"csrf_token": visitor.token})
        return response.status_code == 303 and response.headers["location"].endswith("/s/thanks")

    return sum(await asyncio.gather(*(one(v) for v in visitors)))


async def drive(base: str, url: str, slug: str, candidates: list[Visitor], args) -> dict:
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    for batch in range(0, len(candidates), 50):  # a booth's queue, not one burst of 200
        group = candidates[batch : batch + 50]
        await asyncio.gather(*(sign_up(base, slug, c, limits) for c in group))
    answers_for(url, candidates)
    each = len(candidates[0].answers)
    crowd = candidates[: args.candidates]
    flat = {kind: Timings() for kind in KINDS}
    slow = {kind: Timings() for kind in KINDS}
    spread = []
    for repeat in range(args.repeats):
        # Rounds interleave the endpoints, each round in another order, so a machine that
        # speeds up or slows down during the run weighs on all three alike.
        order = KINDS[repeat % 3 :] + KINDS[: repeat % 3]
        round_flat = {kind: await flat_out(crowd, kind, each) for kind in order}
        round_slow = {
            kind: await paced(candidates[: args.paced], kind, args.rounds, args.interval)
            for kind in order
        }
        spread.append(
            ratios(
                {
                    "throughput": {k: t.summary() for k, t in round_flat.items()},
                    "paced": {k: t.summary() for k, t in round_slow.items()},
                }
            )
        )
        for kind in KINDS:
            flat[kind].add(round_flat[kind])
            slow[kind].add(round_slow[kind])
    results: dict = {
        "throughput": {kind: flat[kind].summary() for kind in KINDS},
        "paced": {kind: slow[kind].summary() for kind in KINDS},
        "rounds": spread,
    }
    results["submitted"] = await submit_all(candidates)
    acknowledged = sum(len(c.saved) for c in candidates)
    stored, results["submitted_in_database"] = count_stored(url, candidates)
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
    lines += [
        f"{name}: {value} (rounds: {', '.join(str(r[name]) for r in results['rounds'])};"
        f" all requests pooled: {results['pooled'][name]})"
        for name, value in results["ratios"].items()
    ]
    answers = results["answers"]
    lines.append(
        f"answers acknowledged {answers['acknowledged']}, in the database {answers['in_database']};"
        f" screenings submitted {results['submitted']} (in the database"
        f" {results['submitted_in_database']})"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=50, help="clients sending flat out")
    parser.add_argument("--paced", type=int, default=200, help="clients answering every interval")
    parser.add_argument("--interval", type=float, default=2.0)
    parser.add_argument("--rounds", type=int, default=8, help="requests per paced client")
    parser.add_argument("--repeats", type=int, default=5, help="rounds of the three endpoints")
    parser.add_argument("--database", default=os.environ.get("TRAINER_BENCH_DATABASE_URL"))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        url, drop = fresh_database(args.database, Path(folder))
        log = Path(folder) / "log"
        try:
            slug, candidates = prepare(url, max(args.candidates, args.paced), Path(folder))
            port = free_port()
            server = start_server(url, port, args.workers, args.threads, log)
            try:
                results = asyncio.run(
                    drive(f"http://127.0.0.1:{port}", url, slug, candidates, args)
                )
            finally:
                os.killpg(server.pid, signal.SIGTERM)  # the master and its workers
                server.wait()
        finally:
            drop()
        # The median round: a stall of the shared machine lands in one endpoint's round at
        # random and would weigh on pooled requests as if that endpoint had caused it.
        results["pooled"] = ratios(results)
        results["ratios"] = {
            name: statistics.median(r[name] for r in results["rounds"])
            for name in results["pooled"]
        }
        database = make_url(url).get_backend_name()
        print(json.dumps(results, indent=2) if args.json else report(results, args, database))
        problems = failures(results, len(candidates))
        if problems:  # what the server said about them, before its folder goes
            server_said = [
                line for line in log.read_text().splitlines() if '"status": 2' not in line
            ]
            print("\n".join(problems + ["server log:"] + server_said[-40:]), file=sys.stderr)
    return 1 if problems else 0


def failures(results: dict, candidates: int) -> list[str]:
    """What makes the run fail: an error, an acknowledged answer missing, a refused submit."""
    problems = []
    answers = results["answers"]
    if answers["acknowledged"] != answers["in_database"]:
        problems.append(f"answers lost: {answers}")
    for measure in ("throughput", "paced"):
        for kind, row in results[measure].items():
            if row["errors"]:
                problems.append(f"{row['errors']} errors: {measure} {kind}")
    if {results["submitted"], results["submitted_in_database"]} != {candidates}:
        problems.append(
            f"submitted {results['submitted']} (in the database "
            f"{results['submitted_in_database']}) of {candidates}"
        )
    return problems


if __name__ == "__main__":
    sys.exit(main())
