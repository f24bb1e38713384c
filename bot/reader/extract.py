"""From a parsed message to situation slot values (contract.md): the order the readers run in, and the
facts of one word or phrase (histology, stage, trend, activity level).

The readers of each concern live beside this module: sites and counts (sites.py), therapy and driver
(therapy.py), time (timing.py) and short answers (answers.py). `asked` is the slot the assistant has just
asked about: it lets a short answer ("no", "two", "I don't know") fill that slot, while any other fact in
the same message is still read.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Any, Dict, List, Optional, Tuple

from spacy.tokens import Doc, Span

from bot.reader.answers import read_answer
from bot.reader.common import counts_over_time, fill_classes, live, phrase_re, same_clause, spans, word_set, words_re
from bot.reader.pipeline import vocab
from bot.reader.sites import SiteMention, read_effusion, read_history, read_sites, site_mentions
from bot.reader.therapy import IMPLIED_DRIVER, never_treated, read_driver, read_therapy
from bot.reader.timing import read_time
from bot.slots import UNKNOWN


@lru_cache(maxsize=1)
def _STAGES() -> Dict[str, str]:
    return {str(k).lower(): str(v) for k, v in vocab("facts")["stage_numbers"].items()}


def _stage_alternatives() -> str:
    return "|".join(re.escape(w) for w in sorted(_STAGES(), key=len, reverse=True))


@lru_cache(maxsize=1)
def STAGE_RE() -> "re.Pattern":
    """ "stage IV", "stg 3b", "not stage 4" (group 1 says it is denied)."""
    stage = "|".join(re.escape(str(w)) for w in vocab("facts")["stage_words"])
    return re.compile(
        r"(\bnot\s+)?\b(?:" + stage + r")\s*(?:(?:is|was|now|of)\s+)?(" + _stage_alternatives() + r")\s*[abc]?\d?\b",
        re.I,
    )


@lru_cache(maxsize=1)
def BARE_STAGE_RE() -> "re.Pattern":
    """An answer to the stage question: "4", "IIIb", "now 4", "it's stage four"."""
    openers = "|".join(re.escape(str(w)) for w in vocab("facts")["stage_answer_openers"])
    return re.compile(r"^\W*(?:(?:" + openers + r")\s+)?(" + _stage_alternatives() + r")[abc]?\d?\b", re.I)


def bare_stage(text: str) -> Optional[str]:
    m = BARE_STAGE_RE().match(text)
    if m and m.group(1).lower() == "i" and re.match(r"\s+[a-z]", text[m.end() :], re.I):
        return None  # "I not know": the pronoun, not stage I
    return _STAGES().get(m.group(1).lower()) if m else None


def read_doc(doc: Doc, asked: Optional[str], today: date) -> Dict[str, Any]:
    facts: Dict[str, Any] = {}
    mentions = site_mentions(doc)
    _read_histology(doc, facts)
    _read_stage(doc, facts, mentions)
    read_driver(doc, facts, asked)
    read_therapy(doc, facts)
    _read_trend(doc, facts)
    read_sites(doc, facts, mentions, asked)
    read_effusion(doc, facts)
    read_history(doc, facts, mentions, asked)
    read_time(doc, facts, today)
    _read_ecog(doc, facts)
    if asked:
        read_answer(doc, facts, asked, today)
    _implied(facts)
    return facts


@lru_cache(maxsize=None)
def _patterns(key: str, name: str) -> "re.Pattern":
    """facts.yml `histology_patterns` / `stage_patterns`: one entry's regular expressions, compiled once."""
    return re.compile("|".join(f"(?:{p})" for p in vocab("facts")[key][name]), re.I)


def _read_histology(doc: Doc, facts: Dict[str, Any]) -> None:
    text = doc.text.lower().replace("’", "'")
    if _patterns("histology_patterns", "other_primary").search(text):
        facts["histology"] = "other"  # "it started in her breast and spread to the lung": not lung cancer
        return
    found = [s for s in spans(doc, "HISTOLOGY") if not s._.hypothetical]
    # "mine is non-small cell - my mum had small cell years ago": the past is someone else's or over
    positive = [s for s in found if not s._.negated and not s._.historical]
    if positive:
        facts["histology"] = positive[-1].label_
    elif any(s.label_ == "sclc" for s in found):
        facts["histology"] = "nsclc"  # "not small cell" leaves the other kind
    elif _patterns("histology_patterns", "pending").search(text):
        facts["histology"] = UNKNOWN  # "they still don't know which type", "need more tissue to know"


def _read_stage(doc: Doc, facts: Dict[str, Any], mentions: List[SiteMention]) -> None:
    matches = [m.group(2) for m in STAGE_RE().finditer(doc.text) if not m.group(1)]
    if not matches and _stage_not_known(doc):
        facts["stage"] = UNKNOWN  # "he don't know which stage", "they haven't told me the stage yet"
    elif matches:
        facts["stage"] = _STAGES()[matches[-1].lower()]
    elif words_re("facts", "stage_4_words").search(doc.text) or _spread_to_a_site(doc, mentions):
        facts["stage"] = "4"
    else:
        for stage in vocab("facts")["stage_patterns"]:
            if _patterns("stage_patterns", stage).search(doc.text):
                facts["stage"] = str(stage)  # "cT2aN0M1b", "adeno IVA", "cT2bN3M0, IIIB"
                return


def _stage_not_known(doc: Doc) -> bool:
    """A doubt (language.yml `unknown`) said just before the word "stage": the stage is not known, whatever the
    spread suggests."""
    stage_words = word_set("facts", "stage_words")
    within = int(vocab("answers")["doubt_within"])
    return any(
        t.lower_ in stage_words and 0 <= t.i - u.end <= within and t._.clause == u[-1]._.clause
        for u in spans(doc, "UNKNOWN")
        if not u._.hypothetical
        for t in doc[u.end : u.end + within + 1]
    )


def _spread_to_a_site(doc: Doc, mentions: List[SiteMention]) -> bool:
    """ "it's gone to my bones now", "it has spread to the liver": spread to a distant site, told as a fact,
    is stage 4 (contract.md); nodes in the chest are regional and never appear among the mentions."""
    told = [s for s in spans(doc, "SPREAD") if live(s)]
    return any(
        same_clause(s, m.span) and m.span.start >= s.end and not m.negated and not m.span._.hypothetical
        for s in told
        for m in mentions
    )


def _read_trend(doc: Doc, facts: Dict[str, Any]) -> None:
    spread = spans(doc, "SPREAD")  # "gone to my bones" tells of spread, not of a spot that has gone
    trends = sorted(
        (
            s
            for s in spans(doc, "TREND")
            if not s._.hypothetical
            and not s._.historical
            and not any(p.start <= s.start < p.end for p in spread)
            and not _joined_on(doc, s)
        ),
        key=lambda s: s.start,
    )
    denied = [t for t in trends if t._.negated and t.label_ in ("growing", "new", "shrinking")]
    trends = [t for t in trends if t not in denied]
    if not trends:
        over_time = counts_over_time(doc)
        if over_time and all(float(new.label_) < float(old.label_) for old, new in over_time):
            facts["disease_trend"] = "shrinking"  # "5 spots in June, now 3"
        elif any(t.label_ == "growing" for t in denied):
            facts["disease_trend"] = "stable"  # "nothing's grown", "not grown at all"
        elif never_treated(doc):
            facts["disease_trend"] = "untreated"
        return
    rest = spans(doc, "REST")
    progressing = [t for t in trends if t.label_ in ("growing", "new")]
    controlled = [t for t in trends if t.label_ in ("stable", "shrinking")]
    controlled_rest = [t for t in controlled if any(same_clause(r, t) or abs(r.start - t.start) <= 4 for r in rest)]
    gone = word_set("facts", "complete_response")
    if (
        progressing
        and controlled
        and all(t.label_ == "new" for t in progressing)
        and all(t.text.lower() in gone for t in controlled)
    ):
        facts["disease_trend"] = "new"  # the rest gone: only the new spots are left
    elif progressing and (controlled_rest or _different_sites(doc, progressing, controlled) or _side_by_side(trends)):
        facts["disease_trend"] = "mixed"
    else:
        facts["disease_trend"] = trends[-1].label_


def _joined_on(doc: Doc, span: Span) -> bool:
    """A term hyphenated to the next word is part of another name ("PD" in "PD-L1 is 90%"), and "the same"
    before "time" is no trend ("found at the same time")."""
    if span.end < len(doc) and doc[span.end].lower_ in word_set("facts", "trend_not_before"):
        return True
    return span.end + 1 < len(doc) and doc[span.end].text == "-" and not doc[span.end - 1].whitespace_


def _side_by_side(trends: List[Span]) -> bool:
    """ "some spots smaller and two bigger": growth and control told together of different spots, not one
    after the other in time ("it shrank, but now it is growing": the later clause opens with "now")."""
    later = word_set("language", "later_clause_openers")
    # one sentence: across sentences a story goes on in time ("two new spots appeared. After 4 cycles they
    # are the same size")
    if len({t.sent.start for t in trends}) > 1:
        return False
    kinds = {t.label_ for t in trends}
    if not kinds & {"growing", "new"} or not kinds & {"stable", "shrinking"}:
        return False
    for t in trends[1:]:
        clause = t[0]._.clause
        words = [w for w in t.sent if w._.clause == clause]
        opener = words[0].lower_ if words else ""
        if opener in later or any(w.lower_ in later for w in t.sent if w.i < t.start and w._.clause == clause):
            return False
    return True


def _different_sites(doc: Doc, progressing: List[Span], controlled: List[Span]) -> bool:
    """ "the bone one grew but the liver ones are smaller": growth told of one site, control of another."""

    def sites(trend: Span) -> set:
        return {o.label_ for o in spans(doc, "ORGAN") if same_clause(o, trend) and not o._.negated}

    return any(
        sites(p) and sites(c) and not sites(p) & sites(c) and not same_clause(p, c)
        for p in progressing
        for c in controlled
    )


def _read_ecog(doc: Doc, facts: Dict[str, Any]) -> None:
    explicit = [int(m.group(4)) for m in _ecog_rules()[0].finditer(doc.text.lower())]
    if explicit:
        facts["ecog"] = explicit[-1]
        return
    told = [
        s
        for s in spans(doc, "ECOG")
        if not s._.negated and not s._.hypothetical and not s._.historical and not _activity_lost(doc, s)
    ]
    activities = word_set("facts", "ecog_activities")
    levels = [int(s.label_) for s in told if s.text.lower() not in activities]
    fits_either = [int(s.label_) for s in told if s.text.lower() in activities]
    hypothetical = phrase_re("hypothetical")
    for sent in doc.sents:
        text = sent.text.lower().replace("’", "'")
        if text.rstrip().endswith("?") or hypothetical.match(text):
            continue
        levels += [level for level, parts, within in _ecog_rules()[1] if _told_together(text, parts, within)]
    if levels or fits_either:
        facts["ecog"] = max(levels or fits_either)


@lru_cache(maxsize=1)
def _ecog_rules() -> Tuple["re.Pattern", List[Tuple[int, List["re.Pattern"], Optional[int]]]]:
    """facts.yml `ecog_rules`: the explicit-number pattern and each rule's level with its compiled parts."""
    from bot.config_errors import keys

    path = "bot/reader/vocab/facts.yml"
    spec = keys(vocab("facts")["ecog_rules"], path, "ecog_rules", ["explicit", "words", "rules"])
    words = spec["words"]
    for i, rule in enumerate(spec["rules"]):
        keys(rule, path, f"ecog_rules.rules[{i}]", ["level", "parts"], ["within"])

    def compiled(part: str) -> "re.Pattern":
        return re.compile(r"(?<![\w'])(" + fill_classes(part, words) + r")(?![\w'])")

    rules = [(int(r["level"]), [compiled(p) for p in r["parts"]], r.get("within")) for r in spec["rules"]]
    return re.compile(spec["explicit"]), rules


def _told_together(text: str, parts: List["re.Pattern"], within: Optional[int]) -> bool:
    found = [list(p.finditer(text)) for p in parts]
    if not all(found):
        return False
    if within is None or len(parts) != 2:
        return True
    return any(
        len(text[min(a.end(), b.end()) : max(a.start(), b.start())].split()) <= within
        for a in found[0]
        for b in found[1]
    )


def _activity_lost(doc: Doc, s: Span) -> bool:
    """ "I can't go running any more": an activity of the fit (ECOG 0-1) given up says nothing of the level.
    Phrases that hold their own negation ("can't do heavy work", "can't work") are levels themselves."""
    if int(s.label_) > 1 or any(t.lower_ in ("n't", "not", "no", "cannot", "never") for t in s):
        return False
    start = max(s.sent.start, s.start - 6)
    while start < s.start and doc[start]._.clause != s[0]._.clause:
        start += 1
    before = doc.text[doc[start].idx : s.start_char] if start < s.start else ""
    after = doc[s.end : min(s.sent.end, s.end + 3)].text
    return bool(_lost_re("preceding").search(before) or _lost_re("following").search(after))


@lru_cache(maxsize=None)
def _lost_re(side: str) -> "re.Pattern":
    words = sorted((str(w) for w in vocab("language")["activity_lost"][side]), key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")(?!\w)", re.I)


def _implied(facts: Dict[str, Any]) -> None:
    implied_driver = facts.pop(IMPLIED_DRIVER, None)
    if implied_driver and "driver_mutation" not in facts:
        facts["driver_mutation"] = implied_driver
    if facts.get("driver_mutation") in ("egfr", "alk", "ros1") and "histology" not in facts:
        facts["histology"] = "nsclc"
    if isinstance(facts.get("brain_metastasis_count"), (int, float)) and facts["brain_metastasis_count"] > 0:
        organs = facts.setdefault("metastasis_organs", [])
        if "brain" not in organs:
            organs.append("brain")
