"""Demo accounts so a first look at the trainer has someone to be, in every role."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from trainer.auth.models import Team, User
from trainer.demo_cohort import build_cohort
from trainer.demo_history import build_history
from trainer.demo_jobfair import build_job_fair
from trainer.people.store import create_user

TEAM = "Inside Sales, Rio Rancho"
PROFILE = "hp-inside-account-manager"

# (role, email, name, password): well-known passwords, printed at start-up; demo use only.
ACCOUNTS = [
    ("admin", "admin@demo.trainer", "Avery Admin", "demo-admin-pass"),
    ("manager", "manager@demo.trainer", "Marcus Reyes", "demo-manager-pass"),
    ("learner", "learner@demo.trainer", "Lena Ortiz", "demo-learner-pass"),
    ("recruiter", "recruiter@demo.trainer", "Rita Chen", "demo-recruiter-pass"),
]


def create_demo_accounts(session: Session, cohort: bool = True) -> list[tuple[str, str, str]]:
    """Create the demo people and team once (and a past cohort); return each login."""
    existing = set(session.scalars(select(User.email)))
    people = {}
    for role, email, name, password in ACCOUNTS:
        if email not in existing:
            people[role] = create_user(
                session,
                email=email,
                name=name,
                role=role,
                password=password,
                profile_key=PROFILE if role == "learner" else None,
            )
    if "manager" in people:
        team = Team(name=TEAM, manager_id=people["manager"].id)
        session.add(team)
        session.flush()
        if "learner" in people:
            people["learner"].team_id = team.id
        # Only with a new team, so running `trainer init` again adds nothing.
        build_history(session, team, people["manager"], people.get("learner"))
        if cohort:
            build_cohort(session, people["manager"])
    if "recruiter" in people:
        build_job_fair(session, people["recruiter"], people.get("manager"))
    return [(role, email, password) for role, email, _, password in ACCOUNTS]


def demo_accounts_exist(session: Session) -> bool:
    """Whether any active demo account (with its published password) can sign in here."""
    emails = [email for _, email, _, _ in ACCOUNTS]
    return session.scalar(select(User.id).where(User.email.in_(emails), User.active)) is not None
