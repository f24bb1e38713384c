"""Quality gates every item passes before it reaches a patient (content/README.md lists them)."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Dict, Iterable, List, Optional, Set

import textstat
import yaml

from bot.content.schema import ContentError, Item
from bot.content.sources import CONTENT_DIR, sources, trial_of_source, trials

MAX_GRADE = 8.0
# A summary is shown alone (lists, after an assessment): it is held to a lower grade.
MAX_SUMMARY_GRADE = 7.0
MAX_REVIEW_AGE = dt.timedelta(days=730)
NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*")
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


@lru_cache(maxsize=1)
def rules() -> Dict[str, List[re.Pattern]]:
    raw = yaml.safe_load((CONTENT_DIR / "rules.yml").read_text(encoding="utf-8"))
    return {
        "not_figures": [re.compile(p, re.I) for p in raw["not_figures"]],
        "directive_phrases": [re.compile(p, re.I) for p in raw["directive_phrases"]],
    }


def _number(token: str) -> str:
    # "1,840" and "1840" are the same figure; "41.2" stays as written.
    return token.replace(",", "") if re.fullmatch(r"\d{1,3}(?:,\d{3})+", token) else token


def figures(text: str) -> List[str]:
    for pattern in rules()["not_figures"]:
        text = pattern.sub(" ", text)
    return [_number(n.rstrip(".,")) for n in NUMBER.findall(text)]


def source_figures(source_ids: Iterable[str]) -> Set[str]:
    known = sources()
    found: Set[str] = set()
    for sid in source_ids:
        s = known[sid]
        for text in s.facts + [s.caveat or ""]:
            found.update(_number(n.rstrip(".,")) for n in NUMBER.findall(text))
    return found


def _sentences(text: str) -> List[str]:
    return [p for p in re.split(r"(?<=[.!?])\s+|\n+", text) if p.strip()]


LIST_LINE = re.compile(r"^\s*(?:[-*]|\d+\.)\s+")


def _paragraphs(text: str) -> List[str]:
    """Blocks between blank lines; in a list, each list line with the block's lead-in lines."""
    out: List[str] = []
    carried = ""  # a block that ends with ":" leads in the list block after it
    for block in re.split(r"\n\s*\n", text):
        lines = [line for line in block.splitlines() if line.strip()]
        items = [line for line in lines if LIST_LINE.match(line)]
        if not items:
            out.append(block)
            carried = block.strip() if block.strip().endswith(":") else ""
            continue
        lead = " ".join([carried] * bool(carried) + [line for line in lines if not LIST_LINE.match(line)])
        carried = ""
        out.extend((lead + "\n" + line) if lead else line for line in items)
    return [p for p in out if p.strip()]


def trial_names(item: Item) -> Dict[str, List[str]]:
    """trial id -> the item's fields that name it."""
    out: Dict[str, List[str]] = {}
    for name in ("title", "summary", "body"):
        for t in trials().values():
            if t.named_in(getattr(item, name)):
                out.setdefault(t.id, []).append(name)
    return out


def uncited_trials(item: Item) -> List[ContentError]:
    """A trial named in the text is cited, so its source label shows with the item."""
    cited = {c.source_id for c in item.citations if c.source_id}
    errors = []
    for tid, fields in trial_names(item).items():
        t = trials()[tid]
        if not cited & set(t.sources):
            errors.append(
                ContentError(
                    item.source_file or item.id,
                    fields[0],
                    f"names the trial {t.names[0]} but cites none of its sources ({', '.join(t.sources)})",
                )
            )
    return errors


def misattributed_figures(item: Item) -> List[ContentError]:
    """A figure written beside a trial's name comes from that trial's sources, not only another trial's.

    The scope is the sentence; when the sentence names no trial, the last trial named before it in its
    paragraph (a lead-in line names the trial, the list below gives its figures)."""
    cited = [c.source_id for c in item.citations if c.source_id]
    owner = trial_of_source()
    errors = []
    for name in ("title", "summary", "body"):
        for paragraph in _paragraphs(getattr(item, name)):
            before: Set[str] = set()
            for sentence in _sentences(paragraph):
                named = {t.id for t in trials().values() if t.named_in(sentence)} or before
                before = named
                if not named:
                    continue
                for n in figures(sentence):
                    having = [sid for sid in cited if n in source_figures([sid])]
                    if not having:
                        continue  # the figure gate reports it
                    from_trials = {owner.get(sid) for sid in having}
                    if None in from_trials or from_trials & named:
                        continue
                    errors.append(
                        ContentError(
                            item.source_file or item.id,
                            name,
                            f"figure {n} is next to {', '.join(sorted(named))} but comes from "
                            f"{', '.join(sorted(from_trials))} ({', '.join(having)})",
                        )
                    )
    return errors


def excluded_categories(item: Item) -> List[ContentError]:
    """An item does not place a trial's results in a category the trial's population cannot be in."""
    cited = {c.source_id for c in item.citations if c.source_id}
    errors = []
    for t in trials().values():
        if not cited & set(t.sources):
            continue
        bad = sorted(set(item.categories) & set(t.excluded_categories))
        if bad:
            errors.append(
                ContentError(
                    item.source_file or item.id,
                    "categories",
                    f"{', '.join(bad)}: not in the population of {t.names[0]}" + (f" ({t.why})" if t.why else ""),
                )
            )
    return errors


def driver_scope(item: Item) -> List[ContentError]:
    """An evidence item about a driver-specific trial is shown only for that driver (or an unknown one)."""
    if item.kind != "evidence":
        return []
    cited = {c.source_id for c in item.citations if c.source_id}
    errors = []
    for t in trials().values():
        if t.drivers and cited & set(t.sources):
            if not item.drivers or not set(item.drivers) <= set(t.drivers):
                errors.append(
                    ContentError(
                        item.source_file or item.id,
                        "drivers",
                        f"{t.names[0]} was only in people with {'/'.join(t.drivers).upper()}: "
                        f"set drivers: [{', '.join(t.drivers)}]",
                    )
                )
    return errors


def readable_text(text: str) -> str:
    """Markdown as a reader meets it: list lines end as sentences, markup and placeholders are words."""
    lines = []
    for line in text.splitlines():
        line = re.sub(r"^\s*(?:[-*]|\d+\.)\s+", "", line)
        line = re.sub(r"[*_`#>]", "", line)
        line = PLACEHOLDER.sub("the team", line).strip()
        if line and line[-1] not in ".!?:":
            line += "."
        lines.append(line)
    return " ".join(lines)


def grade(text: str) -> float:
    return textstat.flesch_kincaid_grade(readable_text(text))


def check(item: Item, today: Optional[dt.date] = None) -> List[ContentError]:
    today = today or dt.date.today()
    errors: List[ContentError] = []
    f = item.source_file or item.id

    if item.last_reviewed > today:
        errors.append(ContentError(f, "last_reviewed", f"{item.last_reviewed} is in the future"))
    elif today - item.last_reviewed > MAX_REVIEW_AGE:
        errors.append(
            ContentError(f, "last_reviewed", f"{item.last_reviewed} is more than two years ago: review the item again")
        )

    cited = [c.source_id for c in item.citations if c.source_id]
    allowed = source_figures(cited)
    for name in ("title", "summary", "body"):
        text = getattr(item, name)
        unsupported = sorted({n for n in figures(text) if n not in allowed})
        if unsupported:
            errors.append(
                ContentError(
                    f,
                    name,
                    "figure(s) " + ", ".join(unsupported) + " not found in the facts "
                    "of the cited sources (" + (", ".join(cited) or "none from evidence.yaml") + ")",
                )
            )
        g = grade(text)
        limit = MAX_SUMMARY_GRADE if name == "summary" else MAX_GRADE
        if g > limit:
            errors.append(
                ContentError(
                    f, name, f"reading grade {g:.1f} is above {limit:g}: use shorter sentences and common words"
                )
            )
        for pattern in rules()["directive_phrases"]:
            m = pattern.search(text)
            if m:
                errors.append(
                    ContentError(
                        f, name, f"directive advice '{m.group(0)}': the assistant informs, the person's team decides"
                    )
                )
    if item.signed_off and re.search(r"pending|project content editors", item.reviewer, re.I):
        errors.append(ContentError(f, "reviewer", "a signed-off item names the clinician who signed it off"))
    for gate in (uncited_trials, misattributed_figures, excluded_categories, driver_scope):
        errors.extend(gate(item))
    return errors


def check_collection(items: List[Item]) -> List[ContentError]:
    """What only shows across items: the same example question under two items confuses the answer model."""
    errors: List[ContentError] = []
    seen: Dict[str, str] = {}
    for item in items:
        for q in item.questions:
            key = re.sub(r"[^a-z0-9 ]", "", q.lower()).strip()
            if key in seen and seen[key] != item.id:
                errors.append(ContentError(item.source_file, "questions", f"'{q}' is also a question of {seen[key]}"))
            seen.setdefault(key, item.id)
    return errors
