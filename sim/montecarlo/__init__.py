"""Monte Carlo: runnable models, replication on any backend, tidy tables, sweeps, summaries."""
