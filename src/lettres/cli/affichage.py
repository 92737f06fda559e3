"""The ``verifier`` report in the terminal: a table of the six steps, the alerts, the deadlines and
the next action (rich; plain text when the output is not a terminal)."""

from __future__ import annotations

from lettres.francais import date_courte, date_lettre, duree_jours
from lettres.procedure.verification import Verification


def deadline_lines(v: Verification) -> list[str]:
    e = v.echeances
    d = v.dossier
    lines = []
    jours = e.jours_avant_expiration
    if jours is None:
        lines.append("Titre actuel : date d'expiration non renseignée (demande.titre_actuel_expiration).")
    elif jours > 0:
        lines.append(f"Titre actuel : expire le {date_lettre(e.titre_expiration)}, dans {duree_jours(jours)}.")
    elif jours == 0:
        lines.append(f"Titre actuel : expire aujourd'hui ({date_lettre(e.titre_expiration)}).")
    else:
        lines.append(f"Titre actuel : a expiré le {date_lettre(e.titre_expiration)}, il y a {duree_jours(jours)}.")
    if e.rejet_implicite is None:
        lines.append(
            "Date de dépôt inconnue : la date de la décision implicite de rejet et la fin du délai de recours ne "
            "peuvent pas être calculées (si la demande a été déposée, renseignez demande.date_depot)."
        )
    else:
        reste = (e.rejet_implicite - v.aujourd_hui).days
        quand = (
            f"dans {duree_jours(reste)}"
            if reste > 0
            else ("aujourd'hui" if reste == 0 else f"née depuis {duree_jours(reste)}")
        )
        lines.append(
            f"Décision implicite de rejet : {date_lettre(e.rejet_implicite)} ({quand}) — dépôt du "
            f"{date_lettre(d.demande.date_depot)} + 4 mois (art. R. 432-1 et R. 432-2 du CESEDA)."
        )
        lines.append(f"Fin du délai de recours contentieux de deux mois : {date_lettre(e.fin_recours)}.")
    lines.append(
        "Urgence : présumée (renouvellement)."
        if e.urgence_presumee
        else "Urgence : non présumée (pas un renouvellement) ; elle se démontre par les conséquences concrètes."
    )
    return lines


def render(v: Verification, console) -> None:
    """Print the report on a rich console."""
    from rich.table import Table

    d = v.dossier
    console.print(
        f"[bold]{d.personne.prenoms} {d.personne.nom}[/bold] — {d.demande.titre} — au {date_courte(v.aujourd_hui)}",
        highlight=False,
    )
    table = Table(title="Les six étapes de la fiche", title_justify="left", show_lines=False, expand=False)
    table.add_column("Étape")
    table.add_column("État")
    table.add_column("Démarches")
    table.add_column("Pièces")
    for s in v.etapes:
        demarches = [d.demarches[i] for i in s.demarches]
        etat = "[green]prouvée[/green]" if s.prouvee else "[red]manquante[/red]"
        dates = ", ".join(date_courte(x.date) for x in sorted(demarches, key=lambda x: x.date)) or "—"
        pieces = sum(len(x.pieces) for x in demarches)
        table.add_row(f"{s.etape.numero}. {s.etape.libelle}", etat, dates, str(pieces) if demarches else "—")
    console.print(table)
    if v.alertes:
        console.print("\n[bold]Points à corriger[/bold]")
        for a in v.alertes:
            console.print(f"[yellow]![/yellow] {a.message}", highlight=False)
            console.print(f"  Pourquoi : {a.raison} ({a.source})", highlight=False)
            console.print(f"  À faire : {a.quoi_faire}", highlight=False)
    else:
        console.print("\nAucun point à corriger.")
    console.print("\n[bold]Délais[/bold]")
    for line in deadline_lines(v):
        console.print(f"- {line}", highlight=False)
    p = v.prochaine
    titre = f"Prochaine action (étape {p.etape})" if p.etape else "Prochaine action"
    console.print(f"\n[bold]{titre}[/bold]\n{p.quoi}", highlight=False)
    for c in p.contacts:
        details = " — ".join(x for x in (c.telephone, c.horaires, c.courriel, c.url) if x)
        console.print(f"- {c.libelle}{' : ' + details if details else ''}", highlight=False)
