"""Who speaks in a letter: « je » when the person writes, the person's name when someone else does.

A letter never mixes the two: every sentence that names the person goes through ``Voix``.
"""

from __future__ import annotations

from dataclasses import dataclass

from lettres.documents.typographie import elide
from lettres.dossier import Personne
from lettres.francais import accord

ABREGES = {"madame": "Mme", "monsieur": "M."}


def nom_court(p: Personne) -> str:
    """« Mme DIALLO », « M. KEITA », or « Eden KEITA » without civilité."""
    abrege = ABREGES.get(p.civilite)
    return f"{abrege} {p.nom}" if abrege else f"{p.prenoms} {p.nom}"


@dataclass(frozen=True)
class Voix:
    """The person as subject, object and possessor of the sentences of one letter."""

    je: bool
    designation: str  # first mention: « Madame Aminata Fatou DIALLO »
    court: str  # later mentions: « Mme DIALLO »
    pronom: str  # elle, il, la personne

    @classmethod
    def of(cls, personne: Personne, je: bool) -> Voix:
        a = accord(personne.civilite)
        designation = f"{a.civilite} {personne.prenoms} {personne.nom}".strip()
        return cls(je, designation, nom_court(personne), a.pronom)

    def sa(self, nom_feminin: str) -> str:
        """« ma demande » or « sa demande »."""
        return f"{'ma' if self.je else 'sa'} {nom_feminin}"

    def son(self, nom_masculin: str) -> str:
        return f"{'mon' if self.je else 'son'} {nom_masculin}"

    def que(self) -> str:
        """« que je », « qu'elle », « qu'il », « que la personne »."""
        return "que je" if self.je else elide("que", self.pronom)

    def de(self) -> str:
        """« de Mme DIALLO », « d'Eden KEITA »."""
        return elide("de", self.court)
