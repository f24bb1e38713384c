"""Short answers: "no", "two", "not sure", "the other lung" read as the answer to the question just asked.

One table keyed by slot (answers.yml): each slot names how its answer is read (`kind`) and the words that
give a value. A story's facts read before (bot.reader.extract) are never overridden here.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Any, Callable, Dict

from spacy.tokens import Doc

from bot.reader.common import (
    as_number,
    duration_re,
    number_word,
    patterns_re,
    pending,
    phrase_re,
    quantities,
    spans,
    unit_months,
)
from bot.reader.pipeline import VOCAB_DIR, vocab
from bot.reader.sites import OLIGO_MAX, about_metastases, is_time_or_dose, treats_primary
from bot.slots import UNKNOWN

# The questions a scan answers: a scan not done yet leaves them unknown.
SCANNED = frozenset({"brain_metastasis_count", "metastasis_count"})


def _starts(text: str, phrases) -> bool:
    """The answer opens with one of the phrases ("no", "none at all", "clear")."""
    alternatives = "|".join(re.escape(str(p)) for p in sorted(phrases, key=len, reverse=True))
    return bool(alternatives) and bool(re.match(r"^\W*(" + alternatives + r")(?!\w)", text))


def _contains(text: str, phrases) -> bool:
    alternatives = "|".join(re.escape(str(p)) for p in sorted(phrases, key=len, reverse=True))
    return bool(alternatives) and bool(re.search(r"\b(" + alternatives + r")(?!\w)", text))


def _yes_no(doc: Doc, facts: Dict[str, Any], asked: str, rule: dict, text: str) -> None:
    affirm = [s for s in spans(doc, "AFFIRM") if s.start <= 2]
    deny = [s for s in spans(doc, "DENY") if s.start <= 2]
    if rule.get("also") == "cytology" and _cytology(text) is not None:
        # "Cytology positive", "the lab said cancer cells", "it was from an infection, not the cancer", "not tested"
        facts[asked] = _cytology(text)
    elif deny and (not affirm or deny[0].start <= affirm[0].start):
        facts[asked] = False
    elif affirm:
        facts[asked] = True
    elif rule.get("also") == "local_treatment" and spans(doc, "LOCAL_TX"):
        # "only the lung operation": treatment of the main tumour is not treatment of spread
        facts[asked] = any(
            about_metastases(doc, tx) and not treats_primary(doc, tx) and not tx._.negated and not tx._.hypothetical
            for tx in spans(doc, "LOCAL_TX")
        )
    elif rule.get("also") == "local_treatment" and spans(doc, "PRIMARY_TX"):
        facts[asked] = False  # "only the lung op", "just the lobectomy": the main tumour, not the spread
    elif rule.get("also") == "widespread" and spans(doc, "WIDESPREAD"):
        facts[asked] = True
    elif rule.get("also") == "therapy" and _contains(text, rule.get("no_words", [])):
        facts[asked] = False  # "stopd in may", "took a break, been off it since September"
    elif rule.get("also") == "therapy" and (
        _contains(text, rule.get("yes_words", [])) or patterns_re("next_dose").search(text)
    ):
        facts[asked] = True  # "every morning with my breakfast", "currently on treatment, C8"


def _cytology(text: str) -> Any:
    """What a test of the fluid found, if the answer tells it (language.yml not_tested, not_malignant,
    malignant_result, in that order)."""
    if phrase_re("not_tested").search(text):
        return UNKNOWN
    if phrase_re("not_malignant").search(text):
        return False
    if phrase_re("malignant_result").search(text):
        return True
    return None


def _count(doc: Doc, facts: Dict[str, Any], asked: str, rule: dict, text: str) -> None:
    # A count goes to the place the message names, the asked slot only when it names none: "it's 3 spots in
    # the liver, not 2" while the brain question is open corrects the liver, not the brain.
    named = {s.label_ for s in spans(doc, "ORGAN") if not s._.negated}
    brain_asked = asked == "brain_metastasis_count"
    if named and ((brain_asked and "brain" not in named) or (not brain_asked and named == {"brain"})):
        return
    # "not 2 but 3": the number after "not" is the one being replaced.
    qs = [
        q
        for q in quantities(doc)
        if not is_time_or_dose(doc, q.span)
        and not (q.span.start > 0 and doc[q.span.start - 1].lower_ in ("not", "n't", "never"))
    ]
    if qs and qs[0].exact:
        facts[asked] = as_number(qs[0].value)
    elif qs and sum(q.value for q in qs) > OLIGO_MAX:
        facts[asked] = as_number(sum(q.value for q in qs))
    elif _starts(text, rule["zero"]) or _contains(text, rule.get("zero_anywhere", [])):
        facts[asked] = 0


def _organs(doc: Doc, facts: Dict[str, Any], asked: str, rule: dict, text: str) -> None:
    if _starts(text, rule["none"]):
        facts[asked] = []


def _duration(doc: Doc, facts: Dict[str, Any], asked: str, rule: dict, text: str) -> None:
    m = re.search(r"\b" + duration_re(), text)
    if m:
        facts[asked] = as_number(
            number_word(m.group(1)) * unit_months(m.group(3)) + (0.5 * unit_months(m.group(3)) if m.group(2) else 0)
        )
    elif spans(doc, "AT_DIAGNOSIS") or _contains(text, rule["zero"]):
        facts[asked] = 0


def _stage(doc: Doc, facts: Dict[str, Any], asked: str, rule: dict, text: str) -> None:
    from bot.reader.extract import bare_stage

    value = bare_stage(text)
    # "Three, but it's four now", "The last one, four.", "They said 4a": every stage told in the answer (not
    # "one" or "I", mostly a pronoun there, nor a count of something); the stage now is the highest, as a stage
    # is only ever restaged upwards.
    told = [_STAGE_VALUES()[m.group(1)] for m in _ANSWER_STAGE_RE().finditer(text) if not _counts_something(text, m)]
    told += [value] if value else []
    if told:
        facts[asked] = max(told)


@lru_cache(maxsize=1)
def _STAGE_VALUES() -> Dict[str, str]:
    return {str(k).lower(): str(v) for k, v in vocab("facts")["stage_numbers"].items()}


@lru_cache(maxsize=1)
def _ANSWER_STAGE_RE() -> "re.Pattern":
    words = [w for w in _STAGE_VALUES() if w not in vocab("answers")["stage_not_anywhere"]]
    return re.compile(
        r"(?<![\w.])(" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")[abc]?(?!\w|\.\d)"
    )


def _counts_something(text: str, m: re.Match) -> bool:
    """ "2 spots", "three months", "4 cm", "one of them": the number counts or measures the word after it."""
    after = text[m.end() :].split()[:1]
    word = after[0].strip(",.;:!?()") if after else ""
    numbers = vocab("numbers")
    return bool(word) and (
        word in numbers["units"]
        or word in {str(w) for w in numbers["measures"]}
        or word in {str(w).lower() for w in vocab("sites")["spot_words"]}
        or word in ("of", "or", "to", "and", "more", "new", "in", "on", "x")
    )


def _choice(doc: Doc, facts: Dict[str, Any], asked: str, rule: dict, text: str) -> None:
    for value, cue in rule["values"].items():
        if (
            _starts(text, cue.get("starts", []))
            or _contains(text, cue.get("contains", []))
            or (cue.get("deny") and any(s.start <= 2 for s in spans(doc, "DENY")) and not pending(text))
        ):
            if cue.get("unless") and _contains(text, cue["unless"]):
                continue
            facts[asked] = value
            for slot, also in (cue.get("sets") or {}).items():
                facts.setdefault(slot, also)
            return


def _level(doc: Doc, facts: Dict[str, Any], asked: str, rule: dict, text: str) -> None:
    m = re.match(r"^\W*([0-4])\W*$", text)
    if m:
        facts[asked] = int(m.group(1))


KINDS: Dict[str, Callable] = {
    "yes_no": _yes_no,
    "count": _count,
    "organs": _organs,
    "duration": _duration,
    "stage": _stage,
    "choice": _choice,
    "level": _level,
}


@lru_cache(maxsize=1)
def table() -> Dict[str, dict]:
    """answers.yml, checked at load: every slot's rule names a known kind."""
    from bot.config_errors import ConfigError, keys

    path = VOCAB_DIR / "answers.yml"
    rules = vocab("answers")["slots"]
    for slot, rule in rules.items():
        keys(
            rule,
            path,
            f"slots.{slot}",
            ["kind"],
            ["also", "zero", "zero_anywhere", "none", "values", "yes_words", "no_words"],
        )
        if rule["kind"] not in KINDS:
            raise ConfigError(path, f"slots.{slot}.kind", f"unknown kind (known: {', '.join(sorted(KINDS))})")
    return rules


def read_answer(doc: Doc, facts: Dict[str, Any], asked: str, today: date) -> None:
    """Interpret a short answer to the question just asked, without overriding facts read above."""
    text = doc.text.strip().lower()
    unknown = bool(spans(doc, "UNKNOWN"))
    if any(s.start <= vocab("answers")["doubt_within"] for s in spans(doc, "UNKNOWN")) or (
        asked in SCANNED and patterns_re("scan_not_done").search(text)
    ):
        # "not sure, I haven't had a brain scan", "she hasnt had a brain scan": the doubt, or the scan not done,
        # is the answer; what the scan would show is not known
        facts[asked] = UNKNOWN
        return
    if asked == "metastasis_organs":
        organs = list(dict.fromkeys(s.label_ for s in spans(doc, "ORGAN") if not s._.negated))
        if organs:
            facts[asked] = list(dict.fromkeys(facts.get(asked, []) + organs))
    if asked in facts:
        return
    rule = table().get(asked)
    if rule:
        KINDS[rule["kind"]](doc, facts, asked, rule, text)
    if asked not in facts and (unknown or pending(text)):
        # "not sure"; "results in two weeks", "they're still testing the fluid": a result to come, unknown now
        facts[asked] = UNKNOWN
