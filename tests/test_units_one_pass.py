"""`units._unit_names` reads a list's shape and its separators' places in one pass: the same names as the
form with `_list_shape` first, from the same pieces asked of `_piece_names` in the same order (so the
memos, and which string objects the names are, evolve as before)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dutygraph.extract import units as U
from dutygraph.loaders.base import runs_compiled
from extractor_samples import FILES, lines
from test_clause_reads_29 import same_unit_names


def _unit_names_shaped(norm: str) -> tuple[str, ...]:
    """`_unit_names` as it was: `_list_shape` first, then a pass over the separators."""
    shape = U._list_shape(norm)
    if not shape & U._HAS_SEPARATOR:
        return U._piece_names(norm)
    if shape & U._HAS_BRACKET:
        return tuple([norm[a:b] for a, b in U._split_unit_spans(norm)])
    out: list[str] = []
    a = 0
    i = 0
    for c in norm:
        if c == "、" or c == "," or c == "，" or c == ";" or c == "；":
            out += U._piece_names(norm[a:i])
            a = i + 1
        i += 1
    out += U._piece_names(norm[a:])
    return tuple(out)


_PARTS = ["市发改委", "区财政局", "各县(市、区)人民政府", "(", ")", "[", "]", "{", "}", "、", ",", "，", ";", "；", "和",
          "等单位", "市场监管局", "略", " ", "", "\U00020000", "é"]


def _asked(monkeypatch, form, norm):
    asked: list[str] = []
    real = U._piece_names

    def piece_names(piece):
        asked.append(piece)
        return real(piece)

    with monkeypatch.context() as m:
        m.setattr(U, "_piece_names", piece_names)
        got = form(norm)
    return got, asked


def _same(norm: str) -> None:
    assert U._unit_names(norm) == _unit_names_shaped(norm), norm


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(_PARTS), max_size=8).map("".join))
def test_unit_names_equal_the_shaped_form(norm):
    _same(norm)


def test_unit_names_on_the_samples():
    from dutygraph.extract.reference import norm as normalize

    for key in FILES:
        for text in lines(key):
            n = normalize(text)
            _same(n)
            _same(n[-30:])


@pytest.mark.skipif(runs_compiled(U._unit_names),
                    reason="compiled, the module's own calls do not go through its globals")
@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PARTS), max_size=8).map("".join))
def test_unit_names_ask_the_same_pieces_in_order(norm):
    import _pytest.monkeypatch

    mp = _pytest.monkeypatch.MonkeyPatch()
    try:
        U._PIECE_NAMES_MEMO.clear()
        old, asked_old = _asked(mp, _unit_names_shaped, norm)
        kept = dict(U._PIECE_NAMES_MEMO)
        U._PIECE_NAMES_MEMO.clear()
        new, asked_new = _asked(mp, U._unit_names, norm)
        assert new == old and asked_new == asked_old, norm
        assert U._PIECE_NAMES_MEMO.keys() == kept.keys()
    finally:
        mp.undo()


@pytest.mark.parametrize("n", [1, 63, 64, 65, 66, 130])
def test_unit_names_of_long_lists(n):
    """Lists of n separators about the 64 places `_unit_names` keeps compiled (units.pxd's `at`: a list with
    more is read by the typed loop): the same names from the same pieces asked for in the same order."""
    parts = [f"市{chr(0x4E00 + k)}局" for k in range(n + 1)]
    for norm in ("、".join(parts), "、".join(parts) + "(略)", "(略)" + "，".join(parts), "；".join(parts[:-1]) + ";\U00020000局",
                 "".join(parts)):
        same_unit_names(norm, _unit_names_shaped)
