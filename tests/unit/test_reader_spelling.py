"""Misspellings of the reader's vocabulary words are read (spaCy Matcher FUZZY patterns with the reader's own
comparison, bot/reader/spelling.py); ordinary words one typo away stay unread (reader_near_misses.yml);
every drug of framework.md §6 is read under each of its names (drugs.yml)."""

from datetime import date
from pathlib import Path

import pytest
import yaml

from bot.reader import read
from bot.reader.pipeline import drug_table
from bot.reader.spelling import typo_of

TODAY = date(2026, 12, 1)
NEAR_MISSES = yaml.safe_load((Path(__file__).parent / "reader_near_misses.yml").read_text(encoding="utf-8"))

# framework.md §6, with the UK/EU/US brand names a patient may write
FRAMEWORK_DRUGS = {
    "targeted": [
        "osimertinib",
        "erlotinib",
        "gefitinib",
        "afatinib",
        "dacomitinib",
        "amivantamab",
        "lazertinib",
        "alectinib",
        "brigatinib",
        "lorlatinib",
        "crizotinib",
        "ceritinib",
        "entrectinib",
        "repotrectinib",
        "sotorasib",
        "adagrasib",
        "dabrafenib",
        "trametinib",
        "capmatinib",
        "tepotinib",
        "selpercatinib",
        "pralsetinib",
        "larotrectinib",
        "tagrisso",
        "tarceva",
        "iressa",
        "giotrif",
        "gilotrif",
        "vizimpro",
        "rybrevant",
        "lazcluze",
        "alecensa",
        "alunbrig",
        "lorviqua",
        "lorbrena",
        "xalkori",
        "zykadia",
        "rozlytrek",
        "augtyro",
        "lumakras",
        "lumykras",
        "krazati",
        "tafinlar",
        "mekinist",
        "tabrecta",
        "tepmetko",
        "retevmo",
        "retsevmo",
        "gavreto",
        "vitrakvi",
    ],
    "immunotherapy": [
        "pembrolizumab",
        "nivolumab",
        "atezolizumab",
        "durvalumab",
        "cemiplimab",
        "ipilimumab",
        "tremelimumab",
        "keytruda",
        "opdivo",
        "tecentriq",
        "imfinzi",
        "libtayo",
        "yervoy",
        "imjudo",
    ],
    "chemotherapy": [
        "carboplatin",
        "cisplatin",
        "pemetrexed",
        "paclitaxel",
        "nab-paclitaxel",
        "docetaxel",
        "gemcitabine",
        "vinorelbine",
        "alimta",
        "taxol",
        "abraxane",
        "taxotere",
        "gemzar",
        "navelbine",
    ],
}


@pytest.mark.parametrize("therapy_class,name", [(c, n) for c, names in FRAMEWORK_DRUGS.items() for n in names])
def test_every_drug_name_is_read(therapy_class, name):
    assert drug_table()[name][0] == therapy_class
    got = read(f"I'm on {name.capitalize()} now", today=TODAY)
    assert got.get("systemic_therapy") == therapy_class and got.get("on_systemic_therapy") is True, got


def test_targeted_brand_implies_its_driver():
    assert read("on Tagrisso", today=TODAY)["driver_mutation"] == "egfr"
    assert read("Rozlytrek for two months", today=TODAY)["driver_mutation"] == "ros1"
    assert read("on Tafinlar and Mekinist", today=TODAY)["driver_mutation"] == "other"


@pytest.mark.parametrize(
    "text,slot,value",
    [
        ("2 spots in my livr", "metastasis_organs", ["liver"]),
        ("a spot in the lvier", "metastasis_organs", ["liver"]),
        ("it's in my bnoes", "metastasis_organs", ["bone"]),
        ("on pembrolizumub every 3 weeks", "systemic_therapy", "immunotherapy"),
        ("taking osimertnib", "systemic_therapy", "targeted"),
        ("on carboplatn and pemetrexed", "systemic_therapy", "chemotherapy"),
        ("it's non smal cell", "histology", "nsclc"),
        ("one spot in the adrenel gland", "metastasis_organs", ["adrenal"]),
    ],
)
def test_misspellings_are_read(text, slot, value):
    assert read(text, today=TODAY).get(slot) == value


def test_misspelt_liver_is_not_the_other_lung():
    got = read("2 spots in my livr", today=TODAY)
    assert got["metastasis_organs"] == ["liver"] and got["metastasis_count"] == 2


@pytest.mark.parametrize("case", NEAR_MISSES, ids=[c["text"][:50] for c in NEAR_MISSES])
def test_near_misses_stay_unread(case):
    got = read(case["text"], asked=case.get("asked"), today=TODAY)
    for slot in case["absent"]:
        assert slot not in got, f"{slot}: {got}"


@pytest.mark.parametrize(
    "typed,word,expected",
    [
        ("livr", "liver", True),
        ("lvier", "liver", True),
        ("bnoes", "bones", True),
        ("lever", "liver", False),
        ("live", "liver", False),
        ("bonus", "bones", False),
        ("river", "liver", False),
        ("brian", "brain", False),
        ("osimertnib", "osimertinib", True),
        ("pembrolizumub", "pembrolizumab", True),
    ],
)
def test_typo_rule(typed, word, expected):
    assert typo_of(typed, word) is expected


def test_enough_near_misses():
    assert len(NEAR_MISSES) >= 15
