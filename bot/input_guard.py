"""What a channel lets through to the assistant: text of a sensible size, nothing else.

Pure Python (both environments import it). A message that is not usable text is replaced by an intent
payload the dialogue answers plainly, so no process ever sees a 20,000-character blob, a number where
text should be, or control bytes.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

MAX_CHARS = 3000
EMPTY, TOO_LONG, MALFORMED = "/empty_message", "/too_long", "/malformed_message"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# The intent payloads our own buttons send. Anything else that starts with "/" is refused: a typed
# '/inform{"stage": "1"}' would set a fact the person never told, and "/restart" would wipe the conversation.
BUTTON_PAYLOADS = frozenset({"/urgent_help"})


def clean(message: Any) -> str:
    """The text to hand to Rasa, or one of the marker payloads above."""
    if message is None:
        return EMPTY
    if not isinstance(message, str):
        return MALFORMED
    if message.startswith("/"):
        return message if message in BUTTON_PAYLOADS else MALFORMED
    text = _CONTROL.sub(" ", unicodedata.normalize("NFC", message)).strip()
    if not text:
        return EMPTY
    if len(text) > MAX_CHARS:
        return TOO_LONG
    printable = sum(ch.isprintable() for ch in text)
    if printable < 0.8 * len(text):
        return MALFORMED
    return text
