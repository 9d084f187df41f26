"""What a language model is told when it speaks for the customer, and what of its answer is kept.

Pure: the prompt is built from what the learner can read too (the persona and brief shown before
the call, the conversation so far), never from behaviours, evidence, feedback or best choices.
"""

from __future__ import annotations

import re
import unicodedata

from trainer.scenarios.schema import Scenario
from trainer.scenarios.state import MAX_REPLY, CallState

MAX_TURNS_SHOWN = 24  # the latest turns of the conversation the model reads
MAX_TURN_CHARS = 1200  # of each turn; the call page caps a learner's turn at 2000
_SPACE = re.compile(r"\s+")


def _persona_lines(scenario: Scenario) -> list[str]:
    p = scenario.persona
    fields = [
        ("Industry", p.industry),
        ("Personality", p.personality),
        ("Mood", p.mood),
        ("Goals", "; ".join(p.goals)),
        ("Pain points", "; ".join(p.pain_points)),
        ("Budget", p.budget),
        ("Authority", p.authority),
        ("Responsible for", "; ".join(p.owns)),
    ]
    return [f"- {name}: {value}" for name, value in fields if value]


def system_prompt(scenario: Scenario) -> str:
    """The customer's character and the call's setting, as the learner's brief shows them."""
    p, brief = scenario.persona, scenario.brief
    known = [f"- {fact}" for fact in brief.known_before_call]
    return "\n".join(
        [
            f"You are {p.name}, {p.role} at {p.company}, on a sales call in a training role-play.",
            "Stay in character as the customer. Answer the salesperson's last turn with one",
            "short spoken reply of at most three sentences: no stage directions, no name label.",
            "Do not coach the salesperson, do not mention the training, and do not end the call or",
            "agree to a deal: the conversation goes on after your reply.",
            "",
            "Who you are:",
            *_persona_lines(scenario),
            "",
            f"The call: {scenario.title}. {scenario.summary}",
            f"The salesperson's objective: {brief.objective}",
            *(["What the salesperson knew before the call:", *known] if known else []),
        ]
    )


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def customer_messages(scenario: Scenario, state: CallState, text: str) -> list[dict[str, str]]:
    """The chat messages asking for the customer's answer to `text`, the learner's new turn.

    The customer's lines are the assistant's, the learner's the user's; the coach is left out.
    """
    spoken = [t for t in state.transcript if t.speaker != "coach"][-MAX_TURNS_SHOWN:]
    messages = [{"role": "system", "content": system_prompt(scenario)}]
    for turn in spoken:
        role = "assistant" if turn.speaker == "customer" else "user"
        messages.append({"role": role, "content": _clip(turn.text, MAX_TURN_CHARS)})
    messages.append({"role": "user", "content": _clip(text.strip(), MAX_TURN_CHARS)})
    return messages


def clean_reply(raw: object, name: str = "") -> str | None:
    """The model's answer as one plain line of at most MAX_REPLY characters, or None if it is
    not a usable line (not text, empty, no letters).

    Control characters and runs of whitespace go, and so do a leading "Name:" label and
    wrapping quotes. The text stays plain text: the page escapes it like every other line.
    """
    if not isinstance(raw, str):
        return None
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in raw)
    text = _SPACE.sub(" ", text).strip()
    for label in filter(None, (name, name.split(" ")[0], "Customer")):
        if text.lower().startswith(label.lower() + ":"):
            text = text[len(label) + 1 :].strip()
            break
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        text = text[1:-1].strip()
    if not any(ch.isalpha() for ch in text):
        return None
    if len(text) > MAX_REPLY:
        cut = text[: MAX_REPLY - 1]
        text = (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip() + "…"
    return text
