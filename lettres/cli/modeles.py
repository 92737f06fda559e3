"""``lettres modeles exporter`` and ``lettres modeles verifier``."""

from __future__ import annotations

from pathlib import Path

import click

from lettres.cli.terminal import echo
from lettres.erreurs import LettresError
from lettres.francais import nombre


def lisezmoi() -> str:
    """The guide's text written for the terminal (how to write in the templates, the commands that use them)."""
    from importlib import resources

    return resources.files("lettres.cli").joinpath("lisezmoi.md").read_text(encoding="utf-8")


@click.group(short_help="Personnaliser les modèles Word et courriel d'une structure.")
def modeles() -> None:
    """Les modèles d'une structure : les exporter pour les modifier dans Word ou LibreOffice, puis les
    vérifier. On s'en sert avec --modeles DOSSIER (generer, lot, demo) ou « modeles: » dans la configuration."""


@modeles.command(epilog="\b\nExemple : lettres modeles exporter modeles-asso")
@click.argument("dossier", type=click.Path(path_type=Path, file_okay=False), metavar="RÉPERTOIRE")
@click.option("--force", is_flag=True, help="Remplace des modèles déjà exportés.")
def exporter(dossier: Path, force: bool) -> None:
    """Copie les modèles par défaut et un guide (LISEZMOI.md) : chaque variable, son sens, un exemple."""
    from lettres.documents.modeles import export_templates

    ecrits = export_templates(dossier, lisezmoi(), force)
    echo(
        f"{len(ecrits)} fichiers écrits dans {dossier}/ ; lisez {dossier / 'LISEZMOI.md'}, modifiez, puis : "
        f"lettres modeles verifier {dossier}"
    )


@modeles.command(name="verifier", epilog="\b\nExemple : lettres modeles verifier modeles-asso")
@click.argument("dossier", type=click.Path(path_type=Path, file_okay=False), metavar="RÉPERTOIRE")
def verifier_modeles(dossier: Path) -> None:
    """Vérifie chaque modèle : variables inconnues, syntaxe, guillemets dans les balises, blocs {%p non
    fermés, texte enrichi sans {{r. Code 0 si tout va bien, 2 sinon, avec le modèle et le paragraphe."""
    from lettres.documents.modeles import check_templates

    problemes = check_templates(dossier)
    if problemes:
        for probleme in problemes:
            echo(f"- {probleme}", err=True)
        raise LettresError(
            f"{nombre(len(problemes), 'problème')} dans les modèles de {dossier} : "
            "corrigez-les puis relancez la vérification."
        )
    echo(f"Modèles de {dossier} : aucun problème.")
