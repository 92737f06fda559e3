"""``lettres config``, interactively: a menu of the settings, each showing its current value.

Every answer is kept at once in a draft beside the configuration (``config.brouillon.yaml``): Ctrl-C or a
closed terminal loses nothing, and the next ``lettres config`` offers to take the changes back. Nothing
reaches the configuration itself before « Enregistrer et quitter ».
"""

from __future__ import annotations

import copy
from pathlib import Path

from lettres.cli.commandes import commande
from lettres.config import Configuration, config_path, save_config
from lettres.dossier.parcours import ACCOMPAGNANT
from lettres.dossier.questions import question
from lettres.erreurs import Interrompu
from lettres.fichiers import write_atomic
from lettres.jour import date_du_jour
from lettres.prompts.asker import Asker, Option, Retour
from lettres.prompts.entretien import Entretien, strip_private
from lettres.prompts.pieces import clean_dropped
from lettres.referentiel import charger_referentiel
from lettres.yamlio import dump_yaml, parse_yaml

ENREGISTRER, ABANDONNER = "enregistrer", "abandonner"


def config_draft(config: Configuration) -> Path:
    return config.path.with_name(f"{config.path.stem}.brouillon.yaml")


def _existing_or_empty(text: str) -> str | None:
    paths = clean_dropped(text, Path.cwd())
    if not paths:
        return None
    path = Path(paths[0]).expanduser()
    return None if path.exists() else f"Introuvable : « {path} » (cherché depuis {Path.cwd()})."


def _jours(text: str) -> str | None:
    from lettres.config import RAPPEL_MAX

    value = text.strip()
    return (
        None
        if value.isdecimal() and len(value) <= 3 and int(value) <= RAPPEL_MAX
        else f"Un nombre de jours entre 0 et {RAPPEL_MAX}."
    )


class EditionConfig:
    """One run of the menu."""

    def __init__(self, config: Configuration, asker: Asker):
        self.config = config
        self.asker = asker
        self.draft = config_draft(config)
        self.ouverte = copy.deepcopy(config.data)  # the configuration as saved: no change, no draft
        self.entretien = Entretien(config.data, asker, Path("."), on_answer=self._save_draft, sections=())

    def _save_draft(self) -> None:
        write_atomic(self.draft, dump_yaml(self.config.data).encode("utf-8"), sync=False)

    def _menu_options(self) -> list[Option]:
        data = self.config.data
        acc = data.get("accompagnant") or {}
        qui = " ".join(str(acc.get(k) or "") for k in ("prenom", "nom")).strip() or "à renseigner"
        prefectures = charger_referentiel().prefectures
        defaut = self.config.prefecture
        nom_defaut = (
            f"{defaut} — {prefectures[defaut].nom if defaut in prefectures else defaut}" if defaut else "aucune"
        )
        connues = ", ".join(sorted((data.get("prefectures") or {}).keys())) or "aucune"
        structure = (data.get("structure") or {}).get("nom") or "aucun"
        suivis = ", ".join(map(str, self.config.dossiers)) or "le répertoire courant"
        return [
            Option("accompagnant", f"Vos coordonnées d'accompagnant ou d'accompagnante ({qui})"),
            Option("prefecture", f"La préfecture par défaut ({nom_defaut})"),
            Option(
                "adresses",
                "Une préfecture : préfet ou préfète, adresses du service des étrangers, rendez-vous au point "
                f"d'accueil numérique, permanence juridique locale ({connues})",
            ),
            Option("structure", f"L'en-tête de votre structure : nom, adresse, logo ({structure})"),
            Option("modeles", f"Le dossier de modèles de votre structure ({data.get('modeles') or 'aucun'})"),
            Option("sortie", f"Le dossier où écrire les documents ({self.config.sortie})"),
            Option("dossiers", f"Les dossiers suivis par lettres suivi ({suivis}) et le rappel de l'agenda"),
            Option(ENREGISTRER, f"Enregistrer et quitter (dans {self.config.path})"),
            Option(ABANDONNER, "Quitter sans enregistrer"),
        ]

    def run(self) -> None:
        try:
            self._resume()
            while self._menu():
                pass
        except (KeyboardInterrupt, EOFError):
            if self.config.data == self.ouverte:
                raise Interrompu("Interrompu : la configuration n'est pas modifiée.") from None
            self._save_draft()
            reprendre = (
                commande("config")
                if self.config.path == config_path()
                else commande("--config", self.config.path, "config")
            )
            raise Interrompu(
                f"Interrompu : vos modifications sont gardées dans {self.draft}. Pour les reprendre :\n  {reprendre}"
            ) from None

    def _resume(self) -> None:
        """Resume the draft left by an interrupted run; it is dropped only once the user says so (as « lettres
        nouveau » does): « non » to resuming asks whether to erase it, and Entrée there keeps it."""
        if not self.draft.is_file():
            return
        if not self.asker.confirm(
            "Des modifications n'ont pas été enregistrées la dernière fois : les reprendre ?", default=True
        ) and self.asker.confirm(
            f"Sans reprise, ces modifications seront remplacées par les nouvelles : effacer {self.draft.name} et "
            "repartir de la configuration enregistrée ?",
            aide="n reprend les modifications.",
            default=False,
        ):
            self.draft.unlink(missing_ok=True)
            self.asker.say(f"Brouillon {self.draft.name} effacé.")
            return
        self.config.data.clear()
        self.config.data.update(parse_yaml(self.draft.read_text(encoding="utf-8")) or {})

    def _menu(self) -> bool:
        """One choice of the menu; False once saved or abandoned."""
        try:
            action = self.asker.choose(
                "Que voulez-vous modifier ?",
                self._menu_options(),
                aide="Échap dans une question : retour à ce menu.",
                default="accompagnant",
            )
        except Retour:
            return True
        if action == ENREGISTRER:
            self.config.data.pop("_en_cours", None)
            cleaned = strip_private(self.config.data)
            self.config.data.clear()
            self.config.data.update(cleaned)
            save_config(self.config)
            self.draft.unlink(missing_ok=True)
            self.asker.say(f"Configuration enregistrée dans {self.config.path}.")
            return False
        if action == ABANDONNER:
            self.draft.unlink(missing_ok=True)
            self.asker.say("Rien n'est changé.")
            return False
        try:
            getattr(self, f"_edit_{action}")()
        except Retour:
            self.asker.say("Retour au menu.")
        return True

    def _ask_fields(self, fields: list[tuple[str, tuple[str, ...]]], target: dict) -> None:
        """Schema fields asked in order into ``target``; Échap goes back one question (the menu from the first)."""
        index = 0
        while index < len(fields):
            key, path = fields[index]
            try:
                self.entretien.ask_field(key, target, path)
                index += 1
            except Retour:
                if index == 0:
                    raise
                index -= 1

    def _edit_accompagnant(self) -> None:
        target = self.config.data.setdefault("accompagnant", {})
        self._ask_fields([(f"accompagnant.{k}", (k,)) for k in ACCOMPAGNANT], target)

    def _prefecture_options(self) -> list[Option]:
        return self.entretien.options(question("demande.prefecture"), True)

    def _edit_prefecture(self) -> None:
        code = self.asker.choose(
            "Préfecture par défaut des nouveaux dossiers",
            self._prefecture_options(),
            aide="Tapez la ville ou le département.",
            default=self.config.prefecture or None,
        )
        self.config.data["prefecture"] = code
        self._save_draft()

    def _edit_adresses(self) -> None:
        code = self.asker.choose(
            "Quelle préfecture ?",
            self._prefecture_options(),
            aide="Tapez la ville ou le département.",
            default=self.config.prefecture or None,
        )
        contact = self.config.data.setdefault("prefectures", {}).setdefault(code, {})
        self._ask_fields(
            [
                ("envoi.prefet_civilite", ("civilite",)),
                ("envoi.prefecture_courriel", ("courriel",)),
                ("envoi.prefecture_adresse", ("adresse",)),
            ],
            contact,
        )
        self._ask_locaux(code, contact)

    def _ask_locaux(self, code: str, contact: dict) -> None:
        """What no source gives for a préfecture: the PAN's appointment channel, a local legal help line, and
        where these details come from (kept with them when the structure shares its contacts)."""
        prefecture = charger_referentiel().prefectures[code]
        rdv = prefecture.rdv_blocage.libelle if prefecture.rdv_blocage else ""
        questions = (
            (
                "rdv",
                "Rendez-vous « blocage ANEF » au point d'accueil numérique (PAN) de cette préfecture",
                (f"Connu : {rdv}. " if rdv else "Aucune source ne le donne. ")
                + "Comment l'obtenir (formulaire en ligne, téléphone et horaires…) ; Entrée sans rien : inconnu.",
            ),
            (
                "juridique",
                "Permanence juridique locale en droit des étrangers",
                "Association, avocat ou point-justice, avec son téléphone ou son adresse ; Entrée sans rien : aucune.",
            ),
            (
                "source",
                "D'où viennent ces renseignements ?",
                "Site de la préfecture, courrier reçu, appel… ; repris quand vous partagez vos contacts "
                "(lettres config exporter).",
            ),
        )
        for key, label, aide in questions:
            contact[key] = self.asker.text(label, aide=aide, default=str(contact.get(key) or "")).strip()
            self._save_draft()
        for key in [k for k, v in contact.items() if v in ("", None)]:
            del contact[key]
        if set(contact) - {"source", "verifie_le"}:
            contact["verifie_le"] = date_du_jour()
        self._save_draft()

    def _edit_structure(self) -> None:
        structure = self.config.data.setdefault("structure", {})
        structure["nom"] = self.asker.text(
            "Nom de la structure (en-tête des lettres)", default=structure.get("nom", "")
        )
        self._save_draft()
        structure["adresse"] = self.asker.text(
            "Adresse de la structure", default=structure.get("adresse", ""), multiline=True
        ).strip()
        self._save_draft()
        logo = self.asker.text(
            "Logo",
            aide="Une image PNG ou JPEG : glissez-la dans cette fenêtre ou tapez son chemin ; Entrée sans rien : aucun.",
            default=structure.get("logo", ""),
            check=_existing_or_empty,
        )
        paths = clean_dropped(logo, Path.cwd())
        structure["logo"] = str(Path(paths[0]).expanduser().resolve()) if paths else ""
        self._save_draft()

    def _edit_modeles(self) -> None:
        typed = self.asker.text(
            "Dossier de modèles",
            aide="Créé par « lettres modeles exporter » ; Entrée sans rien : les modèles fournis.",
            default=str(self.config.data.get("modeles") or ""),
            check=_existing_or_empty,
        )
        paths = clean_dropped(typed, Path.cwd())
        self.config.data["modeles"] = paths[0] if paths else ""
        self._save_draft()

    def _edit_dossiers(self) -> None:
        typed = self.asker.text(
            "Répertoire des dossiers suivis",
            aide="lettres suivi y lit tous les dossiers, sous-répertoires compris ; Entrée sans rien : le répertoire courant.",
            default=", ".join(map(str, self.config.dossiers)),
            check=_existing_or_empty,
        )
        paths = clean_dropped(typed, Path.cwd())
        if paths:
            self.config.data["dossiers"] = paths[0]
        else:
            self.config.data.pop("dossiers", None)
        self._save_draft()
        rappel = self.asker.text(
            "Rappel de l'agenda, en jours avant chaque échéance",
            aide="Pour lettres suivi --ics : l'agenda prévient ce nombre de jours avant la date.",
            default=str(self.config.rappel_jours),
            check=_jours,
        )
        self.config.data["rappel_jours"] = int(rappel.strip())
        self._save_draft()

    def _edit_sortie(self) -> None:
        self.config.data["sortie"] = self.asker.text(
            "Dossier où écrire les documents", default=str(self.config.sortie or "sorties")
        ).strip()
        self._save_draft()


def edit_config(config: Configuration, asker: Asker) -> None:
    """The menu, until « Enregistrer et quitter » or « Quitter sans enregistrer »."""
    EditionConfig(config, asker).run()
