"""A picture of where a situation stands on the framework's path (framework.md §1–3), from the Assessment.

`diagram(situation, a)` gives the assessment message's `diagram` payload:
  {"title": str, "svg": str, "text": str, "steps": [str, ...]}
  - svg: an inline SVG (no script, no style, no links, no external references: only svg, title, desc, g,
    rect, line, path, circle and text elements with geometry, class and presentation attributes), which
    the widget imports element by element through its allow-list, never as markup;
  - steps: the same path in words, one sentence a step (the text alternative); text: them joined.

The path: the count against "up to 5 spots in up to 3 organs" (Dingemans 2019), then the ESTRO/EORTC
questions (Guckenberger 2020) with the answer taken marked (filled, bold, a tick: not colour alone), and
the category at the end. The walk mirrors bot/framework.py: it reads the same normalised facts and stops
where the assessment stopped (a fact not known ends it as `undetermined`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional
from xml.sax.saxutils import escape

from bot.framework import MAX_METASTASES, MAX_ORGANS, PROGRESSING_TRENDS, SYNCHRONOUS_MONTHS, Assessment
from bot.organs import phrase
from bot.slots import UNKNOWN, normalise_all

TITLE = "Where your situation fits"
COUNT_RULE = f"up to {MAX_METASTASES} spots in up to {MAX_ORGANS} organs"
ANSWER_WORDS = {"yes": "Yes", "no": "No", "unknown": "Not known"}
SHORT_NAMES = {
    "synchronous_oligometastatic": "Synchronous oligometastatic disease",
    "metachronous_oligorecurrence": "Metachronous oligorecurrence",
    "metachronous_oligoprogression": "Metachronous oligoprogression",
    "repeat_oligorecurrence": "Repeat oligorecurrence",
    "repeat_oligoprogression": "Repeat oligoprogression",
    "repeat_oligopersistence": "Repeat oligopersistence",
    "induced_oligorecurrence": "Induced oligorecurrence",
    "induced_oligoprogression": "Induced oligoprogression",
    "induced_oligopersistence": "Induced oligopersistence",
    "polymetastatic": "Polymetastatic disease (more than a few spots)",
    "not_metastatic": "Not spread to distant parts (stage 1 to 3)",
    "not_nsclc": "Not non-small cell lung cancer",
    "undetermined": "Not possible to place yet",
}


@dataclass
class Step:
    question: str
    answer: str  # yes / no / unknown
    detail: str = ""  # the count step: what was counted
    counts: Optional[Dict[str, Any]] = None

    def sentence(self) -> str:
        if self.counts is not None:
            verdict = {
                "yes": f"That fits the definition of a few spots: {COUNT_RULE}, with no cancer in fluid.",
                "no": f"That is more than the definition of a few spots allows ({COUNT_RULE}, with no "
                "cancer in fluid).",
                "unknown": "Some of these facts are not known yet, so the count cannot be checked.",
            }
            return f"Counted: {self.detail}. {verdict[self.answer]}"
        return f"{self.question} {ANSWER_WORDS[self.answer]}."


@dataclass
class Path:
    steps: List[Step] = field(default_factory=list)
    category: str = "undetermined"
    assumption: str = ""


def _yes_no(value: Any) -> str:
    if value == UNKNOWN or value is None:
        return "unknown"
    return "yes" if value else "no"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _count_step(s: Dict[str, Any], a: Assessment) -> Step:
    parts = []
    count, brain = s.get("metastasis_count"), s.get("brain_metastasis_count")
    parts.append(
        _plural(int(count), "spot") + " outside the brain"
        if isinstance(count, (int, float))
        else "the number of spots outside the brain not known"
    )
    if isinstance(brain, (int, float)):
        parts.append(_plural(int(brain), "spot") + " in the brain" if brain else "no spots in the brain")
    elif "brain_metastasis_count" in a.missing:
        parts.append("spots in the brain not known")
    if a.organ_count is not None:
        parts.append(f"in {_plural(a.organ_count, 'organ')}")
    elif "metastasis_organs" in a.missing:
        parts.append("the organs not known")
    effusion = s.get("malignant_effusion")
    if effusion is True:
        parts.append("cancer in fluid around the lung or heart")
    elif effusion is False:
        parts.append("no cancer in fluid")
    organs = s.get("metastasis_organs")
    if isinstance(organs, list) and "pleura" in organs:
        parts.append(f"spread to {phrase('pleura')}")
    answer = {True: "yes", False: "no", None: "unknown"}[a.within_definition]
    total = None
    if isinstance(count, (int, float)):
        total = int(count) + (int(brain) if isinstance(brain, (int, float)) else 0)
    counts = {"spots": total, "organs": a.organ_count, "effusion": effusion is True}
    return Step("Does the spread fit the definition of a few spots?", answer, ", ".join(parts), counts)


def walk(situation: Dict[str, Any], a: Assessment) -> Path:
    """The steps the framework took for this situation, in order, ending where the assessment ended."""
    s = normalise_all(situation)
    p = Path(category=a.category or "undetermined")
    if a.category == "not_nsclc":
        p.steps.append(Step("Is it non-small cell lung cancer?", "no"))
        return p
    if s.get("histology") == UNKNOWN:
        p.assumption = "The type of lung cancer is not known: the picture assumes non-small cell lung cancer."
    if a.category == "not_metastatic":
        p.steps.append(Step("Has the cancer spread to distant parts of the body?", "no"))
        return p
    count_facts = ("metastasis_count", "brain_metastasis_count", "metastasis_organs", "malignant_effusion")
    if a.category == "undetermined" and a.within_definition is None and not any(f in a.missing for f in count_facts):
        p.steps.append(Step("Has the cancer spread to distant parts of the body?", "unknown"))
        return p
    p.steps.append(_count_step(s, a))
    if a.within_definition is not True:
        return p

    def ask(question: str, slot: str) -> str:
        answer = _yes_no(s.get(slot))
        p.steps.append(Step(question, answer))
        return answer

    def on_treatment() -> None:
        if ask("Are you on drug treatment now?", "on_systemic_therapy") != "yes":
            return
        trend = s.get("disease_trend")
        answer = "unknown" if trend in (UNKNOWN, None) else ("yes" if trend in PROGRESSING_TRENDS else "no")
        p.steps.append(Step("Are some spots growing, or new, on treatment?", answer))

    widespread = ask("Was the cancer ever widespread before?", "previously_widespread")
    if widespread == "yes":
        on_treatment()
        return p
    if widespread == "unknown":
        return p
    before = ask(
        "Were spots treated before with surgery, radiotherapy or ablation?", "previous_local_treatment_for_metastases"
    )
    if before == "yes":
        on_treatment()
        return p
    if before == "unknown":
        return p
    months = s.get("months_since_diagnosis")
    within = "unknown" if months in (UNKNOWN, None) else ("yes" if months <= SYNCHRONOUS_MONTHS else "no")
    p.steps.append(Step(f"Were the spots found within {SYNCHRONOUS_MONTHS} months of the lung cancer?", within))
    if within == "no":
        ask("Are you on drug treatment now?", "on_systemic_therapy")
    return p


def sentences(p: Path, category_name: str) -> List[str]:
    out = [f"Step {i}: {step.sentence()}" for i, step in enumerate(p.steps, 1)]
    out.append(f"Result: {category_name}.")
    if p.assumption:
        out.append(p.assumption)
    return out


# ---------------------------------------------------------------- drawing

WIDTH = 320
PAD = 8
LINE = 16  # px between text lines at font-size 13
CHARS = 36  # characters per line at font-size 13 in the box width (bold, wide glyphs)


def _wrap(text: str, width: int = CHARS) -> List[str]:
    lines: List[str] = []
    line = ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    return lines or [""]


def _text(
    x: float, y: float, lines: List[str], cls: str, anchor: str = "start", size: int = 13, weight: str = "normal"
) -> str:
    fill = "#ffffff" if "on" in cls.split() else "#1b1b1b"
    spans = "".join(f'<tspan x="{x:g}" dy="{0 if i == 0 else LINE}">{escape(t)}</tspan>' for i, t in enumerate(lines))
    return (
        f'<text class="{cls}" x="{x:g}" y="{y:g}" font-size="{size}" font-weight="{weight}" '
        f'text-anchor="{anchor}" fill="{fill}">{spans}</text>'
    )


def _chip(x: float, y: float, w: float, label: str, on: bool) -> str:
    cls = "d-chip on" if on else "d-chip"
    rect = f'<rect class="{cls}" x="{x:g}" y="{y:g}" width="{w:g}" height="24" rx="12" ' + (
        'fill="#0b4f8a" stroke="#0b4f8a" stroke-width="2"/>'
        if on
        else 'fill="#ffffff" stroke="#6b6b6b" stroke-width="1" stroke-dasharray="3 3"/>'
    )
    text = _text(
        x + w / 2,
        y + 16.5,
        [("✓ " if on else "") + label],
        "d-chip-text on" if on else "d-chip-text d-muted",
        anchor="middle",
        size=12,
        weight="bold" if on else "normal",
    )
    return rect + text


def _dots(x: float, y: float, label: str, n: Optional[int], limit: int) -> str:
    """`limit` squares, the first n filled; a count above the limit shows the overflow as '+k'."""
    out = [_text(x, y + 12, [label], "d-small", size=12)]
    x0 = x + 62
    for i in range(limit):
        filled = n is not None and i < n
        out.append(
            f'<rect class="{"d-dot on" if filled else "d-dot"}" x="{x0 + i * 16:g}" y="{y + 2:g}" '
            f'width="12" height="12" rx="2" fill="{"#0b4f8a" if filled else "#ffffff"}" '
            f'stroke="#0b4f8a" stroke-width="1.5"/>'
        )
    tail = "?" if n is None else f"{n} of up to {limit}" if n <= limit else f"{n}: {n - limit} more than {limit}"
    out.append(
        _text(
            x0 + limit * 16 + 4,
            y + 12,
            [tail],
            "d-small",
            size=12,
            weight="bold" if n is not None and n > limit else "normal",
        )
    )
    return "".join(out)


def _arrow(y0: float, y1: float) -> str:
    x = WIDTH / 2
    return (
        f'<line class="d-arrow" x1="{x:g}" y1="{y0:g}" x2="{x:g}" y2="{y1 - 6:g}" stroke="#1b1b1b" stroke-width="2"/>'
        f'<path class="d-arrow-head" d="M{x - 5:g} {y1 - 7:g} L{x + 5:g} {y1 - 7:g} L{x:g} {y1:g} Z" fill="#1b1b1b"/>'
    )


def svg(p: Path, category_name: str, title: str, description: str) -> str:
    parts: List[str] = []
    y = PAD
    inner = WIDTH - 2 * PAD
    for step in p.steps:
        top = y
        lines = _wrap(step.question)
        body: List[str] = [_text(PAD + 10, top + 18, lines, "d-text", weight="bold")]
        h = 10 + LINE * len(lines)
        if step.counts is not None:
            body.append(_dots(PAD + 10, top + h, "Spots", step.counts["spots"], MAX_METASTASES))
            body.append(_dots(PAD + 10, top + h + 18, "Organs", step.counts["organs"], MAX_ORGANS))
            h += 38
            if step.counts["effusion"]:
                body.append(_text(PAD + 10, top + h + 12, ["Cancer in fluid: yes"], "d-small", size=12, weight="bold"))
                h += 18
        answers = ["yes", "no"] + (["unknown"] if step.answer == "unknown" else [])
        cw = 78 if len(answers) == 2 else 84
        x = PAD + 10
        for ans in answers:
            body.append(_chip(x, top + h + 4, cw, ANSWER_WORDS[ans], step.answer == ans))
            x += cw + 8
        h += 36
        parts.append(
            f'<g class="d-step"><rect class="d-box" x="{PAD}" y="{top:g}" width="{inner}" height="{h:g}" '
            f'rx="6" fill="#f4f7fb" stroke="#6b6b6b" stroke-width="1"/>{"".join(body)}</g>'
        )
        y = top + h + 22
        parts.append(_arrow(top + h, y))
    lines = _wrap(category_name, 36)
    h = 18 + LINE * (len(lines) + 1)
    parts.append(
        f'<g class="d-step d-result"><rect class="d-end" x="{PAD}" y="{y:g}" width="{inner}" height="{h:g}" '
        f'rx="8" fill="#ffffff" stroke="#0b4f8a" stroke-width="3"/>'
        + _text(PAD + 12, y + 20, ["Result"], "d-small", size=12)
        + _text(PAD + 12, y + 20 + LINE, lines, "d-text", weight="bold")
        + "</g>"
    )
    height = y + h + PAD
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:g}" width="{WIDTH}" '
        f'height="{height:g}" role="img" aria-labelledby="d-title d-desc" class="diagram-svg">'
        f'<title id="d-title">{escape(title)}</title><desc id="d-desc">{escape(description)}</desc>'
        + "".join(parts)
        + "</svg>"
    )


def diagram(situation: Dict[str, Any], a: Assessment) -> Dict[str, Any]:
    """The `diagram` payload for a placed (complete) assessment."""
    from bot.explain import categories

    p = walk(situation, a)
    c = categories().get(p.category) or {"name": SHORT_NAMES[p.category], "term": ""}
    name = c["name"][:1].upper() + c["name"][1:]
    if c["term"] and c["term"] != "undetermined":
        name += f" ({c['term']})"
    steps = sentences(p, name)
    text = " ".join(steps)
    return {"title": TITLE, "svg": svg(p, name, TITLE, text), "text": text, "steps": steps}
