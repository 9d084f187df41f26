"""Sign in, sign out, change password."""

from __future__ import annotations

from functools import cache

from flask import (
    Blueprint,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from trainer.auditlog.store import record
from trainer.auth.access import ANY_USER, PUBLIC, allow
from trainer.auth.forms import ChangePasswordForm, LoginForm
from trainer.auth.models import User
from trainer.auth.store import end_all_sign_ins, end_sign_in, start_sign_in
from trainer.db import db
from trainer.extensions import limiter

bp = Blueprint("auth", __name__)


def safe_next(target: str | None) -> str:
    """`target` if it is a path on this site, else the dashboard: no open redirects.

    Browsers read `//host`, `/\\host` and paths with tabs or newlines in them (which they drop)
    as another site, so only a single leading slash and printable, unspaced text pass.
    """
    if (
        target
        and target.startswith("/")
        and not target.startswith("//")
        and "\\" not in target
        and target.isprintable()
        and not any(ch.isspace() for ch in target)
    ):
        return target
    return url_for("dashboard.home")


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _account_limit() -> str:
    return current_app.config["LOGIN_ACCOUNT_RATE_LIMIT"]


def _posted_account() -> str:
    """The account a sign-in attempt names: limits guesses at one account from many addresses."""
    return "account:" + (request.form.get("email") or "").strip().lower()[:254]


@cache
def _dummy_hash() -> str:
    return generate_password_hash("not-anyone's-password")


def _password_matches(user: User | None, password: str) -> bool:
    """Check the password in the same time whether or not the account exists."""
    if user is None:
        check_password_hash(_dummy_hash(), password)  # as slow as a real check: no enumeration
        return False
    return user.check_password(password) and user.active


def _sign_in(user: User, remember: bool) -> None:
    """Store a new sign-in and start a fresh session with a new CSRF token."""
    session.pop("csrf_token", None)  # a token seen before sign-in is never valid after it
    g.pop("csrf_token", None)
    start_sign_in(db.session, user, remember)
    record(db.session, "sign-in", actor=user, subject=f"user:{user.id}")
    db.session.commit()
    login_user(user, remember=remember)


@bp.route("/login", methods=["GET", "POST"])
@allow(PUBLIC)
@limiter.limit(_login_limit, methods=["POST"])
@limiter.limit(_account_limit, methods=["POST"], key_func=_posted_account)
def login():
    """Sign in with email and password."""
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")))
    form = LoginForm()
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        user = db.session.scalar(select(User).where(func.lower(User.email) == email))
        if _password_matches(user, form.password.data):
            _sign_in(user, form.remember.data)
            return redirect(safe_next(request.args.get("next")))
        form.password.errors.append("That email and password do not match an active account.")
        # The address typed is not kept: it may be someone's password typed in the wrong box.
        subject = f"user:{user.id}" if user is not None else "unknown account"
        record(db.session, "sign-in-failed", subject=subject)
        db.session.commit()
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@allow(ANY_USER)
def logout():
    """Sign out: this browser's session and remember cookie stop working, here and anywhere."""
    end_sign_in(db.session, current_user.get_id())
    record(db.session, "sign-out", actor=current_user, subject=f"user:{current_user.id}")
    db.session.commit()
    logout_user()
    flash("You are signed out.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@allow(ANY_USER)
@login_required
def change_password():
    """Change your own password; every other device is signed out."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if not current_user.check_password(form.current.data):
            form.current.errors.append("That is not your current password.")
        else:
            user = current_user._get_current_object()
            user.set_password(form.new.data)
            end_all_sign_ins(db.session, user.id)
            record(db.session, "password-change", actor=user, subject=f"user:{user.id}")
            _sign_in(user, remember=False)
            flash("Your password is changed; other devices are signed out.", "success")
            return redirect(url_for("dashboard.home"))
    return render_template("auth/password.html", form=form)
