"""Compiled modules (dutygraph/native.py, the finder in dutygraph/__init__.py): every eligible module
loads compiled after a build, an edited module loads as Python (the others compiled), DUTYGRAPH_NATIVE=0
loads everything as Python, and a build of the samples gives the same bytes either way.

The tests that need compiled modules run the (incremental) build first; they are skipped only when
there is no C compiler, and fail when the build fails anyway."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import sysconfig
import time
import tomllib
from pathlib import Path

import pytest

import dutygraph
from dutygraph import native
from dutygraph.paths import sample_plans_dir

ROOT = Path(__file__).resolve().parent.parent
ELIGIBLE = [m for m in native.modules() if not m.excluded]

# prints "module<TAB>file" for each module named on the command line, after importing it
_WHERE = "import importlib, sys\nfor n in sys.argv[1:]:\n    print(n, importlib.import_module(n).__file__, sep='\\t')"


def _where(names: list[str], *, root: Path = ROOT, native_on: bool = True) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(root), "DUTYGRAPH_NATIVE": "1" if native_on else "0"}
    proc = subprocess.run([sys.executable, "-c", _WHERE, *names], capture_output=True, text=True, env=env,
                          cwd=root, timeout=120, check=True)
    return dict(line.split("\t") for line in proc.stdout.splitlines())


@pytest.fixture(scope="module")
def built() -> None:
    """The build done (a no-op when it is): skipped without a C compiler, a failure otherwise."""
    cc = (sysconfig.get_config_var("CC") or "cc").split()[0]
    if shutil.which(cc) is None:
        pytest.skip(f"no C compiler ({cc}): the package runs as Python, nothing compiled to test")
    headers = Path(sysconfig.get_paths()["include"]) / "Python.h"
    if not headers.is_file():
        pytest.skip(f"no {headers} (Debian: python3-dev): the package runs as Python, nothing compiled to test")
    proc = subprocess.run([sys.executable, "-m", "dutygraph.native", "build"], capture_output=True, text=True,
                          cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=1800)
    assert proc.returncode == 0, f"the native build failed with {cc} present:\n{proc.stderr[-3000:]}"


def test_after_the_build_every_eligible_module_imports_compiled_and_a_rebuild_does_nothing(built):
    files = _where([m.name for m in ELIGIBLE])
    for m in ELIGIBLE:
        assert files[m.name] == os.path.join(dutygraph.NATIVE_DIR, m.file), m.name
    start = time.process_time()
    assert native.build() == []  # nothing changed: nothing compiled, the sources only read and hashed
    assert time.process_time() - start < 1.0


def test_an_edited_module_imports_as_python_and_the_others_compiled(built, tmp_path):
    shutil.copytree(ROOT / "dutygraph", tmp_path / "dutygraph", ignore=shutil.ignore_patterns("__pycache__"))
    edited = tmp_path / "dutygraph" / "extract" / "units.py"
    edited.write_bytes(edited.read_bytes() + b"# an edit since the build\n")
    names = ["dutygraph.extract.units", "dutygraph.extract.structure", "dutygraph.records"]
    files = _where(names, root=tmp_path)
    assert files["dutygraph.extract.units"] == str(edited)
    for m in ELIGIBLE:
        if m.name in names[1:]:
            assert files[m.name] == os.path.join(dutygraph.NATIVE_DIR, m.file)
    assert dict(native.status())["dutygraph.extract.units"] == "compiled"  # (this checkout's own: untouched)


def test_a_module_given_a_pxd_since_the_build_imports_as_python(built, tmp_path):
    shutil.copytree(ROOT / "dutygraph", tmp_path / "dutygraph", ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "dutygraph" / "extract" / "units.pxd").write_bytes(b"cimport cython\n")
    files = _where(["dutygraph.extract.units", "dutygraph.records"], root=tmp_path)
    assert files["dutygraph.extract.units"] == str(tmp_path / "dutygraph" / "extract" / "units.py")
    assert files["dutygraph.records"] == os.path.join(dutygraph.NATIVE_DIR, native_name_of("dutygraph.records"))


def native_name_of(module: str) -> str:
    return next(m.file for m in ELIGIBLE if m.name == module)


def test_dutygraph_native_0_imports_everything_as_python():
    files = _where([m.name for m in ELIGIBLE], native_on=False)
    for m in ELIGIBLE:
        assert files[m.name] == str(m.path), m.name


def test_excluded_modules_say_why():
    why = {m.name: m.excluded for m in native.modules()}
    assert why["dutygraph"] == "a package's __init__"
    assert why["dutygraph.cli"].startswith("run with python -m")  # tests run it so; runpy needs code
    assert why["dutygraph.native"].startswith("run with python -m")
    assert "__file__" in why["dutygraph.paths"]
    assert "frame" in why["dutygraph.exports.ladybug_store"]
    assert why["dutygraph.extract.structure"] == ""


def test_the_key_follows_the_source_and_the_toolchain():
    a = dutygraph.native_name("dutygraph.x", b"x = 1\n")
    assert a.startswith("dutygraph.x.") and a.endswith(dutygraph.NATIVE_SUFFIX)
    assert dutygraph.native_name("dutygraph.x", b"x = 1\n") == a
    assert dutygraph.native_name("dutygraph.x", b"x = 1\n#\n") != a


def test_the_key_follows_the_pxd_and_a_module_without_one_keeps_its_key():
    plain = dutygraph.native_name("dutygraph.x", b"x = 1\n")
    assert dutygraph.native_name("dutygraph.x", b"x = 1\n", None) == plain
    typed = dutygraph.native_name("dutygraph.x", b"x = 1\n", b"cimport cython\n")
    assert len({plain, typed, dutygraph.native_name("dutygraph.x", b"x = 1\n", b"")}) == 3
    assert dutygraph.native_name("dutygraph.x", b"x = 1\n", b"cimport cython\n\n") != typed


def test_the_key_follows_the_header_and_a_module_without_it_keeps_its_key():
    typed = dutygraph.native_name("dutygraph.x", b"x = 1\n", b"cimport cython\n")
    assert dutygraph.native_name("dutygraph.x", b"x = 1\n", b"cimport cython\n", None) == typed
    shared = dutygraph.native_name("dutygraph.x", b"x = 1\n", b"cimport cython\n", b"# h\n")
    assert len({typed, shared, dutygraph.native_name("dutygraph.x", b"x = 1\n", b"cimport cython\n", b"# h2\n")}) == 3


def test_editing_the_header_changes_the_key_of_the_modules_cimporting_it_and_of_no_other(built, tmp_path):
    """The header's bytes are in the key of each module whose .pxd cimports it (the finder's key as the
    build's): edited, those modules import as Python, the others (with a .pxd or without) compiled."""
    shutil.copytree(ROOT / "dutygraph", tmp_path / "dutygraph", ignore=shutil.ignore_patterns("__pycache__"))
    header = tmp_path / "dutygraph" / "_native_inline.pxd"
    before = {m.name: m for m in native.modules(tmp_path / "dutygraph")}
    cimporting = {n for n, m in before.items()
                  if m.pxd is not None and dutygraph.NATIVE_HEADER in native.pxd_cimports(m.pxd)}
    assert {"dutygraph.extract.structure", "dutygraph.extract.deadlines"} <= cimporting
    assert {n for n, m in before.items() if m.header == header.read_bytes()} == cimporting
    assert before["dutygraph.extract.units"].pxd is not None and "dutygraph.extract.units" not in cimporting
    header.write_bytes(header.read_bytes() + b"# an edit since the build\n")
    after = {m.name: m for m in native.modules(tmp_path / "dutygraph")}
    assert {n for n in before if before[n].file != after[n].file} == cimporting
    files = _where(["dutygraph.extract.structure", "dutygraph.extract.units", "dutygraph.records"], root=tmp_path)
    assert files["dutygraph.extract.structure"] == str(tmp_path / "dutygraph" / "extract" / "structure.py")
    for name in ("dutygraph.extract.units", "dutygraph.records"):
        assert files[name] == os.path.join(dutygraph.NATIVE_DIR, native_name_of(name))


def test_a_build_from_nothing_and_after_an_edit_of_the_header_compiles_what_it_should(tmp_path):
    """A package of three modules: `a` cimports the header, `b` has a .pxd that does not, `c` none. A build
    from nothing compiles the three, a build then nothing; after an edit of the header only, `a` alone, built
    from the header as edited (its copy, not the one on sys.path), and it imports with no header module."""
    pytest.importorskip("Cython")
    package = tmp_path / "src" / "dutygraph"
    package.mkdir(parents=True)
    (package / "__init__.py").write_bytes(b"")
    header = package / "_native_inline.pxd"
    header.write_bytes(b"cdef inline long _probe_c() noexcept:\n    return 1\n")
    (package / "a.py").write_bytes(b"def f():\n    return _probe_c()  # noqa: F821 - the header's\n")
    (package / "a.pxd").write_bytes(b"from dutygraph._native_inline cimport _probe_c\n")
    (package / "b.py").write_bytes(b"def g(x):\n    return x\n")
    (package / "b.pxd").write_bytes(b"cimport cython\n\ncpdef str g(str x)\n")
    (package / "c.py").write_bytes(b"def h():\n    return 3\n")
    out = tmp_path / "native"
    assert sorted(native.build(directory=str(out), package=package)) == ["dutygraph.a", "dutygraph.b", "dutygraph.c"]
    assert native.build(directory=str(out), package=package) == []
    first = {m.name: m.file for m in native.modules(package)}
    header.write_bytes(b"cdef inline long _probe_c() noexcept:\n    return 2\n")
    assert native.build(directory=str(out), package=package) == ["dutygraph.a"]
    now = {m.name: m.file for m in native.modules(package)}
    assert now["dutygraph.a"] != first["dutygraph.a"] and {n: now[n] for n in now if n != "dutygraph.a"} == \
        {n: first[n] for n in first if n != "dutygraph.a"}
    assert _load("dutygraph.a", out / first["dutygraph.a"]).f() == 1
    assert _load("dutygraph.a", out / now["dutygraph.a"]).f() == 2
    assert "dutygraph._native_inline" not in sys.modules


def _load(name: str, so: Path):
    spec = importlib.util.spec_from_file_location(name, so)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_pxd_types_its_modules_functions_when_compiled(tmp_path):
    pytest.importorskip("Cython")
    source = b"def f(x):\n    return x\n"
    for pxd in (None, b"cpdef str f(str x)\n"):
        work = tmp_path / f"pxd-{pxd is not None}"
        work.mkdir()
        target = work / "typedprobe.so"
        native._compile("dutygraph.typedprobe", source, str(work), str(target), pxd=pxd)
        f = _load("dutygraph.typedprobe", target).f
        assert f("a") == "a"
        if pxd is None:
            assert f(3) == 3
        else:  # the declared type is checked: the .pxd was compiled in
            with pytest.raises(TypeError, match="incorrect type"):
                f(3)


def test_a_pxd_may_cimport_only_cythons_own_declarations_and_the_header(tmp_path):
    native.check_pxd(b"cimport cython\nfrom libc.string cimport memcmp\nfrom cpython.unicode cimport PyUnicode_READ\n")
    native.check_pxd(b"cimport cython\nfrom dutygraph._native_inline cimport _ch_c, _next_ucs2_c\n")
    for bad in (b"from dutygraph.extract.units cimport resolve\n", b"cimport dutygraph.records\n",
                b"cimport cython\n  from numpy cimport ndarray\n", b"from dutygraph cimport _native_inline\n",
                b"from dutygraph._native_inline_x cimport f\n", b"from .._native_inline cimport _ch_c\n"):
        with pytest.raises(native.NativeError, match="only cython, libc"):
            native.check_pxd(bad)


def test_the_header_holds_only_inline_functions_and_cimports_only_cythons_own_declarations():
    native.check_header((ROOT / "dutygraph" / "_native_inline.pxd").read_bytes())
    inline = b"from libc.stdint cimport uint64_t\n\n# a read\ncdef inline int f(int x) noexcept:\n    return x\n"
    native.check_header(inline)
    for bad in (b"from dutygraph.extract.units cimport resolve\n", b"from dutygraph._native_inline cimport f\n"):
        with pytest.raises(native.NativeError, match="only cython, libc"):
            native.check_header(inline + bad)
    # what the cimporting modules would import from a compiled header of its own
    for bad in (b"cdef int x\n", b"cdef int g(int x)\n", b"cpdef int g(int x)\n", b"cdef class K:\n    pass\n",
                b"def g():\n    pass\n", b"cdef:\n    int x\n"):
        with pytest.raises(native.NativeError, match="only `cdef inline` functions"):
            native.check_header(inline + bad)


def test_the_cython_pin_is_the_one_the_key_names():
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    assert f"Cython=={dutygraph.NATIVE_CYTHON}" in extras["native"]


def test_a_failed_compile_leaves_no_file(tmp_path):
    pytest.importorskip("Cython")
    target = tmp_path / "dutygraph.broken.so"
    source = b"def f():\n    x = 1\n    def g():\n        return x\n    del x\n"  # Cython refuses this del
    with pytest.raises(native.NativeError, match="referenced in nested scope"):
        native._compile("dutygraph.broken", source, str(tmp_path), str(target))
    assert not target.exists()


def test_a_build_of_the_samples_is_byte_identical_compiled_and_as_python(built, tmp_path):
    trees = {}
    for on in (True, False):
        out = tmp_path / f"native-{int(on)}"
        env = {**os.environ, "PYTHONPATH": str(ROOT), "DUTYGRAPH_NATIVE": "1" if on else "0"}
        subprocess.run([sys.executable, "-m", "dutygraph.cli", "build", str(sample_plans_dir()), "--out", str(out)],
                       capture_output=True, env=env, cwd=ROOT, timeout=600, check=True)
        trees[on] = {p.relative_to(out): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    assert len(trees[True]) > 100
    assert trees[True].keys() == trees[False].keys()
    differ = [str(p) for p in trees[True] if trees[True][p] != trees[False][p]]
    assert not differ


# Outlines and clauses of seeded random lines made of the samples' shapes (markers, every kind of clause
# bracket, labels, cut-off and unbalanced brackets, inline sub-items, titles), as one digest: the typed
# paths of the modules with a .pxd (structure, responsibility) against the same source run as Python.
_TYPED_PROBE = """
import hashlib, random, sys
from dutygraph.extract import responsibility, structure
from dutygraph.loaders.normalize import normalize
from dutygraph.records import Document, Line
pieces = [
    "一、", "(一)", "（二）", "1.", "2、", "12.25", "2022.", "(1)", "(2)", "①", "附件1", "附件:", "、", " ", "\\t", "\\u3000",
    "。", ":", "：", ";", "(", ")", "〔", "〕", "【", "】", "\\ufffd", "?", "市审批局牵头", "区财政局牵头)",
    "(责任单位:市审批局;配合单位:各县区政府)", "〔牵头单位:市政数局;完成时限:2022年4月30日〕", "牵头单位:", "责任单位:",
    "配合单位:", "完成时限:2022年底前", "(区财政局(区地方金融监管局负责)", "(区市监局牵头,鸠江公安局、区数管局按职责分工负责)",
    "市发改委、市财政局分别牵头", "各县〔市、", "按职", "负责", "配合", "行动方案", "推进情况", "工作要求", "保障措施",
    "等问题。", "是否", "深化改革。", "1.政务服务指标(区政数局牵头):", "附件2:", "关于印发", "2023年", "发布时间:2023-05-06",
]
rng = random.Random(int(sys.argv[1]))
digest = hashlib.sha256()
for _ in range(int(sys.argv[2])):
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randrange(9))) for _ in range(rng.randrange(1, 25))]
    lines = tuple(Line(i + 1, t, normalize(t)) for i, t in enumerate(texts))
    doc = Document("probe.txt", "probe.txt", "", "utf-8", "txt", lines)
    digest.update(repr(structure.outline(doc)).encode())
    for t in texts:
        digest.update(repr(responsibility.find_responsibility(t)).encode())
print(digest.hexdigest(), structure.__file__, responsibility.__file__)
"""


def test_the_typed_modules_give_what_their_source_gives_as_python(built):
    """A .pxd must not change an answer: the same seeded random documents, outlined compiled (typed) and
    as Python, give the same outlines and clauses."""
    got = {}
    for on in (True, False):
        env = {**os.environ, "PYTHONPATH": str(ROOT), "DUTYGRAPH_NATIVE": "1" if on else "0", "PYTHONHASHSEED": "0"}
        proc = subprocess.run([sys.executable, "-c", _TYPED_PROBE, "0", "400"], capture_output=True, text=True,
                              env=env, cwd=ROOT, timeout=600, check=True)
        got[on] = proc.stdout.split()
    assert all(f.endswith(native.NATIVE_SUFFIX) for f in got[True][1:])  # the compiled (typed) modules ran
    assert all(f.endswith(".py") for f in got[False][1:])
    assert got[True][0] == got[False][0]


def test_a_build_keeps_the_current_file_the_two_newest_others_and_the_recent_ones_of_each_module(tmp_path):
    """Files of other keys (earlier edits, other branches) do not pile up: per module, the file of its
    source now, the KEEP_OTHERS newest others and those built in the last day stay, older ones go;
    other modules are untouched."""
    m, other = ELIGIBLE[0], ELIGIBLE[1]
    stem = m.file[: -len(native.NATIVE_SUFFIX)].rpartition(".")[0]
    old = [f"{stem}.{i:016x}{native.NATIVE_SUFFIX}" for i in range(5)]
    for age, name in enumerate([m.file, *old, other.file]):
        (tmp_path / name).write_bytes(b"")
        os.utime(tmp_path / name, (1_000_000 + 10 * age, 1_000_000 + 10 * age))  # the current one oldest
    assert native.prune(str(tmp_path)) == sorted(old[:3])  # all old: the two newest stay
    assert sorted(os.listdir(tmp_path)) == sorted([m.file, old[3], old[4], other.file])
    # three built in the last hours (other worktrees'): all three stay beside the current one
    recent = [f"{stem}.{99 + i:016x}{native.NATIVE_SUFFIX}" for i in range(3)]
    for i, name in enumerate(recent):
        (tmp_path / name).write_bytes(b"")
        os.utime(tmp_path / name, (time.time() - 3600 * (i + 1),) * 2)
    assert native.prune(str(tmp_path)) == sorted(old[3:])
    assert sorted(os.listdir(tmp_path)) == sorted([m.file, *recent, other.file])
    assert native.prune(str(tmp_path)) == []
