"""Admins see the item bank, import questions from other tools and set each item's status."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from textwrap import shorten

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.utils import secure_filename
from wtforms.fields.choices import SelectChoice

from trainer.assessments.importers import FORMATS
from trainer.assessments.importers.forms import ConfirmForm, FilterForm, ImportForm, StatusForm
from trainer.assessments.importers.staging import Staged, discard, stage, unstage
from trainer.assessments.importers.store import (
    ImportPreview,
    ImportRefused,
    import_items,
    read_import,
    with_status,
)
from trainer.auditlog.store import record
from trainer.auth.access import allow
from trainer.competencies.models import competency_names
from trainer.content.store import current_version, latest_versions
from trainer.db import db

bp = Blueprint("item_admin", __name__, url_prefix="/admin/items")
PER_PAGE = 50
QUESTION_LENGTH = 120


@dataclass(frozen=True)
class ItemRow:
    key: str
    question: str  # the stem, shortened: people recognise a question by its words, not its key
    competencies: str
    level: int
    type: str
    status: str
    version: int
    pack: str


def _question(body: dict) -> str:
    words = " ".join(str(body.get("stem", "")).split())
    return shorten(words, QUESTION_LENGTH, placeholder="…")


def _rows(names: dict[str, str], competency: str, status: str) -> list[ItemRow]:
    """The newest version of every item that passes the filters, by competency, level and key."""
    rows = [
        ItemRow(
            v.key,
            _question(v.body),
            ", ".join(names.get(key, key) for key in v.body["competencies"]),
            v.body["level"],
            v.body["type"],
            v.body["status"],
            v.version,
            v.pack,
        )
        for v in latest_versions(db.session, ["item"])
        if (not competency or competency in v.body["competencies"])
        and (not status or v.body["status"] == status)
    ]
    return sorted(rows, key=lambda row: (row.competencies, row.level, row.key))


def _page(rows: list[ItemRow], requested: int) -> tuple[list[ItemRow], int, int]:
    """One page of rows, its number and the number of pages, keeping the page light."""
    pages = max(1, -(-len(rows) // PER_PAGE))
    page = min(max(requested, 1), pages)
    return rows[(page - 1) * PER_PAGE : page * PER_PAGE], page, pages


@bp.get("/")
@allow("admin")
def index():
    """List the newest version of every item, filtered by competency and status."""
    names = competency_names()
    filters = FilterForm(formdata=request.args)
    filters.competency.choices = [SelectChoice("", "Every competency")] + [
        SelectChoice(key, name) for key, name in names.items()
    ]
    competency = filters.competency.data if filters.competency.data in names else ""
    status = filters.status.data if filters.status.data in ("draft", "live", "retired") else ""
    rows = _rows(names, competency, status)
    shown, page, pages = _page(rows, request.args.get("page", 1, type=int))
    return render_template(
        "item_admin/index.html",
        rows=shown,
        total=len(rows),
        page=page,
        pages=pages,
        query={"competency": competency or None, "status": status or None},
        filters=filters,
    )


@bp.post("/<key>/status")
@allow("admin")
def set_status(key: str):
    """Set an item's status by writing a new version; past attempts keep the version they used."""
    latest = current_version(db.session, "item", key)
    if latest is None:
        abort(404)
    form = StatusForm()
    if not form.validate_on_submit():
        abort(400)
    version = with_status(latest, form.status.data)
    if version is None:
        flash(f"{key} is {form.status.data} already.", "info")
    else:
        db.session.add(version)
        record(
            db.session,
            "content-status",
            actor=current_user,
            subject=f"item:{key}",
            detail=f"{form.status.data} (version {version.version})",
        )
        db.session.commit()
        flash(f"{key} is now {form.status.data} (version {version.version}).", "success")
    back = {name: request.form.get(f"back_{name}") or None for name in ("competency", "status")}
    return redirect(url_for(".index", **back))


def _uploads() -> Path:
    return Path(current_app.instance_path) / "item-imports"


def _staged_or_404(token: str) -> Staged:
    """The upload kept under `token`, if the signed-in admin made it."""
    staged = unstage(_uploads(), token)
    if staged is None or staged.owner != current_user.id:
        abort(404)
    return staged


def _read(staged: Staged) -> ImportPreview:
    return read_import(
        db.session,
        staged.format,
        staged.data,
        staged.filename,
        staged.competency,
        staged.level,
        competency_names().keys(),
    )


@bp.route("/import", methods=["GET", "POST"])
@allow("admin")
def upload():
    """Take a question file and keep it on the server until the admin confirms the import."""
    form = ImportForm()
    names = competency_names()
    form.competency.choices = [SelectChoice(key, name) for key, name in names.items()]
    if form.validate_on_submit():
        file = form.file.data
        filename = secure_filename(file.filename or "") or "upload"
        staged = Staged(
            file.read(),
            form.format.data,
            filename,
            form.competency.data,
            form.level.data,
            current_user.id,
        )
        return redirect(url_for(".preview", token=stage(_uploads(), staged)))
    return render_template("item_admin/import.html", form=form)


@bp.get("/import/<token>")
@allow("admin")
def preview(token: str):
    """Show what an upload would import, and every problem, before anything is written."""
    staged = _staged_or_404(token)
    result = _read(staged)
    return render_template(
        "item_admin/preview.html",
        token=token,
        staged=staged,
        problems=result.problems,
        rows=result.rows(),
        counts=result.counts(),
        format_name=FORMATS[staged.format].title,
        competency_name=competency_names().get(staged.competency, staged.competency),
        form=ConfirmForm(),
    )


@bp.post("/import/<token>")
@allow("admin")
def confirm(token: str):
    """Import an upload in one transaction, read again from the server's copy of the file."""
    staged = _staged_or_404(token)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        counts = import_items(db.session, _read(staged))
    except ImportRefused:
        flash("The file has problems, so nothing was imported. Fix them and try again.", "error")
        return redirect(url_for(".preview", token=token))
    record(
        db.session,
        "content-import",
        actor=current_user,
        subject=f"file:{staged.filename}",
        detail=f"{FORMATS[staged.format].title}: {counts}",
    )
    db.session.commit()
    discard(_uploads(), token)
    flash(f"Imported {staged.filename}: {counts}.", "success")
    return redirect(url_for(".index"))
