"""The ``verifier`` report in the terminal: a table of the six steps, the alerts, the deadlines and
the next action (rich; plain text when the output is not a terminal). What to do comes from the engine as
actions: each one is phrased here with the command to type, naming the dossier's own file."""

from __future__ import annotations

from pathlib import Path

from lettres.cli.conseils import advice, where_to_add_prefecture
from lettres.cli.terminal import markup_text
from lettres.francais import date_courte
from lettres.procedure.prefecture import FichePrefecture, lignes
from lettres.procedure.resume import deadline_lines, situation_lines
from lettres.procedure.verification import Verification


def _table(v: Verification):
    """The six steps: proven or missing, by which démarches, with how many pièces."""
    from rich.table import Table

    table = Table(title="Les six étapes de la fiche", title_justify="left", show_lines=False, expand=False)
    for column in ("Étape", "État", "Démarches", "Pièces"):
        table.add_column(column)
    for s in v.etapes:
        demarches = [v.dossier.demarches[i] for i in s.demarches]
        couleur = "green" if s.prouvee else ("yellow" if s.faite else "red")
        etat = f"[{couleur}]{s.libelle_etat}[/{couleur}]"
        dates = ", ".join(date_courte(x.date) for x in sorted(demarches, key=lambda x: x.date)) or "—"
        pieces = sum(len(x.pieces) for x in demarches)
        table.add_row(
            f"{s.etape.numero}. {markup_text(s.etape.libelle)}", etat, dates, str(pieces) if demarches else "—"
        )
    return table


def render(v: Verification, console, fichier: str | Path) -> None:
    """Print the report on a rich console (``fichier``: the dossier file the commands name). Every text that
    is not our own markup goes through ``markup_text``: a name like ``DIALLO [/x]`` is shown as it is, never
    read as markup."""
    t = markup_text
    d = v.dossier
    console.print(
        f"[bold]{t(d.personne.prenoms)} {t(d.personne.nom)}[/bold] — {t(d.demande.titre)} — "
        f"au {date_courte(v.aujourd_hui)}",
        highlight=False,
    )
    console.print(_table(v))
    console.print("\n[bold]Titre et pièces[/bold]")
    for line in v.titre_lignes:
        console.print(f"- {t(line)}", highlight=False)
    console.print("\n[bold]Situation[/bold]")
    head, *raisons = situation_lines(v.situation)
    console.print(t(head.removeprefix("Situation : ")), highlight=False)
    for line in raisons:
        console.print(f"- {t(line)}", highlight=False)
    corriger = [a for a in v.alertes if not a.information]
    if corriger:
        console.print("\n[bold]Points à corriger[/bold]")
        for a in corriger:
            console.print(f"[yellow]![/yellow] {t(a.message)}", highlight=False)
            console.print(f"  Pourquoi : {t(a.raison)} ({t(a.source)})", highlight=False)
            console.print(f"  À faire : {t(a.quoi_faire)}", highlight=False)
            if a.action is not None:
                console.print(f"  {t(advice(a.action, fichier))}", highlight=False)
    else:
        console.print("\nAucun point à corriger.")
    informations = [a for a in v.alertes if a.information]
    if informations:  # to know, not to correct (the rights kept after expiry)
        console.print("\n[bold]À savoir[/bold]")
        for a in informations:
            console.print(f"- {t(a.message)}", highlight=False)
            console.print(f"  {t(a.quoi_faire)}", highlight=False)
    console.print("\n[bold]Délais[/bold]")
    for line in deadline_lines(v.situation, d.demande.date_depot):
        console.print(f"- {t(line)}", highlight=False)
    if v.refere is not None:
        console.print(f"\n[bold]Référé[/bold]\n{t(v.refere.phrase())}", highlight=False)
    if v.prefecture is not None:
        _prefecture(v.prefecture, console)
    p = v.prochaine
    titre = f"Prochaine action (étape {p.etape})" if p.etape else "Prochaine action"
    console.print(f"\n[bold]{titre}[/bold]\n{t(p.quoi)}", highlight=False)
    for action in p.actions:
        console.print(t(advice(action, fichier)), highlight=False)
    for c in p.contacts:
        details = " — ".join(x for x in (c.telephone, c.horaires, c.courriel, c.url) if x)
        console.print(f"- {t(c.libelle)}{' : ' + t(details) if details else ''}", highlight=False)
        if c.source:
            console.print(f"  [dim]Source : {t(c.source)}[/dim]", highlight=False)


def _prefecture(fiche: FichePrefecture, console) -> None:
    """The préfecture and its tribunal, its territory's warnings, and what the structure must still add."""
    t = markup_text
    console.print("\n[bold]Préfecture et tribunal[/bold]")
    for line in lignes(fiche):
        console.print(t(line), highlight=False)
    for avertissement in fiche.avertissements:
        console.print(f"[yellow]![/yellow] {t(avertissement)}", highlight=False)
    if fiche.a_completer:
        console.print(f"À ajouter par votre structure ({t(where_to_add_prefecture())}) :", highlight=False)
        for manque in fiche.a_completer:
            console.print(f"- {t(manque)}", highlight=False)
