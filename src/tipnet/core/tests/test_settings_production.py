from __future__ import annotations

import os
import subprocess
import sys


def test_it_passes_the_deployment_check_with_production_settings(tmp_path):
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "tipnet.settings",
        "TIPNET_VAR_DIR": str(tmp_path),
        "ALLOWED_HOSTS": "tipnet.example.org",
        "SECRET_KEY": "x7" * 30 + "production-like-secret-key-for-the-check",
    }
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_it_reads_secrets_from_files(tmp_path, monkeypatch):
    from tipnet.secrets import read_or_create_secret, secret_from_env

    (tmp_path / "key").write_text("from-a-file\n")
    monkeypatch.delenv("SOME_SECRET", raising=False)
    monkeypatch.setenv("SOME_SECRET_FILE", str(tmp_path / "key"))
    assert secret_from_env("SOME_SECRET") == "from-a-file"
    created = read_or_create_secret(tmp_path / "new", 32)
    assert read_or_create_secret(tmp_path / "new", 32) == created
    assert oct((tmp_path / "new").stat().st_mode & 0o777) == "0o600"
