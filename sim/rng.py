"""The one place where seeds become random generators.

Every public function that draws random numbers takes ``seed`` (an int, a
:class:`numpy.random.SeedSequence`, a :class:`numpy.random.Generator` or ``None``) and turns
it into a generator here. Replication ``r`` of scenario ``s`` under root seed ``root`` uses
``SeedSequence(root, spawn_key=(scenario_key(s), r))``, so each replication's stream is
independent of every other and of how replications are split across workers. The stdlib
``random`` module is never used.
"""

from __future__ import annotations

import zlib

import numpy as np

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
