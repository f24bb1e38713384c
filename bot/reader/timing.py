"""Time: every point in time a message names (months before today), and from them the months from the
first diagnosis to finding the current spread."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Any, Dict, List, Optional, Tuple

from spacy.tokens import Doc

from bot.reader.common import as_number, duration_re, number_word, spans, unit_months, word_set, words_re
from bot.reader.pipeline import vocab
from bot.reader.sites import is_primary_spot


@lru_cache(maxsize=1)
def MONTH_RE() -> "re.Pattern":
    """A month name of numbers.yml, with its year if one follows ("March 2024", "September last year")."""
    names = "|".join(re.escape(str(m)) for m in sorted(vocab("numbers")["months"], key=len, reverse=True))
    return re.compile(r"\b(" + names + r")\b(?:\s+(?:of\s+)?(\d{4}|'\d\d|last year|this year))?")


@lru_cache(maxsize=1)
def _MONTH_CUE_RE() -> "re.Pattern":
    """ "in May", "since May": a word just before a month name that is also a verb makes it the month."""
    cues = "|".join(re.escape(str(w)) for w in vocab("numbers")["month_verbs_after"])
    return re.compile(r"\b(" + cues + r")\s+$")


def SPREAD_RE() -> "re.Pattern":
    """Words that tell of distant spread without naming a site (language.yml `spread_words`)."""
    return words_re("language", "spread_words")


def time_expressions(text: str, today: date) -> List[Tuple[int, float]]:
    """(character position, months before today) for every point in time the text names."""
    text = text.lower()
    found: List[Tuple[int, float]] = []
    taken: List[Tuple[int, int]] = []

    def add(m: re.Match, months: float) -> None:
        if any(m.start() < b and a < m.end() for a, b in taken):
            return  # part of a longer expression already read ("september last year")
        taken.append((m.start(), m.end()))
        found.append((m.start(), months))

    for m in MONTH_RE().finditer(text):
        name = m.group(1)
        if name in vocab("numbers")["month_verbs"] and not (m.group(2) or _MONTH_CUE_RE().search(text[: m.start()])):
            continue  # "may" is mostly a verb
        month = vocab("numbers")["months"][name]
        year_text = m.group(2)
        if year_text and year_text.isdigit():
            year = int(year_text)
        elif year_text and year_text.startswith("'"):
            year = 2000 + int(year_text[1:])  # "feb '24"
        elif year_text == "last year":
            year = today.year - 1
        else:
            year = today.year if month <= today.month else today.year - 1
        add(m, float((today.year - year) * 12 + today.month - month))
    for m in re.finditer(duration_re() + r"\s+ago\b", text):
        add(m, number_word(m.group(1)) * unit_months(m.group(3)) + (0.5 * unit_months(m.group(3)) if m.group(2) else 0))
    relative = vocab("numbers")["relative_times"]
    for m in _RELATIVE_RE().finditer(text):
        add(m, float(relative[m.group(1)]))
    for m in _WEEKDAY_RE().finditer(text):
        add(m, 0.0)  # "on Friday", "Monday's scan": within the last week
    # clinical notes: "dx 03/2026", "PET 11/2026", "06/24"
    for m in re.finditer(r"(?<![\d/])(0?[1-9]|1[0-2])/((?:19|20)\d\d|\d\d)(?![\d/])", text):
        year = int(m.group(2)) if len(m.group(2)) == 4 else 2000 + int(m.group(2))
        add(m, float((today.year - year) * 12 + today.month - int(m.group(1))))
    # full dates "15.01.2025", "15/09/2026" (day first, as in the UK and EU, unless the second cannot be a month)
    for m in re.finditer(r"(?<![\d/.])(\d{1,2})[./](\d{1,2})[./]((?:19|20)\d\d)(?![\d/])", text):
        first, second = int(m.group(1)), int(m.group(2))
        month = first if second > 12 else second
        if 1 <= month <= 12:
            add(m, float((today.year - int(m.group(3))) * 12 + today.month - month))
    # ISO "2024-01", "2024-01-15"
    for m in re.finditer(r"(?<![\d-])((?:19|20)\d\d)-(0[1-9]|1[0-2])(?:-\d\d)?(?![\d-])", text):
        add(m, float((today.year - int(m.group(1))) * 12 + today.month - int(m.group(2))))
    for m in re.finditer(r"\b(?:in|since|from|during)\s+((?:19|20)\d\d)\b", text):
        add(m, float((today.year - int(m.group(1))) * 12 + today.month - 6))
    return sorted(found)


@lru_cache(maxsize=1)
def _RELATIVE_RE() -> "re.Pattern":
    phrases = sorted(vocab("numbers")["relative_times"], key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(p) for p in phrases) + r")\b")


@lru_cache(maxsize=1)
def _WEEKDAY_RE() -> "re.Pattern":
    days = "|".join(vocab("numbers")["weekdays"])
    # not "next Tuesday": that is a plan, not when something was found
    return re.compile(rf"(?<!next )\b({days})\b")


def _nearest(
    points: List[Tuple[int, float]], anchors: List[int], exclude: Optional[int] = None, limit: int = 120
) -> Optional[Tuple[int, float]]:
    best = None
    for pos, months in points:
        if pos == exclude:
            continue
        for a in anchors:
            d = abs(pos - a)
            if d <= limit and (best is None or d < best[0]):
                best = (d, (pos, months))
    return best[1] if best else None


def read_time(doc: Doc, facts: Dict[str, Any], today: date) -> None:
    site_words = spans(doc, "ORGAN") + spans(doc, "SPOT") + spans(doc, "WIDESPREAD")
    # "stage 3 at the time" dates the stage, not the spread: the sentence must tell of spread
    spread_sents = {s.sent.start for s in site_words + spans(doc, "EFFUSION") if s.label_ != "lung"}
    spread_sents |= {s.start for s in doc.sents if SPREAD_RE().search(s.text)}
    at_dx = [
        s
        for s in spans(doc, "AT_DIAGNOSIS")
        if not s._.negated
        and not s._.hypothetical
        and (s.sent.start in spread_sents or _of_spread_before(doc, s, spread_sents))
    ]
    if at_dx and all(s.text.lower() in word_set("language", "at_diagnosis_weak") for s in at_dx):
        if _dated_apart(doc, today):
            at_dx = []  # "diagnosed in January 2026; a scan in July 2026 found it had spread"
    if at_dx:
        facts["months_since_diagnosis"] = 0
        return
    later = re.search(duration_re() + r"\s+(later|after|between)\b", doc.text.lower())
    if (
        later
        and later.group(4) == "between"
        and not any(later.end() <= d.start_char <= later.end() + 40 for d in spans(doc, "DIAGNOSIS"))
    ):
        later = None  # "three years between my diagnosis and this spot"; not "two weeks between scans"
    if later and site_words:
        value = number_word(later.group(1)) * unit_months(later.group(3))
        facts["months_since_diagnosis"] = as_number(
            value + (0.5 * unit_months(later.group(3)) if later.group(2) else 0)
        )
        return
    diagnosis = [s.start_char for c in ("DIAGNOSIS", "HISTOLOGY") for s in spans(doc, c) if not s._.hypothetical]
    recurrence = words_re("language", "recurrence_words").search(doc.text.lower())
    if not diagnosis or not (site_words or SPREAD_RE().search(doc.text) or recurrence):
        return
    points = time_expressions(doc.text, today)
    if not points:
        return
    # The first diagnosis is the earliest date told beside a diagnosis word: "diagnosed in March 2026 ...,
    # surgery in April" dates it from March.
    dated = [d for a in diagnosis if (d := _nearest(points, [a])) is not None]
    if not dated:
        return
    diag = max(dated, key=lambda d: d[1])
    if _diagnosis_names_spread(doc, diag[0], points):
        facts["months_since_diagnosis"] = 0
        return
    findings = [s.start_char for s in spans(doc, "FINDING") if not s._.hypothetical]
    spread = _nearest(points, findings + [s.start_char for s in site_words], exclude=diag[0])
    spread_ago = spread[1] if spread and spread[1] <= diag[1] else 0.0
    facts["months_since_diagnosis"] = as_number(round(diag[1] - spread_ago))


def _of_spread_before(doc: Doc, cue, spread_sents: set) -> bool:
    """ "2 in the liver, 1 in the other lung. All found at diagnosis in August": an at-diagnosis sentence of its own
    speaks of the spread told in the sentence before, when it names no site, stage or limit of its own (language.yml
    `at_diagnosis_own_words`: "At the time it was stage 3" dates the stage)."""
    sent = cue.sent
    before = [s for s in doc.sents if s.end == sent.start]
    if not before or before[0].start not in spread_sents:
        return False
    own = word_set("language", "at_diagnosis_own_words")
    if any(t.lower_ in own for t in sent):
        return False
    return not any(o.sent.start == sent.start and o.label_ != "lung" for o in spans(doc, "ORGAN"))


def _dated_apart(doc: Doc, today: date) -> bool:
    """The message names two points in time at least two months apart, one beside a diagnosis word."""
    points = time_expressions(doc.text, today)
    diagnosis = [s.start_char for s in spans(doc, "DIAGNOSIS") if not s._.hypothetical]
    diag = _nearest(points, diagnosis) if diagnosis else None
    return diag is not None and any(pos != diag[0] and abs(months - diag[1]) >= 2 for pos, months in points)


@lru_cache(maxsize=1)
def _DATED_BY_NEXT_RE() -> "re.Pattern":
    """What may stand between a named spread and the date after it for that date to date the spread
    ("metastasis March 2026", "went to my liver dec 2025", "liver met found in 11/2025")."""
    return re.compile(
        r"^\s*(?:(?:was|were|is)\s+)?(?:(?:found|seen|detected|confirmed|diagnosed)\s+)?(?:(?:in|on)\s+)?$"
    )


def _told_before_next_date(doc: Doc, diag_pos: int, points: List[Tuple[int, float]]) -> bool:
    """ "dx 03/2024 stage IV w/ 3 brain mets, SRS 04/2024": in a note with several dates, spread named right after
    the diagnosis date, before the next date, was found with the diagnosis."""
    end = min((pos for pos, _ in points if pos > diag_pos), default=len(doc.text))
    between = doc.text[diag_pos:end]
    if any(diag_pos < f.start_char < end for f in spans(doc, "FINDING")) or any(
        w in between.lower().split() for w in word_set("language", "later_clause_openers")
    ):
        return False  # "dx feb 2024, liver met found nov 2025", "dx 2022 then a spot in ..."
    named = [
        x
        for c in ("SPOT", "WIDESPREAD", "EFFUSION", "ORGAN")
        for x in spans(doc, c)
        if diag_pos < x.start_char < end
        and not x._.negated
        and not x._.historical
        and not (c == "SPOT" and is_primary_spot(doc, x))
        and not (c == "ORGAN" and x.label_ == "lung")
    ]
    if named and _DATED_BY_NEXT_RE().match(doc.text[max(x.end_char for x in named) : end].lower()):
        return False  # the date right after the spread dates it
    return bool(named)


def _diagnosis_names_spread(doc: Doc, diag_pos: int, points: List[Tuple[int, float]]) -> bool:
    """ "Stage IV was found in July with fluid", "diagnosed 8 months ago with spots in the bones": the
    sentence that dates the diagnosis also names the spread, and gives no second date for it."""
    sent = next((s for s in doc.sents if s.start_char <= diag_pos < s.end_char), None)
    if sent is None:
        return False
    if sum(1 for pos, _ in points if sent.start_char <= pos < sent.end_char) > 1:
        return _told_before_next_date(doc, diag_pos, points)
    # not in a later clause: "a lobectomy 3 years ago and now 2 spots in her liver" found the spots now
    later = word_set("language", "later_clause_openers")
    opener = {}
    for t in sent:
        opener.setdefault(t._.clause, t.lower_)
    at = doc.char_span(diag_pos, diag_pos + 1, alignment_mode="expand")
    clause = at[0]._.clause if at is not None else None

    def told_then(x) -> bool:
        return x.sent.start == sent.start and (x[0]._.clause == clause or opener.get(x[0]._.clause) not in later)

    named = [
        x
        for c in ("SPOT", "WIDESPREAD", "EFFUSION")
        for x in spans(doc, c)
        if told_then(x) and not x._.negated and not (c == "SPOT" and is_primary_spot(doc, x))
    ]
    named += [o for o in spans(doc, "ORGAN") if told_then(o) and o.label_ != "lung" and not o._.negated]
    tokens = [t for t in sent if t._.clause == clause or opener.get(t._.clause) not in later]
    return bool(
        named or any(SPREAD_RE().search(t.text) for t in tokens) or any(told_then(x) for x in spans(doc, "SPREAD"))
    )
