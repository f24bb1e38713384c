"""The assessment: short first (the placement, the card with its picture, a few lines), the details on request."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.answers import told_facts_this_turn
from actions.common import citations_payload, latest_text, situation, store, utter_safety_net
from bot import explain, referral
from bot.diagram import diagram
from bot.framework import Assessment, assess
from bot.messages import message
from bot.settings import clinic


def assessment_items(facts: Dict[str, Any], a: Assessment) -> List[Any]:
    """The content items shown for this assessment (one place for the store's selection)."""
    return store().for_assessment(
        a.category,
        facts.get("metastasis_organs") or [],
        a.local_options,
        systemic_therapy=facts.get("systemic_therapy"),
        driver_mutation=facts.get("driver_mutation"),
    )


def placed(tracker: Tracker) -> Optional[Assessment]:
    """The assessment of the situation in the tracker, once one has been given and is still complete."""
    if not tracker.get_slot("assessment_given"):
        return None
    a = assess(situation(tracker))
    return a if a.complete and a.category else None


class ActionAssessment(Action):
    def name(self) -> Text:
        return "action_assessment"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        facts = situation(tracker)
        a = assess(facts)
        if not a.complete:
            # A correction can open new questions: go back to the intake rather than guess.
            return [FollowupAction("situation_form")]
        previous = tracker.get_slot("assessed_category") if tracker.get_slot("assessment_given") else None
        if previous and not told_facts_this_turn(tracker):
            # "I don't know", "ok", "that's wrong" with no fact in it: nothing to re-assess, and the same
            # assessment again, thanked as a correction, would read as an echo.
            dispatcher.utter_message(
                text=message("assessment_unchanged", clinic().raw), buttons=explain.detail_buttons(a)
            )
            return []
        items = assessment_items(facts, a)
        payload: Dict[str, Any] = a.payload()
        payload["category_name"] = explain.categories()[a.category]["name"]
        payload["content"] = [item.id for item in items]
        payload["citations"] = citations_payload(items)
        summary = referral.printable_summary(facts, a, clinic(), payload["category_name"], items=items)
        opening, rest = explain.short(a, clinic())
        if previous:
            # A correction after the assessment: say in one sentence what it changed.
            dispatcher.utter_message(text=explain.what_changed(previous, a.category))
        dispatcher.utter_message(text=opening)
        dispatcher.utter_message(json_message={"assessment": payload, "diagram": diagram(facts, a), "summary": summary})
        dispatcher.utter_message(text=rest, buttons=explain.detail_buttons(a))
        return [SlotSet("assessment_given", True), SlotSet("assessed_category", a.category)]


class _Detail:
    """One detail of the assessment on request; before any assessment, the content store answers instead.
    A mixin, not an Action: rasa_sdk registers every Action subclass, and this one has no name."""

    button = ""

    def detail(self, facts: Dict[str, Any], a: Assessment) -> str:
        raise NotImplementedError

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        a = placed(tracker)
        if a is None:
            from actions.answers import answer_from_store

            if not answer_from_store(dispatcher, latest_text(tracker)):
                dispatcher.utter_message(text=explain.not_yet_assessed())
            utter_safety_net(dispatcher, tracker)
            return []
        dispatcher.utter_message(
            text=self.detail(situation(tracker), a), buttons=explain.detail_buttons(a, shown=self.button)
        )
        utter_safety_net(dispatcher, tracker)
        return []


class ActionAssessmentEvidence(_Detail, Action):
    button = explain.EVIDENCE_BUTTON

    def name(self) -> Text:
        return "action_assessment_evidence"

    def detail(self, facts: Dict[str, Any], a: Assessment) -> str:
        return explain.evidence_detail(a, assessment_items(facts, a))


class ActionAssessmentTrial(_Detail, Action):
    button = explain.TRIAL_BUTTON

    def name(self) -> Text:
        return "action_assessment_trial"

    def detail(self, facts: Dict[str, Any], a: Assessment) -> str:
        return explain.trial_detail(a)
