"""Every branch of shared/spec/framework.md, and properties that must hold for any situation."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.framework import assess
from bot.slots import ALL_SLOTS, UNKNOWN
from bot.slots import CATEGORIES as CONTRACT_CATEGORIES
from tests.situations import situation

CATEGORIES = set(CONTRACT_CATEGORIES)

BASE = situation()


def situation(**changes):
    s = dict(BASE)
    s.update(changes)
    return {k: v for k, v in s.items() if v is not None}


# ------------------------------------------------------------------------------------------- gates


@pytest.mark.parametrize("histology", ["sclc", "other"])
def test_gate_not_nsclc_stops_before_anything_else(histology):
    a = assess({"histology": histology})
    assert a.category == "not_nsclc" and a.complete and a.to_ask == []


def test_unknown_histology_does_not_block_but_is_stated():
    a = assess(situation(histology=UNKNOWN))
    assert a.category == "synchronous_oligometastatic"
    assert a.assumptions and "histology" in a.missing
    assert a.trial_prescreen == "unknown"


@pytest.mark.parametrize("stage", ["1", "2", "3"])
def test_stage_one_to_three_without_spread_is_not_metastatic(stage):
    a = assess({"histology": "nsclc", "stage": stage})
    assert a.category == "not_metastatic" and a.complete
    assert a.trial_prescreen == "unlikely"
    assert a.local_options == ["surgery", "radiotherapy"]


def test_spread_overrides_an_earlier_stage():
    a = assess(
        situation(
            stage="1",
            metastasis_count=0,
            brain_metastasis_count=1,
            metastasis_organs=["brain"],
            months_since_diagnosis=24,
            on_systemic_therapy=False,
            systemic_therapy="none",
        )
    )
    assert a.category == "metachronous_oligorecurrence"


def test_stage_unknown_asks_about_spread_then_is_undetermined_without_it():
    assert assess({"histology": "nsclc", "stage": UNKNOWN}).to_ask == ["metastasis_count"]
    a = assess(
        {
            "histology": "nsclc",
            "stage": UNKNOWN,
            "metastasis_count": 0,
            "brain_metastasis_count": 0,
            "metastasis_organs": [],
            "malignant_effusion": False,
        }
    )
    assert a.category == "undetermined" and "stage" in a.missing


def test_stage_unknown_with_spread_is_placed():
    a = assess(situation(stage=UNKNOWN))
    assert a.category == "synchronous_oligometastatic" and "stage" not in a.missing


def test_stage_is_not_asked_when_spread_is_known():
    a = assess({"histology": "nsclc", "metastasis_count": 2})
    assert "stage" not in a.to_ask
    assert a.to_ask == ["brain_metastasis_count"]


# ------------------------------------------------------------------------------- count definition


@pytest.mark.parametrize(
    "count,brain,within", [(5, 0, True), (6, 0, False), (3, 2, True), (3, 3, False), (0, 5, True), (1, 0, True)]
)
def test_five_metastases_in_total(count, brain, within):
    organs = ["liver"] + (["brain"] if brain else [])
    a = assess(situation(metastasis_count=count, brain_metastasis_count=brain, metastasis_organs=organs))
    assert a.within_definition is within
    assert (a.category == "polymetastatic") is (not within)


def test_more_than_five_needs_nothing_else():
    a = assess({"histology": "nsclc", "metastasis_count": 12})
    assert a.category == "polymetastatic" and a.within_definition is False
    assert a.trial_prescreen == "unlikely"
    assert a.complete


@pytest.mark.parametrize(
    "organs,within",
    [
        (["liver", "bone", "adrenal"], True),
        (["liver", "bone", "adrenal", "lung"], False),
        (["lymph_nodes", "bone"], True),
    ],
)
def test_three_organs_at_most(organs, within):
    a = assess(situation(metastasis_count=len(organs), metastasis_organs=organs))
    assert a.within_definition is within


def test_brain_counts_as_an_organ_even_if_not_listed():
    a = assess(situation(metastasis_count=3, brain_metastasis_count=1, metastasis_organs=["liver", "bone", "adrenal"]))
    assert a.organ_count == 4 and a.category == "polymetastatic"


def test_malignant_effusion_is_outside_the_definition():
    a = assess(situation(malignant_effusion=True))
    assert a.category == "polymetastatic" and a.within_definition is False
    assert any("fluid" in r for r in a.reasons)


def test_pleural_spread_is_outside_the_definition():
    a = assess(situation(metastasis_organs=["pleura"]))
    assert a.category == "polymetastatic"


@pytest.mark.parametrize(
    "slot", ["metastasis_count", "brain_metastasis_count", "metastasis_organs", "malignant_effusion"]
)
def test_unknown_definition_fact_is_undetermined(slot):
    a = assess(situation(**{slot: UNKNOWN}))
    assert a.category == "undetermined" and a.within_definition is None
    assert slot in a.missing and a.team_questions


# ---------------------------------------------------------------------------- ESTRO/EORTC categories


@pytest.mark.parametrize(
    "changes,category",
    [
        (dict(months_since_diagnosis=0), "synchronous_oligometastatic"),
        (dict(months_since_diagnosis=6), "synchronous_oligometastatic"),
        (dict(months_since_diagnosis=7, on_systemic_therapy=False), "metachronous_oligorecurrence"),
        (dict(months_since_diagnosis=24, on_systemic_therapy=True), "metachronous_oligoprogression"),
        (dict(previous_local_treatment_for_metastases=True, on_systemic_therapy=False), "repeat_oligorecurrence"),
        (dict(previous_local_treatment_for_metastases=True, disease_trend="growing"), "repeat_oligoprogression"),
        (dict(previous_local_treatment_for_metastases=True, disease_trend="mixed"), "repeat_oligoprogression"),
        (dict(previous_local_treatment_for_metastases=True, disease_trend="new"), "repeat_oligoprogression"),
        (dict(previous_local_treatment_for_metastases=True, disease_trend="stable"), "repeat_oligopersistence"),
        (dict(previous_local_treatment_for_metastases=True, disease_trend="shrinking"), "repeat_oligopersistence"),
        (dict(previously_widespread=True, on_systemic_therapy=False), "induced_oligorecurrence"),
        (dict(previously_widespread=True, disease_trend="mixed"), "induced_oligoprogression"),
        (dict(previously_widespread=True, disease_trend="shrinking"), "induced_oligopersistence"),
        (
            dict(previously_widespread=True, previous_local_treatment_for_metastases=True, disease_trend="stable"),
            "induced_oligopersistence",
        ),
    ],
)
def test_categories(changes, category):
    a = assess(situation(**changes))
    assert a.category == category
    assert a.reasons, "every decision carries its reason"


@pytest.mark.parametrize(
    "slot,changes",
    [
        ("previously_widespread", {}),
        ("previous_local_treatment_for_metastases", {}),
        ("months_since_diagnosis", {}),
        ("on_systemic_therapy", dict(months_since_diagnosis=12)),
        ("disease_trend", dict(previously_widespread=True)),
    ],
)
def test_unknown_category_fact_is_undetermined(slot, changes):
    a = assess(situation(**changes, **{slot: UNKNOWN}))
    assert a.category == "undetermined" and slot in a.missing


def test_de_novo_path_never_asks_the_trend_for_the_category():
    a = assess(
        {
            k: v
            for k, v in situation(months_since_diagnosis=24, on_systemic_therapy=False).items()
            if k != "disease_trend"
        }
    )
    assert a.category == "metachronous_oligorecurrence"


def test_questions_follow_the_path_and_stop_early():
    s = {
        "histology": "nsclc",
        "metastasis_count": 2,
        "brain_metastasis_count": 0,
        "metastasis_organs": ["liver"],
        "malignant_effusion": False,
        "previously_widespread": True,
    }
    assert assess(s).to_ask == ["on_systemic_therapy"]
    s["on_systemic_therapy"] = False
    a = assess(s)
    assert a.category == "induced_oligorecurrence"
    assert a.trial_prescreen == "unlikely" and a.complete


# --------------------------------------------------------------------------------- trial pre-screen


def test_prescreen_possible_when_every_criterion_holds():
    a = assess(situation())
    assert a.trial_prescreen == "possible"
    assert a.team_checks, "the team-only criteria are said"


@pytest.mark.parametrize(
    "changes",
    [
        dict(ecog=2),
        dict(disease_trend="growing", previously_widespread=True),
        dict(on_systemic_therapy=False),
        dict(metastasis_count=6),
        dict(brain_metastasis_count=6, metastasis_count=0, metastasis_organs=["brain"]),
        dict(first_line=False),
        dict(systemic_therapy_cycles=1),
        dict(systemic_therapy="none"),
    ],
)
def test_prescreen_unlikely_when_a_criterion_fails(changes):
    assert assess(situation(**changes)).trial_prescreen == "unlikely"


@pytest.mark.parametrize(
    "changes",
    [dict(ecog=UNKNOWN), dict(systemic_therapy_cycles=None), dict(disease_trend=UNKNOWN), dict(histology=UNKNOWN)],
)
def test_prescreen_unknown_when_a_criterion_is_unknown(changes):
    assert assess(situation(**changes)).trial_prescreen == "unknown"


def test_prescreen_duration_from_months():
    assert assess(situation(systemic_therapy_cycles=None, systemic_therapy_months=4)).trial_prescreen == "possible"


# ----------------------------------------------------------------------------------- local options


def test_local_options_by_site():
    a = assess(
        situation(metastasis_count=1, metastasis_organs=["bone"], months_since_diagnosis=12, on_systemic_therapy=False)
    )
    assert a.treatments_by_site == {"bone": ["sbrt"]}
    assert a.local_options == ["radiotherapy"]


def test_synchronous_includes_the_primary_tumour():
    a = assess(situation(metastasis_organs=["adrenal"], metastasis_count=1))
    assert set(a.treatments_by_site) == {"adrenal", "primary"}
    assert a.local_options == ["surgery", "radiotherapy"]


def test_polymetastatic_has_no_local_options_for_all_sites():
    assert assess(situation(metastasis_count=9)).local_options == []


def test_payload_shape():
    p = assess(situation()).payload()
    assert set(p) == {
        "category",
        "within_definition",
        "metastasis_count",
        "brain_metastasis_count",
        "organ_count",
        "trial_prescreen",
        "local_options",
    }


# ------------------------------------------------------------------------------------ properties

VALUES = {
    "histology": st.sampled_from(["nsclc", "sclc", "other", UNKNOWN, None]),
    "stage": st.sampled_from(["1", "2", "3", "4", UNKNOWN, None]),
    "metastasis_count": st.one_of(st.none(), st.just(UNKNOWN), st.integers(0, 30)),
    "brain_metastasis_count": st.one_of(st.none(), st.just(UNKNOWN), st.integers(0, 12)),
    "metastasis_organs": st.one_of(
        st.none(),
        st.just(UNKNOWN),
        st.lists(
            st.sampled_from(["brain", "bone", "liver", "adrenal", "lung", "lymph_nodes", "pleura", "other"]),
            max_size=6,
            unique=True,
        ),
    ),
    "malignant_effusion": st.sampled_from([True, False, UNKNOWN, None]),
    "previously_widespread": st.sampled_from([True, False, UNKNOWN, None]),
    "previous_local_treatment_for_metastases": st.sampled_from([True, False, UNKNOWN, None]),
    "months_since_diagnosis": st.one_of(st.none(), st.just(UNKNOWN), st.integers(0, 120)),
    "on_systemic_therapy": st.sampled_from([True, False, UNKNOWN, None]),
    "systemic_therapy": st.sampled_from(
        ["none", "chemotherapy", "immunotherapy", "chemoimmunotherapy", "targeted", UNKNOWN, None]
    ),
    "disease_trend": st.sampled_from(["shrinking", "stable", "growing", "mixed", "new", "untreated", UNKNOWN, None]),
    "driver_mutation": st.sampled_from(["egfr", "alk", "ros1", "other", "none", UNKNOWN, None]),
    "ecog": st.one_of(st.none(), st.just(UNKNOWN), st.integers(0, 4)),
    "systemic_therapy_months": st.one_of(st.none(), st.integers(0, 60)),
    "systemic_therapy_cycles": st.one_of(st.none(), st.integers(0, 12)),
    "first_line": st.sampled_from([True, False, None]),
}
situations = st.fixed_dictionaries({k: VALUES[k] for k in ALL_SLOTS}).map(
    lambda d: {k: v for k, v in d.items() if v is not None}
)


@settings(max_examples=400, deadline=None)
@given(situations)
def test_engine_is_total(s):
    a = assess(s)
    if a.complete:
        assert a.category in CATEGORIES
    else:
        assert all(slot not in s for slot in a.to_ask), "only facts nobody was asked about are asked"
    assert a.trial_prescreen in ("possible", "unlikely", "unknown")
    assert a.within_definition in (True, False, None)


def criterion_fails(s):
    def known(k):
        return s.get(k) not in (None, UNKNOWN)

    return any(
        [
            known("metastasis_count") and s["metastasis_count"] > 5,
            known("brain_metastasis_count") and s["brain_metastasis_count"] > 5,
            known("ecog") and s["ecog"] > 1,
            known("disease_trend") and s["disease_trend"] not in ("shrinking", "stable"),
            s.get("on_systemic_therapy") is False,
            s.get("systemic_therapy") == "none",
            s.get("first_line") is False,
            known("histology") and s["histology"] != "nsclc",
            known("stage")
            and s["stage"] in ("1", "2", "3")
            and not any(
                (s.get(k) not in (None, UNKNOWN, 0, []))
                for k in ("metastasis_count", "brain_metastasis_count", "metastasis_organs")
            ),
        ]
    )


@settings(max_examples=600, deadline=None)
@given(situations)
def test_never_possible_when_a_criterion_fails(s):
    a = assess(s)
    if criterion_fails(s):
        assert a.trial_prescreen != "possible"
    if a.trial_prescreen == "possible":
        assert all(s.get(k) not in (None, UNKNOWN) for k in ("ecog", "disease_trend", "on_systemic_therapy"))
