"""Atomic file writes: write to a temporary file in the same directory, fsync, rename into place.

`open_output` is for a file a user names (`extract -o FILE`): it also removes the temp files of
FILE that killed runs left behind (never one a running writer holds), and writes a FIFO or device
in place and a symlink's target (renaming over them would replace them with a plain file)."""

from __future__ import annotations

import contextlib
import fcntl
import gc
import os
import re
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# mkstemp makes 0600 files; outputs are ordinary files (0644 under the usual umask)
_MODE = 0o666 & ~_umask()
# and mkdtemp makes 0700 folders; an output folder is an ordinary folder (0755 under the usual umask)
DIR_MODE = 0o777 & ~_umask()

# The durability rule. A file written on its own (an exporter run outside a build, `extract -o`) is
# fsynced before it is renamed into place (`extract -o`: and its folder after). A build writes
# everything into a staging folder and makes it durable in one step before swapping it in
# (sync_tree, then the parent folder after the rename: commands/build.py), so inside it files are
# not fsynced one by one: every exporter's files and the site's pages alike. Forked export workers
# inherit the setting. One step, not one fsync per file: on ext4 every fsync also flushes the disk's
# write cache, clean file or not; fsyncing the 57k files of a 10k build took 45-105 s here, one
# syncfs a few ms plus the writing-out of whatever is still dirty.
_sync_each = True


@contextlib.contextmanager
def deferred_sync() -> Iterator[None]:
    """Inside the block, files are not fsynced one by one: the caller syncs them all (sync_tree)."""
    global _sync_each
    was = _sync_each
    _sync_each = False
    try:
        yield
    finally:
        _sync_each = was


def sync_tree(root: Path) -> str:
    """Everything under `root` on disk: one syncfs of its file system (Linux), else an fsync of every
    file and folder under it. Says which ("syncfs" or "fsync of N files")."""
    if _syncfs(root):
        return "syncfs"
    count = 0
    stack = [os.fspath(root)]
    while stack:
        folder = stack.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                elif entry.is_file(follow_symlinks=False):
                    fd = os.open(entry.path, os.O_RDONLY | os.O_CLOEXEC)
                    try:
                        os.fsync(fd)
                    finally:
                        os.close(fd)
                    count += 1
        sync_dir(Path(folder))
    return f"fsync of {count} files"


def _syncfs(path: Path) -> bool:
    """syncfs(2) of the file system holding `path`; False where there is none (not Linux)."""
    import ctypes  # noqa: PLC0415 - only builds need it

    try:
        func = ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):
        return False
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        if func(fd) != 0:
            err = ctypes.get_errno()
            raise OSError(err, os.strerror(err), str(path))
    finally:
        os.close(fd)
    return True


def _discard(tmp: str) -> None:
    """Remove a temp file that will not be renamed into place (gone already is fine)."""
    try:
        os.unlink(tmp)
    except FileNotFoundError:
        pass


def write_bytes(path: Path, data: bytes | memoryview) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            if _sync_each:
                os.fsync(fh.fileno())
        os.chmod(tmp, _MODE)
        os.replace(tmp, path)
    except BaseException:
        _discard(tmp)
        raise
    return path


def write_text(path: Path, text: str, *, encoding: str = "utf-8") -> Path:
    return write_bytes(path, text.encode(encoding))


@contextlib.contextmanager
def open_atomic(path: Path, *, encoding: str = "utf-8") -> Iterator[TextIO]:
    """A text file handle whose content appears at `path` only when the block completes."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="\n") as fh:
            yield fh
            fh.flush()
            if _sync_each:
                os.fsync(fh.fileno())
        os.chmod(tmp, _MODE)
        os.replace(tmp, path)
    except BaseException:
        _discard(tmp)
        raise


@contextlib.contextmanager
def open_output(path: Path, *, encoding: str = "utf-8") -> Iterator[TextIO]:
    """`open_atomic` for a file a user names. Its temp file `.NAME.XXXXXXXX.tmp` is locked (flock)
    for as long as the writer lives; temp files of NAME that no process holds were left by a run that
    was killed (SIGKILL, power cut: no cleanup ran) and are removed first. A lock, not a pid in the
    name: it is released by the kernel when its holder dies, whatever pid namespace or host reuse.
    An existing FIFO, device or socket (`-o /dev/stdout`) is written in place, not atomically (it
    cannot be renamed over); a symlink keeps pointing where it did and its target is replaced."""
    path = Path(path)
    try:
        st = os.stat(path)  # follows symlinks
    except FileNotFoundError:
        st = None
    if st is not None and not stat.S_ISREG(st.st_mode):
        with open(path, "w", encoding=encoding, newline="\n") as fh:
            yield fh
        return
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(path)
    fd, tmp = _locked_temp(path)
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="\n") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
            os.chmod(tmp, _MODE)
            os.replace(tmp, path)  # still holding the lock: no one removes it before it is renamed
        sync_dir(path.parent)
    except BaseException:
        _discard(tmp)
        raise


def _temp_name(path: Path) -> re.Pattern[str]:
    # what mkstemp(prefix=".NAME.", suffix=".tmp") makes: eight of [a-z0-9_] between them
    return re.compile(rf"\.{re.escape(path.name)}\.[a-z0-9_]{{8}}\.tmp")


def _locked_temp(path: Path) -> tuple[int, str]:
    """A new temp file beside `path`, locked. Between mkstemp and the lock another run may take it
    for a dead run's (nobody held it) and remove it: then it is no longer there, and we make another."""
    while True:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)  # a sweeper holds it for an instant at most
        except OSError:  # no locks on this file system: nothing can tell a live writer, nothing is swept
            return fd, tmp
        try:
            if os.path.samestat(os.fstat(fd), os.stat(tmp, follow_symlinks=False)):
                return fd, tmp
        except FileNotFoundError:
            pass
        os.close(fd)


def remove_stale(path: Path) -> list[str]:
    """Remove the temp files of `open_output(path)` that no process holds: left by killed runs."""
    path = Path(path)
    pattern = _temp_name(path)
    removed = []
    try:
        entries = [e for e in os.scandir(path.parent) if pattern.fullmatch(e.name)]
    except OSError:
        return removed
    for entry in entries:
        try:
            fd = os.open(entry.path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            if os.path.samestat(os.fstat(fd), os.stat(entry.path, follow_symlinks=False)):
                os.unlink(entry.path)  # under our lock: a writer that made it just now makes another
                removed.append(entry.path)
        except OSError:  # held by a live writer, gone already, or no locks here: leave it
            pass
        finally:
            os.close(fd)
    return removed


def sync_dir(d: Path) -> None:
    """A folder's entries (a rename into it, a new file) made durable, where the file system allows it."""
    try:
        fd = os.open(d, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection inside the block (restored after). The exporters allocate millions
    of short-lived containers and make no reference cycles; with a province-scale graph in memory every
    full collection walks all of it (~25% of an exporter's time at 10k documents)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
