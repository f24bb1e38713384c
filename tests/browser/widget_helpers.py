"""Helpers shared by the browser tests (screenshots, axe-core, text checks, the fake-transport host page)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Dict, List

from tests import situations

HERE = Path(__file__).resolve().parent
ROOT_DIR = HERE.parents[1]
ARTIFACTS = HERE / "artifacts"
AXE = HERE / "vendor" / "axe.min.js"


def shot(page, name: str, full_page: bool = False) -> Path:
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def inject_axe(page) -> None:
    try:
        page.add_script_tag(path=str(AXE))
    except Exception as exc:
        if "Content Security Policy" not in str(exc):
            raise
        # The demo page's strict CSP (script-src 'self') refuses an inline copy: serve it from the page's origin.
        url = page.evaluate("location.origin") + "/__test_axe.min.js"
        page.route(url, lambda route: route.fulfill(path=str(AXE), content_type="text/javascript"))
        page.add_script_tag(url=url)


def run_axe(page, include: str | None = None) -> List[Dict[str, Any]]:
    """axe-core's serious and critical violations (WCAG 2.0/2.1/2.2 A and AA rules and best practices)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        inject_axe(page)
    result = page.evaluate(
        """async (include) => {
            const context = include ? { include: [include] } : document;
            const r = await axe.run(context, { resultTypes: ['violations'],
                runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } });
            return r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => ({ target: n.target, summary: n.failureSummary })) }));
        }""",
        include,
    )
    return [v for v in result if v["impact"] in ("serious", "critical")]


def format_violations(violations: List[Dict[str, Any]]) -> str:
    return json.dumps(violations, indent=2)


def visible_text(page) -> str:
    """Everything the widget shows, as text (pierces the shadow root)."""
    return page.evaluate("""() => {
        const host = document.querySelector('[data-lung-info-chat]');
        return host && host.shadowRoot ? host.shadowRoot.querySelector('.panel').innerText : '';
    }""")


RAW_JSON = re.compile(
    r'[{}\[\]]|"\w+"\s*:|within_definition|trial_prescreen|metastasis_count|'
    r'synchronous_oligometastatic|brain_metastasis_count|local_options'
)


def assert_no_raw_json(text: str) -> None:
    m = RAW_JSON.search(text)
    assert not m, f"raw machine data shown to the patient near: {text[max(0, m.start() - 80) : m.end() + 80]!r}"


# ---------------------------------------------------------------- the widget's parts (open shadow root)

LAUNCHER = "button.launcher"
PANEL = ".panel"
INPUT = ".panel textarea"
LOG = ".panel .log"
REPLIES = ".panel .log .replies"
CARD = ".panel .card.assessment"
ALERT = ".panel .alerts .alert"
STATUS = ".panel .status"
URGENT_BUTTON = ".panel button.urgent-now"
URGENT_CARD = ".panel .card.urgent-help"
# The widget's root in the shadow root carries the turn marker (web/src/widget.js, "the turn marker").
TURN = ".wrap[data-turn]"


def send(page, text: str) -> None:
    page.locator(INPUT).fill(text)
    page.locator(INPUT).press("Enter")


def turns_done(page) -> int:
    """How many turns the server has finished (and the widget rendered) since the page loaded."""
    return int(page.locator(TURN).get_attribute("data-turns"))


def wait_for_turn(page, turns: int, timeout: float) -> None:
    """Waits until the widget marks turn number `turns` done: the server finished it and every reply of it is
    in the log. Fails at once if the connection dropped the turn ("lost"), and after `timeout` seconds."""
    marker = page.locator(f'.wrap[data-turn="done"][data-turns="{turns}"], .wrap[data-turn="lost"]')
    try:
        marker.wait_for(state="attached", timeout=timeout * 1000)
    except Exception as exc:  # playwright's TimeoutError
        raise AssertionError(
            f"turn {turns} not done after {timeout:g} s (data-turn={page.locator(TURN).get_attribute('data-turn')}); "
            f"the widget shows:\n{visible_text(page)}"
        ) from exc
    state = page.locator(TURN).get_attribute("data-turn")
    assert state == "done", f"turn {turns} {state}; the widget shows:\n{visible_text(page)}"


def bot_texts(page) -> List[str]:
    return page.locator(".panel .msg.bot:not(.intro) .bubble").all_inner_texts()


def user_texts(page) -> List[str]:
    return page.locator(".panel .msg.user .bubble").all_inner_texts()


# ---------------------------------------------------------------- fake transport

FAKE_HOST = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Widget test host</title>
<style>
  html { font-size: 10px; } body { font: 2rem Georgia, serif; color: #333; margin: 0; }
  button { background: hotpink !important; color: yellow; font-size: 40px; }
  * { line-height: 3 !important; }
  main { padding: 2rem; }
</style></head>
<body><main><h1>Test host page</h1><p>Some text, and <a href="#x">a link</a>.</p></main>
<script>
  window.__fake = { sent: [], done: [], state: "ready", hooks: null,
    emit(m) { this.hooks.message(m); },
    endTurn() { const d = this.done.shift(); if (d) d(); return Boolean(d); },
    setState(s) { this.state = s; this.hooks.state(s); } };
  window.__fakeTransport = function (config, hooks) {
    __fake.hooks = hooks; __fake.config = config;
    return {
      connect() { hooks.state("connecting"); setTimeout(() => hooks.state(__fake.state), 20); },
      send(text, done) { __fake.sent.push({ message: text, session_id: hooks.sessionId() }); __fake.done.push(done); },
      retry() { hooks.state(__fake.state); },
      newSession() { __fake.newSession = hooks.sessionId(); },
      close() {}
    };
  };
</script>
<script src="/widget.js" data-autostart="false"></script>
<script>
  window.__widget = LungInfoChat.mount({ server: "http://127.0.0.1:9", title: "Lung cancer information",
    clinic: "Example Thoracic Oncology Clinic", transport: window.__fakeTransport });
</script>
</body></html>
"""


class FakeBot:
    """Plays the bot's side of the Socket.IO channel inside the page (what Rasa's socketio channel emits)."""

    def __init__(self, page, base: str) -> None:
        self.page = page
        self.url = base + "/fake-host.html"
        page.route(self.url, lambda route: route.fulfill(status=200, content_type="text/html", body=FAKE_HOST))

    def load(self) -> "FakeBot":
        self.page.goto(self.url)
        return self

    def open(self) -> "FakeBot":
        self.page.locator(LAUNCHER).click()
        self.page.wait_for_function("() => window.__fake.hooks !== null")
        self.page.wait_for_function("() => window.__widget.state === 'ready'")
        return self

    def emit(self, *messages: Dict[str, Any]) -> None:
        for m in messages:
            self.page.evaluate("m => window.__fake.emit(m)", m)

    def end_turn(self) -> bool:
        """The server's end of the oldest unfinished turn (the Socket.IO acknowledgement); False if none."""
        return self.page.evaluate("window.__fake.endTurn()")

    def sent(self) -> List[Dict[str, str]]:
        return self.page.evaluate("window.__fake.sent")

    def state(self, name: str) -> None:
        self.page.evaluate("s => window.__fake.setState(s)", name)


# What Rasa 3.6's socketio channel emits for one assessment turn (actions/assessment.py), one emit each.
ASSESSMENT = {
    "category": "synchronous_oligometastatic",
    "within_definition": True,
    "metastasis_count": 1,
    "brain_metastasis_count": 0,
    "organ_count": 1,
    "trial_prescreen": "possible",
    "local_options": ["surgery", "radiotherapy", "ablation"],
    "content": ["lct-evidence-synchronous"],
    "citations": [
        {"label": "Gomez et al., J Clin Oncol 2019", "doi": "10.1200/JCO.19.00201"},
        {"label": "Palma et al., J Clin Oncol 2020 (SABR-COMET)", "doi": "10.1200/JCO.20.00818"},
    ],
}
SUMMARY = {
    "title": "My questions about local treatment",
    "clinic": "Example Thoracic Oncology Clinic",
    "what_i_told": ["The cancer is non-small cell lung cancer.", "There is 1 spot outside the lung and brain."],
    "situation": "a few spots found at the same time as the lung cancer",
    "questions": [
        "Could the adrenal spot be treated with surgery or radiotherapy?",
        "Would treating it change my drug treatment?",
    ],
    "contact": "Lung cancer clinical nurse specialist team: 0100 000 0001",
    "note": "General information from an information service, not medical advice.",
}
ASSESSMENT_TURN = [
    {
        "text": "Thank you. From what you told me, your situation fits: **a few spots found at the same time as "
        "the lung cancer**. Doctors call this synchronous oligometastatic disease."
    },
    {"text": "This is general information, not advice for you. Your own team decides with you."},
    {"assessment": ASSESSMENT},
    {
        "text": "Treatments doctors discuss for each place (what is discussed, not what is advised):\n"
        "- The adrenal gland: surgery to remove the adrenal gland, targeted radiotherapy (SBRT)"
    },
    {"text": "You could ask your team about these at your next appointment."},
    {"summary": SUMMARY},
]


# ---------------------------------------------------------------- the short assessment turn (issue 16)


def short_assessment_turn(situation: Dict[str, Any] | None = None) -> List[Dict[str, Any]]:
    """What Rasa's socketio channel emits for the short assessment turn, made by the real bot code
    (bot/explain.py, bot/diagram.py, bot/referral.py) for `situation` (default: e01 of the shared examples):
    the opening text, one custom payload {assessment, diagram, summary}, then the rest with the quick replies
    on its last paragraph (the channel emits one message a paragraph)."""
    import sys

    if str(ROOT_DIR) not in sys.path:
        sys.path.insert(0, str(ROOT_DIR))
    from bot import explain, referral
    from bot.diagram import diagram
    from bot.framework import assess
    from bot.settings import clinic

    facts = situation or E01_FACTS
    a = assess(facts)
    payload = dict(
        a.payload(),
        category_name=explain.categories()[a.category]["name"],
        content=["category-" + a.category.replace("_", "-"), "evidence-gomez"],
        citations=ASSESSMENT["citations"],
    )
    items = [
        _Item(
            "evidence-gomez",
            "The Gomez trial: treating every spot after first drug treatment",
            [{"label": "Gomez et al., J Clin Oncol 2019", "doi": "10.1200/JCO.19.00201"}],
            None,
        ),
        _Item(
            "sabr-comet",
            "The SABR-COMET trial: SABR to each spot",
            [{"label": "Palma et al., J Clin Oncol 2020 (SABR-COMET)", "doi": "10.1200/JCO.20.00818"}],
            "Reviewed by Dr A. Example on 1 November 2026",
        ),
    ]
    summary = referral.printable_summary(facts, a, clinic(), payload["category_name"], items=items)
    opening, rest = explain.short(a, clinic())
    parts = rest.strip().split("\n\n")
    buttons = [
        {"content_type": "text", "title": b["title"], "payload": b["payload"]} for b in explain.detail_buttons(a)
    ]
    return (
        [{"text": opening}, {"assessment": payload, "diagram": diagram(facts, a), "summary": summary}]
        + [{"text": p} for p in parts[:-1]]
        + [{"text": parts[-1], "quick_replies": buttons}]
    )


class _Cite:
    def __init__(self, d: Dict[str, str]) -> None:
        self.label = d["label"]
        self._d = d

    def payload(self) -> Dict[str, str]:
        return dict(self._d)


class _Item:
    def __init__(self, id: str, title: str, citations: List[Dict[str, str]], review: str | None) -> None:
        self.id, self.title, self.citations = id, title, [_Cite(c) for c in citations]
        if review:
            self.review_line = review


E01_FACTS = situations.situation(metastasis_count=1, metastasis_organs=["adrenal"], systemic_therapy_cycles=3)
