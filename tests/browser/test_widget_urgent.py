"""The "I feel unwell now" control and the urgent_help card, with the fake transport playing the bot (no Rasa).

The control is always on screen while the panel is open and sends "/urgent_help" as a quick reply does. The
server answers with one message: `custom.urgent_help` and its plain-text twin in `text`. Rasa's socketio channel
emits that as the text's paragraphs ({"text": ...} each) and then the custom payload by itself; other channels
keep them in one object. Either way the card is shown once, and the twin text not at all.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List

import pytest
from conftest import DESKTOP, PHONE
from widget_helpers import (
    ALERT,
    INPUT,
    LOG,
    PANEL,
    URGENT_BUTTON,
    URGENT_CARD,
    FakeBot,
    assert_no_raw_json,
    bot_texts,
    format_violations,
    run_axe,
    send,
    shot,
    user_texts,
    visible_text,
)

URGENT_HELP = {
    "title": "If you feel unwell now",
    "intro": "Do not wait for your next appointment if you have any of these.",
    "routes": [
        {
            "call": "999 or go to A&E",
            "phone": "999",
            "symptoms": [
                "chest pain, or you are struggling to breathe",
                "coughing up more than a spoonful of blood",
                "sudden weakness of an arm or leg, or you cannot speak clearly",
            ],
        },
        {
            "call": "Your acute oncology line (day and night)",
            "phone": "0100 000 0002",
            "symptoms": [
                "a temperature of 38 \u00b0C or more, or you feel shivery",
                "being sick and unable to keep fluids down",
                "new <b>pain</b> in your back <img src=x onerror=\"window.__pwned=1\">",
            ],
        },
        {"call": "Your lung cancer nurse", "phone": "javascript:alert(1)", "symptoms": ["new or worse breathlessness"]},
        {"call": "", "phone": "", "symptoms": ["dropped: nobody to call"]},
        "not a route",
    ],
    "closing": "If you are not sure, call your acute oncology line: they would rather hear from you.",
}


def plain_twin(u: Dict[str, Any]) -> str:
    """The same content as plain text, as the server sends it in `text` (paragraphs split by blank lines)."""
    parts = [u["title"], u["intro"]]
    for r in u["routes"]:
        if isinstance(r, dict) and (r["call"] or r["phone"]):
            head = f"Call {r['call']}" + (f" ({r['phone']})" if r["phone"] and r["phone"] not in r["call"] else "")
            parts.append(head + " if you have:\n" + "\n".join(f"- {x}" for x in r["symptoms"]))
    parts.append(u["closing"])
    return "\n\n".join(parts)


def socketio_emits(message: Dict[str, Any]) -> List[Dict[str, Any]]:
    """What Rasa 3.6's socketio channel (bot/rasa_ext/channels.py) emits for one bot message with text and custom."""
    emits: List[Dict[str, Any]] = [{"text": part} for part in message["text"].strip().split("\n\n")]
    emits.append(message["custom"])
    return emits


URGENT_MESSAGE = {"text": plain_twin(URGENT_HELP), "custom": {"urgent_help": URGENT_HELP}}


def open_at(chromium, offline_demo, viewport):
    ctx = chromium.new_context(
        viewport=viewport,
        locale="en-GB",
        **({"device_scale_factor": 2, "is_mobile": True, "has_touch": True} if viewport == PHONE else {}),
    )
    page = ctx.new_page()
    errors: List[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    fake = FakeBot(page, offline_demo).load().open()
    return ctx, page, fake, errors


def luminance(rgb: str) -> float:
    vals = [int(v) / 255 for v in re.findall(r"\d+", rgb)[:3]]
    lin = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in vals]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def assert_unobstructed(page, selector: str, viewport: Dict[str, int]) -> None:
    box = page.locator(selector).bounding_box()
    assert box, f"{selector} is not rendered"
    assert box["x"] >= 0 and box["y"] >= 0, box
    assert (
        box["x"] + box["width"] <= viewport["width"] + 0.5 and box["y"] + box["height"] <= viewport["height"] + 0.5
    ), box
    # Nothing covers it: the topmost element at its centre is the control (or its icon or label).
    on_top = page.evaluate(
        """([sel, x, y]) => {
        const root = document.querySelector('[data-lung-info-chat]').shadowRoot;
        const hit = root.elementFromPoint(x, y);
        return !!hit && !!hit.closest(sel.replace('.panel ', ''));
    }""",
        [selector, box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
    )
    assert on_top, f"{selector} is covered by something else"


ZOOM_200 = {"width": 640, "height": 400}  # 200% zoom of a 1280x800 window


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP, ZOOM_200], ids=["360px", "1280px", "zoom-200"])
def test_control_always_visible(chromium, offline_demo, viewport):
    ctx, page, fake, errors = open_at(chromium, offline_demo, viewport)
    try:
        button = page.locator(URGENT_BUTTON)
        assert button.evaluate("b => b.tagName") == "BUTTON" and button.get_attribute("type") == "button"
        assert page.get_by_role("button", name="I feel unwell now", exact=True).count() == 1
        assert_unobstructed(page, URGENT_BUTTON, viewport)
        box = button.bounding_box()
        # 44 px; in short viewports (zoom) as tall as the other tools, to leave room for the conversation.
        assert box["height"] >= (36 if viewport == ZOOM_200 else 44) and box["width"] >= 44
        fg, bg = button.evaluate("b => { const s = getComputedStyle(b); return [s.color, s.backgroundColor]; }")
        assert contrast(fg, bg) >= 4.5, (fg, bg)
        # Outside the scrolling log, above it.
        assert not button.evaluate("(b) => !!b.closest('.log')")
        assert box["y"] + box["height"] <= page.locator(LOG).bounding_box()["y"] + 1
        # A long conversation, with an alert banner: the log scrolls, the control stays where it was.
        send(page, "I feel breathless")
        fake.emit({"text": "Please call 999 now."}, {"alert": {"level": "emergency", "reason": "breathless"}})
        for i in range(25):
            fake.emit({"text": f"More information, part {i + 1}. " + "Some words to fill the line. " * 3})
        log = page.locator(LOG)
        assert log.evaluate("l => l.scrollHeight > l.clientHeight + 100 && l.scrollTop > 0")
        assert_unobstructed(page, URGENT_BUTTON, viewport)
        assert page.locator(ALERT).is_visible()
        log.evaluate("l => { l.scrollTop = 0; }")
        assert_unobstructed(page, URGENT_BUTTON, viewport)
        log.evaluate("l => { l.scrollTop = l.scrollHeight; }")
        assert_unobstructed(page, URGENT_BUTTON, viewport)
        assert page.locator(PANEL).evaluate("p => p.scrollWidth <= p.clientWidth + 1")
        shot(page, f"urgent-control-{viewport['width']}")
        # Forced colours (Windows high contrast): still there, with a heavy system-colour border.
        page.emulate_media(forced_colors="active")
        assert_unobstructed(page, URGENT_BUTTON, viewport)
        assert button.evaluate("b => parseFloat(getComputedStyle(b).borderTopWidth)") >= 3
        shot(page, f"urgent-control-{viewport['width']}-forced-colours")
        assert not errors, errors
    finally:
        ctx.close()


def test_control_sends_the_payload_by_click_enter_and_space(page, offline_demo):
    fake = FakeBot(page, offline_demo).load().open()
    fake.emit(
        {
            "text": "What stage is the cancer now?",
            "quick_replies": [{"content_type": "text", "title": "Stage 4", "payload": "stage 4"}],
        }
    )
    page.locator(URGENT_BUTTON).click()
    assert fake.sent()[-1]["message"] == "/urgent_help"
    assert user_texts(page) == ["I feel unwell now"]
    assert "/urgent_help" not in visible_text(page)
    # As a quick reply: the open question's buttons go, focus goes to the message box.
    assert page.locator(".panel .replies").count() == 0
    focused = "() => document.activeElement.shadowRoot && document.activeElement.shadowRoot.activeElement"
    assert page.evaluate(f"({focused})().tagName") == "TEXTAREA"
    # Tab order: the header's close button, then the control, then the tools.
    page.locator(".panel .bar button.close").focus()
    page.keyboard.press("Tab")
    assert page.evaluate(f"({focused})().className") == "urgent-now"
    assert page.evaluate(f"getComputedStyle(({focused})()).outlineStyle") == "solid"  # visible focus
    page.keyboard.press("Tab")
    assert page.evaluate(f"({focused})().className") == "download"
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    assert [m["message"] for m in fake.sent()] == ["/urgent_help", "/urgent_help"]
    page.locator(URGENT_BUTTON).focus()
    page.keyboard.press("Space")
    assert [m["message"] for m in fake.sent()] == ["/urgent_help"] * 3
    assert user_texts(page) == ["I feel unwell now"] * 3
    assert page.locator(INPUT).input_value() == ""


def test_control_when_not_connected_still_says_what_to_do(page, offline_demo):
    fake = FakeBot(page, offline_demo).load().open()
    fake.state("offline")
    page.locator(URGENT_BUTTON).click()
    page.locator(URGENT_BUTTON).click()
    assert fake.sent() == []
    note = page.locator(".panel .msg.note.urgent")
    assert note.count() == 1 and "call your emergency number" in note.inner_text()
    assert page.locator(".panel .status").is_visible()


def check_card(page) -> None:
    card = page.locator(URGENT_CARD)
    assert card.count() == 1
    assert card.locator("h3").inner_text().strip() == "If you feel unwell now"
    assert card.get_attribute("aria-labelledby") == card.locator("h3").get_attribute("id")
    assert card.locator("p.intro").inner_text() == URGENT_HELP["intro"]
    routes = card.locator(".route")
    assert routes.count() == 3  # the one with nobody to call and the non-object are left out
    expected = [r for r in URGENT_HELP["routes"] if isinstance(r, dict) and (r["call"] or r["phone"])]
    for i, r in enumerate(expected):
        route = routes.nth(i)
        assert route.get_attribute("role") == "group"
        assert route.locator("h4").inner_text() == r["call"]
        assert route.get_attribute("aria-labelledby") == route.locator("h4").get_attribute("id")
        assert route.locator("li").all_inner_texts() == r["symptoms"]
    first, second, third = routes.nth(0), routes.nth(1), routes.nth(2)
    assert first.locator("a.phone").get_attribute("href") == "tel:999"
    assert first.locator("a.phone").inner_text().strip() == "Call 999"
    assert first.get_by_role("link", name="Call 999").count() == 1
    assert second.locator("a.phone").get_attribute("href") == "tel:01000000002"
    assert second.locator("a.phone").inner_text().strip() == "Call 0100 000 0002"
    # Not a phone number: shown as text, never a link.
    assert third.locator("a").count() == 0 and "javascript:alert(1)" in third.inner_text()
    # Escaped: markup in the payload is text.
    assert card.locator("img, b").count() == 0 and page.evaluate("window.__pwned") is None
    assert "<img src=x" in second.inner_text()
    assert card.locator("p.closing").inner_text() == URGENT_HELP["closing"]
    assert_no_raw_json(visible_text(page).replace("<b>", "").replace("</b>", ""))


def test_urgent_help_card_from_the_socketio_channel(page, offline_demo):
    fake = FakeBot(page, offline_demo).load().open()
    page.locator(URGENT_BUTTON).click()
    # Another message of the same turn before it stays; the card's plain-text twin is not shown.
    fake.emit({"text": "I am sorry you are feeling unwell."}, *socketio_emits(URGENT_MESSAGE))
    check_card(page)
    assert bot_texts(page) == ["I am sorry you are feeling unwell."]
    # New messages are announced by the log's polite live region; the card is one of them.
    live = page.locator(URGENT_CARD).evaluate(
        "c => { const l = c.closest('[aria-live]'); return l && [l.getAttribute('role'), l.getAttribute('aria-live'),"
        " l.getAttribute('aria-relevant'), c.parentElement === l]; }"
    )
    assert live == ["log", "polite", "additions", True]
    # It stays after a reload, still without the twin.
    page.reload()
    page.wait_for_function("() => window.__fake.hooks !== null")
    check_card(page)
    assert bot_texts(page) == ["I am sorry you are feeling unwell."]
    page.locator(URGENT_CARD).scroll_into_view_if_needed()
    shot(page, "urgent-card")


def test_urgent_help_card_in_one_message_and_alert_unchanged(page, offline_demo):
    fake = FakeBot(page, offline_demo).load().open()
    send(page, "I coughed up blood")
    fake.emit({"text": "Please call 999 now."}, {"alert": {"level": "emergency", "reason": "haemoptysis"}})
    # A client-side shape with text and custom together (e.g. the REST channel), and quick replies after it.
    fake.emit({"text": "Do you want to go on?", "quick_replies": [{"title": "Yes", "payload": "/affirm"}]})
    fake.emit(URGENT_MESSAGE)
    check_card(page)
    assert bot_texts(page) == ["Please call 999 now.", "Do you want to go on?"]
    # The quick replies stay last, next to the message box.
    assert page.locator(".panel .log > :last-child").evaluate("n => n.classList.contains('replies')")
    banner = page.locator(ALERT)
    assert banner.get_attribute("role") == "alert" and "call 999 now" in banner.inner_text()


def test_axe_with_the_urgent_card(page, offline_demo):
    fake = FakeBot(page, offline_demo).load().open()
    page.locator(URGENT_BUTTON).click()
    fake.emit(*socketio_emits(URGENT_MESSAGE))
    assert page.locator(URGENT_CARD).is_visible()
    page.locator(URGENT_BUTTON).focus()
    violations = run_axe(page)
    assert not violations, format_violations(violations)


def test_axe_with_the_urgent_card_at_360px_forced_colours(chromium, offline_demo):
    ctx, page, fake, errors = open_at(chromium, offline_demo, PHONE)
    try:
        page.locator(URGENT_BUTTON).click()
        fake.emit(*socketio_emits(URGENT_MESSAGE))
        card = page.locator(URGENT_CARD)
        assert card.evaluate("c => c.scrollWidth <= c.clientWidth + 1")
        # Taller than the screen: it is shown from its title and first route, not scrolled to its end.
        log, first_call = page.locator(LOG).bounding_box(), card.locator("a.phone").first.bounding_box()
        heading = card.locator("h3").bounding_box()
        assert heading["y"] >= log["y"] - 1 and first_call["y"] + first_call["height"] <= log["y"] + log["height"]
        assert_unobstructed(page, URGENT_BUTTON, PHONE)
        for link in card.locator("a.phone").all():
            box = link.bounding_box()
            assert box["height"] >= 44 and box["x"] + box["width"] <= 360
        violations = run_axe(page)
        assert not violations, format_violations(violations)
        page.emulate_media(forced_colors="active")
        card.scroll_into_view_if_needed()
        shot(page, "urgent-card-360-forced-colours")
        assert not errors, errors
    finally:
        ctx.close()


def test_a_content_answer_shows_its_review_line_under_its_sources(page, offline_demo):
    fake = FakeBot(page, offline_demo).load().open()
    send(page, "what is sbrt?")
    fake.emit(
        {"text": "**What is SBRT?**\n\nSBRT is a precise radiotherapy."},
        {
            "content": {
                "id": "what-is-sbrt",
                "citations": [{"label": "SABR-COMET protocol, Palma et al., BMC Cancer 2012"}],
                "review": "Not yet reviewed by a clinician",
            }
        },
    )
    sources = page.locator(".panel .sources").last
    assert "SABR-COMET protocol" in sources.inner_text()
    assert sources.locator(".review-line").inner_text() == "Not yet reviewed by a clinician"
