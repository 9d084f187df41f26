"""The gunicorn command line `trainer serve` runs."""

from __future__ import annotations

import sys
from pathlib import Path


def gunicorn_command(host: str, port: int, workers: str, instance: Path) -> list[str]:
    """gunicorn serving the trainer on host:port, with a control socket of its own.

    gunicorn's control socket defaults to one path per user, so a second server on the same host
    would take it over; one per port inside the instance folder keeps each server's own.
    """
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "--bind",
        f"{host}:{port}",
        "--workers",
        workers,
        "--access-logfile",
        "-",
        "--control-socket",
        str(instance / f"gunicorn-{port}.ctl"),
        "trainer.wsgi:app",
    ]
