"""The bilan as a spreadsheet (``lettres bilan --xlsx``): a summary sheet, then one sheet per view with its
native Excel chart (openpyxl.chart), and the durations with theirs. Hidden counts are written « < 5 » (text):
a chart draws nothing for them."""

from __future__ import annotations

from pathlib import Path

from lettres.bilan.calcul import Bilan, Vue

LARGEUR_LIBELLE = 48


def _titre_feuille(titre: str, pris: set[str]) -> str:
    """A sheet name Excel accepts (31 characters, no []:*?/\\), unique in the workbook."""
    nom = "".join(c for c in titre if c not in "[]:*?/\\")[:31].strip()
    base, n = nom, 2
    while nom in pris:
        suffixe = f" {n}"
        nom = base[: 31 - len(suffixe)] + suffixe
        n += 1
    pris.add(nom)
    return nom


def _synthese(ws, bilan: Bilan) -> None:
    from openpyxl.styles import Font

    ws.append(["Bilan des dossiers de blocage ANEF"])
    ws["A1"].font = Font(bold=True, size=14)
    lignes = [
        ("Période (mois du blocage)", bilan.periode),
        ("Dossiers", bilan.dossiers_affiche),
        ("Doublons écartés", str(bilan.doublons)),
        ("Courriers sans réponse dans le délai (délai passé)", bilan.sans_reponse),
        ("Seuil de secret", f"tout effectif de 1 à {bilan.seuil - 1} est affiché « < {bilan.seuil} »"),
    ]
    for source in bilan.sources:
        lignes.append(("Export fusionné", f"{source.structure or 'structure non précisée'} : {source.fiches} fiches"))
    for libelle, valeur in lignes:
        ws.append([libelle, valeur])
    ws.column_dimensions["A"].width = LARGEUR_LIBELLE
    ws.column_dimensions["B"].width = 60


def _feuille_vue(ws, vue: Vue) -> None:
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Font

    ws.append([vue.titre])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([vue.note])
    ws.append(["Catégorie", "Dossiers", "Part"])
    for cell in ws[3]:
        cell.font = Font(bold=True)
    for c in vue.cellules:
        ws.append([c.libelle, c.effectif if c.effectif is not None else c.affiche, c.part])
    ws.append(["Total", vue.total if vue.total is not None else vue.total_affiche, ""])
    ws.cell(ws.max_row, 1).font = Font(bold=True)
    ws.column_dimensions["A"].width = LARGEUR_LIBELLE
    if not vue.cellules:
        return
    chart = BarChart()
    chart.type = "col" if vue.chronologique else "bar"
    chart.title = vue.titre
    chart.legend = None
    chart.y_axis.title = "Dossiers"
    fin = 3 + len(vue.cellules)
    chart.add_data(Reference(ws, min_col=2, min_row=3, max_row=fin), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=4, max_row=fin))
    chart.height = max(7.5, 0.6 * len(vue.cellules) + 3)
    chart.width = 18
    ws.add_chart(chart, "E3")


def _feuille_durees(ws, bilan: Bilan) -> None:
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Font

    ws.append(["Durées en jours"])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append(["Sur les dossiers où les deux dates sont connues ; rien sous le seuil de secret."])
    ws.append(["Intervalle", "Dossiers", "1er quartile", "Médiane", "3e quartile"])
    for cell in ws[3]:
        cell.font = Font(bold=True)
    for d in bilan.durees:
        ws.append([d.libelle, d.n if d.n is not None else d.n_affiche, d.q1, d.mediane, d.q3])
    ws.column_dimensions["A"].width = LARGEUR_LIBELLE
    chart = BarChart()
    chart.type = "bar"
    chart.title = "Durées (jours) : quartiles et médiane"
    chart.y_axis.title = "Jours"
    fin = 3 + len(bilan.durees)
    chart.add_data(Reference(ws, min_col=3, max_col=5, min_row=3, max_row=fin), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=4, max_row=fin))
    chart.width = 18
    ws.add_chart(chart, "G3")


def write_xlsx(bilan: Bilan, chemin: Path) -> None:
    """The workbook, written atomically."""
    import io

    from openpyxl import Workbook

    from lettres.bilan.ecriture import ecrire

    wb = Workbook()
    ws = wb.active
    ws.title = "Synthèse"
    _synthese(ws, bilan)
    pris = {"Synthèse", "Durées"}
    for vue in bilan.vues:
        _feuille_vue(wb.create_sheet(_titre_feuille(vue.titre, pris)), vue)
    _feuille_durees(wb.create_sheet("Durées"), bilan)
    buffer = io.BytesIO()
    wb.save(buffer)
    ecrire(chemin, _sans_dates(buffer.getvalue()), "xlsx")


def _sans_dates(contenu: bytes) -> bytes:
    """The workbook without its own dates (openpyxl writes the moment of saving as created and modified):
    no exact date leaves a bilan, not even the day it was made."""
    import io
    import re
    import zipfile

    entree, sortie = zipfile.ZipFile(io.BytesIO(contenu)), io.BytesIO()
    with entree, zipfile.ZipFile(sortie, "w", zipfile.ZIP_DEFLATED) as copie:
        for info in entree.infolist():
            data = entree.read(info)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>", b"", data)
            copie.writestr(info, data)
    return sortie.getvalue()
