"""Every table, imported in one place so migrations and create_app see them all."""

from trainer.assessments.models import Attempt, Regrade, Response
from trainer.assignments.models import Assignment
from trainer.auditlog.models import AuditEvent
from trainer.auth.models import SignIn, Team, User
from trainer.competencies.models import Competency, ProfileRequirement, RoleProfile
from trainer.content.audit import ContentChange
from trainer.content.models import ContentVersion
from trainer.evidence.models import Evidence
from trainer.rubrics.models import CompetencyRating, RatingSession, ReviewRequest
from trainer.scenarios.learning.models import LearnedExample
from trainer.scenarios.models import ScenarioRun
from trainer.screening.models import (
    Candidate,
    CandidateAnswer,
    EventShare,
    ScreeningEvent,
    SelfIdentification,
)
from trainer.submissions.models import Submission

__all__ = [
    "Assignment",
    "Attempt",
    "AuditEvent",
    "Candidate",
    "CandidateAnswer",
    "Competency",
    "CompetencyRating",
    "ContentChange",
    "ContentVersion",
    "EventShare",
    "Evidence",
    "LearnedExample",
    "ProfileRequirement",
    "RatingSession",
    "Regrade",
    "Response",
    "ReviewRequest",
    "RoleProfile",
    "ScenarioRun",
    "ScreeningEvent",
    "SelfIdentification",
    "SignIn",
    "Submission",
    "Team",
    "User",
]
