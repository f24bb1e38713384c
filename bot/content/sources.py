"""The sources content may cite: shared/spec/evidence.yaml (copied verbatim) and their short labels."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional

import yaml

from bot.settings import ROOT

CONTENT_DIR = ROOT / "content"
EVIDENCE_FILE = CONTENT_DIR / "sources" / "evidence.yaml"
LABELS_FILE = CONTENT_DIR / "sources" / "labels.yml"
DOI = re.compile(r"^10\.\d{4,9}/\S+$")


@dataclass(frozen=True)
class Source:
    id: str
    citation: str
    facts: List[str]
    doi: Optional[str] = None
    url: Optional[str] = None
    caveat: Optional[str] = None


@dataclass(frozen=True)
class Citation:
    """What an item cites: a source of evidence.yaml (source_id set) or an outside DOI/URL."""
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


@lru_cache(maxsize=4)
def sources(path: Path = EVIDENCE_FILE, labels_path: Path = LABELS_FILE) -> Dict[str, Source]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {e["id"]: Source(id=e["id"], citation=e["citation"], facts=list(e.get("facts") or []),
                            doi=e.get("doi"), url=e.get("url"), caveat=e.get("caveat")) for e in raw}


@lru_cache(maxsize=4)
def labels(path: Path = LABELS_FILE) -> Dict[str, str]:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def citation_for(source_id: str) -> Citation:
    s = sources()[source_id]
    return Citation(label=labels().get(source_id) or s.citation.split(".")[0], source_id=source_id,
                    doi=s.doi, url=None if s.doi else s.url)
