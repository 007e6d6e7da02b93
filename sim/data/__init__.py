"""Population tables shipped with eusim, with their sources (see derive_tables)."""
