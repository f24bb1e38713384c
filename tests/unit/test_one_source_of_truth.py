"""One name per concept (issue 17): the contract's slots and categories are written once, in bot/slots.py, and
the Rasa domain, the content schema and the framework agree with that list."""

from pathlib import Path

import yaml

from bot import slots
from bot.content import schema, store
from bot.framework import MODALITY_OF

DOMAIN = Path(__file__).resolve().parents[2] / "domain"


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
