"""From a parsed message to situation slot values (contract.md), with the rules that join the words.

Each `_read_*` function fills the slots of one kind of fact. `asked` is the slot the assistant has just
asked about: it lets a short answer ("no", "two", "I don't know") fill that slot, while any other fact
in the same message is still read.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from datetime import date
from typing import Any, Dict, List, Optional, Tuple

from spacy.tokens import Doc, Span

from bot.reader.pipeline import vocab
from bot.slots import UNKNOWN

ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4", "one": "1", "two": "2", "three": "3", "four": "4"}
STAGE_RE = re.compile(r"(\bnot\s+)?\bstage\s*(iv|iii|ii|i|[1-4]|four|three|two|one)\s*[abc]?\d?\b", re.I)
BARE_STAGE_RE = re.compile(r"^\W*(?:now\s+|it'?s\s+|stage\s+)?(iv|iii|ii|i|[1-4]|four|three|two|one)[abc]?\d?\b", re.I)
# Lung counts as a site of spread only with one of these beside it.
LUNG_QUALIFIERS = {"other", "opposite", "both", "second", "contralateral"}
BRAIN_ORGAN = "brain"
# "outside the lung", "beyond the lungs": the lung named as where the spread is counted from.
NOT_THE_LUNG = {"outside", "beyond", "besides"}
# A single one of these in a lung, without "other/opposite/both", is the main tumour.
PRIMARY_SPOT_WORDS = {"tumour", "tumor", "mass", "growth", "cancer"}


@dataclass
class Quantity:
    value: float
    exact: bool
    span: Span


@dataclass
class SiteMention:
    organ: str
    span: Span
    quantity: Optional[Quantity]
    negated: bool
    historical: bool
    treated: bool
    growing: bool


def spans(doc: Doc, category: str) -> List[Span]:
    return list(doc.spans.get(category, []))


def live(span: Span) -> bool:
    """Asserted now: not negated, not in the past, not hypothetical."""
    return not (span._.negated or span._.historical or span._.hypothetical)


def same_clause(a: Span, b: Span) -> bool:
    return a[0]._.clause == b[0]._.clause or a[-1]._.clause == b[-1]._.clause


def in_clause(doc: Doc, category: str, anchor: Span) -> List[Span]:
    return [s for s in spans(doc, category) if same_clause(s, anchor)]


# --------------------------------------------------------------------------------------------- numbers

def quantities(doc: Doc) -> List[Quantity]:
    out = []
    for s in spans(doc, "NUM"):
        label = s.label_
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


def _as_number(value: float) -> Any:
    return int(value) if float(value).is_integer() else value


# ----------------------------------------------------------------------------------------------- sites

def site_mentions(doc: Doc) -> List[SiteMention]:
    """Organ mentions that describe spread, each with the count written next to it."""
    qtys = [q for q in quantities(doc) if not _is_time_or_dose(doc, q.span)]
    spot_spans = spans(doc, "SPOT")
    regional = spans(doc, "REGIONAL_NODE")
    primary = spans(doc, "PRIMARY")
    treated_clauses = {s[0]._.clause for s in spans(doc, "LOCAL_TX") if not s._.hypothetical and not s._.negated}
    growing_clauses = {s[0]._.clause for s in spans(doc, "TREND") if s.label_ in ("growing", "new") and live(s)}
    organs = sorted(spans(doc, "ORGAN"), key=lambda s: s.start)
    used: set = set()
    mentions: List[SiteMention] = []
    for i, organ_span in enumerate(organs):
        organ = organ_span.label_
        if organ_span._.hypothetical:
            continue  # "can lung cancer spread to the brain?" asks; it tells nothing
        if any(r.start <= organ_span.start < r.end or organ_span.start <= r.start < organ_span.end
               for r in regional + spans(doc, "EFFUSION")):
            continue
        near = [s for s in spot_spans if _spot_of(s, organ_span, organs)]
        near_spot = bool(near)
        quantity = _quantity_for(doc, organ_span, qtys, organs[i - 1] if i else None, used)
        if organ == "lung" and not _lung_is_spread(doc, organ_span, primary, quantity, near):
            continue
        if organ == "lymph_nodes" and organ_span.text.lower() in ("node", "nodes") and not near_spot and not quantity:
            continue
        if quantity is None:
            quantity = _implied_one(doc, organ_span)
        if quantity:
            used.add(quantity.span.start)
        clause = organ_span[0]._.clause
        mentions.append(SiteMention(
            organ=organ, span=organ_span, quantity=quantity,
            negated=organ_span._.negated or (quantity is not None and quantity.value == 0),
            historical=organ_span._.historical,
            treated=clause in treated_clauses and _past_treatment(doc, organ_span),
            growing=clause in growing_clauses,
        ))
    return _merge_same_organ(mentions)


def _spot_of(spot: Span, organ: Span, organs: List[Span]) -> bool:
    """A spot word near an organ that names no other organ in between or just after it: "spots in the
    lung", "the liver lesion"; not the "met" of "my right lung and one met in my liver"."""
    if spot.end <= organ.start:
        return organ.start - spot.end <= 4 and not any(spot.end <= o.start < organ.start for o in organs)
    if spot.start >= organ.end:
        return spot.start - organ.end <= 4 and not any(organ.end <= o.start <= spot.end + 3 for o in organs
                                                      if o.start != organ.start)
    return True


def _merge_same_organ(mentions: List[SiteMention]) -> List[SiteMention]:
    """"a bone metastasis in my spine" names one site twice: keep one mention per organ and clause."""
    kept: Dict[Tuple[str, int], SiteMention] = {}
    out: List[SiteMention] = []
    for m in mentions:
        key = (m.organ, m.span[0]._.clause)
        if key in kept and (kept[key].quantity is None or m.quantity is None):
            first = kept[key]
            if first.quantity is None and m.quantity is not None:
                first.quantity = m.quantity
            continue
        kept[key] = m
        out.append(m)
    return out


def _is_time_or_dose(doc: Doc, num: Span) -> bool:
    """Numbers that count months, years, cycles, degrees or age, not spots."""
    if re.fullmatch(r"\d+", num.text) and int(num.text) > 100:
        return True  # a year ("in 2021") or a measurement, never a number of spots
    nxt = doc[num.end].lower_ if num.end < len(doc) else ""
    nxt2 = doc[num.end + 1].lower_ if num.end + 1 < len(doc) else ""
    prev = doc[num.start - 1].lower_ if num.start > 0 else ""
    if nxt in vocab("numbers")["units"] or nxt in vocab("language")["cycle_words"] or nxt2 in ("cycles", "rounds"):
        return True
    if nxt in _MEASURES() or prev in ("stage", "ecog", "aged", "age", "exon", "g12c"):
        return True
    if prev in ("i'm", "im", "am") and nxt not in ("spots", "spot", "metastases"):
        return True
    return bool(re.fullmatch(r"\d+\.\d+", num.text)) and float(num.text) > 30


@lru_cache(maxsize=1)
def _SPOT_WORDS() -> frozenset:
    return frozenset(str(w).lower() for w in vocab("sites")["spot_words"])


@lru_cache(maxsize=1)
def _SPOT_ADJECTIVES() -> frozenset:
    return frozenset(str(w).lower() for w in vocab("sites")["spot_adjectives"])


@lru_cache(maxsize=1)
def _MEASURES() -> frozenset:
    return frozenset(str(w).lower() for w in vocab("numbers")["measures"])


def _quantity_for(doc: Doc, organ: Span, qtys: List[Quantity], previous_organ: Optional[Span],
                  used: set) -> Optional[Quantity]:
    """The count that belongs to an organ: just before it ("two spots in the liver", "one adrenal"), or
    just after it ("the liver has two spots"), in the same clause and not already another organ's."""
    best = None
    for q in qtys:
        if q.span.start in used or not same_clause(q.span, organ):
            continue
        if q.span.end <= organ.start:
            gap = organ.start - q.span.end
            if previous_organ is not None and previous_organ.start >= q.span.end:
                continue
            if q.span.text.lower() in ("a", "an") and not _next_is_site_word(doc, q.span):
                continue
            if gap <= 6 and (best is None or q.span.start > best.span.start):
                best = q
        elif best is None and q.span.start >= organ.end and q.span.start - organ.end <= 3:
            after = [t.lower_ for t in doc[q.span.end:q.span.end + 3]]
            while after and after[0] in _SPOT_ADJECTIVES():
                after.pop(0)  # "my brain, two small spots"
            # "my right lung and one met in my liver": a count followed by another organ is that organ's
            if after and after[0] in _SPOT_WORDS() and not any(q.span.end < o.start <= q.span.end + 5
                                                               for o in spans(doc, "ORGAN")):
                best = q
    return best


SINGULAR_SPOTS = {"spot", "metastasis", "met", "lesion", "nodule", "deposit", "secondary", "tumour", "tumor", "growth", "mass"}


def _implied_one(doc: Doc, organ: Span) -> Optional[Quantity]:
    """"the liver spot", "my left adrenal gland": one site though no number is written; "both adrenals": two."""
    before = [t.lower_ for t in doc[max(0, organ.start - 2):organ.start]]
    after = doc[organ.end].lower_ if organ.end < len(doc) else ""
    if after in SINGULAR_SPOTS and any(w in ("the", "this", "that", "my", "his", "her") for w in before[-1:]):
        return Quantity(1, True, doc[organ.end:organ.end + 1])
    if organ.label_ in vocab("sites")["paired_organs"]:
        # "both adrenals", "my adrenal glands, both of them", "bilateral adrenal": not "both adrenal and liver"
        both = set(vocab("sites")["both_words"])
        plural = organ.text.lower().endswith("s")
        near = [t for t in doc[max(0, organ.start - 2):min(len(doc), organ.end + 3)]
                if t.lower_ in both and t._.clause == organ[0]._.clause and (plural or t.lower_ == "bilateral")]
        if near:
            return Quantity(2, True, doc[near[0].i:near[0].i + 1])
    if before and before[-1] in ("left", "right") and organ.text.lower() in ("adrenal", "adrenal gland", "rib", "hip",
                                                                             "kidney", "lymph node", "femur"):
        return Quantity(1, True, doc[organ.start - 1:organ.start])
    return None


def _next_is_site_word(doc: Doc, q: Span) -> bool:
    starts = {s.start for c in ("SPOT", "ORGAN") for s in spans(doc, c)}
    return q.end in starts or (q.end + 1 in starts and q.end < len(doc) and doc[q.end].lower_ in _SPOT_ADJECTIVES())


def _lung_is_spread(doc: Doc, lung: Span, primary: List[Span], quantity: Optional[Quantity], near: List[Span]) -> bool:
    if any(p.start <= lung.start < p.end for p in primary):
        return False
    nxt = doc[lung.end].lower_ if lung.end < len(doc) else ""
    if nxt in ("cancer", "tumour", "tumor", "removed", "surgery", "operation", "lobe", "function", "nurse",
               "specialist", "team", "biopsy"):
        return False
    before = {t.lower_ for t in doc[max(0, lung.start - 3):lung.start]}
    if before & NOT_THE_LUNG:
        return False  # "three places outside the lung": the lung is where the spread is counted from
    words = {t.lower_ for t in lung}
    if (before | words) & LUNG_QUALIFIERS:
        return True
    if {"part", "lobe", "of"} & before and "part" in before:
        return False
    if near and all(s.text.lower() in PRIMARY_SPOT_WORDS for s in near) and (quantity is None or quantity.value <= 1):
        return False  # "a 4cm tumour in my right lung": one tumour in a lung, with no "other", is the main one
    return quantity is not None or bool(near)


def _past_treatment(doc: Doc, organ: Span) -> bool:
    """A local treatment in the organ's clause that has already happened (not asked about)."""
    for tx in in_clause(doc, "LOCAL_TX", organ):
        if not tx._.hypothetical and not tx._.negated:
            return True
    return False


# ------------------------------------------------------------------------------------------ the reader

def read_doc(doc: Doc, asked: Optional[str], today: date) -> Dict[str, Any]:
    facts: Dict[str, Any] = {}
    mentions = site_mentions(doc)
    _read_histology(doc, facts)
    _read_stage(doc, facts, asked)
    _read_driver(doc, facts, asked)
    _read_therapy(doc, facts)
    _read_trend(doc, facts, mentions)
    _read_sites(doc, facts, mentions, asked)
    _read_effusion(doc, facts)
    _read_history(doc, facts, mentions, asked)
    _read_time(doc, facts, today)
    _read_ecog(doc, facts)
    if asked:
        _read_answer(doc, facts, asked, today)
    _implied(facts)
    return facts


def _read_histology(doc: Doc, facts: Dict[str, Any]) -> None:
    found = [s for s in spans(doc, "HISTOLOGY") if not s._.hypothetical]
    positive = [s for s in found if not s._.negated]
    if positive:
        facts["histology"] = positive[-1].label_
    elif any(s.label_ == "sclc" for s in found):
        facts["histology"] = "nsclc"  # "not small cell" leaves the other kind


def _read_stage(doc: Doc, facts: Dict[str, Any], asked: Optional[str]) -> None:
    matches = [m.group(2) for m in STAGE_RE.finditer(doc.text) if not m.group(1)]
    if matches:
        facts["stage"] = ROMAN.get(matches[-1].lower(), matches[-1])
    elif re.search(r"\bmetastatic (lung|nsclc|non)", doc.text, re.I):
        facts["stage"] = "4"


def _read_driver(doc: Doc, facts: Dict[str, Any], asked: Optional[str] = None) -> None:
    found = [s for s in spans(doc, "DRIVER") if not s._.hypothetical]
    positive = [s for s in found if not s._.negated and s.label_ not in ("none", "unknown")]
    if positive:
        facts["driver_mutation"] = positive[0].label_
    elif any(s.label_ == "none" for s in found) or _gene_tests_negative(doc, asked):
        facts["driver_mutation"] = "none"
    elif any(s.label_ == "unknown" for s in found):
        facts["driver_mutation"] = UNKNOWN


def _gene_tests_negative(doc: Doc, asked: Optional[str]) -> bool:
    """"They tested for mutations and he hasn't got any"; "they tested, nothing found" when asked about it."""
    results = [m.start() for m in _phrase_re("negative_result").finditer(doc.text)]
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
    drugs = vocab("drugs")
    for therapy_class in ("targeted", "immunotherapy", "chemotherapy"):
        if name in drugs[therapy_class]:
            return therapy_class, drugs[therapy_class][name]
    return None, None


def _combine(classes: List[str]) -> str:
    if "targeted" in classes:
        return "targeted"
    if "chemoimmunotherapy" in classes or ("chemotherapy" in classes and "immunotherapy" in classes):
        return "chemoimmunotherapy"
    return classes[-1]


def _read_therapy(doc: Doc, facts: Dict[str, Any]) -> None:
    mentions = [s for s in spans(doc, "DRUG") + spans(doc, "THERAPY_CLASS") if not s._.hypothetical]
    off = spans(doc, "OFF_THERAPY")
    current, past, negated, drivers = [], [], [], []
    for s in mentions:
        therapy_class, driver = _drug_class(s.label_) if s.label_ not in vocab("drugs")["class_words"] else (s.label_, None)
        if therapy_class is None:
            continue
        stopped = any(same_clause(o, s) and not o._.hypothetical and not _denied(doc, o) for o in off)
        if driver:
            drivers.append(driver)
        if s._.negated and not stopped:
            negated.append(therapy_class)
        elif s._.historical or stopped:
            past.append((s[0]._.clause, therapy_class))
        else:
            current.append((s[0]._.clause, therapy_class))
    # The latest sentence that names a treatment says what it is now ("...then two years of nivolumab").
    current = [c for start, c in current if start == max(st for st, _ in current)] if current else []
    past = [c for start, c in past if start == max(st for st, _ in past)] if past else []
    if current and _says_no_treatment(doc):
        past, current = past + current, []
    # an "untreated" phrase carries its own negation ("no brain mets, haven't started treatment yet")
    no_treatment = _says_no_treatment(doc) or any(t.label_ == "untreated" and not t._.hypothetical
                                                  for t in spans(doc, "TREND"))
    if current:
        facts["systemic_therapy"] = _combine(current)
        facts["on_systemic_therapy"] = True
    elif past:
        facts["systemic_therapy"] = _combine(past)
        facts["on_systemic_therapy"] = False
    elif negated or no_treatment:
        facts["systemic_therapy"] = "none"
        facts["on_systemic_therapy"] = False
    if "on_systemic_therapy" not in facts and _ongoing_schedule(doc):
        facts["on_systemic_therapy"] = True
    if drivers:
        facts["_implied_driver"] = drivers[0]
    _read_therapy_duration(doc, facts)


SCHEDULE_RE = re.compile(r"\b(every\s+(\d+|one|two|three|four|six|other|few)?\s*(days?|weeks?|morning|night)|daily|"
                         r"(once|twice) a (day|week)|each (day|morning))\b", re.I)


def _ongoing_schedule(doc: Doc) -> bool:
    """A treatment given on a schedule, told in the present, though not named: "it's a drip every 3 weeks"."""
    given_as = {str(w) for w in vocab("drugs")["given_as"]}
    for sent in doc.sents:
        given = [t.i for t in sent if t.lower_ in given_as]
        if not given or not SCHEDULE_RE.search(sent.text) or sent.text.rstrip().endswith("?"):
            continue
        cues = [c for name in ("NEG_PRE", "HIST_PRE", "HIST_POST", "OFF_THERAPY", "PLAN_PRE", "PLAN_POST", "HYPOTHETICAL")
                for c in spans(doc, name) if c.sent.start == sent.start]
        # a cue up to 6 words before the treatment or anywhere after it: "not sure what it's called, it's a
        # drip every 3 weeks" is on a drip; "I used to have a drip", "a drip every week, stopped now" is not
        if not any(c.start >= given[0] - 6 for c in cues):
            return True
    return False


def _denied(doc: Doc, cue: Span) -> bool:
    """A cue said in the negative: "never had chemo" is no "had chemo"."""
    return any(0 <= cue.start - n.end <= 1 for n in spans(doc, "NEG_PRE"))


def _says_no_treatment(doc: Doc) -> bool:
    return bool(re.search(r"\b((not|n't) on any (treatment|drugs?|therapy|medication)|needed no other treatment|no treatment (at the moment|now|currently)|"
                          r"not (having|receiving|getting) any (treatment|drugs?)|no drug treatment|no current treatment)",
                          doc.text, re.I))


def _read_therapy_duration(doc: Doc, facts: Dict[str, Any]) -> None:
    text = doc.text.lower()
    cycles = re.search(r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+(cycles?|rounds?|courses?|infusions?)\b", text)
    if cycles:
        facts["systemic_therapy_cycles"] = _number_word(cycles.group(1))
    on_for = re.search(r"\b(?:on|taking|had|having|been on)\b[^.?!]{0,60}?\bfor\s+(?:about\s+|around\s+|nearly\s+|over\s+)?"
                       r"(\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen)\s+(weeks?|months?|years?)", text)
    if on_for:
        facts["systemic_therapy_months"] = _number_word(on_for.group(1)) * _unit_months(on_for.group(2))


def _number_word(word: str) -> float:
    exact = vocab("numbers")["exact"]
    if word.isdigit():
        return int(word)
    return exact.get(word, 1 if word in ("a", "an") else 0)


def _unit_months(unit: str) -> float:
    return float(vocab("numbers")["units"].get(unit.lower(), 1))


def _read_trend(doc: Doc, facts: Dict[str, Any], mentions: List[SiteMention]) -> None:
    trends = sorted((s for s in spans(doc, "TREND") if not s._.hypothetical and not s._.historical), key=lambda s: s.start)
    denied = [t for t in trends if t._.negated and t.label_ in ("growing", "new", "shrinking")]
    trends = [t for t in trends if t not in denied]
    if not trends:
        if any(t.label_ == "growing" for t in denied):
            facts["disease_trend"] = "stable"  # "nothing's grown", "not grown at all"
        return
    rest = spans(doc, "REST")
    progressing = [t for t in trends if t.label_ in ("growing", "new")]
    controlled = [t for t in trends if t.label_ in ("stable", "shrinking")]
    controlled_rest = [t for t in controlled if any(same_clause(r, t) or abs(r.start - t.start) <= 4 for r in rest)]
    if progressing and (controlled_rest or _different_sites(doc, progressing, controlled)):
        facts["disease_trend"] = "mixed"
    else:
        facts["disease_trend"] = trends[-1].label_


def _different_sites(doc: Doc, progressing: List[Span], controlled: List[Span]) -> bool:
    """"the bone one grew but the liver ones are smaller": growth told of one site, control of another."""
    def sites(trend: Span) -> set:
        return {o.label_ for o in spans(doc, "ORGAN") if same_clause(o, trend) and not o._.negated}
    return any(sites(p) and sites(c) and not sites(p) & sites(c) and not same_clause(p, c)
               for p in progressing for c in controlled)


def _mark_history(doc: Doc, mentions: List[SiteMention]) -> None:
    """Sites described as they were, not as they are: in a sentence about once-widespread cancer, or in the
    diagnosis sentence when later sentences describe the spots now."""
    past_widespread = {s[0]._.clause for s in spans(doc, "WIDESPREAD") if not s._.negated and _widespread_is_past(doc, s)}
    diagnosis_sents = {s.sent.start for s in spans(doc, "DIAGNOSIS")}
    for m in mentions:
        sent = m.span.sent.start
        later_now = any(o.span.sent.start > sent and not o.historical and not o.negated for o in mentions)
        if m.span[0]._.clause in past_widespread or (sent in diagnosis_sents and later_now):
            m.historical = True


def _widespread_is_past(doc: Doc, s: Span) -> bool:
    return s._.historical or bool(re.search(r"\b(was|were|had|found|at first|at the start|when|diagnosed)\b",
                                            doc[max(0, s.start - 8):s.start].text, re.I))


def _read_sites(doc: Doc, facts: Dict[str, Any], mentions: List[SiteMention], asked: Optional[str]) -> None:
    _mark_history(doc, mentions)
    current = [m for m in mentions if not m.historical and not m.treated]
    if not any(not m.negated for m in current):
        # "At diagnosis it had spread to my adrenal and one rib": no later word says they went away.
        before = [m for m in mentions if m.historical and not m.treated and not m.negated]
        if sum(m.quantity.value for m in before if m.quantity) <= 5 and not any(
                m.quantity and not m.quantity.exact for m in before):
            current = current + before
    treated = []
    if not any(not m.negated for m in current):
        # "I had gamma knife for 2 brain mets last year": the treated spots are all that is known of the spread.
        # They name its organs and the brain count (radiosurgery leaves a treated spot in place), but not the
        # count outside the brain: a removed or ablated spot may be gone, and a wrong low count is worse.
        treated = [m for m in mentions if m.treated and not m.negated]
    positive = [m for m in current + treated if not m.negated]
    brain = [m for m in current + treated if m.organ == BRAIN_ORGAN]
    body = [m for m in positive if m.organ != BRAIN_ORGAN and m not in treated]

    if facts.get("disease_trend") == "mixed" and any(m.growing for m in body):
        body = [m for m in body if m.growing]

    organs: List[str] = []
    for m in positive:
        if m.organ not in organs:
            organs.append(m.organ)
    if organs:
        facts["metastasis_organs"] = organs

    brain_positive = [m for m in brain if not m.negated]
    if brain_positive:
        counts = [m.quantity for m in brain_positive if m.quantity]
        if counts and all(q.exact for q in counts):
            facts["brain_metastasis_count"] = _as_number(sum(q.value for q in counts))
        elif counts and sum(q.value for q in counts) > 5:
            facts["brain_metastasis_count"] = _as_number(sum(q.value for q in counts))
    elif brain and asked != "metastasis_count":
        facts["brain_metastasis_count"] = 0

    none_else = [s for s in spans(doc, "NO_OTHER_SPREAD") if not s._.hypothetical]
    past_sents = {m.span.sent.start for m in mentions if m.historical} - {m.span.sent.start for m in current}
    count = _body_count(doc, body, positive, past_sents)
    if count is not None:
        facts["metastasis_count"] = count
    elif not body and (none_else or _scan_clear(doc)):
        facts["metastasis_count"] = 0
    elif not body and any(m.organ != BRAIN_ORGAN and m.negated for m in current) and not positive:
        pass


def _scan_clear(doc: Doc) -> bool:
    return bool(re.search(r"\b(body|pet|ct|pet-ct)\s+scan\s+(was|is|came back)\s+(all\s+|otherwise\s+)?clear", doc.text, re.I))


def _body_count(doc: Doc, body: List[SiteMention], positive: List[SiteMention], past_sents: set) -> Optional[Any]:
    """Spots outside the brain: the counts written next to organs, or a count of spots on its own."""
    attached = [m.quantity for m in body if m.quantity]
    used = {q.span.start for m in positive if (q := m.quantity)}
    lone = []
    spot_starts = {s.start for s in spans(doc, "SPOT")}
    brain_clauses = {m.span[0]._.clause for m in site_mentions(doc) if m.organ == BRAIN_ORGAN}
    inside_other = [s for c in ("WIDESPREAD", "PRIMARY") for s in spans(doc, c)]
    for q in quantities(doc):
        if q.span.start in used or _is_time_or_dose(doc, q.span) or not live(q.span):
            continue
        if any(o.start <= q.span.start < o.end or 0 <= o.start - q.span.end <= 1 for o in inside_other):
            continue
        if q.span[0]._.clause in brain_clauses or q.span.sent.start in past_sents:
            continue
        following = {q.span.end, q.span.end + 1, q.span.end + 2}
        after = doc[q.span.end].lower_ if q.span.end < len(doc) else ""
        if (following & spot_starts and not (q.span.text.lower() in ("a", "an") and q.span.end not in spot_starts)) \
                or after in ("left", "remaining", "remain", "growing"):
            lone.append(q)
    organ_without_count = any(m.quantity is None for m in body)
    quantities_used = attached if attached and not organ_without_count else []
    total = sum(q.value for q in quantities_used)
    exact = all(q.exact for q in quantities_used)
    if lone:
        lone_best = max(lone, key=lambda q: q.value)
        if not quantities_used or lone_best.value > total:
            total, exact = lone_best.value, lone_best.exact
            quantities_used = [lone_best]
    if not quantities_used:
        if organ_without_count and attached:
            lower = sum(q.value for q in attached) + sum(1 for m in body if m.quantity is None)
            return _as_number(lower) if lower > 5 else None
        return None
    if exact or total > 5:
        return _as_number(total)
    return None


def _read_effusion(doc: Doc, facts: Dict[str, Any]) -> None:
    found = [s for s in spans(doc, "EFFUSION") if not s._.hypothetical]
    for s in found:
        sent_words = {t.lower_ for t in s.sent}
        if s.text.lower() == "fluid" and not s._.negated and not sent_words & _words("fluid_context"):
            continue
        facts["malignant_effusion"] = not s._.negated and not _phrase_re("not_malignant").search(s.sent.text)


@lru_cache(maxsize=None)
def _words(name: str) -> frozenset:
    return frozenset(str(w).lower() for w in vocab("language")[name])


@lru_cache(maxsize=None)
def _phrase_re(name: str) -> "re.Pattern":
    """Any phrase of a language.yml list, as whole words."""
    words = sorted((str(w) for w in vocab("language")[name]), key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")(?!\w)", re.I)


SPOT_QUESTIONS = ("metastasis_count", "brain_metastasis_count", "metastasis_organs")


def _read_history(doc: Doc, facts: Dict[str, Any], mentions: List[SiteMention], asked: Optional[str] = None) -> None:
    for s in spans(doc, "WIDESPREAD"):
        if s._.hypothetical:
            continue
        past = s._.historical or bool(re.search(r"\b(was|were|had|found|at first|at the start|when)\b",
                                                doc[max(0, s.start - 8):s.start].text, re.I))
        if s._.negated:
            facts["previously_widespread"] = False
        elif past:
            facts["previously_widespread"] = True
        else:
            facts.setdefault("metastasis_count", 6) if "metastasis_count" not in facts else None
    big_before = [m for m in mentions if m.historical and m.quantity and m.quantity.value > 5]
    organs_before = {m.organ for m in mentions if m.historical and not m.negated and not (m.quantity and m.quantity.exact)}
    if big_before or len(organs_before) >= 3:
        facts["previously_widespread"] = True
    elif re.search(r"\b(only ever|never (been )?widespread|never spread widely)\b", doc.text, re.I):
        facts["previously_widespread"] = False
    treated = [m for m in mentions if m.treated and m.organ != "lung" or (m.treated and m.organ == "lung" and m.quantity)]
    treated_spot = any(
        any(same_clause(sp, tx) for sp in spans(doc, "SPOT"))
        and not any(same_clause(p, tx) for p in spans(doc, "PRIMARY"))
        for tx in spans(doc, "LOCAL_TX") if not tx._.hypothetical and not tx._.negated)
    # "one, and they zapped it": asked about the spots, a treatment of "it" is a treatment of a spot
    treated_answer = asked in SPOT_QUESTIONS and any(
        not tx._.hypothetical and not tx._.negated and not any(same_clause(p, tx) for p in spans(doc, "PRIMARY"))
        for tx in spans(doc, "LOCAL_TX"))
    if treated or treated_spot or treated_answer:
        facts["previous_local_treatment_for_metastases"] = True
    elif any(tx._.negated and not tx._.hypothetical and _about_metastases(doc, tx) for tx in spans(doc, "LOCAL_TX")) \
            or _NO_LOCAL_TREATMENT().search(doc.text):
        facts["previous_local_treatment_for_metastases"] = False


@lru_cache(maxsize=1)
def _NO_LOCAL_TREATMENT() -> "re.Pattern":
    words = sorted(vocab("language")["no_local_treatment"], key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\b", re.I)


def _about_metastases(doc: Doc, tx: Span) -> bool:
    """A local-treatment word whose clause is about spots of spread, not the main lung tumour."""
    sent = tx.sent
    spots = [s for s in spans(doc, "SPOT") if s.sent == sent and s.label_ == "spot"]
    organs = [o for o in spans(doc, "ORGAN") if o.sent == sent and o.label_ not in ("lung",)]
    return bool(spots or organs)


# ----------------------------------------------------------------------------------------------- time

TIME_UNIT = r"(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen)\s+(and a half\s+)?(days?|weeks?|months?|years?|yrs?)"
MONTH_RE = re.compile(r"\b(january|february|march|april|may|june|july|august|september|october|november|december|"
                      r"jan|feb|aug|sept|oct|nov|dec)\b(?:\s+(?:of\s+)?(\d{4}|last year|this year))?")


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

    for m in MONTH_RE.finditer(text):
        name = m.group(1)
        if name == "may" and not (m.group(2) or re.search(r"\b(in|since|from|last|of|early|late)\s+$", text[:m.start()])):
            continue  # "may" is mostly a verb
        month = vocab("numbers")["months"][name]
        year_text = m.group(2)
        if year_text and year_text.isdigit():
            year = int(year_text)
        elif year_text == "last year":
            year = today.year - 1
        else:
            year = today.year if month <= today.month else today.year - 1
        add(m, float((today.year - year) * 12 + today.month - month))
    for m in re.finditer(TIME_UNIT + r"\s+ago\b", text):
        add(m, _number_word(m.group(1)) * _unit_months(m.group(3)) + (0.5 * _unit_months(m.group(3)) if m.group(2) else 0))
    relative = vocab("numbers")["relative_times"]
    for m in _RELATIVE_RE().finditer(text):
        add(m, float(relative[m.group(1)]))
    for m in _WEEKDAY_RE().finditer(text):
        add(m, 0.0)  # "on Friday", "Monday's scan": within the last week
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


def _nearest(points: List[Tuple[int, float]], anchors: List[int], exclude: Optional[int] = None,
             limit: int = 120) -> Optional[Tuple[int, float]]:
    best = None
    for pos, months in points:
        if pos == exclude:
            continue
        for a in anchors:
            d = abs(pos - a)
            if d <= limit and (best is None or d < best[0]):
                best = (d, (pos, months))
    return best[1] if best else None


def _read_time(doc: Doc, facts: Dict[str, Any], today: date) -> None:
    site_words = spans(doc, "ORGAN") + spans(doc, "SPOT") + spans(doc, "WIDESPREAD")
    # "stage 3 at the time" dates the stage, not the spread: the sentence must tell of spread
    spread_sents = {s.sent.start for s in site_words + spans(doc, "EFFUSION") if s.label_ != "lung"}
    spread_sents |= {s.start for s in doc.sents if re.search(r"\b(spread|metasta\w*|stage (4|iv|four))\b", s.text, re.I)}
    at_dx = [s for s in spans(doc, "AT_DIAGNOSIS") if not s._.negated and not s._.hypothetical
             and s.sent.start in spread_sents]
    if at_dx:
        facts["months_since_diagnosis"] = 0
        return
    later = re.search(TIME_UNIT + r"\s+(later|after|between)\b", doc.text.lower())
    if later and later.group(4) == "between" and not any(
            later.end() <= d.start_char <= later.end() + 40 for d in spans(doc, "DIAGNOSIS")):
        later = None  # "three years between my diagnosis and this spot"; not "two weeks between scans"
    if later and site_words:
        value = _number_word(later.group(1)) * _unit_months(later.group(3))
        facts["months_since_diagnosis"] = _as_number(value + (0.5 * _unit_months(later.group(3)) if later.group(2) else 0))
        return
    diagnosis = [s.start_char for c in ("DIAGNOSIS", "HISTOLOGY") for s in spans(doc, c) if not s._.hypothetical]
    if not diagnosis or not (site_words or re.search(r"\b(spread|stage (4|iv|four)|metastatic|metastases)\b", doc.text, re.I)):
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
    facts["months_since_diagnosis"] = _as_number(round(diag[1] - spread_ago))


def _diagnosis_names_spread(doc: Doc, diag_pos: int, points: List[Tuple[int, float]]) -> bool:
    """"Stage IV was found in July with fluid", "diagnosed 8 months ago with spots in the bones": the
    sentence that dates the diagnosis also names the spread, and gives no second date for it."""
    sent = next((s for s in doc.sents if s.start_char <= diag_pos < s.end_char), None)
    if sent is None or sum(1 for pos, _ in points if sent.start_char <= pos < sent.end_char) > 1:
        return False
    named = [x for c in ("SPOT", "WIDESPREAD", "EFFUSION") for x in spans(doc, c)
             if x.sent.start == sent.start and not x._.negated]
    named += [o for o in spans(doc, "ORGAN") if o.sent.start == sent.start and o.label_ != "lung" and not o._.negated]
    return bool(named or re.search(r"\b(stage (4|iv|four)|spread|metastatic)\b", sent.text, re.I))


def _read_ecog(doc: Doc, facts: Dict[str, Any]) -> None:
    levels = [int(s.label_) for s in spans(doc, "ECOG")
              if not s._.negated and not s._.hypothetical and not s._.historical and not _activity_lost(doc, s)]
    if levels:
        facts["ecog"] = max(levels)


def _activity_lost(doc: Doc, s: Span) -> bool:
    """"I can't go running any more": an activity of the fit (ECOG 0-1) given up says nothing of the level.
    Phrases that hold their own negation ("can't do heavy work", "can't work") are levels themselves."""
    if int(s.label_) > 1 or any(t.lower_ in ("n't", "not", "no", "cannot", "never") for t in s):
        return False
    start = max(s.sent.start, s.start - 6)
    while start < s.start and doc[start]._.clause != s[0]._.clause:
        start += 1
    before = doc.text[doc[start].idx:s.start_char] if start < s.start else ""
    after = doc[s.end:min(s.sent.end, s.end + 3)].text
    return bool(_lost_re("preceding").search(before) or _lost_re("following").search(after))


@lru_cache(maxsize=None)
def _lost_re(side: str) -> "re.Pattern":
    words = sorted((str(w) for w in vocab("language")["activity_lost"][side]), key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")(?!\w)", re.I)


# --------------------------------------------------------------------------------------- short answers

def _read_answer(doc: Doc, facts: Dict[str, Any], asked: str, today: date) -> None:
    """Interpret a short answer to the question just asked, without overriding facts read above."""
    text = doc.text.strip().lower()
    unknown = bool(spans(doc, "UNKNOWN"))
    if any(s.start <= 3 for s in spans(doc, "UNKNOWN")):
        facts[asked] = UNKNOWN  # "not sure, I haven't had a brain scan": the doubt is the answer
        return
    affirm = [s for s in spans(doc, "AFFIRM") if s.start <= 2]
    deny = [s for s in spans(doc, "DENY") if s.start <= 2]
    if asked == "metastasis_organs":
        organs = list(dict.fromkeys(s.label_ for s in spans(doc, "ORGAN") if not s._.negated))
        if organs:
            facts[asked] = list(dict.fromkeys(facts.get(asked, []) + organs))
    if asked in facts:
        return
    if asked in ("malignant_effusion", "previously_widespread", "previous_local_treatment_for_metastases",
                 "on_systemic_therapy"):
        if deny and (not affirm or deny[0].start <= affirm[0].start):
            facts[asked] = False
        elif affirm:
            facts[asked] = True
        elif asked == "previous_local_treatment_for_metastases" and spans(doc, "LOCAL_TX"):
            # "only the lung operation": treatment of the main tumour is not treatment of spread
            facts[asked] = any(_about_metastases(doc, tx) for tx in spans(doc, "LOCAL_TX"))
        elif asked == "previously_widespread" and spans(doc, "WIDESPREAD"):
            facts[asked] = True
    elif asked in ("metastasis_count", "brain_metastasis_count"):
        qs = [q for q in quantities(doc) if not _is_time_or_dose(doc, q.span)]
        if qs and qs[0].exact:
            facts[asked] = _as_number(qs[0].value)
        elif qs and sum(q.value for q in qs) > 5:
            facts[asked] = _as_number(sum(q.value for q in qs))
        elif re.match(r"^\W*(no|none|nothing|zero|nil|not any|clear|all clear|no spots?)\b", text) or "was clear" in text:
            facts[asked] = 0
    elif asked == "metastasis_organs":
        organs = [s.label_ for s in spans(doc, "ORGAN") if not s._.negated]
        organs = list(dict.fromkeys(organs))
        if organs:
            facts[asked] = organs
        elif re.match(r"^\W*(none|nowhere|no)\b", text):
            facts[asked] = []
    elif asked == "months_since_diagnosis":
        m = re.search(r"\b(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen)\s+"
                      r"(and a half\s+)?(weeks?|months?|years?)\b", text)
        if m:
            facts[asked] = _as_number(_number_word(m.group(1)) * _unit_months(m.group(3)) +
                                      (0.5 * _unit_months(m.group(3)) if m.group(2) else 0))
        elif spans(doc, "AT_DIAGNOSIS") or re.search(r"\b(together|same time|at once|straight away)\b", text):
            facts[asked] = 0
    elif asked == "stage":
        m = BARE_STAGE_RE.match(text)
        if m:
            facts[asked] = ROMAN.get(m.group(1).lower(), m.group(1))
    elif asked == "histology":
        if re.search(r"\bsmall\b", text) and not re.search(r"\bnon", text):
            facts[asked] = "sclc"
    elif asked == "systemic_therapy":
        if re.match(r"^\W*(none|nothing|no|not any)\b", text):
            facts[asked] = "none"
            facts.setdefault("on_systemic_therapy", False)
    elif asked == "disease_trend":
        if re.search(r"\bnew\b", text):
            facts[asked] = "new"
        elif re.search(r"\b(not started|no treatment|haven't started|before treatment)\b", text):
            facts[asked] = "untreated"
    elif asked == "driver_mutation":
        if deny or re.match(r"^\W*(none|no)\b", text):
            facts[asked] = "none"
    elif asked == "ecog":
        m = re.match(r"^\W*([0-4])\W*$", text)
        if m:
            facts[asked] = int(m.group(1))
    if asked not in facts and unknown:
        facts[asked] = UNKNOWN


def _implied(facts: Dict[str, Any]) -> None:
    implied_driver = facts.pop("_implied_driver", None)
    if implied_driver and "driver_mutation" not in facts:
        facts["driver_mutation"] = implied_driver
    if facts.get("driver_mutation") in ("egfr", "alk", "ros1") and "histology" not in facts:
        facts["histology"] = "nsclc"
    if isinstance(facts.get("brain_metastasis_count"), (int, float)) and facts["brain_metastasis_count"] > 0:
        organs = facts.setdefault("metastasis_organs", [])
        if "brain" not in organs:
            organs.append("brain")
