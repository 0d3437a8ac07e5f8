"""`loaders.load`'s reading of a file without pathlib for a str pathlib keeps as it is, its parser found
without importlib's frames and the collector paused without a context manager: the same documents and
the same errors as the pathlib / importlib / `gc_paused` form (`_load_by_pathlib` below: the code before)."""

from __future__ import annotations

import gc
import importlib
import os
import pickle
import stat
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dutygraph.loaders as loaders
from dutygraph.loaders import reading
from dutygraph.errors import LoadError
from dutygraph.loaders.base import gc_paused

PLANS = Path(__file__).resolve().parent.parent / "data" / "plans"


def _load_by_pathlib(path, *, max_bytes=loaders.MAX_BYTES):
    """`loaders.load` as it read files before: `Path(path)`'s stat and read_bytes."""
    p = Path(path)
    shown = str(path)
    try:
        st_ = p.stat()
    except FileNotFoundError:
        raise LoadError("no such file", path=shown) from None
    except OSError as exc:
        raise LoadError(f"cannot read: {exc.strerror or exc}", path=shown) from None
    if stat.S_ISDIR(st_.st_mode):
        raise LoadError("is a directory, not a document", path=shown)
    if st_.st_size > max_bytes:
        raise LoadError(
            f"file is {st_.st_size / 1e6:.1f} MB, above the {max_bytes / 1e6:.0f} MB limit for one document",
            path=shown,
        )
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise LoadError(f"cannot read: {exc.strerror or exc}", path=shown) from None
    return loaders.load_bytes(data, path=shown, max_bytes=max_bytes)


def _outcome(fn, path, **kw):
    try:
        return "ok", pickle.dumps(fn(path, **kw))
    except Exception as exc:  # noqa: BLE001 - the same type and message either way
        return "error", type(exc), str(exc)


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="/.a\x00 b", max_size=12))
def test_kept_by_pathlib_only_for_what_pathlib_keeps(s):
    # a True is a promise: `str(Path(s)) == s`, so stat and open see the same name
    if loaders._kept_by_pathlib(s):
        assert str(Path(s)) == s
    # (and the plain names a build hands over are kept: the fast path is taken)
    if s and "." not in s.split("/") and "" not in s.split("/"):
        assert loaders._kept_by_pathlib(s)


def _tree(tmp_path: Path) -> Path:
    (tmp_path / "d").mkdir()
    for f in sorted(PLANS.iterdir())[:2]:
        (tmp_path / "d" / f.name).write_bytes(f.read_bytes())
    (tmp_path / "d" / "empty.txt").write_bytes(b"")
    (tmp_path / "d" / "big.txt").write_bytes("一二三\n".encode() * 100)
    (tmp_path / "d" / "sub.txt").mkdir()
    os.symlink("nowhere.txt", tmp_path / "d" / "dangling.txt")
    return tmp_path


def test_load_reads_every_spelling_of_a_path_as_pathlib_did(tmp_path, monkeypatch):
    root = _tree(tmp_path)
    monkeypatch.chdir(root)
    names = ["d/" + f.name for f in sorted(PLANS.iterdir())[:2]]
    names += ["d/empty.txt", "d/big.txt", "d/sub.txt", "d/dangling.txt", "d/missing.txt", "d", "d/", ".", ""]
    spelled = []
    for n in names:
        spelled += [n, "./" + n, n.replace("/", "//"), n.replace("/", "/./"), n + "/", n + "/.",
                    str(root / n), str(root) + "//" + n, "a\x00" + n]
    kinds = set()
    for s in spelled:
        for path in (s, Path(s), s.encode()):
            for kw in ({}, {"max_bytes": 100}):
                want = _outcome(_load_by_pathlib, path, **kw)
                assert _outcome(loaders.load, path, **kw) == want, (path, kw)
                kinds.add(want[0] if want[0] == "ok" else want[2].split(": ", 1)[-1][:12])
    assert "ok" in kinds and len(kinds) >= 5  # documents, and several errors (no file, a directory, size...)


def test_load_takes_the_fast_path_for_a_plain_name(tmp_path, monkeypatch):
    # a plain str is not given to pathlib (the path this round's cut rests on); a Path still is
    f = tmp_path / "a.txt"
    f.write_bytes("一、总体要求\n".encode())
    made: list[object] = []

    class Spy(type(Path())):
        def __new__(cls, *a, **k):
            made.append(a)
            return super().__new__(cls, *a, **k)

    monkeypatch.setattr(reading, "Path", Spy)
    doc = loaders.load(str(f))
    assert made == []
    assert pickle.dumps(doc) == pickle.dumps(_load_by_pathlib(str(f)))
    # a name pathlib rewrites (an empty component, a trailing "/") goes through it: read as the file
    odd = str(tmp_path) + "//a.txt/"
    assert pickle.dumps(loaders.load(odd)) == pickle.dumps(_load_by_pathlib(odd))
    assert made == [(odd,)]


def test_parser_is_import_modules_answer(monkeypatch):
    for ext in sorted(loaders.FORMATS):
        module, _, attr = loaders.FORMATS[ext].partition(":")
        assert loaders._parser(ext) is getattr(importlib.import_module(module), attr)
    # a module not imported yet (or removed from sys.modules) is imported as importlib imports it
    monkeypatch.delitem(sys.modules, "dutygraph.loaders.txt")
    got = loaders._parser(".txt")
    assert got is sys.modules["dutygraph.loaders.txt"].parse
    # a module sys.modules holds as None: import_module's ModuleNotFoundError
    monkeypatch.setitem(sys.modules, "dutygraph.loaders.txt", None)
    with pytest.raises(ModuleNotFoundError):
        loaders._parser(".txt")


def test_load_bytes_pauses_the_collector_as_gc_paused_did(monkeypatch):
    data = sorted(PLANS.iterdir())[0].read_bytes()
    seen: list[bool] = []
    parse = loaders._parser(".txt")

    def spy(d, *, path):
        seen.append(gc.isenabled())
        if path == "boom.txt":
            raise RuntimeError("boom")
        return parse(d, path=path)

    monkeypatch.setattr(reading, "_parser", lambda ext: spy)
    assert gc.isenabled()
    doc = loaders.load_bytes(data, path="a.txt")
    assert seen == [False] and gc.isenabled()
    with pytest.raises(RuntimeError):
        loaders.load_bytes(data, path="boom.txt")
    assert seen == [False, False] and gc.isenabled()  # re-enabled after an error
    with gc_paused():
        loaders.load_bytes(data, path="a.txt")
        assert not gc.isenabled()  # (nested: left paused)
    assert gc.isenabled()
    assert pickle.dumps(doc) == pickle.dumps(loaders.load_bytes(data, path="a.txt"))


def _rebuilt(doc):
    """`doc` as `Document(...)` by keywords and every Repair as `Repair(...)`: the classes' own
    constructors (the form `_finish` and the repair steps used before their record builders)."""
    import dataclasses

    from dutygraph.records import Document, Repair

    fields = {f.name: getattr(doc, f.name) for f in dataclasses.fields(Document)}
    fields["repairs"] = tuple(Repair(r.kind, r.line, r.detail) for r in doc.repairs)
    return Document(**fields)


def test_documents_and_repairs_are_the_classes_own(monkeypatch):
    from dutygraph.records import Document, Repair
    from dutygraph.synth import generate

    inputs = [(p.read_bytes(), str(p)) for p in sorted(PLANS.iterdir())]
    inputs += [(d.data, d.name) for d in generate(60, seed=7)]
    kinds, fmts = set(), set()
    for data, name in inputs:
        try:
            doc = loaders.load_bytes(data, path=name)
        except LoadError:
            continue
        assert type(doc) is Document and all(type(r) is Repair for r in doc.repairs)
        again = _rebuilt(doc)
        assert doc == again and hash(doc) == hash(again) and repr(doc) == repr(again)
        assert pickle.dumps(doc) == pickle.dumps(again)
        assert doc.norms_joinable is again.norms_joinable
        import hashlib

        assert (doc.path, doc.name, doc.sha256) == (name, os.path.basename(name), hashlib.sha256(data).hexdigest())
        ext = os.path.splitext(name)[1].lower()
        parsed = loaders._parser(ext if ext in loaders.FORMATS else loaders._sniff_ext(data))(data, path=name)
        assert (doc.encoding, doc.fmt) == (parsed.encoding, parsed.fmt)
        kinds |= {r.kind for r in doc.repairs}
        fmts.add(doc.fmt)
    assert fmts == {"txt", "docx", "html"}
    assert {"table-row", "mojibake-prefix", "noise-line", "redaction"} <= kinds


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="/.aé\x00 ", max_size=10))
def test_extension_and_basename_are_posixpaths(s):
    assert reading._extension(s) == os.path.splitext(s)[1]
    assert reading._basename(s) == os.path.basename(s)
    b = s.encode()
    assert reading._extension(b) == os.path.splitext(b)[1] and reading._basename(b) == os.path.basename(b)
    p = Path(s) if s else Path(".")
    assert reading._extension(p) == os.path.splitext(p)[1] and reading._basename(p) == os.path.basename(p)


def _finish_before(parsed, *, data, path):
    """`reading._finish` before load27: the repairs always sorted into a list (by a new key function),
    the warnings copied into a list, each made a tuple in the Document."""
    import hashlib

    from dutygraph.loaders.base import build_lines, new_document
    from dutygraph.loaders.normalize import normalize_lines_joinable
    from dutygraph.loaders.repair import repair_lines_texts

    raw, repairs, texts = repair_lines_texts(parsed.lines)
    if not any(map(str.strip, texts)):
        raise LoadError("no text in the document", path=path)
    norms, joinable = normalize_lines_joinable(texts)
    lines = build_lines(raw, norms)
    all_repairs = sorted([*parsed.repairs, *repairs], key=lambda r: (r.line, r.kind))
    warnings = list(parsed.warnings)
    return new_document(path, reading._basename(path), hashlib.sha256(data).hexdigest(), parsed.encoding,
                        parsed.fmt, lines, tuple(all_repairs), tuple(warnings), joinable)


def test_finish_is_its_form_before():
    # (load27) the sort only for a document with repairs: the same Document (equal, same repr and pickle),
    # its repairs `()` itself when there are none; documents with and without repairs, from the parser's
    # own repairs (table rows, encoding fallbacks) and the shared ones, and with warnings
    from dutygraph.synth import generate

    inputs = [(p.read_bytes(), str(p)) for p in sorted(PLANS.iterdir())]
    inputs += [(d.data, d.name) for d in generate(80, seed=11)]
    text = "第一条 加强统筹协调，落实责任。\n" * 40
    inputs.append((text.encode() + b"\xff" + text.encode(), "damaged.txt"))  # (a warning and its repair)
    inputs.append((text.encode(), "plain.txt"))
    seen = {"none": 0, "parsed": 0, "shared": 0, "warned": 0}
    for data, name in inputs:
        ext = os.path.splitext(name)[1].lower()
        parser = loaders._parser(ext if ext in loaders.FORMATS else loaders._sniff_ext(data))
        try:
            before = _finish_before(parser(data, path=name), data=data, path=name)
        except LoadError as exc:
            with pytest.raises(LoadError) as again:
                reading._finish(parser(data, path=name), data=data, path=name)
            assert str(again.value) == str(exc)
            continue
        parsed = parser(data, path=name)
        seen["parsed"] += bool(parsed.repairs)
        seen["warned"] += bool(parsed.warnings)
        doc = reading._finish(parsed, data=data, path=name)
        seen["none"] += not doc.repairs
        seen["shared"] += len(doc.repairs) > len(parsed.repairs)
        assert doc == before and repr(doc) == repr(before) and pickle.dumps(doc) == pickle.dumps(before)
        assert type(doc.repairs) is tuple and type(doc.warnings) is tuple
        if not doc.repairs:
            assert doc.repairs is tuple()  # the shared empty tuple
    assert all(seen.values()), seen


def test_parser_follows_the_formats_entry_not_an_earlier_answer(monkeypatch):
    # (load29) each entry is split once (`reading._SPLIT`, keyed by the entry itself): an extension whose
    # entry changes gets the new entry's parser, and a module attribute replaced is read again
    html = importlib.import_module("dutygraph.loaders.html")  # (sys.modules' own: a test above imports txt anew,
    txt = importlib.import_module("dutygraph.loaders.txt")  # which leaves the package's attribute the new one)
    assert loaders._parser(".txt") is txt.parse
    monkeypatch.setitem(loaders.FORMATS, ".txt", "dutygraph.loaders.html:parse")
    assert loaders._parser(".txt") is html.parse
    monkeypatch.setitem(loaders.FORMATS, ".txt", "dutygraph.loaders.txt:parse")
    assert loaders._parser(".txt") is txt.parse

    def other(data, *, path):
        raise AssertionError

    monkeypatch.setattr(txt, "parse", other)
    assert loaders._parser(".txt") is other and loaders._parser(".text") is other
    monkeypatch.setitem(loaders.FORMATS, ".txt", "dutygraph.loaders.txt:nothing")
    with pytest.raises(AttributeError):
        loaders._parser(".txt")
