"""The discrete-event engine: clock and calendar, delays, the run context, records.

Generic SimPy machinery that every procedure uses; it knows nothing of any procedure.
"""
