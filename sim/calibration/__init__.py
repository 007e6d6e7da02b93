"""Member-state behaviour calibrated on the Council's public votes, with predictive checks.

The model (see ``docs/calibration.md``): per vote, two latent factors — the vote's
*contestedness* ``z``, which moves every member's log-odds of dissent (voting against or
abstaining) together with member-specific loadings, and an *opt-out* factor ``u`` for
non-participation — plus effects observable before the vote: member, policy area (so
Denmark's and Ireland's non-participation in justice and home affairs follows), rule, and
recency weights on the training votes. Why a latent factor rather than finite mixture
classes or ideal points: dissent is rare (a typical member dissents in 1–4 % of votes), so
per-vote ideal-point directions are not identified from a handful of dissenters, and a
vote's direction is unknown before it is taken anyway; a two-class mixture (consensual /
contested) puts all contested votes at one level of contestedness and cannot produce both
the many single-dissenter votes and the long tail of five or more; a continuous normal
factor does both with one parameter per member, and its likelihood is integrated exactly
by quadrature.

API (stable)::

    fit(votes, until=None, seed=0) -> CalibratedModel
    default_model() -> CalibratedModel          # shipped: fitted on the 2010–2020 votes
    model.probabilities(members, area=, rule=, date=) -> (M, 4)
    model.sample(rng, n, members, area=, rule=, date=, shift=None) -> int8 (n, M)
    model.to_json() / CalibratedModel.from_json(text)
    read_votes(path=None) -> Votes;  validate(model, votes);  holdout(votes, split)

Data: SWP EU Council Monitor (N. von Ondarza and P. Bochtler, GESIS, doi:10.7802/2560,
CC BY 4.0), from the Council's public voting results.
"""

from sim.calibration.fitting import Settings
from sim.calibration.model import CalibratedModel, default_model, fit
from sim.calibration.validation import Validation, holdout, validate
from sim.calibration.votes import Votes, read_votes

__all__ = ["CalibratedModel", "Settings", "Validation", "Votes", "default_model", "fit",
           "holdout", "read_votes", "validate"]
