"""The short assessment (issue 16): at most about 120 words, the picture of the path, the details on request,
the appointment summary a clinician can read. Plain Python (bot/) and the actions with a fake dispatcher."""

import asyncio
import datetime as dt
import re
import xml.etree.ElementTree as ET
from types import SimpleNamespace

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

import actions.assessment
import actions.common
from actions.assessment import ActionAssessment, ActionAssessmentEvidence, ActionAssessmentTrial
from bot import explain, referral
from bot.diagram import diagram, walk
from bot.framework import assess
from bot.settings import clinic
from tests.situations import situation

BASE = situation(brain_metastasis_count=1, metastasis_organs=["liver", "adrenal"])
SITUATIONS = {
    "synchronous_oligometastatic": BASE,
    "metachronous_oligorecurrence": dict(BASE, months_since_diagnosis=14, on_systemic_therapy=False),
    "metachronous_oligoprogression": dict(BASE, months_since_diagnosis=14, disease_trend="mixed"),
    "repeat_oligorecurrence": dict(BASE, previous_local_treatment_for_metastases=True, on_systemic_therapy=False),
    "repeat_oligoprogression": dict(BASE, previous_local_treatment_for_metastases=True, disease_trend="growing"),
    "repeat_oligopersistence": dict(BASE, previous_local_treatment_for_metastases=True, disease_trend="stable"),
    "induced_oligorecurrence": dict(BASE, previously_widespread=True, on_systemic_therapy=False),
    "induced_oligoprogression": dict(BASE, previously_widespread=True, disease_trend="new"),
    "induced_oligopersistence": dict(BASE, previously_widespread=True, disease_trend="shrinking"),
    "polymetastatic": dict(BASE, metastasis_count=9),
    "not_metastatic": dict(histology="nsclc", stage="3", metastasis_count=0, brain_metastasis_count=0),
    "not_nsclc": dict(histology="sclc"),
    "undetermined": dict(BASE, previously_widespread="unknown", histology="unknown"),
}
# The most sites a person can have within the definition: three organs (brain among them) and the primary.
MOST_SITES = dict(BASE, metastasis_organs=["liver", "adrenal", "lung"], brain_metastasis_count=0, metastasis_count=3)


def words(text):
    return len(re.findall(r"\w+", text))


@pytest.mark.parametrize("category", sorted(SITUATIONS))
def test_every_category_is_placed_and_said_in_a_few_words(category):
    a = assess(SITUATIONS[category])
    assert a.complete and a.category == category
    opening, rest = explain.short(a, clinic())
    text = opening + "\n\n" + rest
    assert words(text) <= 120, (words(text), text)
    assert clinic()["referral_contact"]["phone"] in text
    assert "eligible" not in text.lower()
    assert "General information, not advice" in text
    if category != "undetermined":
        assert explain.categories()[category]["name"] in opening
    else:
        assert "the type of lung cancer" in opening and "whether it was ever widespread" in opening
    titles = [b["title"] for b in explain.detail_buttons(a)]
    assert titles[-2:] == ["How do I raise this with my team?", "What did you understand?"]
    assert ("Tell me about the trial" in titles) == (category not in ("not_nsclc", "not_metastatic"))
    assert all(b["payload"] == b["title"] and not b["payload"].startswith("/") for b in explain.detail_buttons(a))


def test_most_sites_still_fit_in_about_120_words():
    a = assess(MOST_SITES)
    opening, rest = explain.short(a, clinic())
    assert words(opening + " " + rest) <= 120, opening + rest
    assert "other lung: surgery, SBRT or ablation" in rest and "main lung tumour: surgery or radiotherapy" in rest
    a = assess(BASE)
    assert (
        words(" ".join(explain.short(a, clinic()))) <= 120
        and "brain: radiosurgery or surgery" in explain.short(a, clinic())[1]
    )


ALLOWED = {"svg", "g", "rect", "line", "path", "circle", "text", "tspan", "title", "desc"}


@pytest.mark.parametrize("category", sorted(SITUATIONS))
def test_the_picture_follows_the_path_taken(category):
    facts = SITUATIONS[category]
    a = assess(facts)
    d = diagram(facts, a)
    root = ET.fromstring(d["svg"])
    tags = {el.tag.split("}")[1] for el in root.iter()}
    assert tags <= ALLOWED, tags
    assert not [k for el in root.iter() for k in el.attrib if k.startswith("on") or "href" in k or k == "style"]
    steps = walk(facts, a).steps
    # One answer taken a step, marked as such (filled and ticked, not colour alone).
    assert sum(1 for el in root.iter() if el.get("class") == "d-chip on") == len(steps)
    assert d["svg"].count("✓") == len(steps)
    assert d["steps"][-1 if not walk(facts, a).assumption else -2].startswith("Result: ")
    assert d["text"] == " ".join(d["steps"])
    assert explain.categories()[category]["name"][1:] in d["text"]


def test_the_picture_in_words_for_a_few_paths():
    d = diagram(BASE, assess(BASE))
    assert d["steps"][:4] == [
        "Step 1: Counted: 2 spots outside the brain, 1 spot in the brain, in 3 organs, no cancer in fluid. That fits "
        "the definition of a few spots: up to 5 spots in up to 3 organs, with no cancer in fluid.",
        "Step 2: Was the cancer ever widespread before? No.",
        "Step 3: Were spots treated before with surgery, radiotherapy or ablation? No.",
        "Step 4: Were the spots found within 6 months of the lung cancer? Yes.",
    ]
    poly = diagram(SITUATIONS["polymetastatic"], assess(SITUATIONS["polymetastatic"]))["steps"]
    assert len(poly) == 2 and "more than the definition of a few spots allows" in poly[0]
    induced = diagram(SITUATIONS["induced_oligoprogression"], assess(SITUATIONS["induced_oligoprogression"]))["steps"]
    assert induced[1].endswith("widespread before? Yes.") and induced[3].endswith("on treatment? Yes.")
    und = diagram(SITUATIONS["undetermined"], assess(SITUATIONS["undetermined"]))["steps"]
    assert und[1] == "Step 2: Was the cancer ever widespread before? Not known."
    assert und[-1].startswith("The type of lung cancer is not known")


def item(id_, title, review=None):
    cite = SimpleNamespace(
        label="Gomez et al., J Clin Oncol 2019",
        payload=lambda: {"label": "Gomez et al., J Clin Oncol 2019", "doi": "10.1200/JCO.19.00201"},
    )
    ns = SimpleNamespace(id=id_, title=title, summary="A small trial.", citations=[cite])
    if review:
        ns.review_line = review
    return ns


def test_the_appointment_summary_has_what_a_clinician_needs():
    a = assess(BASE)
    items = [
        item("evidence-gomez", "The Gomez trial"),
        item("sabr-comet", "SABR-COMET", "Reviewed by Dr X on 1 May 2026"),
    ]
    s = referral.printable_summary(BASE, a, clinic(), items=items, today=dt.date(2026, 12, 1))
    assert s["clinic"] == clinic().name and s["date"] == "2026-12-01" and s["date_text"] == "1 December 2026"
    assert s["situation"] == explain.categories()["synchronous_oligometastatic"]["name"]
    assert s["term"] == "synchronous oligometastatic disease" and s["category"] == "synchronous_oligometastatic"
    assert s["reasons"] == a.reasons and s["diagram"]["svg"].startswith("<svg")
    assert "The cancer is non-small cell lung cancer." in s["what_i_told"]
    assert "Day to day, you tire easily but do light work or housework." in s["what_i_told"]
    assert s["questions"][0].startswith("Could my case be discussed")
    assert [x["review"] for x in s["sources"]] == ["Not yet reviewed by a clinician", "Reviewed by Dr X on 1 May 2026"]
    assert s["sources"][0]["citations"] == [{"label": "Gomez et al., J Clin Oncol 2019", "doi": "10.1200/JCO.19.00201"}]
    # Without an assessment (the referral mid-intake) the summary has no placement, as before.
    s = referral.printable_summary({"metastasis_count": 2}, None, clinic())
    assert s["situation"] is None and "diagram" not in s and "sources" not in s


# ---------------------------------------------------------------- the actions


def tracker(slots, text="", intent="inform"):
    return Tracker(
        sender_id="t",
        slots=dict(slots),
        latest_message={"text": text, "intent": {"name": intent}},
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def run(action, t):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, t, {}))
    return dispatcher.messages, events


class FakeStore:
    def __init__(self):
        self.items = [item("evidence-gomez", "The Gomez trial")]

    def for_assessment(self, category, organs, local_options, systemic_therapy=None, limit=4, driver_mutation=None):
        return self.items

    def citations(self, items):
        return [{"label": "Gomez et al., J Clin Oncol 2019", "doi": "10.1200/JCO.19.00201"}]


@pytest.fixture
def fake_store(monkeypatch):
    store = FakeStore()
    monkeypatch.setattr(actions.common, "store", lambda: store)
    monkeypatch.setattr(actions.assessment, "store", lambda: store)
    return store


def test_the_assessment_turn_is_short_with_the_card_and_the_detail_replies(fake_store):
    messages, events = run(ActionAssessment(), tracker(BASE))
    customs = [m["custom"] for m in messages if m.get("custom")]
    assert len(customs) == 1 and set(customs[0]) == {"assessment", "diagram", "summary"}
    a = customs[0]["assessment"]
    assert set(a) == {
        "category",
        "within_definition",
        "metastasis_count",
        "brain_metastasis_count",
        "organ_count",
        "trial_prescreen",
        "local_options",
        "category_name",
        "content",
        "citations",
    }
    assert a["category"] == "synchronous_oligometastatic" and a["content"] == ["evidence-gomez"]
    texts = [m["text"] for m in messages if m.get("text")]
    assert len(texts) == 2 and words("\n".join(texts)) <= 120
    assert (
        messages[0]["text"].startswith("From what you told me")
        and "custom" not in messages[0]
        or not messages[0]["custom"]
    )
    assert [b["title"] for b in messages[-1]["buttons"]] == [
        "What do the studies say?",
        "Tell me about the trial",
        "How do I raise this with my team?",
        "What did you understand?",
    ]
    assert customs[0]["summary"]["sources"][0]["review"] == "Not yet reviewed by a clinician"
    assert {"event": "slot", "timestamp": None, "name": "assessment_given", "value": True} in events


def test_the_details_on_request(fake_store):
    slots = dict(BASE, assessment_given=True)
    messages, _ = run(ActionAssessmentEvidence(), tracker(slots, "What do the studies say?", "assessment_evidence"))
    text = messages[0]["text"]
    assert "The Gomez trial" in text and "Source: Gomez et al." in text
    assert "the adrenal gland: surgery to remove the adrenal gland (adrenalectomy)" in text
    assert "What do the studies say?" not in [b["title"] for b in messages[0]["buttons"]]
    messages, _ = run(ActionAssessmentTrial(), tracker(slots, "Tell me about the trial", "assessment_trial"))
    assert "salVage (NCT06114108)" in messages[0]["text"] and "Only the trial team can decide" in messages[0]["text"]
    assert [b["title"] for b in messages[0]["buttons"]] == [
        "What do the studies say?",
        "How do I raise this with my team?",
        "What did you understand?",
    ]


def test_a_detail_before_any_assessment_is_answered_from_the_content(fake_store, monkeypatch):
    import actions.answers

    monkeypatch.setattr(actions.answers, "answer_from_store", lambda dispatcher, text: False)
    messages, _ = run(ActionAssessmentTrial(), tracker({}, "tell me about the trial", "assessment_trial"))
    assert messages[0]["text"] == explain.not_yet_assessed()
    answered = []
    monkeypatch.setattr(actions.answers, "answer_from_store", lambda d, text: answered.append(text) or True)
    messages, _ = run(ActionAssessmentEvidence(), tracker({"metastasis_count": 2}, "what do the studies say"))
    assert answered == ["what do the studies say"] and messages == []


def test_a_correction_after_the_assessment_says_in_one_sentence_what_changed(fake_store):
    corrected = dict(BASE, metastasis_count=9, assessment_given=True, assessed_category="synchronous_oligometastatic")
    t = tracker(corrected, text="actually it's 9 spots")
    t.events = [
        {"event": "user", "text": t.latest_message["text"]},
        {"event": "slot", "name": "metastasis_count", "value": 9},
    ]
    messages, events = run(ActionAssessment(), t)
    first = messages[0]["text"]
    assert first.startswith("Thank you for the correction") and "not " in first, first
    assert {"event": "slot", "timestamp": None, "name": "assessed_category", "value": "polymetastatic"} in events
    same = dict(BASE, assessment_given=True, assessed_category="synchronous_oligometastatic")
    t = tracker(same, text="sorry, it's the adrenal")
    t.events = [
        {"event": "user", "text": t.latest_message["text"]},
        {"event": "slot", "name": "metastasis_organs", "value": ["adrenal"]},
    ]
    messages, _ = run(ActionAssessment(), t)
    assert "does not change" in messages[0]["text"]
