"""Compiled modules: build them, list them.

    python -m dutygraph.native build [--jobs N]   # compile every eligible module not compiled yet
    python -m dutygraph.native status             # each module: compiled / stale / not built / excluded

Cython compiles each module's source as it is into C, and the C compiler that built Python (setuptools'
build_ext) makes a shared object of it, written to `<sys.prefix>/dutygraph-native/` under a name keyed by
the source's bytes and the toolchain (`dutygraph.native_name`); the finder in `dutygraph/__init__.py`
loads it for that source only. The source carries no type declarations; a hot module may have an
augmenting `.pxd` beside it (`x/y.py` + `x/y.pxd`: Cython's pure-Python mode) that gives some of its own
functions static types (`cpdef`, `@cython.locals`). Its bytes are part of the key, it may cimport only
Cython's own declarations (`cython`, `libc.*`, `cpython.*`) and the package's shared header,
`dutygraph/_native_inline.pxd` (`NATIVE_HEADER`: `cdef inline` functions only, which Cython writes into each
module cimporting them; its bytes are then part of that module's key too): never another dutygraph module, so
each module still falls back to Python alone. As Python the module ignores its `.pxd`: a `.pxd` must not change
what any function returns, which tests/test_native.py's byte-identical build of the samples checks. Incremental: a module whose keyed file is there is
not rebuilt, so when nothing changed a build only reads and hashes the sources. Files of other keys
(other branches, worktrees, earlier edits) are never loaded for a different source; each build keeps the
`KEEP_OTHERS` newest of them per module and any built in the last day (switching back to a recent branch,
or another worktree sharing this environment, needs no compile) and deletes the older ones, so the
folder does not grow with every edit.

A compile works on a copy of the bytes it hashed, in a temporary directory inside the native folder, and
its result is renamed into place: an edit during the build or a killed build never leaves a file whose
name promises a source it was not built from, nor a half-written one.

This module stays Python (its `__main__` block): it must run before anything is compiled.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from . import (NATIVE_CFLAGS, NATIVE_CYTHON, NATIVE_DIR, NATIVE_DIRECTIVES, NATIVE_HEADER, NATIVE_SUFFIX, native_header,
               native_name, pxd_cimports)

PACKAGE = Path(__file__).resolve().parent

# Modules that stay Python, and why:
# - every package's __init__.py (all small; a package's spec also carries its search path, which an
#   extension module's does not);
# - every module with a `__main__` block (`python -m` runs a module's code object: an extension module
#   has none);
# - every module whose source says so on a line of its own, `# dutygraph.native: stays Python (why)`:
#   what needs a Python frame or its own `__file__`. Being in the source, the mark changes the module's
#   key too, so no file compiled before it was added is ever loaded again;
# - the ones below.
EXCLUDED: dict[str, str] = {
    "dutygraph.loaders._t2s_data": "data only (two long literals): slow to compile, nothing to gain",
}
_MAIN_BLOCK = re.compile(rb"""^if __name__ == ["']__main__["']:""", re.M)
_MARK = re.compile(rb"^# dutygraph\.native: stays Python \((.*)\)\s*$", re.M)
# what a .pxd may cimport: Cython's own declarations and NATIVE_HEADER, never another module of the package
_CIMPORTABLE = re.compile(r"(cython|libc|cpython)(\..*)?")
# a line of NATIVE_HEADER's at its top level that is none of a comment, a cimport, a `cdef inline` function's
# first line, a `cdef extern` block's or a `ctypedef` (`class` excepted): what would need a compiled module
# of its own for the cimporting modules to import (a variable, a cdef/cpdef function, a class)
_NOT_INLINE = re.compile(rb"^(?![ \t]|\r?$|#|from[ \t]|cimport[ \t]|cdef[ \t]+inline[ \t]|cdef[ \t]+extern[ \t]"
                         rb"|ctypedef[ \t]+(?!class\b)).*", re.M)


class NativeError(Exception):
    """A build could not run or a module did not compile."""


@dataclass(frozen=True)
class Module:
    name: str  # dotted, e.g. dutygraph.extract.structure
    path: Path
    source: bytes
    excluded: str  # why the module stays Python; "" when it is compiled
    pxd: bytes | None = None  # its augmenting .pxd's bytes, if it has one
    header: bytes | None = None  # NATIVE_HEADER's bytes, if its .pxd cimports it

    @property
    def file(self) -> str:
        """Its compiled file's name for this source (and .pxd, and header)."""
        return native_name(self.name, self.source, self.pxd, self.header)


def modules(package: Path = PACKAGE) -> list[Module]:
    """Every module of the package (in packages with an __init__.py), by name, with its source's bytes
    (and its .pxd's and the header's it cimports) and why it is excluded, if it is."""
    out = []
    for path in sorted(package.rglob("*.py")):
        rel = path.relative_to(package.parent)
        if not all((package.parent / Path(*rel.parts[:i]) / "__init__.py").is_file() for i in range(1, len(rel.parts))):
            continue
        name = ".".join(rel.with_suffix("").parts)
        source = path.read_bytes()
        pxd = path.with_suffix(".pxd").read_bytes() if path.with_suffix(".pxd").is_file() else None
        if path.name == "__init__.py":
            why = "a package's __init__"
        elif path.name == "__main__.py" or _MAIN_BLOCK.search(source):
            why = "run with python -m (a __main__ block)"
        elif mark := _MARK.search(source):
            why = mark.group(1).decode("utf-8")
        else:
            why = EXCLUDED.get(name, "")
        out.append(Module(name.removesuffix(".__init__"), path, source, why, pxd, native_header(pxd, str(package))))
    return out


def status(directory: str = NATIVE_DIR) -> list[tuple[str, str]]:
    """(module, state) for every module: "compiled", "stale" (compiled files of it exist, none for its
    source as it is now), "not built" or "excluded: why"."""
    try:
        present = set(os.listdir(directory))
    except FileNotFoundError:
        present = set()
    built = {n[: -len(NATIVE_SUFFIX)].rpartition(".")[0] for n in present if n.endswith(NATIVE_SUFFIX)}
    rows = []
    for m in modules():
        if m.excluded:
            state = f"excluded: {m.excluded}"
        elif m.file in present:
            state = "compiled"
        else:
            state = "stale" if m.name in built else "not built"
        rows.append((m.name, state))
    return rows


KEEP_OTHERS = 2  # files of other keys kept per module (the newest), whatever their age
KEEP_RECENT = 86400.0  # seconds: files of other keys built or used as recently are kept too


def prune(directory: str = NATIVE_DIR, keep: int = KEEP_OTHERS, recent: float = KEEP_RECENT,
          package: Path = PACKAGE) -> list[str]:
    """Delete each module's compiled files of other keys than its source's now, but the `keep` newest
    (by modification time; name for a tie) and any modified in the last `recent` seconds: another
    checkout sharing this environment (a git worktree) keeps its files while it is worked on. Returns
    the names deleted. A process that loaded a deleted file goes on with it (Linux keeps an open file
    until it is let go)."""
    try:
        names = sorted(n for n in os.listdir(directory) if n.endswith(NATIVE_SUFFIX))
    except FileNotFoundError:
        return []
    current = {m.file for m in modules(package)}
    others: dict[str, list[tuple[float, str]]] = {}
    for n in names:
        if n in current:
            continue
        try:
            mtime = os.stat(os.path.join(directory, n)).st_mtime
        except FileNotFoundError:
            continue
        others.setdefault(n[: -len(NATIVE_SUFFIX)].rpartition(".")[0], []).append((mtime, n))
    deleted = []
    cutoff = time.time() - recent
    for files in others.values():
        for mtime, n in sorted(files, reverse=True)[keep:]:
            if mtime > cutoff:
                continue
            try:
                os.unlink(os.path.join(directory, n))
            except FileNotFoundError:
                continue
            deleted.append(n)
    return sorted(deleted)


def build(*, jobs: int = 2, directory: str = NATIVE_DIR, log=None, cflags: tuple[str, ...] = NATIVE_CFLAGS,
          package: Path = PACKAGE) -> list[str]:
    """Compile every eligible module of `package` whose keyed file is missing, `jobs` at a time (largest
    first); returns the modules compiled. NativeError when Cython is not the pinned version or a compile
    fails (the modules compiled before it are kept). Then `prune`s the directory."""
    todo = [m for m in modules(package)
            if not m.excluded and not os.path.isfile(os.path.join(directory, m.file))]
    if not todo:
        prune(directory, package=package)
        return []
    try:
        import Cython  # noqa: PLC0415 - only when something is to be compiled
    except ImportError:
        raise NativeError(f"Cython is not installed (pip install -e '.[native]' installs Cython=={NATIVE_CYTHON})") from None
    if Cython.__version__ != NATIVE_CYTHON:
        raise NativeError(f"Cython {Cython.__version__} is installed; the build is keyed to {NATIVE_CYTHON} "
                          "(pip install -e '.[native]')")
    os.makedirs(directory, exist_ok=True)
    todo.sort(key=lambda m: -len(m.source))  # the longest compiles first: both processes end together
    with tempfile.TemporaryDirectory(prefix=".build-", dir=directory) as tmp:
        with ProcessPoolExecutor(max(1, jobs)) as pool:
            futures = {pool.submit(_compile, m.name, m.source, tmp, os.path.join(directory, m.file), cflags, m.pxd,
                                   m.header): m
                       for m in todo}
            for f in as_completed(futures):
                if f.exception() is not None:
                    for g in futures:
                        g.cancel()
                    raise NativeError(f"{futures[f].name}: {f.exception()}")
                if log is not None:
                    log(f"compiled {futures[f].name} ({f.result():.1f} s of CPU)")
    prune(directory, package=package)
    return [m.name for m in todo]


def _compile(name: str, source: bytes, tmp: str, target: str, cflags: tuple[str, ...] = NATIVE_CFLAGS,
             pxd: bytes | None = None, header: bytes | None = None) -> float:
    """Compile one module (in a worker process) from `source`, `pxd` and `header`, the bytes its key was made
    from, into `target`; returns the CPU seconds it took (this process and the C compiler's). What Cython and
    the C compiler print goes to a log, shown when the compile fails."""
    import contextlib  # noqa: PLC0415 - the worker's imports: only a build needs them
    import resource  # noqa: PLC0415

    def cpu() -> float:
        own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime

    start = cpu()
    work = Path(tmp) / name
    work.mkdir()
    with open(work / "log", "w+b") as log, os.fdopen(os.dup(log.fileno()), "w", encoding="utf-8") as text:
        # the C compiler writes to fds 1 and 2, Cython to sys.stderr (which need not be fd 2)
        sys.stdout.flush()
        sys.stderr.flush()
        saved = os.dup(1), os.dup(2)
        os.dup2(log.fileno(), 1)
        os.dup2(log.fileno(), 2)
        try:
            with contextlib.redirect_stdout(text), contextlib.redirect_stderr(text):
                built = _cython_and_cc(name, source, work, cflags, pxd, header)
        except BaseException as exc:
            text.flush()
            log.seek(0)
            tail = log.read().decode("utf-8", "replace").splitlines()[-30:]
            raise NativeError("\n".join([f"{type(exc).__name__}: {exc}", *tail])) from None
        finally:
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            os.close(saved[0])
            os.close(saved[1])
    os.replace(built, target)  # the same file system: the file appears whole or not at all
    return cpu() - start


def check_pxd(pxd: bytes) -> None:
    """NativeError when an augmenting .pxd cimports anything but Cython's own declarations and NATIVE_HEADER."""
    for what in pxd_cimports(pxd):
        if not _CIMPORTABLE.fullmatch(what) and what != NATIVE_HEADER:
            raise NativeError(f"its .pxd cimports {what}: only cython, libc.*, cpython.* and {NATIVE_HEADER} "
                              "(a module must fall back to Python alone)")


def check_header(header: bytes) -> None:
    """NativeError when NATIVE_HEADER cimports anything but Cython's own declarations or holds at its top level
    anything but comments, cimports, `cdef inline` functions and declarations (`_NOT_INLINE`: a check of lines,
    not a parser): a module cimporting it must compile and import alone."""
    for what in pxd_cimports(header):
        if not _CIMPORTABLE.fullmatch(what):
            raise NativeError(f"{NATIVE_HEADER} cimports {what}: only cython, libc.* and cpython.*")
    if line := _NOT_INLINE.search(header):
        raise NativeError(f"{NATIVE_HEADER} holds {line.group(0).decode('utf-8')!r}: only `cdef inline` functions "
                          "and declarations (nothing a module would import from a compiled header)")


def _cython_and_cc(name: str, source: bytes, work: Path, cflags: tuple[str, ...], pxd: bytes | None = None,
                   header: bytes | None = None) -> str:
    """The C of `source` (Cython; with `pxd` as the augmenting .pxd beside it, and `header` as NATIVE_HEADER's
    file, the one Cython finds in the copy's root, ahead of sys.path), then its shared object (setuptools'
    build_ext: the compiler and flags that built Python, then `cflags`); returns the shared object's path."""
    from Cython.Compiler.Main import CompilationOptions, compile_single, default_options  # noqa: PLC0415
    from setuptools import Distribution, Extension  # noqa: PLC0415

    root = work / "src"
    src = root / Path(*name.split(".")).with_suffix(".py")
    src.parent.mkdir(parents=True)
    src.write_bytes(source)
    if pxd is not None:
        check_pxd(pxd)
        src.with_suffix(".pxd").write_bytes(pxd)
        # Cython looks for a module's .pxd by its dotted name, so only inside packages: empty ones here
        for depth in range(1, len(name.split("."))):
            (root / Path(*name.split(".")[:depth]) / "__init__.py").touch()
    if header is not None:
        check_header(header)
        (root / Path(*NATIVE_HEADER.split("."))).with_suffix(".pxd").write_bytes(header)
    c_file = work / f"{name}.c"
    options = CompilationOptions(default_options, compiler_directives=dict(NATIVE_DIRECTIVES),
                                 language_level=NATIVE_DIRECTIVES["language_level"], output_file=str(c_file))
    # run from the copy's root, the C names the source as in the package ("dutygraph/x/y.py", the
    # name tracebacks show): the same C from any checkout
    cwd = os.getcwd()
    os.chdir(root)
    try:
        result = compile_single(str(src.relative_to(root)), options, full_module_name=name)
    finally:
        os.chdir(cwd)
    if result.num_errors:
        raise NativeError("Cython reported errors")
    ext = Extension(name, [str(c_file)], extra_compile_args=list(cflags))
    cmd = Distribution({"name": name, "ext_modules": [ext]}).get_command_obj("build_ext")
    cmd.build_lib = cmd.build_temp = str(work / "build")
    cmd.ensure_finalized()
    cmd.run()
    return cmd.get_ext_fullpath(name)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m dutygraph.native", description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="compile every eligible module not compiled yet")
    b.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="compiles at a time (default: the cores)")
    b.add_argument("-v", "--verbose", action="store_true", help="a line per module compiled")
    sub.add_parser("status", help="list each module: compiled / stale (source changed) / not built / excluded")
    args = ap.parse_args(argv)
    if args.command == "status":
        rows = status()
        width = max(len(n) for n, _ in rows)
        try:
            for name, state in rows:
                print(f"{name:<{width}}  {state}")
            print(f"({NATIVE_DIR}; DUTYGRAPH_NATIVE=0 imports everything as Python)")
            sys.stdout.flush()
        except BrokenPipeError:  # `status | head`: end quietly with SIGPIPE's status, as the CLI does
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 141
        return 0
    start = time.monotonic()
    try:
        done = build(jobs=args.jobs, log=(lambda s: print(s, file=sys.stderr)) if args.verbose else None)
    except NativeError as exc:
        print(f"dutygraph native build failed: {exc}", file=sys.stderr)
        return 1
    if done:
        print(f"dutygraph native: compiled {len(done)} module{'s' if len(done) != 1 else ''} in {time.monotonic() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
