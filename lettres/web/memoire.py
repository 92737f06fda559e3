"""What a POST leaves for the page it redirects to (Post/Redirect/Get): kept in the server's memory under a
random key, the address carrying only that key — never a name, a search or a path, which the browser's
history and the logs would keep. Bounded: the oldest go first; a server restarted forgets them all (the page
is then shown without its result, nothing is sent again).
"""

from __future__ import annotations

import secrets
from collections import OrderedDict
from typing import Any

TAILLE = 200  # results kept, all dossiers together: far more than one person produces in a session


class Memoire:
    """Results by key (``garder``, ``lire``), and the last value per name (``noter``, ``retrouver``): the
    documents ticked on a dossier's page."""

    def __init__(self, taille: int = TAILLE):
        self.taille = taille
        self._resultats: OrderedDict[str, Any] = OrderedDict()
        self._notes: OrderedDict[str, Any] = OrderedDict()

    def garder(self, valeur: Any) -> str:
        """Keep ``valeur``; the key to give in the address of the page that shows it."""
        cle = secrets.token_urlsafe(12)
        self._resultats[cle] = valeur
        self._trim(self._resultats)
        return cle

    def lire(self, cle: str | None) -> Any:
        """What was kept under ``cle`` (read again on each reload, Back or Forward); None once forgotten."""
        if not cle or cle not in self._resultats:
            return None
        self._resultats.move_to_end(cle)
        return self._resultats[cle]

    def noter(self, nom: str, valeur: Any) -> None:
        self._notes[nom] = valeur
        self._notes.move_to_end(nom)
        self._trim(self._notes)

    def retrouver(self, nom: str) -> Any:
        return self._notes.get(nom)

    def _trim(self, items: OrderedDict[str, Any]) -> None:
        while len(items) > self.taille:
            items.popitem(last=False)
