"""Rasa custom actions: thin translations between the tracker and bot/.

rasa_sdk imports this package when the action server starts: the reader's pipeline, the red-flag rules and classifier,
the content store (with its question classifier) and the language detector are built now, so the first patient's turn does not wait for them (and stays well
inside the Rasa process's bound on an action call, bot/rasa_ext/action_faults.py).
"""

import multiprocessing

from bot import safety
from bot.language import other_language
from bot.reader import warm_up


def _warm_up() -> None:
    start_method = multiprocessing.get_start_method(allow_none=True)
    warm_up()
    safety.warm_up()  # the red-flag classifier trains in about 2 s: not on the first patient's message
    other_language("Tengo cáncer de pulmón con dos metástasis en el hígado")
    try:
        from actions.common import store

        store().index.classifier.warm_up()  # the question classifier trains in about 4 s
    except Exception:  # noqa: BLE001 - no content loaded yet (unit tests): the store loads at first use
        pass
    if start_method is None:
        # Fitting scikit-learn's SGD classifier goes through joblib, which fixes multiprocessing's start method;
        # the action server (Sanic) sets its own after this import and refuses to start if one is fixed.
        multiprocessing.set_start_method(None, force=True)


_warm_up()
