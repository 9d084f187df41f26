"""The job fair: a recruiter creates an event, a candidate on a phone signs up and finishes, the
recruiter sees them ranked; the booth kiosk clears and the back button shows nothing of anyone."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import check_accessibility, sign_in
from tests.browser.test_quizzes import fill

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def take_screening(page: Page, name: str, email: str, answers: int) -> None:
    """Sign up, skip the voluntary step, answer the first `answers` questions and finish."""
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label("I have read the privacy notice").check()
    page.get_by_role("button", name="Start the screening").click()
    expect(page.get_by_role("heading", name="About you (optional)")).to_be_visible()
    page.get_by_role("button", name="Skip this step").click()
    for _ in range(answers):
        fill(page.locator("fieldset.question").first)
        page.get_by_role("button", name="Next").click()
    check_accessibility(page)
    page.get_by_role("button", name="Review and finish").click()
    expect(page.get_by_role("heading", name="Ready to finish?")).to_be_visible()
    check_accessibility(page)
    page.get_by_role("button", name="Finish and send my answers").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()


def test_job_fair_from_event_to_shortlist_and_kiosk(page: Page, browser, live_server):
    sign_in(page, "recruiter@demo.trainer", "demo-recruiter-pass")
    page.get_by_role("link", name="Job fairs").click()
    check_accessibility(page)
    page.get_by_role("link", name="New event").click()
    page.get_by_label("Event name").fill("Autumn career fair")
    page.get_by_label("Date", exact=True).fill("2026-10-14")
    page.get_by_label("Place", exact=True).fill("Engineering building")
    page.get_by_role("button", name="Create event").click()
    expect(page.get_by_role("heading", name="Autumn career fair")).to_be_visible()
    check_accessibility(page)
    link = page.locator("#link-heading + p code").inner_text()

    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    candidate = phone.new_page()
    candidate.goto(link)
    check_accessibility(candidate)
    take_screening(candidate, "Priya Raman", "priya@students.example.edu", answers=6)
    check_accessibility(candidate)
    assert "of 100" not in candidate.content()  # the event shows no result
    phone.close()

    page.reload()
    expect(page.get_by_role("link", name="Priya Raman")).to_be_visible()
    expect(page.locator(".shortlist")).to_contain_text("Cut score 50")

    page.get_by_role("button", name="Open kiosk on this device").click()
    expect(page.get_by_role("heading", name="Autumn career fair")).to_be_visible()
    take_screening(page, "Tomas Berg", "tomas@students.example.edu", answers=2)
    page.get_by_role("link", name="Next person").click()
    expect(page.get_by_label("Your name")).to_have_value("")
    for _ in range(4):
        page.go_back()
        page.wait_for_load_state()
        assert "Tomas" not in page.content()
        assert page.locator("fieldset.question").count() == 0
    page.goto("/screening/events")
    assert "/login" in page.url  # the kiosk signed the recruiter out
