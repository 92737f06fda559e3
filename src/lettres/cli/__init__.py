"""The ``lettres`` command: parses, calls the library, maps errors to exit codes (0, 1, 2, 130).

Heavy libraries (docxtpl, pydantic, Babel, questionary) are imported inside the commands so that
``lettres --help`` starts fast.
"""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

import click

from lettres import __version__
from lettres.cli.francais import install as install_french
from lettres.erreurs import Interrompu, LettresError

install_french()

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _date_option(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise LettresError(f"« {value} » n'est pas une date valide : écrivez-la AAAA-MM-JJ, par exemple 2026-12-01.") from None


NO_TERMINAL = (
    "« lettres {commande} » pose des questions et a besoin d'un terminal interactif. Sans terminal, écrivez le "
    "dossier dans un fichier YAML (modèle : lettres demo) puis lancez « lettres generer DOSSIER.yaml »{suite}, "
    "ou remplissez un tableur et lancez « lettres lot FICHIER.xlsx »."
)


def _require_terminal(commande: str, suite: str = "") -> None:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise LettresError(NO_TERMINAL.format(commande=commande, suite=suite))


def _config(ctx: click.Context):
    from lettres.config import load_config

    return load_config(ctx.obj.get("config") if ctx.obj else None)


MODELES_OPTION = click.option(
    "--modeles", type=click.Path(path_type=Path, file_okay=False), metavar="RÉPERTOIRE",
    help="Modèles de la structure (lettres modeles exporter) ; ceux qui manquent restent ceux par défaut.")
PDF_OPTION = click.option("--pdf", is_flag=True, help="Ajoute une copie PDF de chaque lettre et du signalement (LibreOffice).")


def _pdf(dossiers: list[Path]) -> None:
    from lettres.documents.pdf import convert_folders

    ecrits = convert_folders(dossiers)
    if ecrits:
        click.echo(f"{len(ecrits)} PDF écrit{'s' if len(ecrits) > 1 else ''} à côté des documents.")


def _report(resultat) -> None:
    click.echo(f"Documents écrits dans {resultat.dossier}{'/' if not str(resultat.dossier).endswith('/') else ''}")
    for nom in resultat.fichiers:
        click.echo(f"  {nom}")
    for note in resultat.avertissements:
        click.echo(f"Attention : {note}", err=True)


@click.group(context_settings=CONTEXT, subcommand_metavar="COMMANDE [ARGUMENTS]...", epilog="\b\nExemple : lettres demo   (puis lettres generer mon-dossier.yaml)")
@click.version_option(__version__, "--version", "-V", prog_name="lettres", message="%(prog)s %(version)s")
@click.option("--config", "config_file", type=click.Path(path_type=Path, dir_okay=False), metavar="FICHIER",
              help="Fichier de configuration à utiliser (sinon $LETTRES_CONFIG, ou celui de « lettres config »).")
@click.pass_context
def cli(ctx: click.Context, config_file: Path | None) -> None:
    """Courriers pour débloquer une demande de titre de séjour bloquée sur l'ANEF.

    À partir d'un dossier (fichier YAML) : signalement au support ANEF (DGEF), courrier à la
    préfecture demandant la solution de substitution, note d'orientation vers un ou une juriste,
    le Défenseur des droits ou un avocat, et bordereau de pièces.
    """
    ctx.obj = {"config": config_file}


@cli.command(short_help="Produit les documents d'un dossier.", epilog="\b\nExemple : lettres generer diallo.yaml --lettres prefecture,bordereau --sortie courriers")
@click.argument("dossier", type=click.Path(path_type=Path), metavar="DOSSIER.yaml")
@click.option("--lettres", "lettres", metavar="LISTE", help="Documents à produire, séparés par des virgules : dgef, prefecture, orientation, bordereau (par défaut : tous).")
@click.option("--sortie", type=click.Path(path_type=Path, file_okay=False), metavar="RÉPERTOIRE", help="Dossier où créer le dossier de sortie de la personne (par défaut : celui de la configuration, sinon « sorties »).")
@click.option("--force", is_flag=True, help="Remplace un dossier de sortie existant.")
@click.option("--date", "date_lettres", metavar="AAAA-MM-JJ", help="Date des lettres (par défaut : aujourd'hui).")
@MODELES_OPTION
@PDF_OPTION
@click.pass_context
def generer(ctx: click.Context, dossier: Path, lettres: str | None, sortie: Path | None, force: bool, date_lettres: str | None,
            modeles: Path | None, pdf: bool) -> None:
    """Produit les documents d'un dossier : courriels (.eml), lettres (.docx), bordereau et pièces."""
    from lettres.config import load_dossier_configured
    from lettres.documents.generation import generate, parse_lettres
    from lettres.documents.habillage import habillage_from

    choix, jour = parse_lettres(lettres), _date_option(date_lettres)
    config = _config(ctx)
    habillage = habillage_from(config, modeles)
    modele = load_dossier_configured(dossier, config)
    resultat = generate(modele, dossier.resolve().parent, sortie or config.sortie or Path("sorties"), choix, force, jour,
                        habillage=habillage)
    _report(resultat)
    if pdf:
        _pdf([resultat.dossier])


@cli.command(short_help="Génère les documents d'un dossier fictif (à lancer en premier).", epilog="\b\nExemple : lettres demo --sortie essai")
@click.option("--sortie", type=click.Path(path_type=Path, file_okay=False), metavar="RÉPERTOIRE", default=Path("lettres-demo"), show_default=True, help="Dossier où écrire les documents de démonstration.")
@click.option("--force", is_flag=True, help="Remplace une démonstration déjà générée aujourd'hui.")
@MODELES_OPTION
@PDF_OPTION
@click.pass_context
def demo(ctx: click.Context, sortie: Path, force: bool, modeles: Path | None, pdf: bool) -> None:
    """Génère tous les documents d'un dossier fictif, pour découvrir l'outil."""
    from lettres.demo import run_demo
    from lettres.documents.habillage import habillage_from

    resultat, exemple = run_demo(sortie, force, habillage_from(_config(ctx), modeles))
    _report(resultat)
    if pdf:
        _pdf([resultat.dossier])
    click.echo(f"\nLe dossier fictif et ses captures sont dans {exemple.parent}/ : copiez {exemple.name}, "
               f"remplacez les données, puis lancez « lettres generer {exemple} ».")


@cli.command(short_help="Étapes prouvées, points à corriger, délais, prochaine action.",
             epilog="\b\nExemples :\n  lettres verifier diallo.yaml\n  lettres verifier diallo.yaml --strict --date-du-jour 2026-12-01\n"
                    "  lettres verifier diallo.yaml --json")
@click.argument("dossier", type=click.Path(path_type=Path, dir_okay=False), metavar="DOSSIER.yaml")
@click.option("--json", "as_json", is_flag=True, help="Sortie JSON pour d'autres programmes.")
@click.option("--strict", is_flag=True, help="Code de sortie 1 si une étape de la fiche manque.")
@click.option("--date-du-jour", "jour", metavar="AAAA-MM-JJ", help="Évalue les délais à cette date (par défaut : aujourd'hui).")
@click.pass_context
def verifier(ctx: click.Context, dossier: Path, as_json: bool, strict: bool, jour: str | None) -> None:
    """Vérifie un dossier selon la fiche pratique : les six étapes (prouvées ou manquantes, par quelles
    démarches et pièces), les points à corriger avec leur raison, les délais qui courent et la prochaine
    action avec le bon contact pour la préfecture du dossier."""
    from lettres.config import load_dossier_configured
    from lettres.procedure.verification import verify

    aujourd_hui = _date_option(jour) or date.today()
    resultat = verify(load_dossier_configured(dossier, _config(ctx)), aujourd_hui, str(dossier))
    if as_json:
        import json

        from lettres.procedure.verification import as_json as to_json

        click.echo(json.dumps(to_json(resultat), ensure_ascii=False, indent=2))
    else:
        from rich.console import Console

        from lettres.cli.affichage import render

        render(resultat, Console(highlight=False))
    if strict and not resultat.complet:
        sys.exit(1)


@cli.command(short_help="Génère les documents de tout un tableur (CSV ou XLSX).",
             epilog="\b\nExemples :\n  lettres lot modele cas.xlsx        (le tableur à remplir)\n  lettres lot cas.xlsx --sortie courriers\n"
                    "  lettres lot cas.csv --demarches cas-demarches.csv --jobs 2")
@click.argument("fichier", metavar="FICHIER.csv|.xlsx")
@click.argument("cible", required=False, metavar="[FICHIER]")
@click.option("--demarches", type=click.Path(path_type=Path, dir_okay=False), metavar="FICHIER.csv", help="Les démarches, si elles ne sont pas dans la feuille « demarches » du classeur (par défaut : FICHIER-demarches.csv s'il existe).")
@click.option("--sortie", type=click.Path(path_type=Path, file_okay=False), metavar="RÉPERTOIRE", help="Où créer un dossier par ligne et rapport.csv (par défaut : celui de la configuration, sinon « sorties »).")
@click.option("--force", is_flag=True, help="Régénère aussi les dossiers déjà produits.")
@click.option("--jobs", type=click.IntRange(1, 64), metavar="N", help="Processus en parallèle (par défaut : nombre de cœurs).")
@click.option("--silencieux", is_flag=True, help="Pas de barre de progression.")
@click.option("--separateur", metavar="C", help="Séparateur du CSV (par défaut : détecté parmi ; , et tabulation).")
@click.option("--encodage", metavar="E", help="Encodage du CSV (par défaut : UTF-8, sinon Windows-1252).")
@click.option("--date", "date_lettres", metavar="AAAA-MM-JJ", help="Date des lettres (par défaut : aujourd'hui).")
@MODELES_OPTION
@PDF_OPTION
@click.pass_context
def lot(ctx: click.Context, fichier: str, cible: str | None, demarches: Path | None, sortie: Path | None, force: bool,
        jobs: int | None, silencieux: bool, separateur: str | None, encodage: str | None, date_lettres: str | None,
        modeles: Path | None, pdf: bool) -> None:
    """Produit, pour chaque ligne valide d'un tableur, le même dossier de sortie que « lettres generer » ;
    chaque ligne rejetée est expliquée dans rapport.csv. « lettres lot modele FICHIER » écrit le tableur
    à remplir (listes déroulantes, une ligne d'exemple)."""
    if fichier == "modele":
        if not cible:
            raise LettresError("Indiquez le fichier à créer : lettres lot modele cas.xlsx (ou cas.csv).")
        from lettres.lot.vierge import write_template

        for chemin in write_template(Path(cible), force):
            click.echo(f"Écrit : {chemin}")
        click.echo(f"Remplissez-le, puis : lettres lot {cible}")
        return
    if cible:
        raise LettresError(f"Argument en trop « {cible} » : lettres lot FICHIER.csv|.xlsx, ou lettres lot modele FICHIER.")
    from lettres.documents.habillage import habillage_from
    from lettres.lot import Options, run_batch

    config = _config(ctx)
    options = Options(sortie=sortie or config.sortie or Path("sorties"), demarches=demarches, force=force,
                      jobs=jobs or os.cpu_count() or 1, separateur=separateur, encodage=encodage,
                      aujourd_hui=_date_option(date_lettres), habillage=habillage_from(config, modeles))
    if silencieux or not sys.stdout.isatty():
        bilan = run_batch(Path(fichier), options, config)
    else:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        with Progress(TextColumn("Dossiers"), BarColumn(), MofNCompleteColumn(), TextColumn("reste"),
                      TimeRemainingColumn()) as barre:
            tache = barre.add_task("lot", total=None)
            bilan = run_batch(Path(fichier), options, config, progress=lambda n: barre.advance(tache, n),
                              total=lambda n: barre.update(tache, total=n))
    for note in bilan.avertissements:
        click.echo(f"Attention : {note}", err=True)
    click.echo(bilan.resume(options.sortie))
    for ligne in bilan.details():
        click.echo(f"  {ligne}", err=True)
    if pdf:
        _pdf(bilan.dossiers)
    sys.exit(bilan.code)


@cli.group(short_help="Personnaliser les modèles Word et courriel d'une structure.")
def modeles() -> None:
    """Les modèles d'une structure : les exporter pour les modifier dans Word ou LibreOffice, puis les
    vérifier. On s'en sert avec --modeles DOSSIER (generer, lot, demo) ou « modeles: » dans la configuration."""


@modeles.command(epilog="\b\nExemple : lettres modeles exporter modeles-asso")
@click.argument("dossier", type=click.Path(path_type=Path, file_okay=False), metavar="RÉPERTOIRE")
@click.option("--force", is_flag=True, help="Remplace des modèles déjà exportés.")
def exporter(dossier: Path, force: bool) -> None:
    """Copie les modèles par défaut et un guide (LISEZMOI.md) : chaque variable, son sens, un exemple."""
    from lettres.documents.modeles import export_templates

    ecrits = export_templates(dossier, force)
    click.echo(f"{len(ecrits)} fichiers écrits dans {dossier}/ ; lisez {dossier / 'LISEZMOI.md'}, modifiez, puis : "
               f"lettres modeles verifier {dossier}")


@modeles.command(name="verifier", epilog="\b\nExemple : lettres modeles verifier modeles-asso")
@click.argument("dossier", type=click.Path(path_type=Path, file_okay=False), metavar="RÉPERTOIRE")
def verifier_modeles(dossier: Path) -> None:
    """Vérifie chaque modèle : variables inconnues, syntaxe, guillemets dans les balises, blocs {%p non
    fermés, texte enrichi sans {{r. Code 0 si tout va bien, 2 sinon, avec le modèle et le paragraphe."""
    from lettres.documents.modeles import check_templates

    problemes = check_templates(dossier)
    if problemes:
        for probleme in problemes:
            click.echo(f"- {probleme}", err=True)
        raise LettresError(f"{len(problemes)} problème{'s' if len(problemes) > 1 else ''} dans les modèles de {dossier} : "
                           "corrigez-les puis relancez la vérification.")
    click.echo(f"Modèles de {dossier} : aucun problème.")


@cli.command(short_help="Crée ou complète un dossier en répondant à des questions.",
             epilog="\b\nExemple : lettres nouveau diallo.yaml")
@click.argument("dossier", type=click.Path(path_type=Path, dir_okay=False), metavar="[DOSSIER.yaml]", required=False)
@click.pass_context
def nouveau(ctx: click.Context, dossier: Path | None) -> None:
    """Entretien guidé : crée le dossier (ou complète un dossier existant), le récapitule pour
    correction, l'enregistre, affiche les six étapes de la fiche et propose de générer les documents.

    Ctrl-C garde les réponses dans DOSSIER.brouillon.yaml ; relancer la même commande les reprend.
    """
    _require_terminal("nouveau")
    from lettres.prompts.nouveau import NouveauDossier, checklist
    from lettres.prompts.asker import QuestionaryAsker

    config = _config(ctx)
    asker = QuestionaryAsker()
    modele, chemin = NouveauDossier(dossier, asker, config).run()
    click.echo(f"\nDossier enregistré : {chemin}\n")
    click.echo(checklist(modele))
    click.echo()
    if asker.confirm("Générer les documents maintenant ?", default=True):
        from lettres.documents.generation import generate
        from lettres.documents.habillage import habillage_from

        _report(generate(modele, chemin.resolve().parent, config.sortie or Path("sorties"), habillage=habillage_from(config)))
    else:
        click.echo(f"Plus tard : lettres generer {chemin}")


@cli.command(short_help="Ajoute une démarche au journal d'un dossier.",
             epilog="\b\nExemples :\n  lettres etape diallo.yaml\n"
                    "  lettres etape diallo.yaml --type appel_anef --date 01/12/2026 --heure 9:30 \\\n"
                    "      --detail \"Appel au 0 806 001 620\" --resultat \"ticket n° 1234\" --piece captures/appel.png")
@click.argument("dossier", type=click.Path(path_type=Path, dir_okay=False), metavar="DOSSIER.yaml")
@click.option("--type", "type_", metavar="TYPE", help="Type de démarche : capture_ecran, formulaire_contact, courriel_dgef, appel_anef, demande_rdv, visite_pan, courriel_prefecture, courrier_prefecture, saisine_juriste, saisine_ddd, saisine_avocat, autre.")
@click.option("--date", "jour", metavar="JJ/MM/AAAA", help="Date de la démarche.")
@click.option("--heure", default="", metavar="HH:MM", help="Heure (facultative).")
@click.option("--detail", default="", metavar="TEXTE", help="Ce qui a été fait.")
@click.option("--resultat", default="", metavar="TEXTE", help="Le résultat : « aucun créneau », « ticket n° 1234 », « sans réponse »…".replace("« ", "«\u00a0").replace(" »", "\u00a0»"))
@click.option("--piece", "pieces", multiple=True, metavar="FICHIER", help="Pièce justificative, relative au dossier (option répétable).")
def etape(dossier: Path, type_: str | None, jour: str | None, heure: str, detail: str, resultat: str, pieces: tuple[str, ...]) -> None:
    """Ajoute une démarche au dossier, en gardant ses commentaires : par les options, ou par des questions
    quand --type n'est pas donné."""
    from lettres.dossier.fichier import add_demarche, check_demarche_options

    base = dossier.resolve().parent
    if not dossier.is_file():
        raise LettresError(f"Le fichier « {dossier} » est introuvable : vérifiez le chemin.")
    if type_ is not None or jour is not None:
        if not (type_ and jour):
            raise LettresError("Indiquez au moins --type et --date (ou aucune option pour répondre à des questions).")
        demarche = {**check_demarche_options(type_, jour, heure, list(pieces), base), "detail": detail,
                    "resultat": resultat, "pieces": list(pieces)}
    else:
        _require_terminal("etape", " ou « lettres etape DOSSIER.yaml --type … --date … »")
        from lettres.prompts.entretien import Entretien, strip_private
        from lettres.prompts.asker import QuestionaryAsker

        entretien = Entretien({}, QuestionaryAsker(), base)
        entretien.add_demarche()
        demarche = strip_private(entretien.answers["demarches"][0])
    ajoutee = add_demarche(dossier, demarche)
    click.echo(f"Démarche ajoutée à {dossier} : {ajoutee.type} du {ajoutee.date.strftime('%d/%m/%Y')}.")
    from lettres.referentiel import charger_referentiel

    etape_prouvee = charger_referentiel().etape_du_type(ajoutee.type)
    if etape_prouvee:
        click.echo(f"Elle prouve l'étape {etape_prouvee.numero} de la fiche ({etape_prouvee.libelle}). "
                   f"Le point complet : lettres verifier {dossier}")


@cli.command(short_help="Vos coordonnées et les réglages de votre structure.",
             epilog="\b\nExemples :\n  lettres config\n  lettres config --afficher\n  lettres --config structure.yaml config")
@click.option("--afficher", is_flag=True, help="Affiche la configuration sans la modifier.")
@click.pass_context
def config(ctx: click.Context, afficher: bool) -> None:
    """Affiche et modifie la configuration : coordonnées de l'accompagnant (reprises dans les dossiers
    qui n'en ont pas), préfecture par défaut, adresses des services des étrangers, dossier de sortie."""
    from lettres.prompts.config import describe, edit_config

    configuration = _config(ctx)
    if afficher or not (sys.stdin.isatty() and sys.stdout.isatty()):
        click.echo(describe(configuration))
        return
    from lettres.prompts.asker import QuestionaryAsker

    edit_config(configuration, QuestionaryAsker())


def main(argv: list[str] | None = None) -> None:
    """Entry point: one handler turns user errors into a French message and an exit code."""
    try:
        cli.main(args=argv, prog_name="lettres", standalone_mode=False)
    except Interrompu as exc:
        click.echo(f"\n{exc.message}", err=True)
        sys.exit(exc.code)
    except LettresError as exc:
        click.echo(f"Erreur : {exc.message}", err=True)
        sys.exit(exc.code)
    except click.exceptions.Abort:
        click.echo("Interrompu.", err=True)
        sys.exit(130)
    except (KeyboardInterrupt, EOFError):
        click.echo("\nInterrompu.", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2 if exc.exit_code == 2 else exc.exit_code or 2)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    sys.exit(0)
