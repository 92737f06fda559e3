"""How a structure dresses its letters: its own templates and its letterhead (name, address, logo)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lettres.documents.avertissements import Avertissement, ErreurAvertie, ModelesIntrouvables
from lettres.procedure.actions import Action, Quoi


@dataclass(frozen=True)
class Habillage:
    modeles: Path | None = None  # a structure's templates folder (the default ones exported, then edited)
    nom: str = ""  # letterhead: structure name
    adresse: str = ""  # letterhead: address, several lines
    logo: Path | None = None  # letterhead: image in the header of the Word documents

    def context(self, signataire_accompagnant: bool) -> dict:
        """The ``entete`` variables of the templates."""
        present = bool(self.nom or self.adresse or self.logo)
        return {
            "present": present,
            "courrier": present and signataire_accompagnant,
            "nom": self.nom,
            "adresse": self.adresse,
            "avec_logo": self.logo is not None,
            "logo": "",
        }


def habillage_from(config, modeles: Path | None = None) -> Habillage:
    """The configuration's letterhead and templates; ``--modeles`` wins over the configuration."""
    structure = config.data.get("structure") or {}
    folder = modeles or (Path(config.data["modeles"]).expanduser() if config.data.get("modeles") else None)
    if folder is not None and not folder.is_dir():
        raise ModelesIntrouvables(
            Avertissement(
                "modeles_introuvables",
                f"Le dossier de modèles « {folder} » est introuvable : vérifiez le chemin",
                action=Action(Quoi.EXPORTER_MODELES, valeur=str(folder)),
            )
        )
    logo = Path(structure["logo"]).expanduser() if structure.get("logo") else None
    if logo is not None and not logo.is_file():
        raise ErreurAvertie(
            Avertissement(
                "logo_introuvable",
                f"Le logo « {logo} » est introuvable : vérifiez le chemin",
                action=Action(Quoi.CONFIGURATION, champ="structure.logo"),
            )
        )
    return Habillage(folder, str(structure.get("nom") or ""), str(structure.get("adresse") or "").strip(), logo)
