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
# # Enlargement and voting power
#
# How would an enlarged Union change who can build or block a qualified majority? This
# notebook uses the enlarged councils of the EU30+ voting calculator (Ehin & Eelma 2023,
# University of Tartu, https://euvote.ut.ee):
#
# | council | members | who |
# |---|---|---|
# | EU27 | 27 | the current members |
# | EU33 | 33 | EU27 + the Western Balkans six: AL, BA, ME, MK, RS and XK (Kosovo) |
# | EU36 | 36 | EU33 + GE (Georgia), MD (Moldova), UA (Ukraine) |
# | EU37 | 37 | EU36 + TR (Türkiye) |
#
# The members' figures are the Council's 2025 population table; the candidates' are the
# approximate national figures of `sim/data/candidates.csv` (each row names its source),
# not Council figures. The calculator itself uses Eurostat figures for 1 January 2023, so
# its percentages differ slightly.

# %%
import contextlib
import io
import itertools
import json
import shlex

import matplotlib.pyplot as plt
import pandas as pd

from sim.cli import main
from sim.council import COUNCIL_PRESETS, load_council, preset_council


def eusim(command: str) -> None:
    """Run an ``eusim`` command line, as typed in a terminal, and check that it succeeds."""
    status = main(shlex.split(command))
    assert status == 0, f"eusim {command} exited with status {status}"


base = load_council(2025)
councils = {name: preset_council(name, base) for name in COUNCIL_PRESETS}
pd.DataFrame({
    "members": {n: c.size for n, c in councils.items()},
    "population (millions)": {n: round(c.total_population / 1e6, 1) for n, c in councils.items()},
    "QMV needs members": {n: -(-55 * c.size // 100) for n, c in councils.items()},
    "members to block": {n: 4 for n in councils},
})

# %% [markdown]
# ## Exact voting power
#
# eusim counts, exactly, every coalition of the Council: a member's normalised
# **Banzhaf index** is its share of all the coalitions in which its vote swings the outcome;
# the **Shapley–Shubik index** is the share of orderings in which it is pivotal. Both are
# computed here for QMV with its 4-member blocking clause, on integer populations.

# `eusim power --json` prints every member's indices; `--add` takes the candidates.


# %%
def voting_power(council: str) -> pd.DataFrame:
    """Exact QMV power in a preset council, one row per member, from ``eusim power``."""
    added = ",".join(COUNCIL_PRESETS[council])
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        eusim(f"power --rule qmv --year 2025 --json {'--add ' + added if added else ''}")
    return pd.DataFrame(json.loads(out.getvalue())["members"]).set_index("code")


power = {name: voting_power(name) for name in COUNCIL_PRESETS}
watch = ["DE", "FR", "IT", "ES", "PL", "NL", "HU", "MT", "UA", "TR", "RS", "ME"]
banzhaf = pd.DataFrame({
    name: 100 * table["banzhaf_normalised"].reindex([c for c in watch if c in table.index])
    for name, table in power.items()}).reindex(watch).round(2)
banzhaf.index.name = "Banzhaf %"
banzhaf

# %%
fig, axes = plt.subplots(1, 2, figsize=(12, 4.5))
for name, table in power.items():
    axes[0].scatter(100 * table["population_share"], 100 * table["banzhaf_normalised"],
                    label=name, s=18)
axes[0].set_xscale("log")
axes[0].set_yscale("log")
axes[0].set_xlabel("population share (%)")
axes[0].set_ylabel("normalised Banzhaf index (%)")
axes[0].set_title("Power against population, every member")
axes[0].legend()
for code in ["DE", "FR", "PL", "HU", "MT"]:
    axes[1].plot(list(power), banzhaf.loc[code], "-o", label=code)
axes[1].set_ylabel("normalised Banzhaf index (%)")
axes[1].set_title("Some of today's members as the Union grows")
axes[1].legend(ncol=2)
fig.tight_layout()

# %% [markdown]
# Today's large members lose power in every enlarged Council, but not always step by step:
# Germany's Banzhaf index is a little *higher* in EU36 than in EU33, and Malta's is higher in
# EU33 than in EU27. A member's power can grow when others join — the voting-power
# literature calls it the *paradox of new members* (Brams & Affuso, 1976). The
# Shapley–Shubik index of Germany, by contrast, falls at each step. And Türkiye, at
# about 85 million people by TurkStat's 2023 register, would be the most populous member
# of EU37 and the most powerful.

# %%
assert all(abs(table["banzhaf_normalised"].sum() - 1) < 1e-9 for table in power.values())
assert all(power[name].index.size == councils[name].size for name in COUNCIL_PRESETS)
assert (banzhaf.loc["DE", ["EU33", "EU36", "EU37"]] < banzhaf.loc["DE", "EU27"]).all()
assert banzhaf.loc["DE", "EU36"] > banzhaf.loc["DE", "EU33"]  # the paradox, for Germany
assert banzhaf.loc["MT", "EU33"] > banzhaf.loc["MT", "EU27"]  # and for Malta
shapley_de = [power[name].loc["DE", "shapley_shubik"] for name in COUNCIL_PRESETS]
assert all(a > b for a, b in itertools.pairwise(shapley_de))
largest = power["EU37"]["banzhaf_normalised"].nlargest(3)
print("most powerful in EU37:", list(largest.index))
assert list(largest.index[:2]) == ["TR", "DE"]

# %% [markdown]
# ## Can the four largest block?
#
# Germany, France, Italy and Spain hold well over 35 % of today's population, so together
# they form a blocking minority. In an enlarged Union their share shrinks:

# %%
for name in COUNCIL_PRESETS:
    council = councils[name]
    share = council.share(["DE", "FR", "IT", "ES"])
    print(f"{name}: the four largest hold {100 * share:.1f} % of the population")
eusim("vote qmv --council EU37 --no DE,FR,IT,ES")

# %% [markdown]
# The same calculator takes the candidates by name, and several rules at once:

# %%
eusim("vote qmv,reinforced-qmv --council EU36 --no Germany,France,Serbia,Hungary "
      "--abstain Ukraine")

# %% [markdown]
# ## `eusim power --add ALL` is not EU36
#
# `eusim power` has its own presets of candidates: `WB6` (the six Western Balkans, as in
# EU33) and `ALL`, the nine *candidate* countries — Türkiye included, Kosovo (a potential
# candidate) left out. EU27 + `ALL` therefore also has 36 members, but it is not the EU30+
# calculator's EU36, which includes Kosovo and not Türkiye.

# %%
eusim("power --rule qmv --add ALL")
