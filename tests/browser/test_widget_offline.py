"""The widget when the Rasa server is down: the demo page's Rasa URL points at a port where nothing listens
(the real Socket.IO client, no fake)."""
from __future__ import annotations

from widget_helpers import INPUT, LAUNCHER, STATUS, format_violations, run_axe, send, shot, user_texts


def test_offline_state_and_retry(page, offline_demo):
    page.goto(offline_demo + "/")
    page.locator(LAUNCHER).click()
    status = page.locator(STATUS)
    status.get_by_text("Cannot reach the assistant").wait_for(timeout=15000)
    assert status.is_visible()
    assert page.locator(".panel .status button.retry").is_visible()
    # A message typed meanwhile is not lost: it stays in the box, and nothing pretends it was sent.
    send(page, "Is anyone there?")
    assert page.locator(INPUT).input_value() == "Is anyone there?"
    assert user_texts(page) == []
    page.locator(".panel .status button.retry").click()
    status.get_by_text("Cannot reach the assistant").wait_for(timeout=15000)
    shot(page, "offline")
    violations = run_axe(page)
    assert not violations, format_violations(violations)
