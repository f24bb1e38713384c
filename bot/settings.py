"""Clinic configuration and paths, read once per process."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict

from bot.config_errors import ConfigError, keys, load_yaml, mapping, text

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


# Every contact the assistant gives comes from the clinic's file; an alert route without a phone number is
# refused at start rather than discovered while a patient is waiting for it.
_CONTACTS = {
    "acute_oncology_line": (["name", "phone"], ["hours"]),
    "crisis_line": (["name", "phone"], ["hours"]),
    "referral_contact": (["name", "phone"], ["email", "hours"]),
    "human_contact": (["name", "phone"], ["email", "hours"]),
}
_REQUIRED = ["clinic_name", "emergency_number", "emergency_services", *_CONTACTS, "privacy"]
_ALLOWED = ["country", "allowed_origins"]


def clinic_path() -> Path:
    return Path(os.environ.get("CLINIC_CONFIG", ROOT / "config" / "clinic.yml"))


def check_clinic(raw: object, path: Path) -> Dict[str, Any]:
    raw = keys(raw, path, "", _REQUIRED, _ALLOWED)
    for key in ("clinic_name", "emergency_number", "emergency_services"):
        text(str(raw[key]), path, key)
    for key, (required, allowed) in _CONTACTS.items():
        contact = keys(raw[key], path, key, required, allowed)
        for field in contact:
            text(str(contact[field]), path, f"{key}.{field}")
    privacy = keys(raw["privacy"], path, "privacy", ["retention_days"])
    if not isinstance(privacy["retention_days"], int) or privacy["retention_days"] < 1:
        raise ConfigError(path, "privacy.retention_days", "must be a whole number of days, at least 1")
    origins = raw.get("allowed_origins") or []
    if not isinstance(origins, list) or not all(
        isinstance(o, str) and o.startswith(("https://", "http://")) for o in origins
    ):
        raise ConfigError(path, "allowed_origins", "must be a list of web addresses (https://...)")
    return dict(raw)


@lru_cache(maxsize=1)
def clinic() -> Clinic:
    path = clinic_path()
    try:
        raw = load_yaml(path)
    except OSError as e:
        raise ConfigError(path, "(file)", f"cannot be read: {e.strerror}") from e
    return Clinic(check_clinic(mapping(raw, path, "(file)"), path))


def content_database_url() -> str:
    """SQLite in var/ by default; a clinic that scales sets CONTENT_DATABASE_URL (e.g. PostgreSQL)."""
    url = os.environ.get("CONTENT_DATABASE_URL")
    if url:
        return url
    VAR.mkdir(exist_ok=True)
    return f"sqlite:///{VAR / 'content.db'}"
