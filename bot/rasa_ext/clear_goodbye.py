"""An NLU component: only a clear goodbye ends a conversation (and only a clear request deletes it or starts
it again).

"no scan yet, it's too soon" looks like a goodbye to the intent classifier and used to end the intake. A
message classified `goodbye` that holds more than goodbye words (bot/dialogue.py) is read as an answer
(`inform`) instead, so the intake reads it first. Runs before the red-flag component.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class ClearGoodbye(GraphComponent):
    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "ClearGoodbye":
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        from bot.dialogue import is_clear_forget_me, is_clear_goodbye, is_clear_restart

        for message in messages:
            intent = message.get(INTENT) or {}
            text = message.get(TEXT) or ""
            unclear = (
                (intent.get("name") == "goodbye" and not is_clear_goodbye(text))
                or (intent.get("name") == "forget_me" and not is_clear_forget_me(text))
                or (intent.get("name") == "restart_conversation" and not is_clear_restart(text))
            )
            if unclear and not text.startswith("/"):
                answer = {"name": "inform", "confidence": intent.get("confidence", 1.0)}
                ranking = [answer] + [r for r in (message.get(INTENT_RANKING_KEY) or []) if r.get("name") != "inform"]
                message.set(INTENT, answer, add_to_output=True)
                message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
