"""``lettres lot FICHIER`` and ``lettres lot modele FICHIER``."""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from lettres.cli.options import (
    DATE_LETTRES_OPTION,
    MODELES_OPTION,
    PDF_OPTION,
    PIECES_OPTION,
    SORTIE_OPTION,
    configuration,
    pdf_copies,
)
from lettres.cli.terminal import echo

if TYPE_CHECKING:
    from lettres.config import Configuration
    from lettres.lot import Bilan, Options


class LotGroup(click.Group):
    """``lettres lot FICHIER`` runs the batch; ``lettres lot modele FICHIER`` is a sub-command."""

    default = "traiter"

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("-h", "--help"):
            args = [self.default, *args]
        return super().parse_args(ctx, args)

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write(
            "Utilisation : lettres lot FICHIER.csv|.xlsx [OPTIONS]\n"
            "              lettres lot modele FICHIER.xlsx|.csv\n"
        )

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        traiter = self.commands["traiter"]
        traiter.format_options(click.Context(traiter, info_name="lot", parent=ctx.parent), formatter)
        with formatter.section("Sous-commande"):
            formatter.write_dl([("modele FICHIER", self.commands["modele"].get_short_help_str(80))])


@click.group(
    cls=LotGroup,
    short_help="Génère les documents de tout un tableur (CSV ou XLSX).",
    epilog="\b\nExemples :\n  lettres lot modele cas.xlsx        (le tableur à remplir)\n  lettres lot cas.xlsx --sortie courriers\n"
    "  lettres lot cas.csv --demarches cas-demarches.csv --jobs 2",
)
def lot() -> None:
    """Produit, pour chaque ligne valide d'un tableur, le même dossier de sortie que « lettres generer » ;
    chaque ligne rejetée est expliquée dans rapport.csv. Chaque personne est aussi gardée comme dossier
    (NOM_Prénom/dossier.yaml) dans le répertoire des dossiers, que « lettres suivi » et l'accueil de
    « lettres web » suivent. « lettres lot modele FICHIER » écrit le tableur à remplir (en-têtes en
    français, listes déroulantes, une ligne d'exemple jamais traitée)."""


@lot.command(name="traiter", hidden=True)
@click.argument("fichier", type=click.Path(path_type=Path, dir_okay=False), metavar="FICHIER.csv|.xlsx")
@click.option(
    "--demarches",
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="FICHIER.csv",
    help="Les démarches, si elles ne sont pas dans la feuille « demarches » du classeur (par défaut : FICHIER-demarches.csv s'il existe).",
)
@SORTIE_OPTION
@click.option(
    "--dossiers",
    "dossiers",
    type=click.Path(path_type=Path, file_okay=False),
    metavar="RÉPERTOIRE",
    help="Où garder chaque personne comme dossier suivi (par défaut : la clé dossiers de la configuration, "
    "sinon le répertoire courant).",
)
@click.option(
    "--sans-dossiers", is_flag=True, help="Ne garde pas les personnes comme dossiers (seulement les documents)."
)
@click.option(
    "--force",
    is_flag=True,
    help="Régénère aussi les dossiers de sortie déjà produits (jamais le dossier suivi d'une personne).",
)
@click.option(
    "--jobs", type=click.IntRange(1, 64), metavar="N", help="Processus en parallèle (par défaut : nombre de cœurs)."
)
@click.option("--silencieux", is_flag=True, help="Pas de barre de progression.")
@click.option("--separateur", metavar="C", help="Séparateur du CSV (par défaut : détecté parmi ; , et tabulation).")
@click.option("--encodage", metavar="E", help="Encodage du CSV (par défaut : UTF-8, sinon Windows-1252).")
@DATE_LETTRES_OPTION
@MODELES_OPTION
@PDF_OPTION
@PIECES_OPTION
@click.pass_context
def traiter(
    ctx: click.Context,
    fichier: Path,
    demarches: Path | None,
    sortie: Path | None,
    dossiers: Path | None,
    sans_dossiers: bool,
    force: bool,
    jobs: int | None,
    silencieux: bool,
    separateur: str | None,
    encodage: str | None,
    jour: date | None,
    modeles: Path | None,
    pdf: bool,
    pieces_hors_dossier: tuple[Path, ...],
) -> None:
    """Produit les documents de chaque ligne valide du tableur."""
    from lettres.documents.habillage import habillage_from
    from lettres.lot import Options, run_batch

    config = configuration(ctx)
    options = Options(
        sortie=sortie or config.sortie,
        demarches=demarches,
        dossiers=None if sans_dossiers else _dossiers_folder(dossiers, config),
        force=force,
        jobs=jobs or os.cpu_count() or 1,
        separateur=separateur,
        encodage=encodage,
        aujourd_hui=jour,
        habillage=habillage_from(config, modeles),
        pieces=config.pieces.avec(*pieces_hors_dossier),
    )
    if silencieux or not sys.stdout.isatty():
        bilan = run_batch(fichier, options, config)
    else:
        bilan = _run_with_bar(fichier, options, config)
    _say_default_folder(bilan, dossiers, config)
    for note in bilan.avertissements:
        echo(f"Attention : {note}", err=True)
    echo(bilan.resume(options.sortie))
    if bilan.resume_suivi():
        echo(bilan.resume_suivi())
    for note in bilan.notes:
        echo(f"  {note}")
    for ligne in bilan.details():
        echo(f"  {ligne}", err=True)
    if pdf:
        pdf_copies(bilan.dossiers)
    sys.exit(bilan.code)


def _dossiers_folder(dossiers: Path | None, config: Configuration) -> Path:
    """Where the people are kept: the folder given, else the first of the configuration, else the current one
    (as « lettres suivi » reads them)."""
    return dossiers or (config.dossiers[0] if config.dossiers else Path.cwd())


def _say_default_folder(bilan: Bilan, dossiers: Path | None, config: Configuration) -> None:
    """Once the batch ran: that the people went to the current folder, for want of a configured one."""
    if bilan.suivi is not None and dossiers is None and not config.dossiers:
        echo(
            "Aucun répertoire de dossiers configuré (clé dossiers, lettres config) : les personnes sont gardées "
            f"comme dossiers dans le répertoire courant, {bilan.suivi} (--sans-dossiers pour ne pas les garder).",
            err=True,
        )


def _run_with_bar(fichier: Path, options: Options, config: Configuration) -> Bilan:
    """The batch, with a progress bar in the terminal."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    from lettres.lot import run_batch

    with Progress(
        TextColumn("Dossiers"), BarColumn(), MofNCompleteColumn(), TextColumn("reste"), TimeRemainingColumn()
    ) as barre:
        tache = barre.add_task("lot", total=None)
        return run_batch(
            fichier,
            options,
            config,
            progress=lambda n: barre.advance(tache, n),
            total=lambda n: barre.update(tache, total=n),
        )


@lot.command(
    short_help="Écrit le tableur à remplir (XLSX, ou CSV et son CSV de démarches).",
    epilog="\b\nExemples :\n  lettres lot modele cas.xlsx\n  lettres lot modele cas.csv   (écrit aussi cas-demarches.csv)",
)
@click.argument("fichier", type=click.Path(path_type=Path, dir_okay=False), metavar="FICHIER.xlsx|.csv")
@click.option("--force", is_flag=True, help="Remplace un fichier existant.")
def modele(fichier: Path, force: bool) -> None:
    """Écrit le tableur vide : une colonne par question du dossier, nommée en français et groupée par
    section, listes déroulantes, l'aide de chaque colonne en commentaire de son en-tête, et une ligne
    d'exemple marquée « EXEMPLE — ne sera pas traité », que « lettres lot » ne traite jamais."""
    from lettres.lot.vierge import write_template

    for chemin in write_template(fichier, force):
        echo(f"Écrit : {chemin}")
    echo(f"Remplissez-le, puis : lettres lot {fichier}")
