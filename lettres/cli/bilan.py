"""``lettres bilan``: the figures of a structure's dossiers, anonymous, in the terminal and in files."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from lettres.cli.options import DATE, configuration
from lettres.cli.terminal import echo
from lettres.jour import date_du_jour

FICHIER = click.Path(path_type=Path, dir_okay=False)


def _mois(jour: date | None) -> str:
    return f"{jour.year:04d}-{jour.month:02d}" if jour else ""


@click.command(
    short_help="Le bilan anonyme des dossiers : chiffres, graphiques, exports à partager.",
    epilog="\b\nExemples :\n  lettres bilan dossiers/\n  lettres bilan dossiers/ --du 01/01/2026 --au 31/12/2026 "
    "--xlsx bilan.xlsx --html bilan.html\n  lettres bilan dossiers/ --export structure-2026.json --structure "
    '"Association Exemple"\n  lettres bilan --fusionner a.json b.json --html federation.html',
)
@click.argument("chemins", nargs=-1, type=click.Path(path_type=Path), metavar="[RÉPERTOIRE]...")
@click.option("--du", type=DATE, metavar="JJ/MM/AAAA", help="Blocages constatés à partir de ce mois.")
@click.option("--au", type=DATE, metavar="JJ/MM/AAAA", help="Blocages constatés jusqu'à ce mois (inclus).")
@click.option(
    "--seuil",
    type=click.IntRange(2, 100),
    default=5,
    show_default=True,
    metavar="N",
    help="Tout effectif de 1 à N-1 s'affiche « < N ».",
)
@click.option("--nationalites", is_flag=True, help="Ajoute les nationalités, regroupées par région du monde.")
@click.option("--xlsx", "xlsx_file", type=FICHIER, metavar="FICHIER", help="Classeur Excel, graphiques compris.")
@click.option("--html", "html_file", type=FICHIER, metavar="FICHIER", help="Page HTML autonome, imprimable en A4.")
@click.option("--json", "json_file", type=FICHIER, metavar="FICHIER", help="Les chiffres en JSON.")
@click.option(
    "--export",
    "export_file",
    type=FICHIER,
    metavar="FICHIER",
    help="Les fiches anonymes à partager avec une fédération (JSON, à fusionner avec --fusionner).",
)
@click.option("--structure", default="", metavar="NOM", help="Nom de la structure inscrit dans l'export.")
@click.option(
    "--fusionner",
    is_flag=True,
    help="Les arguments sont des exports (--export) de plusieurs structures : un seul bilan, doublons écartés.",
)
@click.option("--date-du-jour", "jour", type=DATE, metavar="JJ/MM/AAAA", help="Évalue les délais à cette date.")
@click.pass_context
def bilan(
    ctx: click.Context,
    chemins: tuple[Path, ...],
    du: date | None,
    au: date | None,
    seuil: int,
    nationalites: bool,
    xlsx_file: Path | None,
    html_file: Path | None,
    json_file: Path | None,
    export_file: Path | None,
    structure: str,
    fusionner: bool,
    jour: date | None,
) -> None:
    """Compte les dossiers des répertoires donnés (par défaut ceux de la clé dossiers de la configuration) :
    par préfecture, type de blocage, situation, catégorie de titre, étapes faites ; durées (médiane et
    quartiles) ; courriers à la préfecture restés sans réponse ; API, rejets, référés et issues.

    Anonyme : aucun nom, date de naissance, adresse, numéro ni texte libre ne sort d'un dossier ; les dates
    sont des mois ; tout effectif sous le seuil s'affiche « < 5 ». Les bornes --du et --au comptent en mois
    entiers (mois où le blocage a été constaté).

    Code de sortie : 0, 1 si un dossier n'a pas pu être lu, 2 si un répertoire ou un export est inutilisable.
    """
    from lettres.bilan import calculer
    from lettres.bilan.export import fusionner as fusion
    from lettres.bilan.fiche import sans_doublons

    config = configuration(ctx)
    aujourd_hui = jour or date_du_jour()
    debut, fin = _mois(du), _mois(au)
    if debut and fin and debut > fin:
        raise click.UsageError("--du est après --au : inversez les deux dates.")
    problemes: tuple = ()
    sources: tuple = ()
    if fusionner:
        if not chemins:
            raise click.UsageError("--fusionner attend les fichiers d'export à fusionner (lettres bilan --export).")
        f = fusion(list(chemins))
        fiches, doublons = sans_doublons(f.fiches)
        sources = f.sources
    else:
        lecture = _read_local(config, chemins, aujourd_hui, export_file is not None, nationalites)
        fiches, doublons, problemes = lecture.fiches, lecture.doublons, lecture.problemes
    resultat = calculer(fiches, aujourd_hui, seuil, debut, fin, nationalites, doublons, sources)
    ecrits = _write_outputs(resultat, xlsx_file, html_file, json_file)
    if export_file is not None:
        nom = structure or str((config.data.get("structure") or {}).get("nom") or "")
        _write_export(export_file, fiches, aujourd_hui, (debut, fin), nom, nationalites)
        ecrits.append(export_file)
    _show(resultat, ecrits, problemes)


def _write_export(
    export_file: Path, fiches: list, aujourd_hui: date, periode: tuple[str, str], nom: str, nationalites: bool
) -> None:
    """``--export``: the anonymous records of the period, to merge with other structures' ones."""
    from lettres.bilan.calcul import dans_periode
    from lettres.bilan.export import export_data, write_export

    debut, fin = periode
    retenues = dans_periode(fiches, debut, fin)
    write_export(export_file, export_data(retenues, aujourd_hui, debut, fin, nom, nationalites))


def _show(resultat, ecrits: list[Path], problemes: tuple) -> None:
    """The bilan in the terminal, the files written, the dossiers that could not be read (exit code 1)."""
    from rich.console import Console

    from lettres.cli.affichage_bilan import render_bilan

    render_bilan(resultat, Console(highlight=False))
    for chemin in ecrits:
        echo(f"Écrit : {chemin}")
    for probleme in problemes:
        echo(f"Illisible : {probleme.fichier} : {probleme.message}", err=True)
    if problemes:
        sys.exit(1)


def _read_local(config, chemins: tuple[Path, ...], aujourd_hui: date, export: bool, nationalites: bool):
    """The records of the structure's dossiers (the configured folders by default), with the salt of the
    configuration — created and said when an export needs it."""
    from lettres.bilan.export import sel_de
    from lettres.bilan.lecture import lire_fiches

    if not chemins:
        chemins = tuple(config.dossiers) or (Path("."),)
        if not config.dossiers:
            echo(
                "Aucun répertoire de dossiers configuré (clé dossiers, lettres config) : lecture du répertoire "
                f"courant, {Path.cwd()}.",
                err=True,
            )
    sel, cree = sel_de(config, creer=export)
    if cree:
        echo(
            f"Sel des exports créé dans la configuration ({config.path}, clé bilan.sel) : gardez-le, ne le "
            "partagez qu'avec les structures de votre fédération.",
            err=True,
        )
    return lire_fiches(list(chemins), aujourd_hui, sel, config, [config.sortie], nationalites)


def _write_outputs(resultat, xlsx_file: Path | None, html_file: Path | None, json_file: Path | None) -> list[Path]:
    from lettres.bilan.ecriture import ecrire

    ecrits = []
    if xlsx_file is not None:
        from lettres.bilan.tableur import write_xlsx

        write_xlsx(resultat, xlsx_file)
        ecrits.append(xlsx_file)
    if html_file is not None:
        from lettres.bilan.page import page_html

        ecrire(html_file, page_html(resultat).encode("utf-8"), "html")
        ecrits.append(html_file)
    if json_file is not None:
        import json

        ecrire(json_file, json.dumps(resultat.as_dict(), ensure_ascii=False, indent=2).encode("utf-8"), "json")
        ecrits.append(json_file)
    return ecrits
