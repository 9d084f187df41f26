"""The framework browser and the role profile pages."""

from __future__ import annotations

import re

from markupsafe import escape
from sqlalchemy import select

from trainer.competencies.models import Competency, RoleProfile
from trainer.db import db


def test_framework_lists_every_competency(client, make_user, login):
    login(make_user())
    page = client.get("/framework/").get_data(as_text=True)
    for name in db.session.scalars(select(Competency.name)):
        assert name in page


def test_competency_page_shows_all_four_levels_with_indicators(client, make_user, login):
    login(make_user())
    competency = db.session.scalars(select(Competency)).first()
    page = client.get(f"/framework/{competency.key}").get_data(as_text=True)
    for level in ("Basic Understanding", "Working Knowledge", "Extensive Experience", "Expert"):
        assert level in page
    assert str(escape(competency.indicators["4"][0])) in page


def test_profile_page_has_a_radar_and_the_same_values_in_a_table(client, make_user, login):
    login(make_user("recruiter"))
    profile = db.session.scalars(select(RoleProfile)).first()
    page = client.get(f"/profiles/{profile.key}").get_data(as_text=True)
    assert "<svg" in page and 'role="img"' in page and "<desc" in page
    assert len(re.findall(r"<tr>", page)) == len(profile.requirements) + 1
    assert "style=" not in page  # the CSP forbids inline styles


def test_unknown_competency_is_404(client, make_user, login):
    login(make_user())
    assert client.get("/framework/no-such-thing").status_code == 404
