"""Urgent symptoms in any message: which red flag (framework.md §8), how urgent, and what to do now.

A small engine over bot/data/red_flags.yml (standard library and PyYAML only: the Rasa process and the
action server both import it). A flag fires when each of its pattern groups matches the message and its
first group is asserted: not negated ("no fever"), not past or resolved ("I used to get breathless but
I'm fine now"), not hypothetical or a question about side effects ("can radiotherapy make me cough?").
Cues act within their clause, in the manner of NegEx/ConText.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Optional, Pattern, Tuple

import yaml

DATA = Path(__file__).resolve().parent / "data" / "red_flags.yml"
MAX_CHARS = 5000
# Clause boundaries for context cues: sentence ends, semicolons, and words that turn the sense.
_CLAUSE_SPLIT = re.compile(r"[.!?;\n]+|,?\s+\b(?:but|however|although|though|yet|whereas|now)\b|,\s+(?=i\b|i'|it\b|it')")


@dataclass(frozen=True)
class Alert:
    level: str
    reason: str
    evidence: str


@dataclass(frozen=True)
class _Flag:
    reason: str
    level: str
    groups: Tuple[Tuple[Pattern, ...], ...]


@lru_cache(maxsize=1)
def _rules() -> Tuple[List[_Flag], Dict[str, Pattern], Dict[str, Any]]:
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    terms = data["terms"]

    def compile_(pattern: str) -> Pattern:
        for name, value in terms.items():
            pattern = pattern.replace("{" + name + "}", value)
        return re.compile(r"(?<![\w'])" + pattern)

    flags = [_Flag(spec.get("reason", name), spec["level"],
                   tuple(tuple(compile_(p) for p in group) for group in spec["all"]))
             for name, spec in data["flags"].items()]
    cues = {kind: re.compile(r"(?<![\w'])(" + "|".join(words) + r")(?![\w'])")
            for kind, words in data["context"].items()}
    return flags, cues, data


def _clauses(text: str) -> List[Tuple[int, int]]:
    spans, start = [], 0
    for m in _CLAUSE_SPLIT.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if b > a]


def _asserted(text: str, start: int, end: int, clauses: List[Tuple[int, int]], cues: Dict[str, Pattern]) -> bool:
    for i, (a, b) in enumerate(clauses):
        if a <= start < b or (start < a and end > a):
            before, after = text[a:start], text[end:b]
            if cues["negation"].search(before[-60:]) or cues["past"].search(before) or cues["past"].search(after):
                return False
            if cues["hypothetical"].search(before[-60:]) and _is_question_or_condition(text, a, b, before):
                return False
            following = text[clauses[i + 1][0]:clauses[i + 1][1]] if i + 1 < len(clauses) else ""
            if cues["resolved"].search(after) or cues["resolved"].search(following[:60]):
                return False
            return True
    return True


def _is_question_or_condition(text: str, a: int, b: int, before: str) -> bool:
    """"if I cough blood", "can radiotherapy make me cough?": a condition or a question, not a report."""
    sentence_end = text[b:b + 2]
    starts_conditional = re.match(r"\s*(if|what if|in case|whether)\b", before) is not None
    return starts_conditional or "?" in sentence_end or text[a:b].rstrip().endswith("?") or re.search(
        r"\b(if|what if|in case|worried|afraid|scared|risk|chance|side effect)", before) is not None


def detect_all(text: str) -> List[Alert]:
    flags, cues, _ = _rules()
    text = (text or "")[:MAX_CHARS].lower().replace("’", "'")
    if not text.strip():
        return []
    clauses = _clauses(text)
    alerts: List[Alert] = []
    for flag in flags:
        evidence = None
        for pattern in flag.groups[0]:
            for m in pattern.finditer(text):
                if _asserted(text, m.start(), m.end(), clauses, cues):
                    evidence = m.group(0)
                    break
            if evidence:
                break
        if evidence and all(any(p.search(text) for p in group) for group in flag.groups[1:]):
            if not any(a.reason == flag.reason for a in alerts):
                alerts.append(Alert(flag.level, flag.reason, evidence))
    levels = _rules()[2]["levels"]
    return sorted(alerts, key=lambda a: -levels[a.level])


def detect(text: str) -> Optional[Alert]:
    """The most severe alert in the message, or None."""
    alerts = detect_all(text)
    return alerts[0] if alerts else None


def advice(alert: Alert, clinic: Dict[str, Any]) -> str:
    texts = _rules()[2]["advice"]
    template = texts[alert.level] if alert.level == "crisis" else (
        texts[alert.level].get(alert.reason) or texts[alert.level]["default"])
    values = {
        "emergency_number": clinic["emergency_number"],
        "acute_name": clinic["acute_oncology_line"]["name"], "acute_phone": clinic["acute_oncology_line"]["phone"],
        "crisis_name": clinic["crisis_line"]["name"], "crisis_phone": clinic["crisis_line"]["phone"],
        "crisis_hours": clinic["crisis_line"].get("hours", ""),
    }
    return template.strip().format(**values) + "\n\n" + texts["closing"]
