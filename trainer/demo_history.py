"""A few months of believable history for the demo team, so reports have something to show.

Built once, when the demo team is created, through the functions the pages use (`runs.take`,
`attempts.save` and `submit`, `record_rating`) with past timestamps. A fixed seed makes every
install's team the same; each person's `skill` is their chance of the best move or right answer.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from trainer.assessments import store as attempt_store
from trainer.assessments.kinds import form_of, item_of
from trainer.assessments.types import type_of
from trainer.assessments.types.base import ItemBase
from trainer.auth.models import Team, User
from trainer.competencies.levels import profiles
from trainer.competencies.models import RoleProfile
from trainer.content.store import current_version, latest_versions
from trainer.db import now_utc
from trainer.rubrics.models import RatingSession
from trainer.rubrics.store import record_rating
from trainer.scenarios import store as run_store
from trainer.scenarios.engine import best_move
from trainer.scenarios.kinds import scenario_of
from trainer.scenarios.schema import Scenario
from trainer.scenarios.state import CallState, Move, ScenarioError

SEED = 1957  # any fixed number; changing it changes every demo install's history
DOMAIN = "team.demo.trainer"  # not @demo.trainer: those are the printed logins
NO_PASSWORD = "!"  # matches no password; demo.py then sets the printed team password
HP, MS = "hp-inside-account-manager", "microsoft-store-smb-advocate"
LEARNERS = [
    ("Diego Martinez", HP, 0.85),
    ("Hannah Begay", HP, 0.72),
    ("Priya Natarajan", HP, 0.62),
    ("Tyler Whitfield", HP, 0.45),
    ("Sofia Trujillo", HP, 0.78),
    ("Kevin Tran", MS, 0.8),
    ("Amara Okafor", MS, 0.55),
]
LENA_SKILL = 0.68  # the printed demo learner: a modest history, so their radar is not empty
SCENARIOS = {
    HP: ["hp-inbound-upsell", "hp-lead-handoff"],
    MS: ["ms-surface-smb-deal", "ms-smb-repeat-business", "upset-customer-escalation"],
}
FORMS = {
    HP: ["negotiation-practice", "value-selling-practice", "negotiation-assessment"],
    MS: ["value-selling-practice", "negotiation-practice", "value-selling-assessment"],
}
SCREENING = "inside-sales-screening"  # taken before hire, so the oldest record when present
OPENERS = ["I'd want to understand this properly", "Thanks, that helps", "Okay, so"]
SEEN = ["Seen on calls I listened in on:", "From this week's call reviews:", "On the floor:"]
OVERALL = [
    "Good progress; keep it up on the live calls.",
    "Solid month. Let's work on the next step together in our one-to-one.",
    "Steady. More practice calls before the next review, please.",
]


def build_history(
    session: Session,
    team: Team,
    manager: User,
    learner: User | None,
    now: datetime | None = None,
    learners: list[tuple[str, str, float]] = LEARNERS,
    seed: int = SEED,
) -> None:
    """Add the demo team's learners and their last 120 days, in the caller's transaction.

    `manager` is the one who observed and rated their calls.
    """
    rng = random.Random(seed)
    now = now or now_utc()
    known = profiles(session)
    people = [(_join(session, team, name, key), skill, False) for name, key, skill in learners]
    session.flush()
    # Held so the identity map keeps them: each answer's item version then loads without a query.
    _items = latest_versions(session, ["item"])
    if learner is not None:
        people.append((learner, LENA_SKILL, True))
    for person, skill, modest in people:
        _history(session, rng, person, skill, modest, manager, known[person.profile_key], now)


def _join(session: Session, team: Team, name: str, profile_key: str) -> User:
    # No slow hashing per person: demo.py gives them all the printed team password at the end.
    person = User(
        email=f"{name.lower().replace(' ', '.')}@{DOMAIN}",
        name=name,
        role="learner",
        password_hash=NO_PASSWORD,
        team_id=team.id,
        profile_key=profile_key,
    )
    session.add(person)
    return person


def _history(session, rng, person, skill, modest, manager, profile, now) -> None:
    def day(newest: int, oldest: int) -> datetime:
        """A working-hours moment (Rio Rancho, UTC-7) between these many days ago."""
        moment = now - timedelta(days=rng.randint(newest, oldest))
        return moment.replace(hour=rng.randint(15, 22), minute=rng.randrange(60), second=0)

    profile_key = profile.key
    calls = SCENARIOS[profile_key]
    for _ in range(2 if modest else rng.randint(2, 5)):
        mode = "practice" if rng.random() < 0.6 else "assessment"
        _play(session, rng, person, rng.choice(calls), mode, skill, day(3, 110))
    # The printed learner keeps the one-attempt screening, so visitors can take it themselves.
    screened = not modest and rng.random() < 0.6
    if screened:
        _sit(session, rng, person, SCREENING, skill, day(112, 120))
    count = 2 if modest else min(len(FORMS[profile_key]), rng.randint(2, 4) - screened)
    for key in rng.sample(FORMS[profile_key], count):
        _sit(session, rng, person, key, skill, day(5, 105))
    for _ in range(1 if modest else rng.randint(1, 3)):
        _observe(session, rng, person, manager, profile, skill, day(2, 80))
    if modest or rng.random() < 0.6:
        _rate_self(session, rng, person, profile, skill, day(1, 45))


def _play(session, rng, person, key, mode, skill, started: datetime) -> None:
    """Play one call to its end, a decision every minute or two."""
    version = current_version(session, "scenario", key)
    scenario = scenario_of(version)
    run = run_store.begin(session, person.id, version, mode)
    run.started_at, at, state = started, started, run_store.state_of(run)
    for _ in range(100):  # a validated call ends long before this; a bad one must not hang init
        at += timedelta(seconds=rng.randint(40, 150))
        state = run_store.take(session, run, _move(rng, scenario, state, skill), now=at)
        if state.ended:
            return
    raise ScenarioError(f"the demo history could not finish {key!r}")


def _move(rng: random.Random, scenario: Scenario, state: CallState, skill: float) -> Move:
    """The best move with chance `skill`, else another; free text shows some behaviours."""
    step = scenario.steps[state.step]
    best = best_move(scenario, state)
    if step.kind == "choice":
        others = [i for i in range(len(step.choices)) if i != best.choice]
        if not others or rng.random() < skill:
            return best
        return Move(state.step, choice=rng.choice(others), turn=state.turn)
    shown = [rng.choice(b.phrasings) for b in step.behaviours if rng.random() < skill]
    said = ", and ".join(shown) if shown else "sounds good, I'll note that down"
    return Move(state.step, text=f"{rng.choice(OPENERS)}: {said}.", turn=state.turn)


def _sit(session, rng, person, key, skill, started: datetime) -> None:
    """Take one form: each answer right with chance `skill`, under a minute or so apiece."""
    version = current_version(session, "form", key)
    form = form_of(version)
    attempt = attempt_store.begin(session, person, version, started, seed=rng.randrange(2**31))
    at = started
    for response in attempt.responses:
        at += timedelta(seconds=rng.randint(20, 65))
        item = item_of(response.item_version)
        right = rng.random() < skill
        posted = answer_fields(rng, item, attempt.plan[response.position]["order"], right)
        if form.certainty_based:
            posted["certainty"] = [str(rng.choice((2, 3) if right else (1, 2)))]
        check = attempt.mode == "practice" and not type_of(item).manager_rated
        attempt_store.save(attempt, response, posted, at, check=check)
    attempt_store.submit(session, attempt, at + timedelta(seconds=30))


def answer_fields(
    rng: random.Random, item: ItemBase, order: list[int], right: bool
) -> dict[str, list[str]]:
    """The fields a taker would post for a right (or a plausibly wrong) answer, as displayed."""
    return type_of(item).sample(rng, item, order, right)


def _levels(rng, profile: RoleProfile, skill: float, count: int):
    """A few of the profile's competencies, each at a level near what the role requires."""
    required = sorted(profile.requirements, key=lambda r: r.competency.key)
    for requirement in rng.sample(required, count):
        # Skill 0.9 is about the required level; each 0.25 less is a level below it.
        level = requirement.level + 4 * (skill - 0.9) + rng.uniform(-0.5, 0.5)
        yield requirement.competency, max(1, min(4, round(level)))


def _observe(session, rng, person, manager, profile, skill, at: datetime) -> None:
    """A manager's rating of an observed call, with the rubric's words as the comments."""
    levels = []
    for competency, level in _levels(rng, profile, skill, rng.randint(2, 4)):
        comment = f"{rng.choice(SEEN)} {rng.choice(competency.indicators[str(level)])}"
        if level < 4:
            comment += f" Next step: {rng.choice(competency.indicators[str(level + 1)])}"
        levels.append((competency.key, level, comment))
    rating = RatingSession(
        person_id=person.id,
        rater_id=manager.id,
        context="observed",
        comment=rng.choice(OVERALL),
        created_at=at,
    )
    record_rating(session, rating, levels)


def _rate_self(session, rng, person, profile, skill, at: datetime) -> None:
    """A self-rating: new hires tend to place themselves a little above what others see."""
    levels = [
        (competency.key, min(4, level + int(rng.random() < 0.4)), "")
        for competency, level in _levels(rng, profile, skill, rng.randint(3, 5))
    ]
    rating = RatingSession(
        person_id=person.id, rater_id=person.id, context="self", comment="", created_at=at
    )
    record_rating(session, rating, levels)
