"""One JSON line per request, and the request id it carries (pure: plain values in and out)."""

from __future__ import annotations

import json
import re
import uuid
from datetime import datetime

# A proxy's id is kept only when it is short and plain, so a header cannot forge log lines.
_SAFE_ID = re.compile(r"[A-Za-z0-9._:-]{8,64}")


def request_id(incoming: str | None) -> str:
    """The id a load balancer sent in X-Request-Id when it is safe to log, else a new one."""
    if incoming and _SAFE_ID.fullmatch(incoming):
        return incoming
    return uuid.uuid4().hex


def request_line(
    *,
    at: datetime,
    request_id: str,
    method: str,
    path: str,
    status: int,
    duration_ms: float,
    user_id: int | None,
    remote: str | None,
    size: int | None,
) -> str:
    """The log line: no query string, cookie or form field, so no token or answer is logged."""
    return json.dumps(
        {
            "time": at.isoformat(timespec="milliseconds"),
            "request_id": request_id,
            "method": method,
            "path": path,
            "status": status,
            "duration_ms": round(duration_ms, 1),
            "user_id": user_id,
            "remote": remote,
            "bytes": size,
        },
        ensure_ascii=True,  # a path with a newline or other characters stays one line
    )
