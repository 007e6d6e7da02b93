"""International agreements under Art 218 TFEU: authorisation, negotiation, signature, the
Parliament's consent, conclusion. :mod:`.spec` the section, :mod:`.steps` the chain,
:mod:`.procedure` the plug-in."""

from sim.procedures.agreement.procedure import PLUGIN

__all__ = ["PLUGIN"]
