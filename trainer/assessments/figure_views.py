"""The pictures imported items show, served by the hash of their bytes.

They join the `assessments` blueprint (/quizzes/figures/<id>). The id is the content's SHA-256, so
the URL never changes and the browser may keep the picture for a year; nothing about a person or
an answer key is in a picture's URL.
"""

from __future__ import annotations

from flask import abort, make_response

from trainer.assessments.views import bp
from trainer.auth.access import ANY_USER, allow
from trainer.content.models import ContentAsset
from trainer.db import db


@bp.route("/figures/<asset>")
@allow(ANY_USER)
def figure(asset: str):
    stored = db.session.get(ContentAsset, asset) if len(asset) == 64 else None
    if stored is None:
        abort(404)
    response = make_response(stored.data)
    response.headers["Content-Type"] = stored.media_type
    response.headers["Cache-Control"] = "private, max-age=31536000, immutable"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
