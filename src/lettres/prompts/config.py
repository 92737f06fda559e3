"""``lettres config``, interactively: edit the accompagnant's details and the structure's defaults."""

from __future__ import annotations

from pathlib import Path

from lettres.config import Configuration, describe, save_config
from lettres.prompts.asker import Asker
from lettres.prompts.entretien import Champ, Entretien
from lettres.referentiel import charger_referentiel

ACCOMPAGNANT = ("civilite", "nom", "prenom", "fonction", "structure", "adresse", "courriel", "telephone")


def edit_config(config: Configuration, asker: Asker) -> None:
    """Menu loop; each change is saved when the user chooses « Enregistrer »."""
    entretien = Entretien(config.data, asker, Path("."))
    prefectures = charger_referentiel().prefectures
    while True:
        asker.say("\n" + describe(config))
        action = asker.select(
            "Que voulez-vous modifier ?",
            [
                ("accompagnant", "Vos coordonnées d'accompagnant ou d'accompagnante"),
                ("prefecture", "La préfecture par défaut"),
                ("adresses", "Une préfecture : préfet ou préfète, adresses du service des étrangers"),
                ("structure", "L'en-tête de votre structure (nom, adresse, logo)"),
                ("modeles", "Le dossier de modèles de votre structure"),
                ("sortie", "Le dossier où écrire les documents"),
                ("enregistrer", "Enregistrer et quitter"),
            ],
            default="enregistrer",
        )
        if action == "enregistrer":
            save_config(config)
            asker.say(f"Configuration enregistrée dans {config.path}.")
            return
        if action == "accompagnant":
            target = config.data.setdefault("accompagnant", {})
            for key in ACCOMPAGNANT:
                entretien.ask(Champ(f"accompagnant.{key}"), target, (key,))
        elif action == "prefecture":
            config.data["prefecture"] = asker.select(
                "Préfecture par défaut des nouveaux dossiers",
                [(code, f"{code} — {p['nom']}") for code, p in prefectures.items()],
                default=config.prefecture or None,
            )
        elif action == "adresses":
            code = asker.select(
                "Quelle préfecture ?",
                [(c, f"{c} — {p['nom']}") for c, p in prefectures.items()],
                default=config.prefecture or None,
            )
            contact = config.data.setdefault("prefectures", {}).setdefault(code, {})
            entretien.ask(Champ("envoi.prefet_civilite"), contact, ("civilite",))
            entretien.ask(Champ("envoi.prefecture_courriel"), contact, ("courriel",))
            contact["adresse"] = asker.text(
                "Adresse postale du service des étrangers",
                default=contact.get("adresse", ""),
                multiline=True,
                instruction="(sur plusieurs lignes)",
            ).strip()
        elif action == "structure":
            structure = config.data.setdefault("structure", {})
            structure["nom"] = asker.text(
                "Nom de la structure (en-tête des lettres)", default=structure.get("nom", "")
            ).strip()
            structure["adresse"] = asker.text(
                "Adresse de la structure",
                default=structure.get("adresse", ""),
                multiline=True,
                instruction="(sur plusieurs lignes)",
            ).strip()
            structure["logo"] = asker.path(
                "Logo (image PNG ou JPEG ; Entrée sans rien pour aucun)", validate=_existing_or_empty
            ).strip()
        elif action == "modeles":
            config.data["modeles"] = asker.path(
                "Dossier de modèles (lettres modeles exporter ; Entrée sans rien pour aucun)",
                validate=_existing_or_empty,
            ).strip()
        elif action == "sortie":
            config.data["sortie"] = asker.text(
                "Dossier où écrire les documents", default=str(config.sortie or "sorties")
            )


def _existing_or_empty(text: str):
    path = Path(text.strip()).expanduser()
    return True if not text.strip() or path.exists() else f"introuvable : {path}"
