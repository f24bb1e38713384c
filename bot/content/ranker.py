"""Which item a question asks for, learnt from the items' own example questions and titles.

bm25 (bot/content/search.py) ranks the items by the words a question shares with them; it cannot tell apart
items that share nearly all their words (the framework's categories, an item and its side effects). A
classifier trained on each item's example questions (14 or so per item, in patients' words), title, summary and
topics (bot/content/search.py `_examples`) learns which
words and word parts tell them apart. It also learns from the measured blind rounds of patients' questions
(bot/data/question_rounds/, written outside the project, each labelled with its item), and from their questions
that no item answers, as one more label (NO_ITEM): a question most like those is not answered from its common
words. Word and character n-grams with a logistic-loss linear model (`build`), trained when the index is first
asked (about 6 s on two cores for the 75 items and the rounds' 3,000 questions), so no model file has to match a
library version.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Callable, Dict, List, Optional, Sequence

NO_ITEM = "unanswerable"


@dataclass(frozen=True)
class Guess:
    item: str  # the most likely item, or NO_ITEM
    p: float  # the classifier's probability for its best label
    p2: float  # its probability for its second label (the margin between them: search.MARGIN)
    ranked: List[str]  # every item, most likely first (NO_ITEM left out)


def build():
    from sklearn.linear_model import SGDClassifier

    # Logistic loss by stochastic gradient descent, as the red-flag classifier: with the blind rounds' questions
    # (6,100 training texts) LogisticRegression(C=20) took 25 s to train and SGD 4 s, and SGD's first item was
    # right more often, each round left out in turn (rounds 1-8 at today's gate: 93.4% right against 89.1% at its
    # best gate); alpha 3e-5 and 3e-6 were worse (92.0% and 91.98% at their best gates).
    return SGDClassifier(loss="log_loss", alpha=1e-5, max_iter=50, tol=1e-4, random_state=1)


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
                self._model = build().fit(self._vectors(texts), labels)
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
        labels = [str(model.classes_[i]) for i in order]
        return Guess(labels[0], float(probs[order[0]]), float(probs[order[1]]), [x for x in labels if x != NO_ITEM])

    def warm_up(self) -> None:
        if len(self._examples) >= 2:
            self._fitted()
