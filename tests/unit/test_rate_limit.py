"""Turns per conversation are limited (issue 17): a burst passes, a loop gets refused, others are unaffected."""

from bot.rate_limit import TurnLimiter


class Clock:
    def __init__(self):
        self.t = 0.0

    def __call__(self):
        return self.t


def test_a_burst_passes_then_a_loop_is_refused_and_recovers():
    clock = Clock()
    limiter = TurnLimiter(rate=2, burst=5, clock=clock)
    assert all(limiter.allow("a") for _ in range(5))
    assert not limiter.allow("a")
    clock.t += 0.5
    assert limiter.allow("a") and not limiter.allow("a")


def test_one_sender_does_not_use_up_another_senders_turns():
    clock = Clock()
    limiter = TurnLimiter(rate=2, burst=5, clock=clock)
    for _ in range(50):
        limiter.allow("fast")
    assert limiter.allow("patient")


def test_a_person_typing_every_few_seconds_is_never_refused():
    clock = Clock()
    limiter = TurnLimiter(rate=2, burst=5, clock=clock)
    for _ in range(100):
        clock.t += 3
        assert limiter.allow("p")
