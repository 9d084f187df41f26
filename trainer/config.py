"""Settings: safe defaults, overridden by TRAINER_* environment variables."""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path


def _secret_key(instance: Path) -> str:
    """TRAINER_SECRET_KEY, or a key generated once and kept in the instance folder."""
    if key := os.environ.get("TRAINER_SECRET_KEY"):
        return key
    path = instance / "secret_key"
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def instance_path() -> str | None:
    """TRAINER_INSTANCE_PATH made absolute, or None for Flask's choice.

    Flask picks `instance/` beside the package for a checkout or an editable install, and
    `<prefix>/var/trainer-instance` for a package installed into a virtual environment.
    """
    folder = os.environ.get("TRAINER_INSTANCE_PATH")
    return str(Path(folder).resolve()) if folder else None


def settings(instance: Path) -> dict:
    """The configuration for an app whose instance folder is `instance`."""
    database = os.environ.get("TRAINER_DATABASE_URL") or f"sqlite:///{instance / 'trainer.db'}"
    secure = os.environ.get("TRAINER_SECURE_COOKIES", "") == "1"
    return {
        "SECRET_KEY": _secret_key(instance),
        "SQLALCHEMY_DATABASE_URI": database,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "RATELIMIT_STORAGE_URI": os.environ.get("TRAINER_RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_HEADERS_ENABLED": True,
        # Keeps two deployments (or test runs) that share one Redis from sharing counts.
        "RATELIMIT_KEY_PREFIX": os.environ.get("TRAINER_RATELIMIT_KEY_PREFIX", "trainer"),
        "LOGIN_RATE_LIMIT": os.environ.get("TRAINER_LOGIN_RATE_LIMIT", "10 per minute"),
        "LOGIN_ACCOUNT_RATE_LIMIT": os.environ.get(
            "TRAINER_LOGIN_ACCOUNT_RATE_LIMIT", "20 per hour"
        ),
        "SIGNUP_RATE_LIMIT": os.environ.get(
            "TRAINER_SIGNUP_RATE_LIMIT", "10 per minute; 60 per hour"
        ),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": secure,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": secure,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_DURATION": timedelta(days=14),  # trainer.auth.store.REMEMBER_LIFETIME
        "HSTS_SECONDS": int(os.environ.get("TRAINER_HSTS_SECONDS") or 0),
        "WTF_CSRF_TIME_LIMIT": None,  # a quiz page left open for hours must still submit
        "CONTENT_PACK": os.environ.get("TRAINER_CONTENT_PACK", ""),
        "MAX_CONTENT_LENGTH": 8 * 1024 * 1024,
        # The demo's past intake (trainer/demo_cohort.py): it gives the analysis pages numbers.
        "DEMO_COHORT": os.environ.get("TRAINER_DEMO_COHORT", "1") == "1",
        # One JSON line per request on stderr (docs/deploy.md); `0` turns it off.
        "REQUEST_LOG": os.environ.get("TRAINER_REQUEST_LOG", "1") == "1",
        # The optional AI customer on open call steps (docs/content/scenarios.md); off if unset.
        "LLM_URL": os.environ.get("TRAINER_LLM_URL", ""),
        "LLM_MODEL": os.environ.get("TRAINER_LLM_MODEL", ""),
        "LLM_API_KEY": os.environ.get("TRAINER_LLM_API_KEY", ""),
        "LLM_TIMEOUT": float(os.environ.get("TRAINER_LLM_TIMEOUT") or 8),
        # Model turns per player, counted in RATELIMIT_STORAGE_URI; empty for no limit.
        "LLM_RATE_LIMIT": os.environ.get("TRAINER_LLM_RATE_LIMIT", "60 per hour; 300 per day"),
        # benchmarks/jobfair.py's baseline endpoints; never set in production.
        "BENCH_ENDPOINTS": os.environ.get("TRAINER_BENCH_ENDPOINTS", "") == "1",
    }
