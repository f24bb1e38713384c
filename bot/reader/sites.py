"""Sites and counts: which organs hold spread, how many spots outside and inside the brain, fluid, and the
history of the spread (once widespread, spots treated before)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Dict, List, Optional, Tuple

from spacy.tokens import Doc, Span

from bot.reader.common import (
    Quantity,
    as_number,
    in_clause,
    live,
    patterns_re,
    phrase_re,
    quantities,
    same_clause,
    spans,
    word_set,
    words,
    words_re,
)
from bot.reader.pipeline import vocab
from bot.slots import UNKNOWN

BRAIN_ORGAN = "brain"
OLIGO_MAX = 5  # framework.md §2: at most 5 spots in the oligometastatic definition
# The questions about spots: an answer to one of them that tells of a treatment tells of a treated spot.
SPOT_QUESTIONS = ("metastasis_count", "brain_metastasis_count", "metastasis_organs")


def LUNG_QUALIFIERS() -> frozenset:
    return word_set("sites", "lung_qualifiers")


def NOT_THE_LUNG() -> frozenset:
    return word_set("sites", "not_the_lung")


def PRIMARY_SPOT_WORDS() -> frozenset:
    return word_set("sites", "primary_spot_words")


def SINGULAR_SPOTS() -> frozenset:
    return word_set("sites", "singular_spot_words")


@dataclass
class SiteMention:
    organ: str
    span: Span
    quantity: Optional[Quantity]
    negated: bool
    historical: bool
    treated: bool
    growing: bool


def site_mentions(doc: Doc) -> List[SiteMention]:
    """Organ mentions that describe spread, each with the count written next to it."""
    qtys = [q for q in quantities(doc) if not is_time_or_dose(doc, q.span)]
    spot_spans = spans(doc, "SPOT")
    regional = spans(doc, "REGIONAL_NODE")
    primary = spans(doc, "PRIMARY")
    # "I had the op on my right lung ... till the scan showed a spot in the left lung": a treatment word that is part
    # of a treatment of the main tumour (primary_treatment) treats no spot in its clause
    treated_clauses = {
        s[0]._.clause
        for s in spans(doc, "LOCAL_TX")
        if not s._.hypothetical and not s._.negated and not _primary_only(doc, s)
    }
    growing_clauses = {s[0]._.clause for s in spans(doc, "TREND") if s.label_ in ("growing", "new") and live(s)}
    organs = sorted(spans(doc, "ORGAN"), key=lambda s: s.start)
    used: set = set()
    mentions: List[SiteMention] = []
    asked_about: List[Span] = []
    for i, organ_span in enumerate(organs):
        organ = organ_span.label_
        if organ_span._.hypothetical:
            if organ != "lung" and any(_spot_of(s, organ_span, organs) for s in spot_spans):
                asked_about.append(organ_span)
            continue  # "can lung cancer spread to the brain?" asks; it tells nothing
        if any(
            r.start <= organ_span.start < r.end or organ_span.start <= r.start < organ_span.end
            for r in regional + spans(doc, "EFFUSION")
        ):
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
        mentions.append(
            SiteMention(
                organ=organ,
                span=organ_span,
                quantity=quantity,
                negated=organ_span._.negated or (quantity is not None and quantity.value == 0),
                historical=organ_span._.historical,
                treated=clause in treated_clauses and _past_treatment(doc, organ_span),
                growing=clause in growing_clauses,
            )
        )
    _counts_pointing_back(doc, qtys, mentions, used)
    _counts_answering_a_question(doc, qtys, mentions, used, asked_about)
    return _merge_same_organ(mentions)


def _counts_answering_a_question(
    doc: Doc, qtys: List[Quantity], mentions: List[SiteMention], used: set, asked_about: List[Span]
) -> None:
    """ "can u have sbrt for liver mets?? i got 2 of them", "operation on adrenal metastasis? My father has only
    this one": a question names the spots and the next sentence counts them, pointing back (sites.yml
    `count_of_them`, `count_this`); the spots asked about are then told as a fact."""
    back = word_set("sites", "count_of_them")
    this = word_set("sites", "count_this")
    for q in qtys:
        if q.span.start in used or q.span.start == 0 or not live(q.span):
            continue
        following = " ".join(t.lower_ for t in doc[q.span.end : q.span.end + 3])
        if not (
            any(following == w or following.startswith(w + " ") for w in back) or doc[q.span.start - 1].lower_ in this
        ):
            continue
        sent = q.span.sent
        asked = [
            o
            for o in asked_about
            if o.end <= sent.start
            and o.sent.end >= sent.start - 2
            and not any(o.sent.end <= x.start < q.span.start for x in spans(doc, "ORGAN"))
        ]
        if len(asked) == 1 and not any(m.span.sent == sent for m in mentions):
            mentions.append(SiteMention(asked[0].label_, asked[0], q, q.value == 0, False, False, False))
            used.add(q.span.start)


def _counts_pointing_back(doc: Doc, qtys: List[Quantity], mentions: List[SiteMention], used: set) -> None:
    """ "spots in my liver, three of them", "metastasis in the adrenal, one.": a count said after the site it
    counts, pointing back to it (sites.yml `count_of_them`, or a count alone at the end of its clause after a comma),
    is the count of the nearest site before it without one, in the same sentence or the one before."""
    back = word_set("sites", "count_of_them")
    for q in qtys:
        if q.span.start in used or q.span.start == 0:
            continue
        rest = doc[q.span.end : q.span.end + 3]
        following = " ".join(t.lower_ for t in rest)
        points_back = any(following == w or following.startswith(w + " ") for w in back)
        alone = doc[q.span.start - 1].text == "," and (q.span.end == len(doc) or doc[q.span.end].is_punct)
        if not (points_back or alone):
            continue
        sent = q.span.sent
        before = [
            m
            for m in mentions
            if m.span.end <= q.span.start
            and (m.span.sent == sent or m.span.sent.end == sent.start)
            and not any(m.span.end <= o.start < q.span.start for o in spans(doc, "ORGAN") if o.start != m.span.start)
        ]
        if before and before[-1].quantity is None and not before[-1].negated:
            before[-1].quantity = q
            used.add(q.span.start)


def _primary_only(doc: Doc, tx: Span) -> bool:
    """A treatment word inside a treatment of the main tumour ("the op on my right lung", "radiotherapy to the
    lung"), in a clause that names no site beyond the lungs ("... and to the pelvis" treats the pelvis too)."""
    inside = any(p.start < tx.end and tx.start < p.end for p in spans(doc, "PRIMARY_TX"))
    return inside and not any(o.label_ != "lung" and same_clause(o, tx) for o in spans(doc, "ORGAN"))


def _spot_of(spot: Span, organ: Span, organs: List[Span]) -> bool:
    """A spot word near an organ that names no other organ in between or just after it: "spots in the
    lung", "the liver lesion"; not the "met" of "my right lung and one met in my liver"."""
    if spot.end <= organ.start:
        return organ.start - spot.end <= 4 and not any(spot.end <= o.start < organ.start for o in organs)
    if spot.start >= organ.end:
        return spot.start - organ.end <= 4 and not any(
            organ.end <= o.start <= spot.end + 3 for o in organs if o.start != organ.start
        )
    return True


def _merge_same_organ(mentions: List[SiteMention]) -> List[SiteMention]:
    """ "a bone metastasis in my spine" names one site twice: keep one mention per organ and clause."""
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


def is_time_or_dose(doc: Doc, num: Span) -> bool:
    """Numbers that count months, years, cycles, degrees or age, not spots."""
    if re.fullmatch(r"\d+", num.text) and int(num.text) > 100:
        return True  # a year ("in 2021") or a measurement, never a number of spots
    nxt = doc[num.end].lower_ if num.end < len(doc) else ""
    nxt2 = doc[num.end + 1].lower_ if num.end + 1 < len(doc) else ""
    prev = doc[num.start - 1].lower_ if num.start > 0 else ""
    cycles = word_set("language", "cycle_words")
    if nxt in vocab("numbers")["units"] or nxt in cycles or nxt2 in cycles:
        return True
    if nxt in _MEASURES() or prev in word_set("numbers", "not_a_count_after"):
        return True
    if (nxt == "/" and re.fullmatch(r"\d{2,4}", nxt2)) or (
        prev == "/" and num.start > 1 and doc[num.start - 2].is_digit
    ):
        return True  # a date written as digits: "dx 03/2026", "11/25"
    text = doc.text
    if re.match(r"[./-]\d{1,4}\b", text[num.end_char :]) or re.search(r"\b\d{1,4}[./-]$", text[: num.start_char]):
        return True  # "15.01.2025", "2024-01"
    if re.search(r"\b[a-z]{3,9}\.? ?['’]$", text[: num.start_char].lower()) and re.fullmatch(r"\d\d", num.text):
        return True  # "feb '24": a year
    if prev in word_set("numbers", "age_after") and nxt not in _SPOT_WORDS():
        return True  # "I'm 64"
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


# What may stand between an organ and a bare count of it ("liver: 2", "brain has 2", "liver x2").
_COUNT_JOINERS = frozenset({":", ",", "-", "=", "(", "x", "has", "have", "had", "with"})
_COUNT_BEFORE_ORGAN = frozenset({"in", "on", "at", "to", "of", "inside", "within", "each"})


def _quantity_for(
    doc: Doc, organ: Span, qtys: List[Quantity], previous_organ: Optional[Span], used: set
) -> Optional[Quantity]:
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
            after = [t.lower_ for t in doc[q.span.end : q.span.end + 3]]
            while after and after[0] in _SPOT_ADJECTIVES():
                after.pop(0)  # "my brain, two small spots"
            # "my right lung and one met in my liver": a count followed by another organ is that organ's
            if (
                after
                and after[0] in _SPOT_WORDS()
                and not any(q.span.end < o.start <= q.span.end + 5 for o in spans(doc, "ORGAN"))
            ):
                best = q
            # "liver 2 bone 3", "the brain has 2", "in the liver, three": a bare count right after the organ
            # ("one in the brain, one in the liver": a count before "in" is the next organ's)
            # ("the brain one is tiny": "one" after an organ is a pronoun)
            elif (
                q.span.text.lower() not in ("one", "a", "an")
                and all(t.lower_ in _COUNT_JOINERS for t in doc[organ.end : q.span.start])
                and not (after and (after[0] in _SPOT_WORDS() or after[0] in _COUNT_BEFORE_ORGAN))
            ):
                best = q
    return best


def _implied_one(doc: Doc, organ: Span) -> Optional[Quantity]:
    """ "the liver spot", "my left adrenal gland": one site though no number is written; "both adrenals": two."""
    before = [t.lower_ for t in doc[max(0, organ.start - 2) : organ.start]]
    after = doc[organ.end].lower_ if organ.end < len(doc) else ""
    if after in SINGULAR_SPOTS() and any(w in ("the", "this", "that", "my", "his", "her") for w in before[-1:]):
        return Quantity(1, True, doc[organ.end : organ.end + 1])
    if organ.label_ in vocab("sites")["paired_organs"]:
        # "both adrenals", "my adrenal glands, both of them", "bilateral adrenal": not "both adrenal and liver"
        both = set(vocab("sites")["both_words"])
        plural = organ.text.lower().endswith("s")
        near = [
            t
            for t in doc[max(0, organ.start - 2) : min(len(doc), organ.end + 3)]
            if t.lower_ in both and t._.clause == organ[0]._.clause and (plural or t.lower_ == "bilateral")
        ]
        if near:
            return Quantity(2, True, doc[near[0].i : near[0].i + 1])
    if before and before[-1] in ("left", "right") and organ.text.lower() in word_set("sites", "sided_organs"):
        return Quantity(1, True, doc[organ.start - 1 : organ.start])
    return None


def _next_is_site_word(doc: Doc, q: Span) -> bool:
    starts = {s.start for c in ("SPOT", "ORGAN") for s in spans(doc, c)}
    return q.end in starts or (q.end + 1 in starts and q.end < len(doc) and doc[q.end].lower_ in _SPOT_ADJECTIVES())


def _lung_is_spread(doc: Doc, lung: Span, primary: List[Span], quantity: Optional[Quantity], near: List[Span]) -> bool:
    if any(p.start <= lung.start < p.end for p in primary):
        return False
    nxt = doc[lung.end].lower_ if lung.end < len(doc) else ""
    if nxt in word_set("sites", "lung_not_spread_before"):
        return False  # "lung cancer", "lung function", "lung nurse"
    before = {t.lower_ for t in doc[max(0, lung.start - 3) : lung.start]}
    if before & NOT_THE_LUNG():
        return False  # "three places outside the lung": the lung is where the spread is counted from
    words = {t.lower_ for t in lung}
    if (before | words) & LUNG_QUALIFIERS():
        return True
    if {"part", "lobe", "of"} & before and "part" in before:
        return False
    if near and all(s.text.lower() in PRIMARY_SPOT_WORDS() for s in near) and (quantity is None or quantity.value <= 1):
        return False  # "a 4cm tumour in my right lung": one tumour in a lung, with no "other", is the main one
    return quantity is not None or bool(near)


def _past_treatment(doc: Doc, organ: Span) -> bool:
    """A local treatment in the organ's clause that has already happened (not asked about)."""
    for tx in in_clause(doc, "LOCAL_TX", organ):
        if not tx._.hypothetical and not tx._.negated:
            return True
    return False


def _mark_history(doc: Doc, mentions: List[SiteMention]) -> None:
    """Sites described as they were, not as they are: in a sentence about once-widespread cancer, or in the
    diagnosis sentence when later sentences describe the spots now."""
    past_widespread = {
        s[0]._.clause for s in spans(doc, "WIDESPREAD") if not s._.negated and _widespread_is_past(doc, s)
    }
    diagnosis_sents = {s.sent.start for s in spans(doc, "DIAGNOSIS")}
    for m in mentions:
        sent = m.span.sent.start
        later_now = any(o.span.sent.start > sent and not o.historical and not o.negated for o in mentions)
        if m.span[0]._.clause in past_widespread or (sent in diagnosis_sents and later_now):
            m.historical = True


def _widespread_is_past(doc: Doc, s: Span) -> bool:
    return s._.historical or bool(words_re("language", "past_markers").search(doc[max(0, s.start - 8) : s.start].text))


def read_sites(doc: Doc, facts: Dict[str, Any], mentions: List[SiteMention], asked: Optional[str]) -> None:
    _mark_history(doc, mentions)
    current = [m for m in mentions if not m.historical and not m.treated]
    if not any(not m.negated for m in current):
        # "At diagnosis it had spread to my adrenal and one rib": no later word says they went away.
        before = [m for m in mentions if m.historical and not m.treated and not m.negated]
        if sum(m.quantity.value for m in before if m.quantity) <= 5 and not any(
            m.quantity and not m.quantity.exact for m in before
        ):
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

    # contract: on treatment with some spots growing, the count is the growing or new spots
    growing_count = None
    if facts.get("disease_trend") == "mixed" and any(m.growing for m in body):
        body = [m for m in body if m.growing]
    elif facts.get("disease_trend") == "mixed":
        growing_count = _count_told_with_growth(doc)

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
            facts["brain_metastasis_count"] = as_number(sum(q.value for q in counts))
        elif counts and sum(q.value for q in counts) > 5:
            facts["brain_metastasis_count"] = as_number(sum(q.value for q in counts))
    elif brain and asked != "metastasis_count":
        facts["brain_metastasis_count"] = 0

    none_else = [s for s in spans(doc, "NO_OTHER_SPREAD") if not s._.hypothetical]
    past_sents = {m.span.sent.start for m in mentions if m.historical} - {m.span.sent.start for m in current}
    count = _body_count(doc, body, positive, past_sents) if growing_count is None else growing_count
    if count is not None:
        facts["metastasis_count"] = count
    elif not body and (none_else or _scan_clear(doc) or _spread_denied(doc) or (positive and _elsewhere_denied(doc))):
        facts["metastasis_count"] = 0


def _count_told_with_growth(doc: Doc) -> Optional[Any]:
    """ "2 new pulmonary nodules, liver mets stable", "two growing lesions, all else stable": the count written
    with the growth itself, when no site mention carries it."""
    growth = [t for t in spans(doc, "TREND") if t.label_ in ("growing", "new") and live(t)]
    counts = []
    for q in quantities(doc):
        if is_time_or_dose(doc, q.span) or not q.exact:
            continue
        between = [w.lower_ for w in doc[q.span.end : q.span.end + 3]]
        if any(g.start - q.span.end <= 2 and g.start >= q.span.end and same_clause(g, q.span) for g in growth) or (
            between
            and between[0] in _SPOT_WORDS()
            and any(0 <= g.start - q.span.end <= 4 and same_clause(g, q.span) for g in growth)
        ):
            counts.append(q.value)
    return as_number(sum(counts)) if counts and sum(counts) <= 5 else None


def _scan_clear(doc: Doc) -> bool:
    """ "the PET scan was clear", "body CT clear": a scan of the body, not of one organ ("brain MRI clear")."""
    organ_scans = word_set("sites", "organ_scans")
    for m in words_re("sites", "scan_clear").finditer(doc.text):
        before = doc.text[: m.start()].lower().split()[-1:]
        if not (before and before[0].strip(",.:;()") in organ_scans):
            return True
    return False


def _elsewhere_denied(doc: Doc) -> bool:
    """ "in other places nothing", "n none any where else", "None apart from the ones in my brain": a negation
    beside a word for everywhere else (sites.yml `elsewhere`), told as a fact."""
    rule = vocab("sites")["elsewhere"]
    words, followers, window = set(rule["words"]), set(rule["followers"]), int(rule["window"])
    negations = [c for c in spans(doc, "NEG_PRE") if not c._.hypothetical]
    for t in doc:
        if t.lower_ not in words:
            continue
        nxt = doc[t.i + 1] if t.i + 1 < len(doc) else None
        if not (nxt is None or nxt.is_punct or nxt.lower_ in followers or any(c.start == nxt.i for c in negations)):
            continue
        if any(
            (0 <= t.i - c.end <= window or 0 <= c.start - t.i - 1 <= window) and c.sent.start == t.sent.start
            for c in negations
        ):
            return True
    return False


def _spread_denied(doc: Doc) -> bool:
    """ "no spread", "no mets", "no spred anywear": spread or spots denied with no organ named in the clause."""
    for s in spans(doc, "SPREAD") + spans(doc, "SPOT"):
        if s._.negated and not s._.hypothetical and not s._.historical:
            if not any(same_clause(o, s) and o.label_ != "lung" for o in spans(doc, "ORGAN")):
                return True
    return False


def _body_count(doc: Doc, body: List[SiteMention], positive: List[SiteMention], past_sents: set) -> Optional[Any]:
    """Spots outside the brain: the counts written next to organs, or a count of spots on its own."""
    attached = [m.quantity for m in body if m.quantity]
    used = {q.span.start for m in positive if (q := m.quantity)}
    lone = []
    spot_starts = {s.start for s in spans(doc, "SPOT")}
    brain_clauses = {m.span[0]._.clause for m in site_mentions(doc) if m.organ == BRAIN_ORGAN}
    inside_other = [s for c in ("WIDESPREAD", "PRIMARY") for s in spans(doc, c)]
    for q in quantities(doc):
        if q.span.start in used or is_time_or_dose(doc, q.span) or not live(q.span):
            continue
        if any(o.start <= q.span.start < o.end or 0 <= o.start - q.span.end <= 1 for o in inside_other):
            continue
        if q.span[0]._.clause in brain_clauses or q.span.sent.start in past_sents:
            continue
        following = {q.span.end, q.span.end + 1, q.span.end + 2}
        after = doc[q.span.end].lower_ if q.span.end < len(doc) else ""
        if (
            (following & spot_starts and not (q.span.text.lower() in ("a", "an") and q.span.end not in spot_starts))
            or after in ("left", "remaining", "remain", "growing")
            or _total_after(doc, q.span)
        ):
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
            return as_number(lower) if lower > 5 else None
        return None
    if exact or total > 5:
        return as_number(total)
    return None


def _total_after(doc: Doc, q: Span) -> bool:
    """ "three in total", "4 altogether": a count of all the spots (sites.yml `total_words`)."""
    following = " ".join(t.lower_ for t in doc[q.end : q.end + 2])
    return any(following == w or following.startswith(w + " ") for w in word_set("sites", "total_words"))


def read_effusion(doc: Doc, facts: Dict[str, Any]) -> None:
    found = [s for s in spans(doc, "EFFUSION") if not s._.hypothetical]
    for s in found:
        sent_words = {t.lower_ for t in s.sent}
        if s.text.lower() == "fluid" and not s._.negated and not sent_words & words("fluid_context"):
            continue
        if not s._.negated and phrase_re("not_tested").search(s.sent.text):
            facts["malignant_effusion"] = UNKNOWN  # "some water on my lung but they never tested it"
            continue
        facts["malignant_effusion"] = not s._.negated and not phrase_re("not_malignant").search(s.sent.text)


def read_history(doc: Doc, facts: Dict[str, Any], mentions: List[SiteMention], asked: Optional[str] = None) -> None:
    for s in spans(doc, "WIDESPREAD"):
        if s._.hypothetical:
            continue
        past = _widespread_is_past(doc, s)
        if s._.negated:
            facts["previously_widespread"] = False
        elif past:
            facts["previously_widespread"] = True
        else:
            # widespread now: more spots than the definition allows (framework.md §2), count not told
            facts.setdefault("metastasis_count", OLIGO_MAX + 1)
    big_before = [m for m in mentions if m.historical and m.quantity and m.quantity.value > 5]
    organs_before = {
        m.organ for m in mentions if m.historical and not m.negated and not (m.quantity and m.quantity.exact)
    }
    if big_before or len(organs_before) >= 3:
        facts["previously_widespread"] = True
    elif words_re("language", "never_widespread").search(doc.text):
        facts["previously_widespread"] = False
    treated = [
        m for m in mentions if m.treated and m.organ != "lung" or (m.treated and m.organ == "lung" and m.quantity)
    ]
    treated_spot = any(
        any(same_clause(sp, tx) and not is_primary_spot(doc, sp) for sp in spans(doc, "SPOT"))
        and not treats_primary(doc, tx)
        for tx in spans(doc, "LOCAL_TX")
        if not tx._.hypothetical and not tx._.negated
    )
    # "one, and they zapped it": asked about the spots, a treatment of "it" is a treatment of a spot
    treated_answer = asked in SPOT_QUESTIONS and any(
        not tx._.hypothetical and not tx._.negated and not treats_primary(doc, tx) for tx in spans(doc, "LOCAL_TX")
    )
    # "the tumour in the lung had SBRT; for the metastasis they didn't do nothing local": told outright, a denial
    # beats a treatment whose spots are not named
    denied = bool(patterns_re("no_local_treatment_patterns").search(doc.text.lower()))
    if treated or ((treated_spot or treated_answer) and not denied):
        facts["previous_local_treatment_for_metastases"] = True
    elif denied:
        facts["previous_local_treatment_for_metastases"] = False
    elif any(
        tx._.negated
        and not tx._.hypothetical
        and (about_metastases(doc, tx) or tx.label_ == "local_treatment_of_spots")
        for tx in spans(doc, "LOCAL_TX")
    ) or _NO_LOCAL_TREATMENT().search(doc.text):
        facts["previous_local_treatment_for_metastases"] = False


@lru_cache(maxsize=1)
def _NO_LOCAL_TREATMENT() -> "re.Pattern":
    return words_re("language", "no_local_treatment")


def _clause_organs(doc: Doc, span: Span) -> List[Span]:
    return [o for o in spans(doc, "ORGAN") if same_clause(o, span)]


def treats_primary(doc: Doc, tx: Span) -> bool:
    """A local treatment told of the main lung tumour: a lobectomy, chemoradiation of the chest, "they
    removed the tumour from my lung". Never treatment of metastases (framework.md §3)."""
    if any(same_clause(p, tx) for c in ("PRIMARY", "PRIMARY_TX") for p in spans(doc, c)):
        return True
    organs = _clause_organs(doc, tx)
    lungs = [o for o in organs if o.label_ == "lung" and not _qualified_lung(doc, o)]
    return (
        bool(lungs)
        and all(o.label_ == "lung" for o in organs)
        and not any(same_clause(sp, tx) and not is_primary_spot(doc, sp) for sp in spans(doc, "SPOT"))
    )


def _qualified_lung(doc: Doc, lung: Span) -> bool:
    near = {t.lower_ for t in doc[max(0, lung.start - 3) : lung.end]}
    return bool(near & LUNG_QUALIFIERS())


def is_primary_spot(doc: Doc, spot: Span) -> bool:
    """ "the tumour", "a mass in my right lung": a main-tumour word with no site of spread in its clause."""
    if spot.text.lower() not in PRIMARY_SPOT_WORDS():
        return False
    organs = _clause_organs(doc, spot)
    return all(o.label_ == "lung" and not _qualified_lung(doc, o) for o in organs)


def about_metastases(doc: Doc, tx: Span) -> bool:
    """A local-treatment word whose clause is about spots of spread, not the main lung tumour."""
    sent = tx.sent
    spots = [s for s in spans(doc, "SPOT") if s.sent == sent and s.label_ == "spot"]
    organs = [o for o in spans(doc, "ORGAN") if o.sent == sent and o.label_ not in ("lung",)]
    return bool(spots or organs)
