# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Why reverse QMV matters
#
# When a candidate country seriously backslides, the Commission may propose measures
# against it — cutting pre-accession funding, pausing clusters, reopening chapters — and
# the Council decides. The Dutch government, answering parliamentary questions on
# 6 December 2022 about Serbia's visa policy, described that decision as one by **reverse
# qualified majority** (RQMV): the Commission's proposal stands *unless* a qualified
# majority of the Council rejects it (`docs/eu-rules.md` §3 and §5). Older negotiating
# frameworks use an ordinary qualified majority (QMV) instead, and the opening and closing
# of chapters needs unanimity.
#
# This notebook puts the three rules side by side: first on one vote, then on many random
# votes, then on the whole Serbia 2022 scenario over simulated time.

# %%
import shlex

import matplotlib.pyplot as plt
import numpy as np

import sim
from sim.cli import main
from sim.council import Vote, load_council


def eusim(command: str) -> None:
    """Run an ``eusim`` command line, as typed in a terminal, and check that it succeeds."""
    status = main(shlex.split(command))
    assert status == 0, f"eusim {command} exited with status {status}"


RULES = ["qmv", "rqmv", "unanimity"]

# %% [markdown]
# ## One vote, three rules
#
# Four members oppose the measure (Hungary, Slovakia, Italy, Spain) and four abstain
# (Greece, Cyprus, Romania, Austria); the other nineteen support it. Under `rqmv`, a `no`
# is a vote *to reject* the Commission's proposal.

# %%
eusim("vote qmv,rqmv,unanimity --no HU,SK,IT,ES --abstain EL,CY,RO,AT")

# %% [markdown]
# Under QMV the nineteen supporters hold 63.9 % of the population, short of 65 %: the
# abstainers count exactly like opponents. Under RQMV the same abstainers count for the
# proposal, because only the four active votes to reject are added up, and four members
# are far from the fifteen a rejection needs. Under unanimity any single vote against
# decides.
#
# ## Abstaining is not neutral
#
# Now let every member decide independently: with probability *p* it opposes the measure,
# otherwise it supports it. In a second experiment the opponents *abstain* instead of
# voting against. `sim.adopted` evaluates thousands of votes at once.

# %%
council = load_council(2025)
rng = np.random.default_rng(2022)
shares = np.linspace(0.0, 1.0, 21)
draws = rng.random((4000, council.size))


def adoption(rule: str, p: float, opposing: Vote) -> float:
    """Share of the 4,000 random votes in which the measure ends up in force."""
    votes = np.where(draws < p, opposing, Vote.YES).astype(np.int8)
    return float(sim.adopted(rule, votes, council).mean())


fig, axes = plt.subplots(1, 2, figsize=(11, 4.2), sharey=True)
for ax, opposing, how in zip(axes, (Vote.NO, Vote.ABSTAIN), ("vote against", "abstain"),
                             strict=True):
    for rule, style in zip(RULES, ("-o", "-s", "-^"), strict=True):
        ax.plot(shares, [adoption(rule, p, opposing) for p in shares], style, label=rule,
                markersize=4)
    ax.set_title(f"Opponents {how}")
    ax.set_xlabel("probability that a member opposes the measure")
    ax.grid(alpha=0.3)
axes[0].set_ylabel("share of votes in which the measure is in force")
axes[0].legend()
fig.suptitle("EU-27, 2025 population table: 4,000 random votes per point")
fig.tight_layout()

# %% [markdown]
# Under QMV the measure needs broad **support**; under RQMV stopping it needs broad
# **opposition**. Between the two curves lies everything the choice of rule decides. When
# opponents merely abstain, RQMV never stops the measure at all — an abstention is a vote
# for the proposal — and neither does unanimity (abstentions do not prevent adoption, Art
# 238(4) TFEU: the two lines lie on top of each other at 1), while under QMV abstaining
# blocks exactly as voting against does.

# %%
half = {rule: adoption(rule, 0.5, Vote.NO) for rule in RULES}
print({rule: round(share, 3) for rule, share in half.items()})
assert half["qmv"] < 0.2 < 0.8 < half["rqmv"] and half["unanimity"] == 0.0
assert adoption("rqmv", 0.9, Vote.ABSTAIN) == 1.0
assert adoption("qmv", 0.5, Vote.ABSTAIN) == adoption("qmv", 0.5, Vote.NO)

# %% [markdown]
# ## The Serbia 2022 case, run after run
#
# The shipped scenario `serbia_2022` follows the source document: the route nearly
# tripling in 2022, a member state's request, the Commission's proposal to cut
# pre-accession funding (sparing civil society), Coreper, the Council, and Serbia's
# realignment. `sim.compare_rules` runs the **same** replications under each rule (common
# random numbers), so the differences come from the rule, not from noise.

# %%
scenario = sim.load_scenario("serbia_2022")
result = sim.compare_rules("serbia_2022", RULES, 300, seed=7)
runs = result.runs
table = runs.groupby("rule").agg(
    runs=("adopted", "size"), adopted=("adopted", "mean"),
    median_days_to_decision=("time_to_decision_days", "median"))
table


# %%
def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """The 95 % Wilson interval of a proportion k / n."""
    centre = (k + z * z / 2) / (n + z * z)
    half_width = z * np.sqrt(k * (n - k) / n + z * z / 4) / (n + z * z)
    return centre - half_width, centre + half_width


fig, ax = plt.subplots(figsize=(6, 3.6))
for i, rule in enumerate(RULES):
    adopted = runs.loc[runs["rule"] == rule, "adopted"]
    low, high = wilson(int(adopted.sum()), len(adopted))
    ax.bar(i, adopted.mean(), color=f"C{i}")
    ax.errorbar(i, adopted.mean(), yerr=[[adopted.mean() - low], [high - adopted.mean()]],
                color="black", capsize=6)
ax.set_xticks(range(len(RULES)), RULES)
ax.set_ylim(0, 1.05)
ax.set_ylabel("share of runs: measure adopted")
ax.set_title("serbia_2022, 300 runs per rule (95 % Wilson intervals)")
fig.tight_layout()

# %% [markdown]
# Under RQMV and QMV the measure passes in practically every run: the member states' stances
# in this what-if are illustrative, and few of them side with Serbia. Under unanimity one
# member voting against is enough to stop it, and that happens in a large share of the
# runs. The story of seed 4 under unanimity shows how: a single vote against sinks the first
# proposal, and the measure takes effect only months later, on a second try (under RQMV
# the same member-state draws let the first proposal stand):

# %%
assert table.loc["unanimity", "adopted"] < table.loc["rqmv", "adopted"]
assert table.loc["rqmv", "adopted"] > 0.9
assert not sim.simulate(scenario, seed=4, rule="unanimity").outcome["adopted"]
assert sim.simulate(scenario, seed=4, rule="rqmv").outcome["adopted"]
eusim("story serbia_2022 --seed 4 --rule unanimity")

# %% [markdown]
# **To try next:** change the stances in `scenarios/serbia_2022.py`, or put the measure to
# the Council with `council.decision = "window"` (deemed adopted unless rejected within
# `window_days`), and rerun the comparison.
