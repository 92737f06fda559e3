"""The pièce a filed demande lacks, as the dossier records it: the one the préfecture asked for
(``demande.piece_demandee``) and the one the ANEF refuses (``blocage.piece_refusee``) are two facts, each said
only when the dossier holds it (docs/situations.md, « La pièce refusée par l'ANEF »)."""

from __future__ import annotations

from lettres.dossier import Dossier
from lettres.francais import date_lettre


def demandee(dossier: Dossier) -> bool:
    """The préfecture asked for a pièce (named or dated)."""
    d = dossier.demande
    return bool(d.piece_demandee or d.piece_demandee_le)


def nom(dossier: Dossier) -> str:
    """The pièce's own name: the one the préfecture asked for, else the one the ANEF refuses, else ""."""
    return dossier.demande.piece_demandee or dossier.blocage.piece_refusee


def jointe(dossier: Dossier) -> bool:
    """The dossier holds the pièce's file: the letter that offers to transmit it encloses it."""
    return bool(dossier.justificatifs.piece_a_transmettre)


def designation(dossier: Dossier, vos: bool = True) -> tuple[str, bool]:
    """(« la pièce demandée par vos services (X) » | « la pièce que le téléservice refuse (X) » | « les pièces que
    le téléservice ne permet pas de transmettre », plural); ``vos`` False says « la préfecture »."""
    d, b = dossier.demande, dossier.blocage
    if demandee(dossier):
        qui = "vos services" if vos else "la préfecture"
        quoi = f" ({d.piece_demandee})" if d.piece_demandee else ""
        return f"la pièce demandée par {qui}{quoi}", False
    if b.piece_refusee:
        return f"la pièce que le téléservice refuse ({b.piece_refusee})", False
    return "les pièces que le téléservice ne permet pas de transmettre", True


def refus(dossier: Dossier) -> str:
    """« Depuis le 2 octobre 2026, le téléservice refuse la pièce suivante : X. Le message « E » s'affiche. »"""
    b = dossier.blocage
    if not b.piece_refusee:
        return ""
    depuis = f"Depuis le {date_lettre(b.piece_refusee_depuis)}, le" if b.piece_refusee_depuis else "Le"
    texte = f"{depuis} téléservice refuse le téléversement de la pièce suivante : {' '.join(b.piece_refusee.split())}."
    if b.piece_refusee_erreur:
        texte += f" Le message suivant s'affiche alors : « {' '.join(b.piece_refusee_erreur.split())} »."
    return texte
