"""Result folders that change only as a whole: one writer, a staging folder, a swap.

A result set is written into a *staging* folder beside the target, ``.NAME.eusim-new-TOKEN``,
and then swapped in with renames, so that whatever instant a run is killed at, ``NAME``
holds either the previous complete set or the new one, never a mix:

* on Linux the two folders are exchanged in one atomic ``renameat2(RENAME_EXCHANGE)``;
* elsewhere (or on a file system without it) ``NAME`` is renamed to
  ``.NAME.eusim-old-TOKEN`` and the staging folder to ``NAME``; a kill between the two
  renames leaves no ``NAME`` for an instant, and the next writer puts the old set back.

One writer per folder: an advisory lock (the ``filelock`` package: ``fcntl`` on Linux and
macOS, ``msvcrt`` on Windows) on ``.NAME.eusim-lock`` beside the folder; a second writer is
refused at once. The lock holder cleans what a killed writer left behind (staging and old
folders) before it starts. Entries of the old folder that are not part of a result set (a
figures folder the user put inside it, say) are moved into the new one.

File-system failures (a full disk, a permission, a folder that vanished) become
:class:`ResourceError`: one line naming the file and the reason.
"""

from __future__ import annotations

import ctypes
import errno
import os
import secrets
import shutil
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from sim.errors import InputError

STAGING = "eusim-new"
OLD = "eusim-old"
LOCK = "eusim-lock"


class ResourceError(OSError):
    """The machine could not do what was asked (disk full, permission, vanished folder).

    The message is one line naming the file and the reason; the command line exits with
    status 1 (the input was fine).
    """

    def __str__(self) -> str:
        return str(self.args[-1])


def sibling(folder: Path, kind: str, token: str = "") -> Path:
    """``.NAME.KIND[-TOKEN]`` beside ``folder``."""
    return folder.parent / f".{folder.name}.{kind}{'-' + token if token else ''}"


def reason(exc: BaseException, path: Path | str | None = None) -> str:
    """``cannot write FILE: REASON`` in one line, from an :class:`OSError`."""
    if isinstance(exc, OSError):
        name = exc.filename or path
        text = exc.strerror or str(exc)
        if exc.errno is None and "errno" in text:  # pyarrow puts the C error in its text
            text = text.split("]")[-1].strip() or text
    else:
        name, text = path, str(exc)
    return " ".join(f"cannot write {name}: {text}".split())


@contextmanager
def resource_errors(path: Callable[[], Path | str | None]) -> Iterator[None]:
    """Turn any :class:`OSError` inside into a :class:`ResourceError` naming ``path()``."""
    try:
        yield
    except ResourceError:
        raise
    except OSError as exc:
        raise ResourceError(exc.errno, reason(exc, path())) from None


@contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold the one-writer lock of ``folder`` (InputError at once if another run has it)."""
    from filelock import FileLock, Timeout

    lock_path = sibling(folder, LOCK)
    folder.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(lock_path, timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise InputError(f"{folder} is being written by another eusim run (lock "
                         f"{lock_path.name}): wait for it to finish or choose another "
                         "--out") from None
    try:
        recover(folder)
        yield
    finally:
        lock.release()


def recover(folder: Path) -> None:
    """Repair what a killed writer left beside ``folder`` (call with the lock held).

    An old set whose folder is gone (a kill between the two renames of a swap) is put
    back; every other staging or old folder is retired.
    """
    prefix = f".{folder.name}."
    leftovers = sorted(p for p in folder.parent.iterdir() if p.name.startswith(prefix)
                       and p.name[len(prefix):].startswith((STAGING + "-", OLD + "-"))
                       and p.is_dir())
    for path in leftovers:
        if path.name[len(prefix):].startswith(OLD) and not folder.exists():
            os.rename(path, folder)
    for path in leftovers:
        if path.exists():
            retire(path, folder if path.name[len(prefix):].startswith(OLD) else None)


def retire(old: Path, into: Path | None) -> None:
    """Remove the folder ``old``.

    With ``into``, entries of ``old`` that are not eusim's (not in :data:`SET_FILES`) are
    moved into ``into`` where the name is free, so that user files survive a swap.
    """
    if into is not None and into.is_dir():
        for entry in sorted(old.iterdir()):
            if entry.name not in SET_FILES and not (into / entry.name).exists():
                os.rename(entry, into / entry.name)
    shutil.rmtree(old, ignore_errors=True)


SET_FILES = frozenset({"manifest.json", "runs.parquet", "votes.parquet", "parameters.parquet",
                       "runs.csv", "votes.csv", "events.csv", "summary.txt", "parts"})
"""Names that belong to a result set; anything else in a results folder is the user's."""


def new_staging(folder: Path) -> Path:
    """A fresh, empty staging folder beside ``folder``."""
    path = sibling(folder, STAGING, secrets.token_hex(4))
    path.mkdir()
    return path


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux ``renameat2``); False where not supported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                   ctypes.c_uint]
    if fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def swap_in(staging: Path, folder: Path) -> None:
    """Make the complete set in ``staging`` the contents of ``folder`` (see module doc)."""
    if not folder.exists():
        os.rename(staging, folder)
        return
    if _exchange(staging, folder):
        retire(staging, folder)
        return
    old = sibling(folder, OLD, staging.name.rsplit("-", 1)[-1])
    os.rename(folder, old)
    os.rename(staging, folder)
    retire(old, folder)


def check_target(folder: Path) -> None:
    """Refuse a ``folder`` that exists and is not a results folder (it would be replaced)."""
    if folder.is_dir() and any(folder.iterdir()) and not (folder / "manifest.json").exists():
        raise InputError(f"{folder} exists and is not an eusim results folder: choose a new "
                         "or empty folder for --out")
    if folder.exists() and not folder.is_dir():
        raise InputError(f"{folder} exists and is not a folder")


@contextmanager
def deferred_interrupts() -> Iterator[list[Any]]:
    """Hold Ctrl-C back while a set is written: the write finishes, the signal is dropped.

    Yields the list of signals received meanwhile. Outside the main thread (where signals
    cannot be caught) the block runs as it is.
    """
    caught: list[Any] = []
    if threading.current_thread() is not threading.main_thread():
        yield caught
        return
    previous = signal.signal(signal.SIGINT, lambda sig, _frame: caught.append(sig))
    try:
        yield caught
    finally:
        signal.signal(signal.SIGINT, previous)


def remove(path: Path) -> None:
    """Remove a staging folder, whatever is in it (errors ignored: it is ours)."""
    with suppress(OSError):
        shutil.rmtree(path)
