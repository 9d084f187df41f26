"""The competencies' content kinds: competencies and role profiles."""

from __future__ import annotations

from trainer.competencies.schema import CompetencyDef, ProfileDef
from trainer.competencies.store import sync_competency, sync_profile
from trainer.content.kinds import ContentKind, Records, read_one
from trainer.content.models import ContentVersion
from trainer.content.parsed import parsed
from trainer.content.problems import Problem
from trainer.content.source import Document
from trainer.content.validation import PackKeys, validate


def read_profile(
    doc: Document, keys: PackKeys, records: Records
) -> tuple[list[ProfileDef], list[Problem]]:
    """Validate a role profile, the competencies it requires and, when it names a posting,
    the posting's words each requirement quotes."""
    profile, problems = validate(ProfileDef, doc)
    if profile is None:
        return [], problems
    for i, requirement in enumerate(profile.requirements):
        # A competency whose own file is invalid is reported there, not again here.
        if requirement.competency not in keys.competencies:
            message = f"requirements.{i}.competency: unknown competency {requirement.competency!r}"
            problems.append(doc.problem(("requirements", i, "competency"), message))
        if profile.posting and not requirement.quote:
            message = (
                f"requirements.{i}.quote: a profile taken from a posting quotes the posting's "
                "sentence each requirement comes from"
            )
            problems.append(doc.problem(("requirements", i), message))
    return [profile], problems


COMPETENCY = ContentKind(
    "competency",
    "competencies",
    read_one(CompetencyDef),
    on_load=sync_competency,
    one_per_file=True,
)
PROFILE = ContentKind("profile", "profiles", read_profile, on_load=sync_profile, one_per_file=True)


def profile_of(version: ContentVersion) -> ProfileDef:
    """The validated profile of a stored version, parsed once per distinct content."""
    return parsed(version, ProfileDef.model_validate)
