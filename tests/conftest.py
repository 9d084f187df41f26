"""Fixtures: a fresh, migrated database per test (SQLite by default, PostgreSQL when
TRAINER_TEST_DATABASE_URL is set), an app, a client and people to sign in as."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

os.environ.setdefault("TRAINER_SECRET_KEY", "test-secret-key")

from trainer import create_app  # noqa: E402
from trainer.db import db  # noqa: E402

TEST_URL = os.environ.get("TRAINER_TEST_DATABASE_URL", "")
PASSWORD = "correct-horse-battery"


def pytest_collection_modifyitems(config, items):
    """A test marked `no_database` reads no database, so it runs once: in the SQLite run.

    The mark is refused on a test that asks for a database, so a test that reads one always
    runs on both.
    """
    free = [item for item in items if item.get_closest_marker("no_database")]
    for item in free:
        if "template_database" in getattr(item, "fixturenames", ()):
            raise pytest.UsageError(f"{item.nodeid} is marked no_database but uses a database")
    if TEST_URL and free:
        config.hook.pytest_deselected(items=free)
        items[:] = [item for item in items if not item.get_closest_marker("no_database")]


def _admin_engine(url: str):
    return create_engine(make_url(url), isolation_level="AUTOCOMMIT")


def _migrate_and_load(url: str, instance: Path) -> None:
    """Build a database with the schema and the bundled content, to copy per test."""
    from trainer.cli import initialise

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True})
    app.instance_path = str(instance)
    with app.app_context():
        initialise(demo=False)
        db.engine.dispose()


@pytest.fixture(scope="session")
def template_database(tmp_path_factory) -> Iterator[str]:
    """The migrated template: a SQLite file, or a PostgreSQL database named for this run."""
    instance = tmp_path_factory.mktemp("instance")
    if not TEST_URL:
        path = tmp_path_factory.mktemp("db") / "template.db"
        _migrate_and_load(f"sqlite:///{path}", instance)
        yield str(path)
        return
    name = f"trainer_tpl_{uuid.uuid4().hex[:8]}"
    admin = _admin_engine(TEST_URL)
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        _migrate_and_load(make_url(TEST_URL).set(database=name).render_as_string(False), instance)
        yield name
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def copy_of(template: str, folder: Path) -> Iterator[tuple[str, str]]:
    """A fresh copy of a template database: (its URL, its file or database name)."""
    if not TEST_URL:
        path = folder / f"trainer-{uuid.uuid4().hex[:8]}.db"  # two copies may share a folder
        shutil.copy(template, path)
        yield f"sqlite:///{path}", str(path)
        return
    name = f"trainer_t_{uuid.uuid4().hex[:10]}"
    admin = _admin_engine(TEST_URL)
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    try:
        yield make_url(TEST_URL).set(database=name).render_as_string(False), name
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def database_url(template_database, tmp_path) -> Iterator[str]:
    """A fresh copy of the template database for one test."""
    with copy_of(template_database, tmp_path) as (url, _):
        yield url


DEMO_CONFIG = {"RATELIMIT_ENABLED": False, "DEMO_COHORT": False}  # the cohort: tests/analysis


@pytest.fixture(scope="session")
def demo_template(template_database, tmp_path_factory) -> Iterator[str]:
    """The template after `trainer init --demo` (without the past cohort), built once a run:
    the demo's four months of history take long to make, and most journeys start from it."""
    from trainer.cli import initialise

    folder = tmp_path_factory.mktemp("demo")
    with copy_of(template_database, folder) as (url, handle):
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True, **DEMO_CONFIG})
        app.instance_path = str(folder / "instance")
        with app.app_context():
            initialise(demo=True)
            db.session.remove()
            db.engine.dispose()
        yield handle


@pytest.fixture
def demo_database_url(demo_template, tmp_path) -> Iterator[str]:
    """A fresh copy of the demo database for one test."""
    with copy_of(demo_template, tmp_path) as (url, _):
        yield url


@pytest.fixture
def app(database_url, tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "SERVER_NAME": "trainer.test",
        }
    )
    app.instance_path = str(tmp_path / "instance")
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def make_user(app):
    """Create a person: make_user("manager", name="Mo") returns the User."""
    from trainer.people.store import create_user

    def make(
        role: str = "learner",
        *,
        name: str | None = None,
        email: str | None = None,
        team_id: int | None = None,
        profile_key: str | None = None,
    ):
        user = create_user(
            db.session,
            email=email or f"{role}-{uuid.uuid4().hex[:6]}@example.com",
            name=name or role.title(),
            role=role,
            password=PASSWORD,
            team_id=team_id,
            profile_key=profile_key,
        )
        db.session.commit()
        return user

    return make


@pytest.fixture
def login(client):
    """Sign `user` in on the test client."""

    def sign_in(user, password: str = PASSWORD):
        response = client.post("/login", data={"email": user.email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)
        return user

    return sign_in


@pytest.fixture
def demo_app(demo_database_url, tmp_path):
    """An app on a database with the demo accounts and history, as `trainer init --demo` leaves
    it (without the past cohort behind the analysis pages, which tests/analysis builds)."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": demo_database_url, **DEMO_CONFIG})
    app.instance_path = str(tmp_path / "instance")
    with app.app_context():
        try:
            yield app
        finally:
            db.session.remove()
            db.engine.dispose()
