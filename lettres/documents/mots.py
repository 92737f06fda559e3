"""The words every document shares: the demande's nature, the city of an address, the legal texts a
document may cite. The template context (``contexte.py``) and the draft requête (``requete.py``) both use them."""

from __future__ import annotations

import re

from lettres.referentiel import charger_referentiel

NATURE_PHRASE = {
    "premiere_demande": "première demande de titre de séjour",
    "renouvellement": "demande de renouvellement de titre de séjour",
    "changement_statut": "demande de changement de statut",
    "autre": "demande de titre de séjour",
}


def ville(adresse: str) -> str:
    """The city of a French address: the last line « 13003 Marseille », without « Cedex »."""
    for line in reversed(adresse.splitlines()):
        match = re.match(r"^\s*\d{5}\s+(.+?)(\s+cedex.*)?\s*$", line, re.IGNORECASE)
        if match:
            return match.group(1).strip()
    return ""


def textes_cites() -> dict[str, dict[str, str]]:
    """The legal references letters may cite: only those with ``statut: verifie``."""
    return {
        code: {
            "citation": t.citation,
            "abrege": t.abrege or t.citation,
            "redaction": t.redaction or t.citation,
            "numero": t.numero,
            "intitule": t.intitule,
            "extrait": t.extrait,
        }
        for code, t in charger_referentiel().textes.items()
        if t.statut == "verifie"
    }
