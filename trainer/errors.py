"""What the features' domain errors share, so that one handler answers them all.

A feature derives its error type (`ScenarioError`, ...) from `Refused` and raises it from its
logic; a view that writes declares with `@returns_to` the page a refused or stale write sends the
person back to. The site's handler (`trainer.web`) rolls the session back, says why and redirects
there, so views need no try/commit/rollback blocks. Pure: no Flask, no database.
"""

from __future__ import annotations

from collections.abc import Callable


class Refused(Exception):
    """The domain refused a change; nothing was written and the message says why."""


def returns_to(endpoint: str, anchor: str | None = None) -> Callable:
    """Declare the page a refused write goes back to; it takes the view's URL values it needs."""

    def mark(view: Callable) -> Callable:
        view.returns_to = (endpoint, anchor)
        return view

    return mark
