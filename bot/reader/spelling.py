"""Misspellings of the vocabularies' words, for spaCy's Matcher `FUZZY` patterns.

spaCy's own `levenshtein_compare` allows two edits or 30% of a word, so "lever" and "live" would read as
"liver". `typo_of` is the stricter comparison the reader gives the Matcher (`fuzzy_compare`): one typo of
the kind people make on a phone (spelling.yml says which, by word length), the same first letter, and
never an ordinary English word. The ordinary words are textstat's Dale-Chall list of familiar words (a
dependency of the action server already), spaCy's English stop words, every word of the reader's
vocabularies, and spelling.yml's `ordinary_words`.
"""

from __future__ import annotations

import importlib.util
import re
from functools import lru_cache
from pathlib import Path
from typing import FrozenSet, Iterable

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.matcher.levenshtein import levenshtein

from bot.reader.pipeline import vocab


def _dale_chall() -> Iterable[str]:
    spec = importlib.util.find_spec("textstat")
    if spec is None or not spec.submodule_search_locations:
        return ()
    path = Path(list(spec.submodule_search_locations)[0]) / "resources" / "en" / "easy_words.txt"
    return path.read_text(encoding="utf-8").split() if path.exists() else ()


def _forms(word: str) -> Iterable[str]:
    yield word
    yield word + "s"
    yield word + "es"
    yield word + "d"
    yield word + "ed"
    yield word + "ing"
    if word.endswith("e"):
        yield word[:-1] + "ing"
    if word.endswith("y"):
        yield word[:-1] + "ies"
        yield word[:-1] + "ied"


@lru_cache(maxsize=1)
def ordinary_words() -> FrozenSet[str]:
    from bot.reader.pipeline import term_table

    words = {f for w in _dale_chall() for f in _forms(w.lower())}
    words |= {w.lower() for w in STOP_WORDS}
    words |= {str(w).lower() for w in vocab("spelling")["ordinary_words"]}
    for entries in term_table().values():
        for phrase, _ in entries:
            words.update(str(phrase).lower().split())
    return frozenset(words)


def _swapped(a: str, b: str) -> bool:
    """Two neighbouring letters swapped: "lvier" for "liver"."""
    if len(a) != len(b) or a == b:
        return False
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]


def typo_of(typed: str, word: str, fuzzy: int = -1) -> bool:
    """`typed` is a misspelling of the vocabulary word `word` (both lower case)."""
    rules = vocab("spelling")
    if (
        len(typed) < int(rules["min_typed_length"])
        or not typed.isalpha()
        or typed[0] != word[0]
        or abs(len(typed) - len(word)) > 2
        or typed in ordinary_words()
    ):
        return False
    if _swapped(typed, word):
        return True
    if len(word) >= int(rules["very_long"]):
        return levenshtein(typed, word, 2) <= 2
    edits = levenshtein(typed, word, 1)
    if len(word) >= int(rules["long"]):
        return edits == 1
    return edits == 1 and len(typed) != len(word)  # a letter missing or extra, not a changed letter


def min_length(category: str) -> int:
    lengths = vocab("spelling")["min_length"]
    return int(lengths.get(category, lengths["default"]))


def fuzzy_categories() -> FrozenSet[str]:
    return frozenset(vocab("spelling")["categories"])


_DROPPED_G = re.compile(r"\b([a-z]{3,})in'?(?![\w'])", re.I)


def restore_dropped_g(text: str) -> str:
    """ "shrinkin", "growin'", "startin": a word typed without its final g is read with it, when the word with
    -ing is an ordinary word and the typed one is not ("brain", "begin" stay)."""
    words = ordinary_words()

    def restore(m: "re.Match") -> str:
        typed = m.group(0)
        full = m.group(1) + "ing"
        if typed.lower().rstrip("'") in words or full.lower() not in words:
            return typed
        return full

    return _DROPPED_G.sub(restore, text)
