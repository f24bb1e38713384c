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


@lru_cache(maxsize=1)
def _cue_targets() -> dict:
    """Every single word of the vocabularies' phrases, from `min_length.default` letters on, by first letter."""
    from bot.reader.pipeline import term_table

    shortest = int(vocab("spelling")["min_length"]["default"])
    by_letter: dict = {}
    for entries in term_table().values():
        for phrase, _ in entries:
            for w in str(phrase).lower().split():
                if len(w) >= shortest and w.isalpha():
                    by_letter.setdefault(w[0], set()).add(w)
    return {k: sorted(v) for k, v in by_letter.items()}


_WORD = re.compile(r"(?<![\w'])([a-z]+)(?![\w'])", re.I)


def correct_words(text: str) -> str:
    """ "no treatmnt yet", "rest stabel", "evrything else ok": a typed word that is no ordinary word and one
    typo (`typo_of`) from exactly one word of the vocabularies' phrases is read as that word, so the cue
    phrases and patterns built from whole words (no treatment, trends, negation) read it too."""
    words = ordinary_words()

    def fix(m: "re.Match") -> str:
        typed = m.group(1)
        low = typed.lower()
        if low in words or len(low) < int(vocab("spelling")["min_typed_length"]):
            return typed
        # one edit only (the Matcher's FUZZY patterns allow more in drug names), and never another form of the
        # same word ("problem", "genetics", "reduce" are words, not typos of "problems", "genetic", "reduced")
        found = [
            w
            for w in _cue_targets().get(low[0], ())
            if typo_of(low, w)
            and (_swapped(low, w) or levenshtein(low, w, 1) <= 1)
            and low not in _forms(w)
            and w not in _forms(low)
        ]
        if len(found) != 1:
            return typed
        return found[0].capitalize() if typed[0].isupper() else found[0]

    return _WORD.sub(fix, text)


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


_TOKEN = re.compile(r"[\w']+|[^\w\s]")


@lru_cache(maxsize=1)
def _site_words() -> tuple:
    """(spot words, single organ words) of sites.yml, lower case."""
    sites = vocab("sites")
    spots = frozenset(str(w).lower() for w in sites["spot_words"])
    organs = frozenset(str(w).lower() for words in sites["organs"].values() for w in words if " " not in str(w))
    return spots, organs


def organ_in_context(text: str) -> str:
    """ "2 spots in the brian", "bran mets": an ordinary word that is a typo of an organ (spelling.yml `in_context`),
    read as the organ where it stands beside a site."""
    rule = vocab("spelling")["in_context"]
    typos = {str(k): str(v) for k, v in rule["words"].items()}
    if not any(t in text for t in typos):
        return text
    after = {str(w) for w in rule["after"]}
    spots, organs = _site_words()
    tokens = list(_TOKEN.finditer(text))
    out, last = [], 0
    for i, m in enumerate(tokens):
        word = m.group(0)
        if word not in typos:
            continue
        prev = tokens[i - 1].group(0).lower() if i else ""
        nxt = tokens[i + 1].group(0).lower() if i + 1 < len(tokens) else ""
        near = {t.group(0).lower() for t in tokens[max(0, i - 2) : i + 3]} - {word}
        if prev in after or nxt in spots or near & organs:
            out.append(text[last : m.start()] + typos[word])
            last = m.end()
    return "".join(out) + text[last:]
