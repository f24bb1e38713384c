"""Real-browser tests of the chat widget: Debian's Chromium driven by Python Playwright.

Two kinds of tests:
  * against the running assistant (test_widget_real.py): scripts/browser_tests.sh starts the action
    server, the Rasa server and the demo page, and passes the demo page's address in DEMO_URL;
  * rendering details with a fake transport (test_widget_render.py): the widget is mounted on a test host
    page with LungInfoChat.mount({transport: ...}) and the test plays the bot's messages. These need only
    the demo page server, which the fixture below starts itself (pointing at a closed port, which also
    gives the offline test its "Rasa is down" server).

Screenshots go to tests/browser/artifacts/ (gitignored).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterator

import pytest
from widget_helpers import ARTIFACTS

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port: int, proc: subprocess.Popen, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"process exited with {proc.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"port {port} did not open")


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/system_deps.sh")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def context(chromium):
    ctx = chromium.new_context(viewport=DESKTOP, accept_downloads=True, locale="en-GB")
    yield ctx
    ctx.close()


class PageErrors(list):
    """JavaScript errors on a page; every test checks it is empty at the end."""


@pytest.fixture
def page(context):
    pg = context.new_page()
    errors = PageErrors()
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.errors = errors  # type: ignore[attr-defined]
    yield pg
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.fixture(scope="session")
def offline_demo() -> Iterator[str]:
    """The demo page server, with its Rasa URL pointing at a port where nothing listens."""
    port, dead = free_port(), free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "bot.demo_page",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--rasa",
            f"http://127.0.0.1:{dead}",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_port(port, proc)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="session")
def demo_url() -> str:
    """The demo page of the running assistant (scripts/browser_tests.sh sets DEMO_URL)."""
    url = os.environ.get("DEMO_URL")
    if not url:
        if os.environ.get("REQUIRE_REAL_SERVERS"):
            pytest.fail("DEMO_URL is not set: run the tests with scripts/browser_tests.sh")
        pytest.skip("the assistant is not running (DEMO_URL unset): run scripts/browser_tests.sh")
    return url.rstrip("/")
