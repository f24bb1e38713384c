"""Turns per conversation: a token bucket per sender, so one client sending as fast as it can cannot take the
capacity every other patient shares. A person types a turn every few seconds; a script sends hundreds.

Plain Python (the channels in the Rasa process use it). Per process: with several replicas each keeps its own
buckets, and the nginx in front limits requests per client address as well (deploy/).
"""

from __future__ import annotations

import os
import threading
import time
from collections import OrderedDict
from typing import Callable, Optional

# A burst of TURN_BURST turns, refilled at TURNS_PER_SECOND: quick replies tapped in a row pass, a loop does not.
TURNS_PER_SECOND = float(os.environ.get("TURNS_PER_SECOND", "2"))
TURN_BURST = float(os.environ.get("TURN_BURST", "10"))
_REMEMBERED = 10_000


class TurnLimiter:
    def __init__(
        self, rate: float = TURNS_PER_SECOND, burst: float = TURN_BURST, clock: Callable[[], float] = time.monotonic
    ):
        self.rate, self.burst, self.clock = rate, burst, clock
        self._buckets: "OrderedDict[str, tuple]" = OrderedDict()
        self._lock = threading.Lock()

    def allow(self, sender: Optional[str]) -> bool:
        if not sender or self.rate <= 0:
            return True
        now = self.clock()
        with self._lock:
            tokens, last = self._buckets.pop(sender, (self.burst, now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            allowed = tokens >= 1.0
            self._buckets[sender] = (tokens - 1.0 if allowed else tokens, now)
            while len(self._buckets) > _REMEMBERED:
                self._buckets.popitem(last=False)
            return allowed


LIMITER = TurnLimiter()
TOO_FAST = "You are sending messages faster than I can read them. Please wait a moment, then send one message."
