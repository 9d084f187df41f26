"""The password rule every way of setting one follows: the admin form, the CLI, a change."""

from __future__ import annotations

MIN_LENGTH = 10
MAX_LENGTH = 200  # long enough for any passphrase; bounds the hashing work a request can ask
MIN_DISTINCT = 5
# The commonest passwords of ten or more characters: guessed first by every attacker.
COMMON = frozenset(
    {
        "1234567890",
        "12345678910",
        "123456789a",
        "0987654321",
        "1q2w3e4r5t",
        "1qaz2wsx3edc",
        "password12",
        "password123",
        "password1234",
        "qwertyuiop",
        "qwerty12345",
        "iloveyou12",
        "letmein123",
        "welcome123",
        "administrator",
        "changeme123",
    }
)


def password_problem(password: str, email: str = "") -> str | None:
    """Why `password` may not be used, or None when it may."""
    if not password or not password.strip():
        return "Choose a password; an empty one is not allowed."
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters."
    if len(password) > MAX_LENGTH:
        return f"Use at most {MAX_LENGTH} characters."
    if len(set(password.lower())) < MIN_DISTINCT:
        return f"Use at least {MIN_DISTINCT} different characters; repeats are easy to guess."
    lowered = password.lower()
    if lowered in COMMON:
        return "That is one of the most common passwords; choose another."
    if email and lowered in {email.lower(), email.partition("@")[0].lower()}:
        return "Do not use your email address as your password."
    return None
