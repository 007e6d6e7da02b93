"""What people read: figures of Monte Carlo results and the narrated story of one run."""
