"""The registered-mail number and the acknowledgement date of a letter to the préfecture already recorded:
never replaced without the user's word. The doors ask (the terminal) or say how to replace them."""

from __future__ import annotations

from datetime import date
from typing import Any

from lettres.erreurs import LettresError
from lettres.francais import date_courte

# what the sending of a letter records that a later command must not silently overwrite
GARDES = ("numero_recommande", "accuse_reception_le")


def _shown(value: Any) -> str:
    return date_courte(value) if isinstance(value, date) else str(value)


class EnvoiDejaEnregistre(LettresError):
    """The letter ``lettre`` (« « Courrier à la préfecture » du 20/11/2026 ») already has another value for
    some of ``GARDES``: ``changes`` maps each key to (recorded, new)."""

    def __init__(self, lettre: str, changes: dict[str, tuple[Any, Any]]):
        self.lettre = lettre
        self.changes = changes
        super().__init__(f"La lettre {lettre} a déjà {self.recorded()} : {self.replacing()}.")

    def recorded(self) -> str:
        """« le recommandé n° 1A23 et l'avis de réception du 24/11/2026 »."""
        return " et ".join(_phrase(k, ancien) for k, (ancien, _) in self.changes.items())

    def replacing(self) -> str:
        """« remplacés par 1B45 » said of what the new command gives, before asking or refusing."""
        nouveaux = " et ".join(_shown(nouveau) for _, nouveau in self.changes.values())
        return f"{'il serait remplacé' if len(self.changes) == 1 else 'ils seraient remplacés'} par {nouveaux}"

    def question(self) -> str:
        """The confirmation a terminal asks before replacing."""
        pronom = "Le" if len(self.changes) == 1 else "Les"
        return f"La lettre {self.lettre} a déjà {self.recorded()} : {self.replacing()}. {pronom} remplacer ?"


def _phrase(key: str, value: Any) -> str:
    if key == "numero_recommande":
        return f"le recommandé n° {value}"
    return f"l'avis de réception du {_shown(value)}"


def _recorded(recorded: Any, key: str) -> bool:
    return recorded is not None and getattr(recorded, key, None) not in (None, "")


def conflicts(recorded: Any, envoi: dict) -> dict[str, tuple[Any, Any]]:
    """The keys of ``GARDES`` that ``envoi`` would change in the recorded ``envoi`` section (a value never
    recorded, or the same one, is no conflict)."""
    changes = {}
    for key in GARDES:
        ancien, nouveau = getattr(recorded, key, None), envoi.get(key)
        if _recorded(recorded, key) and nouveau not in (None, "") and _compact(ancien) != _compact(nouveau):
            changes[key] = (ancien, nouveau)
    return changes


def _compact(value: Any) -> str:
    """« 1A 234 567 » and « 1A234567 » are the same number."""
    return "".join(str(value).split()).upper() if not isinstance(value, date) else value.isoformat()


def settle(recorded: Any, envoi: dict, lettre: str, remplacer: bool | None) -> dict:
    """``envoi`` as it may be written: ``remplacer`` True replaces what was recorded, False keeps it (the new
    values are dropped), None raises ``EnvoiDejaEnregistre`` when a recorded value would change."""
    changes = conflicts(recorded, envoi)
    # the same number written otherwise (« 1a 99 ») keeps the way it was recorded
    envoi = {k: v for k, v in envoi.items() if k not in GARDES or k in changes or not _recorded(recorded, k)}
    if not changes or remplacer:
        return envoi
    if remplacer is None:
        raise EnvoiDejaEnregistre(lettre, changes)
    return {k: v for k, v in envoi.items() if k not in changes}


def lettre_envoyee(dossier: Any) -> int | None:
    """The index of the letter to the préfecture whose sending the ``envoi`` section records (registered-mail
    number, acknowledgement date): the one logged on ``envoi.envoye_le``, else the latest; None without one."""
    lettres = [i for i, d in enumerate(dossier.demarches) if d.type == "courrier_prefecture"]
    if not lettres:
        return None
    envoye_le = getattr(dossier.envoi, "envoye_le", None)
    du_jour = [i for i in lettres if dossier.demarches[i].date == envoye_le]
    return (du_jour or sorted(lettres, key=lambda i: (dossier.demarches[i].date, i)))[-1]
