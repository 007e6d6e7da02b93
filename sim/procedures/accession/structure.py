"""Accession negotiation structure: the 35 chapters and the six clusters.

Source: COM(2020) 57 and the negotiating frameworks since 2020 (``docs/eu-rules.md``
§3) [S]. Chapters 1-33 are grouped into six clusters; chapters 34 (Institutions) and
35 (Other issues) sit outside any cluster. Cluster 1 (Fundamentals) is opened first and
closed last; a provisionally closed chapter may be reopened until the overall agreement.
Chapter 9 is placed in cluster 2 [M].
"""

from __future__ import annotations

CHAPTERS = range(1, 36)
"""Valid chapter numbers, 1-35."""

CLUSTERS: dict[int, tuple[int, ...]] = {
    1: (5, 18, 23, 24, 32),
    2: (1, 2, 3, 4, 6, 7, 8, 9, 28),
    3: (10, 16, 17, 19, 20, 25, 26, 29),
    4: (14, 15, 21, 27),
    5: (11, 12, 13, 22, 33),
    6: (30, 31),
}
"""Chapters of each cluster."""

CLUSTER_NAMES: dict[int, str] = {
    1: "Fundamentals",
    2: "Internal market",
    3: "Competitiveness and inclusive growth",
    4: "Green agenda and sustainable connectivity",
    5: "Resources, agriculture and cohesion",
    6: "External relations",
}

CLUSTER_OF: dict[int, int] = {ch: cl for cl, chs in CLUSTERS.items() for ch in chs}
"""Cluster of each clustered chapter; chapters 34 and 35 have none (cluster 0)."""

NOT_OPENED, OPEN, CLOSED = 0, 1, 2
"""Chapter states: not opened, open, provisionally closed."""

STATE_NAMES = ("not opened", "open", "provisionally closed")


def cluster_of(chapter: int) -> int:
    """The cluster of ``chapter`` (0 for chapters 34 and 35)."""
    return CLUSTER_OF.get(chapter, 0)


def check_chapter(chapter: int) -> int:
    """Validator: ``chapter`` if in 1-35, else ValueError."""
    if chapter not in CHAPTERS:
        raise ValueError(f"chapter {chapter} is outside 1-35")
    return chapter


def check_cluster(cluster: int) -> int:
    """Validator: ``cluster`` if in 1-6, else ValueError."""
    if cluster not in CLUSTERS:
        raise ValueError(f"cluster {cluster} is outside 1-6")
    return cluster
