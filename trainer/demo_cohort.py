"""A past intake of new hires whose quizzes and calls give the analysis pages real numbers.

Forty people, each with an ability drawn once; an answer is right with the Rasch
probability of their ability against the item's level, so difficulties, discrimination and
flags come out as they would from a real cohort. Built through the same store functions as the
pages, with a fixed seed, when the demo team is created.
"""

from __future__ import annotations

import math
import random
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from trainer.assessments import store as attempt_store
from trainer.assessments.kinds import item_of
from trainer.auth.models import Team, User
from trainer.content.store import current_version
from trainer.db import now_utc
from trainer.demo_history import DOMAIN, NO_PASSWORD, answer_fields
from trainer.scenarios import store as run_store
from trainer.scenarios.engine import answer_showing, best_move
from trainer.scenarios.kinds import scenario_of
from trainer.scenarios.state import Move

SEED = 2718
TEAM = "Graduate intake (past cohort)"
SIZE = 40
FIRST = [
    "Ana",
    "Ben",
    "Chloe",
    "Dev",
    "Eli",
    "Fatima",
    "Gus",
    "Hiro",
    "Ines",
    "Jon",
    "Kira",
    "Luis",
    "Maya",
    "Nate",
    "Omar",
    "Pia",
]
LAST = ["Archuleta", "Baca", "Chavez", "Duran"]
FORMS = ["negotiation-practice", "value-selling-practice", "inside-sales-screening"]
CALLS = ["hp-lead-handoff", "hp-inbound-upsell"]
DIFFICULTY = {1: -1.4, 2: -0.5, 3: 0.4, 4: 1.3}  # an item's level as a Rasch difficulty


def _right(rng: random.Random, ability: float, item_key: str, level: int) -> bool:
    # Each item sits a little off its level's difficulty, the same on every install.
    offset = (random.Random(item_key).random() - 0.5) * 0.8
    return rng.random() < 1 / (1 + math.exp(-(ability - DIFFICULTY[level] - offset)))


def _sit(session: Session, rng, person: User, key: str, ability: float, at: datetime) -> None:
    version = current_version(session, "form", key)
    if version is None:
        return
    attempt = attempt_store.begin(session, person, version, at, seed=rng.randrange(2**31))
    for response in attempt.responses:
        at += timedelta(seconds=rng.randint(20, 60))
        item = item_of(response.item_version)
        right = _right(rng, ability, item.key, item.level)
        posted = answer_fields(rng, item, attempt.plan[response.position]["order"], right)
        attempt_store.save(attempt, response, posted, at, check=False)
    attempt_store.submit(session, attempt, at + timedelta(seconds=20))


def _play(session: Session, rng, person: User, key: str, ability: float, at: datetime) -> None:
    version = current_version(session, "scenario", key)
    if version is None:
        return
    scenario = scenario_of(version)
    run = run_store.begin(session, person.id, version, "practice")
    run.started_at, state = at, run_store.state_of(run)
    skill = 1 / (1 + math.exp(-(ability + 0.4)))
    for _ in range(100):
        if rng.random() < 0.02:
            return  # left mid-call: the analysis counts abandoned runs
        at += timedelta(seconds=rng.randint(40, 150))
        step, move = scenario.steps[state.step], best_move(scenario, state)
        if step.kind == "choice" and rng.random() > skill:
            others = [i for i in range(len(step.choices)) if i != move.choice]
            move = Move(state.step, choice=rng.choice(others), turn=state.turn)
        elif step.kind == "free":
            shown = [b for b in step.behaviours if rng.random() < skill]
            move = Move(state.step, text=answer_showing(shown) or "okay, noted", turn=state.turn)
        state = run_store.take(session, run, move, now=at)
        if state.ended:
            return


def build_cohort(session: Session, manager: User, now: datetime | None = None) -> None:
    """Add the past cohort and their quizzes and calls, in the caller's transaction."""
    rng = random.Random(SEED)
    now = now or now_utc()
    team = Team(name=TEAM, manager_id=manager.id)
    session.add(team)
    session.flush()
    for n in range(SIZE):
        name = f"{FIRST[n % len(FIRST)]} {LAST[n // len(FIRST) % len(LAST)]}"
        person = User(
            email=f"cohort{n + 1}@{DOMAIN}",
            name=name,
            role="learner",
            password_hash=NO_PASSWORD,
            team_id=team.id,
            profile_key="hp-inside-account-manager",
        )
        session.add(person)
        session.flush()
        ability = rng.gauss(0, 1)
        start = now - timedelta(days=rng.randint(150, 240))
        for i, key in enumerate(FORMS):
            _sit(session, rng, person, key, ability, start + timedelta(days=i, hours=2))
        for i, key in enumerate(CALLS):
            _play(session, rng, person, key, ability, start + timedelta(days=5 + i))
