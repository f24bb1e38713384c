"""Dialogue rules that keep a person from being stranded: corrections, clear goodbyes, and questions asked at
most twice. Plain Python over bot/data/dialogue.yml; the actions only translate."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, Optional

from bot.config_errors import keys, load_yaml, text_list
from bot.slots import UNKNOWN

DATA = Path(__file__).resolve().parent / "data" / "dialogue.yml"
_WORD = re.compile(r"[a-z0-9'\-]+")


@lru_cache(maxsize=1)
def rules() -> Dict[str, Any]:
    data = keys(
        load_yaml(DATA),
        DATA,
        "",
        ["max_tries", "answer_intents", "correction_cues", "goodbye_words", "forget_words", "restart_phrases"],
    )
    for key in ("answer_intents", "correction_cues", "goodbye_words", "forget_words", "restart_phrases"):
        text_list([str(w) for w in data[key]], DATA, key)
    data = dict(data)
    data["_correction"] = re.compile(r"(?<![\w'])(" + "|".join(data["correction_cues"]) + r")(?![\w'])")
    data["_goodbye"] = frozenset(str(w) for w in data["goodbye_words"])
    data["_restart"] = re.compile(r"(?<![\w'])(" + "|".join(data["restart_phrases"]) + r")(?![\w'])")
    return data


def is_correction(text: str, intent: Optional[str]) -> bool:
    return intent == "correct" or bool(rules()["_correction"].search((text or "").lower()))


def is_clear_forget_me(text: str) -> bool:
    """ "please delete this conversation", "forget me": a deletion is asked for in so many words."""
    words = set(_WORD.findall((text or "").lower()))
    return bool(words & set(rules()["forget_words"]))


def is_clear_restart(text: str) -> bool:
    """ "can we start again?", "restart": starting over is asked for in so many words."""
    return bool(rules()["_restart"].search((text or "").lower()))


def is_clear_goodbye(text: str) -> bool:
    """ "bye", "thanks, that's all for now": nothing else in it that could be an answer."""
    words = _WORD.findall((text or "").lower().replace("’", "'"))
    return bool(words) and len(words) <= 6 and all(w in rules()["_goodbye"] for w in words)


@dataclass(frozen=True)
class AnswerOutcome:
    changes: Dict[str, Any]  # slot changes, with `unknown` for a question given up on
    tries: Dict[str, int]  # answers that did not fit, per slot
    noted_unknown: Optional[str]  # the slot just recorded unknown
    ask_again: Optional[str]  # the slot to ask again, put another way


def after_answer(
    asked: Optional[str], changes: Dict[str, Any], intent: Optional[str], tries: Optional[Dict[str, int]]
) -> AnswerOutcome:
    """What an answer to the pending question does: it fits (the asked slot changed), or it is the first
    answer that did not fit (ask again, another way), or the last (note `unknown` and go on)."""
    tries = dict(tries or {})
    if not asked or asked in changes or intent not in rules()["answer_intents"]:
        return AnswerOutcome(changes, tries, None, None)
    tries[asked] = tries.get(asked, 0) + 1
    if tries[asked] >= rules()["max_tries"]:
        return AnswerOutcome(dict(changes, **{asked: UNKNOWN}), tries, asked, None)
    return AnswerOutcome(changes, tries, None, asked)
