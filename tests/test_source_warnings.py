"""Every source of the package, its tests and its benchmarks compiles without a warning (an invalid
escape in a docstring, `is` with a literal: Python 3.12 turns the first into a SyntaxWarning and a later
Python into an error). Compiled from the source text, so a stale .pyc does not hide one."""

import warnings
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted(
    [*(ROOT / "dutygraph").rglob("*.py"), *(ROOT / "tests").glob("*.py"), *(ROOT / "bench").glob("*.py")]
)


def test_there_are_sources():
    assert len(SOURCES) > 100


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_compiles_without_warnings(path):
    source = path.read_text(encoding="utf-8")
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        compile(source, str(path), "exec")
    assert not seen, [f"{path.name}:{w.lineno}: {w.message}" for w in seen]
