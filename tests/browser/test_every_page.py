"""Every main page of every role, on a phone (390 px) and a laptop (1280 px).

One server with the demo and one browser for the whole module; each role signs in once. Each
page: no sideways scrolling of the page, no serious or critical axe violation, no content key
of the loaded pack in the visible text, and no chart text drawn below 12 px.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from pathlib import Path

import axe_playwright_python
import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select
from werkzeug.serving import make_server

from tests.browser.conftest import BLOCKING
from tests.browser.test_calls import best_answer
from tests.conftest import copy_of
from trainer import create_app
from trainer.assessments.models import Attempt
from trainer.auth.models import Team, User
from trainer.db import db
from trainer.demo import SECOND_TEAM
from trainer.kinds import read_pack
from trainer.rubrics.models import RatingSession, ReviewRequest
from trainer.scenarios.models import ScenarioRun
from trainer.screening.models import Candidate, ScreeningEvent

pytestmark = pytest.mark.browser
AXE_SCRIPT = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
WIDTHS = {"phone": 390, "laptop": 1280}
LOGINS = {
    "learner": ("learner@demo.trainer", "demo-learner-pass"),
    "manager": ("manager@demo.trainer", "demo-manager-pass"),
    "manager2": ("manager2@demo.trainer", "demo-manager2-pass"),
    "admin": ("admin@demo.trainer", "demo-admin-pass"),
    "recruiter": ("recruiter@demo.trainer", "demo-recruiter-pass"),
}
# (role, page name) -> a URL, with {placeholders} filled from the demo's records.
PAGES = {
    ("learner", "dashboard"): "/",
    ("learner", "calls"): "/calls/",
    ("learner", "call brief"): "/calls/hp-inbound-upsell",
    ("learner", "debrief"): "/calls/runs/{run}/debrief",
    ("learner", "quizzes"): "/quizzes/",
    ("learner", "quiz result"): "/quizzes/attempts/{attempt}/result",
    ("learner", "progress"): "/progress/people/{lena}",
    ("learner", "why this level"): "/progress/people/{lena}/why/negotiating",
    ("learner", "my ratings"): "/rubrics/mine",
    ("learner", "framework"): "/framework/",
    ("learner", "role profile"): "/profiles/hp-inside-account-manager",
    ("manager", "dashboard"): "/",
    ("manager", "team progress"): "/progress/team",
    ("manager", "person progress"): "/progress/people/{hannah}",
    ("manager", "rating history"): "/rubrics/people/{hannah}",
    ("manager", "reviews"): "/rubrics/reviews",
    ("manager", "review"): "/rubrics/reviews/{review}",
    ("manager", "agreement"): "/rubrics/agreement",
    ("manager", "observer view"): "/calls/hp-inbound-upsell/observe/{hannah}",
    ("manager", "assignments"): "/assignments/manage/",
    ("manager", "analysis"): "/analysis/",
    ("manager", "learned examples"): "/calls/reviews/learned",
    ("manager2", "dashboard"): "/",
    ("manager2", "blind second rating"): "/rubrics/double/{double}",
    ("admin", "dashboard"): "/",
    ("admin", "people"): "/admin/people/",
    ("admin", "teams"): "/admin/people/teams",
    ("admin", "items"): "/admin/items/",
    ("admin", "team progress"): "/progress/team",
    ("admin", "audit log"): "/admin/audit/",
    ("recruiter", "dashboard"): "/",
    ("recruiter", "role profiles"): "/profiles/",
    ("recruiter", "job fairs"): "/screening/events",
    ("recruiter", "shortlist"): "/screening/events/{event}",
    ("recruiter", "candidate"): "/screening/events/{event}/candidates/{candidate}",
    ("recruiter", "compare"): "/screening/events/{event}/compare?c={candidate}&c={other}",
    ("recruiter", "fairness"): "/screening/events/{event}/fairness",
}
SMALLEST_CHART_TEXT = 12.0
CHART_TEXT_SIZES = """() => [...document.querySelectorAll('main svg text')]
  .filter(t => getComputedStyle(t).display !== 'none' && t.getBBox().width > 0)
  .map(t => [t.textContent.trim(),
             parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a])"""


ENGLISH = {"decision-making"}  # a key that is also a word in the pack's own prose


def _keys() -> set[str]:
    """The pack's keys a person could mistake for text: the hyphenated or underscored ones."""
    pack = read_pack()
    found: set[str] = set()
    for kind in ("competency", "profile", "scenario", "form", "item", "rubric"):
        try:
            found |= set(pack.records_of(kind))
        except KeyError:
            continue
    return {key for key in found if ("-" in key or "_" in key) and key not in ENGLISH}


KEYS = _keys()
KEY_PATTERN = re.compile(
    r"(?<![\w/.-])(" + "|".join(map(re.escape, sorted(KEYS, key=len, reverse=True))) + r")(?![\w-])"
)


@pytest.fixture(scope="module")
def module_database(demo_template, tmp_path_factory) -> Iterator[str]:
    """One copy of the demo database for the whole module."""
    with copy_of(demo_template, tmp_path_factory.mktemp("every-page")) as (url, _):
        yield url


def _job_fair() -> dict[str, int]:
    """The demo job fair and two of its finished candidates."""
    event = db.session.scalar(select(ScreeningEvent.id).order_by(ScreeningEvent.id))
    finished = db.session.scalars(
        select(Candidate.id)
        .where(Candidate.event_id == event, Candidate.submitted_at.is_not(None))
        .order_by(Candidate.id)
        .limit(2)
    ).all()
    return {"event": event, "candidate": finished[0], "other": finished[1]}


def _placeholders() -> dict[str, int]:
    ids = dict(db.session.execute(select(User.email, User.id)).all())
    lena, hannah = ids["learner@demo.trainer"], ids["hannah.begay@team.demo.trainer"]
    dana = ids["manager2@demo.trainer"]
    reviewed = select(RatingSession.source_ref).where(RatingSession.source_ref.is_not(None))
    boise = select(User.id).join(Team, Team.id == User.team_id).where(Team.name == SECOND_TEAM)
    return {
        "lena": lena,
        "hannah": hannah,
        "run": db.session.scalar(
            select(ScenarioRun.id).where(
                ScenarioRun.person_id == lena, ScenarioRun.status == "finished"
            )
        ),
        "attempt": db.session.scalar(
            select(Attempt.id).where(Attempt.person_id == lena, Attempt.status == "submitted")
        ),
        "review": db.session.scalar(
            select(ReviewRequest.id).where(
                ReviewRequest.person_id == hannah, ReviewRequest.source_ref.not_in(reviewed)
            )
        ),
        **_job_fair(),
        "double": db.session.scalar(
            select(RatingSession.id).where(
                RatingSession.context == "observed",
                RatingSession.rater_id != dana,
                RatingSession.person_id.in_(boise),
            )
        ),
    }


@pytest.fixture(scope="module")
def site(module_database, tmp_path_factory) -> Iterator[tuple[str, dict[str, int]]]:
    """The trainer with the demo, served once for the module: (base URL, record ids)."""
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": module_database,
            "RATELIMIT_ENABLED": False,
            "DEMO_COHORT": False,
        }
    )
    app.instance_path = str(tmp_path_factory.mktemp("every-page-instance"))
    try:
        with app.app_context():
            ids = _placeholders()
            db.session.remove()
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        yield f"http://127.0.0.1:{server.server_port}", ids
        server.shutdown()
        thread.join()
    finally:
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(scope="module")
def signed_in(browser, site) -> Iterator[dict[str, Page]]:
    """A page per role, each signed in once."""
    base, _ = site
    pages, contexts = {}, []
    for role, (email, password) in LOGINS.items():
        context = browser.new_context(base_url=base)
        context.add_init_script(script=AXE_SCRIPT)  # once per context, not sent per check
        contexts.append(context)
        pages[role] = page = context.new_page()
        page.goto("/login")
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
    yield pages
    for context in contexts:
        context.close()


def serious_violations(page: Page, contrast: bool = True) -> list[str]:
    """axe-core's serious and critical violations, with axe already loaded by the context."""
    options = {"resultTypes": ["violations"]}
    if not contrast:
        options["rules"] = {"color-contrast": {"enabled": False}}
    results = page.evaluate("options => axe.run(document, options)", options)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results["violations"]
        if v["impact"] in BLOCKING
    ]


def assert_page_is_clear(page: Page, width: int, contrast: bool = True) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth") - width
    assert overflow <= 0, f"{page.url} scrolls {overflow} px sideways at {width} px"
    blocking = serious_violations(page, contrast)
    assert blocking == [], f"{page.url} at {width} px: " + "; ".join(blocking)
    shown = KEY_PATTERN.findall(page.locator("body").inner_text())
    assert shown == [], f"{page.url} shows content keys {sorted(set(shown))} at {width} px"
    small = [
        (t, round(px, 1)) for t, px in page.evaluate(CHART_TEXT_SIZES) if px < SMALLEST_CHART_TEXT
    ]
    assert small == [], f"{page.url} draws chart text below 12 px at {width} px: {small[:5]}"


@pytest.mark.parametrize("role, name", PAGES.keys(), ids=[f"{r}-{n}" for r, n in PAGES])
def test_every_page_is_clear_on_a_phone_and_a_laptop(signed_in, site, role, name):
    _, ids = site
    page = signed_in[role]
    page.set_viewport_size({"width": WIDTHS["phone"], "height": 900})
    response = page.goto(PAGES[role, name].format(**ids))
    assert response is not None and response.status == 200, (
        f"{name}: {response and response.status}"
    )
    assert "/login" not in page.url
    for width in WIDTHS.values():  # one load, laid out at each width in turn
        page.set_viewport_size({"width": width, "height": 900})
        # Colours never change with the width (the media queries only lay out), so the
        # slowest rule, contrast, runs at the first width only.
        assert_page_is_clear(page, width, contrast=width == WIDTHS["phone"])


def test_dashboards_say_what_next_after_a_learner_finishes_a_call(signed_in):
    """The learner plays a call to its end; both dashboards then show it with real figures."""
    scenario = read_pack().records_of("scenario")["hp-lead-handoff"]
    learner = signed_in["learner"]
    learner.set_viewport_size({"width": 390, "height": 844})
    learner.goto(f"/calls/{scenario.key}")
    learner.get_by_role("button", name="Start assessment").click()
    while learner.locator("input[name=step]").count():
        best_answer(learner, scenario)
    expect(learner.get_by_role("heading", level=1)).to_contain_text("Debrief")
    learner.goto("/")
    results = learner.locator("section", has=learner.get_by_role("heading", name="Recent results"))
    expect(results.get_by_role("link", name=scenario.title).first).to_be_visible()
    next_step = learner.locator("section", has=learner.get_by_role("heading", name="Do this next"))
    expect(next_step.get_by_text("Why:")).to_be_visible()
    expect(learner.get_by_text("Readiness", exact=True)).to_be_visible()
    expect(learner.get_by_role("heading", name="Top gaps")).to_be_visible()
    assert_page_is_clear(learner, 390)

    manager = signed_in["manager"]
    manager.set_viewport_size({"width": 1280, "height": 900})
    manager.goto("/")
    for heading in ("Reviews waiting", "Ratings due", "Overdue assignments", "People at risk"):
        expect(manager.get_by_role("heading", name=re.compile(heading))).to_be_visible()
    # The call she just finished takes Lena off the inactive list.
    risks = manager.locator("section", has=manager.get_by_role("heading", name=re.compile("risk")))
    expect(risks.get_by_text("Lena Ortiz: no activity")).to_have_count(0)
    assert_page_is_clear(manager, 1280)
