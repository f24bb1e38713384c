"""The sources content may cite, and their short labels.

Two files with one schema (id, citation, facts, a doi or https url, an optional caveat):
- sources/evidence.yaml: a verbatim copy of shared/spec/evidence.yaml; never edited here;
- sources/local.yaml: this project's own sources (NHS, NICE, Macmillan, Cancer Research UK pages, trial
  papers), each stating only what its page says.
The quality gates treat both alike. sources/trials.yml says which sources are trials, the names content
uses for them, and whom their population cannot include.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import yaml

from bot.settings import ROOT

CONTENT_DIR = ROOT / "content"
EVIDENCE_FILE = CONTENT_DIR / "sources" / "evidence.yaml"
LOCAL_FILE = CONTENT_DIR / "sources" / "local.yaml"
LABELS_FILE = CONTENT_DIR / "sources" / "labels.yml"
TRIALS_FILE = CONTENT_DIR / "sources" / "trials.yml"
SOURCE_FILES = (EVIDENCE_FILE, LOCAL_FILE)
DOI = re.compile(r"^10\.\d{4,9}/\S+$")


class SourceFileError(ValueError):
    """A sources file that does not follow the schema; names the file and the entry."""


@dataclass(frozen=True)
class Source:
    id: str
    citation: str
    facts: List[str]
    doi: Optional[str] = None
    url: Optional[str] = None
    caveat: Optional[str] = None
    file: str = "evidence.yaml"


@dataclass(frozen=True)
class Trial:
    """A trial (or study) of the sources, as content names it."""

    id: str
    names: Tuple[str, ...]
    sources: Tuple[str, ...]
    excluded_categories: Tuple[str, ...] = ()
    drivers: Tuple[str, ...] = ()
    why: str = ""
    patterns: Tuple[re.Pattern, ...] = field(default=(), compare=False)

    def named_in(self, text: str) -> bool:
        return any(p.search(text) for p in self.patterns)


@dataclass(frozen=True)
class Citation:
    """What an item cites: a source of evidence.yaml or local.yaml (source_id set) or an outside DOI/URL."""

    label: str
    source_id: Optional[str] = None
    doi: Optional[str] = None
    url: Optional[str] = None

    def payload(self) -> Dict[str, str]:
        out = {"label": self.label}
        if self.doi:
            out["doi"] = self.doi
        if self.url:
            out["url"] = self.url
        if self.source_id:
            out["source"] = self.source_id
        return out


def read_sources(path: Path) -> Dict[str, Source]:
    """One sources file, checked entry by entry."""
    if not path.exists():
        return {}
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    if not isinstance(raw, list):
        raise SourceFileError(f"{path.name}: must be a list of sources")
    out: Dict[str, Source] = {}
    for i, e in enumerate(raw):
        where = f"{path.name}: entry {i}"
        if not isinstance(e, dict):
            raise SourceFileError(f"{where}: must be a mapping")
        sid = e.get("id")
        if not isinstance(sid, str) or not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", sid):
            raise SourceFileError(f"{where}: id must be lowercase words joined by '-'")
        where = f"{path.name}: {sid}"
        unknown = sorted(set(e) - {"id", "citation", "facts", "doi", "url", "caveat"})
        if unknown:
            raise SourceFileError(f"{where}: unknown field {unknown[0]}")
        if sid in out:
            raise SourceFileError(f"{where}: id used twice")
        if not isinstance(e.get("citation"), str) or not e["citation"].strip():
            raise SourceFileError(f"{where}: citation must be non-empty text")
        facts = e.get("facts")
        if not isinstance(facts, list) or not facts or not all(isinstance(f, str) and f.strip() for f in facts):
            raise SourceFileError(f"{where}: facts must be a non-empty list of sentences")
        doi, url = e.get("doi"), e.get("url")
        if doi is not None and not (isinstance(doi, str) and DOI.match(doi)):
            raise SourceFileError(f"{where}: '{doi}' is not a DOI (10.xxxx/...)")
        if url is not None and not (isinstance(url, str) and url.startswith("https://")):
            raise SourceFileError(f"{where}: '{url}' is not an https URL")
        if path != EVIDENCE_FILE and not doi and not url:
            # The shared file has a few entries without either (a protocol, a trial record); ours may not.
            raise SourceFileError(f"{where}: needs a doi or an https url")
        out[sid] = Source(
            id=sid, citation=e["citation"], facts=list(facts), doi=doi, url=url, caveat=e.get("caveat"), file=path.name
        )
    return out


@lru_cache(maxsize=4)
def sources(paths: Tuple[Path, ...] = SOURCE_FILES) -> Dict[str, Source]:
    """Every citable source, the shared file's first; an id in both files is an error."""
    merged: Dict[str, Source] = {}
    for path in paths:
        for sid, s in read_sources(path).items():
            if sid in merged:
                raise SourceFileError(f"{path.name}: {sid}: already a source in {merged[sid].file}")
            merged[sid] = s
    return merged


def shared_source_ids() -> List[str]:
    return [sid for sid, s in sources().items() if s.file == EVIDENCE_FILE.name]


@lru_cache(maxsize=4)
def labels(path: Path = LABELS_FILE) -> Dict[str, str]:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


@lru_cache(maxsize=4)
def trials(path: Path = TRIALS_FILE) -> Dict[str, Trial]:
    if not path.exists():
        return {}
    raw = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("trials") or {}
    known = sources()
    out: Dict[str, Trial] = {}
    for tid, t in raw.items():
        missing = [s for s in t.get("sources", []) if s not in known]
        if missing or not t.get("sources") or not t.get("names"):
            raise SourceFileError(
                f"{path.name}: {tid}: needs names and sources that exist (unknown: {', '.join(missing) or 'none'})"
            )
        names = tuple(t["names"])
        # Names are matched as written (case-sensitive): "salVage" is the trial, "salvage surgery" is not.
        patterns = tuple(re.compile(r"(?<![\w-])" + re.escape(n) + r"(?![\w-])") for n in names)
        out[tid] = Trial(
            id=tid,
            names=names,
            sources=tuple(t["sources"]),
            excluded_categories=tuple(t.get("excluded_categories") or ()),
            drivers=tuple(t.get("drivers") or ()),
            why=t.get("why", ""),
            patterns=patterns,
        )
    return out


def trial_of_source() -> Dict[str, str]:
    return {sid: t.id for t in trials().values() for sid in t.sources}


def citation_for(source_id: str) -> Citation:
    s = sources()[source_id]
    return Citation(
        label=labels().get(source_id) or s.citation.split(".")[0],
        source_id=source_id,
        doi=s.doi,
        url=None if s.doi else s.url,
    )
