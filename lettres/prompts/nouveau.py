"""``lettres nouveau``: the interview for one dossier file, with a draft that survives Ctrl-C, then the
checklist and the documents generated on request."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path
from typing import Any

from lettres.cli.commandes import commande
from lettres.config import Configuration
from lettres.dossier import Dossier, read_dossier_data, save_dossier
from lettres.dossier.entretien import (
    FINIES,
    contexte_from,
    draft_path,
    from_file,
    initial_answers,
    new_dossier_path,
)
from lettres.dossier.nom import avec_suffixe, pieces_jointes
from lettres.dossier.parcours import SECTIONS
from lettres.dossier.questions import typed_answers
from lettres.erreurs import Interrompu, SortieExistante
from lettres.fichiers import write_atomic
from lettres.francais import date_courte
from lettres.jour import date_du_jour
from lettres.procedure.etapes import etat_etapes
from lettres.prompts.asker import Asker, Option, Retour
from lettres.prompts.entretien import Entretien
from lettres.prompts.revue import Revue
from lettres.yamlio import dump_yaml, parse_yaml

__all__ = ["NouveauDossier", "checklist", "contexte_from", "draft_path", "offer_generation"]

SANS_NOM = "nouveau-dossier.yaml"
ACCUEIL = (
    "Quelques questions sur la personne, sa demande, le blocage et les démarches déjà faites ; à la fin, un "
    "récapitulatif pour tout relire et corriger. Entrée valide une réponse. Échap revient à la question "
    "précédente. Ctrl-C arrête : vos réponses sont gardées et reprises à la prochaine « lettres nouveau »."
)


def checklist(dossier: Dossier) -> str:
    """The six steps of the fiche: proven (by which dated démarches), done without its pièce, or missing."""
    lines = ["Les six étapes de la fiche :"]
    for etat in etat_etapes(dossier):
        dates = ", ".join(date_courte(dossier.demarches[i].date) for i in etat.demarches)
        numero, libelle = etat.etape.numero, etat.etape.libelle
        if etat.prouvee:
            lines.append(f"  [x] {numero}. {libelle} — prouvée ({dates})")
        elif etat.faite:
            quoi = "la copie du courrier et son avis de réception" if numero == 5 else "la capture ou le justificatif"
            lines.append(
                f"  [~] {numero}. {libelle} — faite ({dates}) mais sans fichier : ajoutez {quoi} à la démarche"
            )
        else:
            lines.append(f"  [ ] {numero}. {libelle} — manquante : {etat.etape.explication}")
    return "\n".join(lines)


class NouveauDossier:
    """One run of ``lettres nouveau``: resume a draft or an existing file, ask, review, save."""

    def __init__(self, target: Path | None, asker: Asker, config: Configuration, aujourd_hui: date | None = None):
        self.target = avec_suffixe(target) if target is not None else None
        self.asker = asker
        self.config = config
        self.aujourd_hui = aujourd_hui or date_du_jour()
        self.draft = draft_path(self.target or Path(SANS_NOM))
        self.avant: Dossier | None = None  # the file as opened
        self.ouvert: dict | None = None  # its answers as opened: a draft equal to them is no draft
        self.skip: frozenset[str] = frozenset()  # optional questions the file answered by leaving them out
        base = (self.target.parent if self.target else Path(".")).resolve()
        self.entretien = Entretien(
            initial_answers(config.accompagnant),
            asker,
            base,
            contexte_from(config, self.aujourd_hui),
            on_answer=self._save_draft,
        )

    def _save_draft(self) -> None:
        """After every answer: even a closed terminal or a killed process loses nothing."""
        write_atomic(self.draft, dump_yaml(self.entretien.answers).encode("utf-8"), sync=False)

    def _resume_draft(self) -> bool:
        """Whether the draft is resumed: its answers are dropped only once the user says so."""
        if self.asker.confirm(
            f"Un brouillon existe ({self.draft.name}) : reprendre là où vous vous étiez arrêté ?", default=True
        ):
            return True
        if self.asker.confirm(
            f"Sans reprise, les réponses du brouillon seront remplacées par les nouvelles : effacer {self.draft.name} "
            "et recommencer ?",
            aide="n reprend le brouillon.",
            default=False,
        ):
            self.draft.unlink(missing_ok=True)
            self.asker.say(f"Brouillon {self.draft.name} effacé.")
            return False
        return True

    def _start(self) -> bool:
        """Resume the draft, open the file or greet; whether the questions without an answer are asked next
        (not after « Revoir et enregistrer » or « Modifier une section »: they were left out on purpose)."""
        answers = self.entretien.answers
        if self.target is not None and self.target.is_file():
            self.avant = self._snapshot(self.target)
        if self.draft.is_file() and self._resume_draft():
            answers.clear()
            answers.update(parse_yaml(self.draft.read_text(encoding="utf-8")) or {})
            self.asker.say("Brouillon repris : seules les questions restantes sont posées.")
            return True
        if self.target is not None and self.target.is_file():
            if self._open_existing() != "completer":
                return False
            self.skip = self.entretien.left_out_by_file()  # « Aucun », « Inconnu », skipped: not asked again
            return True
        self.asker.say(ACCUEIL)
        if self.config.accompagnant:
            acc = self.config.accompagnant
            self.asker.say(
                f"Vos coordonnées ({acc.get('prenom', '')} {acc.get('nom', '')}) viennent de votre configuration "
                "(« lettres config » pour les changer)."
            )
        return True

    @staticmethod
    def _snapshot(path: Path) -> Dossier | None:
        """The dossier as the file holds it when opened: only what differs from it is written back."""
        from lettres.dossier import load_dossier
        from lettres.erreurs import LettresError

        try:
            return load_dossier(path)
        except LettresError:  # an invalid file: the interview says what to fix, and writes it all back
            return None

    def _open_existing(self) -> str:
        assert self.target is not None
        answers = self.entretien.answers
        answers.clear()
        answers.update(from_file(typed_answers(read_dossier_data(self.target))))
        self.ouvert = copy.deepcopy(answers)
        while True:
            try:
                mode = self.asker.choose(
                    f"Le dossier {self.target.name} existe. Que voulez-vous faire ?",
                    [
                        Option("completer", "Compléter ce qui manque"),
                        Option("section", "Modifier une section"),
                        Option("revoir", "Revoir et enregistrer"),
                    ],
                    default="completer",
                )
                if mode == "section":
                    code = self.asker.choose(
                        "Quelle section ?", [Option(s.code, s.titre) for s in SECTIONS if s.code != "signature"]
                    )
                    self._edit_section(code)
                return mode
            except Retour:
                continue

    def _edit_section(self, code: str) -> None:
        """Every question of the section again, with its answer as default."""
        deja = self.entretien.pending()
        if code == "demarches":
            self.entretien.answers.pop(FINIES, None)
            self.entretien.fill(skip=deja)
            return
        revue, done = Revue(self.entretien), []
        while True:
            # read again after each answer: an answer may open or close questions of the section
            todo = [r for r in revue.rows() if r.step.section == code and r.step.ident not in done]
            if not todo:
                break
            try:
                self.entretien.ask_step(todo[0].step)
                done.append(todo[0].step.ident)
            except Retour:
                if done:
                    done.pop()
        self.entretien.fill(skip=deja)

    def run(self) -> tuple[Dossier, Path]:
        """Ask, review, save; on Ctrl-C or Ctrl-D keep the answers in the draft (exit 130)."""
        try:
            if self._start():
                self.entretien.fill(skip=self.skip)
            dossier = Revue(self.entretien).run()
        except (KeyboardInterrupt, EOFError):
            if self.ouvert is not None and self.entretien.answers == self.ouvert:
                self.draft.unlink(missing_ok=True)  # nothing changed: the file is the whole story
                raise Interrompu(f"Interrompu : rien n'a changé, {self.target} reste tel quel.") from None
            self._save_draft()
            reprendre = commande("nouveau", self.target) if self.target else commande("nouveau")
            raise Interrompu(
                f"Interrompu : vos réponses sont gardées dans {self.draft}. Pour reprendre :\n  {reprendre}"
            ) from None
        target = self.target
        if target is None:  # named after the person, in a folder of its own with its pièces (as on the web)
            target = new_dossier_path(Path("."), dossier.personne.nom, dossier.personne.prenoms)
            pieces_jointes(dossier, self.entretien.base, target.parent)
        if self.avant is not None and target.is_file():
            # only the answers changed since the file was opened are written: the rest stays as it was
            # (comments, the registered-mail number, what « lettres etape » added meanwhile)
            from lettres.dossier.edition import update_dossier_file

            dossier = update_dossier_file(target, self.avant, dossier, None)[0]
        else:
            save_dossier(dossier, target)
        self.draft.unlink(missing_ok=True)
        return dossier, target


def offer_generation(asker: Asker, chemin: Path, config: Configuration) -> Any:
    """« Générer les documents maintenant ? », with the configuration (préfecture addresses, letterhead) as
    ``lettres generer`` does; an existing output folder is replaced only if the user says so."""
    from lettres.documents.generation import generate_file

    if not asker.confirm("Générer les documents maintenant ?", default=True):
        asker.say(f"Plus tard :\n  {commande('generer', chemin)}")
        return None
    try:
        return generate_file(chemin, config)
    except SortieExistante:
        if not asker.confirm(
            "Des documents ont déjà été générés aujourd'hui pour cette personne. Écrire les nouveaux (les "
            "précédents sont gardés dans le sous-dossier archives) ?",
            default=None,
        ):
            asker.say(f"Rien n'est écrit. Pour les écrire plus tard :\n  {commande('generer', chemin, '--force')}")
            return None
        return generate_file(chemin, config, force=True)
