"""Excerpts from the sample documents for the extractor tests, checked against the files.

`excerpt(key, line, text)` returns `text` after checking it is really printed on that 1-based line
of data/plans/<file> — so every pinned phrasing is a copy from the document it cites.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

PLANS = Path(__file__).resolve().parent.parent / "data" / "plans"
FILES = {
    "ganzhou": "ganzhou-2021-business-environment-action-plan.txt",
    "jingdezhen": "jingdezhen-2022-special-action-plans.txt",
    "jiujiang": "jiujiang-2023-business-environment-action-plan.txt",
    "honggutan": "honggutan-2023-q1-q3-progress-report.txt",
    "shizuishan": "shizuishan-2023-action-plan-draft.txt",
}


@lru_cache(maxsize=None)
def lines(key: str) -> tuple[str, ...]:
    return tuple((PLANS / FILES[key]).read_text(encoding="utf-8").split("\n"))


def line(key: str, number: int) -> str:
    return lines(key)[number - 1]


def excerpt(key: str, number: int, text: str) -> str:
    printed = line(key, number)
    assert text in printed, f"{FILES[key]}:{number} does not contain {text!r}"
    return text
