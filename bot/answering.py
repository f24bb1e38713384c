"""What the assistant says to an information question: the item that answers it, or that it has none,
with the two closest items offered ("Did you mean…?") and the clinic's contact. The actions stay thin."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Optional

from bot.content.schema import Item
from bot.messages import message

# A quick reply's payload when no question of the item's own is answered with it (see suggestion_payload);
# the channels' input guard lets only words through, so text payloads are preferred.
PAYLOAD = re.compile(r'^/question\s*(\{.*\})\s*$')


@dataclass
class Reply:
    item: Optional[Item] = None  # the answer, when the search was confident
    closest: List[Item] = field(default_factory=list)

    @property
    def answered(self) -> bool:
        return self.item is not None


def find(store: Any, text: str, entities: Optional[List[Dict[str, Any]]] = None) -> Reply:
    """The item a message asks for: named by a quick reply's payload, else found by the search."""
    named = item_named(text, entities)
    if named and store.get(named):
        return Reply(item=store.get(named))
    item, closest = store.answer(text)
    return Reply(item=item, closest=closest)


def item_named(text: str, entities: Optional[List[Dict[str, Any]]] = None) -> Optional[str]:
    """`/question{"item":"what-is-sbrt"}`: the id, from the entity or from the payload text itself (Rasa drops
    an entity the domain does not declare, the text stays)."""
    for entity in entities or []:
        if entity.get("entity") == "item" and isinstance(entity.get("value"), str):
            return entity["value"]
    m = PAYLOAD.match(text or "")
    if m:
        try:
            value = json.loads(m.group(1)).get("item")
        except (ValueError, AttributeError):
            return None
        return value if isinstance(value, str) else None
    return None


def answer_text(item: Item) -> str:
    """The item as the answer; its sources go once, as the list under it (the `content` payload)."""
    return f"**{item.title}**\n\n{item.body}"


def suggestion_payload(store: Any, item: Item) -> str:
    """What a "Did you mean…?" button sends: one of the item's own example questions that the search answers
    with this item (the classifier was trained on them as `question`), else the payload naming the item."""
    cache = store.__dict__.setdefault("_suggestion_payloads", {})
    if item.id not in cache:
        cache[item.id] = next(
            (q for q in [*item.questions, item.title] if _answered_with(store, q, item)),
            '/question' + json.dumps({"item": item.id}, separators=(",", ":")),
        )
    return cache[item.id]


def _answered_with(store: Any, question: str, item: Item) -> bool:
    found, _ = store.answer(question)  # once: each answer runs both rankers
    return found is not None and found.id == item.id


def buttons(store: Any, closest: List[Item]) -> List[Dict[str, str]]:
    return [{"title": item.title, "payload": suggestion_payload(store, item)} for item in closest]


def not_confident_text(raw_clinic: Mapping[str, Any], closest: List[Item]) -> str:
    """What to say when no item answers well enough (bot/data/messages.yml): with the closest items offered as
    quick replies, or none to offer."""
    return message("not_confident_offer" if closest else "not_found", raw_clinic)
