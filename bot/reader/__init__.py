"""The clinical reader: free text in, situation slot values (contract.md) out.

    from bot.reader import read
    read("two spots in my liver, no brain spread")  # {'metastasis_count': 2, 'metastasis_organs': ['liver'], 'brain_metastasis_count': 0}

The same reader handles a whole story and each later short answer; `asked` names the slot the assistant
has just asked about, so "no" or "I don't know" fills that slot.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Dict, Optional

from bot.reader.extract import read_doc
from bot.reader.normalise import normalise
from bot.reader.pipeline import build

MAX_CHARS = 5000  # a story longer than this is read in its first part; nobody's situation needs more


def read(text: str, asked: Optional[str] = None, today: Optional[date] = None) -> Dict[str, Any]:
    text = (text or "")[:MAX_CHARS]
    if not text.strip():
        return {}
    doc = build()(normalise(text))
    return read_doc(doc, asked, today or date.today())


def reads_as_question(text: str) -> bool:
    """ "sbrt side effects?", "what is SBRT", "2 spots are stable, what next", "SINDAS trial": asks something,
    unlike "I don't know" or "two spots" (language.yml says how)."""
    import re

    from bot.reader.common import phrase_re, word_set
    from bot.reader.pipeline import vocab

    text = (text or "").strip().lower().replace("’", "'")
    if not text:
        return False
    if "?" in text:
        return True
    openers = word_set("language", "question_openers") | word_set("language", "informal_question_openers")
    clauses = [c.split() for c in re.split(r"[,.;:!\n]+|\s[-–]\s|\b(?:and|but|so)\b", text)]
    if clauses[0] and clauses[0][0] in openers:
        return True
    # later in the message, a clause that asks: a wh-word, or a verb before its subject ("…, can i stay on
    # it"), not "…and is stable"
    subjects, wh = word_set("language", "question_subjects"), word_set("language", "wh_words")
    for c in clauses[1:]:
        if c and (c[0] in wh or (c[0] in openers and len(c) > 1 and c[1] in subjects)):
            return True
    # a question run on without punctuation ("i feel low who can help me"): a wh-word, then a verb before
    # its subject, anywhere in a clause
    for c in clauses:
        if any(a in wh and b in openers for a, b in zip(c[1:], c[2:], strict=False)):
            return True
    if any(phrase_re("question_phrases").match(" ".join(c)) for c in clauses if c):
        return True
    words = re.findall(r"[a-z']+", text)
    if set(words) & word_set("language", "personal_words"):
        return False
    endings = vocab("language")["question_endings"]
    if len(words) <= int(endings["max_words"]) and any(
        re.search(r"\b" + re.escape(p) + r"$", " ".join(words)) for p in endings["phrases"]
    ):
        return True
    return (
        len(words) <= int(vocab("language")["question_fragment_words"])
        and bool(phrase_re("topic_words").search(text))
        and not set(words) & word_set("language", "personal_words")
    )


def merge_facts(
    current: Dict[str, Any], facts: Dict[str, Any], asked: Optional[str] = None, correcting: bool = False
) -> Dict[str, Any]:
    """The slot changes one message makes to what is known.

    A story or a correction replaces facts. An answer to a question sets the asked slot and adds facts
    not known yet, but does not overwrite others: "both gone after gamma knife" answers the brain
    question without changing the trend of the spots outside it. Organs add up unless corrected.
    """
    changes: Dict[str, Any] = {}
    for slot, value in facts.items():
        old = current.get(slot)
        if asked and slot != asked and old is not None and not correcting:
            continue
        if slot == "metastasis_organs" and isinstance(old, list) and isinstance(value, list) and not correcting:
            value = list(dict.fromkeys(old + value))
        if value != old:
            changes[slot] = value
    return changes


def warm_up() -> None:
    """Build the pipeline now, so the first patient does not wait for it."""
    read("two spots in the liver")
