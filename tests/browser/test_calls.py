"""A learner plays a call through the browser, in practice and in assessment mode."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import check_accessibility, sign_in
from trainer.kinds import read_pack
from trainer.scenarios.engine import answer_showing

pytestmark = pytest.mark.browser
CALL = "hp-inbound-upsell"


@pytest.fixture(scope="module")
def scenario():
    return read_pack().records_of("scenario")[CALL]


def best_answer(page: Page, scenario) -> None:
    """Take the strongest move at the step on screen, as a learner would: by clicking or typing."""
    step = scenario.steps[page.locator("input[name=step]").get_attribute("value")]
    if step.kind == "choice":
        best = next(choice for choice in step.choices if choice.best)
        page.get_by_role("button", name=best.text).click()
    else:
        page.get_by_role("textbox").fill(answer_showing(step.behaviours))
        page.get_by_role("button", name="Say it").click()
    page.wait_for_load_state()


def open_call(page: Page, scenario, mode: str) -> None:
    sign_in(page, "learner@demo.trainer", "demo-learner-pass")
    page.get_by_role("link", name="Calls", exact=True).click()
    check_accessibility(page)
    page.get_by_role("link", name=scenario.title, exact=True).click()
    expect(page.get_by_role("heading", name=scenario.persona.name)).to_be_visible()
    check_accessibility(page)
    page.get_by_role("button", name=f"Start {mode}").click()


def test_practice_mode_coaches_each_choice_and_allows_a_retry(page, scenario):
    page.set_viewport_size({"width": 390, "height": 844})
    open_call(page, scenario, "practice")
    check_accessibility(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    first = page.locator("input[name=step]").get_attribute("value")
    best_answer(page, scenario)
    expect(page.locator(".turn--coach").first).to_be_visible()
    page.get_by_role("button", name="Take back my last answer and try again").click()
    expect(page.locator("input[name=step]")).to_have_value(first)
    seen_free = False
    while page.locator("input[name=step]").count():
        seen_free |= page.get_by_role("textbox").count() > 0
        if seen_free:
            check_accessibility(page)
        best_answer(page, scenario)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Debrief")
    expect(page.get_by_role("heading", name="Evidence per competency")).to_be_visible()
    check_accessibility(page)


def test_assessment_mode_holds_feedback_until_the_end(page, scenario):
    open_call(page, scenario, "assessment")
    check_accessibility(page)
    while page.locator("input[name=step]").count():
        expect(page.locator(".turn--coach")).to_have_count(0)
        expect(page.locator("#gauges")).to_have_count(0)
        best_answer(page, scenario)
    expect(page.get_by_role("heading", name="What this ending teaches")).to_be_visible()
    check_accessibility(page)
    page.get_by_text("The whole conversation").click()
    expect(page.locator(".turn--coach").first).to_be_visible()
