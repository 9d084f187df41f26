"""Browser journeys: a real server on 127.0.0.1 and Debian's headless Chromium."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, sync_playwright
from werkzeug.serving import make_server

from tests.conftest import DEMO_CONFIG
from trainer import create_app
from trainer.db import db

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
BLOCKING = {"serious", "critical"}
NAVIGATION_RETRIES = 3
NAVIGATION_ERRORS = ("reading 'documentElement'", "Execution context was destroyed")


@pytest.fixture(scope="session")
def browser() -> Iterator:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def live_server(demo_database_url, tmp_path) -> Iterator[str]:
    """The trainer with demo accounts, served on a free port; yields its base URL."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": demo_database_url, **DEMO_CONFIG})
    app.instance_path = str(tmp_path / "instance")
    try:
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        yield f"http://127.0.0.1:{server.server_port}"
        server.shutdown()
        thread.join()
    finally:
        with app.app_context():
            db.engine.dispose()


@pytest.fixture
def page(browser, live_server) -> Iterator[Page]:
    context = browser.new_context(base_url=live_server)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    yield page
    context.close()
    assert errors == [], f"the browser console reported errors: {errors}"


def check_accessibility(page: Page) -> None:
    """Fail on serious or critical axe-core violations on the current page.

    A click that follows a link returns before the next page has loaded, and axe run on a
    document being replaced finds no document at all; so the check waits for the page to
    load and, if a navigation still replaced the document under axe, checks the new one.
    """
    for attempt in range(NAVIGATION_RETRIES):
        page.wait_for_load_state()
        try:
            results = Axe().run(page)
            break
        except PlaywrightError as error:
            if attempt == NAVIGATION_RETRIES - 1 or not _navigated_away(error):
                raise
    blocking = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in BLOCKING
    ]
    assert blocking == [], f"{page.url}: " + "; ".join(blocking)


def _navigated_away(error: PlaywrightError) -> bool:
    return any(sign in str(error) for sign in NAVIGATION_ERRORS)


def sign_in(page: Page, email: str, password: str) -> None:
    page.goto("/login")
    check_accessibility(page)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
