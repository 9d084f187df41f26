"""Each requirement of a profile taken from a posting quotes the posting sentence it comes from;
the profile page shows it."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest
from markupsafe import escape
from pydantic import ValidationError
from sqlalchemy import select

from trainer.competencies.models import RoleProfile
from trainer.competencies.schema import ProfileDef
from trainer.content.problems import ContentError
from trainer.db import db
from trainer.kinds import read_pack

# The job postings behind the bundled profiles live beside the repository on a dev machine.
SEEDS = Path("/work/shared/seeds")
MINI = Path(__file__).parent.parent / "content" / "data" / "mini"
QUOTE = "Negotiate contracts and close agreements to maximize profits"


def profile(**requirement):
    fields = {"competency": "negotiating", "level": 3, "weight": 2, **requirement}
    return {
        "key": "kam",
        "title": "KAM",
        "summary": "Keeps key accounts.",
        "posting": "003.txt",
        "requirements": [fields],
    }


def test_a_requirement_of_a_posting_needs_a_quote_named_at_its_line(tmp_path):
    root = tmp_path / "pack"
    shutil.copytree(MINI, root)
    path = root / "profiles" / "inside-rep.yaml"
    path.write_text(path.read_text().replace("employer:", "posting: 000.txt\nemployer:"))
    with pytest.raises(ContentError) as caught:
        read_pack(root)
    assert [str(p) for p in caught.value.problems][0] == (
        "profiles/inside-rep.yaml:8: requirements.0.quote: a profile taken from a posting "
        "quotes the posting's sentence each requirement comes from"
    )
    assert len(caught.value.problems) == 3


def test_a_profile_without_a_posting_needs_no_quotes():
    assert read_pack(MINI).records_of("profile")["inside-rep"].requirements[0].quote == ""


@pytest.mark.parametrize(
    ("quote", "message"),
    [
        ("003_55eeb5db1be687ce.txt", "the posting's sentence itself"),
        (f'"{QUOTE}"', "the posting's sentence itself"),
        ("Negotiate", "12-400 characters"),
    ],
)
def test_a_quote_is_the_postings_words_not_a_file_name_or_a_fragment(quote, message):
    with pytest.raises(ValidationError, match=message):
        ProfileDef.model_validate(profile(quote=quote))


def test_a_quote_folded_over_lines_is_read_as_one_sentence():
    folded = "Negotiate contracts and close\n  agreements to maximize profits"
    assert ProfileDef.model_validate(profile(quote=folded)).requirements[0].quote == QUOTE


def _posting_text(name: str) -> str:
    raw = html.unescape((SEEDS / name).read_text(encoding="utf-8"))
    return " ".join(re.sub(r"<[^>]+>", " ", raw).split())


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the job postings are not on this machine")
def test_every_bundled_quote_is_in_its_posting():
    for key, definition in read_pack().records_of("profile").items():
        text = _posting_text(definition.posting)
        for requirement in definition.requirements:
            assert requirement.quote in text, (key, requirement.competency)


def test_bundled_profiles_match_their_postings():
    profiles = read_pack().records_of("profile")
    levels = {k: {r.competency: r.level for r in p.requirements} for k, p in profiles.items()}
    for key in ("microsoft-store-smb-advocate", "key-account-manager"):
        assert "persuasion" in levels[key]
    enterprise = levels["enterprise-senior-account-manager"]
    assert "persuasion" in enterprise and "account-management" in enterprise
    assert enterprise["prospecting"] == 4  # sales plans and ownership of the territory
    assert levels["key-account-manager"]["pipeline-management"] == 3  # forecasts and reports
    ms_calls = [
        s
        for s in read_pack().records_of("scenario").values()
        if s.profile == "microsoft-store-smb-advocate"
    ]
    trained = {
        e.level
        for s in ms_calls
        for step in s.steps.values()
        for c in getattr(step, "choices", None) or ()
        for e in c.evidence
        if e.competency == "negotiating" and e.weight > 0
    }
    assert levels["microsoft-store-smb-advocate"]["negotiating"] == max(trained)


def test_the_profile_page_shows_each_requirements_quote(client, make_user, login):
    login(make_user("recruiter"))
    row = db.session.scalars(
        select(RoleProfile).where(RoleProfile.key == "key-account-manager")
    ).one()
    page = client.get(f"/profiles/{row.key}").get_data(as_text=True)
    assert f"From the posting: <q>{escape(QUOTE)}</q>" in page
