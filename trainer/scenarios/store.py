"""Runs of a call in the database: start, take a move, retry, finish into evidence.

Only moves are stored; every state is `replay`ed from them, so a restarted server or a closed tab
resumes exactly where the call was. Each function changes one run in the caller's transaction;
the caller commits once.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import asdict, replace
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from trainer.content.models import ContentVersion
from trainer.db import now_utc
from trainer.evidence.copying import copying
from trainer.evidence.sources import SourceRef
from trainer.evidence.store import Observation, record
from trainer.rubrics.store import request_review
from trainer.scenarios.engine import apply, may_talk, replay, retry_last
from trainer.scenarios.kinds import scenario_of
from trainer.scenarios.learning.examples import LearnedMatcher, settled
from trainer.scenarios.learning.store import matcher_for
from trainer.scenarios.llm import Voice
from trainer.scenarios.models import ScenarioRun
from trainer.scenarios.schema import Scenario
from trainer.scenarios.state import CallState, EvidenceRecord, Move, ScenarioError

MODES = ("practice", "assessment")  # the ledger weighs each (trainer.evidence.sources)


class StaleMove(ScenarioError):
    """A move for a step the call has already left (back button, second tab, old form)."""


def state_of(run: ScenarioRun) -> CallState:
    return replay(scenario_of(run.content_version), run.moves, _matcher(run))


def _matcher(run: ScenarioRun, session: Session | None = None) -> LearnedMatcher:
    """The phrasings, overruled by what managers' reviews taught before the run began."""
    session = session or object_session(run)
    return matcher_for(session, run.scenario_key, run.started_at or now_utc())


def open_run(session: Session, person_id: int, key: str, mode: str) -> ScenarioRun | None:
    """The person's unfinished run of this call in this mode, if there is one."""
    return session.scalar(
        select(ScenarioRun)
        .where(
            ScenarioRun.person_id == person_id,
            ScenarioRun.scenario_key == key,
            ScenarioRun.mode == mode,
            ScenarioRun.status == "in_progress",
        )
        .order_by(ScenarioRun.id.desc())
        .limit(1)
    )


def begin(
    session: Session, person_id: int, version: ContentVersion, mode: str, seed: int | None = None
) -> ScenarioRun:
    """Resume the open run of this call and mode, or start one on `version`.

    `seed` shuffles and names the choices the run shows; without one it is random and secret.
    """
    if mode not in MODES:
        raise ScenarioError(f"unknown mode {mode!r}")
    run = open_run(session, person_id, version.key, mode)
    if run is None:
        run = ScenarioRun(
            person_id=person_id,
            scenario_key=version.key,
            content_version=version,
            mode=mode,
            seed=secrets.randbits(62) if seed is None else seed,
            moves=[],
        )
        session.add(run)
        session.flush()
    return run


def take(
    session: Session,
    run: ScenarioRun,
    move: Move,
    now: datetime | None = None,
    voice: Voice | None = None,
) -> CallState:
    """Record `move` on the run at `now` (default: the present); a move posted twice counts once.

    On an open step with turns left, `voice` (trainer/scenarios/llm.py) may write the customer's
    reply, which is stored in the move; when it gives none the move completes the step as
    authored. Raises StaleMove for a step the call has left and ScenarioError for a forged or
    malformed move; nothing is written then.
    """
    if run.finished:
        raise StaleMove("this call has ended; its debrief is ready")
    scenario = scenario_of(run.content_version)
    matcher = _matcher(run, session)
    state = replay(scenario, run.moves, matcher)
    if _repeats_last(run.moves, move):
        return state  # a double submit or a reload of the post: already counted
    if move.step in scenario.steps and (
        move.step != state.step or (move.turn is not None and move.turn != state.turn)
    ):
        raise StaleMove("that step was already answered; the call has moved on")
    if voice is not None and _may_ask(scenario, state, move):
        move = replace(move, reply=voice(scenario, state, move.text or ""))
    state = apply(scenario, state, move, matcher)
    now = now or now_utc()
    run.moves = [*run.moves, move.to_dict()]
    run.updated_at = now
    if state.ended:
        _finish(session, run, scenario, state, now)
    return state


def retry(run: ScenarioRun) -> CallState:
    """Practice only: take back the last decision and face that step again."""
    if run.mode != "practice":
        raise ScenarioError("an assessment call is one pass; steps cannot be retried")
    if run.finished:
        raise StaleMove("this call has ended; start it again to practise once more")
    if not run.moves:
        raise StaleMove("there is no decision to take back yet")
    scenario = scenario_of(run.content_version)
    matcher = _matcher(run)
    taken_back = replay(scenario, run.moves, matcher).evidence
    run.moves = retry_last(run.moves)
    state = replay(scenario, run.moves, matcher)
    kept = run.first_tries or []
    seen = {first["step"] for first in kept}
    run.first_tries = kept + [
        asdict(e) for e in taken_back[len(state.evidence) :] if e.step not in seen
    ]
    run.updated_at = now_utc()
    return state


def _may_ask(scenario: Scenario, state: CallState, move: Move) -> bool:
    """A written turn at the open step the call is on, with a turn left for the customer."""
    written = move.choice is None and move.reply is None and bool((move.text or "").strip())
    return written and move.step == state.step and may_talk(scenario, state)


def _repeats_last(moves: list[dict], move: Move) -> bool:
    if not moves or move.turn is None or move.turn != len(moves) - 1:
        return False
    # The stored move may carry the customer's reply; the posted one never does.
    return replace(Move.from_dict(moves[-1]), reply=None) == replace(move, reply=None)


def _finish(
    session: Session, run: ScenarioRun, scenario: Scenario, state: CallState, now: datetime
) -> None:
    """The call ended: write its evidence and queue its free responses for a manager's review,
    except a reply that managers' earlier verdicts already decide, behaviour by behaviour."""
    run.status, run.outcome, run.finished_at = "finished", state.outcome, now
    session.flush()  # the run's id is part of every evidence source id
    copied = {
        d.step: copying(d.text, _shown(scenario, state, d.step))
        for d in state.decisions
        if d.text is not None
    }
    skip = {step for step, found in copied.items() if found.copied}
    record_evidence(session, run, first_tries(run, state), run.finished_at, skip)
    for decision in state.decisions:
        if decision.text is None or settled(decision.matches):
            continue
        step = scenario.steps[decision.step]
        matches = {m.key: m for m in decision.matches}
        found = [b.label for b in step.behaviours if matches[b.key].found]
        missing = [b.label for b in step.behaviours if not matches[b.key].found]
        # What a good answer shows, then the matcher's reading of this one, kept apart.
        guidance = "\n".join(
            [
                "A good answer: " + "; ".join(b.label for b in step.behaviours) + ".",
                "The automatic matcher found: " + ("; ".join(found) or "none of them") + ".",
                *(["It did not find: " + "; ".join(missing) + "."] if missing else []),
            ]
        )
        if decision.step in skip:
            guidance = f"Copied: {copied[decision.step].reason}.\n{guidance}"
        request_review(
            session,
            person_id=run.person_id,
            source_ref=SourceRef.run_step(run.id, decision.step),
            title=f"{scenario.title} · {step.prompt}" if step.prompt else scenario.title,
            response=decision.text,
            competencies=sorted({b.competency for b in step.behaviours}),
            prompt=step.say or step.prompt,
            guidance=guidance,
            created_at=now,
        )


def first_tries(run: ScenarioRun, state: CallState) -> list[EvidenceRecord]:
    """The call's evidence with each retried step's first try in place of the last one."""
    firsts = [EvidenceRecord(**first) for first in run.first_tries or []]
    retried = {first.step for first in firsts}
    return [e for e in state.evidence if e.step not in retried] + firsts


def _shown(scenario: Scenario, state: CallState, step_key: str) -> list[tuple[str, str]]:
    """What the learner could read before writing: the brief, the transcript, the prompt."""
    brief = scenario.brief
    step = scenario.steps[step_key]
    transcript = " ".join(t.text for t in state.transcript if t.speaker != "learner")
    return [
        ("brief", " ".join([scenario.summary, brief.objective, *brief.known_before_call])),
        ("transcript", transcript),
        ("prompt", " ".join(filter(None, [step.say, step.prompt]))),
    ]


def record_evidence(
    session: Session,
    run: ScenarioRun,
    records: Iterable[EvidenceRecord],
    at: datetime,
    copied: set[str] = frozenset(),
) -> None:
    """One ledger row per choice and per behaviour found in a written answer.

    A behaviour the phrase matcher did not find is not written: only a person's review can say
    it is missing. A written answer that copies what the learner was shown earns nothing.
    """
    for seen in records:
        free = seen.needs_review
        if free and (seen.missing or seen.step in copied):
            continue
        observation = Observation(
            seen.competency,
            seen.level,
            score=1.0 if seen.weight > 0 else 0.0,
            weight=1 if free else abs(seen.weight),
            detail=seen.source,
            content_version_id=run.content_version_id,
        )
        kind = "free_response" if free else "scenario"
        source = SourceRef.run_step(run.id, seen.step)
        record(session, run.person_id, source, kind, [observation], at=at, mode=run.mode)
