"""Opening, boundaries, safety follow-up, a human contact, restart and forget-me."""

from __future__ import annotations

from typing import List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import AllSlotsReset, EventType, Restarted
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.answers import answer_if_asked, fallback_text, start_intake_if_told
from actions.common import latest_intent, latest_text, safety_of, utter_safety_net
from bot import safety, unanswered
from bot.explain import boundaries
from bot.settings import clinic

URGENT_BUTTON = {"title": "I feel unwell now", "payload": "/urgent_help"}


def opening() -> str:
    c = clinic()
    return (
        f"Hello. I'm the information assistant of {c.name}. I explain what doctors and studies say about "
        "surgery, radiotherapy and ablation when lung cancer has spread to only a few places.\n\n"
        "I give general information, not medical advice, and I don't make decisions about your care. "
        "Nobody reads this chat as you type. If you feel very unwell, call "
        f"{c['emergency_services']}. For an urgent problem during cancer treatment, call the "
        f"{c.contact_line('acute_oncology_line')}.\n\n"
        "Please don't type your name or other personal details. What you write is kept for "
        f"{c['privacy']['retention_days']} days to run and improve this service, then deleted. "
        "You can say \"forget me\" at any time to delete this conversation.\n\n"
        "You can tell me about your situation in your own words, or ask a question."
    )


class ActionGreet(Action):
    def name(self) -> Text:
        return "action_greet"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        dispatcher.utter_message(text=opening(), buttons=[URGENT_BUTTON])
        return []


class ActionBoundary(Action):
    def name(self) -> Text:
        return "action_boundary"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        text = boundaries().get(latest_intent(tracker) or "", boundaries()["ask_decision"])
        dispatcher.utter_message(text=text.format(contact=clinic().contact_line("referral_contact")))
        # "am I too old for an operation at 80?": what the content says as well, when it answers it well.
        answer_if_asked(dispatcher, latest_text(tracker))
        utter_safety_net(dispatcher, tracker)
        return start_intake_if_told(tracker)


class ActionAfterAlert(Action):
    """The alert itself already led the reply (action_validate_slot_mappings); nothing more to say."""

    def name(self) -> Text:
        return "action_after_alert"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        if not safety_of(tracker).alert:
            # Never leave a person without a reply, whatever led the policy here.
            dispatcher.utter_message(text=fallback_text())
        return []


class ActionUrgentHelp(Action):
    """ "I feel unwell now": the urgent-advice card, with no reading of words. The Rasa process gives the
    same card when the action server is down (bot/rasa_ext/action_faults.py)."""

    def name(self) -> Text:
        return "action_urgent_help"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        text, payload = safety.urgent_card(clinic().raw)
        dispatcher.utter_message(text=text, json_message=payload)
        return []


class ActionHuman(Action):
    def name(self) -> Text:
        return "action_human"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        c = clinic()
        dispatcher.utter_message(
            text=f"You can talk to a person: contact the {c.contact_line('human_contact')}. For questions about "
            f"your own treatment, the {c.contact_line('referral_contact')} can help. This chat is not "
            "watched by a person. If it is urgent, call the "
            f"{c.contact_line('acute_oncology_line')}, or {c['emergency_services']} in an emergency."
        )
        return []


class ActionRestartConversation(Action):
    def name(self) -> Text:
        return "action_restart_conversation"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        dispatcher.utter_message(
            text="OK, let's start again. Everything you told me is cleared. "
            "You can tell me about your situation, or ask a question."
        )
        return [Restarted(), AllSlotsReset()]


class ActionForgetMe(Action):
    """Deletes the conversation: the tracker store removes every stored event of this sender when it sees
    the `forget` marker (bot/rasa_ext/tracker_store.py)."""

    def name(self) -> Text:
        return "action_forget_me"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        unanswered.forget(tracker.sender_id)
        dispatcher.utter_message(
            text="Done. I have deleted this conversation and everything you told me. "
            "If you start again, I will not remember it.",
            json_message={"forget": True},
        )
        return [Restarted(), AllSlotsReset()]
