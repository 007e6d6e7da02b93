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


LAST_TO_CLOSE = (23, 24)
"""Judiciary and fundamental rights; justice, freedom and security: closed last."""


def ready(state: object, chapter_state: int) -> list[int]:
    """Chapters in ``chapter_state`` that may move on now (open if not opened, close if
    open), given the candidate's state (``chapters``, ``paused``, ``status``).

    Cluster 1 sets the pace (COM(2020) 57: the fundamentals are opened first and closed
    last, and progress on them determines the overall pace of negotiations): nothing opens
    or closes in any cluster while negotiations are suspended or cluster 1 is on hold;
    chapters of other clusters open only once every cluster-1 chapter has been opened;
    chapters 23 and 24 close only after every other negotiating chapter (1-33) — other
    cluster-1 chapters may close earlier, as Montenegro's 5 and 32 did (``docs/eu-rules.md``
    §14). No chapter of a cluster on hold moves.
    """
    chapters: list[int] = state.chapters  # type: ignore[attr-defined]
    paused: list[int] = state.paused  # type: ignore[attr-defined]
    if state.status != "active" or 1 in paused:  # type: ignore[attr-defined]
        return []
    moving = [ch for ch in CHAPTERS if chapters[ch] == chapter_state
              and cluster_of(ch) not in paused]
    if chapter_state == NOT_OPENED and any(chapters[ch] == NOT_OPENED for ch in CLUSTERS[1]):
        return [ch for ch in moving if cluster_of(ch) == 1]
    if chapter_state == OPEN:
        others_done = all(chapters[ch] == CLOSED for ch in range(1, 34)
                          if ch not in LAST_TO_CLOSE)
        if not others_done:
            moving = [ch for ch in moving if ch not in LAST_TO_CLOSE]
    return moving
