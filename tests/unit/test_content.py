"""The content store: schema, quality gates, coverage, loading (SQLite and PostgreSQL), selection, NLU."""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
import yaml
from sqlalchemy import create_engine, text

from bot.content import ContentStore, loader, nlu, quality
from bot.content.schema import CATEGORIES, ContentError, parse
from bot.content.sources import CONTENT_DIR, EVIDENCE_FILE, sources

ROOT = Path(__file__).resolve().parents[2]
SHARED_EVIDENCE = ROOT.parent / "shared" / "spec" / "evidence.yaml"
TODAY = dt.date.today()

VALID = """---
id: {id}
title: What is SBRT?
summary: SBRT is a very precise kind of radiotherapy.
kind: treatment
topics: [radiotherapy, sbrt, sabr]
categories: [any]
sites: [lung, bone]
modalities: [radiotherapy]
questions:
  - what is {id}
  - how does {id} work
  - tell me about {id}
  - explain {id} to me
citations:
  - sabr-comet-protocol
last_reviewed: {reviewed}
reviewer: Test editor
---
{body}
"""
BODY = ("SBRT aims many beams of radiation at one spot. It is given in 1 to about 8 short sessions. "
        "Each session takes a short time. It does not hurt while it is given.")


def item_text(item_id: str = "test-sbrt", body: str = BODY, reviewed: dt.date = TODAY, **changes) -> str:
    raw = VALID.format(id=item_id, body=body, reviewed=reviewed.isoformat())
    for key, value in changes.items():
        lines = raw.splitlines()
        raw = "\n".join(f"{key}: {value}" if line.startswith(f"{key}:") else line for line in lines) + "\n"
    return raw


def write_items(folder: Path, *ids: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for item_id in ids:
        (folder / f"{item_id}.md").write_text(item_text(item_id), encoding="utf-8")
    return folder


# --- the sources ---------------------------------------------------------------------------------------

@pytest.mark.skipif(not SHARED_EVIDENCE.exists(), reason="shared/spec is not next to this checkout")
def test_evidence_copy_equals_shared_spec():
    assert EVIDENCE_FILE.read_bytes() == SHARED_EVIDENCE.read_bytes()


def test_every_source_has_a_short_label():
    labels = yaml.safe_load((CONTENT_DIR / "sources" / "labels.yml").read_text())
    assert set(labels) == set(sources())


# --- the real content passes every gate ------------------------------------------------------------------

@pytest.fixture(scope="module")
def real():
    items, errors = loader.read(CONTENT_DIR, TODAY)
    return items, errors


def test_every_content_item_passes_schema_and_quality_gates(real):
    items, errors = real
    assert items
    assert not errors, "\n".join(str(e) for e in errors)


def test_every_item_has_a_valid_citation_and_a_recent_review(real):
    items, _ = real
    for item in items:
        assert item.citations, item.id
        for c in item.citations:
            assert c.source_id in sources() or c.doi or (c.url or "").startswith("https://"), (item.id, c)
        assert TODAY - item.last_reviewed <= dt.timedelta(days=730), item.id


def test_every_patient_facing_text_is_at_most_grade_8(real):
    items, _ = real
    for item in items:
        for field in ("title", "summary", "body"):
            assert quality.grade(getattr(item, field)) <= 8, (item.id, field)


def test_no_directive_advice_anywhere(real):
    items, _ = real
    for item in items:
        for field in ("title", "summary", "body"):
            for pattern in quality.rules()["directive_phrases"]:
                assert not pattern.search(getattr(item, field)), (item.id, field, pattern.pattern)


def test_every_figure_in_a_body_is_in_a_cited_source(real):
    items, _ = real
    for item in items:
        allowed = quality.source_figures(c.source_id for c in item.citations if c.source_id)
        for field in ("title", "summary", "body"):
            assert set(quality.figures(getattr(item, field))) <= allowed, (item.id, field)


COVERAGE = [
    "what-is-oligometastatic", "what-is-oligoprogression", "what-is-oligopersistence", "how-spots-are-counted",
    "surgery-lung", "surgery-adrenal", "surgery-brain", "surgery-risks-recovery", "what-is-sbrt",
    "sbrt-side-effects", "radiosurgery-brain", "radiosurgery-side-effects", "ablation-heat", "cryoablation",
    "ablation-risks-recovery", "salvage-surgery", "oligoprogression-targeted-therapy", "multidisciplinary-team",
    "questions-to-ask-your-team", "how-referral-works", "clinical-trials", "glossary",
]


@pytest.mark.parametrize("item_id", COVERAGE + ["category-" + c.replace("_", "-") for c in CATEGORIES])
def test_coverage_of_the_topics_patients_ask_about(real, item_id):
    assert item_id in {i.id for i in real[0]}


def test_every_trial_and_guideline_in_the_evidence_is_explained(real):
    items, _ = real
    explained = {c.source_id for i in items if i.kind in ("evidence", "guideline") for c in i.citations}
    cited = {c.source_id for i in items for c in i.citations}
    # Patient-information sources (side effects, recovery) are cited by the treatment items instead.
    assert set(sources()) - cited == set()
    trials_and_guidelines = {s for s in sources() if s not in {
        "sbrt-lung-side-effects", "srs-brain", "lung-rfa", "ablation-comparison", "lung-surgery-recovery",
        "red-flags-uk", "sabr-comet-protocol"}}
    assert trials_and_guidelines - explained == set()


def test_example_questions_are_unique_across_items(real):
    assert quality.check_collection(real[0]) == []


# --- the schema names the file and the field -------------------------------------------------------------

@pytest.mark.parametrize("text, field", [
    ("no front matter\n", "front matter"),
    ("---\nid: [unclosed\n---\nbody\n", "front matter"),
    (item_text().replace("title: What is SBRT?\n", ""), "title"),
    (item_text(kind="leaflet"), "kind"),
    (item_text(categories="[oligo_something]"), "categories"),
    (item_text(sites="[kneecap]"), "sites"),
    (item_text().replace("citations:\n  - sabr-comet-protocol", "citations: []"), "citations"),
    (item_text().replace("  - sabr-comet-protocol", "  - made-up-2031"), "citations[0]"),
    (item_text().replace("  - sabr-comet-protocol", "  - {label: X, doi: not-a-doi}"), "citations[0]"),
    (item_text().replace("  - sabr-comet-protocol", "  - {label: X, url: 'http://insecure.example'}"),
     "citations[0]"),
    (item_text(last_reviewed="last spring"), "last_reviewed"),
    (item_text(id="Other_ID"), "id"),
    (item_text(id="other-id"), "id"),
    (item_text().replace("reviewer: Test editor", "reviewer: Test editor\nauthor: someone"), "author"),
    (item_text().split("---\n", 2)[0] + "---\n" + item_text().split("---\n", 2)[1] + "---\n", "body"),
])
def test_a_malformed_item_is_rejected_naming_file_and_field(text, field):
    with pytest.raises(ContentError) as e:
        parse(text, "test-sbrt.md")
    assert e.value.file == "test-sbrt.md" and e.value.field == field
    assert str(e.value).startswith(f"test-sbrt.md: {field}:")


def test_too_few_example_questions_are_rejected():
    text = item_text().replace("  - explain test-sbrt to me\n", "")
    with pytest.raises(ContentError) as e:
        parse(text, "test-sbrt.md")
    assert e.value.field == "questions"


def test_an_outside_citation_with_a_doi_is_accepted():
    item = parse(item_text().replace("  - sabr-comet-protocol",
                                     "  - {label: 'Some review', doi: '10.1000/xyz123'}"), "test-sbrt.md")
    assert item.citations[0].doi == "10.1000/xyz123" and item.citations[0].source_id is None


# --- the quality gates catch what they must ----------------------------------------------------------------

def errors_for(text: str, today: dt.date = TODAY):
    return [(e.field, e.message) for e in quality.check(parse(text, "test-sbrt.md"), today)]


def test_a_valid_item_passes_every_gate():
    assert errors_for(item_text()) == []


def test_a_figure_not_in_the_cited_source_is_refused():
    errors = errors_for(item_text(body=BODY + " It helps 73% of people."))
    assert [f for f, _ in errors] == ["body"] and "73" in errors[0][1]


def test_a_figure_from_an_uncited_source_is_refused():
    # 14.2 months is Gomez 2019; this item cites only the SABR-COMET protocol.
    assert errors_for(item_text(body=BODY + " Half were free of growth at 14.2 months."))


def test_names_that_contain_digits_are_not_figures():
    assert errors_for(item_text(body=BODY + " The salVage trial (NCT06114108) is for stage 4 cancer.")) == []


def test_directive_advice_is_refused():
    for advice in ("You should have surgery.", "You are eligible for this.", "We recommend SBRT for you.",
                   "You need an operation."):
        errors = errors_for(item_text(body=BODY + " " + advice))
        assert any("directive" in m for _, m in errors), advice


def test_hard_text_is_refused():
    hard = ("Stereotactic ablative radiotherapy necessitates sophisticated immobilisation, image-guidance "
            "methodologies and meticulous multidisciplinary treatment-planning considerations, "
            "particularly regarding dosimetric constraints applicable to radiosensitive organs.")
    assert any("grade" in m for _, m in errors_for(item_text(body=hard)))


def test_review_dates_older_than_two_years_or_in_the_future_are_refused():
    assert errors_for(item_text(reviewed=TODAY - dt.timedelta(days=731)))[0][0] == "last_reviewed"
    assert errors_for(item_text(reviewed=TODAY + dt.timedelta(days=1)))[0][0] == "last_reviewed"


# --- loading: idempotent and all or nothing -----------------------------------------------------------------

def count_items(url: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as c:
            return c.execute(text("SELECT count(*) FROM content_items")).scalar_one()
    finally:
        engine.dispose()


def test_load_is_idempotent(tmp_path):
    folder = write_items(tmp_path / "content", "item-one", "item-two")
    url = f"sqlite:///{tmp_path / 'c.db'}"
    first = loader.load(url, folder)
    second = loader.load(url, folder)
    assert first.changed and not second.changed and count_items(url) == 2
    assert ContentStore(url).all_ids() == ["item-one", "item-two"]


def test_a_failing_item_leaves_the_previous_content_in_place(tmp_path):
    folder = write_items(tmp_path / "content", "item-one", "item-two")
    url = f"sqlite:///{tmp_path / 'c.db'}"
    loader.load(url, folder)
    (folder / "item-three.md").write_text(item_text("item-three", body=BODY + " 99% of people are cured."))
    with pytest.raises(loader.ContentInvalid) as e:
        loader.load(url, folder)
    assert "item-three.md: body" in str(e.value)
    assert ContentStore(url).all_ids() == ["item-one", "item-two"]


def test_a_database_failure_mid_load_rolls_back(tmp_path, monkeypatch):
    folder = write_items(tmp_path / "content", "item-one", "item-two")
    url = f"sqlite:///{tmp_path / 'c.db'}"
    loader.load(url, folder)
    write_items(folder, "item-three")
    real_to_row = loader.to_row

    def failing(item):
        if item.id == "item-three":
            raise RuntimeError("disk full")
        return real_to_row(item)

    monkeypatch.setattr(loader, "to_row", failing)
    with pytest.raises(RuntimeError):
        loader.load(url, folder)
    assert ContentStore(url).all_ids() == ["item-one", "item-two"]


def test_an_empty_store_says_how_to_fill_it(tmp_path):
    from bot.content import ContentStoreEmpty
    with pytest.raises(ContentStoreEmpty, match="bot.content load"):
        ContentStore(f"sqlite:///{tmp_path / 'empty.db'}")


def test_cli_check_and_load_report_problems(tmp_path, capsys):
    from bot.content.__main__ import main
    folder = write_items(tmp_path / "content", "item-one")
    (folder / "item-bad.md").write_text(item_text("item-bad", kind="leaflet"))
    assert main(["check", "--dir", str(folder)]) == 1
    assert "item-bad.md: kind:" in capsys.readouterr().err
    assert main(["load", "--dir", str(folder), "--url", f"sqlite:///{tmp_path / 'c.db'}"]) == 1
    (folder / "item-bad.md").unlink()
    assert main(["load", "--dir", str(folder), "--url", f"sqlite:///{tmp_path / 'c.db'}"]) == 0


POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL")


@pytest.mark.skipif(not POSTGRES_URL and not os.environ.get("REQUIRE_POSTGRES"),
                    reason="set TEST_POSTGRES_URL (make test starts PostgreSQL and sets it)")
def test_the_real_content_loads_into_postgresql_and_reads_back(store_url):
    assert POSTGRES_URL, "REQUIRE_POSTGRES is set but TEST_POSTGRES_URL is not"
    engine = create_engine(POSTGRES_URL)
    with engine.begin() as c:
        c.execute(text("DROP TABLE IF EXISTS content_citations, content_items, content_loads"))
    engine.dispose()
    result = loader.load(POSTGRES_URL, CONTENT_DIR)
    assert result.changed and not loader.load(POSTGRES_URL, CONTENT_DIR).changed
    store = ContentStore(POSTGRES_URL)
    sqlite = ContentStore(store_url)
    assert store.all_ids() == sqlite.all_ids()
    assert store.get("what-is-sbrt").body == sqlite.get("what-is-sbrt").body
    assert store.get("what-is-sbrt").citations == sqlite.get("what-is-sbrt").citations


# --- the store picks what fits -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def store_url(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('content') / 'content.db'}"
    loader.load(url, CONTENT_DIR)
    return url


@pytest.fixture(scope="module")
def store(store_url):
    return ContentStore(store_url)


def test_assessment_content_starts_with_the_category_in_plain_words(store):
    items = store.for_assessment("synchronous_oligometastatic", ["adrenal", "bone"], ["surgery", "radiotherapy"])
    ids = [i.id for i in items]
    assert ids[0] == "category-synchronous-oligometastatic"
    assert any(store.get(i).kind in ("evidence", "guideline") for i in ids[1:])
    assert len(ids) <= 4 and len(set(ids)) == len(ids)


@pytest.mark.parametrize("category", CATEGORIES)
def test_every_category_gets_its_explainer_and_cited_content(store, category):
    items = store.for_assessment(category, ["lung"], ["surgery", "radiotherapy", "ablation"])
    assert items[0].id == "category-" + category.replace("_", "-")
    citations = store.citations(items)
    assert citations and all(c["label"] and ("doi" in c or "url" in c or "source" in c) for c in citations)


def test_oligoprogression_on_a_tablet_shows_the_oligoprogression_item(store):
    items = store.for_assessment("metachronous_oligoprogression", ["bone"], ["radiotherapy"],
                                 systemic_therapy="targeted")
    assert "oligoprogression-targeted-therapy" in [i.id for i in items]


def test_brain_spots_bring_radiosurgery_when_there_is_room(store):
    items = store.for_assessment("synchronous_oligometastatic", ["brain"], ["radiosurgery"], limit=6)
    assert "radiosurgery-brain" in [i.id for i in items]


def test_citations_carry_a_doi_or_url(store):
    payload = store.citations([store.get("evidence-gomez")])
    assert {"label": "Gomez et al., J Clin Oncol 2019", "doi": "10.1200/JCO.19.00201",
            "source": "gomez-2019"} in payload


def test_placeholders_are_filled_from_the_clinic_configuration(store):
    from bot.settings import clinic
    body = store.get("how-referral-works").body
    assert "{" not in body and clinic()["referral_contact"]["phone"] in body


@pytest.mark.parametrize("question, expected", [
    ("what is sabr radiotherapy", "what-is-sbrt"),
    ("what are the side effects of radiosurgery", "radiosurgery-side-effects"),
    ("can they freeze the spot", "cryoablation"),
    ("what did the gomez trial show", "evidence-gomez"),
    ("what is the salvage trial", "evidence-salvage-trial"),
    ("what is a multidisciplinary team", "multidisciplinary-team"),
])
def test_search_finds_the_item_a_question_is_about(store, question, expected):
    hits = store.search(question)
    assert hits and hits[0][0].id == expected, hits[:3]


@pytest.mark.parametrize("question", ["what is the weather like today", "who won the football",
                                      "can you book me a taxi", "recipe for banana bread"])
def test_search_finds_nothing_for_unrelated_questions(store, question):
    from actions.answers import SEARCH_SCORE
    hits = store.search(question)
    assert not hits or hits[0][1] < SEARCH_SCORE, hits


# --- generated NLU ----------------------------------------------------------------------------------------

def test_nlu_examples_come_from_the_items(real, tmp_path):
    items, _ = real
    nlu.write(items, tmp_path / "nlu.yml")
    data = yaml.safe_load((tmp_path / "nlu.yml").read_text())
    assert [block["intent"] for block in data["nlu"]] == ["question"]
    examples = [e[2:] for e in data["nlu"][0]["examples"].splitlines() if e.startswith("- ")]
    assert len(examples) >= 4 * len(items) * 0.9 and len(examples) == len({e.lower() for e in examples})
    assert not any(ch in e for e in examples for ch in "[](){}")
    assert nlu.example(items[0].questions[0]) in examples


def test_entity_markup_characters_are_removed_from_examples():
    example = nlu.example("what is [SBRT](thing) {x}")
    assert not set("[](){}") & set(example) and example.split() == ["what", "is", "SBRT", "thing", "x"]
