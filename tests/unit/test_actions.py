"""Actions with a fake dispatcher and tracker (no Rasa server, no trained model)."""

import asyncio
from types import SimpleNamespace

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

import actions.assessment
import actions.common
from actions.assessment import ActionAssessment
from actions.intake import ActionSummary, ReadEveryMessage, ValidateSituationForm
from bot.messages import message
from bot.settings import clinic
from tests.situations import situation


def tracker(text="", slots=None, intent="inform", form=None):
    slots = dict(slots or {})
    if form:
        slots.setdefault("requested_slot", None)
    return Tracker(
        sender_id="test",
        slots=slots,
        latest_message={"text": text, "intent": {"name": intent}},
        events=[],
        paused=False,
        followup_action=None,
        active_loop={"name": form} if form else {},
        latest_action_name="action_listen",
    )


def run(action, t, domain=None):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, t, domain or {"forms": {"situation_form": {"required_slots": []}}}))
    return dispatcher.messages, events


class FakeStore:
    def __init__(self):
        self.item = SimpleNamespace(
            id="evidence-gomez",
            title="The Gomez trial",
            summary="A small trial.",
            body="Body.",
            citations=[SimpleNamespace(label="Gomez et al., J Clin Oncol 2019")],
        )

    def for_assessment(self, category, organs, local_options, systemic_therapy=None, limit=4, driver_mutation=None):
        return [self.item]

    def citations(self, items):
        return [{"label": "Gomez et al., J Clin Oncol 2019", "doi": "10.1200/JCO.19.00201"}]


@pytest.fixture
def fake_store(monkeypatch):
    store = FakeStore()
    monkeypatch.setattr(actions.common, "store", lambda: store)
    monkeypatch.setattr(actions.assessment, "store", lambda: store)
    return store


def test_every_message_is_read_into_the_contract_slots():
    _, events = run(ReadEveryMessage(), tracker("stage 4 NSCLC with two spots in my liver, no brain spread"))
    slots = {e["name"]: e["value"] for e in events}
    assert slots["metastasis_count"] == 2 and slots["metastasis_organs"] == ["liver"]
    assert slots["brain_metastasis_count"] == 0 and slots["histology"] == "nsclc"


def test_a_question_in_a_story_the_search_is_unsure_of_gets_the_closest_items_offered(monkeypatch):
    import actions.answers

    closest = [
        SimpleNamespace(id="what-is-sbrt", title="What is SBRT"),
        SimpleNamespace(id="ablation-heat", title="Heat"),
    ]
    fake = SimpleNamespace(answer=lambda text: (None, closest), get=lambda item_id: None)
    monkeypatch.setattr(actions.answers, "store", lambda: fake)
    monkeypatch.setattr(actions.answers.answering, "suggestion_payload", lambda store, item: f"/q{item.id}")
    monkeypatch.setattr(actions.answers.unanswered, "record", lambda *a, **k: None)
    t = tracker("my wife has 3 spots in her bones, what would the zapping feel like?", intent="tell_situation")
    messages, events = run(ReadEveryMessage(), t)
    assert "Did you mean" in messages[0]["text"] and [b["title"] for b in messages[0]["buttons"]] == [
        "What is SBRT",
        "Heat",
    ]
    assert {e["name"] for e in events} >= {"metastasis_count", "metastasis_organs"}


def test_a_short_answer_fills_the_asked_slot():
    t = tracker("no", slots={"requested_slot": "malignant_effusion"}, form="situation_form")
    t.slots["requested_slot"] = "malignant_effusion"
    _, events = run(ReadEveryMessage(), t)
    assert {e["name"]: e["value"] for e in events} == {"malignant_effusion": False}


def test_unchanged_facts_make_no_events():
    _, events = run(
        ReadEveryMessage(),
        tracker("two spots in my liver", slots={"metastasis_count": 2, "metastasis_organs": ["liver"]}),
    )
    assert events == []


def test_form_asks_only_what_the_path_needs():
    t = tracker(slots={"histology": "sclc"})
    assert asyncio.run(ValidateSituationForm().required_slots([], CollectingDispatcher(), t, {})) == []
    t = tracker(slots={"histology": "nsclc", "metastasis_count": 9})
    assert asyncio.run(ValidateSituationForm().required_slots([], CollectingDispatcher(), t, {})) == []
    t = tracker(slots={"histology": "nsclc", "metastasis_count": 2})
    assert asyncio.run(ValidateSituationForm().required_slots([], CollectingDispatcher(), t, {})) == [
        "brain_metastasis_count"
    ]


def test_assessment_payload_and_referral(fake_store):
    slots = situation(metastasis_count=1, metastasis_organs=["adrenal"], systemic_therapy_cycles=3)
    messages, events = run(ActionAssessment(), tracker(slots=slots))
    payloads = [m["custom"] for m in messages if m.get("custom") and "assessment" in m["custom"]]
    assert len(payloads) == 1
    a = payloads[0]["assessment"]
    assert a["category"] == "synchronous_oligometastatic" and a["within_definition"] is True
    assert a["trial_prescreen"] == "possible" and a["content"] == ["evidence-gomez"]
    assert a["citations"][0]["doi"] == "10.1200/JCO.19.00201"
    text = "\n".join(m.get("text") or "" for m in messages)
    assert clinic()["referral_contact"]["phone"] in text
    assert "eligible" not in text.lower()
    assert SlotSet("assessment_given", True) in events


def test_assessment_goes_back_to_the_intake_when_facts_are_missing(fake_store):
    messages, events = run(ActionAssessment(), tracker(slots={"histology": "nsclc", "metastasis_count": 2}))
    assert messages == [] and events[0]["name"] == "situation_form"


def test_after_the_assessment_a_message_with_no_new_fact_does_not_repeat_it(fake_store):
    slots = situation(metastasis_count=1, metastasis_organs=["adrenal"], systemic_therapy_cycles=3)
    slots.update(assessment_given=True, assessed_category="synchronous_oligometastatic")
    t = tracker("i don't know", slots=slots)
    t.events = [{"event": "user", "text": "i don't know"}]
    messages, events = run(ActionAssessment(), t)
    assert [m["text"] for m in messages] == [message("assessment_unchanged", clinic().raw)]
    assert messages[0]["buttons"] and events == []
    # a real correction is re-assessed and says what it changed
    t.events = [
        {"event": "user", "text": "actually 2 spots"},
        {"event": "slot", "name": "metastasis_count", "value": 2},
    ]
    messages, _ = run(ActionAssessment(), t)
    assert messages[0]["text"].startswith("Thank you for the correction")


def test_summary_lists_what_was_understood():
    messages, _ = run(ActionSummary(), tracker(slots={"metastasis_count": 3, "metastasis_organs": ["liver"]}))
    assert "3 spots" in messages[0]["text"] and "the liver" in messages[0]["text"]


def tracker_with_events(events, form=None, slots=None):
    t = tracker("my tablet is failing in one spot, can they radiate it?", slots=slots, intent="question", form=form)
    t.events = events
    return t


def test_a_question_that_tells_facts_starts_the_intake_after_the_answer():
    from actions.answers import start_intake_if_told

    told = [{"event": "user", "text": "..."}, {"event": "slot", "name": "on_systemic_therapy", "value": True}]
    assert [e["name"] for e in start_intake_if_told(tracker_with_events(told))] == ["situation_form"]


def test_a_referral_question_that_tells_facts_starts_the_intake_after_the_prompt(fake_store):
    from actions.answers import ActionReferral

    told = [{"event": "user", "text": "..."}, {"event": "slot", "name": "metastasis_organs", "value": ["liver"]}]
    t = tracker_with_events(told)
    t.latest_message = {
        "text": "They want to treat another spot in my liver, is that normal?",
        "intent": {"name": "ask_referral"},
    }
    messages, events = run(ActionReferral(), t)
    assert messages and [e["name"] for e in events] == ["situation_form"]


def test_a_plain_question_or_one_mid_intake_does_not_start_it_again():
    from actions.answers import start_intake_if_told

    plain = [{"event": "slot", "name": "metastasis_count", "value": 2}, {"event": "user", "text": "what is sbrt"}]
    told = [{"event": "user", "text": "..."}, {"event": "slot", "name": "metastasis_count", "value": 2}]
    assert start_intake_if_told(tracker_with_events(plain)) == []
    assert start_intake_if_told(tracker_with_events(told, form="situation_form")) == []
    assert start_intake_if_told(tracker_with_events(told, slots={"assessment_given": True})) == []


@pytest.fixture(scope="module")
def content_store(tmp_path_factory):
    from pathlib import Path

    from bot.content import ContentStore, loader

    url = f"sqlite:///{tmp_path_factory.mktemp('content') / 'content.db'}"
    loader.load(url, Path(__file__).parents[2] / "content")
    return ContentStore(url)


@pytest.fixture
def real_store(content_store, monkeypatch):
    import actions.answers

    monkeypatch.setattr(actions.answers, "store", lambda: content_store)
    return content_store


def test_a_question_is_answered_with_the_item_and_its_sources(real_store):
    from actions.answers import ActionAnswerQuestion

    messages, _ = run(ActionAnswerQuestion(), tracker("what is SBRT?", intent="question"))
    content = messages[0]["custom"]["content"]
    assert content["id"] == "what-is-sbrt" and content["citations"]
    assert "Source:" not in messages[0]["text"]  # sources once per answer: the list under it (issue 16)


def test_a_question_the_store_cannot_answer_gets_no_guess(real_store):
    from actions.answers import ActionAnswerQuestion

    messages, _ = run(ActionAnswerQuestion(), tracker("how do I renew my passport?", intent="question"))
    assert not messages[0]["custom"] and "don't have information" in messages[0]["text"]


def test_an_unsure_classifier_still_gets_the_answer_the_content_has(real_store):
    from actions.answers import ActionFallback

    messages, _ = run(ActionFallback(), tracker("sbrt side effects?", intent="nlu_fallback"))
    assert messages[0]["custom"]["content"]["id"] == "sbrt-side-effects"
    messages, _ = run(ActionFallback(), tracker("what's the weather tomorrow", intent="out_of_scope"))
    assert not messages[0]["custom"] and "don't have information" in messages[0]["text"]
    # not a question: the fallback, whatever the store holds ("not sure" would match the "undetermined" item)
    messages, _ = run(ActionFallback(), tracker("I'm not sure", intent="nlu_fallback"))
    assert not messages[0]["custom"]
    # "yes" out of context is not a question: the fallback, whatever the store holds
    messages, _ = run(ActionFallback(), tracker("yes", intent="affirm"))
    assert not messages[0]["custom"]


def test_a_short_question_read_as_an_answer_outside_the_intake_is_answered(real_store):
    from actions.answers import ActionInform

    messages, events = run(ActionInform(), tracker("sbrt side effects?"))
    assert messages[0]["custom"]["content"]["id"] == "sbrt-side-effects" and events == []


def test_an_answer_with_facts_outside_the_intake_starts_it(real_store):
    from actions.answers import ActionInform

    t = tracker("two spots in my liver")
    t.events = [
        {"event": "user", "text": "two spots in my liver"},
        {"event": "slot", "name": "metastasis_count", "value": 2},
    ]
    messages, events = run(ActionInform(), t)
    assert messages == [] and events == [{"event": "followup", "timestamp": None, "name": "situation_form"}]
    # no fact and nothing the content answers well: the intake starts, as before
    messages, events = run(ActionInform(), tracker("I don't know"))
    assert messages == [] and events[0]["name"] == "situation_form"


# --- a dialogue that cannot strand anyone (issue 13) -----------------------------------------------------


def test_an_answer_that_does_not_fit_is_asked_again_another_way_then_noted_unknown():
    t = tracker(
        "he plays the bagpipes on sundays",
        intent="inform",
        slots={"requested_slot": "histology"},
        form="situation_form",
    )
    t.slots["requested_slot"] = "histology"
    _, events = run(ReadEveryMessage(), t)
    slots = {e["name"]: e["value"] for e in events}
    assert slots == {"answer_tries": {"histology": 1}, "asked_again": "histology"}
    t = tracker(
        "the bagpipes, I said",
        intent="inform",
        slots={"requested_slot": "histology", "answer_tries": {"histology": 1}, "asked_again": "histology"},
        form="situation_form",
    )
    t.slots["requested_slot"] = "histology"
    messages, events = run(ReadEveryMessage(), t)
    slots = {e["name"]: e["value"] for e in events}
    assert slots["histology"] == "unknown" and slots["asked_again"] is None
    assert any(m.get("response") == "utter_noted_unknown" for m in messages)


def test_a_question_mid_intake_does_not_count_as_an_answer_that_did_not_fit():
    t = tracker("what is sbrt?", intent="question", slots={"requested_slot": "histology"}, form="situation_form")
    t.slots["requested_slot"] = "histology"
    _, events = run(ReadEveryMessage(), t)
    assert not any(e["name"] in ("answer_tries", "histology") for e in events)


def test_a_correction_lands_on_the_fact_it_names_not_the_pending_question():
    t = tracker(
        "oh wait, it's 3 spots in the liver, not 2",
        intent="correct",
        slots={"requested_slot": "brain_metastasis_count", "metastasis_count": 2, "metastasis_organs": ["liver"]},
        form="situation_form",
    )
    t.slots["requested_slot"] = "brain_metastasis_count"
    _, events = run(ReadEveryMessage(), t)
    slots = {e["name"]: e["value"] for e in events}
    assert slots.get("metastasis_count") == 3 and "brain_metastasis_count" not in slots


def test_a_message_in_another_language_gets_the_english_only_note():
    messages, events = run(ReadEveryMessage(), tracker("Tengo cáncer de pulmón con dos metástasis en el hígado"))
    assert events == [] and "only read English" in messages[0]["text"] and "Spanish" in messages[0]["text"]


def test_only_a_clear_goodbye_is_a_goodbye():
    from bot.dialogue import is_clear_goodbye

    assert is_clear_goodbye("bye") and is_clear_goodbye("thanks, that's all for now")
    assert not is_clear_goodbye("no scan yet, it's too soon") and not is_clear_goodbye("ok bye, 2 spots in the liver")


def test_only_a_clear_request_starts_again():
    from bot.dialogue import is_clear_restart

    assert is_clear_restart("can we start again") and is_clear_restart("let's start the whole thing over")
    assert is_clear_restart("new chat please") and is_clear_restart("redo from the beginning")
    assert not is_clear_restart("no scan since starting") and not is_clear_restart("treatment starts again next week")


def test_only_a_clear_request_deletes_the_conversation():
    from bot.dialogue import is_clear_forget_me

    assert is_clear_forget_me("forget me") and is_clear_forget_me("please delete this conversation")
    assert not is_clear_forget_me("i dont kno, no records") and not is_clear_forget_me("no")
