"""Bundled forms taken end to end in the browser, in their modes, with axe on each page.

Every form is taken through the site in tests/assessments/test_bundled_forms.py; here a few
forms that between them show every way a form is delivered and every item type it may draw.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import check_accessibility, sign_in
from trainer.content_audit.reach import form_items
from trainer.kinds import read_pack

pytestmark = pytest.mark.browser
PACK = read_pack()
LIVE_ITEMS = [item for item in PACK.records_of("item").values() if item.status == "live"]
TYPES = {item.key: item.type for item in LIVE_ITEMS}


def shown_by(form) -> set[tuple]:
    """What the browser sees differ between forms: delivery, disclosure, and item types."""
    return {
        ("mode", form.mode),
        ("one per page", form.one_per_page),
        ("timed", form.time_limit_minutes is not None),
        ("certainty", form.certainty_based),
        ("mode, attempts limited", form.mode, form.attempts_allowed is not None),
        *(("item type", TYPES[key]) for key in form_items(form, LIVE_ITEMS)),
    }


def covering(forms: list) -> list:
    """A few forms, greedily, that between them show everything any form shows."""
    left, chosen = set().union(*map(shown_by, forms)), []
    while left:
        best = max(forms, key=lambda form: (len(shown_by(form) & left), form.key))
        chosen.append(best)
        left -= shown_by(best)
    return sorted(chosen, key=lambda form: form.key)


FORMS = covering(list(PACK.records_of("form").values()))


def fill(question: Locator) -> None:
    """Answer a question as a hurried taker would: something in every field."""
    for kind in ("radio", "checkbox"):
        choices = question.locator(f"input[type={kind}][name$='-answer']")
        if choices.count():
            choices.first.check()
    for box in question.locator("input[type=text]").all():
        box.fill("100")
    for area in question.locator("textarea").all():
        area.fill("I would ask what the delay costs them, then offer a dated plan.")
    for index, select in enumerate(question.locator("select").all()):
        select.select_option(index=index + 1)


@pytest.mark.parametrize("form", FORMS, ids=lambda form: form.key)
def test_covering_bundled_forms_can_be_taken_end_to_end(page: Page, form):
    sign_in(page, "learner@demo.trainer", "demo-learner-pass")
    page.get_by_role("link", name="Quizzes", exact=True).click()
    check_accessibility(page)
    page.get_by_role("link", name=form.title, exact=True).click()
    check_accessibility(page)
    page.get_by_role("button", name="Start").click()
    check_accessibility(page)
    if form.one_per_page:
        first = True
        while True:
            fill(page.locator("fieldset.question").first)
            if form.mode == "practice" and first:
                page.get_by_role("button", name="Check answer").click()
                expect(page.locator(".feedback")).to_be_visible()
                check_accessibility(page)
            first = False
            if page.get_by_role("button", name="Next").count() == 0:
                break
            page.get_by_role("button", name="Next").click()
    else:
        for question in page.locator("fieldset.question").all():
            fill(question)
    page.get_by_role("button", name="Review and submit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review your answers")
    check_accessibility(page)
    page.get_by_role("button", name=f"Submit {form.title}").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(form.title)
    check_accessibility(page)
    if form.mode == "screening":
        expect(page.get_by_text("Thank you")).to_be_visible()
        expect(page.locator(".feedback")).to_have_count(0)
    else:
        expect(page.get_by_role("heading", name="By competency")).to_be_visible()
        feedback = page.locator(".feedback")
        if form.mode == "practice":
            expect(feedback.first).to_be_visible()
        elif form.attempts_allowed is None:  # never the last attempt: keys stay private
            expect(feedback).to_have_count(0)
            expect(page.get_by_text("You may take this form again")).to_be_visible()
        else:  # keys after the demo learner's last attempt, else the attempts left
            expect(feedback.first.or_(page.get_by_text("more attempt"))).to_be_visible()


def test_the_covering_forms_show_every_mode_delivery_and_item_type():
    every = list(PACK.records_of("form").values())
    assert set().union(*map(shown_by, FORMS)) == set().union(*map(shown_by, every))
    assert {("item type", kind) for kind in TYPES.values()} <= set().union(*map(shown_by, FORMS))
    assert len(FORMS) < len(every) / 2


def test_a_quiz_question_fits_a_phone(page: Page):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, "learner@demo.trainer", "demo-learner-pass")
    page.goto("/quizzes/inside-sales-screening")
    page.get_by_role("button", name="Start").click()
    expect(page.locator("[data-timer]")).to_contain_text(":")
    check_accessibility(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
