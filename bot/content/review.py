"""The review document for the clinical sign-off: `python -m bot.content review --out review.html`.

One self-contained HTML page. For every item (id and title): the text as a patient sees it (placeholders
filled from the clinic's settings), each figure marked with the sources whose facts hold it, beside it the
facts of every source it cites, a box for the reviewer's verdict, and the item's review status. The
verdicts can be saved from the page as YAML to file with the sign-off (content/README.md).
"""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

from bot.content import loader, quality
from bot.content.schema import ContentError, Item
from bot.content.sources import CONTENT_DIR, labels, sources


def _fill(marked_html: str) -> str:
    """Clinic settings in place of the placeholders, after the figures are marked (a phone number is not a
    figure of the evidence)."""
    try:
        from bot.content.store import placeholders

        values = placeholders()
    except Exception:  # no clinic settings: show the placeholders themselves
        return marked_html

    def one(m: re.Match) -> str:
        value = values[m.group(1)]
        return f'<span class="filled" title="clinic setting {m.group(1)}">{html.escape(value)}</span>'

    return quality.PLACEHOLDER.sub(lambda m: one(re.match(r"\{([a-z_]+)\}", m.group(0))), marked_html)


def figure_sources(item: Item) -> Dict[str, List[str]]:
    """Each figure in the item's text -> the cited sources whose facts (or caveat) hold it."""
    cited = [c.source_id for c in item.citations if c.source_id]
    found: Dict[str, List[str]] = {}
    for name in ("title", "summary", "body"):
        for n in quality.figures(getattr(item, name)):
            found.setdefault(n, [sid for sid in cited if n in quality.source_figures([sid])])
    return found


def _not_figure_spans(text: str) -> List[Tuple[int, int]]:
    spans = []
    for pattern in quality.rules()["not_figures"]:
        spans.extend(m.span() for m in pattern.finditer(text))
    return spans


def mark_figures(text: str, where: Dict[str, List[str]]) -> str:
    """HTML of a line of text with each figure wrapped in <mark>, titled with its sources."""
    skip = _not_figure_spans(text)
    out, last = [], 0
    for m in quality.NUMBER.finditer(text):
        if any(a <= m.start() < b for a, b in skip):
            continue
        token = m.group(0).rstrip(".,")
        n = quality._number(token)
        srcs = where.get(n, [])
        out.append(html.escape(text[last : m.start()]))
        cls = "fig" if srcs else "fig missing"
        tip = ("from: " + ", ".join(srcs)) if srcs else "in no cited source's facts"
        refs = "".join(
            f'<a class="ref" href="#{html.escape(item_anchor)}">{i}</a>' for i, item_anchor in srcs_index(srcs)
        )
        out.append(
            f'<mark class="{cls}" title="{html.escape(tip)}">{html.escape(token)}</mark>'
            f'<sup class="refs">{refs or "?"}</sup>'
        )
        last = m.start() + len(token)
    out.append(html.escape(text[last:]))
    return "".join(out)


# Sources are numbered per item while it is rendered; mark_figures reads the current numbering.
_CURRENT: Dict[str, Tuple[int, str]] = {}


def srcs_index(srcs: Sequence[str]) -> List[Tuple[int, str]]:
    return [_CURRENT[s] for s in srcs if s in _CURRENT]


def _inline(line: str, where: Dict[str, List[str]]) -> str:
    marked = mark_figures(line, where)
    return re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", marked)


def render_markdown(text: str, where: Dict[str, List[str]]) -> str:
    """The small Markdown the items use: paragraphs, '-' lists, **bold**."""
    blocks = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [line for line in block.splitlines() if line.strip()]
        html_lines, in_list = [], False
        for line in lines:
            m = quality.LIST_LINE.match(line)
            if m:
                if not in_list:
                    html_lines.append("<ul>")
                    in_list = True
                html_lines.append(f"<li>{_inline(line[m.end() :], where)}</li>")
            else:
                if in_list:
                    html_lines.append("</ul>")
                    in_list = False
                html_lines.append(f"<p>{_inline(line, where)}</p>")
        if in_list:
            html_lines.append("</ul>")
        blocks.append("\n".join(html_lines))
    return "\n".join(blocks)


def _facts_html(source_id: str, used: Iterable[str], anchor: str, number: int) -> str:
    s = sources()[source_id]
    used = set(used)

    def mark(fact: str) -> str:
        parts, last = [], 0
        for m in quality.NUMBER.finditer(fact):
            token = m.group(0).rstrip(".,")
            parts.append(html.escape(fact[last : m.start()]))
            cls = "fig used" if quality._number(token) in used else "num"
            parts.append(f'<span class="{cls}">{html.escape(token)}</span>')
            last = m.start() + len(token)
        parts.append(html.escape(fact[last:]))
        return "".join(parts)

    link = (f'https://doi.org/{s.doi}' if s.doi else s.url) or ""
    facts = "".join(f"<li>{mark(f)}</li>" for f in s.facts)
    caveat = f'<p class="caveat">Caveat: {mark(s.caveat)}</p>' if s.caveat else ""
    link_html = f' <a href="{html.escape(link)}">{html.escape(s.doi or link)}</a>' if link else ""
    return (
        f'<div class="source" id="{html.escape(anchor)}"><h4>[{number}] {html.escape(labels().get(source_id, source_id))}'
        f' <code>{html.escape(source_id)}</code> <span class="file">{html.escape(s.file)}</span></h4>'
        f'<p class="citation">{html.escape(s.citation)}{link_html}</p><ul>{facts}</ul>{caveat}</div>'
    )


def item_html(item: Item, problems: Sequence[ContentError]) -> str:
    where = figure_sources(item)
    cited = [c.source_id for c in item.citations if c.source_id]
    _CURRENT.clear()
    for i, sid in enumerate(cited, 1):
        _CURRENT[sid] = (i, f"{item.id}--{sid}")
    outside = [c for c in item.citations if not c.source_id]
    facts = "".join(
        _facts_html(sid, [n for n, srcs in where.items() if sid in srcs], f"{item.id}--{sid}", i)
        for i, sid in enumerate(cited, 1)
    )
    for c in outside:
        link = f"https://doi.org/{c.doi}" if c.doi else c.url
        facts += (
            f'<div class="source outside"><h4>{html.escape(c.label)}</h4><p>Outside citation, no facts held: '
            f'<a href="{html.escape(link or "")}">{html.escape(c.doi or link or "")}</a></p></div>'
        )
    figures = "".join(
        f'<tr class="{"" if srcs else "missing"}"><td>{html.escape(n)}</td>'
        f'<td>{html.escape(", ".join(srcs) or "not in any cited source")}</td></tr>'
        for n, srcs in sorted(where.items())
    )
    problems_html = "".join(f"<li>{html.escape(e.field)}: {html.escape(e.message)}</li>" for e in problems)
    status_cls = "signed" if item.signed_off else "pending"
    meta = (
        f"kind {html.escape(item.kind)} · categories {html.escape(', '.join(item.categories))} · sites "
        f"{html.escape(', '.join(item.sites))} · modalities {html.escape(', '.join(item.modalities) or 'none')}"
        + (f" · drivers {html.escape(', '.join(item.drivers))}" if item.drivers else "")
        + f" · file {html.escape(item.source_file)}"
    )
    questions = "".join(f"<li>{html.escape(q)}</li>" for q in item.questions)
    title = _fill(_inline(item.title, where))
    return f"""
<section class="item" id="{html.escape(item.id)}">
  <header><h2>{title} <code>{html.escape(item.id)}</code></h2>
    <p class="status {status_cls}">{html.escape(item.review_line)} · reviewer field: {html.escape(item.reviewer)} ·
      last_reviewed {item.last_reviewed.isoformat()} · signed_off: {str(item.signed_off).lower()}</p>
    <p class="meta">{meta}</p></header>
  <div class="columns">
    <div class="patient">
      <h3>As the patient sees it</h3>
      <p class="summary">{_fill(_inline(item.summary, where))}</p>
      {_fill(render_markdown(item.body, where))}
      <p class="sources-line">Sources: {html.escape("; ".join(c.label for c in item.citations))}</p>
      <p class="review-line">{html.escape(item.review_line)}</p>
      <details><summary>Questions it answers ({len(item.questions)})</summary><ul>{questions}</ul></details>
      <h3>Figures in the text</h3>
      <table class="figures"><tr><th>figure</th><th>in the facts of</th></tr>{figures or '<tr><td colspan="2">none</td></tr>'}</table>
      {f'<div class="problems"><h3>Automatic checks</h3><ul>{problems_html}</ul></div>' if problems else ''}
    </div>
    <div class="facts"><h3>Facts of the sources it cites</h3>{facts}</div>
  </div>
  <fieldset class="verdict" data-item="{html.escape(item.id)}">
    <legend>Reviewer's verdict for {html.escape(item.id)}</legend>
    <label><input type="radio" name="v-{html.escape(item.id)}" value="ok"> OK to sign off</label>
    <label><input type="radio" name="v-{html.escape(item.id)}" value="minor"> Minor changes</label>
    <label><input type="radio" name="v-{html.escape(item.id)}" value="major"> Major problem</label>
    <textarea name="n-{html.escape(item.id)}" rows="3" placeholder="What to change, and why"></textarea>
  </fieldset>
</section>"""


CSS = """
body{font-family:system-ui,sans-serif;margin:1.5rem;color:#222;line-height:1.45}
header.doc{border-bottom:2px solid #333;margin-bottom:1rem}
.item{border:1px solid #bbb;border-radius:6px;padding:1rem;margin:1.5rem 0;page-break-inside:avoid}
.item h2{margin:.2rem 0;font-size:1.25rem} .item h2 code{font-size:.8rem;color:#555}
.columns{display:grid;grid-template-columns:1fr 1fr;gap:1.5rem}
.patient{background:#fafaf5;padding:.5rem 1rem;border-radius:4px}
.summary{font-style:italic} .filled{border-bottom:1px dotted #369}
.facts .source{border-left:3px solid #8ab;padding-left:.6rem;margin-bottom:.8rem}
.facts h4{margin:.2rem 0} .file{font-size:.75rem;color:#666} .citation{font-size:.85rem;color:#444}
mark.fig{background:#ffe680} mark.fig.missing{background:#f88} sup.refs a{margin-left:1px;font-size:.7rem}
span.fig.used{background:#ffe680;font-weight:bold}
.status.pending{color:#a40} .status.signed{color:#070} .meta{font-size:.8rem;color:#666}
.review-line,.sources-line{font-size:.85rem;color:#555}
table.figures{border-collapse:collapse;font-size:.85rem} table.figures td,table.figures th{border:1px solid #ccc;padding:2px 6px}
tr.missing{background:#fcc} .problems{background:#fee;padding:.3rem .8rem}
fieldset.verdict{margin-top:1rem;border:2px dashed #888} fieldset.verdict textarea{width:100%}
fieldset.verdict label{margin-right:1.2rem}
nav ol{columns:3;font-size:.85rem}
@media print{fieldset.verdict textarea{height:4rem} .columns{grid-template-columns:1fr 1fr}}
"""

SCRIPT = """
function exportVerdicts(){
  const who=document.getElementById('reviewer').value.trim(), when=document.getElementById('reviewed').value;
  const lines=['# Clinical review of content ('+document.body.dataset.digest+')','reviewer: '+JSON.stringify(who),
               'date: '+when,'verdicts:'];
  document.querySelectorAll('fieldset.verdict').forEach(f=>{
    const id=f.dataset.item, v=f.querySelector('input:checked'), n=f.querySelector('textarea').value.trim();
    lines.push('  '+id+': {verdict: '+(v?v.value:'none')+', note: '+JSON.stringify(n)+'}');
  });
  const a=document.createElement('a');
  a.href=URL.createObjectURL(new Blob([lines.join('\\n')+'\\n'],{type:'text/yaml'}));
  a.download='review-verdicts-'+(when||'undated')+'.yml'; a.click();
}
"""


def document(
    items: Sequence[Item], errors: Sequence[ContentError], digest: str, today: Optional[dt.date] = None
) -> str:
    today = today or dt.date.today()
    by_file: Dict[str, List[ContentError]] = {}
    for e in errors:
        by_file.setdefault(e.file, []).append(e)
    items = sorted(items, key=lambda i: (i.kind, i.id))
    signed = sum(1 for i in items if i.signed_off)
    toc = "".join(
        f'<li><a href="#{html.escape(i.id)}">{html.escape(i.id)}</a>{" ✓" if i.signed_off else ""}</li>' for i in items
    )
    body = "".join(item_html(i, by_file.get(i.source_file, [])) for i in items)
    unparsed = [e for e in errors if e.file not in {i.source_file for i in items}]
    unparsed_html = (
        (
            "<div class='problems'><h3>Files that could not be read</h3><ul>"
            + "".join(f"<li>{html.escape(str(e))}</li>" for e in unparsed)
            + "</ul></div>"
        )
        if unparsed
        else ""
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Content review {today.isoformat()}</title>
<style>{CSS}</style><script>{SCRIPT}</script></head>
<body data-digest="{html.escape(digest)}">
<header class="doc"><h1>Patient information: clinical review</h1>
<p>{len(items)} items · {signed} signed off · {len(items) - signed} not yet reviewed by a clinician ·
 {len(errors)} automatic-check problem(s) · written {today.isoformat()} · content digest <code>{html.escape(digest[:16])}</code></p>
<p>Each item is shown as a patient sees it. Every figure is <mark class="fig">marked</mark>; the small numbers
after it point to the cited sources whose facts hold it (<mark class="fig missing">red</mark>: in none). The
facts of every cited source are beside the text. Record a verdict for each item, then save them.</p>
<p><label>Reviewer <input id="reviewer" size="30"></label> <label>Date <input id="reviewed" type="date"
 value="{today.isoformat()}"></label> <button onclick="exportVerdicts()">Save verdicts (YAML)</button></p>
<nav><ol>{toc}</ol></nav>{unparsed_html}</header>
{body}
</body></html>
"""


def write(out: Path, directory: Path = CONTENT_DIR, today: Optional[dt.date] = None) -> Tuple[int, int]:
    """Writes the review document; returns (items, problems). Items with problems are shown with them."""
    items, errors = loader.read(directory, today)
    text = document(items, errors, loader.digest(directory), today)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    return len(items), len(errors)
