"""What channels let through: plain text of a sensible size, or a marker the dialogue answers."""

import pytest

from bot.input_guard import EMPTY, MALFORMED, MAX_CHARS, TOO_LONG, clean


@pytest.mark.parametrize(
    "message, expected",
    [
        (None, EMPTY),
        ("", EMPTY),
        ("   \n\t ", EMPTY),
        ("\x00\x01", EMPTY),
        ("x" * 20_000, TOO_LONG),
        ("word " * (MAX_CHARS // 5 + 1), TOO_LONG),
        (12345, MALFORMED),
        (["a"], MALFORMED),
        ({"text": "hi"}, MALFORMED),
        (b"bytes", MALFORMED),
        ("/restart", MALFORMED),
        ('/inform{"stage":"I"}', MALFORMED),
        ("\u200b\ufeff\u2060" * 40 + "a", MALFORMED),
        ("\udcff\udcfe" * 20 + "ab", MALFORMED),
    ],
)
def test_unusable_input_becomes_a_marker(message, expected):
    assert clean(message) == expected


@pytest.mark.parametrize(
    "message",
    [
        "hello",
        "I have 3 spots <b>in the liver</b>",
        "<script>alert(1)</script>",
        "émoji 🙂 and accents",
        "x" * MAX_CHARS,
    ],
)
def test_usable_text_passes_unchanged(message):
    assert clean(message) == message


def test_control_characters_are_removed_from_text():
    assert clean("two\x00 spots\x07") == "two  spots"
