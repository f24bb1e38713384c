"""Lexical search over the items' titles, questions and topics: the fallback when the answer model is unsure."""
from __future__ import annotations

import math
import re
from collections import Counter
from typing import Dict, Iterable, List, Sequence, Set, Tuple

WORD = re.compile(r"[a-z0-9]+")
# Words that say nothing about which item is wanted.
STOPWORDS = frozenset("""
a about after an and any are as at be been before being but by can could did do does doing for from get got
had has have having he her him his how i if in into is it its just know like me mean means might more my no
not of on or our please really she should so some tell than that the their them then there these they this
those to too up us very was we were what when where which who why will with would you your yours it's i'm
""".split())
FIELD_WEIGHTS = {"title": 2.0, "questions": 2.0, "topics": 1.5, "summary": 1.0}
# How much the closest example question adds: it separates items that share the query's words
# ("what is SABR" versus "side effects of SABR").
QUESTION_MATCH_WEIGHT = 3.0


def stem(word: str) -> str:
    for suffix in ("ies", "ing", "es", "ed", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def terms(text: str) -> List[str]:
    return [stem(w) for w in WORD.findall(text.lower()) if w not in STOPWORDS]


class Index:
    def __init__(self, docs: Dict[str, Dict[str, Sequence[str]]]):
        """docs: id -> field -> texts."""
        self.fields: Dict[str, Dict[str, Set[str]]] = {
            doc_id: {name: {t for text in texts for t in terms(text)} for name, texts in fields.items()}
            for doc_id, fields in docs.items()}
        self.questions: Dict[str, List[Set[str]]] = {
            doc_id: [set(terms(q)) for q in fields.get("questions", ())] for doc_id, fields in docs.items()}
        df: Counter = Counter()
        for fields in self.fields.values():
            df.update(set().union(*fields.values()) if fields else set())
        n = max(len(self.fields), 1)
        self.idf = {t: math.log(1 + n / c) for t, c in df.items()}

    def search(self, text: str, limit: int = 3) -> List[Tuple[str, float]]:
        query = set(terms(text))
        # A word the content never uses ("turmeric") weighs like the rarest word: a question about
        # something the store does not cover should not ride on its common words ("lung", "cancer").
        unseen = math.log(1 + 2 * len(self.fields))
        total = sum(self.idf.get(t, unseen) for t in query) or 1.0
        scores = []
        for doc_id, fields in self.fields.items():
            score = 0.0
            for t in query:
                weight = max((FIELD_WEIGHTS.get(name, 1.0) for name, ts in fields.items() if t in ts), default=0.0)
                score += weight * self.idf.get(t, 0.0)
            if score > 0:
                closest = max((len(query & q) / math.sqrt(len(query) * len(q)) for q in self.questions[doc_id] if q),
                              default=0.0)
                words = set().union(*fields.values())
                coverage = sum(self.idf.get(t, unseen) for t in query if t in words) / total
                scores.append((doc_id, round((score + QUESTION_MATCH_WEIGHT * closest) * coverage ** 2, 3)))
        scores.sort(key=lambda s: (-s[1], s[0]))
        return scores[:limit]
