"""The safety layer's data files, checked when they load (unknown keys, unknown concepts, missing routes)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict

from bot.config_errors import ConfigError, keys, load_yaml, text, text_list

DATA = Path(__file__).resolve().parent.parent / "data"
LEXICON = DATA / "symptoms.yml"
FLAGS = DATA / "red_flags.yml"
EXAMPLES = DATA / "red_flag_examples.yml"
# The blind rounds from round 2 on (written outside the project from the specs, kept unedited): regression sets
# for the tests and, once measured, more training messages for the classifier in voices nobody here wrote.
ROUNDS = DATA / "red_flag_rounds"
DRUGS = Path(__file__).resolve().parent.parent / "reader" / "vocab" / "drugs.yml"

_CONCEPT_KEYS = {"terms", "near", "within", "qualifier"}
_FLAG_KEYS = {
    "reason",
    "level",
    "route",
    "plain",
    "when",
    "unless",
    "unless_overridden_by",
    "ignore",
    "mild",
    "negation_scope",
    "absent_when",
}
_CONTEXT_KINDS = {"negated", "historical", "resolved", "hypothetical", "question", "other_history", "mild"}


def _load(path: Path) -> Any:
    return load_yaml(path)


def _regexes(patterns: Any, path: Path, key: str) -> None:
    for p in text_list(patterns, path, key):
        try:
            re.compile(re.sub(r"\{[a-z_]+\}", "x", p))
        except re.error as e:
            raise ConfigError(path, key, f"bad pattern {p!r}: {e}") from e


@lru_cache(maxsize=1)
def drug_classes() -> Dict[str, str]:
    """Word classes of drug names from the reader's vocabulary: one list of drug names for the project."""
    spec = keys(_load(LEXICON), LEXICON, "", ["words", "concepts"], ["drugs", "spellings"]).get("drugs") or {}
    drugs = _load(DRUGS)
    out = {}
    for word, drug_class in spec.items():
        if drug_class not in drugs:
            raise ConfigError(LEXICON, f"drugs.{word}", f"{drug_class!r} is not a class of {DRUGS.name}")
        names = sorted(drugs[drug_class], key=len, reverse=True)
        out[word] = "(" + "|".join(re.escape(str(n)).replace("\\-", "[- ]?") for n in names) + ")"
    return out


@lru_cache(maxsize=1)
def lexicon() -> Dict[str, Any]:
    data = keys(_load(LEXICON), LEXICON, "", ["words", "concepts"], ["drugs", "spellings"])
    for name, value in (data.get("spellings") or {}).items():
        if not re.fullmatch(r"[a-z']+", str(name)):
            raise ConfigError(LEXICON, f"spellings.{name}", "must be one lower-case word")
        text(value, LEXICON, f"spellings.{name}")
    for name, value in data["words"].items():
        text(value, LEXICON, f"words.{name}")
    for name, spec in data["concepts"].items():
        _concept(spec, LEXICON, f"concepts.{name}")
    return data


def _concept(spec: Any, path: Path, key: str) -> None:
    keys(spec, path, key, [], _CONCEPT_KEYS)
    if not spec.get("terms") and not spec.get("near"):
        raise ConfigError(path, key, "needs `terms` or `near`")
    if spec.get("terms"):
        _regexes(spec["terms"], path, f"{key}.terms")
    if spec.get("near") is not None and (not isinstance(spec["near"], list) or len(spec["near"]) != 2):
        raise ConfigError(path, f"{key}.near", "must name two word classes or patterns")


@lru_cache(maxsize=1)
def flags() -> Dict[str, Any]:
    data = keys(
        _load(FLAGS),
        FLAGS,
        "",
        [
            "levels",
            "flags",
            "context",
            "present_markers",
            "recent_markers",
            "clause_breaks",
            "after_cue_breaks",
            "present_followups",
            "anaphora",
            "repeats",
            "routes",
            "advice",
            "safety_net",
            "urgent_card",
            "question_start",
            "reach",
            "someone_else",
        ],
        ["timing"],
    )
    concepts = set(lexicon()["concepts"])
    for name, spec in (data.get("timing") or {}).items():
        _concept(spec, FLAGS, f"timing.{name}")
        concepts.add(name)
    levels = text_list(data["levels"], FLAGS, "levels")
    routes = data["routes"]
    for name, route in routes.items():
        keys(route, FLAGS, f"routes.{name}", ["call", "phone"])
    for name, spec in data["flags"].items():
        key = f"flags.{name}"
        keys(spec, FLAGS, key, ["level", "route", "plain", "when"], _FLAG_KEYS)
        if spec["level"] not in levels:
            raise ConfigError(FLAGS, f"{key}.level", f"{spec['level']!r} is not one of {levels}")
        if spec["route"] not in routes:
            raise ConfigError(FLAGS, f"{key}.route", f"{spec['route']!r} is not a route")
        for part in ("when", "unless", "unless_overridden_by", "absent_when"):
            for combo in spec.get(part, []):
                for concept in text_list(combo, FLAGS, f"{key}.{part}"):
                    if concept not in concepts:
                        raise ConfigError(FLAGS, f"{key}.{part}", f"unknown concept {concept!r}")
        for kind in spec.get("ignore", []):
            if kind not in _CONTEXT_KINDS:
                raise ConfigError(FLAGS, f"{key}.ignore", f"unknown context kind {kind!r}")
        if not any(k in data["advice"] for k in (name, spec.get("reason", name), spec["level"])):
            raise ConfigError(FLAGS, f"advice.{name}", "no advice for this flag or its level")
    for name, spec in data["context"].items():
        key = f"context.{name}"
        keys(
            spec,
            FLAGS,
            key,
            ["direction", "scope", "cues"],
            [
                "kind",
                "cancelled_by_present",
                "reach",
                "not_between",
                "not_if_dated",
                "beyond_comma",
                "ongoing_only_for",
            ],
        )
        if spec.get("cancelled_by_present", False) not in (True, False, "ongoing"):
            raise ConfigError(FLAGS, f"{key}.cancelled_by_present", "must be true, false or ongoing")
        if spec.get("reach", "clause") not in ("clause", "sentence"):
            raise ConfigError(FLAGS, f"{key}.reach", "must be clause or sentence")
        if spec.get("kind", name) not in _CONTEXT_KINDS:
            raise ConfigError(FLAGS, f"{key}.kind", f"unknown context kind {spec.get('kind', name)!r}")
        if spec["direction"] not in ("before", "after", "either"):
            raise ConfigError(FLAGS, f"{key}.direction", "must be before, after or either")
        _regexes(spec["cues"], FLAGS, f"{key}.cues")
        _regexes(spec.get("not_between", []), FLAGS, f"{key}.not_between")
        _regexes(spec.get("not_if_dated", []), FLAGS, f"{key}.not_if_dated")
        text_list(spec.get("ongoing_only_for", []), FLAGS, f"{key}.ongoing_only_for")
        if spec.get("beyond_comma", "dated") != "dated":
            raise ConfigError(FLAGS, f"{key}.beyond_comma", "must be dated")
    _regexes(data["present_markers"], FLAGS, "present_markers")
    _regexes(data["recent_markers"], FLAGS, "recent_markers")
    _regexes(data["clause_breaks"], FLAGS, "clause_breaks")
    _regexes(data["present_followups"], FLAGS, "present_followups")
    _regexes(data["after_cue_breaks"], FLAGS, "after_cue_breaks")
    _regexes(data["anaphora"], FLAGS, "anaphora")
    _regexes(data["repeats"], FLAGS, "repeats")
    reach = keys(data["reach"], FLAGS, "reach", ["next_sentence_words", "refers_back", "negating", "softeners"])
    if not isinstance(reach["next_sentence_words"], int) or reach["next_sentence_words"] < 0:
        raise ConfigError(FLAGS, "reach.next_sentence_words", "must be a whole number of words")
    for part in ("refers_back", "negating", "softeners"):
        text_list(reach[part], FLAGS, f"reach.{part}")
    other = keys(data["someone_else"], FLAGS, "someone_else", ["people", "self", "subjects", "advice"])
    for part in ("people", "self", "subjects"):
        text_list(other[part], FLAGS, f"someone_else.{part}")
    for name, value in other["advice"].items():
        if name not in data["advice"]:
            raise ConfigError(FLAGS, f"someone_else.advice.{name}", "replaces no advice of the flags")
        text(value, FLAGS, f"someone_else.advice.{name}")
    keys(data["urgent_card"], FLAGS, "urgent_card", ["title", "intro", "closing", "order"])
    keys(data["question_start"], FLAGS, "question_start", ["fillers", "openers", "unmarked_openers"])
    for part in ("fillers", "openers", "unmarked_openers"):
        _regexes(data["question_start"][part], FLAGS, f"question_start.{part}")
    for route in data["urgent_card"]["order"]:
        if route not in routes:
            raise ConfigError(FLAGS, "urgent_card.order", f"{route!r} is not a route")
    return data


def reasons() -> list:
    """The alert codes the rules can give (framework.md §8, plus radiation_pneumonitis)."""
    out = []
    for name, spec in flags()["flags"].items():
        reason = spec.get("reason", name)
        if reason not in out:
            out.append(reason)
    return out


@lru_cache(maxsize=1)
def examples() -> Dict[str, Any]:
    """The classifier's training examples: urgent ones per reason, calm ones."""
    data = keys(_load(EXAMPLES), EXAMPLES, "", ["urgent", "calm"])
    known = set(reasons())
    for reason, texts in data["urgent"].items():
        if reason not in known:
            raise ConfigError(EXAMPLES, f"urgent.{reason}", "is not a red-flag reason")
        text_list(texts, EXAMPLES, f"urgent.{reason}")
    text_list(data["calm"], EXAMPLES, "calm")
    return data


@lru_cache(maxsize=1)
def blind_rounds() -> Dict[str, Any]:
    """The measured blind rounds as one training set shaped like `examples()`: urgent per reason, calm."""
    known = set(reasons())
    urgent: Dict[str, list] = {}
    calm: list = []
    for path in sorted(ROUNDS.glob("round*.yml")):
        data = keys(_load(path), path, "", ["red", "calm"])
        for i, case in enumerate(data["red"]):
            keys(case, path, f"red[{i}]", ["text", "reason", "level"])
            if case["reason"] not in known:
                raise ConfigError(path, f"red[{i}].reason", f"{case['reason']!r} is not a red-flag reason")
            urgent.setdefault(case["reason"], []).append(text(case["text"], path, f"red[{i}].text"))
        for i, case in enumerate(data["calm"]):
            keys(case, path, f"calm[{i}]", ["text", "why"])
            calm.append(text(case["text"], path, f"calm[{i}].text"))
    return {"urgent": urgent, "calm": calm}
