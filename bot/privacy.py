"""Redaction of identifiers a patient types anyway, before anything is stored.

Standard library only (the Rasa process imports it in its tracker store). Clinical facts stay: ages,
counts, temperatures, stages, drug names and the dates of scans or diagnoses are not identifiers; a
date of birth is, when it is said to be one.
"""

from __future__ import annotations

import copy
import re
from typing import Any, Dict, List, Tuple

_NAME_WORD = r"[A-Z][a-zA-Z'\-]+"
_NOT_NAMES = {
    "Stage",
    "Not",
    "Very",
    "Still",
    "On",
    "In",
    "The",
    "A",
    "An",
    "Sorry",
    "Fine",
    "Fully",
    "Tired",
    "So",
    "Just",
    "Worried",
    "Scared",
    "Here",
    "Back",
    "Now",
    "Also",
    "Really",
    "Quite",
    "Feeling",
    "Doing",
    "Taking",
    "Having",
    "Getting",
    "Going",
    "Being",
    "Married",
    "Retired",
    "Diagnosed",
    "Currently",
    "Only",
    "Told",
    "From",
    "At",
    "With",
    "Happy",
    "Sure",
    "Unsure",
    "Afraid",
    "Living",
    "Working",
    "Ok",
    "Okay",
    "Yes",
    "No",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "Miss",
}
_MONTHS = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_DATE = rf"(?:\d{{1,2}}[/.\-]\d{{1,2}}[/.\-]\d{{2,4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTHS}\s+\d{{4}}|{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})"

# (placeholder, pattern) in the order they are applied; each pattern is bounded (no nested repeats).
_RULES: List[Tuple[str, re.Pattern]] = [
    ("[email]", re.compile(r"\b[\w.+\-]{1,64}@[\w\-]{1,63}(?:\.[\w\-]{1,63}){1,4}\b")),
    (
        "[date_of_birth]",
        re.compile(rf"(?i)\b(?:d\.?o\.?b\.?|date of birth|birth ?date|born(?: on| in)?)\s*(?:is|was|:|-)?\s*{_DATE}"),
    ),
    (
        "[nhs_number]",
        re.compile(r"(?i)(?:\bnhs\s*(?:no\.?|number|num|#)?\s*(?:is|:)?\s*)?\b\d{3}[ \-]?\d{3}[ \-]?\d{4}\b"),
    ),
    (
        "[hospital_number]",
        re.compile(
            r"(?i)\b(?:hospital|patient|mrn|unit|case|chi|medical record)\s*(?:no\.?|number|num|#|id)?\s*(?:is|:)?\s*[A-Z]{0,3}\d{5,10}\b"
        ),
    ),
    (
        "[phone]",
        re.compile(
            r"(?<![\w.])(?:\+\d{1,3}[\s\-]?)?(?:\(?0\d{2,4}\)?[\s\-]?\d{3,4}[\s\-]?\d{3,4}|\d{3}[\s\-]\d{3}[\s\-]\d{4})(?![\w.])"
        ),
    ),
    ("[phone]", re.compile(r"(?<![\w.])\+\d{1,3}[\s\-]?\(?\d{2,4}\)?[\s\-]?\d{3,4}[\s\-]?\d{3,4}(?![\w.])")),
    ("[postcode]", re.compile(r"(?i)\b(?:[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2})\b")),
    # After "my name is" the first word may be typed in lower case; later words must look like names.
    (
        "[name]",
        re.compile(
            rf"(?i:\b(?:my name is|my name's|i'?m called|i am called|call me|this is|name:)\s+)((?i:[a-z])[a-zA-Z'\-]+(?:\s+{_NAME_WORD}){{0,2}})"
        ),
    ),
    ("[name]", re.compile(rf"\b(?:I'm|I am|Im)\s+({_NAME_WORD}(?:\s+{_NAME_WORD})?)(?=\s*(?:[,.!]|$|and\b))")),
]


def redact(text: str) -> str:
    if not text:
        return text
    for placeholder, pattern in _RULES:
        if placeholder == "[name]":
            text = pattern.sub(lambda m, placeholder=placeholder: _name_sub(m, placeholder), text)
        else:
            text = pattern.sub(placeholder, text)
    return text


def _name_sub(m: re.Match, placeholder: str) -> str:
    name = m.group(1)
    if name.split()[0].capitalize() in _NOT_NAMES or name.split()[0].isupper() and len(name) <= 5:
        return m.group(0)
    if not name[0].isupper() and not m.group(0).lower().startswith(
        ("my name", "i'm called", "i am called", "call me", "name:")
    ):
        return m.group(0)
    return m.group(0)[: m.start(1) - m.start(0)] + placeholder


def redact_event_dict(event: Dict[str, Any]) -> Dict[str, Any]:
    """A serialised Rasa event with identifiers removed from its text, parse data and entities."""
    event = copy.deepcopy(event)
    if isinstance(event.get("text"), str):
        event["text"] = redact(event["text"])
    parse = event.get("parse_data")
    if isinstance(parse, dict):
        if isinstance(parse.get("text"), str):
            parse["text"] = redact(parse["text"])
        for entity in parse.get("entities") or []:
            value = entity.get("value")
            if isinstance(value, str):
                # A value cut out of the text was (part of) an identifier, whatever its entity type.
                removed = isinstance(parse.get("text"), str) and value and value not in parse["text"]
                entity["value"] = "[redacted]" if removed else redact(value)
    event.pop("metadata", None) if isinstance(event.get("metadata"), dict) and not event["metadata"] else None
    return event
