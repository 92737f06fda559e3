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


def _mots(texte: str) -> str:
    """Lower case, one kind of apostrophe, single spaces: how two mentions of a pièce are compared."""
    return " ".join(texte.replace("\u2019", "'").lower().split())


def meme_piece(dossier: Dossier) -> bool:
    """The pièce the préfecture asked for is the one the ANEF refuses: one pièce, said once."""
    d, b = dossier.demande, dossier.blocage
    return bool(d.piece_demandee and b.piece_refusee and _mots(d.piece_demandee) == _mots(b.piece_refusee))


def dite_par_la_description(dossier: Dossier) -> bool:
    """The caseworker's own description of the blocking already tells the refusal: it names the pièce, and the
    refusal's date and message add nothing to what the letter says of the blocking (its date, its message)."""
    b = dossier.blocage
    if not b.piece_refusee or _mots(b.piece_refusee) not in _mots(b.description):
        return False
    date_dite = b.piece_refusee_depuis is None or b.piece_refusee_depuis == b.depuis
    erreur = _mots(b.piece_refusee_erreur)
    erreur_dite = not erreur or erreur == _mots(b.message_erreur) or erreur in _mots(b.description)
    return date_dite and erreur_dite


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


def avec_article(nom: str) -> str:
    """« l'attestation de l'employeur » for a name starting with a vowel or h (singular); otherwise « la pièce
    « justificatif de domicile » » (a name's gender is not known)."""
    nom = " ".join(nom.split())
    premier = nom.split(" ", 1)[0] if nom else ""
    pluriel = premier.endswith(("s", "x")) and not premier.endswith(("is", "us", "ès", "ix"))  # avis, prix: one
    if premier[:1].lower() in "aeiouyéèêâîôh" and premier and not pluriel:
        return f"l'{nom}"
    return f"la pièce « {nom} »"


def dite_par_le_constat(dossier: Dossier) -> bool:
    """The blocking's own sentence (``constat``) already names the refused pièce: the upload failing is a kind
    of the blocking, on the same day and with the same message (or none)."""
    b = dossier.blocage
    if not b.piece_refusee or "televersement" not in b.types:
        return False
    date_dite = b.piece_refusee_depuis is None or b.piece_refusee_depuis == b.depuis
    erreur = _mots(b.piece_refusee_erreur)
    return date_dite and (not erreur or erreur == _mots(b.message_erreur))
