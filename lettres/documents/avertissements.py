"""What a generation tells the user before sending, said in codes and data: each door phrases it (the terminal
with the command to type, the web with a link to the page or field, or a button)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from lettres.erreurs import DocumentImpossible, LettresError, SortieExistante
from lettres.procedure.actions import Action

if TYPE_CHECKING:  # the type only: a light module, raised from the output folder's code
    from lettres.procedure.regles import Alerte


@dataclass(frozen=True)
class Avertissement:
    """One warning. ``code``: its kind (``AVERTISSEMENTS`` in generation.py, or a procedure rule's code);
    ``texte``: the facts in French, one sentence without its final full stop, with no command, option or
    dossier key; ``raison``: why, as a code, when what the door suggests depends on it; ``action``: what to do
    about it; ``alerte``: a procedure alert, which the door phrases whole (``texte`` is then empty)."""

    code: str
    texte: str = ""
    raison: str = ""
    action: Action | None = None
    alerte: Alerte | None = None


class ErreurAvertie(LettresError):
    """A user error whose way out is data: ``avertissement`` (its ``texte`` is the message, facts alone; a door
    adds what to do)."""

    def __init__(self, avertissement: Avertissement):
        super().__init__(f"{avertissement.texte}.")
        self.avertissement = avertissement


class DocumentRefuse(ErreurAvertie, DocumentImpossible):
    """A document asked for by name that this dossier cannot give."""


class ModelesIntrouvables(ErreurAvertie):
    """A structure's templates folder that does not exist, or holds no template."""


class SortieDejaEcrite(ErreurAvertie, SortieExistante):
    """The day's output folder of this dossier exists already."""
