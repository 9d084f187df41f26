"""One cache of parsed content, keyed by what a version holds rather than by its row id.

A row id is unique only within one database; the content hash names the content itself, so
two databases (or two test runs) can never see each other's parse of a different body.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from threading import Lock
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from trainer.content.models import ContentVersion

T = TypeVar("T")
LIMIT = 4096  # parsed records kept; the bundled pack holds a few hundred

_parsed: OrderedDict[tuple[str, str], Any] = OrderedDict()
_lock = Lock()


def parsed(version: ContentVersion, parse: Callable[[dict[str, Any]], T]) -> T:
    """The validated model of a stored version, parsed once per distinct content."""
    key = (version.kind, version.content_hash)
    with _lock:
        if key in _parsed:
            _parsed.move_to_end(key)
            return _parsed[key]
    model = parse(version.body)
    with _lock:
        _parsed[key] = model
        if len(_parsed) > LIMIT:
            _parsed.popitem(last=False)
    return model


def cached(kind: str, content_hash: str) -> Any | None:
    """The model already parsed from this content, or None: lets a hot path skip the body."""
    key = (kind, content_hash)
    with _lock:
        if key in _parsed:
            _parsed.move_to_end(key)
            return _parsed[key]
    return None
