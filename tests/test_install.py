"""A built wheel, installed on its own, serves every page: templates, static files, migrations
and the bundled pack travel inside it; each `trainer serve` keeps a gunicorn control socket of its
own, so two servers on one host do not fight over one."""

from __future__ import annotations

import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import sysconfig
import time
import urllib.request
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.server import free_port
from trainer import create_app
from trainer.cli.serving import gunicorn_command

pytestmark = pytest.mark.no_database  # tests/conftest.py: run once, in the SQLite run

ROOT = Path(__file__).resolve().parent.parent
BUILD_INPUTS = ("pyproject.toml", "setup.py", "README.md", "trainer", "templates", "static")
STYLESHEET = re.compile(r'<link rel="stylesheet" href="(/static/[^"]+\.css(?:\?v=[0-9a-f]+)?)"')


def shipped_files(folder: str) -> list[str]:
    """Every file the wheel must carry from a source folder, as its path inside the wheel."""
    files = (p for p in (ROOT / folder).rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    inside = "" if folder.startswith("trainer") else "trainer/"
    return sorted(f"{inside}{p.relative_to(ROOT).as_posix()}" for p in files)


def test_the_checkout_serves_its_top_level_templates_and_static_files():
    app = create_app({"TESTING": True})
    assert Path(app.template_folder) == ROOT / "templates"
    assert Path(app.static_folder) == ROOT / "static"


def test_trainer_instance_path_puts_the_instance_folder_there(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TRAINER_INSTANCE_PATH", "data")
    monkeypatch.delenv("TRAINER_DATABASE_URL", raising=False)
    app = create_app({"TESTING": True})
    assert app.instance_path == str(tmp_path / "data")
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'data' / 'trainer.db'}"


def test_each_port_gets_its_own_control_socket_in_the_instance_folder(tmp_path):
    first, second = (gunicorn_command("127.0.0.1", port, "1", tmp_path) for port in (5000, 5001))
    sockets = [command[command.index("--control-socket") + 1] for command in (first, second)]
    assert sockets == [str(tmp_path / "gunicorn-5000.ctl"), str(tmp_path / "gunicorn-5001.ctl")]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """Build the wheel from a copy of the sources, so no stale build/ folder slips into it."""
    source = tmp_path_factory.mktemp("source")
    skip = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in BUILD_INPUTS:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=skip)
        else:
            shutil.copy(ROOT / name, source / name)
    out = tmp_path_factory.mktemp("wheel")
    pip = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index"]
    subprocess.run([*pip, "-q", "-w", str(out), str(source)], check=True, capture_output=True)
    return next(out.glob("trainer-*.whl"))


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh virtual environment holding the wheel; its dependencies are seen from ours.

    The .pth line adds our site-packages as a plain folder, so an editable install's finder in it
    never runs and the only `trainer` the fresh environment can import is the wheel's.
    """
    env = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env)], check=True)
    python = env / "bin" / "python"
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    ours = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
    (Path(site) / "trainer-test-dependencies.pth").write_text("\n".join(sorted(ours)) + "\n")
    pip = [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps"]
    subprocess.run([*pip, "--no-index", "-q", str(wheel)], check=True, capture_output=True)
    return env


@pytest.fixture
def away_from_the_checkout(installed, tmp_path) -> dict:
    """Keyword arguments running a command in a temporary folder with none of our settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TRAINER_", "PYTHON"))}
    env["PATH"] = f"{installed / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return {"cwd": tmp_path, "env": env, "capture_output": True, "text": True}


def eventually(check, what: str, log: Path) -> None:
    """Wait up to a minute for `check()` to hold, as a starting server comes up in stages."""
    deadline = time.monotonic() + 60
    while not check():
        assert time.monotonic() < deadline, f"{what}:\n{log.read_text()}"
        time.sleep(0.2)


def answers(url: str) -> bool:
    try:
        urllib.request.urlopen(url, timeout=1).close()
    except OSError:
        return False
    return True


@contextmanager
def serving(installed: Path, port: int, run: dict) -> Iterator[str]:
    """`trainer serve` on a port, up with its control socket, stopped however the test went."""
    command = [installed / "bin" / "trainer", "serve", "--host", "127.0.0.1", "--port", str(port)]
    log = run["cwd"] / f"serve-{port}.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            command,
            cwd=run["cwd"],
            env={**run["env"], "TRAINER_WORKERS": "1"},
            stdout=out,
            stderr=out,
            start_new_session=True,  # its own process group, so the workers stop with it
        )
    base = f"http://127.0.0.1:{port}"
    control = installed / "var" / "trainer-instance" / f"gunicorn-{port}.ctl"
    try:
        eventually(lambda: server.poll() is not None or answers(f"{base}/login"), "no answer", log)
        assert server.poll() is None, log.read_text()
        # gunicorn opens its control socket just after the workers start
        eventually(lambda: control.exists() or server.poll() is not None, "no control socket", log)
        yield base
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()


def get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read().decode()


@pytest.mark.slow
def test_the_wheel_carries_templates_static_files_migrations_and_the_pack(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in ("templates", "static", "trainer/migrations", "trainer/content/bundled"):
        expected = shipped_files(folder)
        assert expected and not set(expected) - names, folder
    assert not [name for name in names if not name.startswith(("trainer/", "trainer-0"))]


@pytest.mark.slow
def test_the_installed_wheel_initialises_and_serves_pages_and_stylesheets(
    installed, away_from_the_checkout
):
    run = away_from_the_checkout
    python, trainer = installed / "bin" / "python", installed / "bin" / "trainer"
    where = subprocess.run([python, "-c", "import trainer; print(trainer.__file__)"], **run)
    assert Path(where.stdout.strip()).is_relative_to(installed), where.stderr

    init = subprocess.run([trainer, "init"], **run)
    assert init.returncode == 0, init.stderr
    instance = installed / "var" / "trainer-instance"  # a regular install's, as README says
    assert f"sqlite:///{instance / 'trainer.db'}" in init.stdout
    assert (instance / "trainer.db").is_file() and (instance / "secret_key").is_file()

    port = free_port()
    with serving(installed, port, run) as base:
        status, page = get(f"{base}/login")
        assert status == 200 and "Sign in" in page
        status, css = get(base + STYLESHEET.search(page).group(1))
        assert status == 200 and "--" in css  # the stylesheet runs on custom properties
        # its own control socket, where a second server on another port cannot take it over
        assert stat.S_ISSOCK((instance / f"gunicorn-{port}.ctl").stat().st_mode)
