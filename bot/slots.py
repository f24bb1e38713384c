"""The situation slots of shared/spec/contract.md: names, value sets and normalisation.

The slot names here are the contract's names and are used unchanged in the domain, the actions, the
reader and the framework, so a fact has one name wherever it travels.
"""

from __future__ import annotations

from typing import Any, Dict, List

UNKNOWN = "unknown"

HISTOLOGY = ("nsclc", "sclc", "other")
STAGES = ("1", "2", "3", "4")
# The contract's assessment categories (contract.md), one list for the whole project.
CATEGORIES = (
    "synchronous_oligometastatic",
    "metachronous_oligorecurrence",
    "metachronous_oligoprogression",
    "repeat_oligorecurrence",
    "repeat_oligoprogression",
    "repeat_oligopersistence",
    "induced_oligorecurrence",
    "induced_oligoprogression",
    "induced_oligopersistence",
    "polymetastatic",
    "not_metastatic",
    "not_nsclc",
    "undetermined",
)
ORGANS = ("brain", "bone", "liver", "adrenal", "lung", "lymph_nodes", "pleura", "other")
THERAPIES = ("none", "chemotherapy", "immunotherapy", "chemoimmunotherapy", "targeted")
TRENDS = ("shrinking", "stable", "growing", "mixed", "new", "untreated")
DRIVERS = ("egfr", "alk", "ros1", "other", "none")

# The contract's slots, in the order the intake asks them when the framework needs them.
SITUATION_SLOTS: List[str] = [
    "histology",
    "stage",
    "metastasis_count",
    "brain_metastasis_count",
    "metastasis_organs",
    "malignant_effusion",
    "previously_widespread",
    "previous_local_treatment_for_metastases",
    "months_since_diagnosis",
    "on_systemic_therapy",
    "systemic_therapy",
    "disease_trend",
    "driver_mutation",
    "ecog",
]

# Facts the reader also keeps because the trial pre-screen needs them; not part of the contract, so the
# portal never pre-fills them and the intake never asks for them on their own.
AUXILIARY_SLOTS: List[str] = ["systemic_therapy_months", "systemic_therapy_cycles", "first_line"]

ALL_SLOTS = SITUATION_SLOTS + AUXILIARY_SLOTS

NUMBER_SLOTS = {
    "metastasis_count",
    "brain_metastasis_count",
    "months_since_diagnosis",
    "ecog",
    "systemic_therapy_months",
    "systemic_therapy_cycles",
}
BOOL_SLOTS = {
    "malignant_effusion",
    "previously_widespread",
    "previous_local_treatment_for_metastases",
    "on_systemic_therapy",
    "first_line",
}
CHOICE_SLOTS = {
    "histology": HISTOLOGY,
    "stage": STAGES,
    "systemic_therapy": THERAPIES,
    "disease_trend": TRENDS,
    "driver_mutation": DRIVERS,
}
LIST_SLOTS = {"metastasis_organs": ORGANS}


def normalise(slot: str, value: Any) -> Any:
    """Bring a value from the tracker or the portal's metadata into the slot's canonical form.

    Returns None for a value that does not belong to the slot, so a bad pre-fill is asked again rather
    than trusted. `unknown` is valid everywhere (the contract).
    """
    if value is None:
        return None
    if isinstance(value, str) and value.strip().lower() == UNKNOWN:
        return UNKNOWN
    if slot in NUMBER_SLOTS:
        try:
            number = float(value)
        except (TypeError, ValueError):
            return None
        if number < 0 or (slot == "ecog" and number > 4):
            return None
        return int(number) if number == int(number) else number
    if slot in BOOL_SLOTS:
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in ("true", "yes", "1"):
            return True
        if text in ("false", "no", "0"):
            return False
        return None
    if slot in CHOICE_SLOTS:
        text = str(value).strip().lower()
        return text if text in CHOICE_SLOTS[slot] else None
    if slot in LIST_SLOTS:
        items = value if isinstance(value, (list, tuple)) else [value]
        organs = []
        for item in items:
            text = str(item).strip().lower()
            if text == UNKNOWN:
                return UNKNOWN
            if text in LIST_SLOTS[slot] and text not in organs:
                organs.append(text)
        return organs
    return None


def normalise_all(values: Dict[str, Any]) -> Dict[str, Any]:
    """Normalise every known slot in a mapping, dropping values that do not fit."""
    out: Dict[str, Any] = {}
    for slot in ALL_SLOTS:
        value = normalise(slot, values.get(slot))
        if value is not None:
            out[slot] = value
    return out
