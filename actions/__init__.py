"""Rasa custom actions: thin translations between the tracker and bot/.

rasa_sdk imports this package when the action server starts: the reader's pipeline, the content store (with its question
classifier) and the language detector are built now, so the first patient's turn does not wait for them (and stays well
inside the Rasa process's bound on an action call, bot/rasa_ext/action_faults.py).
"""

from bot.language import other_language
from bot.reader import warm_up


def _warm_up() -> None:
    warm_up()
    other_language("Tengo cáncer de pulmón con dos metástasis en el hígado")
    try:
        from actions.common import store

        store().index.classifier.warm_up()  # the question classifier trains in about 4 s
    except Exception:  # noqa: BLE001 - no content loaded yet (unit tests): the store loads at first use
        pass


_warm_up()
