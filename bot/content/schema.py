"""One content item per Markdown file: YAML front matter checked field by field, then the body."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional

import yaml

from bot.content.sources import DOI, Citation, citation_for, sources
from bot.slots import CATEGORIES, DRIVERS, ORGANS

SITES = tuple(o for o in ORGANS if o != "other") + ("primary",)
MODALITIES = ("surgery", "radiotherapy", "ablation", "systemic")
KINDS = ("concept", "category", "treatment", "evidence", "guideline", "practical", "glossary")
ANY = "any"
ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MIN_QUESTIONS = 4
REQUIRED = (
    "id",
    "title",
    "summary",
    "kind",
    "topics",
    "categories",
    "sites",
    "modalities",
    "questions",
    "citations",
    "last_reviewed",
    "reviewer",
    "signed_off",
)
# drivers: the driver mutations an item is written for (SINDAS: [egfr]); absent = everyone.
OPTIONAL = ("drivers",)
# Driver values that say nothing about the person's driver: the item is shown.
UNKNOWN_DRIVERS = (None, "", "unknown")
NOT_REVIEWED = "Not yet reviewed by a clinician"


class ContentError(ValueError):
    """A content file that cannot be loaded; names the file and the field."""

    def __init__(self, file: str, field_name: str, message: str):
        self.file, self.field, self.message = file, field_name, message
        super().__init__(f"{file}: {field_name}: {message}")


@dataclass
class Item:
    id: str
    title: str
    summary: str
    body: str
    kind: str
    topics: List[str]
    categories: List[str]
    sites: List[str]
    modalities: List[str]
    questions: List[str]
    citations: List[Citation]
    last_reviewed: dt.date
    reviewer: str
    source_file: str = ""
    extra: Dict[str, Any] = field(default_factory=dict)
    drivers: List[str] = field(default_factory=list)
    signed_off: bool = False

    @property
    def review_line(self) -> str:
        """What the widget shows under the item's sources."""
        if not self.signed_off:
            return NOT_REVIEWED
        return f"Reviewed by {self.reviewer} on {self.last_reviewed.day} {self.last_reviewed:%B %Y}"

    def shown_for_driver(self, driver: Optional[str]) -> bool:
        """A driver-specific item is for people with that driver, or whose driver is not known."""
        return not self.drivers or driver in UNKNOWN_DRIVERS or driver in self.drivers

    def applies_to_category(self, category: Optional[str]) -> bool:
        return ANY in self.categories or (category is not None and category in self.categories)


def split_front_matter(text: str, file: str) -> tuple:
    if not text.startswith("---"):
        raise ContentError(file, "front matter", "the file must start with a '---' line")
    parts = text.split("\n---", 1)
    if len(parts) != 2:
        raise ContentError(file, "front matter", "no closing '---' line")
    head = parts[0][3:]
    body = parts[1].split("\n", 1)[1] if "\n" in parts[1] else ""
    try:
        meta = yaml.safe_load(head)
    except yaml.YAMLError as e:
        raise ContentError(
            file, "front matter", f"not valid YAML ({e.__class__.__name__}: {str(e).splitlines()[0]})"
        ) from None
    if not isinstance(meta, dict):
        raise ContentError(file, "front matter", "must be a YAML mapping of fields")
    return meta, body.strip()


def _text(meta: Dict[str, Any], key: str, file: str) -> str:
    value = meta.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ContentError(file, key, "must be non-empty text")
    return " ".join(value.split()) if key != "body" else value.strip()


def _words(
    meta: Dict[str, Any], key: str, file: str, allowed: Optional[tuple] = None, allow_empty: bool = False
) -> List[str]:
    value = meta.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ContentError(file, key, "must be a list of words, e.g. [a, b]")
    if not value and not allow_empty:
        raise ContentError(file, key, "must not be empty")
    if allowed is not None:
        bad = [v for v in value if v not in allowed]
        if bad:
            raise ContentError(file, key, f"unknown value(s) {', '.join(bad)}; allowed: {', '.join(allowed)}")
        if ANY in value and len(value) > 1:
            raise ContentError(file, key, "'any' stands alone")
    return [v.strip() for v in value]


def _citations(meta: Dict[str, Any], file: str) -> List[Citation]:
    value = meta.get("citations")
    if not isinstance(value, list) or not value:
        raise ContentError(file, "citations", "at least one citation is needed")
    out = []
    known = sources()
    for i, c in enumerate(value):
        where = f"citations[{i}]"
        if isinstance(c, str):
            if c not in known:
                raise ContentError(
                    file,
                    where,
                    f"'{c}' is not a source id in content/sources/evidence.yaml or content/sources/local.yaml",
                )
            out.append(citation_for(c))
        elif isinstance(c, dict):
            label, doi, url = c.get("label"), c.get("doi"), c.get("url")
            if not isinstance(label, str) or not label.strip():
                raise ContentError(file, where, "an outside citation needs a label")
            if doi is not None and not (isinstance(doi, str) and DOI.match(doi)):
                raise ContentError(file, where, f"'{doi}' is not a DOI (10.xxxx/...)")
            if url is not None and not (isinstance(url, str) and url.startswith("https://")):
                raise ContentError(file, where, f"'{url}' is not an https URL")
            if not doi and not url:
                raise ContentError(file, where, "an outside citation needs a doi or an https url")
            out.append(Citation(label=label.strip(), doi=doi, url=url))
        else:
            raise ContentError(file, where, "must be a source id or {label, doi|url}")
    return out


def parse(text: str, file: str) -> Item:
    meta, body = split_front_matter(text, file)
    missing = [k for k in REQUIRED if k not in meta]
    if missing:
        raise ContentError(file, missing[0], "missing")
    unknown = sorted(set(meta) - set(REQUIRED) - set(OPTIONAL))
    if unknown:
        raise ContentError(file, unknown[0], "unknown field (typo?); allowed: " + ", ".join(REQUIRED + OPTIONAL))
    item_id = meta["id"]
    if not isinstance(item_id, str) or not ID.match(item_id):
        raise ContentError(file, "id", "must be lowercase words joined by '-'")
    stem = Path(file).stem
    if stem != item_id:
        raise ContentError(file, "id", f"'{item_id}' must equal the file name '{stem}'")
    if not body:
        raise ContentError(file, "body", "the item has no text after the front matter")
    kind = meta["kind"]
    if kind not in KINDS:
        raise ContentError(file, "kind", f"'{kind}' is not one of {', '.join(KINDS)}")
    reviewed = meta["last_reviewed"]
    if isinstance(reviewed, str):
        try:
            reviewed = dt.date.fromisoformat(reviewed)
        except ValueError:
            raise ContentError(file, "last_reviewed", "must be a date YYYY-MM-DD") from None
    if not isinstance(reviewed, dt.date):
        raise ContentError(file, "last_reviewed", "must be a date YYYY-MM-DD")
    signed_off = meta["signed_off"]
    if not isinstance(signed_off, bool):
        raise ContentError(
            file,
            "signed_off",
            "must be true or false (true only once a clinician has signed the item off: see content/README.md)",
        )
    drivers = (
        _words(meta, "drivers", file, tuple(d for d in DRIVERS if d not in ("none", "other")))
        if "drivers" in meta
        else []
    )
    questions = _words(meta, "questions", file)
    if len(questions) < MIN_QUESTIONS:
        raise ContentError(file, "questions", f"at least {MIN_QUESTIONS} example questions are needed")
    return Item(
        id=item_id,
        title=_text(meta, "title", file),
        summary=_text(meta, "summary", file),
        body=body,
        kind=kind,
        topics=_words(meta, "topics", file),
        categories=_words(meta, "categories", file, CATEGORIES + (ANY,)),
        sites=_words(meta, "sites", file, SITES + (ANY,)),
        modalities=_words(meta, "modalities", file, MODALITIES, allow_empty=True),
        questions=[" ".join(q.split()) for q in questions],
        citations=_citations(meta, file),
        last_reviewed=reviewed,
        reviewer=_text(meta, "reviewer", file),
        source_file=Path(file).name,
        drivers=drivers,
        signed_off=signed_off,
    )


def parse_file(path: Path) -> Item:
    return parse(path.read_text(encoding="utf-8"), path.name)
