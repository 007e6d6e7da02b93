"""Random delays in days: their spec and the one draw each takes.

A delay is gamma-distributed with a mean and a coefficient of variation, rounded up to whole
days (events happen on days); ``cv = 0`` makes it fixed. Delays are not law: every one is a
documented, overridable scenario parameter.
"""

from __future__ import annotations

import math
from typing import Annotated

import numpy as np
from pydantic import Field
from scipy.special import gammaincinv

from sim.spec import Days, Spec

MIN_CV = 1e-3
"""Delays with a smaller coefficient of variation are treated as fixed."""


class Delay(Spec):
    """A random delay in days: gamma-distributed with this mean and coefficient of variation.

    ``cv = 0`` makes it fixed. Delays are rounded up to whole days (events happen on days).
    """

    mean: Days = Field(description="mean delay [days]")
    cv: Annotated[float, Field(ge=0.0, le=5.0)] = Field(
        0.0, description="coefficient of variation, 0 = fixed [ratio]")




def draw_days(spec: Delay, rng: np.random.Generator) -> float:
    """A whole number of days drawn from ``spec``: one uniform from ``rng`` whatever the spec
    (by inverse transform), so the other delays of a run keep their random numbers."""
    u = rng.random()
    if spec.cv < MIN_CV or spec.mean == 0:  # effectively fixed
        return float(math.ceil(spec.mean))
    shape = 1.0 / (spec.cv * spec.cv)
    return float(math.ceil(float(gammaincinv(shape, u)) * spec.mean / shape))
