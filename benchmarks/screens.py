"""Screenshots of each role's main pages on a phone and a laptop, for docs/screens/.

    python -m benchmarks.screens [--out docs/screens]

Builds a throwaway SQLite database with the demo (no past cohort), serves it on a free port and
drives Debian's Chromium. Not part of the test run; rerun it when the pages change. Each image is
the first screenful (900 px high) at one device pixel per CSS pixel, so the PNGs stay small.
"""

from __future__ import annotations

import argparse
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright
from sqlalchemy import select
from werkzeug.serving import make_server

from trainer import create_app
from trainer.db import db

CHROMIUM = "/usr/bin/chromium"
WIDTHS = {"phone": 390, "laptop": 1280}
HEIGHT = 900
# (file name, role's email, password, path); {ids} are filled from the demo's records.
SHOTS = [
    ("learner-dashboard", "learner@demo.trainer", "demo-learner-pass", "/"),
    ("learner-progress", "learner@demo.trainer", "demo-learner-pass", "/progress/"),
    ("learner-debrief", "learner@demo.trainer", "demo-learner-pass", "/calls/runs/{run}/debrief"),
    ("manager-dashboard", "manager@demo.trainer", "demo-manager-pass", "/"),
    ("manager-team", "manager@demo.trainer", "demo-manager-pass", "/progress/team"),
    (
        "manager-observer",
        "manager@demo.trainer",
        "demo-manager-pass",
        "/calls/hp-inbound-upsell/observe/{hannah}",
    ),
    ("manager-agreement", "manager@demo.trainer", "demo-manager-pass", "/rubrics/agreement"),
    ("admin-people", "admin@demo.trainer", "demo-admin-pass", "/admin/people/"),
    ("recruiter-dashboard", "recruiter@demo.trainer", "demo-recruiter-pass", "/"),
]


def _ids() -> dict[str, int]:
    from trainer.auth.models import User
    from trainer.scenarios.models import ScenarioRun

    lena = db.session.scalar(select(User.id).where(User.email == "learner@demo.trainer"))
    hannah = db.session.scalar(select(User.id).where(User.email.like("hannah.begay@%")))
    run = db.session.scalar(
        select(ScenarioRun.id)
        .where(ScenarioRun.person_id == lena, ScenarioRun.status == "finished")
        .order_by(ScenarioRun.finished_at.desc())
    )
    return {"hannah": hannah, "run": run}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/screens"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    from trainer.cli import initialise

    with tempfile.TemporaryDirectory() as folder:
        config = {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/trainer.db",
            "RATELIMIT_ENABLED": False,
            "DEMO_COHORT": False,
        }
        app = create_app(config)
        app.instance_path = folder
        with app.app_context():
            initialise(demo=True)
            ids = _ids()
            db.session.remove()
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            _shoot(f"http://127.0.0.1:{server.server_port}", ids, args.out)
        finally:
            server.shutdown()


def _shoot(base: str, ids: dict[str, int], out: Path) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox"], headless=True
        )
        contexts = {}
        for name, email, password, path in SHOTS:
            if email not in contexts:
                context = browser.new_context(base_url=base, device_scale_factor=1)
                page = context.new_page()
                page.goto("/login")
                page.get_by_label("Email").fill(email)
                page.get_by_label("Password").fill(password)
                page.get_by_role("button", name="Sign in").click()
                page.wait_for_load_state()
                contexts[email] = page
            page = contexts[email]
            for device, width in WIDTHS.items():
                page.set_viewport_size({"width": width, "height": HEIGHT})
                page.goto(path.format(**ids))
                target = out / f"{name}-{device}.png"
                page.screenshot(path=str(target), type="png")
                print(f"{target}  {target.stat().st_size // 1024} KB")
        browser.close()


if __name__ == "__main__":
    main()
