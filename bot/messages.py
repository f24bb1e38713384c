"""Patient-facing text that is not a domain response: bot/data/messages.yml, checked at load, with the
clinic's contacts as placeholders (the same names as the safety layer's: {emergency_number}, {acute_name}...).
Standard library and PyYAML only: the Rasa process says some of these itself."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from string import Formatter
from typing import Any, Dict, Mapping, Tuple

from bot.config_errors import ConfigError, keys, load_yaml, text

DATA = Path(__file__).resolve().parent / "data" / "messages.yml"
# Every message, with the placeholders it takes from its caller besides the clinic's (CLINIC_PLACEHOLDERS).
KEYS: Dict[str, Tuple[str, ...]] = {
    "service_problem": (),
    "english_only": ("language",),
    "greeting": (),
    "urgent_button": (),
    "human_contact": (),
    "restarted": (),
    "forgotten": (),
    "summary_empty": (),
    "summary_intro": (),
    "summary_correction": (),
    "assessment_unchanged": (),
    "not_understood": (),
    "not_confident_offer": (),
    "not_found": (),
}
CLINIC_PLACEHOLDERS = (
    # bot.safety.contacts
    "emergency_number",
    "acute_name",
    "acute_phone",
    "crisis_name",
    "crisis_phone",
    "crisis_hours",
    # clinic_values below
    "human_name",
    "human_phone",
    "clinic_name",
    "emergency_services",
    "retention_days",
    "acute_line",
    "human_line",
    "referral_line",
)


def _paragraphs(value: str) -> str:
    """A folded block's lines joined, and its blank lines (a line break once folded) as paragraph breaks."""
    return "\n\n".join(" ".join(p.split()) for p in value.split("\n") if p.strip())


@lru_cache(maxsize=1)
def messages() -> Dict[str, str]:
    data = keys(load_yaml(DATA), DATA, "", list(KEYS))
    out = {}
    for key, value in data.items():
        out[key] = _paragraphs(text(value, DATA, key))
        allowed = set(CLINIC_PLACEHOLDERS) | set(KEYS[key])
        try:
            names = [name for _, name, _, _ in Formatter().parse(out[key]) if name is not None]
        except ValueError as e:
            raise ConfigError(DATA, key, f"braces that are not a placeholder: {e}") from e
        for name in names:
            if name not in allowed:
                raise ConfigError(DATA, key, f"unknown placeholder {{{name}}} (allowed: {', '.join(sorted(allowed))})")
    return out


def clinic_values(raw: Mapping[str, Any]) -> Dict[str, str]:
    """The clinic's placeholders (CLINIC_PLACEHOLDERS) from its checked file (bot.settings)."""
    from bot import safety
    from bot.settings import Clinic

    c = Clinic(dict(raw))
    return dict(
        safety.contacts(raw),
        human_name=raw["human_contact"]["name"],
        human_phone=raw["human_contact"]["phone"],
        clinic_name=raw["clinic_name"],
        emergency_services=raw["emergency_services"],
        retention_days=str(raw["privacy"]["retention_days"]),
        acute_line=c.contact_line("acute_oncology_line"),
        human_line=c.contact_line("human_contact"),
        referral_line=c.contact_line("referral_contact"),
    )


def message(key: str, raw: Mapping[str, Any], **extra: str) -> str:
    return messages()[key].format(**clinic_values(raw), **extra)
