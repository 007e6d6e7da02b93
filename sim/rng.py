"""The one place where seeds become random generators.

Every public function that draws random numbers takes ``seed`` (an int, a
:class:`numpy.random.SeedSequence`, a :class:`numpy.random.Generator` or ``None``) and turns
it into a generator here. Replication ``r`` of scenario ``s`` under root seed ``root`` uses
``SeedSequence(root, spawn_key=(scenario_key(s), r))``, so each replication's stream is
independent of every other and of how replications are split across workers. Within a run,
each purpose (``votes``, ``timing``, ...) draws from its own named stream
(:class:`Streams`), derived from the run's seed and the stream's name alone. The stdlib
``random`` module is never used.
"""

from __future__ import annotations

import hashlib
import zlib
from typing import Any

import numpy as np
from numpy.random.bit_generator import ISeedSequence

SeedLike = int | np.random.SeedSequence | np.random.Generator | None


def as_generator(seed: SeedLike) -> np.random.Generator:
    """A :class:`numpy.random.Generator` from any :data:`SeedLike` (``None``: fresh entropy)."""
    if isinstance(seed, np.random.Generator):
        return seed
    return np.random.default_rng(seed)


def as_seed_sequence(seed: int | np.random.SeedSequence | None) -> np.random.SeedSequence:
    """A :class:`numpy.random.SeedSequence` from an int, a sequence or ``None``."""
    if isinstance(seed, np.random.SeedSequence):
        return seed
    return np.random.SeedSequence(seed)


def fresh_root() -> int:
    """A new root seed from operating-system entropy (printed and stored by callers)."""
    entropy = np.random.SeedSequence().entropy
    assert isinstance(entropy, int)
    return entropy % (1 << 63)


def scenario_key(name: str) -> int:
    """A stable 32-bit key for a scenario name (CRC-32 of its UTF-8 bytes)."""
    return zlib.crc32(name.encode("utf-8"))


def replication_seed(root: int, scenario: str, replicate: int) -> np.random.SeedSequence:
    """The seed of replication ``replicate`` of ``scenario`` under ``root``."""
    return np.random.SeedSequence(root, spawn_key=(scenario_key(scenario), replicate))


def named_streams(
    seed: np.random.SeedSequence, names: tuple[str, ...]
) -> dict[str, np.random.Generator]:
    """Independent generators, one per purpose, derived from ``seed``.

    Stream ``names[i]`` is spawned as child ``i`` of ``seed`` (by spawn key, without
    mutating ``seed``), so adding a purpose at the end leaves the earlier streams unchanged,
    and a change in one purpose's consumption (say, a different voting rule) leaves the
    draws of the others identical: the basis of common random numbers.
    """
    return {
        name: np.random.default_rng(
            np.random.SeedSequence(seed.entropy, spawn_key=(*seed.spawn_key, i),
                                   pool_size=seed.pool_size)
        )
        for i, name in enumerate(names)
    }


class _Words(ISeedSequence):
    """Seed words already mixed by a cryptographic hash, handed to the bit generator as its
    seed sequence (numpy's documented :class:`ISeedSequence` interface)."""

    __slots__ = ("words",)

    def __init__(self, words: bytes) -> None:
        self.words = words

    def generate_state(self, n_words: int, dtype: Any = np.uint32) -> Any:
        need = n_words * np.dtype(dtype).itemsize
        words = self.words
        while len(words) < need:  # never needed by PCG64 (4 x 32 bits), kept for safety
            words += hashlib.blake2b(words, digest_size=64).digest()
        return np.frombuffer(words[:need], dtype=dtype).copy()


def seed_identity(seed: int | np.random.SeedSequence) -> bytes:
    """The bytes that identify a run's seed: ``int`` ``n`` is ``SeedSequence(n)``."""
    if isinstance(seed, np.random.SeedSequence):
        entropy, key, pool = seed.entropy, tuple(seed.spawn_key), seed.pool_size
    elif isinstance(seed, int | np.integer) and not isinstance(seed, bool) and seed >= 0:
        entropy, key, pool = int(seed), (), 4
    else:
        raise TypeError(f"a run's seed must be a non-negative int or a numpy SeedSequence, "
                        f"got {type(seed).__name__}")
    return f"{entropy!r}|{key!r}|{pool}".encode()


def stream(seed: int | np.random.SeedSequence, name: str) -> np.random.Generator:
    """The generator of stream ``name`` of the run seeded by ``seed``.

    Its 256 seed bits are the BLAKE2b hash of the seed's identity (:func:`seed_identity`)
    and the name, so a stream depends on that run's seed and its name only: adding a purpose
    or changing how much another one draws leaves it unchanged (common random numbers), and
    making it costs a hash and a PCG64, not a :class:`~numpy.random.SeedSequence`.
    """
    return _stream(seed_identity(seed), name)


def _stream(identity: bytes, name: str) -> np.random.Generator:
    words = hashlib.blake2b(identity + b"|" + name.encode(), digest_size=32).digest()
    return np.random.Generator(np.random.PCG64(_Words(words)))  # type: ignore[arg-type]


class Streams:
    """The named random streams of one run, each made on first use (:func:`stream`)."""

    __slots__ = ("_identity", "_made")

    def __init__(self, seed: int | np.random.SeedSequence) -> None:
        self._identity = seed_identity(seed)
        self._made: dict[str, np.random.Generator] = {}

    def __getitem__(self, name: str) -> np.random.Generator:
        rng = self._made.get(name)
        if rng is None:
            rng = self._made[name] = _stream(self._identity, name)
        return rng
