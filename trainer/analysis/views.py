"""Analysis pages for staff: forms, banks and calls, with drill-down, CSV and status changes."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup

from trainer.analysis import store
from trainer.analysis.call_load import call_analysis
from trainer.analysis.forms import StatusForm
from trainer.analysis.listing import listing
from trainer.analysis.load import bank_analysis, form_analysis
from trainer.analysis.tables import SORTABLE, as_csv, call_csv, item_rows, sorted_rows
from trainer.auditlog.store import record
from trainer.auth.access import allow
from trainer.charts.histogram import histogram_svg
from trainer.competencies.models import competency_names
from trainer.db import db
from trainer.errors import returns_to

bp = Blueprint("analysis", __name__, url_prefix="/analysis")
STAFF = ("manager", "admin")
LOADERS = {"form": form_analysis, "bank": bank_analysis}


def _load(scope: str, key: str):
    analysis = LOADERS[scope](db.session, key)
    if analysis is None:
        abort(404)
    return analysis


def _summary(scope: str, key: str):
    analysis = _load(scope, key)
    column = request.args.get("sort", "item")
    descending = request.args.get("dir") == "desc"
    rows = sorted_rows(item_rows(analysis), column, descending)
    chart = Markup(histogram_svg(f"Score distribution of {key}", analysis.distribution))
    return render_template(
        "analysis/summary.html",
        scope=scope,
        key=key,
        analysis=analysis,
        rows=rows,
        chart=chart,
        sort=column if column in SORTABLE else "item",
        descending=descending,
        columns=SORTABLE,
    )


def _csv(scope: str, key: str) -> Response:
    body = as_csv(_load(scope, key))
    filename = f"analysis-{scope}-{key}.csv"
    record(db.session, "export", actor=current_user, subject=f"{scope}:{key}", detail=filename)
    db.session.commit()
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _item(scope: str, key: str, item: str):
    analysis = _load(scope, key)
    row = next((r for r in analysis.rows if r.key == item), None)
    if row is None:
        abort(404)
    history = store.changes_of(db.session, [item])
    form = StatusForm() if current_user.role == "admin" else None
    return render_template(
        "analysis/item.html", scope=scope, key=key, row=row, history=history, form=form
    )


def _status(scope: str, key: str, item: str):
    form = StatusForm()
    if not form.validate_on_submit():
        flash("Nothing changed: " + " ".join(e for es in form.errors.values() for e in es), "error")
    else:
        change = store.change_status(
            db.session, item, form.status.data, form.reason.data, current_user
        )
        record(
            db.session,
            "content-status",
            actor=current_user,
            subject=f"item:{item}",
            detail=f"{change.status}: {form.reason.data}",
        )
        db.session.commit()
        flash(f"{item} is now {change.status} (version {change.to_version.version}).", "success")
    return redirect(url_for(f"analysis.{scope}_item", key=key, item=item), code=303)


@bp.get("/")
@allow(*STAFF)
def index():
    """Every form, bank and call, with links to their analysis."""
    names = competency_names()
    return render_template("analysis/index.html", names=names, **listing(db.session))


@bp.get("/forms/<key>")
@allow(*STAFF)
def form(key: str):
    """A form's items: statistics, Rasch calibration, flags and the score histogram."""
    return _summary("form", key)


@bp.get("/banks/<key>")
@allow(*STAFF)
def bank(key: str):
    """A bank's items (one competency) across every form that draws them."""
    return _summary("bank", key)


@bp.get("/forms/<key>/export.csv")
@allow(*STAFF)
def form_csv(key: str):
    """The form's item table as CSV."""
    return _csv("form", key)


@bp.get("/banks/<key>/export.csv")
@allow(*STAFF)
def bank_csv(key: str):
    """The bank's item table as CSV."""
    return _csv("bank", key)


@bp.get("/forms/<key>/items/<item>")
@allow(*STAFF)
def form_item(key: str, item: str):
    """One item of a form: its distractors, flags and status history."""
    return _item("form", key, item)


@bp.get("/banks/<key>/items/<item>")
@allow(*STAFF)
def bank_item(key: str, item: str):
    """One item of a bank: its distractors, flags and status history."""
    return _item("bank", key, item)


@bp.post("/forms/<key>/items/<item>/status")
@allow("admin")
@returns_to("analysis.form_item")
def form_item_status(key: str, item: str):
    """Retire an item, send it back to draft or make it live, with the reason audited."""
    return _status("form", key, item)


@bp.post("/banks/<key>/items/<item>/status")
@allow("admin")
@returns_to("analysis.bank_item")
def bank_item_status(key: str, item: str):
    """Retire an item, send it back to draft or make it live, with the reason audited."""
    return _status("bank", key, item)


def _call(key: str):
    found = call_analysis(db.session, key)
    if found is None:
        abort(404)
    return found


@bp.get("/calls/<key>")
@allow(*STAFF)
def call(key: str):
    """A call's decisions: reach, choices, outcomes, paths and flags."""
    analysis, older = _call(key)
    return render_template("analysis/call.html", key=key, analysis=analysis, older=older)


@bp.get("/calls/<key>/export.csv")
@allow(*STAFF)
def call_export(key: str):
    """The call's decision table as CSV."""
    body = call_csv(_call(key)[0])
    record(db.session, "export", actor=current_user, subject=f"call:{key}", detail="analysis CSV")
    db.session.commit()
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="analysis-call-{key}.csv"'},
    )


@bp.get("/calls/<key>/decisions/<step>")
@allow(*STAFF)
def decision(key: str, step: str):
    """One decision's choices: who picks each, and how their calls end."""
    analysis, _ = _call(key)
    row = next((d for d in analysis.decisions if d.step == step), None)
    if row is None:
        abort(404)
    return render_template("analysis/decision.html", key=key, row=row)
