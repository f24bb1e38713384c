"""Each new content item (issue 15) answers, through the REST channel, at least two ways a patient would ask
its question that are not among its own example questions."""

import pytest

from tests.conversations.rest_client import Patient, custom
from tests.new_topic_questions import EQUALLY_GOOD, NEW_TOPICS


def test_every_new_topic_has_two_ways_of_asking():
    assert all(len(qs) >= 2 for qs in NEW_TOPICS.values()) and len(NEW_TOPICS) >= 10


# Questions not answered with their item through the channel, kept as strict expected failures so a fix shows.
# The two of the first run (2026-12-01: a statement without a question mark read as a story, an eligibility
# question the search was not sure of) are answered since the question classifier and the wider reading of
# questions; none is left.
KNOWN_GAPS: set = set()


def _params():
    for item_id, questions in NEW_TOPICS.items():
        for q in questions:
            marks = [pytest.mark.xfail(strict=True, reason="known gap")] if q in KNOWN_GAPS else []
            yield pytest.param(item_id, q, id=f"{item_id}: {q}", marks=marks)


@pytest.mark.parametrize("item_id, question", _params())
def test_a_new_topic_is_answered_through_the_channel(item_id, question):
    msgs = Patient().say(question)
    assert (custom(msgs, "content") or {}).get("id") in {item_id} | EQUALLY_GOOD.get(question, set()), msgs
