"""Quality gates every item passes before it reaches a patient (content/README.md lists them)."""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Dict, Iterable, List, Optional, Set

import textstat
import yaml

from bot.content.schema import ContentError, Item
from bot.content.sources import CONTENT_DIR, sources

MAX_GRADE = 8.0
MAX_REVIEW_AGE = dt.timedelta(days=730)
NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*")
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


@lru_cache(maxsize=1)
def rules() -> Dict[str, List[re.Pattern]]:
    raw = yaml.safe_load((CONTENT_DIR / "rules.yml").read_text(encoding="utf-8"))
    return {"not_figures": [re.compile(p, re.I) for p in raw["not_figures"]],
            "directive_phrases": [re.compile(p, re.I) for p in raw["directive_phrases"]]}


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
        errors.append(ContentError(f, "last_reviewed", f"{item.last_reviewed} is more than two years ago: "
                                                       "review the item again"))

    cited = [c.source_id for c in item.citations if c.source_id]
    allowed = source_figures(cited)
    for name in ("title", "summary", "body"):
        text = getattr(item, name)
        unsupported = sorted({n for n in figures(text) if n not in allowed})
        if unsupported:
            errors.append(ContentError(f, name, "figure(s) " + ", ".join(unsupported) + " not found in the facts "
                                       "of the cited sources (" + (", ".join(cited) or "none from evidence.yaml")
                                       + ")"))
        g = grade(text)
        if g > MAX_GRADE:
            errors.append(ContentError(f, name, f"reading grade {g:.1f} is above {MAX_GRADE:g}: use shorter "
                                       "sentences and common words"))
        for pattern in rules()["directive_phrases"]:
            m = pattern.search(text)
            if m:
                errors.append(ContentError(f, name, f"directive advice '{m.group(0)}': the assistant informs, "
                                           "the person's team decides"))
    return errors


def check_collection(items: List[Item]) -> List[ContentError]:
    """What only shows across items: the same example question under two items confuses the answer model."""
    errors: List[ContentError] = []
    seen: Dict[str, str] = {}
    for item in items:
        for q in item.questions:
            key = re.sub(r"[^a-z0-9 ]", "", q.lower()).strip()
            if key in seen and seen[key] != item.id:
                errors.append(ContentError(item.source_file, "questions",
                                           f"'{q}' is also a question of {seen[key]}"))
            seen.setdefault(key, item.id)
    return errors
