"""Uploads kept on the server between the preview and the confirmation."""

from __future__ import annotations

import os

from trainer.assessments.importers.staging import MAX_AGE_SECONDS, Staged, discard, stage, unstage

UPLOAD = Staged(b"::Q:: Fine {T}\n", "gift", "bank.gift", "negotiating", 2, owner=7)


def test_a_kept_upload_comes_back_as_it_was_sent(tmp_path):
    token = stage(tmp_path, UPLOAD)
    assert unstage(tmp_path, token) == UPLOAD


def test_a_discarded_or_unknown_token_finds_nothing(tmp_path):
    token = stage(tmp_path, UPLOAD)
    discard(tmp_path, token)
    assert unstage(tmp_path, token) is None
    assert unstage(tmp_path, "A" * 22) is None


def test_a_token_that_could_name_another_path_is_never_read(tmp_path):
    (tmp_path / "secret.json").write_text("{}")
    assert unstage(tmp_path / "sub", "../secret") is None
    assert unstage(tmp_path, "..%2Fsecret") is None


def test_uploads_older_than_a_day_are_swept_when_another_arrives(tmp_path):
    old = stage(tmp_path, UPLOAD)
    for path in tmp_path.glob(f"{old}.*"):
        stale = path.stat().st_mtime - MAX_AGE_SECONDS - 60
        os.utime(path, (stale, stale))
    fresh = stage(tmp_path, UPLOAD)
    assert unstage(tmp_path, old) is None
    assert unstage(tmp_path, fresh) == UPLOAD
