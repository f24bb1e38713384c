"""The concept rules: symptom concepts found in the text, their context, and the flags they combine into.

Data: bot/data/symptoms.yml (the lexicon) and bot/data/red_flags.yml (flags, context cues, routes). The
context follows medspaCy's ConText: each cue kind has a direction and a scope in words, and stops at the edge
of its clause. Standard library and PyYAML only: the Rasa process imports this too.
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Dict, List, Optional, Pattern, Sequence, Tuple

from bot.safety import data as safety_data

MAX_CHARS = 5000
# A phrase starts at a word's start: not inside a word, and not after "it'" ("it's" is not "s"), but after
# an opening quote ("'look after the dog for me'").
_EDGE_BEFORE = r"(?<!\w)(?<!\w')(?:"
# A phrase ends at a word's end, where "'s" may follow ("my vision's gone blurry", "his back's killing him"),
# but not another contraction ("can" is not "can't").
_EDGE_AFTER = r")(?!\w)(?!'(?!s\b))"
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_SENTENCE = re.compile(r"\.(?!\d)|[!?;\n]+")  # "over 38. it's 38.4 now": two sentences, one number


@dataclass(frozen=True)
class Mention:
    concept: str
    start: int
    end: int
    gap: Optional[Tuple[int, int]] = None  # between the two parts of a `near` mention


@dataclass
class Finding:
    """What the rules found: flags asserted now, and flags present only out of the present."""

    alerts: List[Tuple[str, str]] = field(default_factory=list)  # (flag name, reason)
    out_of_present: List[str] = field(default_factory=list)  # reasons
    # Reasons whose every concept is in the message but not asserted (negated, past, someone else's...):
    # the rules have read these very symptoms in their context, so the classifier does not overrule them.
    in_context: List[str] = field(default_factory=list)
    symptoms: List[str] = field(default_factory=list)  # symptom concepts mentioned at all
    evidence: Dict[str, str] = field(default_factory=dict)  # reason -> text that fired


def _compile(pattern: str, words: Dict[str, str]) -> Pattern:
    for _ in range(3):  # a word class may use another ("{breathless}" uses "{intens}")
        for name, value in words.items():
            pattern = pattern.replace("{" + name + "}", value)
    if "{" in pattern and re.search(r"\{[a-z_]+\}", pattern):
        raise ValueError(f"unknown word class in pattern {pattern!r}")
    return re.compile(_EDGE_BEFORE + pattern + _EDGE_AFTER)


@dataclass(frozen=True)
class _Concept:
    name: str
    terms: Tuple[Pattern, ...]
    near: Optional[Tuple[Pattern, Pattern, int]]
    qualifier: bool


@dataclass(frozen=True)
class _Rules:
    concepts: Dict[str, _Concept]
    cues: Dict[str, Tuple[str, str, int, Pattern]]  # cue set -> (kind, direction, scope, pattern)
    present: Pattern  # happening now, or at a time of today ("this morning")
    ongoing: Pattern  # happening now: "still", "right now", "I keep"
    clause_breaks: Pattern
    cancellable: Dict[str, str]  # cue set -> "any" present marker in the sentence undoes it, or only an "ongoing" one
    question_start: Pattern  # a sentence that opens as a general question
    unmarked_question: Pattern  # a message's last sentence that asks without its "?": "how is a seizure treated"
    present_followup: Pattern  # a sentence opening that makes the one before it a report: "because I just did"
    anaphora: Pattern  # a sentence opening that refers back to the symptom before it: "they're now unbearable"
    repeats: Pattern  # words that name the last sentence's symptom once more: "today I had another one"
    after_breaks: Pattern  # where a cue after the symptom stops reaching back to it
    sentence_reach: frozenset  # cue sets read to the end of the sentence, past clause edges, like `resolved`
    spellings: Dict[str, str]  # dialect and texting forms -> standard words
    spelling_words: Pattern  # any of them as a whole word ("heid's" is "heid" + "'s")
    # cue set -> words that may not stand between its cue and the symptom: "the printer at work collapsed"
    # names what collapsed; "my phone rang and he collapsed" does not
    not_between: Dict[str, Pattern] = field(default_factory=dict)
    # cue set -> an earlier time that, between the symptom and just after the cue, undoes it: "the bloods were ok at
    # clinic yesterday" was before the fever
    not_if_dated: Dict[str, Pattern] = field(default_factory=dict)
    # cue set -> the concepts for which only an ongoing marker undoes it (others: any present marker)
    ongoing_only_for: Dict[str, frozenset] = field(default_factory=dict)
    # cue sets that reach past a comma only to items dated like a list of the past ("PMH: PE 2019, seizure 2021")
    dated_lists: frozenset = frozenset()
    # words that name a person as a subject: a sentence naming one is no general question ("what do i do my wife
    # collapsed")
    people: Optional[Pattern] = None
    # red_flags.yml `someone_else`: anyone named, the writer or another (bot.safety._about), longest first
    named: Optional[Pattern] = None
    # red_flags.yml `reach`: across a sentence edge, and a resolution word said the other way round
    next_sentence_words: int = 6
    refers_back: Optional[Pattern] = None
    negation_just_before: Optional[Pattern] = None


@lru_cache(maxsize=1)
def compiled() -> _Rules:
    lexicon, flags = safety_data.lexicon(), safety_data.flags()
    words = dict(lexicon["words"])
    words.update(safety_data.drug_classes())
    specs = dict(lexicon["concepts"])
    specs.update(flags.get("timing", {}))
    concepts = {}
    for name, spec in specs.items():
        near = None
        if spec.get("near"):
            a, b = (words.get(w, w) for w in spec["near"])
            near = (_compile(a, words), _compile(b, words), int(spec.get("within", 5)))
        concepts[name] = _Concept(
            name, tuple(_compile(t, words) for t in spec.get("terms", [])), near, bool(spec.get("qualifier"))
        )
    cues, cancellable, sentence_reach, not_between, not_if_dated, dated_lists = {}, {}, set(), {}, {}, set()
    ongoing_only_for = {}
    for cue_set, spec in flags["context"].items():
        # Longest cues first, so "don't have any thoughts of" wins over "don't" at the same place (measured
        # without their lookarounds: "not(?! (stopping|…))" is still the one word "not").
        pattern = re.compile(
            _EDGE_BEFORE + "|".join(sorted(spec["cues"], key=_cue_length, reverse=True)) + r")(?![\w'])"
        )
        cues[cue_set] = (spec.get("kind", cue_set), spec["direction"], int(spec["scope"]), pattern)
        if spec.get("cancelled_by_present"):
            cancellable[cue_set] = "ongoing" if spec["cancelled_by_present"] == "ongoing" else "any"
        if spec.get("reach") == "sentence":
            sentence_reach.add(cue_set)
        if spec.get("not_between"):
            not_between[cue_set] = re.compile(_EDGE_BEFORE + "|".join(spec["not_between"]) + r")(?![\w'])")
        if spec.get("not_if_dated"):
            not_if_dated[cue_set] = re.compile(_EDGE_BEFORE + "|".join(spec["not_if_dated"]) + r")(?![\w'])")
        if spec.get("ongoing_only_for"):
            ongoing_only_for[cue_set] = frozenset(spec["ongoing_only_for"])
        if spec.get("beyond_comma") == "dated":
            dated_lists.add(cue_set)
    present = re.compile(_EDGE_BEFORE + "|".join(flags["present_markers"] + flags["recent_markers"]) + r")(?![\w'])")
    ongoing = re.compile(_EDGE_BEFORE + "|".join(flags["present_markers"]) + r")(?![\w'])")
    breaks = re.compile("|".join(flags["clause_breaks"]))
    q = flags["question_start"]
    question_start = re.compile(r"\s*(?:(?:" + "|".join(q["fillers"]) + r") )?(?:" + "|".join(q["openers"]) + r")\b")
    unmarked = re.compile(r"\s*(?:(?:" + "|".join(q["fillers"]) + r") )?(?:" + "|".join(q["unmarked_openers"]) + r") ")
    followup = re.compile(r"\s*(?:" + "|".join(flags["present_followups"]) + r")(?![\w'])")
    anaphora = re.compile(r"\s*(?:" + "|".join(flags["anaphora"]) + r")(?![\w'])")
    repeats = re.compile(_EDGE_BEFORE + "|".join(flags["repeats"]) + r")(?![\w'])")
    after_breaks = re.compile("|".join(flags["after_cue_breaks"]))
    spellings = dict(lexicon.get("spellings") or {})
    # "sittin", "mornin'": the "-ing" words the lexicon and cues spell out, for dropped-g forms (from the data
    # already loaded, not the files read again).
    raw = json.dumps([lexicon, flags])
    for word in set(re.findall(r"(?<![a-z\\])([a-z]{2,}ing)(?![a-z])", raw)):
        spellings.setdefault(word[:-1], word)
        spellings.setdefault(word[:-1] + "'", word)
    return _Rules(
        concepts,
        cues,
        present,
        ongoing,
        breaks,
        cancellable,
        question_start,
        unmarked,
        followup,
        anaphora,
        repeats,
        after_breaks,
        frozenset(sentence_reach),
        spellings,
        # Never part of a hyphenated word: "wi" is "with", but "wi-fi" is not "with-fi".
        re.compile(
            r"(?<![\w'-])(?:"
            + "|".join(map(re.escape, sorted(spellings, key=len, reverse=True)))
            + _EDGE_AFTER
            + r"(?!-\w)"
        ),
        not_between,
        not_if_dated,
        ongoing_only_for,
        frozenset(dated_lists),
        re.compile(
            r"(?<![\w'])(?:"
            # a subject: "me" and "my" ask of oneself ("could the radiosurgery give me seizures")
            + "|".join(map(re.escape, flags["someone_else"]["people"] + flags["someone_else"]["subjects"]))
            + r")(?![\w'])"
        ),
        re.compile(
            r"(?<![\w'])("
            + "|".join(
                map(
                    re.escape,
                    sorted(flags["someone_else"]["people"] + flags["someone_else"]["self"], key=len, reverse=True),
                )
            )
            + r")(?![\w'])"
        ),
        int(flags["reach"]["next_sentence_words"]),
        re.compile(r"\b(" + "|".join(map(re.escape, flags["reach"]["refers_back"])) + r")\b"),
        # "it hasn't settled": "n't" ends its word, the others stand alone
        re.compile(
            r"(?:"
            + "|".join(w if w.startswith("n'") else r"\b" + re.escape(w) for w in flags["reach"]["negating"])
            + r")(?: (?:"
            + "|".join(map(re.escape, flags["reach"]["softeners"]))
            + r"))? $"
        ),
    )


def _cue_length(cue: str) -> int:
    return len(re.sub(r"\(\?<?[!=](?:[^()]|\([^()]*\))*\)", "", cue))


class _Text:
    """The message with its token offsets, sentences and clauses, for distances in words."""

    def __init__(self, text: str, breaks: Pattern):
        self.text = text
        self.token_starts = [m.start() for m in _TOKEN.finditer(text)]
        self.sentences = _spans(text, _SENTENCE)
        self.clauses = _spans(text, breaks)
        self.symptom_spans: List[Tuple[int, int]] = []

    def inside_symptom(self, start: int, end: int, mention: "Mention") -> bool:
        return any(a <= start and end <= b and (b <= mention.start or a >= mention.end) for a, b in self.symptom_spans)

    def token(self, offset: int) -> int:
        return bisect.bisect_right(self.token_starts, offset)

    def words_between(self, a: int, b: int) -> int:
        return abs(self.token(b) - self.token(a))

    @staticmethod
    def _containing(spans: List[Tuple[int, int]], offset: int) -> Tuple[int, int]:
        for a, b in spans:
            if a <= offset < b:
                return a, b
        return spans[-1] if spans else (0, 0)

    def clause(self, offset: int) -> Tuple[int, int]:
        return self._containing(self.clauses, offset)

    def sentence(self, offset: int) -> Tuple[int, int]:
        return self._containing(self.sentences, offset)

    def next_sentence(self, offset: int) -> Tuple[int, int]:
        for a, b in self.sentences:
            if a > offset:
                return a, b
        return len(self.text), len(self.text)


def _spans(text: str, pattern: Pattern) -> List[Tuple[int, int]]:
    spans, start = [], 0
    for m in pattern.finditer(text):
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans or [(0, len(text))]


def normalise(text: str) -> str:
    text = (text or "")[:MAX_CHARS].lower()
    text = re.sub(r"[’‘`´]", "'", text).replace("\u00a0", " ")
    rules = compiled()
    return rules.spelling_words.sub(lambda m: rules.spellings[m.group(0)], text)


def mentions(text: str, doc: Optional[_Text] = None) -> List[Mention]:
    rules = compiled()
    doc = doc or _Text(text, rules.clause_breaks)
    found: List[Mention] = []
    for concept in rules.concepts.values():
        for pattern in concept.terms:
            found.extend(Mention(concept.name, m.start(), m.end()) for m in pattern.finditer(text))
        if concept.near:
            a_pat, b_pat, within = concept.near
            for s_start, s_end in doc.sentences:
                sentence = text[s_start:s_end]
                a_hits = [(m.start() + s_start, m.end() + s_start) for m in a_pat.finditer(sentence)]
                if not a_hits:
                    continue
                b_hits = [(m.start() + s_start, m.end() + s_start) for m in b_pat.finditer(sentence)]
                # "…about my headaches. They're now unbearable": the second part in the next sentence, when
                # it opens by referring back; read in that sentence's context.
                n_start, n_end = doc.next_sentence(s_end - 1)
                if rules.anaphora.match(text[n_start:n_end]):
                    after = text[n_start:n_end]
                    found.extend(
                        Mention(concept.name, m.start() + n_start, m.end() + n_start)
                        for m in b_pat.finditer(after)
                        if doc.words_between(n_start, m.start() + n_start) <= concept.near[2]
                    )
                for a in a_hits:
                    for b in b_hits:
                        first, second = (a, b) if a[0] <= b[0] else (b, a)
                        if first[1] <= second[0] and doc.words_between(first[1], second[0]) <= within:
                            found.append(Mention(concept.name, first[0], second[1], (first[1], second[0])))
    return found + _repeated(text, doc, found, rules)


def _repeated(text: str, doc: "_Text", found: List[Mention], rules: "_Rules") -> List[Mention]:
    """The symptoms of a sentence named once more in the next one ("…Today I had another one"); not in a
    question ("…will it happen again?"), which asks about the future."""
    out: List[Mention] = []
    for (p_start, p_end), (s_start, s_end) in zip(doc.sentences, doc.sentences[1:], strict=False):
        if "?" in text[s_end : s_end + 2]:
            continue
        before = {m.concept for m in found if p_start <= m.start < p_end and not rules.concepts[m.concept].qualifier}
        for m in rules.repeats.finditer(text, s_start, s_end):
            out.extend(Mention(concept, m.start(), m.end()) for concept in sorted(before))
    return out


def context_of(mention: Mention, doc: _Text) -> Tuple[set, int]:
    """The context kinds that apply to a mention (negated, historical, resolved, hypothetical, question,
    other_history, mild), and how many words before it the nearest negation cue stands (for a flag with a
    narrower negation scope of its own)."""
    rules = compiled()
    text = doc.text
    kinds, cancellable, cancellable_ongoing = set(), set(), set()
    negation_distance = 10**6
    c_start, c_end = doc.clause(mention.start)
    s_start, s_end = doc.sentence(mention.start)

    def hit(kind: str, cue_set: str) -> None:
        mode = rules.cancellable.get(cue_set)
        if mode == "ongoing" and mention.concept not in rules.ongoing_only_for.get(cue_set, frozenset()):
            mode = "any"
        (cancellable if mode == "any" else cancellable_ongoing if mode == "ongoing" else kinds).add(kind)

    for cue_set, (kind, direction, scope, pattern) in rules.cues.items():
        if cue_set == "conditional":
            # "if I get a fever", not "if it matters, my dad is coughing blood": no comma between.
            for m in _cues_before(pattern, text, c_start, c_end, mention):
                end = min(m.end(), mention.start)
                if "," not in text[end : mention.start] and doc.words_between(end, mention.start) <= scope:
                    hit(kind, cue_set)
            continue
        if kind == "resolved" or cue_set in rules.sentence_reach:
            n_start, n_end = doc.next_sentence(mention.end)
            later = [
                m
                for m in pattern.finditer(text, mention.end, s_end)
                if _ends_or_settles(text, m, doc, mention)
                and not (
                    cue_set in rules.not_if_dated
                    and rules.present.search(text, s_start, s_end)
                    and rules.not_if_dated[cue_set].search(text, mention.end, min(s_end, m.end() + 40))
                )
            ]
            # The next sentence only when it opens by saying so ("…fainted on the bus. Fine now though", "…The
            # team checked and it's settled"): "…constantly thirsty. Had her calcium high once before in 2024 and
            # they gave her a drip" is about the earlier time.
            opening = [
                m
                for m in pattern.finditer(text, n_start, min(n_end, n_start + 80))
                if doc.words_between(n_start, m.start()) <= rules.next_sentence_words
            ]
            if any(doc.words_between(mention.end, m.start()) <= scope for m in later) or (
                any(_ends_or_settles(text, m, doc, mention) for m in opening)
            ):
                hit(kind, cue_set)
            continue
        if kind in ("hypothetical", "other_history"):
            a, b = (s_start, s_end) if kind == "other_history" else (c_start, c_end)
            for m in pattern.finditer(text[a:b]):
                cue_start, cue_end = m.start() + a, m.end() + a
                if direction == "before" and cue_end > mention.start:
                    continue
                gap = (cue_end, mention.start) if cue_end <= mention.start else (mention.end, cue_start)
                if cue_set in rules.not_between and rules.not_between[cue_set].search(text, *gap):
                    continue
                distance = (
                    doc.words_between(cue_end, mention.start)
                    if cue_end <= mention.start
                    else doc.words_between(mention.end, cue_start)
                )
                if distance <= scope:
                    hit(kind, cue_set)
            continue
        if direction in ("before", "either"):
            for m in _cues_before(pattern, text, c_start, c_end, mention):
                distance = doc.words_between(min(m.end(), mention.start), mention.start)
                if kind == "negated" and doc.inside_symptom(m.start(), m.end(), mention):
                    continue
                gap = (min(m.end(), mention.start), mention.start)
                if cue_set in rules.not_between and rules.not_between[cue_set].search(text, *gap):
                    continue  # "pmh copd now cant breathe", "hx of brain mets presenting with new seizure"
                if (
                    cue_set in rules.dated_lists
                    and "," in text[gap[0] : gap[1]]
                    and not _DATED.match(text, mention.end)
                ):
                    continue  # "hx lung ca w brain mets, seizures x3 today": past the comma, only dated items
                if distance <= scope:
                    hit(kind, cue_set)
                    if kind == "negated":
                        negation_distance = min(negation_distance, distance)
        if direction in ("after", "either"):
            for m in pattern.finditer(text[mention.end : c_end]):
                if rules.after_breaks.search(text[mention.end : mention.end + m.start()]):
                    continue  # "…keeps retching, he had SRS last month": the cue is the later clause's
                if kind == "negated" and doc.inside_symptom(mention.end + m.start(), mention.end + m.end(), mention):
                    continue
                if doc.words_between(mention.end, mention.end + m.start()) <= scope:
                    hit(kind, cue_set)
                    if kind == "negated":
                        negation_distance = 0
        if kind == "negated" and mention.gap and pattern.search(text[mention.gap[0] : mention.gap[1]]):
            hit(kind, cue_set)
            negation_distance = 0
    if _is_question(text, s_start, s_end):
        cancellable.add("question")
    # A present marker undoes the weaker cues: "is it normal that I'm coughing blood since this morning?",
    # "my cousin is fitting on the floor right now".
    n_start, n_end = doc.next_sentence(s_end - 1)
    following = text[n_start:n_end] if n_start >= s_end else ""
    if not (
        rules.present.search(text[s_start:s_end])
        or rules.present_followup.match(following)
        # "Is it normal to cough up blood after SABR? I've filled two tissues with it tonight": the next
        # sentence says it is happening now and points back to it
        or ("?" in text[s_end : s_end + 2] and rules.present.search(following) and rules.refers_back.search(following))
    ):
        kinds |= cancellable | cancellable_ongoing
    elif not (rules.ongoing.search(text[s_start:s_end]) or rules.present_followup.match(following)):
        # "had a funny turn this morning, paramedics checked him over": seen since, earlier today
        kinds |= cancellable_ongoing
    return kinds, negation_distance


# A list item of the past history is dated: "…, seizure 2022", "…, fit (2021)", "…, PE in 03/2019".
_DATED = re.compile(r"[\s(]*(?:in |on |of )?(?:(?:\d{1,2}/)?(?:19|20)\d\d|'\d\d)\b")


def _ends_or_settles(text: str, m: re.Match, doc: _Text, mention: Mention) -> bool:
    """Whether a cue after a symptom says it is over: not under a negation, and not part of another symptom's
    own words ("my bowels have stopped" is constipation, not something that stopped)."""
    if compiled().negation_just_before.search(text[max(0, m.start() - 24) : m.start()]):
        return False
    return not doc.inside_symptom(m.start(), m.end(), mention)


def _cues_before(pattern: Pattern, text: str, c_start: int, c_end: int, mention: Mention) -> List[re.Match]:
    """Cues that begin before the mention in its clause. They are matched in the whole clause, so that a cue's
    lookahead sees the words after it ("never had a fit before" is no negation) and a cue may run into the
    symptom's words ("afraid of having a fit")."""
    return [m for m in pattern.finditer(text, c_start, c_end) if m.start() < mention.start]


def _is_question(text: str, s_start: int, s_end: int) -> bool:
    """A sentence that asks in general ("does radiotherapy cause seizures?")."""
    tail = text[s_end : s_end + 2]
    sentence = text[s_start:s_end]
    if "?" in tail:
        return compiled().question_start.match(sentence) is not None
    # Typed without its "?" ("is a bit of blood in phlegm ever normal"): only as the message's last words, and only
    # about no one ("what do i do my wife collapsed" reports).
    rules = compiled()
    return (
        not text[s_end:].strip()
        and rules.unmarked_question.match(sentence) is not None
        and not rules.people.search(sentence)
    )


DEMOTING = ("negated", "historical", "resolved", "hypothetical", "question", "other_history")


def find(text: str) -> Finding:
    rules = compiled()
    flags = safety_data.flags()["flags"]
    text = normalise(text)
    finding = Finding()
    if not text.strip():
        return finding
    doc = _Text(text, rules.clause_breaks)
    by_concept: Dict[str, List[Tuple[Mention, Tuple[set, int]]]] = {}
    found = mentions(text, doc)
    # "not making sense", "doesn't know what day it is": a negation inside a symptom's own words negates
    # nothing else ("…not making sense, and drinking loads").
    doc.symptom_spans = [(m.start, m.end) for m in found if not rules.concepts[m.concept].qualifier]
    for mention in found:
        by_concept.setdefault(mention.concept, []).append((mention, context_of(mention, doc)))
    finding.symptoms = sorted(c for c in by_concept if not rules.concepts[c].qualifier)

    def state(
        concept: str, ignore: Sequence[str], negation_scope: Optional[int]
    ) -> Tuple[Optional[Mention], bool, bool]:
        """(an asserted mention, whether any mention is only out of the present, all asserted ones mild)"""
        items = by_concept.get(concept, [])
        qualifier = rules.concepts[concept].qualifier
        asserted, out_of_present, mild = None, False, True
        for mention, (kinds, negation_distance) in items:
            if negation_scope is not None and negation_distance > negation_scope:
                kinds = kinds - {"negated"}
            demoting = {"negated"} if qualifier else set(DEMOTING) - set(ignore)
            hit = kinds & demoting
            if not hit:
                asserted = asserted or mention
                mild = mild and "mild" in kinds
            elif not hit & {"negated", "other_history"}:
                out_of_present = True
        return asserted, out_of_present, (mild if asserted else False)

    def combo_state(combo: Sequence[str], spec: dict) -> Tuple[bool, bool, Optional[Mention], bool]:
        states = [state(c, spec.get("ignore", []), spec.get("negation_scope")) for c in combo]
        all_asserted = all(s[0] for s in states)
        near_miss = all(s[0] or s[1] for s in states) and any(s[1] and not s[0] for s in states)
        anchor = next((s[0] for c, s in zip(combo, states, strict=True) if not rules.concepts[c].qualifier), None)
        mild = any(s[2] for c, s in zip(combo, states, strict=True) if not rules.concepts[c].qualifier)
        return all_asserted, near_miss, anchor, mild

    for name, spec in flags.items():
        reason = spec.get("reason", name)
        symptoms = {c for combo in spec["when"] for c in combo if not rules.concepts[c].qualifier}
        seen = [c for c in symptoms if c in by_concept]
        if (
            seen
            and not any(state(c, spec.get("ignore", []), spec.get("negation_scope"))[0] for c in seen)
            and reason not in finding.in_context
        ):
            finding.in_context.append(reason)
        if reason not in finding.in_context and any(combo_state(c, spec)[0] for c in spec.get("absent_when", [])):
            finding.in_context.append(reason)  # "the thermometer says 37.0": read as no fever
        fired, near_miss = None, False
        for combo in spec["when"]:
            ok, miss, anchor, mild = combo_state(combo, spec)
            if ok and mild and spec.get("mild"):
                near_miss = True
                continue
            if ok:
                fired = anchor
                break
            near_miss = near_miss or miss
        if (
            fired is not None
            and any(combo_state(c, spec)[0] for c in spec.get("unless", []))
            and not any(combo_state(c, spec)[0] for c in spec.get("unless_overridden_by", []))
        ):
            fired = None
        if fired is not None:
            if not any(r == reason for _, r in finding.alerts):
                finding.alerts.append((name, reason))
                finding.evidence[reason] = text[fired.start : fired.end]
        elif near_miss and reason not in finding.out_of_present:
            finding.out_of_present.append(reason)
    alerted = {r for _, r in finding.alerts}
    finding.out_of_present = [r for r in finding.out_of_present if r not in alerted]
    finding.in_context = [r for r in finding.in_context if r not in alerted]
    return finding
