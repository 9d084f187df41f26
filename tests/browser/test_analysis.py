"""An admin finds a weak item in the analysis, reads its distractors and retires it; axe on each
page, and the item table fits a phone by scrolling inside its own frame."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import check_accessibility, sign_in

pytestmark = pytest.mark.browser


def test_admin_sorts_drills_down_and_retires_an_item(page: Page):
    sign_in(page, "admin@demo.trainer", "demo-admin-pass")
    page.get_by_role("link", name="Analysis").first.click()
    check_accessibility(page)
    page.get_by_role("link", name="Negotiation: practice quiz").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("negotiation-practice")
    expect(page.locator("svg.histogram")).to_be_visible()
    check_accessibility(page)
    page.get_by_role("link", name="Facility").click()
    expect(page.locator("th[aria-sort]")).to_contain_text("Facility")
    page.locator("tbody th a").first.click()
    check_accessibility(page)
    page.get_by_label("New status").select_option("retired")
    page.get_by_label("Why").fill("Everyone gets it right; it tells us nothing.")
    page.get_by_role("button", name="Change status").click()
    expect(page.get_by_text("is now retired")).to_be_visible()
    expect(page.get_by_text("it tells us nothing")).to_be_visible()
    check_accessibility(page)


def test_the_form_analysis_fits_a_phone(page: Page):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, "manager@demo.trainer", "demo-manager-pass")
    page.goto("/analysis/forms/value-selling-practice")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    check_accessibility(page)
