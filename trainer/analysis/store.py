"""Changes the analysis pages make: an item retired or sent back to draft, with its audit row."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from trainer.auth.models import User
from trainer.content.audit import STATUS_CHANGES, ContentChange
from trainer.content.models import ContentVersion
from trainer.content.pack import body_hash
from trainer.content.store import current_version
from trainer.errors import Refused

REASON_LIMIT = 500


class StatusRefused(Refused):
    """The item's status cannot change this way; the message says why."""


def change_status(session: Session, key: str, status: str, reason: str, by: User) -> ContentChange:
    """A new version of the item with `status`, and the audit row that records it."""
    if status not in STATUS_CHANGES:
        raise StatusRefused(f"{status!r} is not a status; use one of {', '.join(STATUS_CHANGES)}")
    reason = reason.strip()
    if not reason:
        raise StatusRefused("say why: the reason is kept in the audit of content changes")
    if len(reason) > REASON_LIMIT:
        raise StatusRefused(f"keep the reason under {REASON_LIMIT} characters")
    latest = current_version(session, "item", key)
    if latest is None:
        raise StatusRefused(f"there is no item {key!r}")
    if latest.body.get("status", "live") == status:
        raise StatusRefused(f"{key} is already {status}")
    body = {**latest.body, "status": status}
    version = ContentVersion(
        kind="item",
        key=key,
        version=latest.version + 1,
        content_hash=body_hash(body),
        body=body,
        competencies=list(latest.competencies),
        pack=latest.pack,
    )
    session.add(version)
    session.flush()
    change = ContentChange(
        kind="item",
        key=key,
        from_version_id=latest.id,
        to_version_id=version.id,
        status=status,
        reason=reason,
        changed_by_id=by.id,
    )
    session.add(change)
    session.flush()
    return change


def changes_of(session: Session, keys: list[str]) -> list[ContentChange]:
    """The audit rows of these items, newest first."""
    return list(
        session.scalars(
            select(ContentChange)
            .where(ContentChange.key.in_(keys))
            .order_by(ContentChange.created_at.desc(), ContentChange.id.desc())
        )
    )
