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
from bot.messages import message
from bot.settings import clinic

URGENT_PAYLOAD = "/urgent_help"


def say(key: str) -> str:
    """A message of bot/data/messages.yml with this clinic's contacts."""
    return message(key, clinic().raw)


class ActionGreet(Action):
    def name(self) -> Text:
        return "action_greet"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        dispatcher.utter_message(
            text=say("greeting"), buttons=[{"title": say("urgent_button"), "payload": URGENT_PAYLOAD}]
        )
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
        dispatcher.utter_message(text=say("human_contact"))
        return []


class ActionRestartConversation(Action):
    def name(self) -> Text:
        return "action_restart_conversation"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        dispatcher.utter_message(text=say("restarted"))
        return [Restarted(), AllSlotsReset()]


class ActionForgetMe(Action):
    """Deletes the conversation: the tracker store removes every stored event of this sender when it sees
    the `forget` marker (bot/rasa_ext/tracker_store.py)."""

    def name(self) -> Text:
        return "action_forget_me"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        unanswered.forget(tracker.sender_id)
        dispatcher.utter_message(text=say("forgotten"), json_message={"forget": True})
        return [Restarted(), AllSlotsReset()]
