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
from typing import Dict, Iterable, List, Optional, Tuple

import spacy
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

VOCAB_DIR = Path(__file__).resolve().parent / "vocab"

# Span groups whose spans get context flags.
CONTEXT_TARGETS = (
    "ORGAN",
    "SPOT",
    "EFFUSION",
    "DRUG",
    "THERAPY_CLASS",
    "TREND",
    "WIDESPREAD",
    "LOCAL_TX",
    "ECOG",
    "DRIVER",
    "HISTOLOGY",
    "NUM",
    "AT_DIAGNOSIS",
    "NO_OTHER_SPREAD",
    "SPREAD",
)

# A plan ("maybe doing radiotherapy to the bone spot") makes the treatment hypothetical, not the spot.
PLANNABLE = ("DRUG", "THERAPY_CLASS", "LOCAL_TX")

for _name in ("negated", "historical", "hypothetical", "planned", "someone_else"):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=False)
if not Token.has_extension("clause"):
    Token.set_extension("clause", default=0)


# The top-level keys each vocabulary file must have: a misspelt or missing key stops the reader at load.
VOCAB_KEYS = {
    "answers": ["doubt_within", "stage_not_anywhere", "slots"],
    "drugs": ["targeted", "immunotherapy", "chemotherapy", "class_words", "given_as", "schedule"],
    "spelling": ["categories", "min_length", "long", "very_long", "min_typed_length", "ordinary_words", "in_context"],
    "facts": [
        "histology",
        "driver_mutation",
        "driver_tests",
        "disease_trend",
        "ecog",
        "stage_numbers",
        "stage_answer_openers",
        "stage_4_words",
        "ecog_not_verbs",
        "trend_not_before",
        "stage_words",
        "ecog_rules",
        "complete_response",
        "ecog_activities",
        "histology_patterns",
        "stage_patterns",
    ],
    "language": [
        "negation",
        "historical",
        "planned",
        "treatment_as_time",
        "treatment_as_time_fillers",
        "question_openers",
        "informal_question_openers",
        "question_phrases",
        "topic_words",
        "question_fragment_words",
        "question_endings",
        "wh_words",
        "question_subjects",
        "personal_words",
        "hypothetical",
        "terminators",
        "rest_words",
        "unknown",
        "affirm",
        "deny",
        "activity_lost",
        "at_diagnosis_weak",
        "at_diagnosis_own_words",
        "recurrence_words",
        "now_words",
        "no_local_treatment_patterns",
        "negative_result",
        "at_diagnosis",
        "diagnosis_words",
        "finding_words",
        "local_treatment",
        "not_malignant",
        "fluid_context",
        "not_tested",
        "malignant_result",
        "no_local_treatment",
        "on_therapy",
        "off_therapy",
        "continuing",
        "cycle_words",
        "scopes",
        "past_markers",
        "never_widespread",
        "no_treatment_now",
        "no_treatment",
        "next_dose",
        "scan_not_done",
        "spread_words",
        "primary_treatment",
        "local_treatment_of_spots",
        "later_clause_openers",
        "correction",
        "pending",
        "someone_else",
        "previous_line",
    ],
    "numbers": [
        "exact",
        "vague",
        "approximate",
        "months",
        "units",
        "measures",
        "weekdays",
        "relative_times",
        "not_a_count_after",
        "age_after",
        "age_verbs",
        "month_verbs",
        "added_words",
        "month_verbs_after",
    ],
    "sites": [
        "organs",
        "spot_words",
        "paired_organs",
        "both_words",
        "back_reference",
        "not_the_same",
        "spot_adjectives",
        "primary_words",
        "effusion",
        "widespread",
        "regional_nodes",
        "no_other_spread",
        "count_this",
        "elsewhere",
        "lung_qualifiers",
        "not_the_lung",
        "primary_spot_words",
        "singular_spot_words",
        "lung_not_spread_before",
        "sided_organs",
        "scan_clear",
        "organ_scans",
        "count_of_them",
        "total_words",
        "spot_to_organ",
        "breakdown_marks",
        "landmarks",
        "sides",
        "harmless_findings",
        "number_unclear_spot_words",
        "gone_window",
        "gone_before",
        "unconfirmed_words",
        "each_words",
        "treated_pronouns",
    ],
}


@lru_cache(maxsize=None)
def vocab(name: str) -> dict:
    from bot.config_errors import ConfigError, keys, load_yaml

    path = VOCAB_DIR / f"{name}.yml"
    if name not in VOCAB_KEYS:
        raise ConfigError(path, "(file)", "is not a vocabulary of the reader")
    return dict(keys(load_yaml(path), path, "", VOCAB_KEYS[name]))


THERAPY_CLASSES = ("targeted", "immunotherapy", "chemotherapy")
DRIVER_VALUES = ("egfr", "alk", "ros1", "other", None)


@lru_cache(maxsize=1)
def drug_table() -> Dict[str, Tuple[str, str, Optional[str]]]:
    """Every name in drugs.yml -> (therapy class, generic name, implied driver), checked at load: a brand or
    short name must point to a generic drug of its own class."""
    from bot.config_errors import ConfigError, keys

    path = VOCAB_DIR / "drugs.yml"
    drugs = vocab("drugs")
    table: Dict[str, Tuple[str, str, Optional[str]]] = {}
    for therapy_class in THERAPY_CLASSES:
        entries = drugs[therapy_class]
        for name, entry in entries.items():
            where = f"{therapy_class}.{name}"
            entry = keys(entry if entry is not None else {}, path, where, [], ["driver", "brand_of", "short_for"])
            generic = entry.get("brand_of") or entry.get("short_for")
            if generic is None:
                if entry.get("driver") not in DRIVER_VALUES or (therapy_class != "targeted" and entry.get("driver")):
                    raise ConfigError(path, where, f"driver must be one of {DRIVER_VALUES} (targeted drugs only)")
                table[str(name).lower()] = (therapy_class, str(name).lower(), entry.get("driver"))
        for name, entry in entries.items():
            generic = (entry or {}).get("brand_of") or (entry or {}).get("short_for")
            if generic is not None:
                if str(generic).lower() not in table or table[str(generic).lower()][0] != therapy_class:
                    raise ConfigError(
                        path, f"{therapy_class}.{name}", f"{generic!r} is not a {therapy_class} drug here"
                    )
                table[str(name).lower()] = table[str(generic).lower()]
    return table


def third_person(phrase: str) -> str:
    """ "play golf" -> "plays golf": the phrase's first word as a verb after he or she."""
    first, _, rest = phrase.partition(" ")
    if not first.isalpha() or first in vocab("facts")["ecog_not_verbs"]:
        return phrase
    if first.endswith(("s", "sh", "ch", "x", "o")):
        verb = first + "es"
    elif first.endswith("y") and first[-2:-1] not in "aeiou":
        verb = first[:-1] + "ies"
    else:
        verb = first + "s"
    return f"{verb} {rest}".strip()


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
    for slot, category in (
        ("histology", "HISTOLOGY"),
        ("driver_mutation", "DRIVER"),
        ("disease_trend", "TREND"),
        ("ecog", "ECOG"),
    ):
        for value, words in facts[slot].items():
            add(category, words, value)
    for value, words in facts["ecog"].items():
        # a carer tells it in the third person: "plays golf", "needs help getting dressed", "goes to the gym"
        add("ECOG", [third_person(str(w)) for w in words if third_person(str(w)) != str(w)], value)
    for name, (_, generic, _) in drug_table().items():
        add("DRUG", [name], generic)
    for therapy_class, words in drugs["class_words"].items():
        add("THERAPY_CLASS", words, therapy_class)
    for key, category in (
        ("unknown", "UNKNOWN"),
        ("affirm", "AFFIRM"),
        ("deny", "DENY"),
        ("at_diagnosis", "AT_DIAGNOSIS"),
        ("diagnosis_words", "DIAGNOSIS"),
        ("finding_words", "FINDING"),
        ("local_treatment", "LOCAL_TX"),
        ("local_treatment_of_spots", "LOCAL_TX"),
        ("primary_treatment", "PRIMARY_TX"),
        ("spread_words", "SPREAD"),
        ("off_therapy", "OFF_THERAPY"),
        ("cycle_words", "CYCLE"),
        ("rest_words", "REST"),
        ("hypothetical", "HYPOTHETICAL"),
        ("terminators", "TERMINATOR"),
        ("correction", "CORRECTION"),
    ):
        add(category, lang[key], key)
    add("NEG_PRE", lang["negation"]["preceding"], "neg")
    add("NEG_POST", lang["negation"]["following"], "neg")
    add("NEG_END", lang["negation"]["following_at_end"], "neg")
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
        # Misspellings (spelling.yml): the same phrases as FUZZY token patterns, in the clinical categories
        from bot.reader import spelling

        self.fuzzy = Matcher(nlp.vocab, fuzzy_compare=spelling.typo_of)
        for category, entries in term_table().items():
            if category not in spelling.fuzzy_categories():
                continue
            shortest = spelling.min_length(category)
            by_value = {}
            for phrase, value in entries:
                words = [t.lower_ for t in nlp.make_doc(phrase)]
                if any(len(w) >= shortest and w.isalpha() for w in words):
                    by_value.setdefault(value, []).append(
                        [{"LOWER": {"FUZZY": w}} if len(w) >= shortest and w.isalpha() else {"LOWER": w} for w in words]
                    )
            for value, patterns in by_value.items():
                self.fuzzy.add(f"{category}|{value}", patterns)
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
        for match_id, start, end in list(self.matcher(doc)) + list(self.fuzzy(doc)):
            category, value = doc.vocab.strings[match_id].split("|", 1)
            groups.setdefault(category, []).append(Span(doc, start, end, label=value))
        for _, start, end in self.numbers(doc):
            groups.setdefault("NUM", []).append(Span(doc, start, end, label=doc[start:end].text))
        for _, start, end in self.back_in(doc):
            if start == 0 or doc[start - 1].lower_ not in self.not_back_in:
                groups.setdefault("HIST_POST", []).append(Span(doc, start, end, label="hist"))
        for category, spans in groups.items():
            doc.spans[category] = filter_spans(spans)
        if "ORGAN" in doc.spans:
            doc.spans["ORGAN"] = [o for o in doc.spans["ORGAN"] if not self._landmark(doc, o)]
        return doc

    def _landmark(self, doc: Doc, organ: Span) -> bool:
        """ "a lymph node above my collarbone", "a node near the kidney": an organ named after a site and a word of
        place (sites.yml `landmarks`) says where that site is; it is no site of its own."""
        spec = vocab("sites")["landmarks"]
        determiners = {str(w) for w in spec["determiners"]}
        i = organ.start
        while i > 0 and doc[i - 1].lower_ in determiners:
            i -= 1
        before = " ".join(t.lower_ for t in doc[max(0, i - 3) : i])
        place = next((str(p) for p in spec["places"] if before == str(p) or before.endswith(" " + str(p))), None)
        if place is None:
            return False
        start = i - len(place.split())
        within = int(spec["within"])
        return any(
            o.end <= start and start - o.end <= within and not any(t.is_sent_start for t in doc[o.end : start + 1])
            for o in doc.spans.get("ORGAN", [])
            if o.start != organ.start
        )


QUESTION_OPENERS = frozenset(vocab("language")["question_openers"])
ELSEWHERE = frozenset(vocab("language")["negation"]["following_not_after"])
COORDINATION = frozenset({"and", "or", "&", "/", "+", "n"})


@Language.factory("clinical_context")
def make_clinical_context(nlp: Language, name: str):
    return ClinicalContext(vocab("language")["scopes"])


class ClinicalContext:
    """ConText-style flags: a cue affects the facts after it (or before it, for `following` cues) up to
    its rule's scope in tokens (language.yml `scopes`, like medspaCy's per-rule max_scope) and never across
    a clause boundary."""

    def __init__(self, scopes: dict):
        self.scopes = {rule: {k: int(v) for k, v in sides.items()} for rule, sides in scopes.items()}
        self.window = self.scopes["negation"]["preceding"]

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
        # A relative clause inside the question tells a fact of the person's own ("can radiotherapy help my
        # lung cancer that has spread to my brain?"): from its "that"/"which" on, the question does not reach.
        question_from, told_from = {}, {}
        for s in doc.sents:
            if s.text.rstrip().endswith("?"):
                commas = [t.i for t in s if t.text in (",", ";")]
                opens_as_question = s[0].lower_ in QUESTION_OPENERS
                question_from[s.start] = s.start if opens_as_question or not commas else commas[-1] + 1
                relative = [
                    t.i
                    for t in s
                    if t.lower_ in ("that", "which")
                    and t.i + 1 < s.end
                    and doc[t.i + 1].lower_ in ("has", "have", "had", "is", "was", "are", "'s")
                ]
                if relative:
                    told_from[s.start] = relative[0]
        cues = {
            name: list(doc.spans.get(name, []))
            for name in (
                "NEG_PRE",
                "NEG_POST",
                "HIST_PRE",
                "HIST_POST",
                "HYPOTHETICAL",
                "PLAN_PRE",
                "PLAN_POST",
                "PLAN_PROC",
            )
        }
        # "small cell. No sorry, NON-small cell", "No, 3 spots": a "no" that opens a correction or stands alone
        # before a comma answers or takes back what came before; it negates nothing after it
        corrections = [str(w).strip(" ,").split() for w in vocab("language")["correction"]]
        cues["NEG_PRE"] = [c for c in cues["NEG_PRE"] if not _opens_correction(doc, c, corrections)]
        # "since starting osimertinib": a plan word after these tells a treatment that has begun
        not_after = {str(w) for w in vocab("language")["planned"]["preceding_not_after"]}
        cues["PLAN_PRE"] = [c for c in cues["PLAN_PRE"] if not (c.start > 0 and doc[c.start - 1].lower_ in not_after)]
        as_before = {str(w) for w in vocab("language")["planned"]["following_not_after"]}
        cues["PLAN_POST"] = [c for c in cues["PLAN_POST"] if not (c.start > 0 and doc[c.start - 1].lower_ in as_before)]
        # "4th cycle next week", "next dose tomorrow": a time after a cycle word dates the next dose of a treatment
        # going on, not a plan to start it
        cycle_ends = {c.end for c in doc.spans.get("CYCLE", [])}
        cues["PLAN_POST"] = [c for c in cues["PLAN_POST"] if c.start not in cycle_ends]
        # "Small cell. No, sorry, non-small cell": a "no" that opens a correction negates nothing
        corrections = {c.start for c in doc.spans.get("CORRECTION", [])}
        cues["NEG_PRE"] = [
            c
            for c in cues["NEG_PRE"]
            if not (c.end in corrections or (c.end + 1 in corrections and c.end < len(doc) and doc[c.end].text == ","))
        ]
        organ_starts = [o.start for o in doc.spans.get("ORGAN", [])]
        # "1 bone spot, egfr negative": a following cue after a gene speaks of the gene, not of the site before it
        driver_starts = [d.start for d in doc.spans.get("DRIVER", [])]
        driver_commas = [d.end + 1 for d in doc.spans.get("DRIVER", []) if d.end < len(doc) and doc[d.end].text == ","]
        # "PET otherwise negative", "no spread anywhere else": the cue speaks of everything else
        # "In the brain nothing.", "Brain no", "MRI brain normal": these speak of the site before them only when
        # they end their clause ("nothing in the brain" negates what follows)
        at_end = [c for c in doc.spans.get("NEG_END", []) if c.end == len(doc) or doc[c.end].is_punct]

        def told_of_all_else(c: Span) -> bool:
            return any(t.lower_ in ELSEWHERE for t in doc[max(0, c.start - 2) : c.start]) or any(
                t.lower_ in ELSEWHERE for t in doc[c.end : c.end + 2]
            )

        neg_post = [c for c in cues["NEG_POST"] if not told_of_all_else(c)]
        site_neg_post = neg_post + [c for c in at_end if not told_of_all_else(c)]
        # "no brain mets started chemo", "nothing in the brain, Keytruda plus chemo", "nothing else in body on
        # alectinib": the negation is spent on the spots, the site or the spread it names
        spot_ends = [s.end for c in ("SPOT", "ORGAN", "NO_OTHER_SPREAD") for s in doc.spans.get(c, [])]
        # "not EGFR, not ALK, they said it was KRAS": a negation does not reach past a word that affirms
        affirm_ends = [a.end for a in doc.spans.get("AFFIRM", []) if a.start > 0]
        for category in CONTEXT_TARGETS:
            for span in doc.spans.get(category, []):
                # "no actionable drivers, 1 contralateral lung met": a negation spent on a gene, before a comma
                spent = (
                    spot_ends
                    if category in ("DRUG", "THERAPY_CLASS")
                    else (driver_commas if category not in ("DRIVER", "HISTOLOGY") else ())
                )
                span._.negated = self._before(
                    span, cues["NEG_PRE"], window=self._neg_window(span), blockers=list(spent) + affirm_ends
                ) or (
                    # "stage 3 non small cell, no spread": a following cue speaks of sites and findings, not of
                    # the kind of cancer or a drug before it
                    category not in ("HISTOLOGY", "DRUG", "THERAPY_CLASS")
                    and self._after(
                        span,
                        site_neg_post if category in ("ORGAN", "SPOT") else neg_post,
                        self.scopes["negation"]["following"],
                        blockers=organ_starts + (driver_starts if category != "DRIVER" else []),
                    )
                )
                span._.historical = self._before(
                    span, cues["HIST_PRE"], window=self.scopes["historical"]["preceding"]
                ) or self._after(span, cues["HIST_POST"], self.scopes["historical"]["following"])
                asked = question_from.get(span.sent.start, len(doc) + 1) <= span.start < told_from.get(
                    span.sent.start, len(doc) + 1
                ) or self._before(span, cues["HYPOTHETICAL"], window=self.scopes["hypothetical"]["preceding"])
                # a plan told, not asked about: "I start chemo next week" says no treatment yet
                span._.planned = category in PLANNABLE and not asked and self._planned(span, category, cues)
                span._.hypothetical = asked or span._.planned
        others = self._someone_else(doc)
        for category in CONTEXT_TARGETS:
            for span in doc.spans.get(category, []):
                if span.start in others:
                    span._.someone_else = True
                    span._.hypothetical = True  # not told of the person: no reader takes it
        return doc

    def _someone_else(self, doc: Doc) -> set:
        """Token positions that tell another person's story (language.yml `someone_else`): from the relation word
        to the end of its clause, when the message tells of someone else as well."""
        spec = vocab("language")["someone_else"]
        relations = {str(w) for w in spec["relations"]}
        lower = [t.lower_ for t in doc]
        text = doc.text.lower().replace("’", "'")

        def starts(i: int, phrases) -> bool:
            at = text[doc[i].idx :]
            return any(at.startswith(p) and not at[len(p) : len(p) + 1].isalnum() for p in (str(x) for x in phrases))

        def clause_end(i: int) -> int:
            j = i
            while j < len(doc) and doc[j]._.clause == doc[i]._.clause:
                j += 1
            return j

        within = int(spec["within"])
        found = []  # (start, end) of another person's clause
        told = False  # the contrast or "a different story" itself says the story is someone else's
        for t in doc:
            if t.lower_ not in relations:
                continue
            end = clause_end(t.i)
            after = range(t.i + 1, min(end, t.i + 1 + within))
            if any(starts(i, spec["after_relation"]) for i in after):
                found.append((t.i, end))
                continue
            # "my sister had EGFR, but my tests ...", "... my mum had small cell years ago. Mine is stage 4"
            nxt = next((s for s in doc.sents if s.start >= end and s.start > t.sent.start), None)
            told_after = [i for i in range(end, t.sent.end)] + ([nxt.start] if nxt is not None else [])
            if (
                t.i + 1 < len(doc)
                and lower[t.i + 1] in ("had", "was")
                and any(starts(i, spec["contrast"]) for i in told_after)
            ):
                found.append((t.i, end))
                told = True
        for s in doc.sents:
            for i in range(s.start, s.end):
                if starts(i, spec["different_story"]):
                    found.append((s.start, i))
                    told = True
        if not found:
            return set()
        inside = {i for a, b in found for i in range(a, b)}
        # someone else as well: the narrator, or a relation named outside those clauses
        markers = {str(w) for w in spec["patient_markers"]}
        if not told and not any(t.lower_ in markers | relations for t in doc if t.i not in inside):
            return set()
        return inside

    def _planned(self, span: Span, category: str, cues: Dict[str, List[Span]]) -> bool:
        plan = self.scopes["planned"]
        return (
            self._before(span, cues["PLAN_PRE"], window=plan["preceding"])
            or self._after(span, cues["PLAN_POST"], plan["following"])
            or (category == "LOCAL_TX" and self._before(span, cues["PLAN_PROC"], window=plan["procedure_preceding"]))
        )

    def _neg_window(self, span: Span) -> int:
        # "never had radiotherapy or an operation on any of them": a treatment list stays negated
        negation = self.scopes["negation"]
        return negation["preceding_local_treatment"] if span.label_ == "local_treatment" else negation["preceding"]

    def _before(self, span: Span, cues: List[Span], window: int = 0, blockers: Iterable[int] = ()) -> bool:
        window = window or self.window
        clause = span[0]._.clause
        for cue in cues:
            if cue.end <= span.start and span.start - cue.end <= window and cue[0]._.clause == clause:
                if not any(cue.end < b <= span.start for b in blockers):
                    return True
        return False

    def _after(self, span: Span, cues: List[Span], scope: int, blockers: Iterable[int] = ()) -> bool:
        """A following cue ("brain clear") speaks of the nearest site before it only, or of a list of sites
        joined by "and" or "or" ("the brain and bone scans were clear"; a comma ends the list: "2 in the liver, brain clear")."""
        clause = span[-1]._.clause
        doc = span.doc
        for cue in cues:
            if cue.start >= span.end and cue.start - span.end <= scope and cue[-1]._.clause == clause:
                # ("adrenal gland brain scan clear": an organ straight after the site is no list with it)
                if not any(
                    span.end <= b < cue.start
                    and not (b > span.end and all(t.lower_ in COORDINATION for t in doc[span.end : b]))
                    for b in blockers
                ):
                    return True
        return False


def _opens_correction(doc: Doc, cue: Span, corrections: List[List[str]]) -> bool:
    if cue.text.lower() != "no" or cue.end >= len(doc):
        return False
    if doc[cue.end].text == ",":
        return True
    following = [t.lower_ for t in doc[cue.end : cue.end + 3] if t.text != ","]
    return any(words and following[: len(words)] == words for words in corrections)


@lru_cache(maxsize=1)
def build() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("clinical_terms")
    nlp.add_pipe("clinical_context")
    return nlp
