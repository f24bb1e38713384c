"""The hazard log names, for each control, the test that shows it works: every named test must exist."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LOG = ROOT / "docs" / "safety" / "hazard-log.md"
NAMED = re.compile(r"`(tests/[\w/]+\.py)::(test_\w+)`")


def test_every_hazard_has_tests():
    sections = LOG.read_text(encoding="utf-8").split("\n## ")[1:]
    assert len(sections) >= 8
    for section in sections:
        assert NAMED.search(section), section.splitlines()[0]


def test_every_test_the_hazard_log_names_exists():
    missing = []
    for path, name in NAMED.findall(LOG.read_text(encoding="utf-8")):
        source = ROOT / path
        if not source.exists() or not re.search(rf"^(async )?def {name}\(", source.read_text(encoding="utf-8"), re.M):
            missing.append(f"{path}::{name}")
    assert not missing, missing
