"""The site's hand-written loops (viz/pages.pxd, viz/site.pxd) decide and write exactly what the regexes
and the encoder they replace give.

Compiled, pages.py and site.py run these loops; as Python (`DUTYGRAPH_NATIVE=0`) a module that keeps
two forms picks the regex (`_COMPILED`). The loops are plain Python too, so each is checked against its
definition here in whichever form the module was loaded (the test suite runs it compiled and as
Python): random text over the characters that matter (hypothesis), the sample plans' texts and a
synthetic corpus's. Both branches of each `_COMPILED` switch are run and must give the same answers.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dutygraph.graph.privacy import PHONE_GATE
from dutygraph.viz import pages as P

ROOT = Path(__file__).resolve().parent.parent


def _graph_texts(g) -> list[str]:
    """Every str value of a graph's nodes and edges (list items too): what masked_graph gates."""
    out = set()
    for values in [a.values() for _, a in g.nodes(data=True)] + [a.values() for *_, a in g.edges(keys=True, data=True)]:
        for v in values:
            if type(v) is str:
                out.add(v)
            elif type(v) is list:
                out.update(x for x in v if type(x) is str)
    return sorted(out)


@pytest.fixture(scope="module")
def texts(tmp_path_factory) -> list[str]:
    """The sample plans' graph's texts and those of a 60-document synthetic corpus (unmasked: phone
    numbers of every shape the generator writes are there)."""
    from click.testing import CliRunner

    from dutygraph.api import graph_from_paths
    from dutygraph.cli import cli

    out = tmp_path_factory.mktemp("synth")
    res = CliRunner().invoke(cli, ["synth", "--docs", "60", "--seed", "11", "--out", str(out)])
    assert res.exit_code == 0, res.output
    corpus = sorted(str(d) for d in (out / "docs").iterdir())
    found = []
    for g in (graph_from_paths([ROOT / "data" / "plans"], include_people=True),
              graph_from_paths(corpus, include_people=True)):
        found += _graph_texts(g)
    return found


# digits of several scripts (ASCII, full-width, Arabic-Indic, Devanagari, a mathematical one), every
# separator of privacy._SEP, characters next to them in the code tables, CJK text and punctuation
_PHONE_ALPHABET = ["1", "3", "0", "9", "１", "０", "٣", "९", "𝟘", " ", "\u3000", "-", "－", "—", "–", "_", "/",
                   "（", "）", "电", "话", "，", "。", "a", "\u065f", "\u0660", "\u1fff", "\u2000", "\u9fff", "\ua000"]


def test_phone_run_finds_what_the_phone_gate_finds_in_the_documents(texts):
    hits = [t for t in texts if PHONE_GATE.search(t)]
    assert len(texts) > 5000 and len(hits) > 20  # (the generator's phone numbers, years beside numbers, …)
    assert [t for t in texts if P._phone_run(t) != (PHONE_GATE.search(t) is not None)] == []


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_PHONE_ALPHABET), max_size=24).map("".join))
def test_phone_run_finds_what_the_phone_gate_finds(s):
    assert P._phone_run(s) == (PHONE_GATE.search(s) is not None)


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=30))
def test_phone_run_finds_what_the_phone_gate_finds_in_any_text(s):
    assert P._phone_run(s) == (PHONE_GATE.search(s) is not None)


def test_every_decimal_digit_lies_outside_the_ranges_phone_run_skips():
    """_phone_run asks str.isdecimal only from U+0660 on and outside U+2000–U+9FFF."""
    import sys

    skipped = [c for c in [*range(0x80, 0x660), *range(0x2000, 0xA000)] if chr(c).isdecimal()]
    assert skipped == [] and all(chr(c).isdecimal() for c in range(0x30, 0x3A)) and sys.maxunicode > 0xFFFF


@pytest.mark.parametrize("compiled", [True, False])
def test_masked_graph_is_the_same_with_either_phone_gate(compiled, monkeypatch):
    """masked_graph's gate as the loop (compiled) and as the regex (Python): the same masked graph, from a
    masked graph with phone numbers of every shape put back into its texts."""
    from test_site import PHONE, hand_batch

    from dutygraph.graph.model import build_graph

    g = build_graph(hand_batch(), include_people=False)
    shapes = ["13907981234", "0791-88881234", "0791－8888123", "１３９０７９８１２３４", "139 0798 2345", "0797 812 3456",
              "（0797）8123457", "１３９　０７９８　４５６７", "电话" + PHONE, "2024年12月31日前", "第123—4567号"]
    for i, (n, a) in enumerate(sorted(g.nodes(data=True))):
        if a["label"] == "Measure":
            a["text"] += "联系电话:" + shapes[i % len(shapes)] + "。"
    want = P.masked_graph(g, include_people=False)
    monkeypatch.setattr(P, "_COMPILED", compiled)
    got = P.masked_graph(g, include_people=False)
    assert dict(got.nodes(data=True)) == dict(want.nodes(data=True))
    assert list(got.edges(keys=True, data=True)) == list(want.edges(keys=True, data=True))
    assert PHONE not in str(dict(got.nodes(data=True)))
