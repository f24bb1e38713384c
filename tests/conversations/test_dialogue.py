"""Dialogue behaviour through the REST channel: one-message stories, corrections, summaries, interruptions."""

import yaml

from bot.settings import ROOT
from tests.conversations.rest_client import Patient, custom, text

INTAKE_RESPONSES = yaml.safe_load((ROOT / "domain" / "intake.yml").read_text(encoding="utf-8"))["responses"]

FULL_STORY = (
    "I have stage 4 non-small cell lung cancer. It was found 3 months ago with one spot in my adrenal "
    "gland and nothing else: no brain spots, no fluid, never widespread, nothing treated before. After "
    "4 cycles of carboplatin, pemetrexed and pembrolizumab it has shrunk. I'm fully active."
)


def test_a_story_with_every_fact_gets_the_assessment_in_the_first_reply():
    msgs = Patient().say(FULL_STORY)
    a = custom(msgs, "assessment")
    assert a is not None, text(msgs)
    assert a["category"] == "synchronous_oligometastatic" and a["trial_prescreen"] == "possible"


def test_questions_carry_the_ask_payload_with_options():
    msgs = Patient().say("I have stage 4 lung cancer and want to know if surgery is possible")
    # The stage is told, the type of lung cancer is not: the framework's next question is the type, asked in
    # the domain's words (the first wording, not the one for asking again) with the domain's choices.
    asked = INTAKE_RESPONSES["utter_ask_histology"][0]
    assert custom(msgs, "ask") == "histology", text(msgs)
    assert asked["text"] in text(msgs)
    options = custom(msgs, "options")
    assert options == asked["custom"]["options"], msgs
    assert "I don't know" in [o["payload"] for o in options], "not knowing is always one of the choices"


def test_a_correction_changes_the_fact_and_the_summary_shows_it():
    p = Patient()
    p.say("non-small cell lung cancer with two spots in my liver")
    p.say("actually there are three spots")
    msgs = p.say("what have you understood?")
    assert "3 spots" in text(msgs), text(msgs)
    assert custom(msgs, "ask") is not None, "the intake resumes after the summary"


def test_a_question_mid_intake_is_answered_and_the_intake_resumes():
    p = Patient()
    first = p.say("I have stage 4 lung cancer with one spot in the liver")
    asked = custom(first, "ask")
    msgs = p.say("what is SBRT?")
    assert (custom(msgs, "content") or {}).get("citations"), msgs
    assert custom(msgs, "ask") == asked


def test_unknown_is_never_asked_twice():
    p = Patient()
    msgs = p.say("I have lung cancer that has spread")
    seen = []
    for _ in range(15):
        ask = custom(msgs, "ask")
        if ask is None:
            break
        assert ask not in seen
        seen.append(ask)
        msgs = p.say("I don't know")
    a = custom(msgs, "assessment")
    assert a is not None and a["category"] == "undetermined", "\n".join(p.transcript)


def test_small_cell_stops_early():
    msgs = Patient().say("I have small cell lung cancer that spread to my liver, could surgery help?")
    a = custom(msgs, "assessment")
    assert a is not None and a["category"] == "not_nsclc"


def test_the_assessment_names_the_clinic_contact():
    from bot.settings import clinic

    msgs = Patient().say(FULL_STORY)
    assert clinic()["referral_contact"]["phone"] in text(msgs)


def test_a_terse_question_is_answered_not_met_with_the_intake():
    msgs = Patient().say("sbrt side effects?")
    assert (custom(msgs, "content") or {}).get("id") == "sbrt-side-effects", text(msgs)
    assert custom(msgs, "ask") is None


def test_a_short_answer_with_facts_starts_the_intake():
    msgs = Patient().say("two spots in my liver")
    assert custom(msgs, "ask") is not None and custom(msgs, "content") is None, text(msgs)
