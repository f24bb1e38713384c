"""An NLU component that marks any message with a red flag as intent `red_flag`.

The alert text is sent by the action server before any policy runs; this component makes the dialogue
treat the message as a red flag (resume the intake after it, rather than read it as an answer), whatever
the trained classifier thought. It runs last in the pipeline, so a low-confidence fallback cannot hide it.
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

RED_FLAG_INTENT = "red_flag"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class RedFlagIntent(GraphComponent):
    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "RedFlagIntent":
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        from bot import redflags  # the Rasa process loads the red-flag rules only when it serves

        for message in messages:
            text = message.get(TEXT) or ""
            if text.startswith("/") or not redflags.detect(text):
                self._demote(message)
                continue
            intent = {"name": RED_FLAG_INTENT, "confidence": 1.0}
            ranking = [intent] + [r for r in (message.get(INTENT_RANKING_KEY) or []) if r.get("name") != RED_FLAG_INTENT]
            message.set(INTENT, intent, add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages

    @staticmethod
    def _demote(message: Message) -> None:
        """The classifier may guess `red_flag` for a calm message ("can you book my blood test"); only
        the red-flag rules decide that, so its guess gives way to the next intent it ranked."""
        intent = message.get(INTENT) or {}
        if intent.get("name") != RED_FLAG_INTENT:
            return
        ranking = [r for r in (message.get(INTENT_RANKING_KEY) or []) if r.get("name") != RED_FLAG_INTENT]
        fallback = {"name": "nlu_fallback", "confidence": 1.0}
        message.set(INTENT, ranking[0] if ranking else fallback, add_to_output=True)
        message.set(INTENT_RANKING_KEY, ranking or [fallback], add_to_output=True)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
