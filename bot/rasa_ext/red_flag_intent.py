"""An NLU component that triages every message for red flags in the Rasa process itself.

Both detectors (bot/safety: the concept rules and the classifier) run here, before any policy. A message
with an alert becomes intent `red_flag`, whatever the trained intent classifier thought, and the triage
travels in the message's parse data (`safety`), so the action server shows the same alert the dialogue
follows, and the Rasa process can still answer the emergency when the action server cannot
(bot/rasa_ext/action_faults.py). It runs last in the pipeline, so a low-confidence fallback cannot hide it.
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
SAFETY_KEY = "safety"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class RedFlagIntent(GraphComponent):
    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "RedFlagIntent":
        from bot import safety

        safety.warm_up()  # train the classifier while the model loads, not on the first patient's message
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        from bot import safety  # the Rasa process loads the rules and trains the classifier only when it serves

        for message in messages:
            text = message.get(TEXT) or ""
            triage = safety.triage(text)
            message.set(SAFETY_KEY, triage.as_payload(), add_to_output=True)
            if not triage.alert:
                self._demote(message)
                continue
            intent = {"name": RED_FLAG_INTENT, "confidence": 1.0}
            ranking = [intent] + [
                r for r in (message.get(INTENT_RANKING_KEY) or []) if r.get("name") != RED_FLAG_INTENT
            ]
            message.set(INTENT, intent, add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages

    @staticmethod
    def _demote(message: Message) -> None:
        """The intent classifier may guess `red_flag` for a calm message ("can you book my blood test"); the
        two red-flag detectors decide that, so its guess gives way to the next intent it ranked."""
        intent = message.get(INTENT) or {}
        if intent.get("name") != RED_FLAG_INTENT:
            return
        ranking = [r for r in (message.get(INTENT_RANKING_KEY) or []) if r.get("name") != RED_FLAG_INTENT]
        fallback = {"name": "nlu_fallback", "confidence": 1.0}
        message.set(INTENT, ranking[0] if ranking else fallback, add_to_output=True)
        message.set(INTENT_RANKING_KEY, ranking or [fallback], add_to_output=True)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
