"""dutygraph: Chinese local-government action plans -> a knowledge graph of responsibilities.

Flow (each stage imports only from the ones before it):
loaders -> extract (structure, extractors, resolve) -> graph -> stores/exports -> queries/analytics -> viz

Compiled modules: `python -m dutygraph.native build` compiles the package's modules with Cython into
`<sys.prefix>/dutygraph-native/`, one file per module named by a key of its source's bytes (and of its
augmenting `.pxd`'s, if it has one: static types for its own hot functions; and of the shared header's,
`_native_inline.pxd`, if that `.pxd` cimports it) and the toolchain (below). The finder installed here loads a module's compiled file only when one was built from
exactly the source on disk; any other module (edited since, excluded, never built) imports as Python.
`DUTYGRAPH_NATIVE=0` in the environment imports everything as Python. This file is never compiled.
"""

import hashlib
import os
import re
import sys
from importlib.machinery import EXTENSION_SUFFIXES, ExtensionFileLoader, ModuleSpec, PathFinder

__version__ = "0.1.0"

# The toolchain a compiled module's key covers besides its source: `native build` refuses any other
# Cython (the `native` extra in pyproject.toml pins the same version), and changing a directive or the
# Python ABI gives every module a new key, so nothing built otherwise is ever loaded.
NATIVE_CYTHON = "3.3.1"
NATIVE_DIRECTIVES = {"language_level": 3, "annotation_typing": False, "binding": True}
# after the flags Python was built with (sysconfig's CFLAGS: -g -O3 on pyenv's build, -g -O2 on Debian's)
NATIVE_CFLAGS = ("-g0", "-O2", "-fno-plt", "-fno-semantic-interposition")
NATIVE_SUFFIX = EXTENSION_SUFFIXES[0]  # e.g. ".cpython-311-x86_64-linux-gnu.so": the ABI tag
NATIVE_DIR = os.path.join(sys.prefix, "dutygraph-native")

_TOOLCHAIN = f"dutygraph-native 1\0Cython {NATIVE_CYTHON}\0{sorted(NATIVE_DIRECTIVES.items())}\0{NATIVE_CFLAGS}\0{NATIVE_SUFFIX}\0"
_KEYED = hashlib.sha256(_TOOLCHAIN.encode())

# The one package module an augmenting `.pxd` may cimport (`native.check_pxd`): a header of `cdef inline`
# functions only, which Cython writes into each module that cimports it (no compiled module of its own), so
# its bytes are part of those modules' keys (`native_header`).
NATIVE_HEADER = "dutygraph._native_inline"
# a .pxd's cimports: `from what cimport names` / `cimport what`
_CIMPORT = re.compile(rb"^[ \t]*(?:from[ \t]+([\w.]+)[ \t]+)?cimport[ \t]+([\w.]+)", re.M)


def native_name(module: str, source: bytes, pxd: bytes | None = None, header: bytes | None = None) -> str:
    """The file name of `module`'s compiled form when built from `source` (its bytes on disk), `pxd`, the
    bytes of the augmenting `.pxd` beside it, and `header`, NATIVE_HEADER's bytes when that `.pxd` cimports
    it (None: it has none, it does not; a module without them keeps the key it had before they were keyed)."""
    key = _KEYED.copy()
    key.update(source)
    if pxd is not None:
        key.update(b"\0.pxd\0")
        key.update(pxd)
    if header is not None:
        key.update(b"\0header\0")
        key.update(header)
    return f"{module}.{key.hexdigest()[:16]}{NATIVE_SUFFIX}"


def pxd_cimports(pxd: bytes) -> list[str]:
    """The modules a `.pxd` cimports, as written (`cython`, `cpython.unicode`, NATIVE_HEADER…)."""
    return [(m.group(1) or m.group(2)).decode("utf-8") for m in _CIMPORT.finditer(pxd)]


def native_header(pxd: bytes | None, package_dir: str) -> bytes | None:
    """NATIVE_HEADER's bytes (its file in `package_dir`, the package's folder) when `pxd` cimports it, else None."""
    if pxd is None or NATIVE_HEADER not in pxd_cimports(pxd):
        return None
    with open(os.path.join(package_dir, NATIVE_HEADER.rpartition(".")[2] + ".pxd"), "rb") as f:
        return f.read()


def read_pxd(source_path: str) -> bytes | None:
    """The bytes of the augmenting `.pxd` beside a module's source (`x/y.py` -> `x/y.pxd`), None when
    there is none."""
    try:
        with open(source_path[:-3] + ".pxd", "rb") as f:
            return f.read()
    except FileNotFoundError:
        return None


_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))


class _NativeFinder:
    """A meta-path finder for dutygraph's own modules, ahead of the normal one: the module's source as
    the normal finder finds it, and then the compiled file keyed by that source (and its `.pxd`, and the
    header it cimports) if there is one. Each module falls back alone: compiled modules call each other only
    through Python objects (a `.pxd` types its own module's functions; no module cimports another, only the
    header's inline functions, compiled into it), so any mix of compiled and Python modules behaves the same."""

    def __init__(self, directory: str) -> None:
        self.directory = directory
        # the modules with a compiled file of any key (read once: a module built later in this
        # process's lifetime is imported as Python, which is always safe)
        try:
            names = os.listdir(directory)
        except OSError:
            names = []
        self.built = {n[: -len(NATIVE_SUFFIX)].rpartition(".")[0] for n in names if n.endswith(NATIVE_SUFFIX)}

    def find_spec(self, fullname: str, path: object = None, target: object = None) -> ModuleSpec | None:
        if not fullname.startswith("dutygraph.") or fullname not in self.built:
            return None
        spec = PathFinder.find_spec(fullname, path, target)  # type: ignore[arg-type]
        if spec is None or spec.submodule_search_locations is not None or not (spec.origin or "").endswith(".py"):
            return spec
        try:
            with open(spec.origin, "rb") as f:  # type: ignore[arg-type]
                source = f.read()
            pxd = read_pxd(spec.origin)  # type: ignore[arg-type]
            header = native_header(pxd, _PACKAGE_DIR)
        except OSError:
            return spec
        so = os.path.join(self.directory, native_name(fullname, source, pxd, header))
        if not os.path.isfile(so):
            return spec  # (the normal finder's answer: asking it again would only repeat the search)
        native = ModuleSpec(fullname, ExtensionFileLoader(fullname, so), origin=so)
        native.has_location = True
        return native


if os.environ.get("DUTYGRAPH_NATIVE", "1") != "0" and not any(
    type(f).__name__ == "_NativeFinder" for f in sys.meta_path  # (the package imported again: one is enough)
):
    sys.meta_path.insert(0, _NativeFinder(NATIVE_DIR))
