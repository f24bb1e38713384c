"""The assessment in plain words: where the situation fits, why, what is discussed, what to ask."""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict, List

import yaml

from bot.framework import Assessment
from bot.settings import ROOT
from bot.summary import join

SITE_WORDS = {"brain": "the brain", "adrenal": "the adrenal gland", "lung": "the other lung", "liver": "the liver",
              "bone": "bone", "lymph_nodes": "lymph nodes", "primary": "the main lung tumour"}
TREATMENT_WORDS = {
    "surgery": "surgery",
    "sbrt": "SBRT (also called SABR), a precise, high-dose radiotherapy",
    "radiosurgery": "stereotactic radiosurgery, a precise radiotherapy for the brain",
    "radiotherapy": "radiotherapy",
    "ablation": "thermal ablation, which destroys a spot with heat through a thin needle",
}
SURGERY_NAMES = {"adrenal": "surgery to remove the adrenal gland (adrenalectomy)",
                 "brain": "surgery to remove the spot (craniotomy)",
                 "primary": "surgery to remove the tumour (for example a lobectomy)"}
PRESCREEN_WORDS = {
    "possible": "From what you told me, you might fit the main entry rules. Only the trial team can say if you "
                "can join.",
    "unlikely": "From what you told me, you probably do not fit its entry rules.",
    "unknown": "I cannot tell yet if you might fit its entry rules.",
}


CATEGORIES_FILE = ROOT / "bot" / "data" / "categories.yml"
BOUNDARIES_FILE = ROOT / "bot" / "data" / "boundaries.yml"
BOUNDARY_INTENTS = ("ask_decision", "ask_eligibility", "ask_prognosis")


@lru_cache(maxsize=1)
def categories() -> Dict[str, Dict[str, str]]:
    """Each contract category's plain name, the term doctors use and what local treatment means for it."""
    from bot.config_errors import keys, text
    from bot.slots import CATEGORIES

    data = keys(yaml.safe_load(CATEGORIES_FILE.read_text(encoding="utf-8")), CATEGORIES_FILE, "", CATEGORIES)
    for category in CATEGORIES:
        for field, value in keys(data[category], CATEGORIES_FILE, category, ["name", "term", "local"]).items():
            text(value, CATEGORIES_FILE, f"{category}.{field}")
    return data


@lru_cache(maxsize=1)
def boundaries() -> Dict[str, str]:
    """What the assistant can and cannot say for "should I…", "am I eligible…", "how long…"."""
    from bot.config_errors import keys, text

    data = keys(yaml.safe_load(BOUNDARIES_FILE.read_text(encoding="utf-8")), BOUNDARIES_FILE, "", BOUNDARY_INTENTS)
    for intent in BOUNDARY_INTENTS:
        text(data[intent], BOUNDARIES_FILE, intent)
    return data


def placement(a: Assessment) -> str:
    c = categories()[a.category]
    lines = [f"Thank you. From what you told me, your situation fits: **{c['name']}**. Doctors call this "
             f"{c['term']}."]
    if a.reasons:
        lines.append("Why: " + " ".join(a.reasons))
    if a.assumptions:
        lines.append(" ".join(a.assumptions))
    lines.append("This is general information, not advice for you. Your own team decides with you.")
    return "\n\n".join(lines)


def local_treatments(a: Assessment) -> str:
    lines = [categories()[a.category]["local"]]
    if a.treatments_by_site:
        lines.append("Treatments doctors discuss for each place (what is discussed, not what is advised):")
        for site, treatments in a.treatments_by_site.items():
            words = [SURGERY_NAMES.get(site, "surgery") if t == "surgery" else TREATMENT_WORDS[t] for t in treatments]
            lines.append(f"- {SITE_WORDS.get(site, site)}: {join(words)}")
    return "\n".join(lines)


def trial(a: Assessment) -> str:
    if a.category in ("not_nsclc", "not_metastatic"):
        return ""
    lines = ["There is a trial called salVage (NCT06114108). It tests drug treatment alone against drug treatment "
             "plus surgery or radiotherapy to every remaining spot, in stage 4 non-small cell lung cancer. "
             + PRESCREEN_WORDS[a.trial_prescreen]]
    lines.extend(a.trial_reasons)
    lines.extend(a.team_checks)
    return " ".join(lines)


def missing_questions(a: Assessment) -> List[str]:
    return a.team_questions


def evidence(items: List[Any]) -> str:
    if not items:
        return ""
    lines = ["What the studies and guidelines say:"]
    for item in items:
        labels = "; ".join(c.label for c in item.citations) if item.citations else ""
        lines.append(f"- **{item.title}**: {item.summary}" + (f" (Source: {labels})" if labels else ""))
    lines.append("Ask me about any of these to read more.")
    return "\n".join(lines)
