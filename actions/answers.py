"""Answers to information questions, only from the curated content store, with their sources."""

from __future__ import annotations

from typing import List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import (
    active_form,
    citations_payload,
    latest_intent,
    latest_text,
    situation,
    store,
    utter_safety_net,
)
from bot import answering, referral, unanswered
from bot.framework import assess
from bot.language import other_language
from bot.reader import reads_as_question
from bot.settings import clinic
from bot.slots import ALL_SLOTS


class ActionAnswerQuestion(Action):
    def name(self) -> Text:
        return "action_answer_question"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        text = latest_text(tracker)
        reply = answering.find(store(), text, (tracker.latest_message or {}).get("entities"))
        if reply.answered:
            utter_answer(dispatcher, reply.item)
        else:
            utter_not_confident(dispatcher, tracker, text, reply)
        utter_safety_net(dispatcher, tracker)
        return start_intake_if_told(tracker)


def answer_if_asked(dispatcher: CollectingDispatcher, text: str) -> bool:
    """For a message the classifier did not call a question: answered from the store only when it asks
    something ("sbrt side effects?"), never for "I don't know", which the search alone would match."""
    return reads_as_question(text) and answer_from_store(dispatcher, text)


def answer_or_offer(dispatcher: CollectingDispatcher, tracker: Tracker, text: str) -> bool:
    """A question inside a story ("my wife has 3 spots in her bones, could radiotherapy help her?"): answered
    when the search is confident; otherwise the two closest items are offered ("Did you mean…?") and the
    question kept for the content editors. The intake goes on after either."""
    if not reads_as_question(text):
        return False
    reply = answering.find(store(), text)
    if reply.answered:
        utter_answer(dispatcher, reply.item)
    elif reply.closest:
        utter_not_confident(dispatcher, tracker, text, reply)
    return reply.answered or bool(reply.closest)


def answer_from_store(dispatcher: CollectingDispatcher, text: str) -> bool:
    """The content item that answers `text`, with its sources, when the search is confident."""
    reply = answering.find(store(), text)
    if reply.answered:
        utter_answer(dispatcher, reply.item)
    return reply.answered


def utter_answer(dispatcher: CollectingDispatcher, item) -> None:
    dispatcher.utter_message(
        text=answering.answer_text(item),
        json_message={"content": {"id": item.id, "citations": citations_payload([item]), "review": item.review_line}},
    )


def utter_not_confident(
    dispatcher: CollectingDispatcher, tracker: Tracker, text: str, reply: "answering.Reply"
) -> None:
    """No item answers well enough: say so, offer the two closest, give the contact; keep the question
    (redacted) for the content editors."""
    dispatcher.utter_message(
        text=answering.not_confident_text(clinic().raw, reply.closest),
        buttons=answering.buttons(store(), reply.closest),
    )
    unanswered.record(tracker.sender_id, text, [i.id for i in reply.closest])


def told_facts_this_turn(tracker: Tracker) -> bool:
    """Whether the latest message also said something about the person's situation (the reader set a slot)."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "slot" and event.get("name") in ALL_SLOTS and event.get("value") is not None:
            return True
    return False


def start_intake_if_told(tracker: Tracker) -> List[EventType]:
    """ "My tablet is failing in one spot, can they radiate it?": answer, then go on with the situation."""
    if active_form(tracker) or tracker.get_slot("assessment_given") or not told_facts_this_turn(tracker):
        return []
    return [FollowupAction("situation_form")]


class ActionInform(Action):
    """A short message read as an answer while no intake is running. With facts in it ("two spots in my
    liver") it starts the intake. Without any, a question the content answers well ("sbrt side effects?")
    is answered, not met with the intake's first question; anything else ("I don't know") starts the
    intake as before."""

    def name(self) -> Text:
        return "action_inform"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        # A message that asks and tells ("could they burn the spot on my lung?" with its facts) is answered
        # first; with facts in it the intake then asks what it still needs.
        if answer_if_asked(dispatcher, latest_text(tracker)) and not told_facts_this_turn(tracker):
            return []
        return [FollowupAction("situation_form")]


class ActionReferral(Action):
    def name(self) -> Text:
        return "action_referral"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        facts = situation(tracker)
        a = assess(facts) if facts else None
        a = a if a is not None and a.complete and a.category else None
        summary = referral.printable_summary(facts, a, clinic())
        dispatcher.utter_message(text=referral.prompt(a, clinic()), json_message={"summary": summary})
        # "what is an MDT?", "can my GP refer me for ablation?": what the content says as well
        answer_if_asked(dispatcher, latest_text(tracker))
        # "They want to treat another spot in my liver, is that normal?": then the intake goes on with the facts
        return start_intake_if_told(tracker)


class ActionFallback(Action):
    def name(self) -> Text:
        return "action_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        if other_language(latest_text(tracker)):
            return []  # the note that the assistant reads English only was sent (actions/intake.py)
        # The classifier was unsure or called it off-topic; a question the curated content answers well
        # is still answered from it (held-out questions: tests/nlu/questions_heldout.yml).
        text = latest_text(tracker)
        answered = latest_intent(tracker) in ("nlu_fallback", "out_of_scope") and answer_if_asked(dispatcher, text)
        # "They want to treat another spot in my liver, is that normal?": facts were told, so the intake
        # goes on from them rather than the person hearing "I may not have understood".
        if not answered and not told_facts_this_turn(tracker):
            closest = store().answer(text)[1] if reads_as_question(text) else []
            dispatcher.utter_message(text=fallback_text(), buttons=answering.buttons(store(), closest))
            if reads_as_question(text):
                unanswered.record(tracker.sender_id, text, [i.id for i in closest])
        utter_safety_net(dispatcher, tracker)
        return start_intake_if_told(tracker)


def fallback_text() -> str:
    return (
        "I'm sorry, I don't have information on that, or I may not have understood. I can help with "
        "questions about surgery, radiotherapy or ablation for lung cancer that has spread to a few places, "
        "and I can look at your situation if you tell me about it. For anything else, please contact the "
        f"{clinic().contact_line('human_contact')}."
    )
