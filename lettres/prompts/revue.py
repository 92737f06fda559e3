"""The review screen: every answer in one list that scrolls within the terminal; Enter on an answer
corrects it, and the questions a correction opens are asked next (the conditions are read again).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from lettres.dossier import Dossier
from lettres.dossier.entretien import FINIES, Pas
from lettres.dossier.parcours import SECTIONS, Section
from lettres.dossier.questions import DEMARCHE_FIELDS, get, has, name_fields, question
from lettres.erreurs import DossierInvalide
from lettres.prompts.asker import Option, Retour
from lettres.prompts.demarches import _step

if TYPE_CHECKING:
    from lettres.prompts.entretien import Entretien

ENREGISTRER, AJOUTER, SUPPRIMER, MODIFIER = "_enregistrer", "_ajouter", "_supprimer", "_modifier"
COURT = {
    "personne": "Personne",
    "demande": "Demande",
    "blocage": "Blocage",
    "signature": "Signature",
    "accompagnant": "Vous",
    "envoi": "Envoi",
    "orientation": "Note d'orientation",
}


@dataclass(frozen=True)
class Ligne:
    titre: str
    step: Pas


class Revue:
    def __init__(self, entretien: Entretien):
        self.e = entretien

    def _section_rows(self, sec: Section) -> list[Ligne]:
        answers = self.e.answers
        rows = []
        groupe = COURT.get(sec.code, sec.titre)
        if sec.code == "accompagnant" and self.e.contexte.accompagnant and answers.get("accompagnant") == self.e.contexte.accompagnant:
            groupe += " (réglages de la structure)"  # whose details the letters carry: said where they are read
        if sec.porte is not None and not (sec.porte.ouverte_si and sec.porte.ouverte_si.vraie(answers)):
            shown = "oui" if sec.porte.ouverte(answers) else "non"
            step = Pas(sec.porte.cle, answers, (sec.porte.cle,), porte=sec.porte, section=sec.code)
            rows.append(Ligne(f"{groupe} · {sec.porte.question} {shown}", step))
        if not sec.ouverte(answers):
            return rows
        for key in sec.champs:
            q = question(key)
            if not q.saisie.applicable(answers):
                continue
            value = get(answers, q.path)
            shown = q.display(value)
            if not has(answers, q.path) and q.saisie.repli:
                fallback = self.e.contexte.fallback(q.saisie.repli, answers)
                shown = f"{q.display(fallback)} (configuration)" if fallback else "— (inconnue)"
            elif not has(answers, q.path) and q.default not in (None, ""):
                shown = q.display(q.default)
            rows.append(Ligne(f"{groupe} · {q.label} : {shown}", Pas(key, answers, q.path, q, section=sec.code)))
        return rows

    def rows(self) -> list[Ligne]:
        rows: list[Ligne] = []
        for sec in SECTIONS:
            if sec.code != "demarches":
                rows += self._section_rows(sec)
                continue
            for number, demarche in enumerate(self.e.demarches.liste, 1):
                for name in DEMARCHE_FIELDS:
                    q = question(f"demarches.{name}")
                    if not q.saisie.applicable(demarche):
                        continue  # « Ce que ce courrier demandait » for a letter to the préfecture only
                    shown = (
                        ", ".join(demarche.get("pieces") or []) or "—"
                        if name == "pieces"
                        else q.display(demarche.get(name))
                    )
                    step = _step(f"demarches.{number}.{name}", demarche, name)
                    rows.append(Ligne(f"Démarche {number} · {q.label} : {shown}", step))
        return rows

    def run(self) -> Dossier:
        """Show the answers; let the user correct any of them; return the valid dossier to save."""
        while True:
            rows = self.rows()
            actions = [
                Option(ENREGISTRER, "Tout est juste : enregistrer le dossier"),
                Option(AJOUTER, "Ajouter une démarche"),
            ]
            if self.e.demarches.liste:
                actions.append(Option(SUPPRIMER, "Supprimer une démarche"))
                actions.append(Option(MODIFIER, "Modifier une démarche"))
            # nothing chosen in advance: one Enter too many never saves without a review
            choice = self._choose(
                "Récapitulatif",
                actions + [Option(str(i), row.titre) for i, row in enumerate(rows)],
                "Relisez avec ↑ ↓ (ou tapez un mot pour trouver une réponse) ; Entrée sur une réponse pour la "
                "corriger ; pour enregistrer, ↓ sur la première ligne ou tapez « enregistrer », puis Entrée.",
            )
            if choice is None:
                continue
            if choice == ENREGISTRER:
                dossier = self._validate()
                if dossier is not None:
                    return dossier
            elif choice == AJOUTER:
                deja = self.e.pending()
                self.e.answers.pop(FINIES, None)
                self.e.fill(skip=deja)
            elif choice == SUPPRIMER:
                self._remove()
            elif choice == MODIFIER:
                self._modify()
            else:
                self.correct(rows[int(choice)].step)

    def _choose(self, label: str, options: list[Option], aide: str, default: str | None = None) -> str | None:
        try:
            return self.e.asker.choose(label, options, aide=aide, default=default)
        except Retour:
            return None

    def correct(self, step: Pas) -> None:
        """Ask one answer again; then ask what it opens (only that: questions left without an answer before
        are not asked again), and forget what no longer applies."""
        deja = self.e.pending()
        try:
            self.e.ask_step(step)
        except Retour:
            return
        self.e.fill(skip=deja)

    def _validate(self) -> Dossier | None:
        try:
            return self.e.validate()
        except DossierInvalide as exc:
            self.e.asker.say(
                "\nLe dossier ne peut pas encore être enregistré :\n"
                + "\n".join(f"  - {name_fields(m)}" for m in exc.erreurs)
            )
            return None

    def _which(self, label: str, aide: str) -> tuple[int, str] | None:
        """The démarche chosen in the list (its index), and how it was shown; None on Échap."""
        liste = self.e.demarches.liste
        type_q, date_q = question("demarches.type"), question("demarches.date")
        options = [
            Option(str(i), f"{i + 1}. {date_q.display(d.get('date'))} — {type_q.display(d.get('type'))}")
            for i, d in enumerate(liste)
        ]
        choice = self._choose(label, options, aide)
        return None if choice is None else (int(choice), options[int(choice)].title)

    def _remove(self) -> None:
        chosen = self._which("Quelle démarche supprimer ?", "Échap : ne rien supprimer.")
        if chosen is None:
            return
        index, title = chosen
        if self.e.asker.confirm(f"Supprimer « {title} » ?", default=None):
            del self.e.demarches.liste[index]
            self.e._on_answer()

    def _modify(self) -> None:
        chosen = self._which("Quelle démarche modifier ?", "Échap : ne rien modifier.")
        if chosen is None:
            return
        try:
            self.e.demarches.ask_again(chosen[0] + 1)
        except Retour:
            return
