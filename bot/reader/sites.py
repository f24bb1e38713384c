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
from bot.reader.pipeline import COORDINATION, vocab
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
    repeated: bool = False  # names again a spot counted by another mention


def site_mentions(doc: Doc) -> List[SiteMention]:
    """Organ mentions that describe spread, each with the count written next to it."""
    qtys = [q for q in quantities(doc) if not is_time_or_dose(doc, q.span)]
    # "3 spots: 2 in the liver and 1 in the adrenal", "so 3 bone mets total": a total told with its parts counts no
    # one organ; the parts do
    totals = _totals(doc, qtys)
    qtys = [q for q in qtys if q.span.start not in totals]
    spot_spans = spans(doc, "SPOT")
    regional = spans(doc, "REGIONAL_NODE")
    primary = spans(doc, "PRIMARY")
    # "I had the op on my right lung ... till the scan showed a spot in the left lung": a treatment word that is part
    # of a treatment of the main tumour (primary_treatment) treats no spot in its clause
    treated_clauses = {
        s[0]._.clause
        for s in spans(doc, "LOCAL_TX")
        if not s._.hypothetical and not s._.negated and not _primary_only(doc, s) and not as_time(doc, s)
    }
    growing_clauses = {s[0]._.clause for s in spans(doc, "TREND") if s.label_ in ("growing", "new") and live(s)}
    organs = sorted(spans(doc, "ORGAN"), key=lambda s: s.start)
    # "single met - liver (corr: L adrenal; liver lesion = haemangioma)": an organ whose finding was harmless holds
    # no spread anywhere in that sentence
    harmless = {(o.label_, o.sent.start) for o in organs if _found_harmless(doc, o, organs)}
    used: set = set()
    mentions: List[SiteMention] = []
    asked_about: List[Span] = []
    for i, organ_span in enumerate(organs):
        organ = organ_span.label_
        if organ_span._.hypothetical:
            if organ != "lung" and any(_spot_of(s, organ_span, organs) for s in spot_spans):
                asked_about.append(organ_span)
            continue  # "can lung cancer spread to the brain?" asks; it tells nothing
        if (
            any(
                r.start <= organ_span.start < r.end or organ_span.start <= r.start < organ_span.end
                for r in regional + spans(doc, "EFFUSION")
            )
            or (organ, organ_span.sent.start) in harmless
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
            quantity = _implied_one(doc, organ_span) or _one_spot_named(doc, near)
        if quantity:
            used.add(quantity.span.start)
        clause = organ_span[0]._.clause
        mentions.append(
            SiteMention(
                organ=organ,
                span=organ_span,
                quantity=quantity,
                negated=organ_span._.negated
                or (quantity is not None and quantity.value == 0)
                or _said_gone(doc, organ_span, quantity, organs),
                historical=organ_span._.historical,
                treated=clause in treated_clauses and _past_treatment(doc, organ_span),
                growing=clause in growing_clauses,
            )
        )
    _counts_pointing_back(doc, qtys, mentions, used)
    _counts_for_each(doc, qtys, mentions, used)
    _counts_answering_a_question(doc, qtys, mentions, used, asked_about)
    return _merge_same_organ(mentions)


def _drop_repeated_implied(mentions: List[SiteMention]) -> List[SiteMention]:
    """ "brain x1 ... the brain lesion is smaller", "solitary brain met ... brain met for SRS next week": a spot word
    that only implies one spot names again an organ counted elsewhere, told of the same time; it adds no spot. (Sides stay apart: "L adrenal
    + R adrenal" are two.)"""
    sides = word_set("sites", "sides")
    for m in mentions:
        if not _weak_count(m) or m.quantity is None or m.quantity.span.text.lower() in sides:
            continue
        if any(
            o is not m
            and o.organ == m.organ
            and o.historical == m.historical
            and o.quantity is not None
            and (not _weak_count(o) or o.span.start < m.span.start)
            for o in mentions
        ):
            m.quantity, m.repeated = None, True
    return mentions


def _drop_repeated_definite(doc: Doc, mentions: List[SiteMention]) -> None:
    """ "two spots in her brain and four in her bones … the two brain spots are smaller and the four bone spots
    stable": the same number for the same organ after a word that points back (sites.yml `back_reference`) names
    the spots counted before; it adds none."""
    back, new = word_set("sites", "back_reference"), word_set("sites", "not_the_same")
    for m in mentions:
        q = m.quantity
        if q is None or q.span.start == 0 or doc[q.span.start - 1].lower_ not in back:
            continue
        if q.span.end < len(doc) and doc[q.span.end].lower_ in new:
            continue  # "now the 2 new brain mets"
        if any(
            o.span.start < m.span.start
            and not o.historical
            and not o.treated
            and o.organ == m.organ
            and o.quantity is not None
            and o.quantity.span.start != q.span.start
            and o.quantity.value == q.value
            for o in mentions
        ):
            m.quantity, m.repeated = None, True


@lru_cache(maxsize=1)
def _HARMLESS() -> "re.Pattern":
    phrases = sorted((str(w) for w in vocab("sites")["harmless_findings"]["words"]), key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(w) for w in phrases) + r")(?!\w)", re.I)


def _said_gone(doc: Doc, organ: Span, quantity: Optional[Quantity], organs: List[Span]) -> bool:
    """ "the brain lesion resolved", "the bone one has disappeared", "CR in liver": a word of complete response
    (facts.yml `complete_response`) told of this organ in its clause, with no other organ between (sites.yml
    `gone_window`), leaves no spot there. A count written with the organ ("1 residual liver lesion") still counts."""
    if quantity is not None and any(n.start == quantity.span.start for n in spans(doc, "NUM")):
        return False
    window = vocab("sites")["gone_window"]
    gone = word_set("facts", "complete_response")
    elsewhere = set(vocab("sites")["elsewhere"]["words"])
    for t in spans(doc, "TREND"):
        if t.text.lower() not in gone or not live(t) or not same_clause(t, organ):
            continue
        if t.start >= organ.end:
            near, between = t.start - organ.end <= int(window["after"]), range(organ.end, t.start)
        else:
            # before the organ only a response ("CR in liver"), never a spread ("gone to the liver")
            near = organ.start - t.end <= int(window["before"]) and t.text.lower() in word_set("sites", "gone_before")
            between = range(t.end, organ.start)
        # ("new spot in liver, everything else gone": the rest is gone, not the liver)
        if (
            near
            and not any(o.start in between for o in organs)
            and not any(doc[i].lower_ in elsewhere for i in between)
        ):
            return True
    return False


def _found_harmless(doc: Doc, organ: Span, organs: List[Span]) -> bool:
    """The finding in this organ was said to be harmless (sites.yml `harmless_findings`): "they thought there was
    something on my liver but it was only a cyst", "a benign cyst in my kidney". After the organ, no other organ and no
    count may stand between ("three in my liver - no, two, the third one was a cyst" keeps the liver)."""
    spec = vocab("sites")["harmless_findings"]
    sent = organ.sent
    counts = [n.start for n in spans(doc, "NUM") if n.text.lower() not in ("a", "an")]  # "is a cyst" counts nothing
    for m in _HARMLESS().finditer(sent.text):
        found = doc.char_span(sent.start_char + m.start(), sent.start_char + m.end(), alignment_mode="expand")
        if found is None:
            continue
        if found.start >= organ.end:
            between = range(organ.end, found.start)
            if not any(o.start in between for o in organs) and not any(c in between for c in counts):
                return True
        elif 0 <= organ.start - found.end <= int(spec["before"]) and not any(
            found.end <= o.start < organ.start for o in organs
        ):
            return True
    return False


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


def as_time(doc: Doc, tx: Span) -> bool:
    """ "found 9 months after my lung surgery": a treatment that only dates the finding (language.yml
    `treatment_as_time`), with no site of spread told right after it ("after SBRT to the brain" treats the brain)."""
    anchors, fillers = word_set("language", "treatment_as_time"), word_set("language", "treatment_as_time_fillers")
    i = tx.start - 1
    while i >= 0 and doc[i].lower_ in fillers:
        i -= 1
    if i < 1 or doc[i].lower_ not in anchors or doc[i - 1].lower_ not in vocab("numbers")["units"]:
        return False
    after = doc[tx.end : min(len(doc), tx.end + 4)]
    return not any(
        o.start >= after.start and o.start < after.end and o.label_ != "lung"
        for c in ("ORGAN", "SPOT")
        for o in spans(doc, c)
    )


def _primary_only(doc: Doc, tx: Span) -> bool:
    """A treatment word inside a treatment of the main tumour ("the op on my right lung", "radiotherapy to the
    lung"), in a clause that names no site beyond the lungs ("... and to the pelvis" treats the pelvis too)."""
    inside = any(p.start < tx.end and tx.start < p.end for p in spans(doc, "PRIMARY_TX"))
    return inside and not any(o.label_ != "lung" and same_clause(o, tx) for o in spans(doc, "ORGAN"))


def _spot_of(spot: Span, organ: Span, organs: List[Span]) -> bool:
    """A spot word near an organ that names no other organ in between or just after it: "spots in the
    lung", "the liver lesion"; not the "met" of "my right lung and one met in my liver"."""
    if spot.end <= organ.start:
        # "no bone mets just the lung", "adrenal 1 met both found with the lung tumour": a spot word straight after
        # another organ (and its count) is that organ's
        owned = any(o.end <= spot.start and spot.start - o.end <= 1 and o.start != organ.start for o in organs)
        return organ.start - spot.end <= 4 and not owned and not any(spot.end <= o.start < organ.start for o in organs)
    if spot.start >= organ.end:
        return spot.start - organ.end <= 4 and not any(
            organ.end <= o.start <= spot.end + 3 for o in organs if o.start != organ.start
        )
    return True


def _merge_same_organ(mentions: List[SiteMention]) -> List[SiteMention]:
    """ "a bone metastasis in my spine" names one site twice: keep one mention per organ and clause. A count only
    implied by the words ("R femur", "the liver spot") is no count of its own beside a written one ("solitary osseous
    met L femur", "2 bone mets (L2, R femur)")."""
    kept: Dict[Tuple[str, int], SiteMention] = {}
    out: List[SiteMention] = []
    for m in mentions:
        key = (m.organ, m.span[0]._.clause)
        if key in kept and (
            kept[key].quantity is None or m.quantity is None or _weak_count(kept[key]) != _weak_count(m)
        ):
            first = kept[key]
            if _weak_count(first) and not _weak_count(m):
                first.quantity = m.quantity
            continue
        kept[key] = m
        out.append(m)
    return out


def _weak_count(m: SiteMention) -> bool:
    """No count, or one implied by words rather than written as a number."""
    return m.quantity is None or not any(n.start == m.quantity.span.start for n in spans(m.span.doc, "NUM"))


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
    if (nxt in _MEASURES() and not _side_before_site(doc, num.end)) or prev in word_set("numbers", "not_a_count_after"):
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
    before = doc[num.start - 2].lower_ if num.start > 1 else ""
    if (
        prev in word_set("numbers", "age_verbs")
        and (before in word_set("numbers", "age_after") or before in ("he", "she", "i"))
        and nxt not in _SPOT_WORDS()
    ):
        return True  # "my brother is 52 and has…"
    return bool(re.fullmatch(r"\d+\.\d+", num.text)) and float(num.text) > 30


def _side_before_site(doc: Doc, i: int) -> bool:
    """ "1 L adrenal met", "solitary R femur lesion": a side letter (sites.yml `sides`) before an organ or spot word
    says which side, it measures nothing."""
    if i >= len(doc) or doc[i].lower_ not in word_set("sites", "sides"):
        return False
    return any(s.start == i + 1 for c in ("ORGAN", "SPOT") for s in spans(doc, c))


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
            if _points_back(doc, q.span):
                continue  # "the bones, 4 of them, and the brain has 2": the 4 counts the bones, not the brain
            if gap <= 6 and (best is None or q.span.start > best.span.start):
                best = q
        elif (
            best is None
            and q.span.start >= organ.end
            and q.span.start - organ.end <= 3
            and not any(organ.end <= o.start < q.span.start for o in spans(doc, "ORGAN"))
        ):
            after = [t.lower_ for t in doc[q.span.end : q.span.end + 3]]
            while after and after[0] in _SPOT_ADJECTIVES():
                after.pop(0)  # "my brain, two small spots"
            # "my liver, two spots, and the brain ...", "brain 1 spot and liver 2 spots": a count with its spot
            # word right after the organ is the organ's, unless the spot word leads on to another organ ("my right
            # lung and one met in my liver")
            if after and after[0] in _SPOT_WORDS() and not _spot_leads_to_organ(doc, q.span):
                best = q
            # "liver 2 bone 3", "the brain has 2", "in the liver, three", "bone metastasis 5": a bare count right
            # after the organ (and its spot word) ("one in the brain, one in the liver": a count before "in" is the
            # next organ's) ("the brain one is tiny": "one" after an organ is a pronoun)
            elif (
                (q.span.text.lower() not in ("one", "a", "an") or _ends_list_item(doc, organ, q.span))
                and all(t.lower_ in _COUNT_JOINERS or t.lower_ in _SPOT_WORDS() for t in doc[organ.end : q.span.start])
                and not (after and (after[0] in _SPOT_WORDS() or after[0] in _COUNT_BEFORE_ORGAN))
                and not _organ_follows(doc, q.span)
            ):
                best = q
    return best


@lru_cache(maxsize=1)
def _DETERMINERS() -> frozenset:
    return frozenset(str(w).lower() for w in vocab("sites")["landmarks"]["determiners"])


def _ends_list_item(doc: Doc, organ: Span, q: Span) -> bool:
    """ "liver two, bone one.", "adrenal gland one and lymph node one": "one" after a bare organ that ends its item (a
    stop, the end, or "and") is a count; before anything else ("the brain one is tiny"), or after "the brain" ("zap the
    brain one."), it is a pronoun."""
    if organ.start > 0 and doc[organ.start - 1].lower_ in _DETERMINERS():
        return False
    return q.end == len(doc) or doc[q.end].is_punct or doc[q.end].lower_ in COORDINATION


def _past_spot_words(doc: Doc, i: int) -> int:
    """The first token from `i` on that is not a spot word or its adjective ("3 small lesions|, one in…")."""
    while i < len(doc) and (doc[i].lower_ in _SPOT_ADJECTIVES() or doc[i].lower_ in _SPOT_WORDS()):
        i += 1
    return i


def _counts_for_each(doc: Doc, qtys: List[Quantity], mentions: List[SiteMention], used: set) -> None:
    """ "liver and adrenal 1 each", "kidney n adrenal, one spot each": a count followed by a word for each (sites.yml
    `each_words`) counts every organ named before it in its clause that has no count of its own."""
    each = word_set("sites", "each_words")
    for q in qtys:
        i = _past_spot_words(doc, q.span.end)
        if i >= len(doc) or doc[i].lower_ not in each:
            continue
        # ("liver and spleen 1 spot each": the count may have been read as the last organ's)
        listed = [m for m in mentions if m.span.end <= q.span.start and same_clause(m.span, q.span)]
        if len(listed) >= 2 and all(m.quantity is None or m.quantity.span.start == q.span.start for m in listed):
            for m in listed:
                m.quantity = q
            used.add(q.span.start)


def _organ_follows(doc: Doc, q: Span) -> bool:
    """ "CMR in bone, single residual R adrenal lesion": past its adjectives and a side, the count leads on to an
    organ of its own; it counts that organ, not the one before it (unless that organ has a count of its own right
    after it: "liver 2 bone 3" is a list)."""
    i = q.end
    while i < len(doc) and (doc[i].lower_ in _SPOT_ADJECTIVES() or doc[i].lower_ in word_set("sites", "sides")):
        i += 1
    organ = next((o for o in spans(doc, "ORGAN") if o.start == i), None)
    return organ is not None and not any(n.start == organ.end for n in spans(doc, "NUM"))


def _points_back(doc: Doc, q: Span) -> bool:
    """ "4 of them", "three of those": the count points back to the spots named before it (sites.yml
    `count_of_them`)."""
    following = " ".join(t.lower_ for t in doc[q.end : q.end + 3])
    return any(following == w or following.startswith(w + " ") for w in word_set("sites", "count_of_them"))


def _spot_leads_to_organ(doc: Doc, q: Span) -> bool:
    """The spot word after a count leads on to an organ ("one met in my liver", "2 spots on the left adrenal"):
    only its adjectives, the spot word and sites.yml `spot_to_organ` words stand between the count and that organ."""
    links = word_set("sites", "spot_to_organ")
    i = q.end
    while i < len(doc) and doc[i].lower_ in _SPOT_ADJECTIVES():
        i += 1
    i += 1  # the spot word
    organs = {o.start: o for o in spans(doc, "ORGAN")}
    first = i
    while i < len(doc) and i not in organs and doc[i].lower_ in links:
        i += 1
    if i not in organs:
        return False
    # "brain 1 met adrenal 1 met": an organ straight after the spot word, with a count of its own after it, starts
    # the next item of a list
    own_count = organs[i].end < len(doc) and any(n.start == organs[i].end for n in spans(doc, "NUM"))
    return i > first or not own_count


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
    if before and before[-1] in word_set("sites", "sides") and organ.text.lower() in word_set("sites", "sided_organs"):
        return Quantity(1, True, doc[organ.start - 1 : organ.start])
    return None


def _one_spot_named(doc: Doc, near: List[Span]) -> Optional[Quantity]:
    """ "new spot in liver", "R adrenal met", "a 3 cm mass in her liver": a spot word in the singular (sites.yml
    `singular_spot_words`) names one spot though no number is written. A word that many write for the plural as well
    (`number_unclear_spot_words`: "metastasis in bones and liver") tells no number on its own."""
    unclear = word_set("sites", "number_unclear_spot_words")
    unconfirmed = word_set("sites", "unconfirmed_words")
    told = [s for s in near if not s._.negated and not s._.hypothetical]
    if not told or any(s.text.lower() not in SINGULAR_SPOTS() or s.text.lower() in unclear for s in told):
        return None
    # "an indeterminate sclerotic bone lesion, awaiting biopsy": not yet known to be a spot
    if any(t.lower_ in unconfirmed for s in told for t in doc[max(0, s.start - 4) : s.start]):
        return None
    return Quantity(1, True, told[0])


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
    _drop_repeated_implied(mentions)
    _drop_repeated_definite(doc, mentions)
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
    organ_without_count = any(m.quantity is None and not m.repeated for m in body)
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
    """ "three in total", "4 altogether", "3 bone mets total": a count of all the spots (sites.yml `total_words`),
    the total word after the count and the organ and spot words it names."""
    i = q.end
    site_words = {t.i for c in ("ORGAN", "SPOT") for s in spans(doc, c) for t in s}
    while i < len(doc) and (i in site_words or doc[i].lower_ in _SPOT_ADJECTIVES()) and i < q.end + 3:
        i += 1
    following = " ".join(t.lower_ for t in doc[i : i + 2])
    return any(following == w or following.startswith(w + " ") for w in word_set("sites", "total_words"))


def _totals(doc: Doc, qtys: List[Quantity]) -> set:
    """Starts of the counts that are totals: followed by a total word, or by a breakdown that adds up to them,
    opened by a mark (sites.yml `breakdown_marks`) after the count and its spot word ("three spots, one in my
    spine and two in my pelvis", "Mets: 3 (liver 2, adrenal 1)"): at least two parts, in the sentence."""
    marks = word_set("sites", "breakdown_marks")
    exact = [q for q in qtys if q.exact and q.value > 0]
    totals = {q.span.start for q in exact if _total_after(doc, q.span)}
    for q in exact:
        i = _past_spot_words(doc, q.span.end)
        if i >= len(doc) or doc[i].lower_ not in marks:
            continue
        # ("one in a rib": "a" is no part of its own)
        parts = [
            p
            for p in exact
            if p.span.start > i and p.span.sent.start == q.span.sent.start and p.span.text.lower() not in ("a", "an")
        ]
        if not parts or parts[0].span.start - i > 3:
            continue
        running = 0.0
        for k, p in enumerate(parts):
            running += p.value
            if running == q.value and k >= 1:
                totals.add(q.span.start)
            if running >= q.value:
                break
    return totals


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
        if not tx._.hypothetical and not tx._.negated and not as_time(doc, tx)
    )
    # "one, and they zapped it": asked about the spots, a treatment of "it" is a treatment of a spot
    treated_answer = asked in SPOT_QUESTIONS and any(
        not tx._.hypothetical and not tx._.negated and not treats_primary(doc, tx) and not as_time(doc, tx)
        for tx in spans(doc, "LOCAL_TX")
    )
    treated_spot = treated_spot or any(
        _treats_spread_named_before(doc, tx)
        for tx in spans(doc, "LOCAL_TX")
        if not tx._.hypothetical and not tx._.negated and not treats_primary(doc, tx) and not as_time(doc, tx)
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


def _treats_spread_named_before(doc: Doc, tx: Span) -> bool:
    """ "spread to his brain, just the one, and they did the gamma knife on it": a treatment aimed by a word of
    sites.yml `treated_pronouns` at what was told before it treats the site named last, in its sentence or the one
    before, when that site is one of spread."""
    spec = vocab("sites")["treated_pronouns"]
    after = " ".join(t.lower_ for t in doc[tx.end : min(tx.sent.end, tx.end + int(spec["within"]) + 2)])
    words = after.split()
    pronouns = sorted((str(w) for w in spec["words"]), key=len, reverse=True)
    aimed = any(
        " ".join(words[i:]).startswith(p + " ") or " ".join(words[i:]) == p
        for i in range(min(len(words), int(spec["within"]) + 1))
        for p in pronouns
    )
    if not aimed:
        return False
    sents = [s for s in doc.sents if s.end <= tx.sent.end][-2:]
    named = [
        x
        for c in ("ORGAN", "SPOT")
        for x in spans(doc, c)
        if sents[0].start <= x.start and x.end <= tx.start and not x._.negated and not x._.hypothetical
    ]
    if not named:
        return False
    last = max(named, key=lambda x: x.start)
    if last.label_ == "spot":
        return not is_primary_spot(doc, last)
    return last.label_ != "lung" or _qualified_lung(doc, last)


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
