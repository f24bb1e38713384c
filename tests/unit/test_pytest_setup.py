"""The test runs' own setting (pyproject.toml): every test has a time limit (pytest-timeout, pinned in both
environments' lock files), so a hung server or browser fails its test instead of hanging the run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_test_has_a_time_limit(pytestconfig):
    assert pytestconfig.pluginmanager.hasplugin("timeout"), "pytest-timeout is not installed in this environment"
    assert float(pytestconfig.getini("timeout")) == 300


def test_pytest_timeout_is_in_both_lock_files():
    for env in ("actions", "rasa"):
        lines = (ROOT / "requirements" / f"{env}.lock").read_text().splitlines()
        assert any(line.startswith("pytest-timeout==") for line in lines), env


def test_a_test_past_its_limit_fails(tmp_path):
    (tmp_path / "test_hangs.py").write_text("import time\n\ndef test_hangs():\n    time.sleep(30)\n")
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "timeout=1", "test_hangs.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 1 and "Timeout" in run.stdout, run.stdout + run.stderr
