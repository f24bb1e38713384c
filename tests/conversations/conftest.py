import statistics

import pytest

TURNS = []


@pytest.fixture(scope="session")
def turns_record():
    return TURNS


def pytest_terminal_summary(terminalreporter):
    if TURNS:
        terminalreporter.write_line(
            f"situations: {len(TURNS)}, mean turns to the assessment {statistics.mean(TURNS):.2f} "
            f"(min {min(TURNS)}, max {max(TURNS)})"
        )
