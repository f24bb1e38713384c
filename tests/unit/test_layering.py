"""Clinical logic in plain Python: bot/ imports Rasa (rasa or rasa_sdk) only inside bot/rasa_ext."""

import ast
from pathlib import Path

BOT = Path(__file__).resolve().parents[2] / "bot"


def _rasa_imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        names = (
            [a.name for a in node.names]
            if isinstance(node, ast.Import)
            else ([node.module or ""] if isinstance(node, ast.ImportFrom) else [])
        )
        for name in names:
            if name.split(".")[0] in ("rasa", "rasa_sdk"):
                yield f"{path.relative_to(BOT.parent)}:{node.lineno} imports {name}"


def test_bot_imports_rasa_only_inside_rasa_ext():
    offending = [hit for path in BOT.rglob("*.py") if "rasa_ext" not in path.parts for hit in _rasa_imports(path)]
    assert not offending, offending


def test_the_check_finds_an_import_it_should():
    assert list(_rasa_imports(BOT / "rasa_ext" / "channels.py"))
