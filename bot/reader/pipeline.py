"""The clinical reader's spaCy pipeline: a blank English model plus small components fed by data files.

No statistical model is downloaded: the tokenizer and sentencizer come with spaCy, and every clinical
word comes from the YAML vocabularies beside this file. Components:

- `clinical_terms` puts every vocabulary match in a span group named after its category (overlaps
  across categories are kept: "new spots" is both a trend and a spot word), each span labelled with its
  canonical value;
- `clinical_context` marks each span negated / historical / hypothetical with ConText-style cues whose
  scope ends at a clause boundary, and numbers the clauses. A treatment in a plan ("maybe doing
  radiotherapy", "starting chemo next Tuesday") is marked hypothetical too.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Dict, Iterable, List, Tuple

import spacy
import yaml
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

VOCAB_DIR = Path(__file__).resolve().parent / "vocab"

# Span groups whose spans get context flags.
CONTEXT_TARGETS = ("ORGAN", "SPOT", "EFFUSION", "DRUG", "THERAPY_CLASS", "TREND", "WIDESPREAD", "LOCAL_TX",
                   "ECOG", "DRIVER", "HISTOLOGY", "NUM", "AT_DIAGNOSIS", "NO_OTHER_SPREAD")

# A plan ("maybe doing radiotherapy to the bone spot") makes the treatment hypothetical, not the spot.
PLANNABLE = ("DRUG", "THERAPY_CLASS", "LOCAL_TX")

for _name in ("negated", "historical", "hypothetical"):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=False)
if not Token.has_extension("clause"):
    Token.set_extension("clause", default=0)


# The top-level keys each vocabulary file must have: a misspelt or missing key stops the reader at load.
VOCAB_KEYS = {
    "drugs": ["targeted", "immunotherapy", "chemotherapy", "class_words", "given_as"],
    "facts": ["histology", "driver_mutation", "driver_tests", "disease_trend", "ecog"],
    "language": ["negation", "historical", "planned", "question_openers", "hypothetical", "terminators", "rest_words",
                 "unknown", "affirm", "deny", "activity_lost", "negative_result", "at_diagnosis", "diagnosis_words",
                 "finding_words", "local_treatment", "not_malignant", "fluid_context", "no_local_treatment",
                 "on_therapy", "off_therapy", "cycle_words"],
    "numbers": ["exact", "vague", "approximate", "months", "units", "measures", "weekdays", "relative_times"],
    "sites": ["organs", "spot_words", "paired_organs", "both_words", "spot_adjectives", "primary_words", "effusion",
              "widespread", "regional_nodes", "no_other_spread"],
}


@lru_cache(maxsize=None)
def vocab(name: str) -> dict:
    from bot.config_errors import ConfigError, keys

    path = VOCAB_DIR / f"{name}.yml"
    if name not in VOCAB_KEYS:
        raise ConfigError(path, "(file)", "is not a vocabulary of the reader")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as e:
        raise ConfigError(path, "(file)", f"is not valid YAML: {e}") from e
    return dict(keys(data, path, "", VOCAB_KEYS[name]))


def term_table() -> Dict[str, List[Tuple[str, str]]]:
    """category -> [(phrase, canonical value)], gathered from the vocabulary files."""
    sites, facts, lang, drugs, numbers = (vocab(n) for n in ("sites", "facts", "language", "drugs", "numbers"))
    t: Dict[str, List[Tuple[str, str]]] = {}

    def add(category: str, phrases: Iterable, value: str) -> None:
        t.setdefault(category, []).extend((str(p), str(value)) for p in phrases)

    for organ, words in sites["organs"].items():
        add("ORGAN", words, organ)
    add("SPOT", sites["spot_words"], "spot")
    add("PRIMARY", sites["primary_words"], "primary")
    add("EFFUSION", sites["effusion"], "effusion")
    add("WIDESPREAD", sites["widespread"], "widespread")
    add("REGIONAL_NODE", sites["regional_nodes"], "regional")
    add("NO_OTHER_SPREAD", sites["no_other_spread"], "none_else")
    for slot, category in (("histology", "HISTOLOGY"), ("driver_mutation", "DRIVER"),
                           ("disease_trend", "TREND"), ("ecog", "ECOG")):
        for value, words in facts[slot].items():
            add(category, words, value)
    for therapy_class in ("targeted", "immunotherapy", "chemotherapy"):
        for drug in drugs[therapy_class]:
            add("DRUG", [drug], drug)
    for therapy_class, words in drugs["class_words"].items():
        add("THERAPY_CLASS", words, therapy_class)
    for key, category in (("unknown", "UNKNOWN"), ("affirm", "AFFIRM"), ("deny", "DENY"),
                          ("at_diagnosis", "AT_DIAGNOSIS"), ("diagnosis_words", "DIAGNOSIS"),
                          ("finding_words", "FINDING"), ("local_treatment", "LOCAL_TX"),
                          ("off_therapy", "OFF_THERAPY"), ("cycle_words", "CYCLE"), ("rest_words", "REST"),
                          ("hypothetical", "HYPOTHETICAL"), ("terminators", "TERMINATOR")):
        add(category, lang[key], key)
    add("NEG_PRE", lang["negation"]["preceding"], "neg")
    add("NEG_POST", lang["negation"]["following"], "neg")
    add("HIST_PRE", lang["historical"]["preceding"], "hist")
    add("HIST_POST", lang["historical"]["following"], "hist")
    add("PLAN_PRE", lang["planned"]["preceding"], "plan")
    add("PLAN_POST", lang["planned"]["following"], "plan")
    add("PLAN_PROC", lang["planned"]["procedure_preceding"], "plan")
    for word, value in numbers["exact"].items():
        add("NUM", [word], f"{value}")
    for word, value in numbers["vague"].items():
        add("NUM", [word], f"~{value}")
    add("APPROX", numbers["approximate"], "approx")
    for word, value in numbers["months"].items():
        add("MONTH_NAME", [word], value)
    for word, value in numbers["units"].items():
        add("UNIT", [word], value)
    for word, value in numbers["relative_times"].items():
        add("RELATIVE_TIME", [word], value)
    return t


@Language.factory("clinical_terms")
def make_clinical_terms(nlp: Language, name: str):
    return ClinicalTerms(nlp)


class ClinicalTerms:
    """Vocabulary matches into one span group per category, longest match within a category."""

    def __init__(self, nlp: Language):
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for category, entries in term_table().items():
            by_value: Dict[str, List[str]] = {}
            for phrase, value in entries:
                by_value.setdefault(value, []).append(phrase)
            for value, phrases in by_value.items():
                self.matcher.add(f"{category}|{value}", [nlp.make_doc(p) for p in phrases])
        self.numbers = Matcher(nlp.vocab)
        # Digits, decimals ("38.4") and ranges written as digits; words come from numbers.yml.
        self.numbers.add("NUM|digits", [[{"TEXT": {"REGEX": r"^\d+(\.\d+)?$"}}]])
        # "back in August", "back in the spring", "back in 2024": a date in the past, said after what it dates
        hist = vocab("language")["historical"]
        times = [[{"LOWER": w} for w in str(t).lower().split()] for t in hist["back_in_times"]]
        times.append([{"TEXT": {"REGEX": r"^(19|20)\d\d$"}}])
        back_in = [{"LOWER": w} for w in hist["back_in"][0].split()]
        self.back_in = Matcher(nlp.vocab)
        self.back_in.add("HIST_POST|hist", [back_in + t for t in times])
        self.not_back_in = frozenset(str(w) for w in hist["back_in_not_after"])

    def __call__(self, doc: Doc) -> Doc:
        groups: Dict[str, List[Span]] = {}
        for match_id, start, end in self.matcher(doc):
            category, value = doc.vocab.strings[match_id].split("|", 1)
            groups.setdefault(category, []).append(Span(doc, start, end, label=value))
        for _, start, end in self.numbers(doc):
            groups.setdefault("NUM", []).append(Span(doc, start, end, label=doc[start:end].text))
        for _, start, end in self.back_in(doc):
            if start == 0 or doc[start - 1].lower_ not in self.not_back_in:
                groups.setdefault("HIST_POST", []).append(Span(doc, start, end, label="hist"))
        for category, spans in groups.items():
            doc.spans[category] = filter_spans(spans)
        return doc


QUESTION_OPENERS = frozenset(vocab("language")["question_openers"])
ELSEWHERE = frozenset(vocab("language")["negation"]["following_not_after"])


@Language.factory("clinical_context")
def make_clinical_context(nlp: Language, name: str, window: int = 6):
    return ClinicalContext(window)


class ClinicalContext:
    """ConText-style flags: a cue affects the facts after it (or before it, for `following` cues) up to
    `window` tokens away and never across a clause boundary."""

    def __init__(self, window: int):
        self.window = window

    def __call__(self, doc: Doc) -> Doc:
        clause = 0
        boundaries = {s.start for s in doc.spans.get("TERMINATOR", [])}
        for sent in doc.sents:
            clause += 1
            for token in sent:
                if token.i in boundaries and token.i != sent.start:
                    clause += 1
                token._.clause = clause
        # In a question, the part that asks is hypothetical: all of it when the sentence opens as a question
        # ("could surgery help if ...?"), else only what follows the last comma ("I have small cell
        # cancer in my liver, could surgery help?" still tells its facts).
        question_from = {}
        for s in doc.sents:
            if s.text.rstrip().endswith("?"):
                commas = [t.i for t in s if t.text in (",", ";")]
                opens_as_question = s[0].lower_ in QUESTION_OPENERS
                question_from[s.start] = s.start if opens_as_question or not commas else commas[-1] + 1
        cues = {name: list(doc.spans.get(name, [])) for name in
                ("NEG_PRE", "NEG_POST", "HIST_PRE", "HIST_POST", "HYPOTHETICAL", "PLAN_PRE", "PLAN_POST",
                 "PLAN_PROC")}
        organ_starts = [o.start for o in doc.spans.get("ORGAN", [])]
        neg_post = [c for c in cues["NEG_POST"] if not any(t.lower_ in ELSEWHERE for t in doc[max(0, c.start - 2):c.start])]
        for category in CONTEXT_TARGETS:
            for span in doc.spans.get(category, []):
                span._.negated = self._before(span, cues["NEG_PRE"], window=self._neg_window(span)) \
                    or self._after(span, neg_post, blockers=organ_starts)
                span._.historical = (self._before(span, cues["HIST_PRE"], window=14)
                                     or self._after(span, cues["HIST_POST"]))
                span._.hypothetical = (span.start >= question_from.get(span.sent.start, len(doc) + 1)
                                       or self._before(span, cues["HYPOTHETICAL"], window=12)
                                       or (category in PLANNABLE and self._planned(span, category, cues)))
        return doc

    def _planned(self, span: Span, category: str, cues: Dict[str, List[Span]]) -> bool:
        return (self._before(span, cues["PLAN_PRE"], window=12) or self._after(span, cues["PLAN_POST"])
                or (category == "LOCAL_TX" and self._before(span, cues["PLAN_PROC"], window=12)))

    def _neg_window(self, span: Span) -> int:
        # "never had radiotherapy or an operation on any of them": a treatment list stays negated
        return 10 if span.label_ == "local_treatment" else self.window

    def _before(self, span: Span, cues: List[Span], window: int = 0) -> bool:
        window = window or self.window
        clause = span[0]._.clause
        for cue in cues:
            if cue.end <= span.start and span.start - cue.end <= window and cue[0]._.clause == clause:
                return True
        return False

    def _after(self, span: Span, cues: List[Span], blockers: Iterable[int] = ()) -> bool:
        """A following cue ("brain clear") speaks of the nearest site before it only."""
        clause = span[-1]._.clause
        for cue in cues:
            if cue.start >= span.end and cue.start - span.end <= self.window + 2 and cue[-1]._.clause == clause:
                if not any(span.end <= b < cue.start for b in blockers):
                    return True
        return False


@lru_cache(maxsize=1)
def build() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("clinical_terms")
    nlp.add_pipe("clinical_context")
    return nlp
