"""Build a large, believable population for the report benchmarks, fast (bulk inserts)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from trainer.auth.models import Team, User
from trainer.competencies.models import Competency, ProfileRequirement, RoleProfile
from trainer.evidence.models import Evidence

SOURCES = [("item", 0.55), ("scenario", 0.3), ("rubric", 0.1), ("self", 0.05)]
AS_OF = datetime(2026, 11, 1, tzinfo=UTC)


def build(session: Session, people: int, evidence_each: int, team_size: int = 100,
          seed: int = 7) -> dict:
    """Add `people` learners in teams of `team_size`, each with `evidence_each` records."""
    rng = random.Random(seed)
    profile = session.scalars(select(RoleProfile).order_by(RoleProfile.key)).first()
    keys = list(session.scalars(
        select(Competency.key).join(ProfileRequirement).where(
            ProfileRequirement.profile_id == profile.id)))
    manager = User(email=f"bench-manager-{seed}@example.com", name="Bench Manager",
                   role="manager", password_hash="x")
    session.add(manager)
    session.flush()
    teams = []
    for number in range((people + team_size - 1) // team_size):
        team = Team(name=f"Bench team {seed}-{number}", manager_id=manager.id)
        session.add(team)
        teams.append(team)
    session.flush()
    users = [{"email": f"bench-{seed}-{i}@example.com", "name": f"Learner {i:05d}",
              "role": "learner", "password_hash": "x", "active": True,
              "team_id": teams[i // team_size].id, "profile_key": profile.key,
              "time_factor": 1.0, "created_at": AS_OF} for i in range(people)]
    for chunk in range(0, len(users), 5000):
        session.execute(insert(User), users[chunk:chunk + 5000])
    ids = list(session.scalars(select(User.id).where(User.email.like(f"bench-{seed}-%"))
                               .order_by(User.id)))
    _evidence(session, rng, ids, keys, evidence_each)
    return {"profile": profile.key, "teams": [t.id for t in teams], "manager": manager.id,
            "people": ids}


def _evidence(session: Session, rng: random.Random, ids: list[int], keys: list[str],
              each: int) -> None:
    kinds, weights = zip(*SOURCES, strict=True)
    batch = []
    for person in ids:
        ability = {key: rng.uniform(0.8, 3.8) for key in keys}
        for _ in range(each):
            key = rng.choice(keys)
            level = rng.randint(1, 4)
            correct = rng.random() < 1 / (1 + 2.7 ** (level - ability[key]))
            batch.append({
                "person_id": person, "competency_key": key, "level": level,
                "score": 1.0 if correct else 0.0, "weight": 1.0,
                "source_kind": rng.choices(kinds, weights)[0], "source_id": "bench",
                "detail": "", "recorded_at": AS_OF - timedelta(days=rng.randint(0, 180)),
            })
        if len(batch) >= 20000:
            session.execute(insert(Evidence), batch)
            batch = []
    if batch:
        session.execute(insert(Evidence), batch)
