"""Member-state behaviour calibrated on the Council's public votes (placeholder)."""
