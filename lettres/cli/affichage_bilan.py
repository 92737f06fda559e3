"""The bilan in the terminal (rich): a few key figures, then one small table per view and the durations."""

from __future__ import annotations

from lettres.bilan.calcul import Bilan, Vue


def _table_vue(vue: Vue):
    from rich.table import Table

    titre = vue.titre + ("" if vue.partition else " (plusieurs par dossier)")
    table = Table(title=titre, title_justify="left", title_style="bold", show_edge=False, pad_edge=False)
    table.add_column("", overflow="fold", ratio=1)
    table.add_column("Nombre", justify="right", no_wrap=True)
    table.add_column("Part", justify="right", no_wrap=True)
    for c in vue.cellules:
        table.add_row(c.libelle, c.affiche, c.part)
    table.add_row("Total", vue.total_affiche, "", style="bold", end_section=True)
    return table


def _table_durees(bilan: Bilan):
    from rich.table import Table

    table = Table(title="Durées en jours", title_justify="left", title_style="bold", show_edge=False)
    for titre in ("", "Dossiers", "1er quartile", "Médiane", "3e quartile"):
        table.add_column(titre, justify="left" if not titre else "right")
    for d in bilan.durees:
        table.add_row(d.libelle, d.n_affiche, *("—" if v is None else f"{v:g}" for v in (d.q1, d.mediane, d.q3)))
    return table


def render_bilan(bilan: Bilan, console) -> None:
    from lettres.bilan.page import _mois

    doublons = f", {bilan.doublons} doublon(s) écarté(s)" if bilan.doublons else ""
    console.print(
        f"[bold]Bilan : {bilan.dossiers_affiche} dossiers[/bold] (blocage constaté {bilan.periode} ; situation en "
        f"{_mois(bilan)}{doublons})."
    )
    if bilan.dossiers == 0:
        console.print(
            "Aucun dossier à compter : vérifiez le répertoire donné (ou la clé dossiers de la configuration) et la "
            "période (--du, --au, mois où le blocage a été constaté)."
        )
        return
    for source in bilan.sources:
        console.print(f"  Export : {source.structure or 'structure non précisée'}, {source.fiches} fiches")
    console.print(f"Courriers à la préfecture sans réponse dans le délai (délai passé) : {bilan.sans_reponse}")
    for vue in bilan.vues:
        console.print()
        console.print(_table_vue(vue))
    console.print()
    console.print(_table_durees(bilan))
    console.print(
        f"\nSecret statistique : tout effectif de 1 à {bilan.seuil - 1} s'affiche « < {bilan.seuil} » ; « masqué » : "
        "caché pour qu'on ne le retrouve pas à partir du total ; « > N » : seuls quelques dossiers n'y sont pas."
    )
