"""A manager reads the team's levels and why one of them is what it is, on a phone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import check_accessibility, sign_in

pytestmark = pytest.mark.browser
CONFIDENCE = re.compile(r"(high|medium|low) \(0\.\d\d\)")


def test_a_manager_sees_levels_with_confidence_and_the_rule_on_a_phone(page: Page, tmp_path):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, "manager@demo.trainer", "demo-manager-pass")
    page.goto("/progress/team")
    expect(page.locator("table.heatmap")).to_be_visible()
    check_accessibility(page)
    page.screenshot(path=str(tmp_path / "team.png"), full_page=True)
    page.locator("table.heatmap td a").first.click()
    expect(page.get_by_role("heading", name="The rule, level by level")).to_be_visible()
    check_accessibility(page)
    assert "Chance of mastery" in page.content()
    page.goto(page.url.split("/why/")[0])
    table = page.locator("table").first.inner_text()
    assert CONFIDENCE.search(table), table
    assert "Not enough evidence" in page.content()
    check_accessibility(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400
    page.screenshot(path=str(tmp_path / "person.png"), full_page=True)
