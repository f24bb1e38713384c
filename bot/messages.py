"""Patient-facing text that is not a domain response: bot/data/messages.yml, checked at load, with the
clinic's contacts as placeholders (the same names as the safety layer's: {emergency_number}, {acute_name}...).
Standard library and PyYAML only: the Rasa process says some of these itself."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, Mapping

import yaml

from bot.config_errors import keys, text

DATA = Path(__file__).resolve().parent / "data" / "messages.yml"
KEYS = ["service_problem", "english_only"]


@lru_cache(maxsize=1)
def messages() -> Dict[str, str]:
    data = keys(yaml.safe_load(DATA.read_text(encoding="utf-8")), DATA, "", KEYS)
    return {k: text(v, DATA, k) for k, v in data.items()}


def message(key: str, raw: Mapping[str, Any], **extra: str) -> str:
    from bot import safety

    values = dict(
        safety.contacts(raw),
        human_name=raw["human_contact"]["name"],
        human_phone=raw["human_contact"]["phone"],
        **extra,
    )
    return " ".join(messages()[key].split()).format(**values)
