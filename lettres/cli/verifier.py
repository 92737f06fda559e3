"""``lettres verifier``."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from lettres.cli.options import DATE, configuration, fichier_dossier
from lettres.cli.terminal import json_text
from lettres.jour import date_du_jour

if TYPE_CHECKING:
    from lettres.dossier import Dossier


@click.command(
    short_help="Étapes prouvées, points à corriger, délais, prochaine action.",
    epilog="\b\nExemples :\n  lettres verifier diallo.yaml\n  lettres verifier diallo.yaml --strict --date-du-jour 01/12/2026\n"
    "  lettres verifier diallo.yaml --json",
)
@click.argument("dossier", type=click.Path(path_type=Path, dir_okay=False), metavar="DOSSIER.yaml")
@click.option("--json", "as_json", is_flag=True, help="Sortie JSON pour d'autres programmes.")
@click.option("--strict", is_flag=True, help="Code de sortie 1 si une étape de la fiche manque.")
@click.option(
    "--date-du-jour",
    "jour",
    type=DATE,
    metavar="JJ/MM/AAAA",
    help="Évalue les délais à cette date (par défaut : aujourd'hui).",
)
@click.pass_context
def verifier(ctx: click.Context, dossier: Path, as_json: bool, strict: bool, jour: date | None) -> None:
    """Vérifie un dossier selon la fiche pratique : les six étapes (prouvées ou manquantes, par quelles
    démarches et pièces), les points à corriger avec leur raison, les délais qui courent et la prochaine
    action avec le bon contact pour la préfecture du dossier."""
    from lettres.cli.options import ligne_accompagnant
    from lettres.config import accompagnant_configure, load_dossier_configured
    from lettres.procedure.verification import verify

    dossier = fichier_dossier(dossier)
    config = configuration(ctx)
    lu = load_dossier_configured(dossier, config)
    locaux = config.prefecture_contact(lu.demande.prefecture)
    resultat = verify(lu, jour or date_du_jour(), locaux)
    acc = accompagnant_configure(dossier, config)
    if as_json:
        import json

        from lettres.procedure.verification import as_json as to_json

        rapport = {**to_json(resultat), "accompagnant": _accompagnant(lu, acc is not None)}
        click.echo(json_text(json.dumps(rapport, ensure_ascii=False, indent=2)))
    else:
        from rich.console import Console

        from lettres.cli.affichage import render

        render(resultat, Console(highlight=False, emoji=False), dossier)  # « :x: » in a name stays text
        if acc:
            click.echo(ligne_accompagnant(acc))
    if strict and not resultat.complet:
        sys.exit(1)


def _accompagnant(lu: Dossier, de_la_configuration: bool) -> dict | None:
    """Who is named as accompagnant in the documents, and whether those details come from the configuration
    (the dossier names none) — what the text output says with « (réglages de la structure) »."""
    a = lu.accompagnant
    if a is None:
        return None
    return {
        "prenom": a.prenom,
        "nom": a.nom,
        "structure": a.structure,
        "de_la_configuration": de_la_configuration,
    }
