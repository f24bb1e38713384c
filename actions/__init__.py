"""Rasa custom actions: thin translations between the tracker and bot/.

rasa_sdk imports this package twice: in its main process, which only supervises, and in the Sanic worker that
serves. The worker builds the reader's pipeline, the content store (with its question classifier) and the
language detector as it starts, so the first patient's turn does not wait for them (and stays well inside the
Rasa process's bound on an action call, bot/rasa_ext/action_faults.py). The main process skips that work: on a
small, busy machine the two copies competed for the same cores.
"""

import os

from sanic.worker.manager import WorkerManager

from bot.language import other_language
from bot.reader import warm_up

# Sanic stops when a worker has not reported ready within WorkerManager.THRESHOLD tenths of a second (30 s by
# default); building the pipeline and training the question classifier took longer than that on two cores
# under load. Raising it is the remedy Sanic's deployment guide gives ("Worker ack").
STARTUP_SECONDS = 120


def _warm_up() -> None:
    warm_up()
    other_language("Tengo cáncer de pulmón con dos metástasis en el hígado")
    try:
        from actions.common import store

        store().index.classifier.warm_up()  # the question classifier trains in about 4 s
    except Exception:  # noqa: BLE001 - no content loaded yet (unit tests): the store loads at first use
        pass


WorkerManager.THRESHOLD = max(WorkerManager.THRESHOLD, STARTUP_SECONDS * 10)
if os.environ.get("SANIC_WORKER_NAME"):  # set by Sanic in the worker process it starts
    _warm_up()
