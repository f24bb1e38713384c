"""A message in another language gets a short note that the assistant reads English only, with the clinic's
contact, instead of an intake question. lingua-language-detector (maintained, offline: its models ship in the
wheel), restricted to the languages most spoken in UK and US clinics so it loads small and decides fast.

Only a message the detector is sure of counts: mixed messages in learners' English ("mal de tête très fort
and vomiting, sorry my english is bad") are read as English, because the reader and the red-flag rules can
still use them.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Optional

# Sure enough that the message is not English, and long enough to tell ("ok", "EGFR" are not languages).
# At 0.7 none of 1,065 English messages of the blind sets (learners' English and clinical shorthand included)
# was taken for another language; at 0.5 one was ("NSCLC w/ pericardial effusion, cytology + for adeno…").
CONFIDENCE = 0.7
MIN_LETTERS = 12
LANGUAGES = (
    "ENGLISH",
    "SPANISH",
    "FRENCH",
    "GERMAN",
    "POLISH",
    "PORTUGUESE",
    "ITALIAN",
    "ROMANIAN",
    "TURKISH",
    "ARABIC",
    "URDU",
    "HINDI",
    "PUNJABI",
    "BENGALI",
    "CHINESE",
    "DUTCH",
    "RUSSIAN",
    "UKRAINIAN",
    "LITHUANIAN",
    "SOMALI",
    "GUJARATI",
    "TAMIL",
    "PERSIAN",
    "VIETNAMESE",
    "JAPANESE",
    "KOREAN",
    "GREEK",
)


@lru_cache(maxsize=1)
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(*(getattr(Language, name) for name in LANGUAGES)).build()


@lru_cache(maxsize=256)
def other_language(text: str) -> Optional[str]:
    """The language's English name when `text` is surely not English, else None."""
    letters = sum(ch.isalpha() for ch in text or "")
    scripts = sum(ch.isalpha() and not ch.isascii() for ch in text or "")
    if (letters < MIN_LETTERS and scripts < 4) or (text or "").startswith("/"):
        return None
    best = _detector().compute_language_confidence_values(text)[0]
    name = best.language.name
    return name.title() if name != "ENGLISH" and best.value >= CONFIDENCE else None
