"""The content search: SQLite FTS5 + bm25, patients' words, the confidence threshold and the quick replies."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import answering
from bot.content.search import Index, vocabulary

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def store():
    from bot.content import ContentStore

    return ContentStore()


def test_word_forms_are_one_word():
    v = vocabulary()
    assert v.normalise("metastatic") == v.normalise("metastasis") == v.normalise("mets") == "metastases"
    assert v.normalise("oligo-metastatic") == v.normalise("oligometastasis")
    assert v.normalise("ablate") == "ablation"


def test_lay_words_and_reader_vocabulary_expand_the_question():
    index = Index(
        {
            "a": {"title": ["Heat ablation"], "body": ["targeted therapy for egfr"]},
            "b": {"title": ["Surgery"], "body": ["an operation"]},
        }
    )

    def flat(text):
        return {w for g in index.groups(text) for w in g}

    assert "ablation" in flat("could they burn the spot")
    assert "surgery" in flat("keyhole op")
    assert "targeted therapy" in flat("i'm on tagrisso")  # from bot/reader/vocab/drugs.yml
    assert "bone" in flat("a spot in my spine")  # from bot/reader/vocab/sites.yml
    assert index.search("could they burn it")[0][0] == "a"


def test_stopwords_come_from_spacy_but_keep_the_words_that_matter():
    v = vocabulary()
    assert "the" in v.stopwords and "what" in v.stopwords
    assert "side" not in v.stopwords and "back" not in v.stopwords


def test_a_misspelt_word_is_read_as_the_word_the_items_use():
    index = Index({"a": {"title": ["Radiofrequency ablation"]}, "b": {"title": ["Surgery"]}})
    assert any("radiofrequency" in g for g in index.groups("radiofrequncy for the lung"))


@pytest.mark.parametrize(
    "question, expected",
    [
        ("could they burn the spot on my lung?", "ablation-heat"),
        ("what are the side effects of sbrt", "sbrt-side-effects"),
    ],
)
def test_lay_questions_find_their_item(store, question, expected):
    item, _ = store.answer(question)
    assert item is not None and item.id == expected


def test_not_confident_gives_the_closest_items(store):
    item, closest = store.answer("is it normal to feel tired after my lung radiotherapy treatment was changed")
    assert item is None or item.id
    assert len(closest) <= 2


def test_every_suggestion_button_is_answered_with_its_item(store):
    for item in store.items.values():
        payload = answering.suggestion_payload(store, item)
        assert answering.find(store, payload).item.id == item.id, (item.id, payload)


def test_a_payload_naming_an_item_answers_it(store):
    assert answering.find(store, '/question{"item":"what-is-sbrt"}').item.id == "what-is-sbrt"
    assert answering.find(store, "x", [{"entity": "item", "value": "cryoablation"}]).item.id == "cryoablation"


def test_the_index_does_not_depend_on_the_content_database(store):
    # Built from the loaded items in memory: the same search whatever database held them.
    assert store.index.db.execute("PRAGMA database_list").fetchone()[2] == ""


def test_training_the_question_classifier_leaves_the_start_method_to_the_action_server():
    # Sanic sets multiprocessing's start method when the action server starts; a library that fixed it
    # first (joblib does, through sklearn's FeatureUnion) stops the server at start.
    import subprocess
    import sys

    code = (
        "import multiprocessing as mp\n"
        "from bot.content.ranker import QuestionClassifier\n"
        "c = QuestionClassifier({'a': ['what is sbrt', 'sbrt side effects'], 'b': ['what is surgery']}, str.lower)\n"
        "c.warm_up()\n"
        "print(mp.get_start_method(allow_none=True))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "None"


def test_the_classifier_must_lead_its_second_item_by_the_margin():
    from bot.content.ranker import Guess
    from bot.content.search import ALONE, MARGIN, confident

    hits = [("a", 5.0, 1.0), ("b", 4.0, 1.0)]
    assert confident(hits, Guess("a", ALONE + 0.1, ALONE + 0.1 - MARGIN - 0.01, ["a", "b"]))
    assert not confident(hits, Guess("a", ALONE + 0.1, ALONE + 0.1 - MARGIN + 0.01, ["a", "b"]))


def test_cyberknife_reads_as_stereotactic_treatment_not_only_brain_radiosurgery():
    v = vocabulary()
    assert v.normalise("cyberknife") == "cyberknife"
    assert "stereotactic" in v.words["cyberknife"]


def test_a_number_or_an_adverb_no_item_holds_does_not_lower_coverage():
    # "exactly" is in no item; it must not weigh as the rarest word of the question (search._topic_word).
    from bot.content.search import _topic_word

    assert not _topic_word("exactly") and not _topic_word("81") and not _topic_word("2cm")
    assert _topic_word("eggs") and _topic_word("tattoo") and _topic_word("fly")
    index = Index({"a": {"title": ["What is SBRT"], "body": ["Radiotherapy."]}, "b": {"title": ["Surgery"]}})
    assert [c for d, _, c in index.scores("what is sbrt exactly") if d == "a"] == [1.0]
    assert [c for d, _, c in index.scores("what is sbrt teeth") if d == "a"][0] < 0.5
