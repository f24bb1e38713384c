"""Simulated patients for `make bench` (Locust, headless): each runs whole scripted conversations through the
REST channel, as scripts/bench.py's one-patient run does, with time to read and type between turns.

Environment: THINK_MIN / THINK_MAX (seconds before each turn after the first; 0 0 sends turns back to back).
The situations and the payload reader are scripts/bench.py's (Locust puts this directory on sys.path). A turn fails when the server errs or when the
intake stops without either a question (`ask`) or the assessment.
"""

from __future__ import annotations

import os
import random
import uuid
from itertools import count

import gevent
from bench import CONVERSATIONS, custom
from locust import HttpUser, constant, task

THINK = (float(os.environ.get("THINK_MIN", 3)), float(os.environ.get("THINK_MAX", 8)))
QUESTIONS = ("what is SBRT?", "how do I get a referral?")
_next = count()


class Patient(HttpUser):
    wait_time = constant(0)  # a patient who finishes starts again at once: the load stays at `users`

    def on_start(self) -> None:
        # Patients arrive at random moments within one thinking time, not in the same millisecond.
        if THINK[1] > 0:
            gevent.sleep(random.uniform(0, THINK[1]))

    def turn(self, sender: str, message: str, name: str, first: bool = False) -> list:
        if not first and THINK[1] > 0:
            gevent.sleep(random.uniform(*THINK))
        with self.client.post(
            "/webhooks/rest/webhook", json={"sender": sender, "message": message}, name=name, catch_response=True
        ) as r:
            try:
                msgs = r.json() or []
            except ValueError:
                r.failure("not JSON")
                return []
            if name != "question" and custom(msgs, "ask") is None and custom(msgs, "assessment") is None:
                r.failure("the intake stopped without a question or the assessment")
            return msgs

    @task
    def conversation(self) -> None:
        situation = CONVERSATIONS[next(_next) % len(CONVERSATIONS)]
        sender = "load-" + uuid.uuid4().hex[:12]
        msgs = self.turn(sender, situation["story"], "story", first=True)
        for _ in range(14):
            ask = custom(msgs, "ask")
            if ask is None:
                break
            msgs = self.turn(sender, situation["answers"].get(ask, "I don't know"), "answer")
        for question in QUESTIONS:
            self.turn(sender, question, "question")
