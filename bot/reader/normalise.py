"""What is done to a message before the reader's pipeline sees it: ways of writing that the vocabularies
would otherwise need in every form."""

from __future__ import annotations

import re

from bot.reader.spelling import correct_words, organ_in_context, restore_dropped_g

# "osseous mets x2", "brain (x2)": clinical shorthand for a count, written after what it counts.
_TIMES = re.compile(
    r"\b([a-z][\w-]*)(?:\s*\(\s*[x×]\s?(\d{1,2})\s*\)|\s+[x×]\s?(\d{1,2})\b(?![/.]\d)(?!\s*(?:a|per|/)\s)(?!\s*(?:mo|mos|months?|m|wk|wks|weeks?|y|yrs?|years?|d|days?)\b))",
    re.I,
)
# "x2 hepatic", "x3 bone": the same shorthand written before the word
_TIMES_BEFORE = re.compile(r"(?<![\w/])[x×](\d{1,2})\s+(?=[a-z])", re.I)


def counts_before(text: str) -> str:
    """ "mets to brain (x2), adrenal (x1)" -> "mets to 2 brain, 1 adrenal": the count before the word it counts,
    where the reader looks for it."""
    text = _TIMES.sub(lambda m: f"{m.group(2) or m.group(3)} {m.group(1)}", text)
    return _TIMES_BEFORE.sub(lambda m: f"{m.group(1)} ", text)


# "a year and a half", "two years and half": the half written after the unit, as "one and a half years"
_HALF_AFTER = re.compile(r"\b(a|an|one|\w+)\s+(years?|months?|yrs?)\s+and\s+(?:a\s+)?half\b", re.I)
# "3ish", "3-ish years": a rough number is still the number told
_ISH = re.compile(r"\b(\d+)-?ish\b", re.I)


def halves_before(text: str) -> str:
    def move(m: "re.Match") -> str:
        number = "one" if m.group(1).lower() in ("a", "an") else m.group(1)
        return f"{number} and a half {m.group(2)}"

    return _HALF_AFTER.sub(move, text)


def normalise(text: str) -> str:
    text = _ISH.sub(r"\1", halves_before(text))
    return counts_before(restore_dropped_g(correct_words(organ_in_context(text))))
