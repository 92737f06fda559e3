"""What several commands share: the date type, common options, the configuration, the terminal check."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

import click

from lettres.cli.terminal import echo
from lettres.erreurs import LettresError
from lettres.francais import nombre


class DateFr(click.ParamType):
    """A date typed as French people type it in a command: ``01/12/2026``, ``1er décembre 2026``, ``2026-12-01``…
    Without a year (``05/12``), the last such day up to today, said on the error output."""

    name = "date"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        from lettres.dossier.questions import date_example, question
        from lettres.dossier.valeurs import DATE_ATTENDUE, FieldError, complete_year, parse_date
        from lettres.francais import date_courte
        from lettres.jour import date_du_jour

        option = f" ({param.opts[0]})" if param is not None and param.opts else ""
        if (complete := complete_year(str(value), date_du_jour())) is not None:
            # no question can confirm it here: what was understood is said (a past day: a letter, a receipt)
            echo(f"Sans année : « {value} »{option} compris comme le {date_courte(complete)}.", err=True)
            return complete
        # the dates of the options are days gone by (a démarche, a receipt, an answer): an example of last month
        exemple = date_example(question("demarches.date"), date_du_jour())
        try:
            parsed = parse_date(value)
        except FieldError as exc:
            # « 31/02/2026 » (--date) : le 31 février 2026 n'existe pas…
            message = str(exc).replace(DATE_ATTENDUE, f"écrivez la date comme {exemple}")
            raise LettresError(message.replace(" »", f" »{option}", 1) + ".") from None
        if parsed is None:
            raise LettresError(f"Option{option} vide : écrivez la date comme {exemple}.")
        return parsed


DATE = DateFr()

MODELES_OPTION = click.option(
    "--modeles",
    type=click.Path(path_type=Path, file_okay=False),
    metavar="RÉPERTOIRE",
    help="Modèles de la structure (lettres modeles exporter) ; ceux qui manquent restent ceux par défaut.",
)
PDF_OPTION = click.option(
    "--pdf", is_flag=True, help="Ajoute une copie PDF de chaque lettre et du signalement (LibreOffice)."
)
SORTIE_OPTION = click.option(
    "--sortie",
    type=click.Path(path_type=Path, file_okay=False),
    metavar="RÉPERTOIRE",
    help="Où écrire les documents (par défaut : le dossier de la configuration, sinon « sorties »).",
)
PIECES_OPTION = click.option(
    "--pieces-hors-dossier",
    "pieces_hors_dossier",
    multiple=True,
    type=click.Path(path_type=Path, file_okay=False),
    metavar="RÉPERTOIRE",
    help="Accepte aussi les pièces de ce répertoire (option répétable) ; sinon seules celles du dossier (ou du tableur) sont jointes.",
)
DATE_LETTRES_OPTION = click.option(
    "--date", "jour", type=DATE, metavar="JJ/MM/AAAA", help="Date des lettres (par défaut : aujourd'hui)."
)

NO_TERMINAL = (
    "« lettres {commande} » pose des questions et a besoin d'un terminal interactif. Sans terminal, écrivez le "
    "dossier dans un fichier YAML (modèle : lettres demo) puis lancez « lettres generer DOSSIER.yaml »{suite}, "
    "ou remplissez un tableur et lancez « lettres lot FICHIER.xlsx »."
)


def fichier_dossier(path: Path) -> Path:
    """« Fatou Camara » typed for « Fatou Camara.yaml » (the name given to « lettres nouveau »): the file with
    its suffix, when only it exists."""
    from lettres.dossier.nom import avec_suffixe

    candidat = avec_suffixe(path)
    if candidat != path and not path.exists() and candidat.is_file():
        return candidat
    return path


def require_terminal(commande: str, suite: str = "") -> None:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise LettresError(NO_TERMINAL.format(commande=commande, suite=suite))


def configuration(ctx: click.Context):
    """The configuration named by ``--config`` (or the environment, or the user's folder)."""
    from lettres.config import load_config

    return load_config(ctx.find_root().obj.get("config") if ctx.find_root().obj else None)


def report(resultat, say=None) -> None:
    """What ``generer`` wrote, and what to check before sending; ``say`` (an interview's) wraps the
    warnings between words instead of writing them to the error output."""
    echo(f"Documents écrits dans {resultat.dossier}{'/' if not str(resultat.dossier).endswith('/') else ''}")
    for nom in resultat.fichiers:
        echo(f"  {nom}")
    if getattr(resultat, "archive", None) is not None:
        echo(
            f"Les documents écrits avant dans ce dossier sont gardés dans {resultat.archive}/ : rien n'est effacé "
            "(une lettre déjà envoyée y reste, avec son bordereau)."
        )
    from lettres.cli.avertissements import phrases, titres

    width = _error_width()
    for titre, note in zip(titres(resultat), phrases(resultat), strict=True):
        if say is not None:
            say(f"- {titre} : {note}")
        elif width is not None:  # a terminal: cut between words, as « vérifier » does (never « l'é / tape »)
            from lettres.prompts.terminal import wrap

            echo("\n".join(wrap(f"{titre} : {note}", width - 1, "", "  ")), err=True)
        else:
            echo(f"{titre} : {note}", err=True)


def _error_width() -> int | None:
    """The width of the terminal the error output goes to; None when it goes to a file or a pipe."""
    import shutil

    return shutil.get_terminal_size().columns if sys.stderr.isatty() else None


def ligne_accompagnant(acc: dict) -> str:
    """« Accompagnant : Paul MARTIN, Association Exemple (réglages de la structure) » — said when the dossier names
    no accompagnant and the configured one signs or is named in the documents."""
    nom = " ".join(str(acc.get(k) or "").strip() for k in ("prenom", "nom")).strip()
    structure = str(acc.get("structure") or "").strip()
    return f"Accompagnant : {nom}{', ' + structure if structure else ''} (réglages de la structure)"


def pdf_copies(dossiers: list[Path]) -> None:
    from lettres.documents.pdf import convert_folders

    ecrits = convert_folders(dossiers)
    if ecrits:
        echo(f"{nombre(len(ecrits), 'PDF écrit', 'PDF écrits')} à côté des documents.")
