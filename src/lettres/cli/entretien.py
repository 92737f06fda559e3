"""The commands that ask questions: ``lettres nouveau``, ``lettres etape``, ``lettres config``."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from lettres.cli.options import DATE, PIECES_OPTION, configuration, report, require_terminal
from lettres.erreurs import LettresError


@click.command(
    short_help="Crée ou complète un dossier en répondant à des questions.",
    epilog="\b\nExemple : lettres nouveau diallo.yaml",
)
@click.argument("dossier", type=click.Path(path_type=Path, dir_okay=False), metavar="[DOSSIER.yaml]", required=False)
@click.pass_context
def nouveau(ctx: click.Context, dossier: Path | None) -> None:
    """Entretien guidé : crée le dossier (ou complète un dossier existant), le récapitule pour
    correction, l'enregistre, affiche les six étapes de la fiche et propose de générer les documents.

    Ctrl-C garde les réponses dans DOSSIER.brouillon.yaml ; relancer la même commande les reprend.
    """
    require_terminal("nouveau")
    from lettres.prompts.asker import QuestionaryAsker
    from lettres.prompts.nouveau import NouveauDossier, checklist

    config = configuration(ctx)
    asker = QuestionaryAsker()
    modele, chemin = NouveauDossier(dossier, asker, config).run()
    click.echo(f"\nDossier enregistré : {chemin}\n")
    click.echo(checklist(modele))
    click.echo()
    if asker.confirm("Générer les documents maintenant ?", default=True):
        from lettres.documents.generation import generate_file

        report(generate_file(chemin, config))
    else:
        click.echo(f"Plus tard : lettres generer {chemin}")


TYPES_AIDE = (
    "Type de démarche : capture_ecran, formulaire_contact, courriel_dgef, appel_anef, demande_rdv, visite_pan, "
    "courriel_prefecture, courrier_prefecture, saisine_juriste, saisine_ddd, saisine_avocat, autre."
)


@click.command(
    short_help="Ajoute une démarche au journal d'un dossier.",
    epilog="\b\nExemples :\n  lettres etape diallo.yaml\n"
    "  lettres etape diallo.yaml --type appel_anef --date 01/12/2026 --heure 9:30 \\\n"
    '      --detail "Appel au 0 806 001 620" --resultat "ticket n° 1234" --piece captures/appel.png',
)
@click.argument("dossier", type=click.Path(path_type=Path, dir_okay=False), metavar="DOSSIER.yaml")
@click.option("--type", "type_", metavar="TYPE", help=TYPES_AIDE)
@click.option("--date", "jour", type=DATE, metavar="JJ/MM/AAAA", help="Date de la démarche.")
@click.option("--heure", default="", metavar="HH:MM", help="Heure (facultative).")
@click.option("--detail", default="", metavar="TEXTE", help="Ce qui a été fait.")
@click.option(
    "--resultat",
    default="",
    metavar="TEXTE",
    help="Le résultat : «\u00a0aucun créneau\u00a0», «\u00a0ticket n° 1234\u00a0», «\u00a0sans réponse\u00a0»…",
)
@click.option(
    "--piece",
    "pieces",
    multiple=True,
    metavar="FICHIER",
    help="Pièce justificative, relative au dossier (option répétable).",
)
@PIECES_OPTION
@click.pass_context
def etape(
    ctx: click.Context,
    dossier: Path,
    type_: str | None,
    jour: date | None,
    heure: str,
    detail: str,
    resultat: str,
    pieces: tuple[str, ...],
    pieces_hors_dossier: tuple[Path, ...],
) -> None:
    """Ajoute une démarche au dossier, en gardant ses commentaires : par les options, ou par des questions
    quand --type n'est pas donné."""
    from lettres.dossier.demarches import add_demarche, build_demarche
    from lettres.referentiel import charger_referentiel

    if not dossier.is_file():
        raise LettresError(f"Le fichier « {dossier} » est introuvable : vérifiez le chemin.")
    base = dossier.resolve().parent
    regle = configuration(ctx).pieces.avec(*pieces_hors_dossier)
    if type_ is not None or jour is not None:
        if not (type_ and jour):
            raise LettresError("Indiquez au moins --type et --date (ou aucune option pour répondre à des questions).")
        demarche = build_demarche(type_, jour.isoformat(), heure, detail, resultat, pieces, base, regle)
    else:
        require_terminal("etape", " ou « lettres etape DOSSIER.yaml --type … --date … »")
        from lettres.prompts.asker import QuestionaryAsker
        from lettres.prompts.entretien import ask_demarche

        demarche = ask_demarche(QuestionaryAsker(), base)
    ajoutee = add_demarche(dossier, demarche, regle)
    click.echo(f"Démarche ajoutée à {dossier} : {ajoutee.type} du {ajoutee.date.strftime('%d/%m/%Y')}.")
    etape_prouvee = charger_referentiel().etape_du_type(ajoutee.type)
    if etape_prouvee:
        click.echo(
            f"Elle prouve l'étape {etape_prouvee.numero} de la fiche ({etape_prouvee.libelle}). "
            f"Le point complet : lettres verifier {dossier}"
        )


@click.command(
    short_help="Vos coordonnées et les réglages de votre structure.",
    epilog="\b\nExemples :\n  lettres config\n  lettres config --afficher\n  lettres --config structure.yaml config",
)
@click.option("--afficher", is_flag=True, help="Affiche la configuration sans la modifier.")
@click.pass_context
def config(ctx: click.Context, afficher: bool) -> None:
    """Affiche et modifie la configuration : coordonnées de l'accompagnant (reprises dans les dossiers
    qui n'en ont pas), préfecture par défaut, adresses des services des étrangers, dossier de sortie."""
    from lettres.config import describe

    reglages = configuration(ctx)
    if afficher or not (sys.stdin.isatty() and sys.stdout.isatty()):
        click.echo(describe(reglages))
        return
    from lettres.prompts.asker import QuestionaryAsker
    from lettres.prompts.config import edit_config

    edit_config(reglages, QuestionaryAsker())
