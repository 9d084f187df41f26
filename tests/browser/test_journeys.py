"""Each demo role signs in, sees its dashboard, and every page visited passes axe-core."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import check_accessibility, sign_in
from trainer.demo import ACCOUNTS

pytestmark = pytest.mark.browser

HEADINGS = {
    "learner": "Welcome, Lena",
    "manager": "What needs you today",
    "recruiter": "Screening",
    "admin": "Administration",
}


@pytest.mark.parametrize(
    "role, email, password", [(role, email, password) for role, email, _, password in ACCOUNTS]
)
def test_each_demo_role_sees_its_dashboard(page, role, email, password):
    sign_in(page, email, password)
    expect(page.get_by_role("heading", level=1)).to_have_text(HEADINGS[role])
    check_accessibility(page)


def test_learner_browses_framework_and_profile_on_a_phone(page):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, "learner@demo.trainer", "demo-learner-pass")
    page.get_by_role("link", name="Framework", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Competency framework")
    check_accessibility(page)
    page.get_by_role("link", name="Negotiating").first.click()
    expect(page.get_by_text("Extensive Experience").first).to_be_visible()
    check_accessibility(page)
    page.goto("/profiles/")
    page.locator(".card-list h2 a").first.click()
    expect(page.locator("svg.radar")).to_be_visible()
    expect(page.locator(".table .quote").first).to_contain_text("From the posting")
    check_accessibility(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the page scrolls sideways on a phone"


def test_admin_adds_a_person_with_the_keyboard(page):
    sign_in(page, "admin@demo.trainer", "demo-admin-pass")
    page.goto("/admin/people/")
    check_accessibility(page)
    page.get_by_label("Full name").fill("Nia Lopez")
    page.get_by_label("Email", exact=True).fill("nia@example.com")
    page.get_by_label("Role", exact=True).select_option("learner")
    page.get_by_label("Initial password").fill("first-password-1")
    page.get_by_label("Initial password").press("Enter")
    expect(page.get_by_text("Nia Lopez can now sign in")).to_be_visible()
    check_accessibility(page)
