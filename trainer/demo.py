"""Demo accounts so a first look at the trainer has someone to be, in every role."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, selectinload
from werkzeug.security import generate_password_hash

from trainer.auth.models import Team, User
from trainer.demo_cohort import build_cohort
from trainer.demo_history import DOMAIN, build_history
from trainer.demo_jobfair import build_job_fair
from trainer.people.store import create_user
from trainer.rubrics.models import RatingSession
from trainer.rubrics.store import record_rating

TEAM = "Inside Sales, Rio Rancho"
SECOND_TEAM = "Inside Sales, Boise"
PROFILE = "hp-inside-account-manager"
# The second manager's people, observed and rated by the first while they covered for her.
NEWCOMERS = [("Jordan Ellis", "microsoft-store-smb-advocate", 0.7), ("Maya Patel", PROFILE, 0.6)]
DOUBLE_RATED = 6  # observed sessions the second manager rated again, blind
SEED = 2311
STRICTER = (-1, -1, -1, 0, 0, 0, 0, 0, 0, 1)  # the second rater's offsets, drawn at random

# (role, email, name, password): well-known passwords, printed at start-up; demo use only.
ACCOUNTS = [
    ("admin", "admin@demo.trainer", "Avery Admin", "demo-admin-pass"),
    ("manager", "manager@demo.trainer", "Marcus Reyes", "demo-manager-pass"),
    ("learner", "learner@demo.trainer", "Lena Ortiz", "demo-learner-pass"),
    ("recruiter", "recruiter@demo.trainer", "Rita Chen", "demo-recruiter-pass"),
    ("manager", "manager2@demo.trainer", "Dana Whitaker", "demo-manager2-pass"),
]
TEAM_PASSWORD = "demo-team-pass"  # every demo team member and past hire (@team.demo.trainer)


def create_demo_accounts(session: Session, cohort: bool = True) -> list[tuple[str, str, str]]:
    """Create the demo people and teams once (and a past cohort); return each login."""
    existing = set(session.scalars(select(User.email)))
    people = {}
    for role, email, name, password in ACCOUNTS:
        if email not in existing:
            people[email] = create_user(
                session,
                email=email,
                name=name,
                role=role,
                password=password,
                profile_key=PROFILE if role == "learner" else None,
            )
    manager, learner = people.get("manager@demo.trainer"), people.get("learner@demo.trainer")
    second = people.get("manager2@demo.trainer")
    if manager is not None:
        team = Team(name=TEAM, manager_id=manager.id)
        session.add(team)
        session.flush()
        if learner is not None:
            learner.team_id = team.id
        # Only with a new team, so running `trainer init` again adds nothing.
        build_history(session, team, manager, learner)
        if cohort:
            build_cohort(session, manager)
        if second is not None:
            _second_manager(session, team, manager, second)
        # One published password for the team and past hires, hashed once: they can sign in.
        session.execute(
            update(User)
            .where(User.email.like(f"%@{DOMAIN}"))
            .values(password_hash=generate_password_hash(TEAM_PASSWORD))
        )
    recruiter = people.get("recruiter@demo.trainer")
    if recruiter is not None:
        build_job_fair(session, recruiter, manager)
    return logins(session)


def logins(session: Session) -> list[tuple[str, str, str]]:
    """(role, email, password) of every demo person who can sign in, past hires as one line."""
    team = session.scalars(
        select(User.email)
        .join(Team, Team.id == User.team_id)
        .where(User.email.like(f"%@{DOMAIN}"), Team.name.in_([TEAM, SECOND_TEAM]))
        .order_by(User.email)
    ).all()
    rows = [(role, email, password) for role, email, _, password in ACCOUNTS]
    rows += [("learner", email, TEAM_PASSWORD) for email in team]
    if session.scalar(select(User.id).where(User.email.like(f"cohort%@{DOMAIN}")).limit(1)):
        rows.append(("learner", f"cohort1..40@{DOMAIN}", TEAM_PASSWORD))
    return rows


def _second_manager(session: Session, team: Team, manager: User, second: User) -> None:
    """A second team, and blind second ratings of the first manager's observed calls.

    The agreement report then has real figures, and the second manager's dashboard offers
    observed calls of their own people that they have not yet rated blind.
    """
    boise = Team(name=SECOND_TEAM, manager_id=second.id)
    session.add(boise)
    session.flush()
    build_history(session, boise, manager, None, learners=NEWCOMERS, seed=SEED)
    rng = random.Random(SEED)
    observed = session.scalars(
        select(RatingSession)
        .join(User, User.id == RatingSession.person_id)
        .where(
            RatingSession.context == "observed",
            RatingSession.rater_id == manager.id,
            User.team_id == team.id,
        )
        .order_by(RatingSession.created_at.desc(), RatingSession.id)
        .options(selectinload(RatingSession.ratings))
    ).all()
    for original in observed[:DOUBLE_RATED]:
        # A slightly stricter rater: a level lower now and then, rarely higher.
        levels = [
            (r.competency_key, max(1, min(4, r.level + rng.choice(STRICTER))), "")
            for r in original.ratings
        ]
        double = RatingSession(
            person_id=original.person_id,
            rater_id=second.id,
            context="double",
            original_id=original.id,
            scenario_key=original.scenario_key,
            comment="Blind second rating for the quarterly calibration.",
            created_at=original.created_at + timedelta(days=1),
        )
        record_rating(session, double, levels)


def demo_accounts_exist(session: Session) -> bool:
    """Whether any active demo account (with its published password) can sign in here."""
    emails = [email for _, email, _, _ in ACCOUNTS]
    published = or_(User.email.in_(emails), User.email.like(f"%@{DOMAIN}"))
    return session.scalar(select(User.id).where(published, User.active).limit(1)) is not None
