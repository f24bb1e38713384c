"""Reading the situation at every turn, and asking only what the framework still needs."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.answers import answer_or_offer
from actions.common import active_form, latest_intent, latest_text, safety_of, situation, utter_alert, utter_safety_net
from bot import dialogue
from bot.framework import assess
from bot.language import other_language
from bot.messages import message
from bot.reader import merge_facts, read
from bot.settings import clinic
from bot.summary import understood

# Intents whose action answers the message; a safety-net line goes after that answer (actions/answers.py).
ANSWERING_INTENTS = {"question", "ask_decision", "ask_eligibility", "ask_prognosis", "nlu_fallback", "out_of_scope"}


class ReadEveryMessage(Action):
    """Runs inside Rasa's action_extract_slots after every user message, before any policy predicts.

    That makes two things independent of the dialogue model: the red-flag alert leads the reply, and every
    clinical fact in the message (story, answer or correction) lands in its slot.
    """

    def name(self) -> Text:
        return "action_validate_slot_mappings"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        text = latest_text(tracker)
        if not text or text.startswith("/"):
            return []
        triage = safety_of(tracker)
        if triage.alert:
            utter_alert(dispatcher, triage.alert)
        elif language := other_language(text):
            dispatcher.utter_message(text=message("english_only", clinic().raw, language=language))
            return []
        elif latest_intent(tracker) not in ANSWERING_INTENTS:
            if latest_intent(tracker) == "tell_situation":
                # "my wife has 3 spots in her bones, could radiotherapy help her?": the question is answered
                # (or, the search unsure, the closest items offered) first, then the intake asks what it still
                # needs (or asks again what it had asked).
                answer_or_offer(dispatcher, tracker, text)
            utter_safety_net(dispatcher, tracker)  # the answering actions add it after their answer
        asked = tracker.get_slot("requested_slot") if active_form(tracker) else None
        facts = read(text, asked=asked)
        changes = merge(situation(tracker), facts, tracker, asked)
        if triage.alert:
            return [SlotSet(slot, value) for slot, value in changes.items()]
        outcome = dialogue.after_answer(asked, changes, latest_intent(tracker), tracker.get_slot("answer_tries"))
        if outcome.noted_unknown:
            dispatcher.utter_message(response="utter_noted_unknown")
        events = [SlotSet(slot, value) for slot, value in outcome.changes.items()]
        for slot, value in (("answer_tries", outcome.tries or None), ("asked_again", outcome.ask_again)):
            if tracker.get_slot(slot) != value:
                events.append(SlotSet(slot, value))
        return events


def merge(current: Dict[str, Any], facts: Dict[str, Any], tracker: Tracker, asked: Any = None) -> Dict[str, Any]:
    """The slot changes a message makes (bot.reader.merge_facts), told whether it is a correction."""
    correcting = dialogue.is_correction(latest_text(tracker), latest_intent(tracker))
    return merge_facts(current, facts, asked=asked, correcting=correcting)


class ValidateSituationForm(FormValidationAction):
    """The form asks for exactly the facts the framework's path still needs, in its order."""

    def name(self) -> Text:
        return "validate_situation_form"

    async def required_slots(
        self, domain_slots: List[Text], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Text]:
        return assess(situation(tracker)).to_ask


class ActionSummary(Action):
    def name(self) -> Text:
        return "action_summary"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        lines = understood(situation(tracker))
        raw = clinic().raw
        if not lines:
            dispatcher.utter_message(text=message("summary_empty", raw))
            return []
        facts = "\n".join(f"- {line}" for line in lines)
        dispatcher.utter_message(
            text=message("summary_intro", raw) + "\n" + facts + "\n\n" + message("summary_correction", raw)
        )
        return []


class ActionNotUnderstood(Action):
    """An answer mid-intake that held no fact the reader could use: say so kindly, then the form re-asks."""

    def name(self) -> Text:
        return "action_not_understood"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        dispatcher.utter_message(text=message("not_understood", clinic().raw))
        return []
