"""The assistant's words for each organ and treatment site: bot/data/organs.yml, checked at load (every organ
of the contract, bot/slots.py ORGANS, and every site of bot/framework.py SITE_TREATMENTS; no other key)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Dict

from bot.config_errors import keys, load_yaml, text

DATA = Path(__file__).resolve().parent / "data" / "organs.yml"
FIELDS = ["name", "phrase"]
OPTIONAL = ["surgery"]


def sites() -> list:
    """The organs of the contract, then the treatment sites that are not organs (the main tumour)."""
    from bot.framework import SITE_TREATMENTS
    from bot.slots import ORGANS

    return list(ORGANS) + [s for s in SITE_TREATMENTS if s not in ORGANS]


@lru_cache(maxsize=1)
def organs() -> Dict[str, Dict[str, str]]:
    data = keys(load_yaml(DATA), DATA, "", sites())
    out: Dict[str, Dict[str, str]] = {}
    for site in sites():
        words = keys(data[site], DATA, site, FIELDS, OPTIONAL)
        out[site] = {field: text(value, DATA, f"{site}.{field}") for field, value in words.items()}
    return out


def name(site: str) -> str:
    """The organ alone: "adrenal gland"."""
    return organs()[site]["name"]


def phrase(site: str) -> str:
    """The organ after "in" or "to": "the adrenal gland"."""
    return organs()[site]["phrase"]


def surgery(site: str) -> str:
    """The operation at the site: "surgery to remove the adrenal gland (adrenalectomy)", or "surgery"."""
    return organs()[site].get("surgery", "surgery")
