"""`file_jurisdiction` (extract/jurisdiction.py): the place a file as a whole speaks for, read from the
lines' norms when the loaders found them joinable (`Document.norms_joinable`), pinned to the form it
replaced — `detect_jurisdiction(first line, body="\\n".join(texts)[:50000])` on the raw text — around
the 20,000 and 50,000 cuts, with phrases across them and lines whose conversion changes their length."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from dutygraph.extract import jurisdiction as J
from dutygraph.loaders import load, load_bytes
from dutygraph.records import Jurisdiction

_PLANS = Path(__file__).resolve().parent.parent / "data" / "plans"


def _as_it_was(doc) -> Jurisdiction:
    texts = [t for t in (ln.text for ln in doc.lines) if t and not t.isspace()]  # (not blank)
    if not texts:
        return Jurisdiction(name="", level="")
    return J.detect_jurisdiction(texts[0].strip(), body="\n".join(texts)[:50000])


def _check(doc) -> Jurisdiction:
    want = _as_it_was(doc)
    assert repr(J.file_jurisdiction(doc)) == repr(want)
    assert repr(J.file_jurisdiction(dataclasses.replace(doc, norms_joinable=False))) == repr(want)
    if doc.norms_joinable:
        _check_inner_cut(doc)
    return want


def _check_inner_cut(doc) -> None:
    """`_joined_norms(kept, 50000, 20000)` (one pass) against the form it replaced: the 50,000 join, taken when
    it was at most 20,000 characters long or its first 20,000 were the 20,000 join."""
    kept = [ln for ln in doc.lines if ln.text and not ln.text.isspace()]
    body = J._joined_norms(kept, 50000)
    took = body is not None and (len(body) <= 20000 or body[:20000] == J._joined_norms(kept, 20000))
    assert J._joined_norms(kept, 50000, 20000) == (body if took else None)
    for limit, inner in ((30, 10), (31, 11), (12, 11), (200, 0), (5, 4)):  # (cuts in and between short lines)
        body = J._joined_norms(kept, limit)
        took = body is not None and (len(body) <= inner or body[:inner] == J._joined_norms(kept, inner))
        assert J._joined_norms(kept, limit, inner) == (body if took else None), (limit, inner)


def _doc(lines: list[str]):
    return load_bytes("\n".join(lines).encode("utf-8"), path="plan.txt")


@pytest.mark.parametrize("path", sorted(_PLANS.iterdir()), ids=lambda p: p.name)
def test_file_jurisdiction_of_the_samples(path):
    _check(load(path))


_FILLER = "推進政務服務“一網通辦”，優化營商環境。"  # traditional: its norm differs from its text


@pytest.mark.parametrize("shift", range(-8, 9))
@pytest.mark.parametrize("cut", [20000, 50000])
@pytest.mark.parametrize("piece", ["成都市青羊區", "乾隆", "反覆", "e\u0301e\u0301", "㈠"])
def test_cuts_inside_a_line(cut, shift, piece):
    # a bare district whose city the body names before the 20,000 cut, and place stems counted up to
    # the 50,000 one; `piece` straddles the cut at a line's middle (a phrase OpenCC converts otherwise
    # than its characters alone, a place, characters NFKC composes or expands)
    head = ["青羊区优化营商环境行动方案", "成都市青羊区人民政府办公室", "石嘴山市发展改革委牵头"]
    filler = [_FILLER * 9] * (cut // (len(_FILLER) * 9 + 1) + 2)
    lines = [*head, *filler]
    at = cut + shift
    prefix = "\n".join(lines)
    line_start = prefix.rfind("\n", 0, at) + 1
    i = prefix.count("\n", 0, at)
    j = at - line_start - len(piece) // 2
    lines[i] = lines[i][:j] + piece + lines[i][j:]
    lines += ["石嘴山市平罗县 0952-1234567"] * 40
    doc = _doc(lines)
    _check(doc)
    if piece in ("e\u0301e\u0301", "㈠"):
        assert not doc.norms_joinable  # (such a line keeps a file from the norms' path)
    else:
        assert doc.norms_joinable


def _path_taken(monkeypatch, doc) -> list[bool]:
    seen: list[bool] = []
    detect = J.detect_jurisdiction

    def spy(title, **kw):
        seen.append(kw.get("body_normalized", False))
        return detect(title, **kw)

    monkeypatch.setattr(J, "detect_jurisdiction", spy)
    J.file_jurisdiction(doc)
    monkeypatch.undo()
    return seen


def test_the_norms_path_is_taken_and_reads_the_cut_as_the_text_did(monkeypatch):
    title = "青羊区优化营商环境行动方案"
    at = 20000 - len(title) - 1  # the second line's offset of the text's 20,000th character
    # "乾隆" across the 20,000 cut: the text cut there ends in "乾", normalised alone "干"; its norm "乾"
    doc = _doc([title, "x" * (at - 1) + "乾隆成都市青羊區", _FILLER * 3000])
    assert doc.norms_joinable
    kept = [ln for ln in doc.lines if ln.text.strip()]
    body = "\n".join(ln.text for ln in kept)
    assert body[19999:20001] == "乾隆"
    for limit in (20000, 50000, 19999, 20001, 20002, 1, 0):
        assert J._joined_norms(kept, limit) == J.normalize(body[:limit]), limit
    assert J._joined_norms(kept, 20000)[-1] == "干" and J._joined_norms(kept, 50000)[19999] == "乾"
    assert _path_taken(monkeypatch, doc) == [False]  # the two cuts read otherwise: as before
    assert _check(doc).parent is None  # (the city is past the first 20,000 characters)
    # the city ending at the 20,000th character is read; one character later it is not
    for end, parent in ((20000, "成都市"), (20001, None)):
        doc = _doc([title, "x" * (end - 6 - len(title) - 1) + "成都市青羊區", _FILLER * 3000])
        assert _path_taken(monkeypatch, doc) == [True]
        assert _check(doc).parent == parent
    # a line whose NFKC changes its length anywhere in the file: as before
    doc = _doc([title, "成都市青羊區", "第㈠条"])
    assert not doc.norms_joinable and _path_taken(monkeypatch, doc) == [False]
    assert _check(doc).parent == "成都市"


def test_no_text_and_blank_lines():
    doc = _doc(["", "  ", "赣州市优化营商环境行动方案", "\u3000", "市发改委牵头"])
    assert _check(doc).name == "赣州市"
    empty = dataclasses.replace(doc, lines=())
    assert J.file_jurisdiction(empty) == Jurisdiction(name="", level="")


# `file_jurisdiction` keeps a line unless `_blank` (compiled, a typed loop over its code points), pinned
# here to the test it replaces on strings of every kind of white space, the characters next to it and others.
_SPACES = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u200a\u200b\u2028\u2029\u202f\u205f\u3000\ufeff"


def test_blank_is_the_isspace_test_it_replaces():
    import random

    rng = random.Random(45)
    alphabet = _SPACES + "a中，"
    texts = ["", *_SPACES, *(chr(c) for c in range(0x3100))]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 6))) for _ in range(20000)]
    for s in texts:
        assert J._blank(s) is (not s or s.isspace()), repr(s)
    assert sum(J._blank(s) for s in texts) > 1000 and not all(J._blank(s) for s in texts)
