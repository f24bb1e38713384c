"""The widget on the demo page, talking to the running assistant (Rasa socketio channel + action server).

Started by scripts/browser_tests.sh, which passes the demo page's address in DEMO_URL.
"""

from __future__ import annotations

import re
from typing import Dict, List

import pytest
from widget_helpers import (
    ALERT,
    CARD,
    INPUT,
    LAUNCHER,
    LOG,
    PANEL,
    REPLIES,
    assert_no_raw_json,
    bot_texts,
    format_violations,
    run_axe,
    send,
    shot,
    turns_done,
    user_texts,
    visible_text,
    wait_for_turn,
)

# shared/examples/vignettes.yaml, e01: a one-message story, and a plain answer for every question.
E01_STORY = (
    "I'm 58 and was diagnosed with non-small cell lung cancer 3 months ago. It had spread to one adrenal "
    "gland and that was all. After 3 cycles of carboplatin, pemetrexed and pembrolizumab both the lung "
    "tumour and the adrenal have shrunk. I still walk the dog every day and do the housework. Could the "
    "adrenal be removed?"
)
E01_ANSWERS = {
    "histology": "non-small cell",
    "stage": "4",
    "metastasis_count": "1",
    "metastasis_organs": "adrenal gland",
    "brain_metastasis_count": "none, the MRI was clear",
    "malignant_effusion": "no",
    "months_since_diagnosis": "it was there when I was diagnosed",
    "previously_widespread": "no",
    "previous_local_treatment_for_metastases": "no",
    "systemic_therapy": "carboplatin, pemetrexed and pembrolizumab",
    "on_systemic_therapy": "yes",
    "disease_trend": "shrinking",
    "driver_mutation": "none",
    "ecog": "I walk the dog and do the housework",
}
TURN_TIMEOUT = 60.0  # seconds; the first turn of a fresh server can be slow on a 2-core machine


def wait_for_reply(page, before: int) -> None:
    """Waits for the widget's "turn done" marker of the turn after `before` (turns_done before sending): the
    server has finished it and every reply is rendered. No fixed sleeps."""
    wait_for_turn(page, before + 1, timeout=TURN_TIMEOUT)


def say(page, text: str) -> None:
    before = turns_done(page)
    send(page, text)
    wait_for_reply(page, before)


def click_reply(page, button) -> None:
    before = turns_done(page)
    button.click()
    wait_for_reply(page, before)


def open_widget(page, demo_url: str) -> None:
    page.goto(demo_url + "/")
    page.locator(LAUNCHER).click()
    page.wait_for_function("() => window.LungInfoChat.widget.state === 'ready'", timeout=30000)


def answer_questions(page, answers: Dict[str, str], max_turns: int = 25) -> List[str]:
    """Answers what the bot asks until the assessment card appears: clicks the quick reply whose payload is
    the answer, types it otherwise. Returns the slots asked, in order."""
    asked: List[str] = []
    for _ in range(max_turns):
        if page.locator(CARD).count():
            return asked
        group = page.locator(REPLIES)
        assert group.count() == 1, f"the assistant neither asked nor assessed; the widget shows:\n{visible_text(page)}"
        slot = group.get_attribute("data-ask")
        assert slot in answers, f"unexpected question {slot!r}:\n{visible_text(page)}"
        assert slot not in asked or answers[slot] == "unknown", f"{slot} asked twice:\n{visible_text(page)}"
        asked.append(slot)
        answer = answers[slot]
        match = [
            b
            for b in group.locator("button").all()
            if (b.get_attribute("data-payload") or "").lower() == answer.lower()
        ]
        if match:
            click_reply(page, match[0])
        else:
            say(page, answer)
    raise AssertionError(f"no assessment after {max_turns} answers; asked {asked}:\n{visible_text(page)}")


@pytest.mark.timeout(600)  # a whole conversation: up to TURN_TIMEOUT a turn on a slow machine
def test_whole_conversation_to_the_assessment_card(page, demo_url):
    open_widget(page, demo_url)
    shot(page, "real-01-open")
    say(page, E01_STORY)
    shot(page, "real-02-after-story")
    asked = answer_questions(page, E01_ANSWERS)
    card = page.locator(CARD)
    card.evaluate("c => c.scrollIntoView({ block: 'start' })")
    shot(page, "real-03-assessment-card")
    assert card.get_attribute("data-category") == "synchronous_oligometastatic", (asked, card.inner_text())
    text = card.inner_text()
    assert "a few spots found at the same time as the lung cancer" in text.lower()
    assert "Yes, it fits the definition" in text
    assert re.search(r"Possible\s*\(only the trial team decides", text)
    for href in card.locator("a").evaluate_all("as => as.map(a => a.href)"):
        assert href.startswith("https://"), href
    assert_no_raw_json(visible_text(page))
    # The conversation after the card: the patient's own text, the bot's explanations, a summary file.
    assert user_texts(page)[0] == E01_STORY
    assert any("general information" in t.lower() for t in bot_texts(page))
    with page.expect_download() as info:
        page.locator(".panel .tools button.download").click()
    html = open(info.value.path(), encoding="utf-8").read()
    assert "Could the adrenal be removed?" in html
    assert "A few spots found at the same time" in html or "a few spots found at the same time" in html
    assert "{" not in html.split("<body>", 1)[1]
    shot(page, "real-04-end", full_page=False)
    violations = run_axe(page)
    assert not violations, format_violations(violations)


def test_alert_banner(page, demo_url):
    open_widget(page, demo_url)
    say(page, "I coughed up a tablespoon of blood just now")
    banner = page.locator(ALERT)
    assert banner.count() == 1, visible_text(page)
    assert banner.get_attribute("role") == "alert" and banner.is_visible()
    assert banner.get_attribute("data-level") in ("emergency", "urgent")
    assert "999" in banner.inner_text(), banner.inner_text()
    assert banner.bounding_box()["y"] < page.locator(LOG).bounding_box()["y"]
    assert_no_raw_json(visible_text(page))
    shot(page, "real-05-alert")
    # It stays when the conversation goes on.
    say(page, "What is oligometastatic disease?")
    assert page.locator(ALERT).is_visible()


def test_reload_keeps_the_conversation_and_the_session(page, demo_url):
    open_widget(page, demo_url)
    say(page, E01_STORY)
    first_ask = page.locator(REPLIES).get_attribute("data-ask")
    assert first_ask, visible_text(page)
    before = page.locator(LOG).inner_text()
    page.reload()
    page.wait_for_function(
        "() => window.LungInfoChat.widget && window.LungInfoChat.widget.state === 'ready'", timeout=30000
    )
    assert page.locator(PANEL).is_visible()
    assert page.locator(LOG).inner_text() == before
    assert user_texts(page) == [E01_STORY]
    # The server still knows the story: answering the open question moves on to another one.
    answer = E01_ANSWERS[first_ask]
    say(page, answer)
    nxt = page.locator(REPLIES)
    assert page.locator(CARD).count() or nxt.get_attribute("data-ask") not in (first_ask, "histology", "stage"), (
        visible_text(page)
    )
    shot(page, "real-06-after-reload")


def test_axe_demo_page_with_widget_open(page, demo_url):
    open_widget(page, demo_url)
    say(page, E01_STORY)
    violations = run_axe(page)
    assert not violations, format_violations(violations)


def test_keyboard_only(page, demo_url):
    page.goto(demo_url + "/")
    focused = "() => { const a = document.activeElement; return a && a.shadowRoot ? a.shadowRoot.activeElement : a; }"
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate(f"({focused})()?.matches('button.launcher') ?? false"):
            break
    else:
        raise AssertionError("the chat launcher cannot be reached with Tab")
    page.keyboard.press("Enter")
    page.wait_for_function("() => window.LungInfoChat.widget.state === 'ready'", timeout=30000)
    assert page.evaluate(f"({focused})().tagName") == "TEXTAREA"
    before = turns_done(page)
    page.keyboard.type(E01_STORY)
    page.keyboard.press("Enter")
    wait_for_reply(page, before)
    assert page.evaluate(f"({focused})().tagName") == "TEXTAREA"
    page.keyboard.press("Shift+Tab")
    label = page.evaluate(f"({focused})().textContent")
    assert page.evaluate(f"({focused})().parentElement.classList.contains('replies')"), label
    before = turns_done(page)
    page.keyboard.press("Enter")
    wait_for_reply(page, before)
    assert user_texts(page)[-1] == label
    assert page.evaluate(f"({focused})().tagName") == "TEXTAREA"
    page.keyboard.press("Escape")
    assert not page.locator(PANEL).is_visible()
    assert page.evaluate(f"({focused})().className") == "launcher"


def test_phone_360px(chromium, demo_url):
    ctx = chromium.new_context(
        viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    try:
        page = ctx.new_page()
        page.goto(demo_url + "/")
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        shot(page, "real-07-phone-page")
        page.locator(LAUNCHER).click()
        page.wait_for_function("() => window.LungInfoChat.widget.state === 'ready'", timeout=30000)
        say(page, E01_STORY)
        panel = page.locator(PANEL).bounding_box()
        assert panel["x"] == 0 and panel["width"] == 360
        assert page.locator(LOG).evaluate("el => el.scrollWidth <= el.clientWidth + 1")
        for b in page.locator(REPLIES).locator("button").all():
            box = b.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 360 and box["height"] >= 24
        shot(page, "real-08-phone-question")
        box = page.locator(INPUT).bounding_box()
        assert box["y"] + box["height"] <= 740
    finally:
        ctx.close()


@pytest.mark.parametrize("text", ["Can radiotherapy make me cough?"])
def test_information_question_has_no_alert(page, demo_url, text):
    open_widget(page, demo_url)
    say(page, text)
    assert page.locator(ALERT).count() == 0
    assert bot_texts(page), visible_text(page)
    assert_no_raw_json(visible_text(page))


@pytest.mark.timeout(600)  # a whole conversation and four more turns
def test_short_assessment_and_its_details_from_the_real_assistant(page, demo_url):
    """Issue 16: the assessment turn is the card with its picture and a few lines; the quick replies open the
    details, through the real Rasa socketio channel and action server."""
    open_widget(page, demo_url)
    say(page, E01_STORY)
    answer_questions(page, E01_ANSWERS)
    card = page.locator(CARD)
    assert card.locator("figure.diagram svg[role=img]").count() == 1, card.inner_text()
    assert card.locator("figure.diagram details li").last.text_content().startswith("Result: A few spots")
    # The turn's text: the messages after the person's last message, besides the card.
    turn = page.evaluate("""() => {
        const log = document.querySelector('[data-lung-info-chat]').shadowRoot.querySelector('.log');
        const items = [...log.children]; let i = items.length - 1;
        while (i >= 0 && !items[i].classList.contains('user')) i--;
        return items.slice(i + 1).filter(n => n.classList.contains('msg') && n.classList.contains('bot'))
            .map(n => n.querySelector('.bubble').innerText).join('\\n'); }""")
    assert len(re.findall(r"\w+", turn)) <= 120, turn
    replies = page.locator(REPLIES).locator("button").all_inner_texts()
    assert replies == [
        "What do the studies say?",
        "Tell me about the trial",
        "How do I raise this with my team?",
        "What did you understand?",
    ]
    assert page.locator(".panel .card.summary-ready").count() == 0
    shot(page, "real-09-short-assessment")
    click_reply(page, page.locator(REPLIES).get_by_role("button", name="What do the studies say?"))
    assert "What the studies and guidelines say" in bot_texts(page)[-1], visible_text(page)
    click_reply(page, page.locator(REPLIES).get_by_role("button", name="Tell me about the trial"))
    assert "salVage" in bot_texts(page)[-1]
    click_reply(page, page.locator(REPLIES).get_by_role("button", name="How do I raise this with my team?"))
    assert any("Questions you could ask" in t for t in bot_texts(page)[-3:])
    say(page, "What did you understand?")
    assert any("Here is what I have understood" in t for t in bot_texts(page)[-3:])
    # The summary file after the later referral summary still has the picture and the sources' review status.
    with page.expect_download() as info:
        page.locator(".panel .tools button.download").click()
    html = open(info.value.path(), encoding="utf-8").read()
    assert "<svg" in html and "Review status:" in html and "Why the assistant placed it there" in html
    assert_no_raw_json(visible_text(page))
    violations = run_axe(page)
    assert not violations, format_violations(violations)
