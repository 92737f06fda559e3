"""The interview: asks, one question at a time, what the answers do not hold yet — in the order of
``dossier/parcours.py``, under the conditions each field declares (``dossier/saisie.py``).

Échap goes back one question (each answer keeps how to undo it); Ctrl-C keeps the half-typed answer in the
answers (``_en_cours``) for the draft. Answers are raw dossier data (nested dicts); keys starting with ``_``
are the interview's own and never reach the dossier. The démarches are asked by ``demarches.py``, the
review screen is ``revue.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from lettres.dossier import Dossier, validate_dossier
from lettres.dossier.parcours import SECTIONS, Porte, Section, section
from lettres.dossier.questions import Question, date_warnings, drop, get, has, put, question, question_text
from lettres.dossier.valeurs import complete_year, mots_cles, nom_ecrit, telephone_warning
from lettres.francais import date_courte
from lettres.prompts.asker import Asker, Avertissement, Interruption, Option, Retour
from lettres.referentiel import charger_referentiel

Answers = dict[str, Any]
# the names written in the letters: True for a family name (in capitals), False for given names
NOMS = {"personne.nom": True, "personne.prenoms": False, "accompagnant.nom": True, "accompagnant.prenom": False}
SANS_ANNEE_IMPOSSIBLE = {"personne.date_naissance"}  # a birth date is never this year's
EN_COURS = "_en_cours"
# text typed is inserted as such in the letters: it speaks with the voice of whoever signs them
VOIX = {
    False: "Écrivez à la première personne (« je ») : c'est la personne qui signe.",
    True: "Écrivez à la troisième personne (« Mme DIALLO… ») : vous signez les lettres.",
}


@dataclass
class Contexte:
    """What defaults and fallbacks are computed from: the day, and the user's configuration."""

    aujourd_hui: date = field(default_factory=date.today)
    prefecture: str = ""  # the configuration's default préfecture
    contacts: dict[str, dict] = field(default_factory=dict)  # the configuration's préfecture addresses
    regle: Any = None  # what pièces may be (dossier/pieces.py), from the configuration

    def default(self, nom: str) -> Any:
        if nom == "aujourdhui":
            return self.aujourd_hui
        if nom == "configuration.prefecture":
            return self.prefecture or None
        return None

    def fallback(self, nom: str, answers: Answers) -> str:
        """``prefecture.courriel`` / ``prefecture.adresse``: the configuration's, else the data file's."""
        code = str(get(answers, ("demande", "prefecture")) or "")
        kind = nom.split(".")[1]
        configured = (self.contacts.get(code) or {}).get(kind)
        prefecture = charger_referentiel().prefectures.get(code)
        return str(configured or (getattr(prefecture, kind, "") if prefecture else ""))


@dataclass(frozen=True)
class Pas:
    """One step of the interview: what to ask, and where its answer goes."""

    ident: str  # « personne.nom », « demarches.2.date », « _orientation »: names it in drafts
    target: dict
    path: tuple[str, ...]
    question: Question | None = None
    porte: Porte | None = None
    section: str = ""
    conditions: dict | None = None  # what its conditions read (a démarche's fields); None: the answers


def strip_private(data: Any) -> Any:
    """The answers as dossier data: without the interview's own keys."""
    if isinstance(data, dict):
        return {k: strip_private(v) for k, v in data.items() if not str(k).startswith("_")}
    if isinstance(data, list):
        return [strip_private(v) for v in data]
    return data


def input_text(value: Any) -> str:
    """An answer as it is typed again (a date as JJ/MM/AAAA)."""
    if value is None:
        return ""
    if isinstance(value, date):
        return date_courte(value)
    return str(value)


def type_options() -> list[Option]:
    """Démarche types, each with the step of the fiche it proves."""
    referentiel = charger_referentiel()
    words = mots_cles("types_demarche")
    options = [
        Option(code, f"{label} (étape {etape.numero})", words.get(code, ""))
        for etape in referentiel.etapes
        for code, label in etape.types.items()
    ]
    return options + [Option(code, label, words.get(code, "")) for code, label in referentiel.autres_types.items()]


class Entretien:
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
        from lettres.prompts.demarches import BoucleDemarches

        self.sections = sections  # the parcours followed (none for the configuration's menu)
        self.answers = answers
        self.asker = asker
        self.base = base
        self.contexte = contexte or Contexte()
        self.questions_posees = 0
        self._on_answer = on_answer or (lambda: None)  # e.g. save the draft: nothing typed is lost
        self._undo: list[Callable[[], None]] = []
        self._proposals: dict[str, Any] = {}  # answers undone by Échap, proposed again
        self._announced = ""
        self.demarches = BoucleDemarches(self)

    # -- what to ask next ------------------------------------------------------------------------

    def asks(self, q: Question, context: Answers | None = None) -> bool:
        """Asked in the first pass: applies, is asked (``demander``), and no fallback already answers it."""
        context = self.answers if context is None else context
        saisie = q.saisie
        if not (saisie.applicable(context) and saisie.demandee(context)):
            return False
        return not (saisie.repli and self.contexte.fallback(saisie.repli, self.answers))

    def _next_in(self, sec: Section, skip: frozenset[str] | set[str] = frozenset()) -> Pas | None:
        if sec.code == "demarches":
            return self.demarches.next_step(skip)
        if sec.porte is not None and not sec.porte.tranchee(self.answers):
            if sec.porte.cle in skip:
                return None
            return Pas(sec.porte.cle, self.answers, (sec.porte.cle,), porte=sec.porte, section=sec.code)
        if not sec.ouverte(self.answers):
            return None
        for key in sec.champs:
            q = question(key)
            if key not in skip and not has(self.answers, q.path) and self.asks(q):
                return Pas(key, self.answers, q.path, q, section=sec.code)
        return None

    def next_step(
        self, sections: Iterable[Section] | None = None, skip: frozenset[str] | set[str] = frozenset()
    ) -> Pas | None:
        """The first question without an answer, among those not in ``skip``."""
        for sec in self.sections if sections is None else sections:
            step = self._next_in(sec, skip)
            if step is not None:
                return step
        return None

    def pending(self) -> frozenset[str]:
        """Every question without an answer now: those a dossier file left out (optional questions skipped),
        which a correction in the review must not ask again."""
        found: set[str] = set()
        while (step := self.next_step(skip=found)) is not None:
            found.add(step.ident)
        return frozenset(found)

    # -- the loop --------------------------------------------------------------------------------

    def fill(self, sections: Iterable[Section] | None = None, skip: frozenset[str] = frozenset()) -> None:
        """Ask, in order, every question that has no answer yet (except those in ``skip``); Échap goes back
        one question."""
        sections = tuple(self.sections if sections is None else sections)
        while (step := self.next_step(sections, skip)) is not None:
            self.run(step)

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
        from lettres.prompts.demarches import NOUVELLE, _short

        parts = step.ident.split(".")
        if step.ident == NOUVELLE:
            return f"Démarche n° {len(self.demarches.liste) + 1} : son type"
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
        from lettres.prompts.demarches import NOUVELLE

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
                from lettres.prompts.titre import ask_titre

                ask_titre(self, step, pending)
                return
            else:
                value = self.ask_question(step, pending)
        except Interruption as exc:
            self.answers[EN_COURS] = {"cle": step.ident, "texte": exc.texte}
            raise
        self.record(step.target, step.path, value, step.ident)

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
        en_cours = self.answers.get(EN_COURS)
        if isinstance(en_cours, dict) and en_cours.get("cle") == ident:
            self.answers.pop(EN_COURS)
            return str(en_cours.get("texte") or "")
        return None

    def _ask_gate(self, porte: Porte) -> bool:
        current = self._proposals.get(porte.cle, self.answers.get(porte.cle, porte.defaut))
        return self.asker.confirm(porte.question, aide=porte.aide, default=current)

    def _default(self, step: Pas, q: Question) -> Any:
        if step.ident in self._proposals:  # kept until answered: Échap on it again must not lose it
            return self._proposals[step.ident]
        if has(step.target, step.path):
            return get(step.target, step.path)
        if q.saisie.explicite:
            return None
        if q.saisie.defaut_de:
            return self.contexte.default(q.saisie.defaut_de)
        return q.default

    def _aide(self, q: Question, required: bool) -> str:
        parts = [q.help.rstrip(".") + "."] if q.help else []
        if q.saisie.voix:
            parts.append(VOIX[get(self.answers, ("signataire",)) == "accompagnant"])
        if q.kind == "date":
            parts.append("Par exemple 03/06/1985 ou 3 juin 1985.")
        elif q.saisie.exemple:
            parts.append(f"Exemple : {q.saisie.exemple.replace(chr(10), ' / ')}.")
        if not required and q.kind not in {"choix", "choix_multiple", "booleen"}:
            parts.append("Facultatif : Entrée pour passer.")
        return " ".join(parts)

    def options(self, q: Question, required: bool) -> list[Option]:
        if q.saisie.choix == "types_demarche":
            return type_options()
        codes = q.choices_for(self.answers)
        words = mots_cles(q.saisie.choix)
        if q.saisie.choix == "prefectures":
            villes = {c: p.ville for c, p in charger_referentiel().prefectures.items()}
            return [Option(c, f"{c} — {label} ({villes.get(c, '')})", words.get(c, "")) for c, label in codes.items()]
        return [Option(c, label, words.get(c, "")) for c, label in codes.items() if c or not required]

    def ask_question(self, step: Pas, pending: str | None = None) -> Any:
        """Ask one field of the schema, checked by the schema's own validators; return the value."""
        q = step.question
        assert q is not None
        context = self.answers if step.conditions is None else step.conditions
        required = q.required or q.saisie.obligatoire(context)
        default = self._default(step, q)
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
        text = self.asker.text(
            label,
            aide=aide,
            default=pending if pending is not None else input_text(default),
            check=lambda typed: self._check(q, typed, required),
            multiline=q.kind == "texte",
            shown=(lambda typed: q.display(q.check(self._understood(q, typed))[0]))
            if q.kind in {"date", "heure", "numero"} or q.key in NOMS
            else None,
        )
        if not text.strip():
            return q.default if q.default is not None else ""
        value, _ = q.check(self._understood(q, text))
        return value if value is not None else ""

    def _understood(self, q: Question, typed: str) -> str:
        """What is kept of an answer typed as people type it: « 12/10 » is a date of this year (or last
        year's, a démarche being done), a family name is written in capitals."""
        if q.kind == "date" and q.key not in SANS_ANNEE_IMPOSSIBLE:
            complete = complete_year(typed, self.contexte.aujourd_hui)
            if complete is not None:
                return date_courte(complete)
        if q.key in NOMS and typed.strip():
            return nom_ecrit(typed, famille=NOMS[q.key])
        return typed

    def _as_typed(self, q: Question, typed: str) -> str | None:
        """What was understood of ``typed`` when it differs (said once, Enter again confirms), else None."""
        compris = self._understood(q, typed)
        if compris == " ".join(typed.split()) or compris == typed:
            return None
        if q.kind == "date":
            return f"Sans année : compris le {compris}."
        return f"Écrit « {compris} » dans les lettres" + (" (nom de famille en capitales)." if NOMS[q.key] else ".")

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

    # -- conditions ------------------------------------------------------------------------------

    def prune(self) -> None:
        """Forget answers to questions that no longer apply, and optional sections closed again."""
        for sec in self.sections:
            if sec.porte is not None and sec.donnees and not sec.ouverte(self.answers):
                self.answers.pop(sec.donnees, None)
            for key in sec.champs:
                q = question(key)
                if not q.saisie.applicable(self.answers):
                    drop(self.answers, q.path)
                elif q.saisie.choix == "pieces_titre" and isinstance(cochees := get(self.answers, q.path), list):
                    # another category or kind of demande: only the pièces of the new list stay ticked
                    offertes = q.choices_for(self.answers)
                    if any(c not in offertes for c in cochees):
                        put(self.answers, q.path, [c for c in cochees if c in offertes])

    def validate(self) -> Dossier:
        return validate_dossier(strip_private(self.answers))
