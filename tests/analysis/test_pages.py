"""The analysis pages on the demo data, as `trainer init` leaves it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from trainer.analysis.models import ContentChange
from trainer.content.store import current_version
from trainer.db import db


@pytest.fixture
def staff(demo_app):
    demo_app.config["WTF_CSRF_ENABLED"] = False
    client = demo_app.test_client()

    def sign_in(role: str):
        email, password = f"{role}@demo.trainer", f"demo-{role}-pass"
        client.post("/login", data={"email": email, "password": password})
        return client

    return sign_in


def test_the_index_lists_forms_banks_and_calls_with_data(staff):
    page = staff("manager").get("/analysis/").get_data(as_text=True)
    assert "negotiation-assessment" in page and "/analysis/banks/negotiating" in page
    assert "/analysis/calls/hp-lead-handoff" in page


def test_a_form_page_shows_real_tables_and_an_svg_histogram(staff):
    response = staff("manager").get("/analysis/forms/negotiation-practice?sort=facility&dir=desc")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<svg' in page and 'role="img"' in page and 'aria-sort="descending"' in page
    assert page.count('/analysis/forms/negotiation-practice/items/') >= 5
    assert "Takers" in page
