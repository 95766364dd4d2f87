"""Small text helpers shared by the search analyzer and the study readers.

>>> spell_greek("TNF-α and β-blockers")
'TNF-alpha and beta-blockers'
"""

from __future__ import annotations

__all__ = ["GREEK", "spell_greek"]

#: Greek letters and their names, as biomedical text spells them both ways ("α-galactosidase",
#: "alpha-galactosidase").
GREEK: dict[str, str] = {
    "α": "alpha",
    "β": "beta",
    "γ": "gamma",
    "δ": "delta",
    "ε": "epsilon",
    "ζ": "zeta",
    "η": "eta",
    "θ": "theta",
    "ι": "iota",
    "κ": "kappa",
    "λ": "lambda",
    "μ": "mu",
    "µ": "mu",
    "ν": "nu",
    "ξ": "xi",
    "ο": "omicron",
    "π": "pi",
    "ρ": "rho",
    "σ": "sigma",
    "ς": "sigma",
    "τ": "tau",
    "υ": "upsilon",
    "φ": "phi",
    "χ": "chi",
    "ψ": "psi",
    "ω": "omega",
}
#: Lower and upper case letters to their names (the micro sign and final sigma have no capital).
GREEK_TABLE = str.maketrans({**GREEK, **{k.upper(): v for k, v in GREEK.items() if k not in "µς"}})


def spell_greek(text: str) -> str:
    """``text`` with each Greek letter written as its name."""
    return text if text.isascii() else text.translate(GREEK_TABLE)
