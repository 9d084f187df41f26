"""A manager rates a live role-play on the rubric, and the learner's radar changes."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import check_accessibility, sign_in

pytestmark = pytest.mark.browser


def learner_radar(page: Page) -> str:
    sign_in(page, "learner@demo.trainer", "demo-learner-pass")
    page.get_by_role("link", name="My progress").click()
    expect(page.locator("svg.radar")).to_be_visible()
    check_accessibility(page)
    radar = page.locator("svg.radar").inner_html()
    page.get_by_role("button", name="Sign out").click()
    return radar


def test_a_live_role_play_rating_moves_the_learners_radar(page: Page):
    before = learner_radar(page)

    sign_in(page, "manager@demo.trainer", "demo-manager-pass")
    page.get_by_role("link", name="Calls", exact=True).click()
    page.locator(".call-card__title a").first.click()
    page.get_by_role("link", name="Observe a live role-play of this call").click()
    expect(page.get_by_role("heading", name="The script")).to_be_visible()
    check_accessibility(page)
    page.get_by_role("link", name="Rate Lena").first.click()
    expect(page.get_by_role("button", name="Save rating")).to_be_visible()
    check_accessibility(page)
    for row in page.locator("fieldset.rubric__row").all():
        row.get_by_label("L4 Expert").check()
    page.get_by_label("Overall comment").fill("Calm with the objection; summarised next steps.")
    page.get_by_role("button", name="Save rating").click()
    expect(page.get_by_text("Your rating of")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    after = learner_radar(page)
    assert after != before
