"""The layout the README promises: small modules, layers that hold, the same rooms everywhere."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "trainer"
LIMIT = 300  # lines: past this a module has a second reason to change


def _modules() -> list[Path]:
    return [p for p in PACKAGE.rglob("*.py") if "migrations" not in p.relative_to(PACKAGE).parts]


def test_no_module_is_over_the_line_limit():
    long = {
        str(p.relative_to(ROOT)): n
        for p in _modules()
        if (n := len(p.read_text().splitlines())) > LIMIT
    }
    assert long == {}


def test_import_contracts_hold():
    lint = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [str(lint), "--config", str(ROOT / "pyproject.toml")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert "0 broken" in result.stdout


def test_database_changes_live_in_store_modules():
    """Only a feature's `store.py` (and the views and commands that commit) add or delete rows."""
    allowed = {"store.py", "views.py", "staff_views.py"}
    allowed |= {"demo.py", "demo_history.py", "demo_cohort.py"}
    writers = {
        str(p.relative_to(ROOT))
        for p in _modules()
        if p.name not in allowed
        and "cli" not in p.relative_to(PACKAGE).parts
        and any(
            call in p.read_text()
            for call in ("session.add(", "session.add_all(", "session.delete(")
        )
    }
    assert writers == set()
