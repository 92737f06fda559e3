"""``lettres nouveau``: run the interview for one dossier file, with a draft that survives Ctrl-C."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from lettres.config import Configuration
from lettres.dossier import Dossier, read_dossier_data, save_dossier
from lettres.erreurs import Interrompu
from lettres.fichiers import ascii_slug, write_atomic
from lettres.francais import date_courte
from lettres.procedure.etapes import etat_etapes
from lettres.prompts.asker import Asker
from lettres.prompts.entretien import SECTIONS, Entretien
from lettres.yamlio import dump_yaml, parse_yaml

SANS_NOM = "nouveau-dossier.yaml"


def draft_path(target: Path) -> Path:
    """``diallo.yaml`` → ``diallo.brouillon.yaml``, beside it."""
    return target.with_name(f"{target.stem}.brouillon.yaml")


def _name_from_answers(dossier: Dossier, folder: Path) -> Path:
    stem = "_".join(
        p for p in (ascii_slug(dossier.personne.nom).upper(), ascii_slug(dossier.personne.prenoms.split()[0])) if p
    )
    candidate, n = folder / f"{stem or 'dossier'}.yaml", 2
    while candidate.exists():
        candidate, n = folder / f"{stem}-{n}.yaml", n + 1
    return candidate


def checklist(dossier: Dossier) -> str:
    """The six steps of the fiche: proven (by which dated démarches) or missing."""
    lines = ["Les six étapes de la fiche :"]
    for etat in etat_etapes(dossier):
        if etat.prouvee:
            dates = ", ".join(date_courte(dossier.demarches[i].date) for i in etat.demarches)
            lines.append(f"  [x] {etat.etape.numero}. {etat.etape.libelle} — prouvée ({dates})")
        else:
            lines.append(f"  [ ] {etat.etape.numero}. {etat.etape.libelle} — manquante : {etat.etape.explication}")
    return "\n".join(lines)


def _initial_answers(config: Configuration, aujourd_hui: date) -> dict:
    answers: dict = {}
    if config.accompagnant:
        answers["accompagnant"] = dict(config.accompagnant)
        answers["_accompagnant"] = True
    return answers


def _defaults(config: Configuration, aujourd_hui: date) -> dict:
    defaults: dict[str, Any] = {"consentement.date": aujourd_hui}
    if config.prefecture:
        defaults["demande.prefecture"] = config.prefecture
    defaults["_contacts_prefecture"] = dict(config.data.get("prefectures") or {})
    return defaults


class NouveauDossier:
    """One run of ``lettres nouveau``: resume a draft or an existing file, ask, review, save."""

    def __init__(self, target: Path | None, asker: Asker, config: Configuration, aujourd_hui: date | None = None):
        self.target = target
        self.asker = asker
        self.config = config
        self.aujourd_hui = aujourd_hui or date.today()
        self.draft = draft_path(target if target else Path(SANS_NOM))
        base = (target.parent if target else Path(".")).resolve()
        self.entretien = Entretien(
            _initial_answers(config, self.aujourd_hui),
            asker,
            base,
            _defaults(config, self.aujourd_hui),
            on_answer=self._save_draft,
        )

    def _save_draft(self) -> None:
        """After every answer: even a closed terminal or a killed process loses nothing."""
        write_atomic(self.draft, dump_yaml(self.entretien.answers).encode("utf-8"), sync=False)

    def _start(self) -> None:
        answers = self.entretien.answers
        if self.draft.is_file() and self.asker.confirm(
            f"Un brouillon existe ({self.draft.name}) : reprendre là où vous vous étiez arrêté ?", default=True
        ):
            answers.clear()
            answers.update(parse_yaml(self.draft.read_text(encoding="utf-8")) or {})
            self.asker.say("Brouillon repris : seules les questions restantes sont posées.")
            return
        if self.target is not None and self.target.is_file():
            answers.clear()
            answers.update(read_dossier_data(self.target))
            answers.update(
                _demarches_finies=True, _orientation="orientation" in answers, _accompagnant="accompagnant" in answers
            )
            for demarche in answers.get("demarches") or []:
                if isinstance(demarche, dict):
                    demarche["_pieces_finies"] = True
            mode = self.asker.select(
                f"Le dossier {self.target.name} existe. Que voulez-vous faire ?",
                [
                    ("completer", "Compléter ce qui manque"),
                    ("section", "Modifier une section"),
                    ("revoir", "Revoir et enregistrer"),
                ],
                default="completer",
            )
            if mode == "section":
                code = self.asker.select("Quelle section ?", [(s.code, s.titre) for s in SECTIONS])
                self.entretien.fill_section(next(s for s in SECTIONS if s.code == code), again=True)
        elif self.config.accompagnant:
            acc = self.config.accompagnant
            self.asker.say(
                f"Accompagnant : {acc.get('prenom', '')} {acc.get('nom', '')} (depuis la configuration {self.config.path})."
            )

    def run(self) -> tuple[Dossier, Path]:
        """Ask, review, save; on Ctrl-C or Ctrl-D keep the answers in the draft (exit 130)."""
        try:
            self._start()
            self.entretien.fill()
            dossier = self.entretien.review()
        except (KeyboardInterrupt, EOFError):
            self._save_draft()
            commande = f"lettres nouveau {self.target}" if self.target else "lettres nouveau"
            raise Interrompu(
                f"Interrompu : vos réponses sont gardées dans {self.draft}. Pour reprendre : {commande}"
            ) from None
        target = self.target or _name_from_answers(dossier, Path("."))
        save_dossier(dossier, target)
        self.draft.unlink(missing_ok=True)
        return dossier, target
