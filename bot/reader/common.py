"""What every part of the reader shares: the span groups of a parsed message, their context, quantities,
and the vocabularies' word lists as sets and patterns."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Dict, List, Tuple

from spacy.tokens import Doc, Span

from bot.reader.pipeline import vocab


@dataclass
class Quantity:
    value: float
    exact: bool
    span: Span


def spans(doc: Doc, category: str) -> List[Span]:
    return list(doc.spans.get(category, []))


def live(span: Span) -> bool:
    """Asserted now: not negated, not in the past, not hypothetical."""
    return not (span._.negated or span._.historical or span._.hypothetical)


def same_clause(a: Span, b: Span) -> bool:
    return a[0]._.clause == b[0]._.clause or a[-1]._.clause == b[-1]._.clause


def in_clause(doc: Doc, category: str, anchor: Span) -> List[Span]:
    return [s for s in spans(doc, category) if same_clause(s, anchor)]


def quantities(doc: Doc) -> List[Quantity]:
    out = []
    numbers = spans(doc, "NUM")
    replaced, dropped = _corrections(doc, numbers)
    for s in numbers:
        if s.start in dropped:
            continue
        label = replaced[s.start].label_ if s.start in replaced else s.label_
        if s.text.lower() == "none" and s.end < len(doc) and doc[s.end].lower_ == "of":
            continue
        if label.startswith("~"):
            out.append(Quantity(float(label[1:]), False, s))
        else:
            try:
                value = float(label)
            except ValueError:
                continue
            out.append(Quantity(value, True, s))
    return out


def _corrections(doc: Doc, numbers: List[Span]) -> Tuple[Dict[int, Span], set]:
    """ "2 spots in liver sorry 3 spots", "five, no, six", "four... wait, the report says five": a count told just
    before a correction (language.yml `correction`, `scopes.correction`) takes the value of the count told just
    after it, where it stands (by its organ); the later count and any other count replaced are dropped. A later
    count with an organ of its own stands there, and the earlier ones are dropped."""
    scope = vocab("language")["scopes"]["correction"]
    before, after = int(scope["preceding"]), int(scope["following"])
    replaced: Dict[int, Span] = {}
    dropped: set = set()
    for cue in spans(doc, "CORRECTION"):
        new = [n for n in numbers if 0 <= n.start - cue.end <= after and n.start not in dropped]
        # in the cue's sentence, or the sentence before when the cue opens its own ("Two. Sorry, I meant three")
        opens = cue.start == cue.sent.start
        old = [
            n
            for n in numbers
            if n.end <= cue.start
            and cue.start - n.end <= before
            and n.start not in dropped
            and (n.sent.start == cue.sent.start or opens)
            and not _not_a_count(doc, n)
        ]
        if not new or not old:
            continue
        if any(0 <= o.start - new[0].end <= 4 for o in spans(doc, "ORGAN")):
            dropped |= {n.start for n in old}  # "..., sorry - it's one in the other lung": the new count has its place
            continue
        replaced[old[0].start] = replaced.get(new[0].start, new[0])
        dropped |= {n.start for n in old[1:]} | {new[0].start}
    _successions(doc, numbers, replaced, dropped)
    return replaced, dropped


def _successions(doc: Doc, numbers: List[Span], replaced: Dict[int, Span], dropped: set) -> List[Tuple[Span, Span]]:
    """ "there were 5 spots in June, now 3", "three were there last year, now only one": a count told in the past
    (language.yml `past_markers` or a month before it in the sentence) and then a count after a `now_words` cue in the
    same sentence: the later count is the count today, where the earlier one stands."""
    scope = vocab("language")["scopes"]["succession"]
    before, after = int(scope["preceding"]), int(scope["following"])
    now_words = {str(w) for w in vocab("language")["now_words"]}
    past = {str(w) for w in vocab("language")["past_markers"]}
    months = set(vocab("numbers")["months"])
    pairs: List[Tuple[Span, Span]] = []
    for cue in doc:
        if cue.lower_ not in now_words:
            continue
        new = [n for n in numbers if 0 <= n.start - cue.i - 1 <= after and n.start not in dropped]
        old = [
            n
            for n in numbers
            if n.end <= cue.i
            and cue.i - n.end <= before
            and n.sent.start == cue.sent.start
            and n.start not in dropped
            and n.start not in replaced
            and not _not_a_count(doc, n)
            and n.text.lower() not in ("a", "an")
            and _small_count(n)
        ]
        if not new or not old or _not_a_count(doc, new[0]) or not _small_count(new[0]):
            continue
        if any(t.lower_ in vocab("numbers")["added_words"] for t in doc[new[0].end : new[0].end + 2]):
            continue  # "2 lung mets last year and now 1 new in the liver": told besides, not instead
        told_before = {t.lower_ for t in doc[cue.sent.start : cue.i]}
        if not (told_before & past or told_before & months):
            continue
        replaced[old[-1].start] = new[0]
        dropped |= {n.start for n in old[:-1]} | {new[0].start}
        pairs.append((old[-1], new[0]))
    return pairs


def counts_over_time(doc: Doc) -> List[Tuple[Span, Span]]:
    """(earlier count, count now) for every count a later one replaces ("5 spots in June, now 3")."""
    return _successions(doc, spans(doc, "NUM"), {}, set())


def _small_count(n: Span) -> bool:
    """An exact number that can be a count of spots (not a year, not "lots")."""
    try:
        return float(n.label_) < 100
    except ValueError:
        return False


def _not_a_count(doc: Doc, n: Span) -> bool:
    """ "stage 4", "ECOG 1", "3 months": a number that no correction of a count replaces."""
    numbers = vocab("numbers")
    prev = doc[n.start - 1].lower_ if n.start > 0 else ""
    nxt = doc[n.end].lower_ if n.end < len(doc) else ""
    return (
        prev in {str(w) for w in numbers["not_a_count_after"]}
        or nxt in numbers["units"]
        or nxt in {str(w) for w in numbers["measures"]}
    )


def as_number(value: float) -> Any:
    return int(value) if float(value).is_integer() else value


def number_word(word: str) -> float:
    exact = vocab("numbers")["exact"]
    if word.isdigit():
        return int(word)
    return exact.get(word, 1 if word in ("a", "an") else 0)


def unit_months(unit: str) -> float:
    return float(vocab("numbers")["units"].get(unit.lower(), 1))


@lru_cache(maxsize=None)
def words(name: str) -> frozenset:
    return word_set("language", name)


def fill_classes(pattern: str, classes: Dict[str, str]) -> str:
    """A vocabulary pattern with its word classes (`{name}`) written out; a name no class has is an error."""
    for name, value in classes.items():
        pattern = pattern.replace("{" + name + "}", value)
    unknown = re.search(r"\{[a-z_]+\}", pattern)
    if unknown:
        raise ValueError(f"unknown word class {unknown.group(0)} in {pattern!r}")
    return pattern


@lru_cache(maxsize=None)
def patterns_re(name: str) -> "re.Pattern":
    """Any of a language.yml list of regular expressions (`next_dose`, `scan_not_done`), compiled once."""
    return re.compile("|".join(f"(?:{p})" for p in vocab("language")[name]), re.I)


@lru_cache(maxsize=None)
def phrase_re(name: str) -> "re.Pattern":
    """Any phrase of a language.yml list, as whole words."""
    words = sorted((str(w) for w in vocab("language")[name]), key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")(?!\w)", re.I)


@lru_cache(maxsize=None)
def word_set(file: str, key: str) -> frozenset:
    """A vocabulary list (`file`.yml, `key`) as a set of lower-case words or phrases."""
    return frozenset(str(w).lower() for w in vocab(file)[key])


@lru_cache(maxsize=None)
def words_re(file: str, key: str) -> "re.Pattern":
    """Any phrase of a vocabulary list, as whole words."""
    phrases = sorted((str(w) for w in vocab(file)[key]), key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(w) for w in phrases) + r")(?!\w)", re.I)


@lru_cache(maxsize=1)
def number_words() -> str:
    """A regex alternative for a count written as digits or a single number word of numbers.yml."""
    single = sorted((str(w) for w in vocab("numbers")["exact"] if " " not in str(w)), key=len, reverse=True)
    return r"(\d+|" + "|".join(re.escape(w) for w in single) + ")"


@lru_cache(maxsize=1)
def duration_re() -> str:
    """ "3 years", "eighteen months", "a year and a half": a count, an optional half and a unit."""
    units = sorted((str(u) for u in vocab("numbers")["units"]), key=len, reverse=True)
    return number_words() + r"\s+(and a half\s+)?(" + "|".join(re.escape(u) for u in units) + r")\b"


@lru_cache(maxsize=None)
def _pending_re(side: str) -> "re.Pattern":
    phrases = sorted((str(w) for w in vocab("language")["pending"][side]), key=len, reverse=True)
    return re.compile(r"(?<![\w'])(" + "|".join(re.escape(w) for w in phrases) + r")(?![\w'])", re.I)


def pending(text: str, about: frozenset = frozenset()) -> bool:
    """A result still to come (language.yml `pending`): anywhere in `text` when `about` is empty, else within
    `within` words of one of the `about` words ("waiting for the gene results", "NGS pending")."""
    text = text.lower().replace("’", "'")
    cues = [(m.start(), m.end(), side) for side in ("preceding", "following") for m in _pending_re(side).finditer(text)]
    if not about:
        return bool(cues)
    within = int(vocab("language")["pending"]["within"])
    targets = [m for m in re.finditer(r"[a-z0-9']+", text) if m.group(0) in about]
    for start, end, side in cues:
        for t in targets:
            gap = text[end : t.start()] if side == "preceding" else text[t.end() : start]
            if (t.start() >= end if side == "preceding" else t.end() <= start) and len(gap.split()) <= within:
                return True
    return False
