"""One dossier being filled in the browser: its answers, its draft, and saving it to the YAML file.

The answers are the terminal interview's (nested dossier data, with the interview's own ``_…`` keys) and
the draft is the same file (``X.brouillon.yaml`` beside the dossier): a dossier started in the browser can
be finished with ``lettres nouveau X.yaml``, and the other way round. Every submitted page is kept in the
draft before anything else, so that nothing typed is lost, even when it is refused.

A new dossier is written, in a folder of its own named after the person, as soon as its answers make a
valid dossier; an existing one is changed in place, only where answers changed, and only if the file is
still the one the page was filled from (``dossier/edition.py``).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lettres.config import Configuration
from lettres.dossier import read_dossier_data, save_dossier, validate_dossier
from lettres.dossier.edition import FichierModifie, empreinte, file_empreinte, update_dossier_file
from lettres.dossier.entretien import from_file, strip_private
from lettres.dossier.entretien import initial_answers as model_initial_answers
from lettres.dossier.entretien import new_dossier_path as model_new_dossier_path
from lettres.dossier.fichier import read_dossier_text
from lettres.dossier.questions import drop, get, has, put, question
from lettres.erreurs import DossierInvalide
from lettres.fichiers import write_atomic
from lettres.web.etat import brouillon_de
from lettres.web.parcours import Page, prune
from lettres.yamlio import dump_yaml, parse_yaml

EMPREINTE = "_empreinte"  # the fingerprint of the file the draft's answers came from


@dataclass
class Etat:
    answers: dict[str, Any]
    empreinte: str | None  # the file's fingerprint when the answers were read from it; None for a new dossier
    brouillon: bool = False  # the answers come from a draft, not (only) from the file


@dataclass
class Enregistrement:
    """What saving gave: the file written, or why not."""

    chemin: Path | None = None
    erreurs: list[str] = field(default_factory=list)
    conflit: str = ""


class Fiche:
    def __init__(self, path: Path, racine: Path):
        self.path = path
        self.racine = racine
        self.brouillon = brouillon_de(path)

    @property
    def existe(self) -> bool:
        return self.path.is_file()

    def load(self, config: Configuration) -> Etat:
        """The draft if there is one, else the file, else a new dossier's first answers."""
        if self.brouillon.is_file():
            answers = parse_yaml(self.brouillon.read_text(encoding="utf-8")) or {}
            if isinstance(answers, dict):
                return Etat(answers, answers.get(EMPREINTE), True)
        if self.existe:
            raw = read_dossier_text(self.path)
            return Etat(from_file(read_dossier_data(self.path)), empreinte(raw))
        return Etat(initial_answers(config), None)

    def keep(self, etat: Etat) -> None:
        """Write the answers to the draft (atomically, readable by the owner only)."""
        answers = dict(etat.answers)
        if etat.empreinte:
            answers[EMPREINTE] = etat.empreinte
        write_atomic(self.brouillon, dump_yaml(answers).encode("utf-8"), sync=False)
        etat.brouillon = True

    def drop_draft(self) -> None:
        self.brouillon.unlink(missing_ok=True)

    def save(self, etat: Etat, page: Page | None = None) -> Enregistrement:
        """Write the dossier if its answers are valid: a new file, or the changes into the existing one.

        ``page`` given: only that page's answers are applied over the file as it is now (after a conflict)."""
        answers = copy.deepcopy(etat.answers)
        prune(answers)
        if not self.existe:
            return self._create(answers)
        raw = read_dossier_text(self.path)
        current = read_dossier_data(self.path)
        if page is None:
            data = strip_private(answers)
            if "demarches" in current:  # démarches are added on their own page, under the file's lock
                data["demarches"] = current["demarches"]
            else:
                data.pop("demarches", None)
            attendue = etat.empreinte
        else:
            data = copy.deepcopy(current)
            for champ in page.champs:
                if champ.private:
                    continue
                path = question(champ.key).path
                if has(answers, path):
                    put(data, path, get(answers, path))
                else:
                    drop(data, path)
            for section in ("orientation", "accompagnant"):
                if section not in answers:
                    data.pop(section, None)
            attendue = empreinte(raw)
        try:
            before = validate_dossier(current, str(self.path))
            after = validate_dossier(data)
        except DossierInvalide as exc:
            return Enregistrement(erreurs=exc.erreurs)
        try:
            _, nouvelle = update_dossier_file(self.path, before, after, attendue)
        except FichierModifie as exc:
            return Enregistrement(conflit=exc.message)
        self.drop_draft()
        etat.empreinte = nouvelle
        return Enregistrement(self.path)

    def _create(self, answers: dict) -> Enregistrement:
        try:
            dossier = validate_dossier(strip_private(answers))
        except DossierInvalide as exc:
            return Enregistrement(erreurs=exc.erreurs)
        target = new_dossier_path(self.racine, dossier.personne.nom, dossier.personne.prenoms)
        save_dossier(dossier, target)
        self.drop_draft()
        return Enregistrement(target)

    def current_empreinte(self) -> str | None:
        return file_empreinte(self.path) if self.existe else None


def initial_answers(config: Configuration) -> dict[str, Any]:
    """A new dossier: the accompagnant's details from the configuration, as the terminal does."""
    return model_initial_answers(config.accompagnant)


def new_dossier_path(racine: Path, nom: str, prenoms: str) -> Path:
    """``DIALLO_Aminata/dossier.yaml`` in the dossiers folder; ``DIALLO_Aminata-2/…`` if taken."""
    return model_new_dossier_path(racine, nom, prenoms)


def new_placeholder(racine: Path, pris: set[Path]) -> Path:
    """The path a dossier started in the browser has until its person's name is known (``nouveau-1.yaml``);
    ``pris``: those already handed out and not written yet."""
    n = 1
    while (candidate := racine / f"nouveau-{n}.yaml").exists() or brouillon_de(candidate).exists() or candidate in pris:
        n += 1
    return candidate
