"""The interview in the terminal: asks, one question at a time, what the answers do not hold yet. What to
ask next, the value proposed and the choices offered come from the model (``dossier/entretien.py``, which
the web follows too); this module asks them with the widgets and keeps the loop (``boucle.py``).

Échap goes back one question (each answer keeps how to undo it); Ctrl-C keeps the half-typed answer in the
answers (``_en_cours``) for the draft. Answers are raw dossier data (nested dicts); keys starting with ``_``
are the interview's own and never reach the dossier. The démarches are asked by ``demarches.py``, the
review screen is ``revue.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from lettres.dossier.entretien import (
    EN_COURS,
    NOUVELLE,
    VOIX,
    Answers,
    Contexte,
    Pas,
    choices,
    envoi_step,
    input_text,
    strip_private,
    type_choices,
    voice,
)
from lettres.dossier.parcours import SECTIONS, Porte, Section, section
from lettres.dossier.questions import Question, date_example, date_warnings, question, question_text
from lettres.dossier.valeurs import NOMS, complete_year, nom_ecrit, telephone_warning
from lettres.francais import date_courte
from lettres.prompts.asker import Asker, Avertissement, Interruption, Option, Retour
from lettres.prompts.boucle import Boucle
from lettres.prompts.demarches import BoucleDemarches, _short
from lettres.prompts.titre import ask_titre

__all__ = ["VOIX", "Contexte", "Entretien", "Pas", "input_text", "strip_private", "type_options"]

# the names written in the letters: True for a family name (in capitals), False for given names


def type_options() -> list[Option]:
    """Démarche types, each with the step of the fiche it proves."""
    return [Option(c.code, c.libelle, c.mots) for c in type_choices()]


def _phrase(text: str) -> str:
    """A sentence ending with one full stop: « guinéenne… » stays as is, never « guinéenne…. »."""
    text = text.rstrip()
    return text if text.endswith((".", "…", "!", "?")) else text + "."


class Entretien(Boucle):
    """Fills ``answers`` by asking only what is missing, in order; ``back`` undoes the last answer."""

    def __init__(
        self,
        answers: Answers,
        asker: Asker,
        base: Path,
        contexte: Contexte | None = None,
        on_answer: Callable[[], None] | None = None,
        sections: tuple[Section, ...] = SECTIONS,
    ):
        super().__init__(answers, asker, base, contexte, on_answer, sections)
        self._announced = ""
        self.demarches = BoucleDemarches(self)

    # -- the loop --------------------------------------------------------------------------------

    def fill(self, sections: Iterable[Section] | None = None, skip: frozenset[str] = frozenset()) -> None:
        """Ask, in order, every question that has no answer yet (except those in ``skip``); Échap goes back
        one question."""
        sections = tuple(self.sections if sections is None else sections)
        while (step := self.next_step(sections, skip)) is not None:
            self.run(step)

    def next_demarche_step(self, skip: frozenset[str] | set[str] = frozenset()) -> Pas | None:
        """The démarches' steps, and after a letter to the préfecture its registered-mail number and receipt
        (as ``lettres etape`` asks them), before the next démarche."""
        step = super().next_demarche_step(skip)
        if step is not None and step.ident != NOUVELLE:
            return step
        for number, demarche in enumerate(self.liste, 1):
            if isinstance(demarche, dict) and (envoi := envoi_step(number, demarche, skip)) is not None:
                return envoi
        return step

    def run(self, step: Pas) -> None:
        self._announce(step.section)
        try:
            self.ask_step(step)
        except Retour:
            self.back()

    def back(self) -> None:
        if not self._undo:
            self.asker.say("C'est la première question : il n'y a rien avant.")
            return
        self._undo.pop()()
        self._on_answer()
        step = self.next_step()
        if step is not None:
            self.asker.say(f"↩ Retour à : {self.where(step)}")

    def where(self, step: Pas) -> str:
        """« Démarche n° 4 — 21/10/2026, Appel à l'assistance ANEF : Pièces de cette démarche »: where a step is."""
        parts = step.ident.split(".")
        if step.ident == NOUVELLE:
            return f"Démarche n° {len(self.demarches.liste) + 1} : sa date et son type"
        label = step.question.label if step.question is not None else (step.porte.question if step.porte else "")
        if parts[0] == "demarches" and len(parts) == 3 and parts[1].isdigit():
            demarche = self.demarches.liste[int(parts[1]) - 1]
            return f"Démarche n° {parts[1]} — {_short(demarche)} : {label}"
        sec = next((s for s in self.sections if s.code == step.section), None)
        return f"{sec.titre} : {label}" if sec is not None else label

    def _announce(self, code: str) -> None:
        if code and code != self._announced and any(s.code == code for s in self.sections):
            sec = section(code)
            self.asker.say(f"\n— {sec.titre} —")
            if sec.intro:
                self.asker.say(sec.intro)
            self._announced = code

    # -- one step --------------------------------------------------------------------------------

    def ask_step(self, step: Pas) -> None:
        """Ask one step and record its answer (Retour and Interruption go up, the latter noted)."""
        self.questions_posees += 1
        pending = self._pending(step.ident)
        try:
            if step.ident == NOUVELLE:
                self.demarches.ask_next(step)
                return
            if step.porte is not None:
                value: Any = self._ask_gate(step.porte)
            elif step.question is not None and step.question.kind == "fichiers":
                value = self.demarches.ask_pieces(step)
            elif step.question is not None and step.question.saisie.propositions == "titres":
                ask_titre(self, step, pending)
                return
            else:
                value = self.ask_question(step, pending)
        except Interruption as exc:
            self.answers[EN_COURS] = {"cle": step.ident, "texte": exc.texte}
            raise
        except Retour as exc:
            self.keep_typed(step.ident, exc.texte)
            if exc.coches is not None:  # the boxes ticked before Échap: ticked again when the question comes back
                self.propose(step.ident, exc.coches)
            raise
        self.record(step.target, step.path, value, step.ident)
        if step.ident == "consentement.transmission_tiers" and value is False:
            self.asker.say(
                "Sans cet accord, la note d'orientation ne sera pas produite ; les autres documents le seront."
            )

    def _ask_gate(self, porte: Porte) -> bool:
        current = self._proposals.get(porte.cle, self.answers.get(porte.cle, porte.defaut))
        return self.asker.confirm(porte.question, aide=porte.aide, default=current)

    def _default(self, step: Pas) -> Any:
        if step.ident in self._proposals:  # kept until answered: Échap on it again must not lose it
            return self._proposals[step.ident]
        return self.default_value(step)

    def _aide(self, q: Question, required: bool) -> str:
        parts = [_phrase(q.help)] if q.help else []
        if q.saisie.voix:
            parts.append(voice(q, self.answers))
        if q.kind == "date":
            parts.append(f"Par exemple {date_example(q, self.contexte.aujourd_hui)}.")
        elif q.saisie.exemple and q.saisie.exemple not in (q.help or ""):  # « Par exemple : … » in the help
            parts.append(_phrase(f"Exemple : {q.saisie.exemple.replace(chr(10), ' / ')}"))
        if not required and q.kind not in {"choix", "choix_multiple", "booleen"}:
            parts.append("Facultatif : Entrée pour passer.")
        return " ".join(parts)

    def options(self, q: Question, required: bool) -> list[Option]:
        return [Option(c.code, c.libelle, c.mots) for c in choices(q, self.answers, required)]

    def ask_question(self, step: Pas, pending: str | None = None) -> Any:
        """Ask one field of the schema, checked by the schema's own validators; return the value."""
        q = step.question
        assert q is not None
        context = self.answers if step.conditions is None else step.conditions
        required = q.required or q.saisie.obligatoire(context)
        default = self._default(step)
        label = question_text(q, self.answers)
        aide = self._aide(q, required)
        if q.kind == "choix":
            code = default if default in q.choices() else None  # type: ignore[misc]
            return self.asker.choose(label, self.options(q, required), aide=aide, default=code)
        if q.kind == "choix_multiple":
            if q.saisie.choix == "pieces_titre":
                self._note_pieces()
            options = self.options(q, required)
            cochees = [c for c in default or [] if any(o.value == c for o in options)]
            return self.asker.choose_many(label, options, aide=aide, checked=cochees, allow_empty=not required)
        if q.kind == "booleen":
            return self.asker.confirm(label, aide=aide, default=None if default is None else bool(default))
        return self._ask_text(q, label, aide, pending if pending is not None else input_text(default), required)

    def _ask_text(self, q: Question, label: str, aide: str, typed: str, required: bool) -> Any:
        """A typed answer, as the letters write it; a name written otherwise is asked about (Échap there: the
        name again, as typed)."""
        while True:
            text = self.asker.text(
                label,
                aide=aide,
                default=typed,
                check=lambda t: self._check(q, t, required),
                multiline=q.kind == "texte",
                shown=(lambda t: q.display(q.check(self._understood(q, t))[0]))
                if q.kind in {"date", "heure", "numero"}
                else None,
                **({"echo": False} if q.key in NOMS else {}),  # a name's line says what is kept: ``answered``
            )
            if not text.strip() or q.key not in NOMS:
                if q.key in NOMS:
                    self.asker.answered(label, "")
                value, _ = q.check(self._understood(q, text)) if text.strip() else (q.default, [])
                return value if value is not None else ""
            try:
                kept = self._name(q, text)
            except Retour:
                typed = text  # the name again, as typed (Échap there again leaves it typed)
                continue
            self.asker.answered(label, kept)
            return kept

    def _name(self, q: Question, text: str) -> str:
        """« camara » → « CAMARA »: a name typed all in lower (or upper) case is written as the letters write
        it, once the user says yes (Entrée); « n » keeps it as typed."""
        typed = " ".join(text.split())
        compris = nom_ecrit(typed, famille=NOMS[q.key])
        if compris == typed:
            return typed
        regle = "Le nom de famille s'écrit en capitales" if NOMS[q.key] else "Chaque prénom prend sa majuscule"
        ecrire = self.asker.confirm(
            f"« {typed} » → « {compris} » : l'écrire ainsi dans les lettres ?",
            aide=f"{regle} ; n garde « {typed} » tel quel.",
            default=True,
        )
        return compris if ecrire else typed

    def _understood(self, q: Question, typed: str) -> str:
        """What is kept of an answer typed as people type it: « 12/10 » is a date of this year (or last
        year's, a démarche being done)."""
        if q.kind == "date" and q.saisie.sans_annee != "refusee":
            complete = complete_year(typed, self.contexte.aujourd_hui, q.saisie.sans_annee == "prochaine")
            if complete is not None:
                return date_courte(complete)
        return typed

    def _as_typed(self, q: Question, typed: str) -> str | None:
        """What was understood of ``typed`` when it differs (said once, Enter again confirms), else None."""
        compris = self._understood(q, typed)
        if compris == " ".join(typed.split()) or compris == typed:
            return None
        return f"Sans année : compris le {compris}."

    def _note_pieces(self) -> None:
        """Which list is offered, said before the tick boxes and kept on the screen (an unverified list)."""
        from lettres.dossier.titre import liste_des_reponses

        liste = liste_des_reponses(self.answers)
        if liste is not None:
            self.asker.say(liste.note())

    def _check(self, q: Question, typed: str, required: bool) -> str | Avertissement | None:
        if not typed.strip():
            return "Réponse obligatoire." if required else None
        value, message = q.check(self._understood(q, typed))
        if message:
            return message[0].upper() + message[1:]
        notes = date_warnings(q, value, self.answers, self.contexte.aujourd_hui)
        if q.path[-1] == "telephone" and (note := telephone_warning(typed)):
            notes.append(note)
        if compris := self._as_typed(q, typed):
            notes.insert(0, compris)
        return Avertissement(" ".join(notes)) if notes else None

    def ask_field(self, key: str, target: dict | None = None, path: tuple[str, ...] | None = None) -> None:
        """Ask the schema field ``key`` now, storing its answer in ``target`` at ``path`` (the configuration)."""
        q = question(key)
        target = self.answers if target is None else target
        self.ask_step(Pas(key, target, path or q.path, q))
