"""The same démarche logged twice: the same type on the same day, or the very same entry."""

from __future__ import annotations

from pathlib import Path

from lettres.dossier.schema import Demarche, Dossier
from lettres.erreurs import LettresError
from lettres.francais import date_courte
from lettres.referentiel import charger_referentiel


def same_day(dossier: Dossier, demarche: dict) -> tuple[list[Demarche], bool]:
    """The démarches of ``dossier`` of the same type on the same day, and whether one is identical."""
    nouvelle = Demarche.model_validate(demarche)
    pareilles = [d for d in dossier.demarches if d.type == nouvelle.type and d.date == nouvelle.date]
    return pareilles, any(d == nouvelle for d in pareilles)


def describe(demarche: Demarche | dict) -> str:
    """« Appel à l'assistance ANEF du 01/12/2026 »."""
    d = demarche if isinstance(demarche, Demarche) else Demarche.model_validate(demarche)
    return f"« {charger_referentiel().types_demarche.get(d.type, d.type)} » du {date_courte(d.date)}"


def refuse_identical(path: Path, demarche: dict) -> Demarche | None:
    """Raise when the very same démarche is already in the dossier file (a command run twice); the démarche of
    the same type logged the same day, if any, for the door to warn about. An unreadable file is left to the
    addition itself to report."""
    from lettres.dossier.fichier import load_dossier

    try:
        dossier = load_dossier(path)
    except LettresError:
        return None
    pareilles, identique = same_day(dossier, demarche)
    if identique:
        raise LettresError(
            f"Cette démarche ({describe(demarche)}) est déjà dans le dossier, à l'identique : elle n'est pas "
            "ajoutée une deuxième fois."
        )
    return pareilles[0] if pareilles else None
