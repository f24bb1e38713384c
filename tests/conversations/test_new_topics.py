"""Each new content item (issue 15) answers, through the REST channel, at least two ways a patient would ask
its question that are not among its own example questions."""

import pytest

from tests.conversations.rest_client import Patient, custom
from tests.new_topic_questions import NEW_TOPICS


def test_every_new_topic_has_two_ways_of_asking():
    assert all(len(qs) >= 2 for qs in NEW_TOPICS.values()) and len(NEW_TOPICS) >= 10


@pytest.mark.parametrize("item_id, question", [(i, q) for i, qs in NEW_TOPICS.items() for q in qs])
def test_a_new_topic_is_answered_through_the_channel(item_id, question):
    msgs = Patient().say(question)
    assert (custom(msgs, "content") or {}).get("id") == item_id, msgs
