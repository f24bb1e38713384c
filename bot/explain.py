"""The assessment in plain words: where the situation fits, why, what is discussed, what to ask."""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict, List

from bot import organs
from bot.config_errors import load_yaml
from bot.framework import Assessment
from bot.settings import ROOT
from bot.summary import join

TREATMENT_WORDS = {
    "surgery": "surgery",
    "sbrt": "SBRT (also called SABR), a precise, high-dose radiotherapy",
    "radiosurgery": "stereotactic radiosurgery, a precise radiotherapy for the brain",
    "radiotherapy": "radiotherapy",
    "ablation": "thermal ablation, which destroys a spot with heat through a thin needle",
}
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

    data = keys(load_yaml(CATEGORIES_FILE), CATEGORIES_FILE, "", CATEGORIES)
    for category in CATEGORIES:
        for field, value in keys(data[category], CATEGORIES_FILE, category, ["name", "term", "local"]).items():
            text(value, CATEGORIES_FILE, f"{category}.{field}")
    return data


@lru_cache(maxsize=1)
def boundaries() -> Dict[str, str]:
    """What the assistant can and cannot say for "should I…", "am I eligible…", "how long…"."""
    from bot.config_errors import keys, text

    data = keys(load_yaml(BOUNDARIES_FILE), BOUNDARIES_FILE, "", BOUNDARY_INTENTS)
    for intent in BOUNDARY_INTENTS:
        text(data[intent], BOUNDARIES_FILE, intent)
    return data


def local_treatments(a: Assessment) -> str:
    lines = [categories()[a.category]["local"]]
    if a.treatments_by_site:
        lines.append("Treatments doctors discuss for each place (what is discussed, not what is advised):")
        for site, treatments in a.treatments_by_site.items():
            words = [organs.surgery(site) if t == "surgery" else TREATMENT_WORDS[t] for t in treatments]
            lines.append(f"- {organs.phrase(site)}: {join(words)}")
    return "\n".join(lines)


def trial(a: Assessment) -> str:
    if a.category in ("not_nsclc", "not_metastatic"):
        return ""
    lines = [
        "There is a trial called salVage (NCT06114108). It tests drug treatment alone against drug treatment "
        "plus surgery or radiotherapy to every remaining spot, in stage 4 non-small cell lung cancer. "
        + PRESCREEN_WORDS[a.trial_prescreen]
    ]
    lines.extend(a.trial_reasons)
    lines.extend(a.team_checks)
    return " ".join(lines)


def evidence(items: List[Any]) -> str:
    if not items:
        return ""
    lines = ["What the studies and guidelines say:"]
    for item in items:
        labels = "; ".join(c.label for c in item.citations) if item.citations else ""
        lines.append(f"- **{item.title}**: {item.summary}" + (f" (Source: {labels})" if labels else ""))
    lines.append("Ask me about any of these to read more.")
    return "\n".join(lines)


# ---------------------------------------------------------------- the short assessment (issue 16)
# The turn that carries the assessment says, in at most about 120 words: what the situation is called
# and means, which local treatments are discussed for its sites, one sentence on the evidence, one on the
# trial pre-screen, and the next step. The details come on request (DETAILS, actions/assessment.py).

SHORT_TREATMENTS = {
    "surgery": "surgery",
    "sbrt": "SBRT",
    "radiosurgery": "radiosurgery",
    "radiotherapy": "radiotherapy",
    "ablation": "ablation",
}
# One sentence each, in line with categories.yml `local` and the cited content items.
EVIDENCE_LINE = {
    "synchronous_oligometastatic": "Small trials found treating every spot kept the cancer from growing for longer; "
    "a larger trial did not confirm this.",
    "metachronous_oligorecurrence": "The evidence comes from small trials and studies, such as SABR-COMET, not "
    "from large trials in lung cancer.",
    "metachronous_oligoprogression": "Small trials of targeted radiotherapy for a few growing spots, such as CURB "
    "and STOP, had mixed results.",
    "repeat_oligorecurrence": "There are few trials for this situation; most evidence comes from small studies.",
    "repeat_oligoprogression": "Small trials of targeted radiotherapy for a few growing spots, such as CURB and "
    "STOP, had mixed results.",
    "repeat_oligopersistence": "Trials, such as salVage, are still testing treatment of the spots that remain.",
    "induced_oligorecurrence": "There are few trials for this situation, so doctors weigh it case by case.",
    "induced_oligoprogression": "Small trials of targeted radiotherapy for a few growing spots, such as CURB and "
    "STOP, had mixed results.",
    "induced_oligopersistence": "Small trials found a benefit from treating the spots that remain; a larger trial "
    "did not confirm it, and trials are still testing this.",
    "polymetastatic": "If later only a few spots grow while the rest are under control, local treatment may be "
    "discussed again.",
    "not_metastatic": "After a good response to immunotherapy or a targeted drug, some people with stage 3 are "
    "offered surgery (salvage surgery).",
}
SHORT_PRESCREEN = {
    "possible": "you might fit its main entry rules; only the trial team decides.",
    "unlikely": "you probably do not fit its entry rules.",
    "unknown": "I cannot tell yet if you might fit its entry rules.",
}
MISSING_WORDS = {
    "histology": "the type of lung cancer",
    "stage": "whether it has spread",
    "metastasis_count": "the number of spots",
    "brain_metastasis_count": "spots in the brain",
    "metastasis_organs": "which organs",
    "malignant_effusion": "fluid around the lung or heart",
    "previously_widespread": "whether it was ever widespread",
    "previous_local_treatment_for_metastases": "earlier treatment of spots",
    "months_since_diagnosis": "when the spots were found",
    "on_systemic_therapy": "current drug treatment",
    "disease_trend": "the latest scan",
}
# The quick replies under the short assessment: (title, what it opens). The title is also the payload:
# it is read like typed words (bot/input_guard.py refuses "/intent" payloads).
EVIDENCE_BUTTON = "What do the studies say?"
TRIAL_BUTTON = "Tell me about the trial"
REFERRAL_BUTTON = "How do I raise this with my team?"
SUMMARY_BUTTON = "What did you understand?"
NO_TRIAL = ("not_nsclc", "not_metastatic")


def short_opening(a: Assessment) -> str:
    """What the situation is called and what it means."""
    c = categories()[a.category]
    if a.category == "undetermined":
        facts = [MISSING_WORDS[f] for f in a.missing if f in MISSING_WORDS][:4]
        # Plain words for someone worried at night: what is missing (short_local adds that their team knows it).
        if not facts:
            return "I can't tell yet which group your situation fits. Some facts are still missing."
        return f"I can't tell yet which group your situation fits, because I don't know about {join(facts)} yet."
    text = f"From what you told me, your situation fits: **{c['name']}**. Doctors call this {c['term']}."
    if "histology" in a.missing:
        text += " This assumes non-small cell lung cancer, the most common type."
    return text


def short_local(a: Assessment) -> str:
    if a.category == "not_nsclc":
        return "This service covers non-small cell lung cancer only. Please ask your own cancer team."
    if a.category == "polymetastatic":
        return "Drug treatment is the main treatment; local treatment is mostly used to ease symptoms."
    if a.category == "undetermined":
        return "Your cancer team will know this. \"How do I raise this with my team?\" gives the questions to ask."
    if not a.treatments_by_site:
        return ""
    places = [
        f"{organs.name(site)}: " + join([SHORT_TREATMENTS[t] for t in treatments]).replace(" and ", " or ")
        for site, treatments in a.treatments_by_site.items()
    ]
    return "Local treatments discussed: " + "; ".join(places) + "."


def short_trial(a: Assessment) -> str:
    if a.category in NO_TRIAL:
        return ""
    return "salVage trial pre-screen: " + SHORT_PRESCREEN[a.trial_prescreen]


def short_next_step(a: Assessment, clinic: Any) -> str:
    c = clinic.raw.get("referral_contact") or {}
    who = (
        f"the {c['name']} on {c['phone']}"
        if c.get("name") and c.get("phone")
        else f"the {clinic.contact_line('referral_contact')}"
    )
    ask = (
        "ask your own cancer team"
        if a.category == "not_nsclc"
        else "ask for your case to go to the multidisciplinary team"
    )
    return f"Next step: {ask}. Call {who}. General information, not advice: your team decides with you."


def short(a: Assessment, clinic: Any) -> List[str]:
    """The short assessment as two texts: before the card (the placement) and after it (the rest)."""
    rest = [short_local(a), EVIDENCE_LINE.get(a.category, ""), short_trial(a), short_next_step(a, clinic)]
    return [short_opening(a), "\n\n".join(t for t in rest if t)]


def detail_buttons(a: Assessment, shown: str = "") -> List[Dict[str, str]]:
    """The quick replies that open the details of the assessment, without the one just shown."""
    titles = []
    if a.category not in ("not_nsclc", "undetermined"):
        titles.append(EVIDENCE_BUTTON)
    if a.category not in NO_TRIAL:
        titles.append(TRIAL_BUTTON)
    titles += [REFERRAL_BUTTON, SUMMARY_BUTTON]
    return [{"title": t, "payload": t} for t in titles if t != shown]


def evidence_detail(a: Assessment, items: List[Any]) -> str:
    """ "What do the studies say?": what the category means for local treatment, the treatments by site,
    and the studies and guidelines shown for it, each with its source."""
    parts = [local_treatments(a), evidence(items)]
    return "\n\n".join(p for p in parts if p)


def trial_detail(a: Assessment) -> str:
    return trial(a) or (
        "The salVage trial is for stage 4 non-small cell lung cancer, so it does not apply to the "
        "situation you told me about."
    )


def not_yet_assessed() -> str:
    return (
        "I can show this once I know a little about your situation. You can tell me in your own words, for "
        "example: \"I have stage 4 lung cancer with two spots in the liver, and they shrank on treatment.\""
    )


def what_changed(previous: str, category: str) -> str:
    """One sentence after a correction: whether it moved the situation to another category."""
    names = categories()
    if previous == category or previous not in names:
        return f"Thank you for the correction. It does not change where your situation fits: {names[category]['name']}."
    return (
        f"Thank you for the correction. With it, your situation now fits {names[category]['name']}, "
        f"not {names[previous]['name']}."
    )
