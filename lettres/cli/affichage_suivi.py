"""The tracking table in the terminal (rich): one row per dossier, the most urgent first.

Colours only help: every state is also written (« en retard », « ! » within the alert window, « au plus
tôt »). Text from the dossiers goes into rich ``Text`` objects, cleaned of control characters, so that it
is shown and never read as markup.
"""

from __future__ import annotations

from lettres.cli.terminal import terminal_text
from lettres.francais import date_courte
from lettres.suivi.resume import summary
from lettres.suivi.tableau import Echeance, LigneSuivi, Suivi

STYLES = {"en_retard": "bold red", "proche": "yellow", "a_venir": "", "passee": "dim"}


def _jours(e: Echeance) -> str:
    if e.jours < 0:
        return f"{e.jours} en retard"
    if e.jours == 0:
        return "0 aujourd'hui"
    return f"{e.jours} !" if e.etat == "proche" else str(e.jours)


def _echeance(e: Echeance | None) -> str:
    if e is None:
        return "—"
    return f"{e.libelle}\n{date_courte(e.date)}" + ("\nau plus tôt" if e.au_plus_tot else "")


def _cells(ligne: LigneSuivi, etroit: bool):
    from rich.text import Text

    p = ligne.prochaine
    style = STYLES[p.etat] if p else ""
    manque = ", ".join(map(str, ligne.etapes_manquantes)) or "—"
    personne = f"{ligne.nom} {ligne.prenoms}" + (f" ({ligne.prefecture})" if etroit else "")
    prefecture = () if etroit else (Text(terminal_text(ligne.prefecture)),)
    return (
        Text(terminal_text(personne)),
        *prefecture,
        Text(ligne.situation),
        Text(_echeance(p), style=style),
        Text(_jours(p) if p else "—", style=style, justify="right"),
        Text(manque),
        Text(terminal_text(ligne.action)),
    )


def render_suivi(suivi: Suivi, console) -> None:
    """Print the table, its legend and the summary on a rich console."""
    from rich import box
    from rich.table import Table

    if not suivi.lignes:
        console.print(summary(suivi).replace(" : 0 en retard, 0 à échéance proche.", "."), highlight=False)
        return
    # under 100 columns, the préfecture goes beside the name; fixed widths leave the action the rest
    etroit = console.width < 100
    largeurs = (12, 0, 11, 11, 7, 8) if etroit else (20, 5, 18, 16, 13, 9)
    table = Table(box=box.SIMPLE_HEAD, show_lines=True, pad_edge=False, expand=True)
    table.add_column("Personne (préf.)" if etroit else "Personne", width=largeurs[0])
    if not etroit:
        table.add_column("Préf.", width=largeurs[1])
    table.add_column("Situation", width=largeurs[2])
    table.add_column("Échéance", width=largeurs[3])
    table.add_column("Jours", justify="right", width=largeurs[4])
    table.add_column("Étapes", width=largeurs[5])
    table.add_column("Prochaine action", ratio=1, min_width=16)
    for ligne in suivi.lignes:
        table.add_row(*_cells(ligne, etroit))
    console.print(table)
    from lettres.procedure.delais import delai

    alerte = delai("anticipation_api").nombre_jours
    console.print(
        f"« en retard » : date passée, à traiter ; « ! » : dans les {alerte} jours ; « au plus tôt » : si le dossier "
        "est regardé comme complet. Étapes : celles de la fiche pas encore prouvées (lettres verifier DOSSIER.yaml).",
        highlight=False,
        markup=False,
    )
    console.print(summary(suivi), highlight=False, markup=False)
