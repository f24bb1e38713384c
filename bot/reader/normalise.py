"""What is done to a message before the reader's pipeline sees it: ways of writing that the vocabularies
would otherwise need in every form."""

from __future__ import annotations

import re

from bot.reader.spelling import restore_dropped_g

# "osseous mets x2", "brain (x2)": clinical shorthand for a count, written after what it counts.
_TIMES = re.compile(r"\b([a-z][\w-]*)\s*(?:\(\s*[x×]\s?(\d{1,2})\s*\)|[x×]\s?(\d{1,2})\b(?!\s*(?:a|per|/)\s))", re.I)


def counts_before(text: str) -> str:
    """ "mets to brain (x2), adrenal (x1)" -> "mets to 2 brain, 1 adrenal": the count before the word it counts,
    where the reader looks for it."""
    return _TIMES.sub(lambda m: f"{m.group(2) or m.group(3)} {m.group(1)}", text)


def normalise(text: str) -> str:
    return counts_before(restore_dropped_g(text))
