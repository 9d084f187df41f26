"""A manager rejects a behaviour in review; the trainer stops crediting the same reply."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import check_accessibility, sign_in
from tests.browser.test_calls import best_answer, open_call
from trainer.kinds import read_pack
from trainer.scenarios.engine import answer_showing

pytestmark = pytest.mark.browser
CALL = "hp-inbound-upsell"


@pytest.fixture(scope="module")
def scenario():
    return read_pack().records_of("scenario")[CALL]


def reply(scenario) -> str:
    return answer_showing(scenario.steps["discover"].behaviours)


def play_to_debrief(page: Page, scenario) -> None:
    open_call(page, scenario, "assessment")
    while page.locator("input[name=step]").count():
        best_answer(page, scenario)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Debrief")


def test_a_rejected_behaviour_is_no_longer_credited_to_the_same_reply(page, scenario):
    play_to_debrief(page, scenario)
    expect(page.locator("blockquote.answer mark.answer__shown").first).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "manager@demo.trainer", "demo-manager-pass")
    page.get_by_role("link", name="Reviews", exact=True).click()
    expect(page.locator("svg.line-chart")).to_be_visible()
    check_accessibility(page)
    prompt = scenario.steps["discover"].prompt[:40]
    ours = re.compile(rf"^Review .*{re.escape(scenario.title)} · {re.escape(prompt)}")
    page.get_by_role("link", name=ours).last.click()  # the newest: older ones are the demo's
    expect(page.locator("blockquote.answer")).to_contain_text(reply(scenario))
    expect(page.locator("blockquote.answer mark.answer__shown").first).to_be_visible()
    check_accessibility(page)
    verdict = page.locator("fieldset.verdict").first
    rejected = verdict.locator("legend strong").inner_text()
    verdict.get_by_label("Not shown").check()
    page.locator("fieldset.rubric__row").nth(1).locator("input[type=radio]").nth(2).check()
    page.get_by_role("button", name="Save rating").click()
    expect(page.get_by_text("judge the same answer as you did")).to_be_visible()
    page.get_by_role("link", name="What your reviews taught the trainer").click()
    expect(page.get_by_role("row", name=re.compile(re.escape(rejected)))).to_contain_text(
        "Not shown"
    )
    check_accessibility(page)
    page.get_by_role("button", name="Sign out").click()

    play_to_debrief(page, scenario)
    expect(page.locator("li.behaviour--missing", has_text=rejected)).to_be_visible()
    expect(page.locator("blockquote.answer mark.answer__shown").first).to_be_visible()
    check_accessibility(page)
