"""The trainer: sales skills practice, assessment and competency scoring."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent


def shipped_folder(name: str) -> Path:
    """templates/ or static/: inside an installed package, else at the checkout's top level.

    A wheel carries them as `trainer/templates` and `trainer/static` (see setup.py); an editable
    install and a plain checkout read them where the repository keeps them.
    """
    installed = Path(str(files("trainer") / name))
    return installed if installed.is_dir() else ROOT / name


def create_app(config: dict | None = None) -> Flask:
    """Build the application: settings, extensions, blueprints."""
    from trainer.config import instance_path, settings

    app = Flask(
        __name__,
        template_folder=shipped_folder("templates"),
        static_folder=shipped_folder("static"),
        instance_path=instance_path(),
        instance_relative_config=True,
    )

    app.config.update(settings(Path(app.instance_path)))
    app.config.update(config or {})

    from trainer import models, web  # noqa: F401  (models: every table, for migrations)
    from trainer.auth import login
    from trainer.db import db
    from trainer.extensions import csrf, limiter, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(__file__).parent / "migrations"))
    login.init_app(app)  # access rules run before CSRF, so a wrong role is a 403 and not a 400
    web.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)

    from trainer.analysis.views import bp as analysis_bp
    from trainer.assessments import figure_views, staff_views  # noqa: F401  (join assessments_bp)
    from trainer.assessments.importers.views import bp as item_admin_bp
    from trainer.assessments.views import bp as assessments_bp
    from trainer.assignments.views import bp as assignments_bp
    from trainer.auth.views import bp as auth_bp
    from trainer.competencies.views import bp as competencies_bp
    from trainer.dashboard.views import bp as dashboard_bp
    from trainer.people.audit_views import bp as audit_bp
    from trainer.people.views import bp as people_bp
    from trainer.reports.views import bp as reports_bp
    from trainer.rubrics.views import bp as rubrics_bp
    from trainer.scenarios.review_views import bp as call_reviews_bp
    from trainer.scenarios.views import bp as scenarios_bp
    from trainer.screening import report_views  # noqa: F401  (joins screening_bp)
    from trainer.screening.candidate_views import bp as candidate_bp
    from trainer.screening.views import bp as screening_bp

    for blueprint in (
        auth_bp,
        dashboard_bp,
        competencies_bp,
        people_bp,
        audit_bp,
        assignments_bp,
        rubrics_bp,
        scenarios_bp,
        call_reviews_bp,
        assessments_bp,
        item_admin_bp,
        reports_bp,
        analysis_bp,
        screening_bp,
        candidate_bp,
    ):
        app.register_blueprint(blueprint)
    return app
