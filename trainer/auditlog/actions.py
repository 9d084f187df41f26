"""What the audit log records: each action's key and the words people read for it."""

from __future__ import annotations

ACTIONS: dict[str, str] = {
    "sign-in": "Signed in",
    "sign-in-failed": "Sign-in refused",
    "sign-out": "Signed out",
    "password-change": "Changed their password",
    "sign-out-everywhere": "Signed someone out everywhere",
    "person-create": "Added a person",
    "person-deactivate": "Deactivated a person",
    "person-activate": "Reactivated a person",
    "team-create": "Added a team",
    "rating": "Rated a person",
    "review": "Reviewed a written answer",
    "double-rating": "Rated an observation blind",
    "content-status": "Changed an item's status",
    "content-import": "Imported questions",
    "export": "Exported data",
    "candidate-status": "Changed a candidate's status",
    "candidate-extra-time": "Gave a candidate extra time",
    "event-create": "Created a screening event",
    "event-share": "Shared a screening event",
    "event-unshare": "Stopped sharing a screening event",
    "candidate-erase": "Candidate erased their data",
    "candidate-purge": "Erased candidates past retention",
}

MAX_DETAIL = 500


def label(action: str) -> str:
    """The words for an action; an action from a newer version shows as its key."""
    return ACTIONS.get(action, action)


def clip(detail: str) -> str:
    """One line of detail, never longer than the column."""
    flat = " ".join(detail.split())
    return flat if len(flat) <= MAX_DETAIL else flat[: MAX_DETAIL - 1] + "…"
