"""A complete situation inside the oligometastatic definition (shared/spec/framework.md §2: two liver spots found
with the cancer, shrinking on chemoimmunotherapy), for tests that need one and change only what they test."""

from typing import Any, Dict

SYNCHRONOUS: Dict[str, Any] = dict(
    histology="nsclc",
    stage="4",
    metastasis_count=2,
    brain_metastasis_count=0,
    metastasis_organs=["liver"],
    malignant_effusion=False,
    previously_widespread=False,
    previous_local_treatment_for_metastases=False,
    months_since_diagnosis=0,
    on_systemic_therapy=True,
    systemic_therapy="chemoimmunotherapy",
    disease_trend="shrinking",
    driver_mutation="none",
    ecog=1,
    systemic_therapy_cycles=4,
)


def situation(**changes: Any) -> Dict[str, Any]:
    """SYNCHRONOUS with `changes`, as a new dict."""
    return dict(SYNCHRONOUS, **changes)
