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


LANDMARK_RULES = ["landmark-no-duplicate-banner", "landmark-unique", "region"]


def test_demo_page_landmarks(chromium, offline_demo):
    """The demo page's moderate axe findings about landmarks (issue 16): one banner (the widget's title bar is
    not a <header>), unique landmarks (the cards are articles, not named regions), all content in landmarks."""
    from widget_helpers import inject_axe

    for viewport in ({"width": 1280, "height": 800}, {"width": 360, "height": 740}):
        ctx = chromium.new_context(viewport=viewport)
        try:
            page = ctx.new_page()
            page.goto(offline_demo + "/")
            for opened in (False, True):
                if opened:
                    page.locator(LAUNCHER).click()
                    page.locator(STATUS).get_by_text("Cannot reach the assistant").wait_for(timeout=15000)
                inject_axe(page)
                found = page.evaluate(
                    """async (rules) => (await axe.run(document, { runOnly: { type: 'rule', values: rules } }))
                    .violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))""",
                    LANDMARK_RULES,
                )
                assert found == [], (viewport, opened, found)
        finally:
            ctx.close()
