from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_it_keeps_search_terms_out_of_the_access_log(tmp_path: Path) -> None:
    """The real server with tipnet's gunicorn settings: a search in the query string and in
    the referer leaves neither in the access log line."""
    port, log = _free_port(), tmp_path / "access.log"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tipnet.test_settings",
           "TIPNET_VAR_DIR": str(tmp_path)}  # fmt: skip
    env.pop("DATABASE_URL", None)
    gunicorn = [sys.executable, "-m", "gunicorn", "-c", "python:tipnet.gunicorn_conf"]
    server = subprocess.Popen(  # noqa: S603 (a fixed command line)
        [*gunicorn, "tipnet.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1",
         "--access-logfile", str(log), "--error-logfile", str(tmp_path / "error.log")],
        env=env, cwd=tmp_path,
    )  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}/accounts/login/?next=/people/%3Fq%3DSok+Sreyneang"
        request = urllib.request.Request(
            url, headers={"Referer": f"http://127.0.0.1:{port}/people/?q=010203040"}
        )
        reset = f"http://127.0.0.1:{port}/accounts/password/reset/MQ/cz7k2-0a1b2c3d4e5f/"
        for _ in range(100):
            try:
                status = urllib.request.urlopen(request, timeout=5).status  # noqa: S310
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError((tmp_path / "error.log").read_text())
        assert status == 200
        with contextlib.suppress(urllib.error.HTTPError):  # 404: resets by email are off
            urllib.request.urlopen(reset, timeout=5)
        for _ in range(50):
            if log.exists() and log.read_text().count("\n") >= 2:
                break
            time.sleep(0.1)
    finally:
        server.terminate()
        server.wait(timeout=10)
    line = log.read_text()
    assert '"GET /accounts/login/" 200 ' in line
    assert "Sok" not in line and "010203040" not in line and "?" not in line
    # A reset link's one-use token never reaches the log.
    assert '"GET /accounts/password/reset/…" 404 ' in line and "cz7k2" not in line
