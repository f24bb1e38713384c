"""The assessment: the framework's placement, the content shown with its sources, and the referral prompt."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import citations_payload, situation, store
from bot import explain, referral
from bot.framework import assess
from bot.settings import clinic


class ActionAssessment(Action):
    def name(self) -> Text:
        return "action_assessment"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        facts = situation(tracker)
        a = assess(facts)
        if not a.complete:
            # A correction can open new questions: go back to the intake rather than guess.
            return [FollowupAction("situation_form")]
        items = store().for_assessment(a.category, facts.get("metastasis_organs") or [], a.local_options,
                                       systemic_therapy=facts.get("systemic_therapy"))
        payload: Dict[str, Any] = a.payload()
        payload["category_name"] = explain.categories()[a.category]["name"]
        payload["content"] = [item.id for item in items]
        payload["citations"] = citations_payload(items)
        dispatcher.utter_message(text=explain.placement(a))
        dispatcher.utter_message(json_message={"assessment": payload})
        dispatcher.utter_message(text=explain.local_treatments(a))
        for text in (explain.evidence(items), explain.trial(a)):
            if text:
                dispatcher.utter_message(text=text)
        summary = referral.printable_summary(facts, a, clinic(), explain.categories()[a.category]["name"])
        dispatcher.utter_message(text=referral.prompt(a, clinic()), json_message={"summary": summary})
        return [SlotSet("assessment_given", True)]
