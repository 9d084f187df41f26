"""The steps of a role-play call: what the customer says and what the learner can do.

A step's kind comes from the fields present (the YAML has no `kind` field): `outcome`
makes an ending, `choices` a choice, `behaviours` a free response, `when` a branch, otherwise
a customer line.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal

from pydantic import Discriminator, Field, Tag, field_validator, model_validator

from trainer.content.schema import Key, Text
from trainer.content.validation import ContentModel

StepKey = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=80)]
Stat = Literal["rapport", "sentiment", "deal_value", "minutes"]
DEFAULT_PROMPT = "What do you say?"


class Evidence(ContentModel):
    competency: Key
    level: int
    weight: Annotated[int, Field(ge=-3, le=3)]

    @field_validator("weight")
    @classmethod
    def _not_zero(cls, weight: int) -> int:
        if weight == 0:
            raise ValueError("weight must not be 0 (use 1..3 for, -1..-3 against)")
        return weight


class Effects(ContentModel):
    rapport: int = 0
    sentiment: int = 0
    deal_value: int = 0
    minutes: Annotated[int, Field(ge=0)] = 0


class Choice(ContentModel):
    text: Text
    best: bool = False
    # Defaults that fail validation give an author "needs feedback" rather than "Field required".
    evidence: list[Evidence] = Field(default_factory=list, validate_default=True)
    feedback: str = Field("", validate_default=True)
    reply: str = ""
    effects: Effects = Effects()
    next: StepKey

    @field_validator("evidence")
    @classmethod
    def _has_evidence(cls, evidence: list[Evidence]) -> list[Evidence]:
        if not evidence:
            raise ValueError("a choice needs at least one evidence entry")
        return evidence

    @field_validator("feedback")
    @classmethod
    def _has_feedback(cls, feedback: str) -> str:
        if not feedback:
            raise ValueError("a choice needs coaching feedback")
        return feedback


class Behaviour(ContentModel):
    """What a free response should show. `examples` are answers that show it and `near_misses`
    answers that use its words without showing it; `content validate` runs both through the
    matcher, so a behaviour's definition is tested before learners meet it."""

    key: Key
    label: Text
    competency: Key
    level: int
    phrasings: list[Text] = Field(min_length=1)
    examples: list[Text] = []
    near_misses: list[Text] = []


class OpenTalk(ContentModel):
    """A free step the customer may answer in their own words (docs/content/scenarios.md).

    With a language model configured, the learner writes up to `turns` times at the step and the
    model speaks for the customer in between; without one the step is an ordinary free step.
    """

    turns: Annotated[int, Field(ge=2, le=5)] = 2


class BranchRule(ContentModel):
    stat: Stat
    below: int | None = None
    at_least: int | None = None
    next: StepKey

    @model_validator(mode="after")
    def _one_test(self) -> BranchRule:
        if (self.below is None) == (self.at_least is None):
            raise ValueError("a rule needs exactly one of below or at_least")
        return self

    def holds(self, value: int) -> bool:
        return value < self.below if self.below is not None else value >= (self.at_least or 0)


class CustomerStep(ContentModel):
    kind: ClassVar[str] = "customer"
    say: Text
    next: StepKey


class ChoiceStep(ContentModel):
    kind: ClassVar[str] = "choice"
    say: str = ""
    prompt: Text = DEFAULT_PROMPT
    choices: list[Choice]

    @field_validator("choices")
    @classmethod
    def _two_to_four_one_best(cls, choices: list[Choice]) -> list[Choice]:
        if not 2 <= len(choices) <= 4:
            raise ValueError(f"a choice step needs 2-4 choices, not {len(choices)}")
        best = sum(choice.best for choice in choices)
        if best != 1:
            raise ValueError(f"exactly one choice must have best: true, not {best}")
        return choices


class FreeStep(ContentModel):
    kind: ClassVar[str] = "free"
    say: str = ""
    prompt: Text = DEFAULT_PROMPT
    behaviours: list[Behaviour] = Field(min_length=1)
    effects: Effects = Effects()
    open: OpenTalk | None = None
    next: StepKey


class BranchStep(ContentModel):
    kind: ClassVar[str] = "branch"
    when: list[BranchRule] = Field(min_length=1)
    next: StepKey


class EndingStep(ContentModel):
    kind: ClassVar[str] = "ending"
    say: str = ""
    outcome: Literal["won", "advanced", "stalled", "lost"]
    title: Text
    debrief: Text


STEP_MODELS: dict[str, type[ContentModel]] = {
    model.kind: model for model in (CustomerStep, ChoiceStep, FreeStep, BranchStep, EndingStep)
}
MARKERS = {"outcome": "ending", "choices": "choice", "behaviours": "free", "when": "branch"}


def step_kinds(raw: dict[str, Any]) -> list[str]:
    """The kinds a raw step claims by its fields: none of the markers means a customer line."""
    return [kind for field, kind in MARKERS.items() if field in raw] or ["customer"]


def _discriminate(value: Any) -> str | None:
    if isinstance(value, dict):
        kinds = step_kinds(value)
        return kinds[0] if len(kinds) == 1 else None
    return getattr(value, "kind", None)


Step = Annotated[
    Annotated[CustomerStep, Tag("customer")]
    | Annotated[ChoiceStep, Tag("choice")]
    | Annotated[FreeStep, Tag("free")]
    | Annotated[BranchStep, Tag("branch")]
    | Annotated[EndingStep, Tag("ending")],
    Discriminator(_discriminate),
]
