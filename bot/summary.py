"""What the assistant has understood of a situation, in plain words (for "what have you understood?",
the assessment and the printable summary for an appointment)."""

from __future__ import annotations

from typing import Any, Dict, List

from bot.organs import phrase
from bot.slots import UNKNOWN, normalise_all

HISTOLOGY_WORDS = {
    "nsclc": "non-small cell lung cancer",
    "sclc": "small cell lung cancer",
    "other": "another type of cancer",
}
THERAPY_WORDS = {
    "none": "no drug treatment",
    "chemotherapy": "chemotherapy",
    "immunotherapy": "immunotherapy",
    "chemoimmunotherapy": "chemotherapy with immunotherapy",
    "targeted": "a targeted drug",
}
TREND_WORDS = {
    "shrinking": "the spots shrank",
    "stable": "the spots stayed the same",
    "growing": "the spots grew",
    "mixed": "some spots grew while the rest stayed under control",
    "new": "there are new spots",
    "untreated": "treatment has not started yet",
}
DRIVER_WORDS = {
    "egfr": "an EGFR gene change",
    "alk": "an ALK gene change",
    "ros1": "a ROS1 gene change",
    "other": "another gene change",
    "none": "no gene change found",
}
# Completes "Day to day, you …".
ECOG_WORDS = {
    0: "are fully active",
    1: "tire easily but do light work or housework",
    2: "are up and about more than half the day but not working",
    3: "are in bed or a chair more than half the day",
    4: "are in bed or a chair all day",
}


def join(words: List[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _plural(n: Any, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def understood(situation: Dict[str, Any]) -> List[str]:
    """One short line per known fact, in the person's terms ('you' form)."""
    s = normalise_all(situation)
    lines: List[str] = []

    def unknown(slot: str, what: str) -> None:
        if s.get(slot) == UNKNOWN:
            lines.append(f"You are not sure {what}.")

    h = s.get("histology")
    if h in HISTOLOGY_WORDS:
        lines.append(f"The cancer is {HISTOLOGY_WORDS[h]}.")
    unknown("histology", "which type of lung cancer it is")
    if s.get("stage") in ("1", "2", "3", "4"):
        lines.append(f"The stage now is {s['stage']}.")
    count, brain = s.get("metastasis_count"), s.get("brain_metastasis_count")
    if isinstance(count, (int, float)):
        lines.append(
            f"There {'is' if count == 1 else 'are'} {_plural(count, 'spot')} outside the lung and brain."
            if count
            else "There are no spots outside the lung and brain."
        )
    unknown("metastasis_count", "how many spots there are")
    if isinstance(brain, (int, float)):
        lines.append(
            f"There {'is' if brain == 1 else 'are'} {_plural(brain, 'spot')} in the brain."
            if brain
            else "There are no spots in the brain."
        )
    unknown("brain_metastasis_count", "whether there are spots in the brain")
    organs = s.get("metastasis_organs")
    if isinstance(organs, list) and organs:
        lines.append(f"The spots are in {join([phrase(o) for o in organs])}.")
    if s.get("malignant_effusion") is True:
        lines.append("There is cancer in fluid around the lung or heart.")
    elif s.get("malignant_effusion") is False:
        lines.append("There is no cancer in fluid around the lung or heart.")
    unknown("malignant_effusion", "about fluid around the lung or heart")
    if s.get("previously_widespread") is True:
        lines.append("The cancer was more widespread before.")
    elif s.get("previously_widespread") is False:
        lines.append("The cancer was never widespread.")
    if s.get("previous_local_treatment_for_metastases") is True:
        lines.append("Spots were treated before with surgery, radiotherapy or ablation.")
    elif s.get("previous_local_treatment_for_metastases") is False:
        lines.append("No spots have been treated with surgery, radiotherapy or ablation before.")
    months = s.get("months_since_diagnosis")
    if isinstance(months, (int, float)):
        if months == 0:
            lines.append("The spread was found at the same time as the lung cancer.")
        elif months >= 24:
            lines.append(f"The spread was found about {round(months / 12)} years after the lung cancer.")
        else:
            lines.append(f"The spread was found about {_plural(round(months), 'month')} after the lung cancer.")
    therapy = s.get("systemic_therapy")
    if therapy in THERAPY_WORDS and therapy != "none":
        now = s.get("on_systemic_therapy")
        lines.append(("You are having " if now is not False else "You had ") + THERAPY_WORDS[therapy] + ".")
    elif s.get("on_systemic_therapy") is False or therapy == "none":
        lines.append("You are not on drug treatment now.")
    elif s.get("on_systemic_therapy") is True:
        lines.append("You are on drug treatment now.")
    if s.get("disease_trend") in TREND_WORDS:
        lines.append(f"On the latest scan, {TREND_WORDS[s['disease_trend']]}.")
    if s.get("driver_mutation") in DRIVER_WORDS:
        lines.append(f"Tests found {DRIVER_WORDS[s['driver_mutation']]}.")
    if s.get("ecog") in ECOG_WORDS:
        lines.append(f"Day to day, you {ECOG_WORDS[s['ecog']]}.")
    return lines
