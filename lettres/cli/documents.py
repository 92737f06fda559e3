"""``lettres generer`` and ``lettres demo``."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from lettres.cli.options import (
    DATE_LETTRES_OPTION,
    MODELES_OPTION,
    PDF_OPTION,
    PIECES_OPTION,
    SORTIE_OPTION,
    configuration,
    fichier_dossier,
    ligne_accompagnant,
    pdf_copies,
    report,
)
from lettres.cli.terminal import echo


@click.command(
    short_help="Produit les documents d'un dossier.",
    epilog="\b\nExemple : lettres generer diallo.yaml --lettres prefecture,bordereau --sortie courriers",
)
@click.argument("dossier", type=click.Path(path_type=Path), metavar="DOSSIER.yaml")
@click.option(
    "--lettres",
    "lettres",
    metavar="LISTE",
    help="Documents à produire, séparés par des virgules : dgef, prefecture, orientation, bordereau, refere "
    "(par défaut : tous ceux que la situation appelle).",
)
@SORTIE_OPTION
@click.option(
    "--force",
    is_flag=True,
    help="Écrit de nouveau les documents du jour ; ceux déjà écrits sont gardés dans son sous-dossier archives.",
)
@DATE_LETTRES_OPTION
@MODELES_OPTION
@PDF_OPTION
@PIECES_OPTION
@click.pass_context
def generer(
    ctx: click.Context,
    dossier: Path,
    lettres: str | None,
    sortie: Path | None,
    force: bool,
    jour: date | None,
    modeles: Path | None,
    pdf: bool,
    pieces_hors_dossier: tuple[Path, ...],
) -> None:
    """Produit les documents d'un dossier : courriels (.eml), lettres (.docx), bordereau et pièces."""
    from lettres.config import accompagnant_configure
    from lettres.documents.generation import generate_file, parse_lettres

    dossier = fichier_dossier(dossier)
    config = configuration(ctx)
    choisies = parse_lettres(lettres)
    # documents named (« --lettres refere »): the day's others stay as they are, as on the web's page
    resultat = generate_file(
        dossier,
        config,
        sortie,
        choisies,
        force,
        jour,
        modeles,
        pieces_hors_dossier,
        garder_les_autres=choisies is not None,
    )
    report(resultat)
    acc = accompagnant_configure(dossier, config)
    if acc:
        echo(ligne_accompagnant(acc))
    if pdf:
        pdf_copies([resultat.dossier])


@click.command(
    short_help="Génère les documents d'un dossier fictif (à lancer en premier).",
    epilog="\b\nExemples :\n  lettres demo --sortie essai\n  lettres demo --situation rejet_implicite --sortie essai",
)
@click.option(
    "--sortie",
    type=click.Path(path_type=Path, file_okay=False),
    metavar="RÉPERTOIRE",
    default=Path("lettres-demo"),
    show_default=True,
    help="Dossier où écrire les documents de démonstration.",
)
@click.option("--force", is_flag=True, help="Remplace une démonstration déjà générée aujourd'hui.")
@click.option(
    "--situation",
    metavar="CODE",
    help="Montre l'exemple d'une autre situation : diligences_incompletes, depot_impossible, depot_incomplet "
    "(celui par défaut), api, rejet_implicite ; ou refere (un dossier où le référé « mesures utiles » est mûr).",
)
@MODELES_OPTION
@PDF_OPTION
@click.pass_context
def demo(ctx: click.Context, sortie: Path, force: bool, situation: str | None, modeles: Path | None, pdf: bool) -> None:
    """Génère tous les documents d'un dossier fictif, pour découvrir l'outil ; --situation montre le
    dossier d'exemple d'une situation (les lettres changent avec elle)."""
    from lettres.demo import run_demo
    from lettres.documents.habillage import habillage_from

    resultat, exemple = run_demo(sortie, force, habillage_from(configuration(ctx), modeles), situation)
    report(resultat)
    if pdf:
        pdf_copies([resultat.dossier])
    echo(
        f"\nLe dossier fictif et ses captures sont dans {exemple.parent}/ ({exemple.name}, à lire).\n"
        'Pour un vrai dossier, répondez aux questions (sans écrire de YAML) :\n  lettres nouveau "Prénom Nom"'
    )
