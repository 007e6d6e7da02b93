"""Measures against a backsliding candidate (COM(2020) 57) and their lifting.

The negotiation structure (:mod:`.structure`), the measures (:mod:`.measures`), the
procedure's specs (:mod:`.spec`), its actors (:mod:`.candidate`, :mod:`.commission`,
:mod:`.council`, :mod:`.members`), its step chain (:mod:`.steps`, :mod:`.procedure`) and one
run (:mod:`.run`).
"""
