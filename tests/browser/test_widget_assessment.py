"""The short assessment turn (issue 16): the card with its picture of the path, a few lines, the detail quick
replies; the picture at 360 px and 1280 px and in forced colours; the appointment summary printed to PDF; what
Chromium's accessibility tree announces. Fake transport, real bot code for the messages (widget_helpers)."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from widget_helpers import (
    ARTIFACTS,
    CARD,
    LOG,
    REPLIES,
    FakeBot,
    assert_no_raw_json,
    format_violations,
    run_axe,
    send,
    short_assessment_turn,
    shot,
    visible_text,
)

DETAILS = [
    "What do the studies say?",
    "Tell me about the trial",
    "How do I raise this with my team?",
    "What did you understand?",
]
FOCUSED = "() => { const a = document.activeElement; return a && a.shadowRoot ? a.shadowRoot.activeElement : a; }"


def turn_texts(page) -> list:
    return page.locator(".panel .log .msg.bot:not(.intro) .bubble").all_inner_texts()


def test_short_turn_card_picture_and_detail_replies(page, offline_demo):
    fake = FakeBot(page, offline_demo).load().open()
    send(page, "I was diagnosed 3 months ago, one adrenal spot. Could the adrenal be removed?")
    fake.emit(*short_assessment_turn())
    card = page.locator(CARD)
    assert card.count() == 1 and card.get_attribute("data-category") == "synchronous_oligometastatic"
    # At most about 120 words of text in the turn, besides the card.
    words = len(re.findall(r"\w+", "\n".join(turn_texts(page))))
    assert words <= 120, (words, turn_texts(page))
    text = "\n".join(turn_texts(page))
    assert "a few spots found at the same time" in text and "adrenal gland: surgery or SBRT" in text
    assert "salVage trial pre-screen" in text and "Next step" in text and "0100 000 0001" in text
    # The picture is in the card, with its caption and the words alternative.
    figure = card.locator("figure.diagram")
    assert figure.locator("svg[role=img]").count() == 1
    assert figure.locator("svg").get_attribute("aria-labelledby") == figure.locator("figcaption").get_attribute("id")
    assert figure.locator("details summary").inner_text() == "The picture in words"
    steps = figure.locator("details li").all_text_contents()
    assert (
        steps[0].startswith("Step 1: Counted: 1 spot outside the brain")
        and "up to 5 spots in up to 3 organs" in steps[0]
    )
    assert steps[-1].startswith("Result: A few spots found at the same time")
    assert figure.locator("svg .d-chip.on").count() == 4  # one answer taken a step
    # The summary came with the card: no second "summary ready" card; the quick replies are last, in order.
    assert page.locator(".panel .card.summary-ready").count() == 0
    assert page.locator(REPLIES).locator("button").all_inner_texts() == DETAILS
    assert page.locator(".panel .log > *").last.evaluate("n => n.classList.contains('replies')")
    assert_no_raw_json(visible_text(page))
    # A detail reply sends its own words (read like typed text), shown as the person's message.
    page.locator(REPLIES).get_by_role("button", name="What do the studies say?").click()
    assert fake.sent()[-1]["message"] == "What do the studies say?"
    assert page.locator(".panel .msg.user .bubble").last.inner_text() == "What do the studies say?"
    # The card's download button still makes the file from the summary that came with the card.
    with page.expect_download() as info:
        card.get_by_role("button", name="Download summary for my appointment").click()
    html = open(info.value.path(), encoding="utf-8").read()
    assert "Where your situation fits" in html and "<svg" in html


def test_the_picture_is_imported_through_an_allow_list(page, offline_demo):
    fake = FakeBot(page, offline_demo).load().open()
    evil = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10" '
        'onload="window.__pwned=1"><script>window.__pwned=2</script><style>*{display:none}</style>'
        '<rect class="d-box" x="0" y="0" width="10" height="10" fill="url(#x)" onclick="window.__pwned=3"/>'
        '<a href="javascript:window.__pwned=4"><text x="1" y="5">click</text></a>'
        '<foreignObject><img xmlns="http://www.w3.org/1999/xhtml" src="x" onerror="window.__pwned=5"/></foreignObject>'
        '<image href="https://example.org/x.png" width="5" height="5"/><text x="1" y="9" style="fill:red">ok</text></svg>'
    )
    turn = short_assessment_turn()
    turn[1]["diagram"] = dict(turn[1]["diagram"], svg=evil)
    fake.emit(*turn)
    svg = page.locator(CARD).locator("figure.diagram svg")
    markup = svg.evaluate("s => s.outerHTML")
    for bad in ("script", "style", "onload", "onclick", "href", "foreignObject", "<image", "url(", "<a", "<img"):
        assert bad not in markup, (bad, markup)
    assert "ok" in markup and 'class="d-box"' in markup
    page.wait_for_timeout(200)
    assert page.evaluate("window.__pwned") is None
    # Not SVG at all (or HTML posing as it): no picture, the words stay.
    turn[1]["diagram"] = dict(turn[1]["diagram"], svg='<img src=x onerror="window.__pwned=6">')
    fake.emit(*turn)
    assert page.locator(CARD).nth(1).locator("figure.diagram svg").count() == 0
    assert page.locator(CARD).nth(1).locator("figure.diagram details li").count() >= 2
    assert page.evaluate("window.__pwned") is None


@pytest.mark.parametrize("width,height", [(360, 740), (1280, 800)])
@pytest.mark.parametrize("forced", [False, True])
def test_picture_scales_and_keeps_contrast(chromium, offline_demo, width, height, forced):
    ctx = chromium.new_context(
        viewport={"width": width, "height": height}, device_scale_factor=2, forced_colors="active" if forced else "none"
    )
    try:
        page = ctx.new_page()
        fake = FakeBot(page, offline_demo).load().open()
        fake.emit(*short_assessment_turn())
        card, svg = page.locator(CARD), page.locator(CARD).locator("figure.diagram svg")
        svg.scroll_into_view_if_needed()
        box, card_box = svg.bounding_box(), card.bounding_box()
        assert (
            box["width"] > 200
            and box["x"] >= card_box["x"]
            and box["x"] + box["width"] <= card_box["x"] + card_box["width"] + 0.5
        )
        assert box["x"] + box["width"] <= width
        assert page.locator(LOG).evaluate("el => el.scrollWidth <= el.clientWidth + 1")
        # The text inside the picture is not shrunk below a readable size.
        font = svg.evaluate(
            "s => { const t = s.querySelector('text.d-text'); return t.getBoundingClientRect().height; }"
        )
        assert font >= 11, font
        on_fill = svg.evaluate("s => getComputedStyle(s.querySelector('.d-chip.on')).fill")
        off_fill = svg.evaluate("s => getComputedStyle(s.querySelector('.d-chip:not(.on)')).fill")
        on_text = svg.evaluate("s => getComputedStyle(s.querySelector('text.on')).fill")
        assert on_fill != off_fill and on_text != on_fill
        if forced:  # system colours (Chromium's forced palette), not the author's blue
            assert on_fill != "rgb(11, 79, 138)"
        name = f"assessment-picture-{width}{'-forced-colours' if forced else ''}"
        svg.evaluate("s => s.scrollIntoView({ block: 'start' })")
        shot(page, name)
    finally:
        ctx.close()


def test_printed_summary_is_a_page_a_clinician_can_read(chromium, page, offline_demo, tmp_path):
    for tool in ("pdftoppm", "pdftotext", "pdfinfo"):
        if not shutil.which(tool):
            pytest.fail(f"{tool} is missing: install poppler-utils (scripts/system_deps.sh)")
    fake = FakeBot(page, offline_demo).load().open()
    send(page, "Could the adrenal be removed?")
    fake.emit(*short_assessment_turn())
    with page.expect_download() as info:
        page.locator(CARD).get_by_role("button", name="Download summary for my appointment").click()
    html_path = tmp_path / "appointment-summary.html"
    html_path.write_text(open(info.value.path(), encoding="utf-8").read(), encoding="utf-8")
    html = html_path.read_text(encoding="utf-8")
    assert "<script" not in html.lower() and " on" not in re.sub(r"<[^>]*>", "", html)[:0]  # no script
    ctx = chromium.new_context(viewport={"width": 794, "height": 1123})
    try:
        doc = ctx.new_page()
        doc.goto(html_path.as_uri())
        body = doc.locator("body").inner_text()
        for expected in (
            "What I told the assistant",
            "The cancer is non-small cell lung cancer.",
            "a few spots found at the same time as the lung cancer (synchronous oligometastatic disease)",
            "Why the assistant placed it there",
            "That fits the definition of a few spots",
            "The path through the classification",
            "Step 1: Counted",
            "Questions to ask my team",
            "Could my case be discussed at the multidisciplinary team meeting?",
            "Sources of the information shown",
            "Gomez et al., J Clin Oncol 2019",
            "Review status: Not yet reviewed by a clinician",
            "Review status: Reviewed by Dr A. Example on 1 November 2026",
            "Clinic: Example Thoracic Oncology Clinic",
            "Made on",
            "Could the adrenal be removed?",
        ):
            assert expected in body, expected
        assert doc.locator("figure svg[role=img]").count() == 1
        doc.emulate_media(media="print")
        # Nothing wider than the printed page: no text or picture is cut off at the right edge.
        overflow = doc.evaluate("""() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
            .map(e => e.tagName + ' ' + (e.textContent || '').slice(0, 40))""")
        assert overflow == [], overflow
        pdf = tmp_path / "summary.pdf"
        doc.pdf(path=str(pdf), format="A4", print_background=False)
    finally:
        ctx.close()
    pages = int(
        re.search(
            r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        ).group(1)
    )
    assert 1 <= pages <= 4, pages
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    for expected in (
        "Questions to ask my team",
        "Not yet reviewed by a clinician",
        "Example Thoracic Oncology Clinic",
        "Result: A few spots found",
        "https://doi.org/10.1200/JCO.19.00201",
    ):
        assert expected in text, expected
    # Every page has text on it (no blank page from a break), and each is saved as a picture to look at.
    for n, page_text in enumerate(text.split("\f")[:pages], 1):
        assert page_text.strip(), f"page {n} is empty"
    prefix = ARTIFACTS / "summary-print"
    for old in ARTIFACTS.glob("summary-print-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(prefix)], check=True)
    shutil.copy(pdf, ARTIFACTS / "summary-print.pdf")
    assert len(list(ARTIFACTS.glob("summary-print-*.png"))) == pages


# ---------------------------------------------------------------- accessibility tree (Chromium, CDP)


def ax_nodes(page):
    cdp = page.context.new_cdp_session(page)
    nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    cdp.detach()
    return nodes


def prop(node, name):
    for p in node.get("properties", []):
        if p["name"] == name:
            return p["value"].get("value")
    return None


def role(node):
    return (node.get("role") or {}).get("value")


def ax_name(node):
    return (node.get("name") or {}).get("value") or ""


def live_roots(nodes):
    """The nodes that start a live region (their own `live` differs from their parent's container)."""
    by_id = {n["nodeId"]: n for n in nodes}
    roots = []
    for n in nodes:
        if prop(n, "live") in ("polite", "assertive") and prop(n, "live") is not None:
            parent = by_id.get(n.get("parentId"))
            if parent is None or prop(parent, "live") in (None, "off"):
                roots.append(n)
    return roots


def ancestors(node, by_id):
    out = []
    cur = by_id.get(node.get("parentId"))
    while cur is not None:
        out.append(cur)
        cur = by_id.get(cur.get("parentId"))
    return out


def test_accessibility_tree_announcements(page, offline_demo):
    fake = FakeBot(page, offline_demo).load().open()
    send(page, "I coughed up a tablespoon of blood just now")
    fake.emit(
        {"text": "Please call 999 now, or go to A&E."}, {"alert": {"level": "emergency", "reason": "haemoptysis"}}
    )
    fake.emit(*short_assessment_turn())
    nodes = ax_nodes(page)
    by_id = {n["nodeId"]: n for n in nodes}
    logs = [n for n in nodes if role(n) == "log"]
    assert len(logs) == 1, [ax_name(n) for n in logs]
    log = logs[0]
    # The log announces what is added (not the whole history again): polite, additions, not atomic.
    assert prop(log, "live") == "polite" and prop(log, "atomic") in (False, None)
    assert prop(log, "relevant") in ("additions", "additions text"), prop(log, "relevant")
    # The alert is an alert, outside the log: announced once, assertively, not again as a log addition.
    alerts = [n for n in nodes if role(n) == "alert"]
    assert len(alerts) == 1
    assert log not in ancestors(alerts[0], by_id)
    assert prop(alerts[0], "live") == "assertive"
    # Every message of the turn is inside exactly one live region, the log: nothing announces it twice.
    roots = live_roots(nodes)
    root_ids = {r["nodeId"] for r in roots}
    texts = [n for n in nodes if role(n) in ("StaticText",) and "salVage trial pre-screen" in ax_name(n)]
    assert texts, "the turn's text is not in the accessibility tree"
    for t in texts:
        live_above = [a for a in ancestors(t, by_id) if a["nodeId"] in root_ids]
        assert [a["nodeId"] for a in live_above] == [log["nodeId"]], [role(a) for a in live_above]
    card = [n for n in nodes if role(n) == "article" and "Your situation, as I understood it" in ax_name(n)]
    assert card and log in ancestors(card[0], by_id)
    # The picture is an image named by its caption, with its words a keyboard-reachable disclosure.
    images = [n for n in nodes if role(n) == "image" and ax_name(n) == "Where your situation fits"]
    assert len(images) == 1
    assert [n for n in nodes if ax_name(n) == "The picture in words" and role(n) in ("DisclosureTriangle", "button")]


def test_keyboard_order_and_focus_not_hidden_by_the_message_box(chromium, offline_demo):
    ctx = chromium.new_context(viewport={"width": 360, "height": 640}, device_scale_factor=2)
    try:
        page = ctx.new_page()
        fake = FakeBot(page, offline_demo).load().open()
        fake.emit(*short_assessment_turn())
        # From the log onwards, Tab goes: the card's links and controls, the picture in
        # words, the download button, then the quick replies in order, then the message box.
        page.locator(LOG).focus()
        page.keyboard.press("Tab")
        assert page.evaluate(f"({FOCUSED})().closest('.card.assessment') !== null")
        order, visible = [], []
        composer = page.locator(".panel form.composer").bounding_box()
        log = page.locator(LOG).bounding_box()
        for _ in range(20):
            info = page.evaluate(f"""() => {{ const e = ({FOCUSED})(); const r = e.getBoundingClientRect();
                const s = getComputedStyle(e);
                return {{ tag: e.tagName, text: (e.textContent || '').trim().slice(0, 40), top: r.top, bottom: r.bottom,
                          outline: s.outlineStyle, width: parseFloat(s.outlineWidth) }}; }}""")
            order.append(info["text"] if info["tag"] != "TEXTAREA" else "TEXTAREA")
            if info["tag"] == "TEXTAREA":
                break
            # 2.4.11: the focused control is not hidden by the message box (or anything below the log).
            assert info["top"] >= log["y"] - 1 and info["bottom"] <= composer["y"] + 1, info
            assert info["outline"] != "none" and info["width"] >= 2, info
            visible.append(info["text"])
            page.keyboard.press("Tab")
        words_at = order.index("The picture in words")
        download_at = next(i for i, t in enumerate(order) if t.startswith("Download summary"))
        replies_at = [order.index(t) for t in DETAILS]
        assert words_at < download_at < replies_at[0], order
        assert replies_at == sorted(replies_at) and order[-1] == "TEXTAREA", order
        # The words alternative opens from the keyboard.
        page.locator(CARD).locator("details summary").focus()
        page.keyboard.press("Enter")
        assert page.locator(CARD).locator("details").evaluate("d => d.open")
        assert page.locator(CARD).locator("details li").first.is_visible()
        shot(page, "assessment-keyboard-360")
    finally:
        ctx.close()


def test_axe_with_the_short_assessment(page, offline_demo):
    fake = FakeBot(page, offline_demo).load().open()
    send(page, "Could the adrenal be removed?")
    fake.emit(*short_assessment_turn())
    page.locator(CARD).locator("details summary").click()
    violations = run_axe(page)
    assert not violations, format_violations(violations)
