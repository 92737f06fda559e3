"""The ``lettres`` command: parses, calls the library, maps errors to exit codes (0, 1, 2, 130).

Heavy libraries (docxtpl, pydantic, Babel, questionary) are imported inside the commands so that
``lettres --help`` starts fast.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from lettres import __version__
from lettres.cli_fr import install as install_french
from lettres.erreurs import LettresError

install_french()

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _date_option(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise LettresError(f"« {value} » n'est pas une date valide : écrivez-la AAAA-MM-JJ, par exemple 2026-12-01.") from None


def _report(resultat) -> None:
    click.echo(f"Documents écrits dans {resultat.dossier}{'/' if not str(resultat.dossier).endswith('/') else ''}")
    for nom in resultat.fichiers:
        click.echo(f"  {nom}")
    for note in resultat.avertissements:
        click.echo(f"Attention : {note}", err=True)


@click.group(context_settings=CONTEXT, subcommand_metavar="COMMANDE [ARGUMENTS]...", epilog="\b\nExemple : lettres demo   (puis lettres generer mon-dossier.yaml)")
@click.version_option(__version__, "--version", "-V", prog_name="lettres", message="%(prog)s %(version)s")
def cli() -> None:
    """Courriers pour débloquer une demande de titre de séjour bloquée sur l'ANEF.

    À partir d'un dossier (fichier YAML) : signalement au support ANEF (DGEF), courrier à la
    préfecture demandant la solution de substitution, note d'orientation vers un ou une juriste,
    le Défenseur des droits ou un avocat, et bordereau de pièces.
    """


@cli.command(short_help="Produit les documents d'un dossier.", epilog="\b\nExemple : lettres generer diallo.yaml --lettres prefecture,bordereau --sortie courriers")
@click.argument("dossier", type=click.Path(path_type=Path), metavar="DOSSIER.yaml")
@click.option("--lettres", "lettres", metavar="LISTE", help="Documents à produire, séparés par des virgules : dgef, prefecture, orientation, bordereau (par défaut : tous).")
@click.option("--sortie", type=click.Path(path_type=Path, file_okay=False), metavar="RÉPERTOIRE", default=Path("sorties"), show_default=True, help="Dossier où créer le dossier de sortie de la personne.")
@click.option("--force", is_flag=True, help="Remplace un dossier de sortie existant.")
@click.option("--date", "date_lettres", metavar="AAAA-MM-JJ", help="Date des lettres (par défaut : aujourd'hui).")
def generer(dossier: Path, lettres: str | None, sortie: Path, force: bool, date_lettres: str | None) -> None:
    """Produit les documents d'un dossier : courriels (.eml), lettres (.docx), bordereau et pièces."""
    from lettres.dossier import load_dossier
    from lettres.generation import generate, parse_lettres

    choix, jour = parse_lettres(lettres), _date_option(date_lettres)
    modele = load_dossier(dossier)
    resultat = generate(modele, dossier.resolve().parent, sortie, choix, force, jour)
    _report(resultat)


@cli.command(short_help="Génère les documents d'un dossier fictif (à lancer en premier).", epilog="\b\nExemple : lettres demo --sortie essai")
@click.option("--sortie", type=click.Path(path_type=Path, file_okay=False), metavar="RÉPERTOIRE", default=Path("lettres-demo"), show_default=True, help="Dossier où écrire les documents de démonstration.")
@click.option("--force", is_flag=True, help="Remplace une démonstration déjà générée aujourd'hui.")
def demo(sortie: Path, force: bool) -> None:
    """Génère tous les documents d'un dossier fictif, pour découvrir l'outil."""
    from lettres.demo import run_demo

    resultat, exemple = run_demo(sortie, force)
    _report(resultat)
    click.echo(f"\nLe dossier fictif et ses captures sont dans {exemple.parent}/ : copiez {exemple.name}, "
               f"remplacez les données, puis lancez « lettres generer {exemple} ».")


def main(argv: list[str] | None = None) -> None:
    """Entry point: one handler turns user errors into a French message and an exit code."""
    try:
        cli.main(args=argv, prog_name="lettres", standalone_mode=False)
    except LettresError as exc:
        click.echo(f"Erreur : {exc.message}", err=True)
        sys.exit(exc.code)
    except click.exceptions.Abort:
        click.echo("Interrompu.", err=True)
        sys.exit(130)
    except KeyboardInterrupt:
        click.echo("\nInterrompu.", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2 if exc.exit_code == 2 else exc.exit_code or 2)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    sys.exit(0)
