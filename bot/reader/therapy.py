"""Therapy: which systemic treatment (drug names through drugs.yml), whether it is going on now, for how
long, and the driver mutation (told, or implied by a targeted drug)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Dict, List, Optional, Tuple

from spacy.tokens import Doc, Span

from bot.reader.common import (
    fill_classes,
    number_word,
    number_words,
    patterns_re,
    pending,
    phrase_re,
    same_clause,
    spans,
    unit_months,
    word_set,
    words_re,
)
from bot.reader.pipeline import drug_table, vocab
from bot.slots import UNKNOWN

IMPLIED_DRIVER = "_implied_driver"  # a fact kept for read_doc only: the driver a targeted drug implies


def read_driver(doc: Doc, facts: Dict[str, Any], asked: Optional[str] = None) -> None:
    found = [s for s in spans(doc, "DRIVER") if not s._.hypothetical]
    positive = [s for s in found if not s._.negated and s.label_ not in ("none", "unknown")]
    if positive:
        facts["driver_mutation"] = positive[0].label_
    elif any(s.label_ == "none" for s in found) or _gene_tests_negative(doc, asked):
        facts["driver_mutation"] = "none"
    elif any(s.label_ == "unknown" for s in found) or _gene_tests_pending(doc):
        facts["driver_mutation"] = UNKNOWN


def _gene_tests_pending(doc: Doc) -> bool:
    """ "still waiting for the gene test results", "Awaiting NGS", "we wait the genetics": a gene test to come."""
    tests = word_set("facts", "driver_tests")
    return any(pending(s.text, tests) for s in doc.sents if not s.text.rstrip().endswith("?"))


def _gene_tests_negative(doc: Doc, asked: Optional[str]) -> bool:
    """ "They tested for mutations and he hasn't got any"; "they tested, nothing found" when asked about it."""
    results = [m.start() for m in phrase_re("negative_result").finditer(doc.text)]
    if not results:
        return False
    tests = {str(w).lower() for w in vocab("facts")["driver_tests"]}
    organs = [o.start_char for o in spans(doc, "ORGAN")]
    for at in results:
        sent = doc.char_span(at, at + 1, alignment_mode="expand").sent
        if sent.text.rstrip().endswith("?"):
            continue
        if asked == "driver_mutation":
            return True
        # the result follows the test word closely, with no organ between ("brain MRI negative" is not it)
        for t in sent:
            if t.lower_ in tests and 0 <= at - t.idx <= 60 and not any(t.idx < o < at for o in organs):
                return True
    return False


def _drug_class(name: str) -> Tuple[Optional[str], Optional[str]]:
    """A drug span's label (its generic name) -> (therapy class, implied driver)."""
    entry = drug_table().get(name)
    return (entry[0], entry[2]) if entry else (None, None)


def _combine(classes: List[str]) -> str:
    if "targeted" in classes:
        return "targeted"
    if "chemoimmunotherapy" in classes or ("chemotherapy" in classes and "immunotherapy" in classes):
        return "chemoimmunotherapy"
    return classes[-1]


def read_therapy(doc: Doc, facts: Dict[str, Any]) -> None:
    mentions = [s for s in spans(doc, "DRUG") + spans(doc, "THERAPY_CLASS") if not s._.hypothetical]
    off = [o for o in spans(doc, "OFF_THERAPY") if not _activity_given_up(doc, o)]
    earlier, line_cues = _earlier_lines(doc, mentions)
    current, past, negated, drivers = [], [], [], []
    stopped_at: List[int] = []  # clauses of drugs told as stopped
    for s in mentions:
        therapy_class, driver = (
            _drug_class(s.label_) if s.label_ not in vocab("drugs")["class_words"] else (s.label_, None)
        )
        if therapy_class is None:
            continue
        # "on Lumakras after chemo and immunotherapy stopped working": the stop speaks of the earlier line only
        # "4 cycles carbo/pem completed, maintenance pem ongoing": a drug told as going on outweighs a stop told
        # before it in its clause (not one told after it: "pembro maintenance, stopped at 2 years")
        going_on = _continuing(doc, s)
        stopped = (
            any(
                same_clause(o, s)
                and not o._.hypothetical
                and not _denied(doc, o)
                and not any(s.end <= c < o.start for c in line_cues)
                and not (going_on and o.end <= s.start)
                for o in off
            )
            or s.start in earlier
        )
        if driver:
            drivers.append(driver)
        if s._.negated and not stopped:
            negated.append(therapy_class)
        elif (s._.historical and not going_on) or stopped:
            past.append((s[0]._.clause, therapy_class))
            if not s._.historical and s.start not in earlier:
                stopped_at.append(s[0]._.clause)
        else:
            current.append((s[0]._.clause, therapy_class))
    # The latest sentence that names a treatment says what it is now ("...then two years of nivolumab").
    current_at = max((s.start_char for s in mentions if not s._.negated and not s._.historical), default=-1)
    # "chemo and radiotherapy, then immunotherapy maintenance, which I finished last month": the treatment told
    # last, stopped, is the latest; one stopped in a clause before the current one ("stopped chemo, now on X") is not
    # (a drug told after "after" / "since" is an earlier line, wherever it is told)
    if current and stopped_at and max(stopped_at) > max(st for st, _ in current):
        past, current = past + current, []
    current = [c for start, c in current if start == max(st for st, _ in current)] if current else []
    past = [c for start, c in past if start == max(st for st, _ in past)] if past else []
    # "not on any treatment now" after the drug it stopped; "wasn't on any then, but now on Keytruda" keeps it
    no_treatment_at = _no_treatment_at(doc)
    if current and no_treatment_at is not None and no_treatment_at > current_at:
        past, current = past + current, []
    # an "untreated" phrase carries its own negation ("no brain mets, haven't started treatment yet")
    no_treatment = no_treatment_at is not None or any(
        t.label_ == "untreated" and not t._.hypothetical for t in spans(doc, "TREND")
    )
    if not current and not past and _next_dose_booked(doc):
        facts["on_systemic_therapy"] = True  # the drug not named: the next dose says it goes on
    elif current:
        facts["systemic_therapy"] = _combine(current)
        facts["on_systemic_therapy"] = True
    elif past:
        facts["systemic_therapy"] = _combine(past)
        facts["on_systemic_therapy"] = False
    elif negated or no_treatment or _only_planned(doc):
        facts["systemic_therapy"] = "none"
        facts["on_systemic_therapy"] = False
    if "on_systemic_therapy" not in facts and _ongoing_schedule(doc):
        facts["on_systemic_therapy"] = True
    # "She had chemo and is now on maintenance": a treatment given now, unnamed, after the drugs told as past
    unnamed_at = _unnamed_treatment_at(doc)
    if unnamed_at is not None and (
        "on_systemic_therapy" not in facts
        or (not current and past and unnamed_at > max(s.start_char for s in mentions) and no_treatment_at is None)
    ):
        facts["on_systemic_therapy"] = True
    if drivers:
        facts[IMPLIED_DRIVER] = drivers[0]
    _read_therapy_duration(doc, facts)


def _continuing(doc: Doc, drug: Span) -> bool:
    """ "maintenance pem ongoing", "the immunotherapy carries on": a word right beside the drug (language.yml
    `continuing`) says it goes on now, whatever stop its clause tells of another drug."""
    sent = drug.sent
    before = doc[max(sent.start, drug.start - 3) : drug.start].text
    after = doc[drug.end : min(sent.end, drug.end + 3)].text
    beside = _CONTINUING_RE().pattern
    return bool(re.search(beside + r"\s*$", before, re.I) or re.match(r"\s*" + beside, after, re.I))


@lru_cache(maxsize=1)
def _CONTINUING_RE() -> "re.Pattern":
    phrases = sorted((str(w) for w in vocab("language")["continuing"]["beside"]), key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(w) for w in phrases) + r")(?!\w)", re.I)


def _unnamed_treatment_at(doc: Doc) -> Optional[int]:
    """Where the message last tells of a treatment given now without naming it ("I'm on a trial drug", "On the
    tablets for my ALK"), in a sentence that neither asks nor supposes; None when it does not."""
    unnamed = _UNNAMED_RES()
    hypothetical = phrase_re("hypothetical")
    found = None
    for sent in doc.sents:
        text = sent.text.lower().replace("’", "'")
        if text.rstrip().endswith("?"):
            continue
        for pattern in unnamed:
            for m in pattern.finditer(text):
                if not hypothetical.search(text[: m.start()]):
                    found = sent.start_char + m.start()
    return found


@lru_cache(maxsize=1)
def _UNNAMED_RES() -> List["re.Pattern"]:
    return [re.compile(str(p)) for p in vocab("language")["continuing"]["unnamed"]]


def _activity_given_up(doc: Doc, cue: Span) -> bool:
    """ "on Lumakras since August, can't work any more": "any more" after a verb of ability given up (language.yml
    `activity_lost`) speaks of that activity, not of the drug."""
    lost = vocab("language")["activity_lost"]
    if cue.text.lower() not in {str(w) for w in lost["following"]}:
        return False
    before = doc[max(cue.sent.start, cue.start - 10) : cue.start].text.lower().replace("’", "'")
    return any(re.search(r"(?<![\w'])" + re.escape(str(w)) + r"(?![\w'])", before) for w in lost["preceding"])


def _earlier_lines(doc: Doc, mentions: List[Span]) -> Tuple[set, List[int]]:
    """language.yml `previous_line`: the drugs named just after "after" / "since" with another drug told before in
    the sentence (their starts), and where those cues stand."""
    cues = word_set("language", "previous_line")
    reach = int(vocab("language")["scopes"]["previous_line"]["following"])
    earlier, at = set(), []
    for t in doc:
        if t.lower_ not in cues:
            continue
        after = [m for m in mentions if 0 <= m.start - t.i - 1 <= reach and m.sent.start == t.sent.start]
        if after and any(m.end <= t.i and m.sent.start == t.sent.start for m in mentions):
            earlier |= {m.start for m in after}
            at.append(t.i)
    return earlier, at


def _next_dose_booked(doc: Doc) -> bool:
    return bool(patterns_re("next_dose").search(doc.text.lower()))


def _only_planned(doc: Doc) -> bool:
    """ "My first treatment starts next week", "starting carbo/pem/pembro next wk": a drug treatment only
    planned, none given yet."""
    return any(s._.planned and not s._.negated for s in spans(doc, "DRUG") + spans(doc, "THERAPY_CLASS"))


@lru_cache(maxsize=1)
def SCHEDULE_RE() -> "re.Pattern":
    """ "every 3 weeks", "every other day", "daily": a treatment given on a schedule (drugs.yml `schedule`)."""
    schedule = vocab("drugs")["schedule"]
    periods = "|".join(re.escape(str(p)) for p in schedule["periods"])
    every = r"every\s+(" + number_words()[1:-1] + r"|other|few)?\s*(" + periods + ")"
    fixed = "|".join(re.escape(str(p)) for p in sorted(schedule["phrases"], key=len, reverse=True))
    return re.compile(r"\b(" + every + "|" + fixed + r")\b", re.I)


def _ongoing_schedule(doc: Doc) -> bool:
    """A treatment given on a schedule, told in the present, though not named: "it's a drip every 3 weeks"."""
    given_as = {str(w) for w in vocab("drugs")["given_as"]}
    for sent in doc.sents:
        given = [t.i for t in sent if t.lower_ in given_as]
        if not given or not SCHEDULE_RE().search(sent.text) or sent.text.rstrip().endswith("?"):
            continue
        cues = [
            c
            for name in ("NEG_PRE", "HIST_PRE", "HIST_POST", "OFF_THERAPY", "PLAN_PRE", "PLAN_POST", "HYPOTHETICAL")
            for c in spans(doc, name)
            if c.sent.start == sent.start
        ]
        # a cue up to 6 words before the treatment or anywhere after it: "not sure what it's called, it's a
        # drip every 3 weeks" is on a drip; "I used to have a drip", "a drip every week, stopped now" is not
        if not any(c.start >= given[0] - 6 for c in cues):
            return True
    return False


def _denied(doc: Doc, cue: Span) -> bool:
    """A cue said in the negative: "never had chemo" is no "had chemo"."""
    return any(0 <= cue.start - n.end <= 1 for n in spans(doc, "NEG_PRE"))


def _no_treatment_at(doc: Doc) -> Optional[int]:
    """Where the message last says no drug treatment is given now (a character offset), if it does."""
    at = [m.start() for m in words_re("language", "no_treatment_now").finditer(doc.text)]
    at += _no_treatment(doc, "now")
    return max(at) if at else None


def never_treated(doc: Doc) -> bool:
    """ "I have never had any drug treatment", "she hasn't started treatment yet": none so far."""
    return bool(_no_treatment(doc, "never"))


@lru_cache(maxsize=None)
def _no_treatment_re(kind: str) -> "re.Pattern":
    spec = vocab("language")["no_treatment"]
    if kind == "local_after":
        return re.compile(spec["local_after"], re.I)
    parts = {k: v for k, v in spec.items() if isinstance(v, str) and k != "local_after"}
    patterns = [fill_classes(p, parts) for p in spec["never"] + (spec["now"] if kind == "now" else [])]
    return re.compile(r"(?<![\w'])(" + "|".join(patterns) + r")(?![\w'])", re.I)


def _no_treatment(doc: Doc, kind: str) -> List[int]:
    """Where `no_treatment` phrases stand in sentences that neither ask nor suppose ("if he doesn't get
    treatment")."""
    hypothetical = phrase_re("hypothetical")
    found = []
    for sent in doc.sents:
        text = sent.text.replace("’", "'")
        if text.rstrip().endswith("?"):
            continue
        local_after = _no_treatment_re("local_after")
        for m in _no_treatment_re(kind).finditer(text):
            if not hypothetical.search(text[: m.start()]) and not local_after.match(text, m.end()):
                found.append(sent.start_char + m.start())
    return found


def _read_therapy_duration(doc: Doc, facts: Dict[str, Any]) -> None:
    text = doc.text.lower()
    cycle_words = "|".join(re.escape(w) for w in sorted(word_set("language", "cycle_words"), key=len, reverse=True))
    cycles = re.search(r"\b" + number_words() + r"\s+(" + cycle_words + r")\b", text)
    if cycles:
        facts["systemic_therapy_cycles"] = number_word(cycles.group(1))
    approx = "|".join(re.escape(str(w)) for w in vocab("numbers")["approximate"])
    on_for = re.search(
        r"\b(?:on|taking|had|having|been on)\b[^.?!]{0,60}?\bfor\s+(?:(?:"
        + approx
        + r")\s+)?"
        + number_words()
        + r"\s+(weeks?|months?|years?)",
        text,
    )
    if on_for:
        facts["systemic_therapy_months"] = number_word(on_for.group(1)) * unit_months(on_for.group(2))
