"""Static files under versioned URLs: a year in the cache at the current hash, else revalidated."""

from __future__ import annotations

import os
import re
from pathlib import Path

from trainer.ops.assets import file_version


def test_pages_link_static_files_by_their_content_hash(client, app):
    page = client.get("/login").get_data(as_text=True)
    css = Path(app.static_folder) / "css" / "trainer.css"
    assert f'/static/css/trainer.css?v={file_version(css)}"' in page
    assert not re.search(r'/static/[^"?]+"', page)  # every static link is versioned


def test_a_versioned_file_is_cached_for_a_year_and_an_unversioned_one_revalidated(client, app):
    version = file_version(Path(app.static_folder) / "js" / "quiz.js")
    current = client.get(f"/static/js/quiz.js?v={version}")
    assert current.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    current.close()
    for stale in ("/static/js/quiz.js", "/static/js/quiz.js?v=000000000000"):
        response = client.get(stale)
        assert response.status_code == 200
        assert "max-age=31536000" not in response.headers.get("Cache-Control", "")
        response.close()


def test_a_changed_file_gets_a_new_version(tmp_path):
    path = tmp_path / "site.css"
    path.write_text("body { color: black; }")
    first = file_version(path)
    path.write_text("body { color: navy; }")
    os.utime(path, ns=(1, 1))  # a new modification time, as a deploy gives
    assert file_version(path) != first and len(first) == 12
    assert file_version(tmp_path / "missing.css") is None


def test_a_path_outside_the_static_folder_gets_no_version(client, app):
    from flask import url_for

    with app.test_request_context():
        url = url_for("static", filename="../trainer/config.py")
    assert "v=" not in url
