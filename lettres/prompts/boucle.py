"""The terminal's loop around the interview model (``dossier/entretien.py``): who asks (the ``Asker``), the
answers recorded one by one with how to undo each (Échap), the answers undone proposed again, and the
draft saved after every answer. The démarches (``demarches.py``) and the titre (``titre.py``) ask
through it; ``entretien.py`` asks every other question.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from lettres.dossier.entretien import EN_COURS, Answers, Contexte, Modele, Pas
from lettres.dossier.parcours import SECTIONS, Section
from lettres.dossier.questions import drop, get, put
from lettres.prompts.asker import Asker


class Boucle(Modele):
    """The model, asked in a terminal: ``record`` keeps each answer and how to undo it."""

    def __init__(
        self,
        answers: Answers,
        asker: Asker,
        base: Path,
        contexte: Contexte | None = None,
        on_answer: Callable[[], None] | None = None,
        sections: tuple[Section, ...] = SECTIONS,
    ):
        super().__init__(answers, contexte, sections)
        self.asker = asker
        self.base = base  # the dossier's folder: the files a démarche may attach
        self.questions_posees = 0
        self._on_answer = on_answer or (lambda: None)  # e.g. save the draft: nothing typed is lost
        self._undo: list[Callable[[], None]] = []
        self._proposals: dict[str, Any] = {}  # answers undone by Échap, proposed again
        self._typed: dict[str, str] = {}  # text left unaccepted by Échap, offered again

    def ask_step(self, step: Pas) -> None:
        """Ask one step and record its answer (``entretien.Entretien`` does)."""
        raise NotImplementedError

    def record(self, target: dict, path: tuple[str, ...], value: Any, ident: str) -> None:
        """Store an answer, and how to undo it (Échap on the next question)."""
        absent = object()
        before = get(target, path, absent)
        put(target, path, value)
        self._proposals.pop(ident, None)

        def undo() -> None:
            if before is absent:
                drop(target, path)
            else:
                put(target, path, before)
            self._proposals[ident] = value

        self.push_undo(undo)
        self.prune()
        self._on_answer()

    def push_undo(self, undo: Callable[[], None]) -> None:
        self._undo.append(undo)

    def propose(self, ident: str, value: Any) -> None:
        self._proposals[ident] = value

    def _pending(self, ident: str) -> str | None:
        """The half-typed answer to ``ident`` left by Échap, or kept by an interruption (Ctrl-C) in the
        draft, offered again."""
        en_cours = self.answers.get(EN_COURS)
        if isinstance(en_cours, dict) and en_cours.get("cle") == ident:
            self.answers.pop(EN_COURS)
            self._typed.setdefault(ident, str(en_cours.get("texte") or ""))
        return self._typed.pop(ident, None)

    def keep_typed(self, ident: str, texte: str) -> None:
        """Échap left ``texte`` typed at ``ident``: offered again when the question comes back, and kept in
        the draft as an interruption would."""
        if texte:
            self._typed[ident] = texte
            self.answers[EN_COURS] = {"cle": ident, "texte": texte}
