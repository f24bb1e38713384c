"""One name per concept (issue 17): the contract's slots and categories are written once, in bot/slots.py, and
the Rasa domain, the content schema and the framework agree with that list."""

import re
from pathlib import Path

import pytest
import yaml

from bot import explain, organs, slots, summary
from bot.config_errors import ConfigError
from bot.content import schema, store
from bot.framework import MODALITY_OF, SITE_TREATMENTS, assess

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = ROOT / "domain"


def _domain():
    merged = {"slots": {}, "forms": {}}
    for path in DOMAIN.glob("*.yml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        merged["slots"].update(data.get("slots") or {})
        merged["forms"].update(data.get("forms") or {})
    return merged


def test_every_contract_slot_is_a_domain_slot_and_the_form_asks_them_in_order():
    domain = _domain()
    assert set(slots.ALL_SLOTS) <= set(domain["slots"])
    assert domain["forms"]["situation_form"]["required_slots"] == slots.SITUATION_SLOTS


def test_categories_are_one_list():
    assert schema.CATEGORIES is slots.CATEGORIES
    assert len(set(slots.CATEGORIES)) == 13


def test_modality_families_are_one_table():
    assert store.FAMILY is MODALITY_OF


# --- organ words: bot/data/organs.yml (bot/organs.py) ----------------------------------------------------------


def test_every_organ_of_the_contract_and_every_treatment_site_has_its_words():
    from bot.reader.pipeline import vocab

    assert set(vocab("sites")["organs"]) == set(slots.ORGANS), "the reader reads exactly the contract's organs"
    words = organs.organs()
    assert set(slots.ORGANS) | set(SITE_TREATMENTS) == set(words)
    for site in words:
        assert organs.name(site).strip() and organs.phrase(site).strip(), site
        assert organs.name(site) in organs.phrase(site), site  # the phrase is the name with its article


def test_the_summary_and_the_assessment_say_each_organ_with_those_words():
    for organ in slots.ORGANS:
        lines = summary.understood({"metastasis_organs": [organ]})
        assert f"The spots are in {organs.phrase(organ)}." in lines, (organ, lines)
    facts = dict(
        histology="nsclc",
        stage="4",
        metastasis_count=3,
        brain_metastasis_count=1,
        metastasis_organs=["adrenal", "liver"],
        malignant_effusion=False,
        previously_widespread=False,
        previous_local_treatment_for_metastases=False,
        months_since_diagnosis=0,
    )
    a = assess(facts)
    assert set(a.treatments_by_site) == {"adrenal", "liver", "brain", "primary"}, a.treatments_by_site
    full, short = explain.local_treatments(a), explain.short_local(a)
    for site in a.treatments_by_site:
        assert f"- {organs.phrase(site)}: " in full and f"{organs.name(site)}: " in short, site
    assert organs.surgery("adrenal") in full and organs.surgery("primary") in full


def test_no_module_outside_the_reader_keeps_its_own_organ_words():
    """The organ words once copied by hand into summary.py and explain.py (code review 2026-12, item 5)."""
    copies = re.compile(r'"(brain|adrenal|lymph_nodes|primary)":\s*"[^"]*(gland|brain|node|tumour)')
    for path in [*(ROOT / "bot").glob("*.py"), *(ROOT / "actions").glob("*.py")]:
        assert not copies.search(path.read_text(encoding="utf-8")), path.name


def test_a_missing_organ_stops_the_load_naming_file_and_key(tmp_path, monkeypatch):
    data = yaml.safe_load(organs.DATA.read_text(encoding="utf-8"))
    del data["pleura"]
    bad = tmp_path / "organs.yml"
    bad.write_text(yaml.safe_dump(data), encoding="utf-8")
    monkeypatch.setattr(organs, "DATA", bad)
    organs.organs.cache_clear()
    try:
        with pytest.raises(ConfigError, match=r"organs\.yml: pleura: is required"):
            organs.organs()
        data["pleura"], data["kidney"] = {"name": "x", "phrase": "the x"}, {"name": "kidney", "phrase": "a kidney"}
        bad.write_text(yaml.safe_dump(data), encoding="utf-8")
        organs.organs.cache_clear()
        with pytest.raises(ConfigError, match=r"kidney: unknown key"):
            organs.organs()
    finally:
        organs.organs.cache_clear()
