"""Each main page of every audience, with every file it loads counted (cached or not): nothing is
fetched from anywhere but the trainer itself, and no page weighs over 150 KB with its assets."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import sign_in
from trainer.demo import ACCOUNTS

pytestmark = pytest.mark.browser
LIMIT = 150 * 1024
WEIGHT = """() => {
  const entries = [...performance.getEntriesByType('navigation'),
                   ...performance.getEntriesByType('resource')];
  return entries.reduce((sum, e) => sum + Math.max(e.decodedBodySize, e.encodedBodySize), 0);
}"""


def test_main_pages_load_only_from_the_trainer_and_stay_small(browser, live_server):
    weights: dict[str, int] = {}
    outside: list[str] = []
    for role, email, _, password in ACCOUNTS:
        context = browser.new_context(base_url=live_server)
        page = context.new_page()
        page.on(
            "request",
            lambda request: (
                urlsplit(request.url).hostname not in ("127.0.0.1", None)
                and not request.url.startswith("data:")
                and outside.append(request.url)
            ),
        )
        sign_in(page, email, password)
        links = page.eval_on_selector_all(
            "nav.main-nav a", "links => links.map(a => a.getAttribute('href'))"
        )
        assert links, f"{role} has no main navigation"
        for link in links:
            response = page.goto(link)
            assert response.status == 200, f"{role} {link}: {response.status}"
            # resource timing reports each file's size even when it came from the cache
            weights[f"{role} {link}"] = page.evaluate(WEIGHT)
        context.close()

    assert outside == []
    heavy = {page: size for page, size in weights.items() if size > LIMIT}
    assert heavy == {}, f"pages over 150 KB: {heavy}"
    assert len(weights) >= 12  # every audience's main pages were weighed
