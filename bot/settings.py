"""Clinic configuration and paths, read once per process."""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict

import yaml

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"


@dataclass(frozen=True)
class Clinic:
    raw: Dict[str, Any]

    def __getitem__(self, key: str) -> Any:
        return self.raw[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.raw.get(key, default)

    @property
    def name(self) -> str:
        return self.raw["clinic_name"]

    def contact_line(self, key: str) -> str:
        """'Name: phone (hours)' for one of the configured contacts."""
        c = self.raw[key]
        parts = [f"{c['name']}: {c['phone']}"]
        if c.get("email"):
            parts.append(c["email"])
        text = ", ".join(parts)
        return f"{text} ({c['hours']})" if c.get("hours") else text


@lru_cache(maxsize=1)
def clinic() -> Clinic:
    path = Path(os.environ.get("CLINIC_CONFIG", ROOT / "config" / "clinic.yml"))
    return Clinic(yaml.safe_load(path.read_text(encoding="utf-8")))


def content_database_url() -> str:
    """SQLite in var/ by default; a clinic that scales sets CONTENT_DATABASE_URL (e.g. PostgreSQL)."""
    url = os.environ.get("CONTENT_DATABASE_URL")
    if url:
        return url
    VAR.mkdir(exist_ok=True)
    return f"sqlite:///{VAR / 'content.db'}"
