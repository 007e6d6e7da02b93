"""The actors of a run, one module each: candidate, member states, Commission, Council."""
