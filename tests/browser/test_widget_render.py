"""Rendering details of the widget, with a fake transport playing the bot (no Rasa needed).

The messages are shaped as Rasa 3.6's socketio channel emits them: one `bot_uttered` per text part, a
`quick_replies` list for buttons, and a custom payload as the object itself.
"""

from __future__ import annotations

import re
import subprocess
import sys

from widget_helpers import (
    ALERT,
    ASSESSMENT,
    ASSESSMENT_TURN,
    CARD,
    INPUT,
    LAUNCHER,
    LOG,
    PANEL,
    REPLIES,
    ROOT_DIR,
    STATUS,
    SUMMARY,
    TURN,
    FakeBot,
    assert_no_raw_json,
    format_violations,
    run_axe,
    send,
    shot,
    turns_done,
    user_texts,
    visible_text,
    wait_for_turn,
)

STAGE_ASK = {
    "ask": "stage",
    "options": [
        {"title": "Stage 4", "payload": "stage 4"},
        {"title": "Stage 3", "payload": "stage 3"},
        {"title": "I don't know", "payload": "I don't know"},
    ],
}


def test_built_widget_is_up_to_date():
    """web/widget.js is what web/build.py makes from web/src and the vendored Socket.IO client."""
    result = subprocess.run(
        [sys.executable, str(ROOT_DIR / "web" / "build.py"), "--check"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_one_global_and_host_styles_do_not_leak(page, offline_demo):
    blank = offline_demo + "/blank.html"
    page.route(
        blank, lambda route: route.fulfill(status=200, content_type="text/html", body="<!doctype html><title>x</title>")
    )
    page.goto(blank)
    before = set(page.evaluate("Object.keys(window)"))
    fake = FakeBot(page, offline_demo).load()
    after = set(page.evaluate("Object.keys(window)"))
    added = after - before - {"__fake", "__fakeTransport", "__widget"}
    assert added == {"LungInfoChat"}, added
    assert page.evaluate("typeof window.io") == "undefined"
    fake.open()
    # The test host styles every button hot pink with 40px yellow text: none of it reaches the widget.
    style = page.locator(".panel button.send").evaluate(
        "b => { const s = getComputedStyle(b); return [s.backgroundColor, s.fontSize]; }"
    )
    assert style == ["rgb(11, 79, 138)", "16px"], style


def test_text_is_escaped_and_simply_formatted(page, offline_demo):
    fake = FakeBot(page, offline_demo).load().open()
    fake.emit(
        {
            "text": "Hello <img src=x onerror=\"window.__pwned=1\"> <b>not bold</b> & **really bold**\n"
            "Second line\n- first point\n- second point with [a source](https://doi.org/10.1/x)\n"
            "Bad links: [click](javascript:alert(1)) http://insecure.example and https://www.nhs.uk/."
        }
    )
    bubble = page.locator(".panel .msg.bot:not(.intro) .bubble").last
    assert bubble.locator("img").count() == 0 and bubble.locator("b").count() == 0
    assert page.evaluate("window.__pwned") is None
    assert "<img src=x" in bubble.inner_text() and "<b>not bold</b>" in bubble.inner_text()
    assert bubble.locator("strong").all_inner_texts() == ["really bold"]
    assert bubble.locator("li").count() == 2
    assert bubble.locator("br").count() == 1
    hrefs = bubble.locator("a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    assert hrefs == ["https://doi.org/10.1/x", "https://www.nhs.uk/"], hrefs
    assert "[click](javascript:alert(1))" in bubble.inner_text()
    assert bubble.locator("a").first.get_attribute("rel") == "noopener noreferrer"


def test_ask_options_become_quick_replies(page, offline_demo):
    fake = FakeBot(page, offline_demo).load().open()
    fake.emit({"text": "What stage is the cancer now?"}, STAGE_ASK)
    group = page.locator(REPLIES)
    assert group.get_attribute("role") == "group" and group.get_attribute("data-ask") == "stage"
    assert group.locator("button").all_inner_texts() == ["Stage 4", "Stage 3", "I don't know"]
    group.get_by_role("button", name="Stage 4").click()
    assert fake.sent()[-1]["message"] == "stage 4"
    assert user_texts(page)[-1] == "Stage 4"
    assert page.locator(REPLIES).count() == 0
    assert page.evaluate("document.activeElement.shadowRoot.activeElement.tagName") == "TEXTAREA"
    # Rasa's `buttons` arrive from the socketio channel as quick_replies on the last text part.
    fake.emit(
        {
            "text": "Would you like to continue?",
            "quick_replies": [
                {"content_type": "text", "title": "Yes, go on", "payload": "/continue_intake"},
                {"content_type": "text", "title": "Not now", "payload": "/deny"},
            ],
        }
    )
    page.locator(REPLIES).get_by_role("button", name="Yes, go on").click()
    assert fake.sent()[-1]["message"] == "/continue_intake"
    assert user_texts(page)[-1] == "Yes, go on"
    assert_no_raw_json(visible_text(page))


def test_assessment_card_in_plain_words(page, offline_demo):
    fake = FakeBot(page, offline_demo).load().open()
    send(page, "I was diagnosed 3 months ago, one adrenal spot. Could the adrenal be removed?")
    fake.emit(*ASSESSMENT_TURN)
    card = page.locator(CARD)
    text = card.inner_text()
    assert "A few spots found at the same time as the lung cancer" in text
    assert "Yes, it fits the definition" in text
    assert "1 spot outside the lung and brain" in text and "no spots in the brain" in text and "1 organ" in text
    assert "Surgery" in text and "Targeted radiotherapy" in text and "Ablation" in text
    assert re.search(r"Possible\s*\(only the trial team decides", text)
    links = card.locator("a").evaluate_all("as => as.map(a => a.href)")
    assert links == ["https://doi.org/10.1200/JCO.19.00201", "https://doi.org/10.1200/JCO.20.00818"]
    assert card.get_attribute("data-category") == "synchronous_oligometastatic"
    assert_no_raw_json(visible_text(page))
    card.scroll_into_view_if_needed()
    shot(page, "render-assessment-card")


def test_other_categories_and_unknown_payloads(page, offline_demo):
    fake = FakeBot(page, offline_demo).load().open()
    fake.emit(
        {
            "assessment": dict(
                ASSESSMENT,
                category="polymetastatic",
                within_definition=False,
                metastasis_count=12,
                organ_count=2,
                trial_prescreen="unlikely",
                local_options=[],
                citations=[{"label": "Bad link", "doi": "javascript:alert(1)"}],
            )
        }
    )
    fake.emit({"assessment": {"category": "undetermined", "within_definition": None, "trial_prescreen": "unknown"}})
    fake.emit({"something_new": {"a": 1}}, {"content": {"id": "x", "citations": []}}, {"attachment": {"type": "x"}})
    cards = page.locator(CARD)
    assert cards.count() == 2
    first, second = cards.nth(0).inner_text(), cards.nth(1).inner_text()
    assert "more places than the definition" in first and "No, there are more spots" in first
    assert "12 spots outside" in first and "Unlikely" in first and "None for this situation" in first
    assert cards.nth(0).locator("a").count() == 0 and "Bad link" in first
    assert "Not possible to place yet" in second and "Not known yet" in second and "Unknown" in second
    assert_no_raw_json(visible_text(page))


def test_content_citations_become_source_links(page, offline_demo):
    fake = FakeBot(page, offline_demo).load().open()
    fake.emit(
        {"text": "Surgery for one adrenal spot is discussed when ..."},
        {
            "content": {
                "id": "lct-adrenal",
                "citations": [
                    {"label": "NCCN guideline", "url": "https://www.nccn.org/"},
                    {"label": "Study", "doi": "10.1016/j.x.2020.01.001"},
                ],
            }
        },
    )
    sources = page.locator(".panel .msg.sources")
    assert sources.locator("a").evaluate_all("as => as.map(a => a.href)") == [
        "https://www.nccn.org/",
        "https://doi.org/10.1016/j.x.2020.01.001",
    ]


def test_alert_banner_is_unmissable_and_stays(page, offline_demo):
    fake = FakeBot(page, offline_demo).load().open()
    send(page, "I coughed up a tablespoon of blood just now")
    fake.emit(
        {"text": "Please call 999 now, or go to A&E. Coughing up blood like this needs help straight away."},
        {"text": "If you can, tell them you have lung cancer."},
        {"alert": {"level": "emergency", "reason": "haemoptysis"}},
    )
    banner = page.locator(ALERT)
    assert banner.get_attribute("role") == "alert"
    assert "Emergency" in banner.inner_text() and "call 999 now" in banner.inner_text()
    assert banner.evaluate("b => getComputedStyle(b).backgroundColor") == "rgb(176, 0, 32)"
    # More messages: the conversation scrolls, the banner stays at the top of the panel.
    for i in range(12):
        fake.emit({"text": f"More information, part {i + 1}."})
    box, log = banner.bounding_box(), page.locator(LOG).bounding_box()
    assert box["y"] + box["height"] <= log["y"] + 1 and banner.is_visible()
    shot(page, "render-alert")
    # It can be shortened to its heading, never removed.
    banner.get_by_role("button", name="Show less").click()
    assert banner.is_visible() and "Emergency" in banner.inner_text() and "999" not in banner.inner_text()


def test_crisis_alert_has_its_own_colour(page, offline_demo):
    fake = FakeBot(page, offline_demo).load().open()
    fake.emit(
        {"text": "You can call Samaritans on 116 123, free, any time."},
        {"alert": {"level": "crisis", "reason": "self_harm"}},
    )
    banner = page.locator(ALERT)
    assert banner.get_attribute("data-level") == "crisis"
    assert banner.evaluate("b => getComputedStyle(b).backgroundColor") == "rgb(91, 42, 134)"


def test_summary_download(page, offline_demo):
    fake = FakeBot(page, offline_demo).load().open()
    send(page, "Could the adrenal be removed? <script>alert(1)</script>")
    fake.emit(*ASSESSMENT_TURN)
    with page.expect_download() as info:
        page.locator(".panel .card.summary-ready button.download").click()
    download = info.value
    assert download.suggested_filename == "appointment-summary.html"
    html = open(download.path(), encoding="utf-8").read()
    assert SUMMARY["title"] in html and SUMMARY["questions"][0] in html and SUMMARY["what_i_told"][0] in html
    assert "Could the adrenal be removed? &lt;script&gt;" in html and "<script>" not in html
    assert "https://doi.org/10.1200/JCO.19.00201" in html and "Possible" in html
    assert SUMMARY["contact"] in html
    # The same file from the toolbar button.
    with page.expect_download():
        page.locator(".panel .tools button.download").click()


def test_summary_without_summary_payload_uses_assessment_and_questions(page, offline_demo):
    fake = FakeBot(page, offline_demo).load().open()
    send(page, "Can radiotherapy treat a spot in the liver?")
    fake.emit({"assessment": ASSESSMENT})
    with page.expect_download() as info:
        page.locator(CARD).get_by_role("button", name="Download summary for my appointment").click()
    html = open(info.value.path(), encoding="utf-8").read()
    assert "Can radiotherapy treat a spot in the liver?" in html
    assert "A few spots found at the same time" in html


def test_reload_keeps_the_conversation(page, offline_demo):
    fake = FakeBot(page, offline_demo).load().open()
    send(page, "My first question")
    fake.emit(
        {"text": "My first answer"},
        STAGE_ASK,
    )
    session = fake.sent()[0]["session_id"]
    assert re.fullmatch(r"[0-9a-f]{32}", session)
    page.reload()
    fake.page.wait_for_function("() => window.__fake.hooks !== null")  # reopened by itself: it was open
    assert page.locator(PANEL).is_visible()
    assert page.locator(".panel .msg.user .bubble").all_inner_texts() == ["My first question"]
    assert "My first answer" in page.locator(LOG).inner_text()
    assert page.locator(REPLIES).locator("button").count() == 3
    page.wait_for_function("() => window.__widget.state === 'ready'")
    send(page, "next")
    assert fake.sent()[-1]["session_id"] == session


def test_start_again_and_forget_clear_the_device(page, offline_demo):
    fake = FakeBot(page, offline_demo).load().open()
    send(page, "something")
    old = fake.sent()[0]["session_id"]
    page.locator(".panel .tools button.restart").click()
    page.get_by_role("button", name="Yes, start again").click()
    assert page.locator(".panel .msg.user").count() == 0
    assert page.evaluate("window.__fake.newSession") != old
    send(page, "delete my data")
    fake.emit({"text": "Done. I have deleted this conversation and everything you told me."}, {"forget": True})
    assert page.locator(".panel .msg.user").count() == 0
    assert "I have deleted this conversation" in page.locator(LOG).inner_text()
    stored = page.evaluate("JSON.stringify(localStorage)")
    assert "delete my data" not in stored and "something" not in stored


def test_offline_state_with_fake_transport(page, offline_demo):
    fake = FakeBot(page, offline_demo).load().open()
    fake.state("offline")
    status = page.locator(STATUS)
    assert status.is_visible() and "Cannot reach the assistant" in status.inner_text()
    send(page, "hello?")
    assert fake.sent() == [] and page.locator(INPUT).input_value() == "hello?"
    fake.state("ready")
    assert "Connected again" in status.inner_text()


def test_turn_marker_says_when_a_turns_replies_are_all_rendered(page, offline_demo):
    """Busy from the message sent until the server's end of the turn; done only then, with every reply of
    the turn in the log; a turn dropped by a lost connection is "lost" and its late end is not counted."""
    fake = FakeBot(page, offline_demo).load().open()
    turn = page.locator(TURN)
    assert turn.get_attribute("data-turn") == "idle" and turns_done(page) == 0
    send(page, "I have stage 4 lung cancer")
    assert turn.get_attribute("data-turn") == "busy"
    fake.emit({"text": "Thank you."}, STAGE_ASK)
    assert turn.get_attribute("data-turn") == "busy", "replies came, but the server has not finished the turn"
    assert fake.end_turn()
    wait_for_turn(page, 1, timeout=5)
    assert page.locator(REPLIES).count() == 1 and "Thank you." in page.locator(LOG).inner_text()
    # Two turns in flight: done only when both are.
    send(page, "stage 4")
    send(page, "and it has spread to the liver")
    fake.end_turn()
    assert turn.get_attribute("data-turn") == "busy" and turns_done(page) == 2
    fake.end_turn()
    wait_for_turn(page, 3, timeout=5)
    # The connection drops mid-turn: lost, and the end arriving later counts for nothing.
    send(page, "are you there?")
    fake.state("offline")
    assert turn.get_attribute("data-turn") == "lost"
    fake.state("ready")
    fake.end_turn()
    assert turn.get_attribute("data-turn") == "lost" and turns_done(page) == 3
    send(page, "hello again")
    fake.end_turn()
    wait_for_turn(page, 4, timeout=5)


def test_phone_360px(chromium, offline_demo):
    ctx = chromium.new_context(
        viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    try:
        page = ctx.new_page()
        fake = FakeBot(page, offline_demo).load()
        launcher = page.locator(LAUNCHER).bounding_box()
        assert launcher["x"] >= 0 and launcher["x"] + launcher["width"] <= 360
        fake.open()
        send(page, "Could the adrenal be removed?")
        fake.emit(*ASSESSMENT_TURN)
        fake.emit({"text": "Call 999 now."}, {"alert": {"level": "emergency", "reason": "x"}})
        panel = page.locator(PANEL).bounding_box()
        assert panel["x"] == 0 and panel["width"] == 360
        no_overflow = "el => el.scrollWidth <= el.clientWidth + 1"
        assert page.locator(LOG).evaluate(no_overflow)
        assert page.locator(CARD).evaluate(no_overflow)
        send_box = page.locator(".panel button.send").bounding_box()
        assert send_box["x"] + send_box["width"] <= 360 and send_box["y"] + send_box["height"] <= 740
        page.locator(CARD).scroll_into_view_if_needed()
        shot(page, "render-phone-360-card")
    finally:
        ctx.close()


def test_zoom_200_percent(chromium, offline_demo):
    """200% browser zoom of a 1280x800 window is a 640x400 CSS-pixel viewport at twice the pixel density."""
    ctx = chromium.new_context(viewport={"width": 640, "height": 400}, device_scale_factor=2)
    try:
        page = ctx.new_page()
        fake = FakeBot(page, offline_demo).load().open()
        fake.emit({"text": "What stage is the cancer now?"}, STAGE_ASK)
        panel = page.locator(PANEL).bounding_box()
        assert abs(panel["width"] - 640) < 0.5 and abs(panel["height"] - 400) < 0.5
        for sel in (INPUT, ".panel button.send", ".panel .bar button.close"):
            box = page.locator(sel).bounding_box()
            assert box and box["y"] >= 0 and box["y"] + box["height"] <= 400, sel
        log = page.locator(LOG).bounding_box()
        assert log["height"] >= 60
        page.locator(REPLIES).get_by_role("button", name="Stage 4").click()
        assert fake.sent()[-1]["message"] == "stage 4"
        shot(page, "render-zoom-200")
    finally:
        ctx.close()


def test_keyboard_only(page, offline_demo):
    fake = FakeBot(page, offline_demo).load()
    # From the top of the page, Tab reaches the launcher (the widget comes last in the tab order).
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate(
            "document.activeElement.matches('[data-lung-info-chat]') && "
            "document.activeElement.shadowRoot.activeElement.matches('button.launcher')"
        ):
            break
    else:
        raise AssertionError("the launcher is not reachable with Tab")
    page.keyboard.press("Enter")
    page.wait_for_function("() => window.__widget.state === 'ready'")
    focused = "() => document.activeElement.shadowRoot && document.activeElement.shadowRoot.activeElement"
    assert page.evaluate(f"({focused})().tagName") == "TEXTAREA"
    page.keyboard.type("I have stage 4 lung cancer")
    page.keyboard.press("Enter")
    assert fake.sent()[-1]["message"] == "I have stage 4 lung cancer"
    assert page.evaluate(f"({focused})().tagName") == "TEXTAREA"
    fake.emit({"text": "What stage is the cancer now?"}, STAGE_ASK)
    page.keyboard.press("Shift+Tab")  # back from the message box to the last quick reply
    assert page.evaluate(f"({focused})().textContent") == "I don't know"
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(f"({focused})().textContent") == "Stage 4"
    has_ring = page.evaluate(f"getComputedStyle(({focused})()).outlineStyle")
    assert has_ring == "solid"
    page.keyboard.press("Enter")
    assert fake.sent()[-1]["message"] == "stage 4"
    assert page.evaluate(f"({focused})().tagName") == "TEXTAREA"
    page.keyboard.press("Escape")
    assert not page.locator(PANEL).is_visible()
    assert page.evaluate(f"({focused})().className") == "launcher"
    page.keyboard.press("Enter")
    assert page.locator(PANEL).is_visible()


def test_axe_rendered_states(page, offline_demo):
    fake = FakeBot(page, offline_demo).load().open()
    send(page, "I coughed up blood. Could the adrenal be removed?")
    fake.emit({"text": "Please call 999 now."}, {"alert": {"level": "emergency", "reason": "haemoptysis"}})
    fake.emit({"text": "What stage is the cancer now?"}, STAGE_ASK)
    fake.emit(*ASSESSMENT_TURN)
    fake.state("offline")
    violations = run_axe(page)
    assert not violations, format_violations(violations)
