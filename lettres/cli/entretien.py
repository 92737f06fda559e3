"""The commands that ask questions: ``lettres nouveau``, ``lettres etape``, ``lettres config``."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from lettres.cli.commandes import commande
from lettres.cli.options import DATE, PIECES_OPTION, configuration, fichier_dossier, report, require_terminal
from lettres.cli.terminal import echo
from lettres.erreurs import LettresError
from lettres.francais import date_courte, nombre
from lettres.jour import date_du_jour

if TYPE_CHECKING:
    from lettres.dossier import Dossier
    from lettres.dossier.demarches import Ajout
    from lettres.dossier.pieces import ReglePieces
    from lettres.dossier.recommande import EnvoiDejaEnregistre


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
    from lettres.prompts.asker import TerminalAsker
    from lettres.prompts.nouveau import NouveauDossier, checklist, offer_generation

    config = configuration(ctx)
    asker = TerminalAsker()
    with asker.session():
        modele, chemin = NouveauDossier(dossier, asker, config).run()
        asker.say(f"\nDossier enregistré : {chemin}\n")
        asker.say(checklist(modele))  # wrapped between words, like every question
        asker.say()
        resultat = offer_generation(asker, chemin, config)
    if resultat is not None:
        report(resultat, asker.say)


TYPES_AIDE = (
    "Type de démarche : capture_ecran, formulaire_contact, courriel_dgef, appel_anef, demande_rdv, appel_pan, visite_pan, "
    "courriel_prefecture, courrier_prefecture, saisine_juriste, saisine_ddd, saisine_avocat, autre."
)


@click.command(
    short_help="Ajoute une démarche au journal d'un dossier.",
    epilog="\b\nExemples :\n  lettres etape diallo.yaml\n"
    "  lettres etape diallo.yaml --type appel_anef --date 01/12/2026 --heure 9:30 \\\n"
    '      --detail "Appel au 0 806 001 620" --resultat "ticket n° 1234" --piece captures/appel.png\n'
    "  lettres etape diallo.yaml --type courrier_prefecture --date 01/12/2026 --recommande 1A23456789012\n"
    "  lettres etape diallo.yaml --accuse-reception 04/12/2026\n"
    "  lettres etape diallo.yaml --delai-prefecture 30\n"
    "  lettres etape diallo.yaml --reponse-prefecture rendez_vous --date 10/12/2026\n"
    "  lettres etape diallo.yaml --cloture api --date 20/12/2026",
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
@click.option(
    "--recommande",
    default="",
    metavar="NUMÉRO",
    help="Avec --type courrier_prefecture : numéro de la lettre recommandée avec accusé de réception "
    "(renseigne aussi envoi.envoye_le et envoi.numero_recommande).",
)
@click.option(
    "--objet",
    metavar="CODES",
    help="Avec --type courrier_prefecture ou courriel_prefecture : ce que le courrier demandait, codes séparés par "
    "des virgules : rendez_vous, accompagnement, substitution, piece, api, recepisse, motifs, autre.",
)
@click.option(
    "--accuse-reception",
    "accuse_reception",
    type=DATE,
    metavar="JJ/MM/AAAA",
    help="Date de l'avis de réception du courrier à la préfecture (seule, ou avec --type courrier_prefecture).",
)
@click.option(
    "--delai-prefecture",
    "delai_prefecture",
    type=click.IntRange(1, 365),
    metavar="JOURS",
    help="Délai de réponse annoncé par la préfecture, en jours à compter de la réception du courrier "
    "(renseigne envoi.delai_prefecture_jours ; lettres suivi en tient compte).",
)
@click.option(
    "--reponse-prefecture",
    "reponse_prefecture",
    metavar="CODES",
    help="Ce que la préfecture a répondu au courrier, datée par --date (par défaut : aujourd'hui) ; codes séparés "
    "par des virgules : attente, delai, piece, rendez_vous, api, enregistrement, renvoi_anef, refus, autre.",
)
@click.option(
    "--cloture",
    metavar="CODE",
    help="Clôt le dossier, à la date de --date (par défaut : aujourd'hui) : titre, api, rendez_vous, "
    "demande_enregistree, refere_accorde, refere_rejete, rejet, abandon ou autre ; lettres suivi n'alerte plus.",
)
@click.option(
    "--remplacer",
    is_flag=True,
    help="Avec --recommande ou --accuse-reception : remplace le numéro ou la date déjà enregistrés pour le courrier "
    "à la préfecture de ce jour (sans cette option, le terminal demande ; sinon, rien n'est remplacé).",
)
@click.option("--liste", is_flag=True, help="Affiche les démarches du dossier, numérotées.")
@click.option(
    "--supprimer",
    type=click.IntRange(1),
    metavar="N",
    help="Supprime la démarche n° N (numéros de --liste) ; le reste du fichier ne change pas.",
)
@click.option(
    "--modifier",
    type=click.IntRange(1),
    metavar="N",
    help="Modifie la démarche n° N : avec --type, --date, --heure, --detail, --resultat ou --piece, ces champs "
    "seulement ; sans eux, chaque réponse est reproposée.",
)
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
    recommande: str,
    objet: str | None,
    accuse_reception: date | None,
    delai_prefecture: int | None,
    reponse_prefecture: str | None,
    cloture: str | None,
    remplacer: bool,
    liste: bool,
    supprimer: int | None,
    modifier: int | None,
) -> None:
    """Ajoute une démarche au dossier, en gardant ses commentaires : par les options, ou par des questions
    quand --type n'est pas donné. L'envoi du courrier à la préfecture (--type courrier_prefecture, avec
    --recommande), son avis de réception (--accuse-reception) et le délai annoncé par la préfecture
    (--delai-prefecture) renseignent aussi la section envoi."""
    from lettres.dossier.demarches import envoi_reponse, refuse_future_dates, update_dossier

    dossier = fichier_dossier(dossier)
    if not dossier.is_file():
        raise LettresError(f"Le fichier « {dossier} » est introuvable : vérifiez le chemin.")
    refuse_future_dates(jour, accuse_reception, date_du_jour())
    regle = configuration(ctx).pieces.avec(*pieces_hors_dossier)
    if reponse_prefecture is not None or cloture is not None:
        _record_issue_alone(dossier, type_, reponse_prefecture, cloture, jour)
        if accuse_reception is None and delai_prefecture is None:
            return
        jour = None
    if liste or supprimer is not None:
        _liste_ou_suppression(dossier, supprimer)
        return
    if modifier is not None:
        champs = {"type": type_, "date": jour, "heure": heure, "detail": detail, "resultat": resultat, "pieces": pieces}
        _modification(dossier, modifier, {k: v for k, v in champs.items() if v}, regle)
        return
    if (accuse_reception is not None or delai_prefecture is not None) and type_ is None and jour is None:
        mis_a_jour = update_dossier(dossier, None, regle, envoi_reponse(accuse_reception, delai_prefecture))
        _report_reponse(dossier, accuse_reception, delai_prefecture)
        _report_envoi(mis_a_jour, dossier)
        return
    if type_ is not None or jour is not None:
        champs = {nom: ctx.params[nom] for nom in _DEMARCHE_OPTIONS}
        ajout = _add_by_options(dossier, type_, jour, regle, champs, remplacer)
    else:
        ajout = _add_by_questions(dossier, regle)
    if ajout is not None:
        _report_added(dossier, ajout.dossier)
        if ajout.envoi is not None:
            _report_envoi(ajout.dossier, dossier)


_DEMARCHE_OPTIONS = ("heure", "detail", "resultat", "pieces", "recommande", "accuse_reception", "delai_prefecture", "objet")


def _record_issue_alone(
    dossier: Path, type_: str | None, reponse: str | None, cloture: str | None, jour: date | None
) -> None:
    """``--reponse-prefecture`` and ``--cloture`` recorded, refused with ``--type``."""
    if type_ is not None:
        raise LettresError("--reponse-prefecture et --cloture s'emploient sans --type : --date donne alors leur date.")
    _record_issue(dossier, reponse, cloture, jour or date_du_jour())


def _add_by_options(
    dossier: Path, type_: str | None, jour: date | None, regle: ReglePieces, champs: dict[str, Any], remplacer: bool
) -> Ajout | None:
    """The démarche given by the options, added; None when it completed the same letter logged that day."""
    from lettres.dossier.demarches import add_from_options
    from lettres.dossier.recommande import EnvoiDejaEnregistre

    try:
        ajout = add_from_options(dossier, type_, jour, regle, remplacer=remplacer or None, **champs)
    except EnvoiDejaEnregistre as conflit:  # a number already recorded: asked, or refused with the way out
        ajout = add_from_options(dossier, type_, jour, regle, remplacer=_remplacer(conflit), **champs)
    if ajout.doublon:
        from lettres.cli.conseils import duplicate_warning

        echo(f"Attention : {duplicate_warning(ajout.doublon, dossier)}", err=True)
    if ajout.fusion:
        echo(
            f"La démarche {ajout.fusion} est déjà dans {dossier} : elle est complétée (envoi, recommandé, "
            "avis de réception, pièces), sans deuxième démarche."
        )
        _report_envoi(ajout.dossier, dossier)
        return None
    return ajout


def _add_by_questions(dossier: Path, regle: ReglePieces) -> Ajout | None:
    """The démarche asked in the terminal, added; None when nothing is left to report."""
    require_terminal("etape", f" ou « {commande('etape', dossier, '--type')} … --date … »")
    from lettres.prompts.asker import TerminalAsker
    from lettres.prompts.etape import run_etape

    asker = TerminalAsker()
    with asker.session():
        interactif = run_etape(dossier, asker, regle)
    if interactif is None:
        echo("Rien n'est ajouté.")
        return None
    if interactif.fusion:
        echo(f"La démarche {interactif.fusion} de {dossier} est complétée, sans deuxième démarche.")
        _report_envoi(interactif.dossier, dossier)
        return None
    return interactif


def _remplacer(conflit: EnvoiDejaEnregistre) -> bool:
    """A registered-mail number (or an acknowledgement date) already recorded for the letter: the terminal asks
    before replacing it (Entrée keeps it); without a terminal, nothing is replaced and ``--remplacer`` is said."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise LettresError(
            f"La lettre {conflit.lettre} a déjà {conflit.recorded()} : rien n'est remplacé ; si le nouveau est le bon, "
            "relancez la même commande avec --remplacer."
        )
    from lettres.prompts.asker import TerminalAsker

    asker = TerminalAsker()
    with asker.session():
        remplacer = asker.confirm(conflit.question(), default=False)
    if not remplacer:
        echo(f"Gardé : {conflit.recorded()}.")
    return remplacer


def _record_issue(dossier: Path, reponse: str | None, cloture: str | None, jour: date) -> None:
    """``--reponse-prefecture`` and ``--cloture``: the ``issue`` section of the dossier, and what was recorded."""
    from lettres.dossier.demarches import issue_keys, update_dossier
    from lettres.dossier.valeurs import options
    from lettres.francais import date_courte

    issue = issue_keys(reponse, cloture, jour)
    update_dossier(dossier, None, issue=issue)
    if "reponse_prefecture" in issue:
        quoi = ", ".join(_minuscule(options("reponses_prefecture")[c]) for c in issue["reponse_prefecture"])
        echo(f"Réponse de la préfecture du {date_courte(jour)} enregistrée dans {dossier} : {quoi}.")
    if "cloture" in issue:
        echo(
            f"Dossier clos le {date_courte(jour)} ({_minuscule(options('clotures')[issue['cloture']])}) : "
            "lettres suivi n'alerte plus sur ses échéances."
        )


def _minuscule(libelle: str) -> str:
    """« Rendez-vous obtenu » → « rendez-vous obtenu », but « API obtenue » stays."""
    return libelle if libelle[1:2].isupper() else libelle[:1].lower() + libelle[1:]


def _liste_ou_suppression(path: Path, supprimer: int | None) -> None:
    """``--liste``: the démarches, numbered; ``--supprimer N``: démarche N removed, the rest of the file kept."""
    from lettres.dossier import load_dossier
    from lettres.dossier.demarches import numbered
    from lettres.dossier.edition import remove_demarche

    dossier = load_dossier(path)
    lignes = numbered(dossier)
    if supprimer is None:
        echo("\n".join(lignes) if lignes else f"Aucune démarche dans {path}.")
        return
    index = _index(dossier, supprimer, path)
    remove_demarche(path, index, None)
    echo(f"Démarche supprimée de {path} : {lignes[index]}")


def _index(dossier: Dossier, numero: int, path: Path) -> int:
    """The 0-based index of démarche ``numero``, or the French refusal with the command that lists them."""
    from lettres.dossier.demarches import NumeroInconnu, check_numero

    try:
        return check_numero(dossier, numero)
    except NumeroInconnu as exc:
        raise LettresError(
            f"{exc.message.removesuffix('.')} : « {commande('etape', path, '--liste')} » les numérote."
        ) from None


def _modification(path: Path, numero: int, champs: dict, regle) -> None:
    """``--modifier N``: the fields given as options, or, without any, each answer asked again."""
    from lettres.dossier import load_dossier
    from lettres.dossier.demarches import build_demarche, modify_demarche, numbered

    index = _index(load_dossier(path), numero, path)
    if champs:
        actuelle = load_dossier(path).demarches[index]
        complete = build_demarche(
            champs.get("type", actuelle.type),
            (champs.get("date") or actuelle.date).isoformat(),
            champs.get("heure", ""),
            pieces=champs.get("pieces", ()),
            base=path.resolve().parent,
            regle=regle,
        )
        champs = {k: (complete[k] if k in ("type", "date", "heure", "pieces") else v) for k, v in champs.items()}
        if "pieces" in champs:
            champs["pieces"] = list(champs["pieces"])
        mis_a_jour = modify_demarche(path, index, champs, regle)
    else:
        require_terminal("etape", f" ou « {commande('etape', path, '--modifier', str(numero))} --date … »")
        from lettres.prompts.asker import TerminalAsker
        from lettres.prompts.etape import run_modifier

        asker = TerminalAsker()
        with asker.session():
            modifie = run_modifier(path, index, asker, regle)
        if modifie is None:
            echo("Rien n'est modifié.")
            return
        mis_a_jour = modifie
    echo(f"Démarche modifiée dans {path} : {numbered(mis_a_jour)[index]}")


def _report_reponse(dossier: Path, accuse_reception: date | None, delai_prefecture: int | None) -> None:
    """What ``--accuse-reception`` and ``--delai-prefecture`` given alone recorded."""
    if accuse_reception is not None:
        echo(
            f"Avis de réception du courrier à la préfecture enregistré dans {dossier} : "
            f"{date_courte(accuse_reception)}."
        )
    if delai_prefecture is not None:
        echo(f"Délai annoncé par la préfecture enregistré dans {dossier} : {delai_prefecture} jours.")


def _report_added(path: Path, dossier: Dossier) -> None:
    """The démarche just added, and the step of the fiche it proves."""
    from lettres.dossier.doublons import describe
    from lettres.referentiel import charger_referentiel

    ajoutee = dossier.demarches[-1]
    echo(f"Démarche ajoutée à {path} : {describe(ajoutee)}.")
    referentiel = charger_referentiel()
    etape = referentiel.etape_du_type(ajoutee.type)
    if not etape:
        return
    if ajoutee.pieces or etape.numero not in referentiel.regles["piece_manquante"]["etapes"]:
        echo(f"Elle prouve l'étape {etape.numero} de la fiche ({etape.libelle}).")
    else:
        echo(
            f"Faite, sans pièce : elle ne prouvera l'étape {etape.numero} de la fiche ({etape.libelle}) qu'avec "
            "son fichier."
        )
    echo(f"Le point complet :\n  {commande('verifier', path)}")


def _report_envoi(dossier, path: Path) -> None:
    """After letter 2 is recorded: until when the préfecture has to answer (``path``: the dossier's file)."""
    from lettres.francais import date_lettre
    from lettres.procedure.delais import compute_echeances

    e = compute_echeances(dossier, date_du_jour())
    if e.reception_inconnue:
        echo(
            f"Le délai de réponse de la préfecture ({e.delai_prefecture_jours} jours) court de la réception du "
            "courrier : enregistrez la date de l'avis de réception dès son retour "
            f"({commande('etape', path, '--accuse-reception')} JJ/MM/AAAA)."
        )
    elif e.fin_delai_prefecture is not None:
        depuis = "après l'avis de réception" if e.accuse_reception else "après l'envoi du courriel"
        echo(
            f"Si la préfecture n'a pas répondu au {date_lettre(e.fin_delai_prefecture)} ({e.delai_prefecture_jours} "
            f"jours {depuis}), le juge des référés pourra être saisi."
        )


@click.group(
    invoke_without_command=True,
    short_help="Vos coordonnées et les réglages de votre structure.",
    epilog="\b\nExemples :\n  lettres config\n  lettres config --afficher\n  lettres --config structure.yaml config"
    "\n  lettres config exporter contacts-lyon.yaml\n  lettres config importer contacts-lyon.yaml",
)
@click.option("--afficher", is_flag=True, help="Affiche la configuration sans la modifier.")
@click.pass_context
def config(ctx: click.Context, afficher: bool) -> None:
    """Affiche et modifie la configuration : coordonnées de l'accompagnant (reprises dans les dossiers
    qui n'en ont pas), préfecture par défaut, contacts de chaque préfecture (service des étrangers, rendez-vous
    au point d'accueil numérique, permanence juridique locale), dossier de sortie. Les contacts locaux se
    partagent entre structures avec « exporter » et « importer »."""
    if ctx.invoked_subcommand is not None:
        return
    from lettres.config import describe

    reglages = configuration(ctx)
    if afficher or not (sys.stdin.isatty() and sys.stdout.isatty()):
        echo(describe(reglages))
        return
    from lettres.prompts.asker import TerminalAsker
    from lettres.prompts.config import edit_config

    asker = TerminalAsker()
    with asker.session():
        edit_config(reglages, asker)


@config.command(
    short_help="Écrit les contacts locaux de votre structure dans un fichier à partager.",
    epilog="\b\nExemples :\n  lettres config exporter contacts-lyon.yaml\n"
    "  lettres --config structure.yaml config exporter contacts.yaml",
)
@click.argument("fichier", type=click.Path(path_type=Path, dir_okay=False), metavar="FICHIER.yaml")
@click.option("--remplacer", is_flag=True, help="Remplace le fichier s'il existe déjà.")
@click.pass_context
def exporter(ctx: click.Context, fichier: Path, remplacer: bool) -> None:
    """Écrit dans FICHIER.yaml les contacts que votre structure a renseignés pour chaque préfecture (service des
    étrangers, rendez-vous au point d'accueil numérique, permanence juridique locale) et les adresses des
    tribunaux, chacun avec sa source et sa date de vérification, pour qu'une autre structure les importe."""
    from lettres.contacts_locaux import exporter as ecrire
    from lettres.erreurs import SortieExistante

    reglages = configuration(ctx)
    if fichier.exists() and not remplacer:
        raise SortieExistante(f"« {fichier} » existe déjà : choisissez un autre nom ou ajoutez --remplacer.")
    jour = date_du_jour()
    # the day the settings were saved, never after the day the tool counts as today
    enregistree = min(date.fromtimestamp(reglages.path.stat().st_mtime), jour) if reglages.path.is_file() else jour
    total = ecrire(reglages.data, fichier, jour, enregistree)
    echo(f"{nombre(total, 'contact local écrit', 'contacts locaux écrits')} dans {fichier} (préfectures et tribunaux).")


@config.command(
    short_help="Ajoute à votre configuration les contacts locaux partagés par une autre structure.",
    epilog="\b\nExemples :\n  lettres config importer contacts-lyon.yaml\n"
    "  lettres config importer contacts-lyon.yaml --remplacer",
)
@click.argument("fichier", type=click.Path(path_type=Path, dir_okay=False), metavar="FICHIER.yaml")
@click.option("--remplacer", is_flag=True, help="Remplace aussi les contacts que votre structure a déjà.")
@click.pass_context
def importer(ctx: click.Context, fichier: Path, remplacer: bool) -> None:
    """Vérifie FICHIER.yaml (écrit par « lettres config exporter ») comme les données de référence : codes de
    préfecture et de tribunal connus, une source et une date de vérification passée pour chaque contact,
    adresses électroniques valides ; puis ajoute ses contacts à votre configuration. Ceux que vous avez déjà
    sont gardés, sauf avec --remplacer."""
    from lettres.config import save_config
    from lettres.contacts_locaux import importer as ajouter
    from lettres.contacts_locaux import lire

    reglages = configuration(ctx)
    partage = lire(fichier, date_du_jour())
    for ligne in ajouter(reglages.data, partage, remplacer):
        echo(ligne[:1].upper() + ligne[1:] + ".")
    save_config(reglages)
    echo(f"Configuration enregistrée dans {reglages.path}.")
