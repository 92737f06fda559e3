"""``lettres suivi``: the deadlines of every dossier of a structure, the most urgent first."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from lettres.cli.options import DATE, configuration
from lettres.cli.terminal import echo
from lettres.jour import date_du_jour

if TYPE_CHECKING:
    from lettres.config import Configuration
    from lettres.suivi.tableau import Suivi


@click.command(
    short_help="Les échéances de tous les dossiers, les plus urgentes d'abord ; CSV et agenda.",
    epilog="\b\nExemples :\n  lettres suivi\n  lettres suivi dossiers/ --avant 30\n"
    "  lettres suivi dossiers/ --csv suivi.csv --ics echeances.ics\n"
    "  lettres suivi dossiers/ --json --date-du-jour 01/12/2026",
)
@click.argument("chemins", nargs=-1, type=click.Path(path_type=Path), metavar="[RÉPERTOIRE]...")
@click.option(
    "--avant",
    type=click.IntRange(0, 3650),
    metavar="N",
    help="Seulement les échéances des N prochains jours (et celles en retard).",
)
@click.option(
    "--date-du-jour",
    "jour",
    type=DATE,
    metavar="JJ/MM/AAAA",
    help="Évalue les délais à cette date (par défaut : aujourd'hui).",
)
@click.option("--json", "as_json", is_flag=True, help="Sortie JSON pour d'autres programmes.")
@click.option(
    "--csv",
    "csv_file",
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="FICHIER",
    help="Écrit aussi le tableau pour Excel (« ; », dates JJ/MM/AAAA).",
)
@click.option(
    "--ics",
    "ics_file",
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="FICHIER",
    help="Écrit aussi les échéances dans un agenda (.ics) à importer dans Thunderbird, Outlook ou Google Agenda.",
)
@click.option(
    "--rappel",
    type=click.IntRange(0, 90),
    metavar="N",
    help="Avec --ics : rappel N jours avant chaque échéance (par défaut : rappel_jours de la configuration, sinon 7).",
)
@click.option(
    "--noms-complets",
    is_flag=True,
    help="Avec --ics : nom et prénoms dans les événements (par défaut, les initiales seulement).",
)
@click.pass_context
def suivi(
    ctx: click.Context,
    chemins: tuple[Path, ...],
    avant: int | None,
    jour: date | None,
    as_json: bool,
    csv_file: Path | None,
    ics_file: Path | None,
    rappel: int | None,
    noms_complets: bool,
) -> None:
    """Lit tous les dossiers des répertoires donnés (et de leurs sous-répertoires ; par défaut celui de la
    clé dossiers de la configuration, sinon le répertoire courant) et affiche un tableau trié par urgence :
    personne, préfecture, situation, prochaine échéance et jours restants (fin du titre, de l'API ou du
    récépissé, date à partir de laquelle le référé est possible, décision implicite de rejet, fin du délai
    de recours), étapes manquantes et prochaine action.

    Les brouillons, le répertoire de sortie, lettres-demo/ et les fichiers YAML qui ne sont pas des dossiers
    sont ignorés ; un dossier illisible est signalé en une ligne, les autres sont lus.

    Code de sortie : 0 si rien n'est en retard, 1 si une échéance est dépassée ou si un dossier n'a pas pu
    être lu (ses échéances sont inconnues), 2 si un répertoire n'existe pas.
    """
    from lettres.suivi import build_suivi

    config = configuration(ctx)
    tableau = build_suivi(_folders(chemins, config), jour or date_du_jour(), config, exclus=[config.sortie])
    if ics_file is not None:
        from lettres.suivi.agenda import write_calendar

        # every deadline, whatever --avant: an event left out would be cancelled in the calendar
        write_calendar(tableau, ics_file, config.rappel_jours if rappel is None else rappel, noms_complets)
    if avant is not None:
        tableau = tableau.within(avant)
    if csv_file is not None:
        from lettres.suivi.tableur import write_suivi_csv

        write_suivi_csv(tableau, csv_file)
    _show(tableau, as_json, (csv_file, ics_file))
    for probleme in tableau.problemes:
        echo(f"Illisible : {probleme.fichier} : {probleme.message}", err=True)
    if tableau.en_retard or tableau.problemes:
        sys.exit(1)


def _folders(chemins: tuple[Path, ...], config: Configuration) -> list[Path]:
    """The folders given, else the configured ones, else the current folder (said on stderr)."""
    if chemins:
        return list(chemins)
    if not config.dossiers:
        echo(
            "Aucun répertoire de dossiers configuré (clé dossiers, lettres config) : lecture du répertoire "
            f"courant, {Path.cwd()}.",
            err=True,
        )
    return list(config.dossiers) or [Path(".")]


def _show(tableau: Suivi, as_json: bool, ecrits: tuple[Path | None, ...]) -> None:
    """The table in the terminal and the files written, or the JSON for other programs."""
    if as_json:
        import json

        from lettres.cli.terminal import json_text

        click.echo(json_text(json.dumps(tableau.as_dict(), ensure_ascii=False, indent=2)))
        return
    from rich.console import Console

    from lettres.cli.affichage_suivi import render_suivi

    render_suivi(tableau, Console(highlight=False))
    for chemin in ecrits:
        if chemin is not None:
            echo(f"Écrit : {chemin}")
