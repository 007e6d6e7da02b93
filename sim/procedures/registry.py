"""Every procedure eusim knows: registry key -> the package exposing its ``PLUGIN``.

A procedure is one folder ``sim/procedures/<name>/`` plus one line here.
"""

PROCEDURES: dict[str, str] = {
    "accession-measures": "sim.procedures.accession",
    "visa-suspension": "sim.procedures.visa_suspension",
    "agreement": "sim.procedures.agreement",
}
