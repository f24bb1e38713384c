"""The oligometastatic framework of shared/spec/framework.md as a pure function of the situation.

`assess(situation)` walks the framework's gates, the consensus count definition (Dingemans 2019), the
ESTRO/EORTC classification (Guckenberger 2020) and the salVage pre-screen, recording a plain-language
reason for every step. A fact the walk needs and nobody has been asked about yet (value None) makes the
walk stop at that step and lists the slot in `to_ask`: the intake asks exactly those, in order, so a
question is never asked when the path no longer needs it. A fact answered `unknown` ends the walk as
`undetermined` and becomes a question for the person's own team.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

from bot.slots import UNKNOWN, normalise_all

MAX_METASTASES = 5
MAX_ORGANS = 3
SYNCHRONOUS_MONTHS = 6
TRIAL_MAX_EXTRACRANIAL = 5
TRIAL_MAX_BRAIN = 5
TRIAL_MIN_MONTHS = 3
TRIAL_MIN_CYCLES = 3
TRIAL_MAX_ECOG = 1

PROGRESSING_TRENDS = ("growing", "mixed", "new")
RESPONDING_TRENDS = ("shrinking", "stable")

# framework.md §7: what is discussed for each site, not what is advised.
SITE_TREATMENTS: Dict[str, List[str]] = {
    "brain": ["radiosurgery", "surgery"],
    "adrenal": ["surgery", "sbrt"],
    "lung": ["surgery", "sbrt", "ablation"],
    "liver": ["sbrt", "ablation", "surgery"],
    "bone": ["sbrt"],
    "lymph_nodes": ["radiotherapy", "surgery"],
    "primary": ["surgery", "radiotherapy"],
}
# The contract's `local_options` names the three families of local treatment.
MODALITY_OF = {
    "surgery": "surgery",
    "sbrt": "radiotherapy",
    "radiosurgery": "radiotherapy",
    "radiotherapy": "radiotherapy",
    "ablation": "ablation",
}

# Plain words for the facts, used when a missing fact becomes a question for the team.
FACT_QUESTIONS = {
    "histology": "Is my lung cancer non-small cell or small cell?",
    "stage": "What stage is my cancer now? Has it spread to other parts of my body?",
    "metastasis_count": "How many spots of cancer are there outside the lung and the brain on my latest scan?",
    "brain_metastasis_count": "Has my brain been scanned, and are there any spots in it?",
    "metastasis_organs": "Which organs do the spots affect?",
    "malignant_effusion": "Is there any cancer in the fluid around my lung or heart?",
    "previously_widespread": "Was my cancer ever widespread, before this treatment?",
    "previous_local_treatment_for_metastases": "Have any spots already been treated with surgery, "
    "radiotherapy or ablation?",
    "months_since_diagnosis": "Were these spots found at the same time as the lung cancer, or later?",
    "on_systemic_therapy": "Am I on drug treatment for the cancer now?",
    "systemic_therapy": "What kind of drug treatment am I having?",
    "disease_trend": "What did my latest scan show: are the spots shrinking, stable or growing?",
    "ecog": "How would you describe how active I am?",
    "treatment_duration": "How long have I been on this treatment?",
}


@dataclass
class Assessment:
    category: Optional[str] = None
    within_definition: Optional[bool] = None
    metastasis_count: Optional[int] = None
    brain_metastasis_count: Optional[int] = None
    organ_count: Optional[int] = None
    trial_prescreen: str = "unknown"
    local_options: List[str] = field(default_factory=list)
    treatments_by_site: Dict[str, List[str]] = field(default_factory=dict)
    reasons: List[str] = field(default_factory=list)
    trial_reasons: List[str] = field(default_factory=list)
    team_checks: List[str] = field(default_factory=list)
    assumptions: List[str] = field(default_factory=list)
    missing: List[str] = field(default_factory=list)
    to_ask: List[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """True when nothing the path needs is still to be asked."""
        return not self.to_ask

    @property
    def team_questions(self) -> List[str]:
        return [FACT_QUESTIONS[f] for f in self.missing if f in FACT_QUESTIONS]

    def payload(self) -> Dict[str, Any]:
        """The contract's assessment fields that come from the framework (content is added later)."""
        return {
            "category": self.category,
            "within_definition": self.within_definition,
            "metastasis_count": self.metastasis_count,
            "brain_metastasis_count": self.brain_metastasis_count,
            "organ_count": self.organ_count,
            "trial_prescreen": self.trial_prescreen,
            "local_options": list(self.local_options),
        }


class _Pending(Exception):
    """Raised inside the walk when a fact nobody has been asked about is needed."""


class _Walk:
    def __init__(self, situation: Dict[str, Any]):
        self.s = normalise_all(situation)
        self.a = Assessment()

    def need(self, slot: str) -> Any:
        value = self.s.get(slot)
        if value is None:
            if slot not in self.a.to_ask:
                self.a.to_ask.append(slot)
            raise _Pending(slot)
        return value

    def known(self, slot: str) -> Any:
        """The value when known, else None; never asks."""
        value = self.s.get(slot)
        return None if value == UNKNOWN else value

    def missing(self, slot: str) -> None:
        if slot not in self.a.missing:
            self.a.missing.append(slot)


def assess(situation: Dict[str, Any]) -> Assessment:
    """Place a situation in the framework; total for every combination of slot values."""
    w = _Walk(situation)
    try:
        _gates_and_category(w)
    except _Pending:
        return w.a
    _local_options(w)
    try:
        _trial_prescreen(w)
    except _Pending:
        pass
    return w.a


def _has_spread(w: _Walk) -> Optional[bool]:
    """Whether any distant spread is reported, from the counts and organs; None if nothing says."""
    count, brain, organs = w.known("metastasis_count"), w.known("brain_metastasis_count"), w.known("metastasis_organs")
    if (count or 0) > 0 or (brain or 0) > 0 or organs:
        return True
    if count == 0 and brain == 0:
        return False
    return None


def _effective_stage(w: _Walk) -> Any:
    """The stage now: spread reported anywhere means stage 4, whatever stage was first given."""
    if _has_spread(w):
        return "4"
    return w.need("stage")


def _gates_and_category(w: _Walk) -> None:
    a = w.a
    histology = w.need("histology")
    if histology in ("sclc", "other"):
        a.category = "not_nsclc"
        a.reasons.append(
            "This service covers non-small cell lung cancer, and you told me the cancer is "
            + ("small cell lung cancer." if histology == "sclc" else "another kind of cancer.")
        )
        return
    if histology == UNKNOWN:
        a.assumptions.append(
            "You were not sure of the type of lung cancer. Most lung cancers are non-small "
            "cell, so this information assumes that type."
        )
        w.missing("histology")

    stage = _effective_stage(w)
    if stage in ("1", "2", "3"):
        a.category = "not_metastatic"
        a.reasons.append(
            f"You told me the cancer is stage {stage} and has not spread to distant parts of the "
            "body, so it is not stage 4."
        )
        return
    if stage == UNKNOWN:
        # The spread facts can still show that it is stage 4; only if they cannot is it undetermined.
        _count_definition(w)
        if _has_spread(w):
            if not a.category:
                _classify(w)
            return
        w.missing("stage")
        a.category, a.within_definition = "undetermined", None
        a.reasons.append("I could not tell if the cancer has spread to distant parts of the body.")
        return

    _count_definition(w)
    if a.category:
        return
    _classify(w)


def _count_definition(w: _Walk) -> None:
    """Dingemans 2019: at most 5 metastases in at most 3 organs, no malignant effusion."""
    a = w.a
    count = w.need("metastasis_count")
    if count != UNKNOWN:
        a.metastasis_count = int(count)
        if count > MAX_METASTASES:
            a.within_definition = False
            a.category = "polymetastatic"
            a.reasons.append(
                f"You have {count} spots outside the brain. The definition of a few spots "
                f"(oligometastatic) allows at most {MAX_METASTASES}."
            )
            return

    brain = w.need("brain_metastasis_count")
    if brain != UNKNOWN:
        a.brain_metastasis_count = int(brain)

    organs = w.need("metastasis_organs")
    if organs != UNKNOWN:
        organs = list(organs)
        if a.brain_metastasis_count and "brain" not in organs:
            organs.append("brain")
        a.organ_count = len(organs)
        if "pleura" in organs:
            a.within_definition = False
            a.category = "polymetastatic"
            a.reasons.append(
                "Spread to the lining of the lung (pleura) is not counted as a few spots in the "
                "definition, because it is usually spread over a wide area."
            )
            return
        if len(organs) > MAX_ORGANS:
            a.within_definition = False
            a.category = "polymetastatic"
            a.reasons.append(f"The spots are in {len(organs)} organs. The definition allows at most {MAX_ORGANS}.")
            return

    if count != UNKNOWN and brain != UNKNOWN and count + brain > MAX_METASTASES:
        a.within_definition = False
        a.category = "polymetastatic"
        a.reasons.append(
            f"Counting the brain, there are {count + brain} spots. The definition allows at most {MAX_METASTASES}."
        )
        return

    effusion = w.need("malignant_effusion")
    if effusion is True:
        a.within_definition = False
        a.category = "polymetastatic"
        a.reasons.append(
            "Cancer in the fluid around the lung or heart is not counted as a few spots in the definition."
        )
        return

    unknown = [
        f
        for f, v in (
            ("metastasis_count", count),
            ("brain_metastasis_count", brain),
            ("metastasis_organs", organs),
            ("malignant_effusion", effusion),
        )
        if v == UNKNOWN
    ]
    if unknown:
        for f in unknown:
            w.missing(f)
        a.category = "undetermined"
        a.reasons.append(
            "I could not tell if the spread fits the definition of a few spots, because some facts are not known yet."
        )
        return

    a.within_definition = True
    total = count + brain
    a.reasons.append(
        f"There {'is' if total == 1 else 'are'} {total} spot{'s' if total != 1 else ''} in "
        f"{a.organ_count} organ{'s' if a.organ_count != 1 else ''}. That fits the definition of a "
        f"few spots: at most {MAX_METASTASES} spots in at most {MAX_ORGANS} organs."
    )


def _classify(w: _Walk) -> None:
    """Guckenberger 2020 decision tree (framework.md §3)."""
    a = w.a
    widespread = w.need("previously_widespread")
    if widespread == UNKNOWN:
        return _undetermined(w, "previously_widespread", "I need to know if the cancer was ever widespread.")
    if widespread:
        a.reasons.append(
            "The cancer was widespread before and is now limited after treatment. Doctors call this induced."
        )
        return _on_treatment_state(w, "induced")

    local_before = w.need("previous_local_treatment_for_metastases")
    if local_before == UNKNOWN:
        return _undetermined(
            w,
            "previous_local_treatment_for_metastases",
            "I need to know if spots were treated before with surgery, radiotherapy or ablation.",
        )
    if local_before:
        a.reasons.append(
            "Spots were treated before with a local treatment, and now there are a few again. Doctors call this repeat."
        )
        return _on_treatment_state(w, "repeat")

    months = w.need("months_since_diagnosis")
    if months == UNKNOWN:
        return _undetermined(
            w, "months_since_diagnosis", "I need to know when the spots were found compared with the lung cancer."
        )
    if months <= SYNCHRONOUS_MONTHS:
        a.category = "synchronous_oligometastatic"
        a.reasons.append(
            f"The spots were found within {SYNCHRONOUS_MONTHS} months of the lung cancer diagnosis. "
            "Doctors call this synchronous."
        )
        return
    a.reasons.append(
        f"The spots were found more than {SYNCHRONOUS_MONTHS} months after the lung cancer "
        "diagnosis. Doctors call this metachronous."
    )
    on_therapy = w.need("on_systemic_therapy")
    if on_therapy == UNKNOWN:
        return _undetermined(w, "on_systemic_therapy", "I need to know if you are on drug treatment now.")
    if on_therapy:
        a.category = "metachronous_oligoprogression"
        a.reasons.append("They appeared while you were on drug treatment. Doctors call this oligoprogression.")
    else:
        a.category = "metachronous_oligorecurrence"
        a.reasons.append("They appeared while you were not on drug treatment. Doctors call this oligorecurrence.")


def _on_treatment_state(w: _Walk, prefix: str) -> None:
    a = w.a
    on_therapy = w.need("on_systemic_therapy")
    if on_therapy == UNKNOWN:
        return _undetermined(w, "on_systemic_therapy", "I need to know if you are on drug treatment now.")
    if not on_therapy:
        a.category = f"{prefix}_oligorecurrence"
        a.reasons.append("You are not on drug treatment now. Doctors call this oligorecurrence.")
        return
    trend = w.need("disease_trend")
    if trend == UNKNOWN:
        return _undetermined(w, "disease_trend", "I need to know what the latest scan showed.")
    if trend in PROGRESSING_TRENDS:
        a.category = f"{prefix}_oligoprogression"
        a.reasons.append(
            "Some spots are growing or new while you are on drug treatment. Doctors call this oligoprogression."
        )
    else:
        a.category = f"{prefix}_oligopersistence"
        a.reasons.append(
            "The spots are still there but not growing while you are on drug treatment. Doctors "
            "call this oligopersistence."
        )


def _undetermined(w: _Walk, slot: str, reason: str) -> None:
    w.missing(slot)
    w.a.category = "undetermined"
    w.a.reasons.append(reason)


def _local_options(w: _Walk) -> None:
    """framework.md §7, only where local treatment of every site is discussed at all."""
    a = w.a
    if a.category in ("not_nsclc", "undetermined", "polymetastatic", None):
        return
    if a.category == "not_metastatic":
        sites = ["primary"]
    else:
        sites = [o for o in (w.known("metastasis_organs") or []) if o in SITE_TREATMENTS]
        if a.brain_metastasis_count and "brain" not in sites:
            sites.append("brain")
        if a.category == "synchronous_oligometastatic":
            sites.append("primary")
    for site in sites:
        a.treatments_by_site[site] = list(SITE_TREATMENTS[site])
        for treatment in SITE_TREATMENTS[site]:
            modality = MODALITY_OF[treatment]
            if modality not in a.local_options:
                a.local_options.append(modality)
    order = ["surgery", "radiotherapy", "ablation"]
    a.local_options.sort(key=order.index)


def _trial_prescreen(w: _Walk) -> None:
    """salVage (NCT06114108) criteria of framework.md §4. Never says eligible: only `possible`."""
    a = w.a
    if a.category in ("not_nsclc", "not_metastatic"):
        a.trial_prescreen = "unlikely"
        a.trial_reasons.append("The trial is for stage 4 non-small cell lung cancer.")
        return
    failed: List[str] = []
    unknown: List[str] = []

    def check(ok: Optional[bool], fail_reason: str, unknown_fact: str) -> None:
        if ok is None:
            unknown.append(unknown_fact)
        elif not ok:
            failed.append(fail_reason)

    def finish() -> None:
        a.trial_reasons.extend(failed)
        if failed:
            a.trial_prescreen = "unlikely"
        elif unknown:
            a.trial_prescreen = "unknown"
            for fact in unknown:
                w.missing(fact)
        else:
            a.trial_prescreen = "possible"
            a.team_checks.extend(
                [
                    "The trial is for adults whose cancer was confirmed from a tissue sample.",
                    "Only the specialists can judge whether the main tumour and every remaining spot can be "
                    "treated with surgery or radiotherapy.",
                    "Only the trial team can decide who can join.",
                ]
            )

    count, brain = w.known("metastasis_count"), w.known("brain_metastasis_count")
    check(
        None if count is None else count <= TRIAL_MAX_EXTRACRANIAL,
        f"The trial takes at most {TRIAL_MAX_EXTRACRANIAL} spots outside the brain.",
        "metastasis_count",
    )
    check(
        None if brain is None else brain <= TRIAL_MAX_BRAIN,
        f"The trial takes at most {TRIAL_MAX_BRAIN} spots in the brain.",
        "brain_metastasis_count",
    )
    histology = w.known("histology")
    check(
        None if histology is None else histology == "nsclc", "The trial is for non-small cell lung cancer.", "histology"
    )
    if w.known("first_line") is False:
        failed.append("The trial is for people on their first drug treatment for stage 4 cancer.")
    if failed:
        return finish()

    on_therapy = w.need("on_systemic_therapy")
    if on_therapy is False:
        failed.append("The trial is for people who are on drug treatment now.")
        return finish()
    therapy = w.known("systemic_therapy")
    if on_therapy is True and therapy == "none":
        failed.append("The trial is for people who are on drug treatment now.")
        return finish()
    check(None if on_therapy == UNKNOWN else True, "", "on_systemic_therapy")

    trend = w.need("disease_trend")
    check(
        None if trend == UNKNOWN else trend in RESPONDING_TRENDS,
        "The trial is for people whose spots shrank or stayed the same on treatment.",
        "disease_trend",
    )
    if failed:
        return finish()

    ecog = w.need("ecog")
    check(
        None if ecog == UNKNOWN else ecog <= TRIAL_MAX_ECOG,
        "The trial is for people who are up and about and can look after themselves, at least with light activity.",
        "ecog",
    )

    months, cycles = w.known("systemic_therapy_months"), w.known("systemic_therapy_cycles")
    if (months is not None and months >= TRIAL_MIN_MONTHS) or (cycles is not None and cycles >= TRIAL_MIN_CYCLES):
        duration_ok: Optional[bool] = True
    elif months is not None or cycles is not None:
        duration_ok = False
    else:
        duration_ok = None
    check(
        duration_ok,
        f"The trial is for people who have had about {TRIAL_MIN_CYCLES} cycles or "
        f"{TRIAL_MIN_MONTHS} months of treatment.",
        "treatment_duration",
    )
    finish()
