"""A real trainer server process and a small cookie-keeping HTTP client, for restart tests."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

CSRF = re.compile(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_up() -> bool:
    """Is a Redis listening where .ci/run starts one (127.0.0.1:6379)?"""
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


class ServerProcess:
    """gunicorn serving trainer.wsgi:app on a database URL; `kill` is a hard SIGKILL."""

    def __init__(self, database_url: str, port: int | None = None, threads: int = 1):
        self.port = port or free_port()
        self.threads = threads  # above 1: requests served in parallel, as in production
        self.env = {
            **os.environ,
            "TRAINER_DATABASE_URL": database_url,
            "TRAINER_SECRET_KEY": "restart-test-secret",  # sessions survive the restart
        }
        self.process: subprocess.Popen | None = None
        self.log = tempfile.TemporaryFile()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        command = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{self.port}"]
        self.process = subprocess.Popen(
            [*command, "--workers", "1", "--threads", str(self.threads)]
            + ["--no-control-socket", "trainer.wsgi:app"],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=self.log,
            start_new_session=True,  # its own process group, so `kill` takes the workers too
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.log.seek(0)
                raise RuntimeError(self.log.read().decode(errors="replace"))
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("the server did not start listening within 30 s")

    def kill(self) -> None:
        """Kill the whole server at once, as a crash would: no shutdown, no flushing."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:  # until the workers are gone and the port is free
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    time.sleep(0.1)
            except OSError:
                return

    def __enter__(self) -> ServerProcess:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.kill()
        self.log.close()


class Browserless:
    """Enough of a browser for form posts: cookies, redirects, CSRF tokens from the last page."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        self.page = ""
        self.status = 0
        self.url = ""

    def get(self, path: str) -> str:
        return self._open(urllib.request.Request(self.base + path))

    def post(self, path: str, data: dict) -> str:
        tokens = CSRF.findall(self.page)
        fields = {"csrf_token": tokens[0] if tokens else "", **data}
        body = urllib.parse.urlencode(fields, doseq=True).encode()  # lists: repeated fields
        return self._open(urllib.request.Request(self.base + path, data=body, method="POST"))

    def _open(self, request: urllib.request.Request) -> str:
        try:
            with self.opener.open(request, timeout=15) as response:
                self.status, self.url = response.status, response.url
                self.page = response.read().decode()
        except urllib.error.HTTPError as error:
            self.status, self.url = error.code, error.url
            self.page = error.read().decode()
        return self.page


def signed_in(base: str, role: str) -> Browserless:
    """A client signed in as the demo account of `role`."""
    from trainer.demo import ACCOUNTS

    email, password = next((a[1], a[3]) for a in ACCOUNTS if a[0] == role)
    browser = Browserless(base)
    browser.get("/login")
    browser.post("/login", {"email": email, "password": password})
    assert browser.status == 200 and "/login" not in browser.url, "the demo sign-in failed"
    return browser
