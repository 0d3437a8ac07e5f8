"""Masking's shortcuts give what masking every text the plain way gives.

`graph/privacy.py` masks a document's records in the extraction workers (`mask_result`). Compiled
(dutygraph.native), a text is first gated by a loop over its characters (`_may_change_loop`: an "@" or
a PHONE_GATE match) instead of the regex (`_may_change_re`, the Python form); roster names are replaced
by `_sub_names`, not by a regex compiled per roster; the memo of small records is keyed by their field
values, not by the records (whose hash is Python code), and still gives equal ones as one object; a
changed record is rebuilt through its `record_builder` constructor. Each is pinned here to the plain form it replaces — `\\d` as re reads it, PHONE_GATE's
search, the names' alternation regex, and a walk that masks every text of every record with
`_plain_mask` — on the sample records, seeded synthetic documents and hypothesis strings built from the
characters the patterns care about (digits of several scripts, the separators, "@", roster names). These
tests run the module in whichever form the process imports (compiled after a build); the last one runs
it compiled and as Python and compares. No timings.
"""

from __future__ import annotations

import dataclasses
import os
import re
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from dutygraph import records as r
from dutygraph.graph import privacy
from dutygraph.graph.privacy import mask_email, mask_name, mask_phone, mask_result

from graph_records import sample_batch

ROOT = Path(__file__).resolve().parents[1]


@lru_cache(maxsize=1)
def _synth_results() -> tuple[r.DocResult, ...]:
    """Seeded synthetic documents, extracted (rosters, contact lines and phone numbers among them)."""
    from dutygraph import synth
    from dutygraph.extract.pipeline import extract_document
    from dutygraph.loaders import load_bytes

    return tuple(extract_document(load_bytes(d.data, path=d.name)) for d in synth.generate(60, seed=11))


def _texts(value: object):
    """Every str inside a record, tuple or list (recursively)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, (tuple, list)):
        for v in value:
            yield from _texts(v)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _texts(getattr(value, f.name))


def _corpus_texts() -> list[str]:
    out: list[str] = []
    for res in (*sample_batch().results, *_synth_results()):
        out += [line.text for line in res.document.lines] + [line.norm for line in res.document.lines]
        for records in (res.plans, res.sections, res.measures, res.task_forces):
            for rec in records:
                out += _texts(rec)
    return out


def _roster(res: r.DocResult) -> list[str]:
    return [p.name for tf in res.task_forces for p in tf.people]


# ---------------------------------------------------------------------------------------------- the gate


def test_is_digit_is_re_d_on_every_code_point():
    """`_is_digit` (and the same test inline in `_may_change_loop`) skips the Unicode table for
    U+2000..U+A61F: no decimal digit lies there."""
    d = re.compile(r"\d")
    for cp in range(sys.maxunicode + 1):
        c = chr(cp)
        assert privacy._is_digit(c) == c.isdecimal() == bool(d.match(c)), hex(cp)


_GATE_CHARS = st.sampled_from(["1", "3", "9", "0", "7", "１", "３", "０", "٣", "꘠", "𝟎", "৭", " ", "　", "-", "－",
                               "—", "–", "@", "＠", "(", "（", "年", "电", "a", ".", "\u1fff", "\ua620", "\u2000",
                               "13907981234", "0797", "8123456", "139 0798", "wang@jx.gov.cn"])


@settings(max_examples=4000, deadline=None, derandomize=True)
@given(st.lists(_GATE_CHARS, max_size=16).map("".join))
def test_gate_loop_is_the_regex_gate(s: str) -> None:
    assert privacy._may_change_loop(s) == privacy._may_change_re(s) == privacy._may_change(s), s


def test_gate_loop_is_the_regex_gate_on_the_corpus():
    texts = _corpus_texts()
    assert sum(map(privacy._may_change_re, texts)) > 20  # (phone numbers and addresses are among them)
    for s in texts:
        assert privacy._may_change_loop(s) == privacy._may_change_re(s), s


# ---------------------------------------------------------------------------------------------- names


def _names_regex(names: tuple[str, ...], s: str) -> str:
    """What `_sub_names` replaces: the roster's names as one alternation, in the Masker's order."""
    return re.compile("|".join(re.escape(n) for n in names)).sub(privacy._name_repl, s)


def _masker_order(names: list[str]) -> tuple[str, ...]:
    return tuple(sorted({n.strip() for n in names if len(n.strip()) >= 2}, key=lambda n: (-len(n), n)))


@settings(max_examples=3000, deadline=None, derandomize=True)
@given(st.lists(st.text(st.sampled_from("岳建华李明王*"), min_size=2, max_size=4), min_size=1, max_size=6),
       st.text(st.sampled_from("岳建华李明王* 1@"), max_size=30))
def test_sub_names_is_the_alternation_regex(names: list[str], s: str) -> None:
    order = _masker_order(names)
    assert privacy._sub_names(s, order) == _names_regex(order, s), (order, s)


def test_sub_names_is_the_alternation_regex_on_the_corpus():
    rosters = 0
    for res in (*sample_batch().results, *_synth_results()):
        order = _masker_order(_roster(res))
        if not order:
            continue
        rosters += 1
        texts = [line.text for line in res.document.lines] + [t for tf in res.task_forces for t in _texts(tf)]
        for s in texts:
            assert privacy._sub_names(s, order) == _names_regex(order, s), (order, s)
    assert rosters >= 3


# ---------------------------------------------------------------------------------------------- records


def _plain_mask(names: list[str], s: str) -> str:
    """Masker.text the plain way: every scan on every text, the names as one regex."""
    if "@" in s:
        s = privacy._EMAIL.sub(privacy._email_repl, s)
    s = privacy._PHONE.sub(privacy._phone_repl, s)
    order = _masker_order(names)
    return _names_regex(order, s) if order else s


def _plain_value(value: object, names: list[str]) -> object:
    """A value with every text inside masked plainly (no gate, no memo, no shortcut), a Person by its
    rules, a record's kept fields (privacy._KEEP) as they are."""
    if isinstance(value, str):
        return _plain_mask(names, value) if value else value
    if isinstance(value, tuple):
        return tuple(_plain_value(v, names) for v in value)
    if isinstance(value, list):
        return [_plain_value(v, names) for v in value]
    if isinstance(value, r.Person):
        return dataclasses.replace(value, name=mask_name(value.name), phone=mask_phone(value.phone),
                                   email=mask_email(value.email) if value.email else "",
                                   unit=_plain_mask(names, value.unit), role=_plain_mask(names, value.role))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        keep = privacy._KEEP.get(type(value).__name__, frozenset())
        return dataclasses.replace(value, **{f.name: _plain_value(getattr(value, f.name), names)
                                             for f in dataclasses.fields(value) if f.name not in keep})
    return value


def _plain_result(res: r.DocResult) -> r.DocResult:
    names = _roster(res)
    doc = dataclasses.replace(res.document, lines=(),
                              warnings=tuple(_plain_mask(names, w) for w in res.document.warnings))
    return r.DocResult(document=doc, plans=[_plain_value(p, names) for p in res.plans],
                       sections=[_plain_value(s, names) for s in res.sections],
                       measures=[_plain_value(m, names) for m in res.measures],
                       task_forces=[_plain_value(t, names) for t in res.task_forces],
                       warnings=[_plain_mask(names, w) for w in res.warnings])


_SALT = ("", " 电话13907981234", " wang.l@jx.gov.cn", " （0797）8123456", " 139-0798-1234", "，１３９０７９８１２３４")


def _salted(value: object, i: list[int], names: list[str]) -> object:
    """`value` with personal data appended to its texts in turn (a phone number, an address, a roster
    name, nothing): in every field, nested records and tuples included, kept fields aside."""
    if isinstance(value, str):
        i[0] += 1
        extra = (*_SALT, *(f" {n}" for n in names))
        return value + extra[i[0] % len(extra)]
    if isinstance(value, tuple):
        return tuple(_salted(v, i, names) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        keep = privacy._KEEP.get(type(value).__name__, frozenset())
        return dataclasses.replace(value, **{f.name: _salted(getattr(value, f.name), i, names)
                                             for f in dataclasses.fields(value) if f.name not in keep})
    return value


def _salted_result(res: r.DocResult, names: list[str]) -> r.DocResult:
    i = [0]
    return r.DocResult(document=res.document, plans=[_salted(p, i, names) for p in res.plans],
                       sections=[_salted(s, i, names) for s in res.sections],
                       measures=[_salted(m, i, names) for m in res.measures],
                       task_forces=[_salted(t, i, names) for t in res.task_forces],
                       warnings=[_salted(w, i, names) for w in res.warnings])


def test_mask_result_is_the_plain_masking():
    """Every text of every record masked as the plain walk masks it: the samples, the synthetic
    documents, and each of them again with a phone number, an address or a roster name put into every
    text in turn (a document without a roster included: then no text is name-scanned)."""
    results = [*sample_batch().results, *_synth_results()]
    rosterless = next(res for res in results if not _roster(res))
    salted = [_salted_result(res, _roster(res)) for res in results]
    for res in (*results, *salted, _salted_result(rosterless, [])):
        masked = mask_result(res)
        assert masked == _plain_result(res), res.document.name
        assert mask_result(masked) == masked  # (idempotent)
        leaked = "\n".join(_texts([masked.plans, masked.sections, masked.measures, masked.task_forces]))
        for secret in ("13907981234", "8123456", "wang.l@", "0798-1234", "０７９８１２３４"):
            assert secret not in leaked
    changed = sum(mask_result(res).measures != res.measures for res in salted)
    assert changed == sum(bool(res.measures) for res in salted)


def test_equal_small_records_are_one_object_and_changed_ones_rebuilt_equal():
    """Equal small records of a masked document (units, platforms, deadlines, places: the memo's) are one
    object, so its cache entry pickles them once whichever equal objects extraction handed out; a changed
    record is an instance of its class equal to the one dataclasses.replace gives."""
    for res in _synth_results()[:20]:
        masked = mask_result(res)
        small: dict[object, int] = {}
        for rec in (*masked.plans, *masked.sections, *masked.measures, *masked.task_forces):
            keep = privacy._KEEP.get(type(rec).__name__, frozenset())  # (a plan's place is kept as it is)
            for f in dataclasses.fields(rec):
                value = getattr(rec, f.name)
                for v in () if f.name in keep else value if isinstance(value, tuple) else (value,):
                    if type(v) in privacy._MEMO_CLASSES:
                        assert small.setdefault(v, id(v)) == id(v), v
    m = _synth_results()[0].measures[0]
    new = privacy._replace(m, {"title": "x", "text": "y"})
    assert type(new) is type(m) and new == dataclasses.replace(m, title="x", text="y")
    assert hash(new) == hash(dataclasses.replace(m, title="x", text="y"))


_PROBE = r"""
import hashlib, sys
from dutygraph import synth
from dutygraph.extract.pipeline import extract_document
from dutygraph.graph import privacy
from dutygraph.loaders import load_bytes
h = hashlib.sha256()
for d in synth.generate(30, seed=11):
    res = extract_document(load_bytes(d.data, path=d.name))
    h.update(repr(privacy.mask_result(res)).encode())
    for line in res.document.lines:
        h.update(repr((privacy._may_change(line.text), privacy._may_change(line.norm))).encode())
print(privacy._COMPILED, h.hexdigest())
"""


def test_masking_is_the_same_compiled_and_as_python():
    out = {}
    for on in (True, False):
        env = {**os.environ, "PYTHONPATH": str(ROOT), "DUTYGRAPH_NATIVE": "1" if on else "0", "PYTHONHASHSEED": "0"}
        proc = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True, env=env, check=True)
        out[on] = proc.stdout.split()
    assert out[False][0] == "False"
    assert out[True][1] == out[False][1]  # (the probe's digest: every masked result and gate answer)
